"""File › Back up vault…: the passphrase is asked again; the copy is written in the
background and opens with the same passphrase."""

from __future__ import annotations

from PySide6.QtCore import Qt

from rrdesk.services.register import RegisterQuery
from rrdesk.services.vaults import open_vault
from tests.conftest import PASSPHRASE
from tests.qt.conftest import settle

LEFT = Qt.MouseButton.LeftButton


def _save_button(dialog):
    return dialog.buttons.button(dialog.buttons.StandardButton.Save)


def test_a_wrong_passphrase_writes_no_backup(qtbot, make_controller, type_passphrase,
                                            closed_vault, tmp_path):
    controller = make_controller(closed_vault)
    main = type_passphrase(controller)
    dialog = main.open_backup()
    out = tmp_path / "copy.rrvault"
    dialog.out_edit.setText(str(out))
    qtbot.keyClicks(dialog.passphrase_edit, "not the passphrase, test only")
    qtbot.mouseClick(_save_button(dialog), LEFT)
    settle(qtbot, controller)

    assert dialog.error.isVisible()
    assert dialog.error.text() == "Passphrase: that is not this vault's passphrase"
    assert dialog.passphrase_edit.text() == ""
    assert not out.exists()


def test_the_backup_opens_with_the_same_passphrase(qtbot, make_controller, type_passphrase,
                                                   closed_vault, tmp_path):
    controller = make_controller(closed_vault)
    main = type_passphrase(controller)
    dialog = main.open_backup()
    out = tmp_path / "copy.rrvault"
    dialog.out_edit.setText(str(out))
    qtbot.keyClicks(dialog.passphrase_edit, PASSPHRASE)
    qtbot.mouseClick(_save_button(dialog), LEFT)
    settle(qtbot, controller)

    assert dialog.done_label.text() == "Backup written to copy.rrvault."
    assert _save_button(dialog).isEnabled()
    with open_vault(out, PASSPHRASE, shared=True) as copy:
        assert RegisterQuery(copy).count() == 0
