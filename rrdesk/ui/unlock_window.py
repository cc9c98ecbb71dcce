"""The first and the lock screen: open a vault, create one, or unlock a locked one.

Every error is shown in a label beside the fields, in words; never a traceback.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rrdesk.domain.errors import FieldError
from rrdesk.domain.passphrase import MIN_LENGTH
from rrdesk.services.errors import VaultError
from rrdesk.ui.operations import describe_error
from rrdesk.ui.resources import app_icon
from rrdesk.ui.restore_dialog import RestoreDialog
from rrdesk.ui.widgets import (
    column,
    error_label,
    error_text,
    field_error_text,
    form_layout,
    link_button,
    password_edit,
    primary_button,
    row,
)

if TYPE_CHECKING:
    from rrdesk.ui.controller import AppController

VAULT_FILTER = "rrdesk vaults (*.rrvault);;All files (*)"


def _error_words(error: BaseException) -> str:
    if isinstance(error, FieldError):
        return field_error_text(error)
    if isinstance(error, VaultError | OSError):
        return error_text(error)
    return describe_error(error)


class UnlockWindow(QWidget):
    """Two modes: unlock (open or re-unlock a vault) and create."""

    def __init__(self, controller: AppController) -> None:
        super().__init__()
        self.controller = controller
        self.restore_dialog: RestoreDialog | None = None
        self.relocking = False  # True while the app is locked: the path is fixed
        self.setObjectName("UnlockWindow")
        self.setWindowTitle("Open a vault")
        self.setWindowIcon(app_icon())

        outer = QVBoxLayout(self)
        # The window grows when an error or the longer create form needs room.
        outer.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        outer.setContentsMargins(32, 28, 32, 24)
        outer.setSpacing(14)
        header = QHBoxLayout()
        header.setSpacing(14)
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(QSize(48, 48)))
        titles = QVBoxLayout()
        titles.setSpacing(2)
        self.title = QLabel("rrdesk")
        self.title.setObjectName("Heading")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("Subtle")
        self.subtitle.setWordWrap(True)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        header.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        header.addLayout(titles, 1)
        outer.addLayout(header)

        # Two pages shown one at a time. Not a QStackedWidget: plain widgets in a box layout
        # keep the height-for-width of wrapped labels, so errors never squash the fields.
        self.pages = [self._build_unlock_page(), self._build_create_page()]
        for page in self.pages:
            page.setMinimumWidth(520)  # room for a vault path
            outer.addWidget(page)

        # After too many wrong passphrases the Unlock button waits this long.
        self.throttle_timer = QTimer(self)
        self.throttle_timer.setSingleShot(True)
        self.throttle_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.throttle_timer.timeout.connect(self._throttle_over)
        self.show_open(None)

    # ------------------------------------------------------------------ building
    def _build_unlock_page(self) -> QWidget:
        page = QWidget()
        layout = column(page)
        form = form_layout()
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("Choose the vault file")
        self.browse_button = QPushButton("Browse…")
        self.browse_button.clicked.connect(self._browse_open)
        form.addRow("Vault file", row(self.path_edit, self.browse_button))
        self.passphrase_edit = password_edit()
        self.passphrase_edit.returnPressed.connect(self.submit_unlock)
        form.addRow("Passphrase", self.passphrase_edit)
        layout.addLayout(form)
        self.unlock_error = error_label()
        layout.addWidget(self.unlock_error)
        self.create_link = link_button("Create a new vault…")
        self.create_link.clicked.connect(self.show_create)
        self.restore_link = link_button("Restore from a backup…")
        self.restore_link.clicked.connect(self.open_restore)
        self.unlock_button = primary_button("Unlock")
        self.unlock_button.clicked.connect(self.submit_unlock)
        layout.addLayout(row(self.create_link, self.restore_link, self.unlock_button,
                             stretch_after=1))
        layout.addStretch(1)
        return page

    def _build_create_page(self) -> QWidget:
        page = QWidget()
        layout = column(page)
        form = form_layout()
        self.new_path_edit = QLineEdit()
        self.new_path_edit.setPlaceholderText("Where to keep the new vault file")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse_new)
        form.addRow("New vault file", row(self.new_path_edit, browse))
        self.officer_edit = QLineEdit()
        self.officer_edit.setPlaceholderText("As it should appear in the audit log")
        form.addRow("Your name", self.officer_edit)
        self.new_passphrase_edit = password_edit()
        form.addRow("Passphrase", self.new_passphrase_edit)
        self.repeat_passphrase_edit = password_edit()
        self.repeat_passphrase_edit.returnPressed.connect(self.submit_create)
        form.addRow("Passphrase again", self.repeat_passphrase_edit)
        layout.addLayout(form)
        hint = QLabel(f"At least {MIN_LENGTH} characters. A few unrelated words are easy to "
                      "remember and hard to guess. There is no way to recover a vault whose "
                      "passphrase is forgotten.")
        hint.setObjectName("Subtle")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.create_error = error_label()
        layout.addWidget(self.create_error)
        back = link_button("Open an existing vault instead")
        back.clicked.connect(lambda: self.show_open(None))
        self.create_button = primary_button("Create vault")
        self.create_button.clicked.connect(self.submit_create)
        layout.addLayout(row(back, self.create_button, stretch_after=0))
        layout.addStretch(1)
        return page

    # ------------------------------------------------------------------ modes
    def show_open(self, path: Path | None) -> None:
        """Ask for a vault file and its passphrase (the path may be changed)."""
        self.relocking = False
        if path is not None:
            self.path_edit.setText(str(path))
        self.path_edit.setReadOnly(False)
        self.browse_button.setVisible(True)
        self.create_link.setVisible(True)
        self.restore_link.setVisible(True)
        self.subtitle.setText("Open your vault: enter its passphrase.")
        self.setWindowTitle("Open a vault")
        self._clear_errors()
        self._show_page(0)
        self._focus_first_empty()

    def show_relock(self, path: Path) -> None:
        """The app is locked: only the passphrase of this vault is asked."""
        self.relocking = True
        self.path_edit.setText(str(path))
        self.path_edit.setReadOnly(True)
        self.browse_button.setVisible(False)
        self.create_link.setVisible(False)
        self.restore_link.setVisible(False)
        self.passphrase_edit.clear()
        self.subtitle.setText("Locked. Enter the passphrase to carry on where you left off.")
        self.setWindowTitle("Locked")
        self._clear_errors()
        self._show_page(0)
        self._update_throttle()
        self.passphrase_edit.setFocus()

    def show_create(self) -> None:
        self.subtitle.setText("Create a new vault: one encrypted file for your caseload.")
        self.setWindowTitle("Create a vault")
        self._clear_errors()
        self._show_page(1)
        (self.new_path_edit if not self.new_path_edit.text() else self.officer_edit).setFocus()

    def _show_page(self, index: int) -> None:
        for i, page in enumerate(self.pages):
            page.setVisible(i == index)
        self.adjustSize()
        self._fit()

    @property
    def creating(self) -> bool:
        return not self.pages[1].isHidden()

    # ------------------------------------------------------------------ actions
    def open_restore(self) -> RestoreDialog:
        if self.restore_dialog is None:
            self.restore_dialog = RestoreDialog(self.controller.restore_vault, self)
            self.restore_dialog.finished.connect(self._restore_closed)
        self.restore_dialog.start(self.path_edit.text())
        self.restore_dialog.open()
        return self.restore_dialog

    def _restore_closed(self) -> None:
        restored = self.restore_dialog.restored_path if self.restore_dialog else None
        if restored is not None:  # unlock what was restored next
            self.path_edit.setText(str(restored))
            self.passphrase_edit.clear()
            self.passphrase_edit.setFocus()

    def submit_unlock(self) -> None:
        """Unlock on a worker thread (the key derivation takes a moment); the window keeps
        answering and shows the error, if any, when it is done."""
        if not self.unlock_button.isEnabled():
            return
        passphrase = self.passphrase_edit.text()
        path_text = self.path_edit.text().strip()
        if not path_text:
            self._show(self.unlock_error, "Vault file: choose the vault to open.")
            self.path_edit.setFocus()
            return
        self._clear_errors()  # an earlier error no longer applies
        self._set_working(True)
        if self.relocking:
            self.controller.unlock(passphrase, self._unlock_failed)
        else:
            self.controller.open_vault(Path(path_text).expanduser(), passphrase,
                                       self._unlock_failed)

    def _unlock_failed(self, error: BaseException) -> None:
        self._set_working(False)
        self._show(self.unlock_error, _error_words(error))
        self.passphrase_edit.selectAll()
        self.passphrase_edit.setFocus()
        self._update_throttle()

    def submit_create(self) -> None:
        if not self.create_button.isEnabled():
            return
        self._clear_errors()
        self._set_working(True)
        self.controller.create_vault(
            self.new_path_edit.text().strip(),
            self.officer_edit.text(),
            self.new_passphrase_edit.text(),
            self.repeat_passphrase_edit.text(),
            self._create_failed,
        )

    def _create_failed(self, error: BaseException) -> None:
        self._set_working(False)
        self._show(self.create_error, _error_words(error))
        if isinstance(error, FieldError):
            focus = {"path": self.new_path_edit, "officer_name": self.officer_edit}
            target = focus.get(error.field, self.new_passphrase_edit)
            target.setFocus()
            if target is self.new_passphrase_edit:
                target.selectAll()

    def opened(self) -> None:
        """The vault is open: forget what was typed."""
        self._set_working(False)
        for edit in (self.passphrase_edit, self.new_passphrase_edit,
                     self.repeat_passphrase_edit):
            edit.clear()
        self._clear_errors()

    def _set_working(self, working: bool) -> None:
        """While a vault opens, the buttons wait (a second click would open it twice)."""
        self.unlock_button.setEnabled(not working)
        self.create_button.setEnabled(not working)
        self.unlock_button.setText("Unlocking…" if working else "Unlock")
        self.create_button.setText("Creating…" if working else "Create vault")

    def _browse_open(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Open a vault", self.path_edit.text(),
                                                VAULT_FILTER)
        if chosen:
            self.path_edit.setText(chosen)
            self.passphrase_edit.setFocus()

    def _browse_new(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Create a vault", "rrdesk.rrvault",
                                                VAULT_FILTER)
        if chosen:
            if not chosen.endswith(".rrvault"):
                chosen += ".rrvault"
            self.new_path_edit.setText(chosen)
            self.officer_edit.setFocus()

    # ------------------------------------------------------------------ helpers
    def _show(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(True)
        self._fit()

    def _fit(self) -> None:
        """Make the window as tall as its wrapped labels need at its present width."""
        self.layout().activate()
        height = self.heightForWidth(self.width())
        if height > 0:
            self.resize(self.width(), height)

    def _clear_errors(self) -> None:
        for label in (self.unlock_error, self.create_error):
            label.clear()
            label.setVisible(False)

    def _focus_first_empty(self) -> None:
        (self.passphrase_edit if self.path_edit.text() else self.path_edit).setFocus()

    def _throttle_wait(self) -> float:
        text = self.path_edit.text().strip()
        return self.controller.unlock_wait_seconds(Path(text)) if text else 0.0

    def _update_throttle(self) -> None:
        """Disable Unlock while the throttle makes the next try wait."""
        wait = self._throttle_wait()
        if wait <= 0:
            return
        seconds = math.ceil(wait)
        self.unlock_button.setEnabled(False)
        self._show(self.unlock_error, f"Too many wrong passphrases: wait {seconds} "
                                      f"second{'s' if seconds != 1 else ''} and try again.")
        self.throttle_timer.start(math.ceil(wait * 1000) + 50)

    def _throttle_over(self) -> None:
        if self._throttle_wait() > 0:  # a timer may fire a little early
            self._update_throttle()
            return
        self.unlock_button.setEnabled(True)
        self._clear_errors()
