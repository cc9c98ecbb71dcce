"""Restore from a backup, on the unlock window: a backup put in place of a vault file.

The backup is checked (its passphrase, every page) before anything is touched, and the vault
it replaces is kept beside it, never deleted. It runs as an operation.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from rrdesk.domain.errors import FieldError
from rrdesk.services.errors import VaultError, WrongPassphrase
from rrdesk.ui.operations import describe_error
from rrdesk.ui.widgets import (
    column,
    error_text,
    form_layout,
    password_edit,
    result_area,
    row,
)

VAULT_FILTER = "rrdesk vaults (*.rrvault);;All files (*)"
# restore(backup, target, passphrase, on_success, on_failure, parent): the controller's.
Restore = Callable[..., None]


class RestoreDialog(QDialog):
    def __init__(self, restore: Restore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.restore = restore
        self.restored_path: Path | None = None
        self.setWindowTitle("Restore a vault from a backup")
        self.setMinimumWidth(640)
        layout = column(self, (24, 20, 24, 18))
        intro = QLabel("The backup is checked first. The vault it replaces is not deleted: it "
                       "is kept beside it, renamed. Afterwards unlock with the backup's "
                       "passphrase.")
        intro.setWordWrap(True)
        intro.setObjectName("Subtle")
        layout.addWidget(intro)
        form = form_layout()
        self.backup_edit = QLineEdit()
        self.target_edit = QLineEdit()
        self.passphrase_edit = password_edit()
        for label, edit, browse in (("Backup file", self.backup_edit, self._browse_backup),
                                    ("Vault to replace", self.target_edit,
                                     self._browse_target)):
            edit.setAccessibleName(label)
            button = QPushButton("Browse…")
            button.clicked.connect(browse)
            form.addRow(label, row(edit, button))
        self.passphrase_edit.setAccessibleName("Backup's passphrase")
        form.addRow("Backup's passphrase", self.passphrase_edit)
        layout.addLayout(form)
        self.error, self.done_label, self.buttons = result_area(
            self, layout, "Restore", self.submit)

    def start(self, target: str) -> None:
        self.target_edit.setText(target)
        self.backup_edit.clear()
        self.passphrase_edit.clear()
        self.error.setVisible(False)
        self.done_label.clear()
        self.restored_path = None

    def _browse_backup(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "The backup", self.backup_edit.text(),
                                              VAULT_FILTER)
        if path:
            self.backup_edit.setText(path)

    def _browse_target(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "The vault to replace",
                                              self.target_edit.text(), VAULT_FILTER)
        if path:
            self.target_edit.setText(path)

    def submit(self) -> None:
        backup, target = self.backup_edit.text().strip(), self.target_edit.text().strip()
        passphrase = self.passphrase_edit.text()
        self.passphrase_edit.clear()
        for value, field in ((backup, "Backup file"), (target, "Vault to replace")):
            if not value:
                self._fail(f"{field}: choose a file.")
                return
        self.error.setVisible(False)
        self.done_label.setText("Restoring…")
        self.buttons.setEnabled(False)
        target_path = Path(target).expanduser()
        self.restore(Path(backup).expanduser(), target_path, passphrase,
                     lambda kept: self._done(target_path, kept), self._failed, self)

    def _done(self, target: Path, kept: Path | None) -> None:
        self.buttons.setEnabled(True)
        self.restored_path = target
        where = f" The vault it replaced is kept as {kept.name}." if kept else ""
        self.done_label.setText(f"Restored to {target.name}.{where} Close this window and "
                                "unlock it with the backup's passphrase.")

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, WrongPassphrase):
            self._fail("Backup's passphrase: that is not the backup's passphrase.")
        elif isinstance(error, FieldError):
            self._fail(f"{error.field}: {error.message}")
        elif isinstance(error, VaultError | OSError):
            self._fail(error_text(error))
        else:
            self._fail(describe_error(error))

    def _fail(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)
        self.done_label.clear()
