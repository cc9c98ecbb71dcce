"""Small building blocks the windows share, so they look and behave alike."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rrdesk.domain.errors import FieldError
from rrdesk.services.errors import VaultError

# How a field's machine name (FieldError.field) is shown beside an error.
FIELD_LABELS = {"path": "Vault file", "officer_name": "Your name", "passphrase": "Passphrase"}


def field_error_text(error: FieldError) -> str:
    return f"{FIELD_LABELS.get(error.field, error.field)}: {error.message}"


def error_text(error: VaultError | OSError) -> str:
    """Words for a person: vault errors are written for that; a file system error is told
    by its reason only (its text would name paths and numbers nobody needs)."""
    if isinstance(error, VaultError):
        return str(error)
    reason = error.strerror or "the file system refused"
    return f"The vault file could not be used there ({reason.lower()}). Choose another place."


def error_label() -> QLabel:
    """A red box under the fields, hidden until there is something to say."""
    label = QLabel()
    label.setObjectName("Error")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def column(parent: QWidget, margins: tuple[int, int, int, int] = (0, 0, 0, 0)) -> QVBoxLayout:
    layout = QVBoxLayout(parent)
    layout.setContentsMargins(*margins)
    layout.setSpacing(12)
    return layout


def form_layout() -> QFormLayout:
    form = QFormLayout()
    form.setSpacing(10)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return form


def row(*widgets: QWidget, stretch_after: int | None = None) -> QHBoxLayout:
    """Widgets side by side; the first stretches unless ``stretch_after`` puts a gap."""
    layout = QHBoxLayout()
    for i, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if i == 0 and stretch_after is None else 0)
        if stretch_after == i:
            layout.addStretch(1)
    return layout


def password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def primary_button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName("Primary")
    button.setDefault(True)
    return button


def link_button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName("Link")
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button



def result_area(dialog: QDialog, layout: QVBoxLayout, action: str,
                on_action: Callable[[], None],
                kind: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.Ok,
                ) -> tuple[QLabel, QLabel, QDialogButtonBox]:
    """The foot of a dialog that runs one job: an error box, a line saying what was done,
    and the action button beside Close. Gives (error, done label, buttons)."""
    error = error_label()
    done = QLabel()
    done.setWordWrap(True)
    layout.addWidget(error)
    layout.addWidget(done)
    buttons = QDialogButtonBox(kind | QDialogButtonBox.StandardButton.Close)
    buttons.button(kind).setText(action)
    buttons.accepted.connect(on_action)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return error, done, buttons
