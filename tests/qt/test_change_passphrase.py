"""File › Change passphrase…: the vault is re-encrypted in the background; it opens with the
new passphrase only, and the app carries on unlocked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from rrdesk.services.errors import WrongPassphrase
from rrdesk.services.register import RegisterQuery
from rrdesk.services.vaults import open_vault
from tests.conftest import PASSPHRASE
from tests.qt.conftest import settle

LEFT = Qt.MouseButton.LeftButton
NEW = "fictional new passphrase for tests"


def _change(qtbot, controller, main, current: str, new: str, again: str):
    dialog = main.open_change_passphrase()
    qtbot.keyClicks(dialog.current_edit, current)
    qtbot.keyClicks(dialog.new_edit, new)
    qtbot.keyClicks(dialog.repeat_edit, again)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), LEFT)
    settle(qtbot, controller)
    return dialog


def test_the_vault_opens_with_the_new_passphrase_only(qtbot, make_controller, type_passphrase,
                                                      closed_vault):
    controller = make_controller(closed_vault)
    main = type_passphrase(controller)
    dialog = _change(qtbot, controller, main, PASSPHRASE, NEW, NEW)

    assert dialog.done_label.text().startswith("The passphrase is changed")
    assert not dialog.error.isVisible()
    assert all(not e.text() for e in (dialog.current_edit, dialog.new_edit, dialog.repeat_edit))
    assert not controller.vault.is_locked  # the person carries on where they were
    assert RegisterQuery(controller.vault).count() == 0
    controller.lock()
    settle(qtbot, controller)
    with pytest.raises(WrongPassphrase):
        open_vault(closed_vault, PASSPHRASE, shared=True)
    with open_vault(closed_vault, NEW, shared=True) as vault:
        assert vault.audit_problems() == []


@pytest.mark.parametrize(("current", "new", "again", "shown"), [
    ("not the passphrase, test only", NEW, NEW,
     "Current passphrase: that is not this vault's passphrase."),
    (PASSPHRASE, NEW, NEW + " typo", "New passphrase: the two passphrases do not match."),
    (PASSPHRASE, "short", "short", "New passphrase: must be at least 12 characters."),
    (PASSPHRASE, PASSPHRASE, PASSPHRASE,
     "New passphrase: is the passphrase the vault already has."),
])
def test_a_refused_change_says_which_field_and_keeps_the_old_passphrase(
        qtbot, make_controller, type_passphrase, closed_vault, current, new, again, shown):
    controller = make_controller(closed_vault)
    main = type_passphrase(controller)
    dialog = _change(qtbot, controller, main, current, new, again)

    assert dialog.error.isVisible()
    assert dialog.error.text() == shown
    controller.lock()
    settle(qtbot, controller)
    with open_vault(closed_vault, PASSPHRASE, shared=True):
        pass
