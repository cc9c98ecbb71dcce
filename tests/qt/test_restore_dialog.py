"""Restore from a backup…, on the unlock window: the backup is checked first, the vault it
replaces is kept beside it, and the restored vault is the one to unlock next."""

from __future__ import annotations

from PySide6.QtCore import Qt

from rrdesk.services.demo import fill_demo
from rrdesk.services.register import RegisterQuery
from rrdesk.services.vaults import backup_vault, open_vault
from tests.conftest import PASSPHRASE
from tests.qt.conftest import settle

LEFT = Qt.MouseButton.LeftButton


def _restore(qtbot, controller, backup, passphrase: str):
    window = controller.unlock_window
    qtbot.mouseClick(window.restore_link, LEFT)
    dialog = window.restore_dialog
    assert dialog.target_edit.text() == window.path_edit.text()  # the vault shown is replaced
    qtbot.keyClicks(dialog.backup_edit, str(backup))
    qtbot.keyClicks(dialog.passphrase_edit, passphrase)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), LEFT)
    settle(qtbot, controller)
    return dialog


def _vault_with_a_backup(vault, vault_path):
    fill_demo(vault, 5)
    backup = vault_path.with_name("backup.rrvault")
    backup_vault(vault, backup, PASSPHRASE)
    fill_demo(vault, 3, seed=2)  # work done after the backup
    vault.close()
    return backup


def test_a_backup_replaces_the_vault_and_the_old_one_is_kept(
        qtbot, make_controller, type_passphrase, vault, vault_path):
    backup = _vault_with_a_backup(vault, vault_path)
    controller = make_controller(vault_path)
    dialog = _restore(qtbot, controller, backup, PASSPHRASE)

    assert not dialog.error.isVisible()
    assert dialog.done_label.text().startswith(f"Restored to {vault_path.name}.")
    kept = [p for p in vault_path.parent.iterdir() if ".replaced-" in p.name]
    assert len(kept) == 1 and kept[0].name in dialog.done_label.text()
    dialog.close()
    main = type_passphrase(controller)  # the restored vault unlocks with the backup's
    assert main is not None and main.isVisible()
    assert RegisterQuery(controller.vault).count() == 5
    controller.lock()
    settle(qtbot, controller)
    with open_vault(kept[0], PASSPHRASE, shared=True) as old:
        assert RegisterQuery(old).count() == 8  # nothing done since the backup is lost


def test_a_wrong_passphrase_for_the_backup_changes_nothing(
        qtbot, make_controller, vault, vault_path):
    backup = _vault_with_a_backup(vault, vault_path)
    before = vault_path.read_bytes()
    controller = make_controller(vault_path)
    dialog = _restore(qtbot, controller, backup, "not the passphrase, test only")

    assert dialog.error.isVisible()
    assert dialog.error.text() == "Backup's passphrase: that is not the backup's passphrase."
    assert vault_path.read_bytes() == before
    assert not [p for p in vault_path.parent.iterdir() if ".replaced-" in p.name]


def test_a_folder_given_as_the_backup_is_refused_in_words(qtbot, make_controller, vault,
                                                        vault_path):
    vault.close()
    controller = make_controller(vault_path)
    dialog = _restore(qtbot, controller, vault_path.parent, PASSPHRASE)

    assert dialog.error.isVisible()
    assert "is a folder: give the backup file" in dialog.error.text()
