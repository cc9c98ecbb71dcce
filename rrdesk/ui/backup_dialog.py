"""File > Back up vault: an encrypted copy of the open vault, taken while it is in use."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QLabel, QLineEdit, QWidget

from rrdesk.domain.errors import FieldError
from rrdesk.services.errors import VaultError
from rrdesk.services.vaults import backup_vault
from rrdesk.ui.operations import describe_error
from rrdesk.ui.widgets import (
    column,
    error_text,
    form_layout,
    link_button,
    password_edit,
    result_area,
    row,
)

if TYPE_CHECKING:
    from rrdesk.ui.session import VaultSession

FIELD_NAMES = {"out": "Backup file", "passphrase": "Passphrase"}


class BackupDialog(QDialog):
    def __init__(self, session: VaultSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Back up the vault")
        self.setMinimumWidth(520)
        layout = column(self, (24, 20, 24, 18))
        intro = QLabel("The backup is encrypted with the vault's passphrase. Keep it on "
                       "encrypted media: it holds everything the vault holds.")
        intro.setWordWrap(True)
        intro.setObjectName("Subtle")
        layout.addWidget(intro)
        form = form_layout()
        self.out_edit = QLineEdit()
        self.out_edit.setAccessibleName("Backup file")
        browse = link_button("Browse…")
        browse.clicked.connect(self._browse)
        form.addRow("Backup file", row(self.out_edit, browse))
        self.passphrase_edit = password_edit()
        self.passphrase_edit.setAccessibleName("Passphrase")
        form.addRow("Passphrase", self.passphrase_edit)
        layout.addLayout(form)
        self.error, self.done_label, self.buttons = result_area(
            self, layout, "Back up", self.back_up,
            QDialogButtonBox.StandardButton.Save)

    def suggest(self) -> None:
        vault = self.session.vault
        stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M")
        self.out_edit.setText(str(vault.path.with_name(f"{vault.path.stem}-backup-{stamp}"
                                                       f"{vault.path.suffix}")))
        self.passphrase_edit.clear()
        self.error.setVisible(False)
        self.done_label.clear()

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Back up to", self.out_edit.text())
        if path:
            self.out_edit.setText(path)

    def back_up(self) -> None:
        """Write the backup as an operation (a large vault takes a few seconds)."""
        out, passphrase = self.out_edit.text(), self.passphrase_edit.text()
        self.passphrase_edit.clear()
        self.done_label.setText("Backing up…")
        self.error.setVisible(False)
        self.buttons.setEnabled(False)
        self.session.run(lambda vault, progress: backup_vault(vault, out, passphrase, progress),
                         label="Writing an encrypted backup…", write=False,
                         on_success=self._done, on_failure=self._failed, parent=self)

    def _done(self, out: Path) -> None:
        self.buttons.setEnabled(True)
        self.error.setVisible(False)
        self.done_label.setText(f"Backup written to {Path(out).name}.")

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, FieldError):
            self._fail(f"{FIELD_NAMES.get(error.field, error.field)}: {error.message}")
        elif isinstance(error, VaultError | OSError):
            self._fail(error_text(error))
        else:
            self._fail(describe_error(error))

    def _fail(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)
        self.done_label.clear()
