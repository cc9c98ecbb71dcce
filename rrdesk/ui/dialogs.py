"""The settings dialog and the About box."""

from __future__ import annotations

import platform
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, qVersion
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from rrdesk import __version__
from rrdesk.domain.errors import FieldError
from rrdesk.services.errors import VaultError
from rrdesk.services.settings import save_settings
from rrdesk.services.vaults import set_officer_name, sqlcipher_version
from rrdesk.ui.resources import app_icon
from rrdesk.ui.widgets import (
    column,
    error_label,
    error_text,
    field_error_text,
    form_layout,
    row,
)

if TYPE_CHECKING:
    from rrdesk.ui.controller import AppController

DIALOG_MARGINS = (24, 20, 24, 18)


class SettingsDialog(QDialog):
    """Idle lock time (this laptop) and the officer name (this vault)."""

    def __init__(self, controller: AppController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle("Settings")
        self.setMinimumWidth(460)
        layout = column(self, DIALOG_MARGINS)
        form = form_layout()
        self.idle_spin = QSpinBox()
        self.idle_spin.setRange(1, 240)
        self.idle_spin.setSuffix(" minutes")
        self.idle_spin.setMinimumWidth(140)
        form.addRow("Lock after idle", row(self.idle_spin, stretch_after=0))
        self.officer_edit = QLineEdit()
        form.addRow("Officer name", self.officer_edit)
        self.initials_check = QCheckBox("Add the person's initials to each event")
        self.initials_check.setToolTip("Calendar exports (.ics) name each case by its "
                                       "reference; this adds initials, never names")
        form.addRow("Calendar export", self.initials_check)
        layout.addLayout(form)
        note = QLabel("The idle time and the calendar export apply to rrdesk on this "
                      "laptop; the officer name is kept in this vault and written in its "
                      "audit log.")
        note.setObjectName("Subtle")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.error_label = error_label()
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def load(self) -> None:
        self.idle_spin.setValue(self.controller.settings.idle_lock_minutes)
        self.initials_check.setChecked(self.controller.settings.calendar_initials)
        vault = self.controller.vault
        self.officer_edit.setText(vault.officer_name if vault else "")
        self.error_label.setVisible(False)

    def save(self) -> None:
        settings = self.controller.settings
        try:
            if self.controller.vault is not None:
                set_officer_name(self.controller.vault, self.officer_edit.text())
            settings.idle_lock_minutes = self.idle_spin.value()
            settings.calendar_initials = self.initials_check.isChecked()
            save_settings(settings)
        except FieldError as e:
            self.error_label.setText(field_error_text(e))
            self.error_label.setVisible(True)
            return
        except (VaultError, OSError) as e:
            self.error_label.setText(error_text(e))
            self.error_label.setVisible(True)
            return
        self.controller.settings_changed()
        self.accept()


def version_lines() -> list[tuple[str, str]]:
    return [
        ("rrdesk", __version__),
        ("Qt", qVersion()),
        ("SQLCipher", sqlcipher_version()),
        ("Python", platform.python_version()),
    ]


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About")  # shown as "About — rrdesk"
        layout = column(self, DIALOG_MARGINS)
        header = QHBoxLayout()
        header.setSpacing(14)
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(QSize(56, 56)))
        title = QLabel("rrdesk")
        title.setObjectName("Heading")
        header.addWidget(logo)
        header.addWidget(title, 1)
        layout.addLayout(header)
        blurb = QLabel("Reducing re-offending desk: IOM caseloads, resettlement pathways and "
                       "MAPPA meetings, kept in an encrypted vault on this laptop.")
        blurb.setWordWrap(True)
        blurb.setMinimumWidth(380)
        layout.addWidget(blurb)
        form = QFormLayout()
        form.setSpacing(6)
        self.version_labels: dict[str, QLabel] = {}
        for name, version in version_lines():
            value = QLabel(version)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(f"{name}:", value)
            self.version_labels[name] = value
        layout.addLayout(form)
        marking = QLabel("Data in rrdesk is OFFICIAL-SENSITIVE.")
        marking.setObjectName("Subtle")
        layout.addWidget(marking)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
