"""File > Change passphrase: the vault re-encrypted under a new passphrase, as an operation.

Every page of the vault is rewritten (a few seconds on a large vault), so it runs off the GUI
thread as a write; the vault stays open and unlocked under the new passphrase afterwards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QLabel, QWidget

from rrdesk.domain.errors import FieldError
from rrdesk.domain.passphrase import MIN_LENGTH
from rrdesk.services.errors import VaultError, WrongPassphrase
from rrdesk.services.vaults import rekey_vault
from rrdesk.ui.operations import describe_error
from rrdesk.ui.widgets import (
    column,
    error_text,
    form_layout,
    password_edit,
    result_area,
)

if TYPE_CHECKING:
    from rrdesk.ui.session import VaultSession

LABEL = "Re-encrypting the vault with the new passphrase…"


class ChangePassphraseDialog(QDialog):
    def __init__(self, session: VaultSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Change the passphrase")
        self.setMinimumWidth(520)
        layout = column(self, (24, 20, 24, 18))
        intro = QLabel(f"At least {MIN_LENGTH} characters: a few unrelated words are easy to "
                       "type and hard to guess. Backups made before keep the old passphrase.")
        intro.setWordWrap(True)
        intro.setObjectName("Subtle")
        layout.addWidget(intro)
        form = form_layout()
        self.current_edit = password_edit()
        self.new_edit = password_edit()
        self.repeat_edit = password_edit()
        for label, edit in (("Current passphrase", self.current_edit),
                            ("New passphrase", self.new_edit),
                            ("New passphrase again", self.repeat_edit)):
            edit.setAccessibleName(label)
            form.addRow(label, edit)
        layout.addLayout(form)
        self.error, self.done_label, self.buttons = result_area(
            self, layout, "Change passphrase", self.change)

    def reset(self) -> None:
        for edit in (self.current_edit, self.new_edit, self.repeat_edit):
            edit.clear()
        self.error.setVisible(False)
        self.done_label.clear()
        self.current_edit.setFocus()

    def change(self) -> None:
        old, new, repeated = (self.current_edit.text(), self.new_edit.text(),
                              self.repeat_edit.text())
        self.reset()  # the passphrases are not kept in the fields while the work runs
        self.done_label.setText("Changing the passphrase…")
        self.buttons.setEnabled(False)
        self.session.run(lambda vault, _progress: rekey_vault(vault, old, new, repeated),
                         label=LABEL, write=True, on_success=self._done,
                         on_failure=self._failed, parent=self)

    def _done(self, _result: object) -> None:
        self.buttons.setEnabled(True)
        self.done_label.setText("The passphrase is changed. Use the new one from now on.")

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.done_label.clear()
        if isinstance(error, WrongPassphrase):
            text, focus = "Current passphrase: that is not this vault's passphrase.", \
                self.current_edit
        elif isinstance(error, FieldError):  # every other field is about the new one
            text, focus = f"New passphrase: {error.message}.", self.new_edit
        elif isinstance(error, VaultError | OSError):
            text, focus = error_text(error), self.current_edit
        else:
            text, focus = describe_error(error), self.current_edit
        self.error.setText(text)
        self.error.setVisible(True)
        focus.setFocus()
