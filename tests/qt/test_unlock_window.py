"""Opening and creating a vault through the unlock window, as a person would."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from rrdesk.services.settings import AppSettings, load_settings, save_settings
from rrdesk.services.vaults import Vault
from tests.conftest import PASSPHRASE
from tests.qt.conftest import settle

OFFICER = "Officer Testcase"


def _type_create_form(qtbot, window, path: Path, officer: str, first: str, second: str):
    qtbot.mouseClick(window.create_link, Qt.MouseButton.LeftButton)
    assert window.creating
    window.new_path_edit.clear()
    qtbot.keyClicks(window.new_path_edit, str(path))
    qtbot.keyClicks(window.officer_edit, officer)
    qtbot.keyClicks(window.new_passphrase_edit, first)
    qtbot.keyClicks(window.repeat_passphrase_edit, second)
    qtbot.mouseClick(window.create_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window.controller)


def test_create_vault_opens_main_window(qtbot, make_controller, vault_path):
    controller = make_controller()
    window = controller.unlock_window
    _type_create_form(qtbot, window, vault_path, OFFICER, PASSPHRASE, PASSPHRASE)

    main = controller.main_window
    assert main is not None and main.isVisible()
    assert not window.isVisible()
    assert main.vault_label.text() == f"Vault: {vault_path.name}"
    assert main.state_label.text() == "Unlocked"
    assert OFFICER in main.officer_label.text()
    assert window.new_passphrase_edit.text() == ""  # the passphrase is not kept in a widget
    assert load_settings().last_vault == str(vault_path)

    controller.shutdown()
    with Vault.open(vault_path, PASSPHRASE) as vault:
        assert vault.officer_name == OFFICER


def test_passphrase_fields_hide_what_is_typed(make_controller):
    window = make_controller().unlock_window
    for edit in (window.passphrase_edit, window.new_passphrase_edit,
                 window.repeat_passphrase_edit):
        assert edit.echoMode() == edit.EchoMode.Password


def test_mismatched_passphrases_show_an_error_and_create_nothing(qtbot, make_controller,
                                                                 vault_path):
    controller = make_controller()
    window = controller.unlock_window
    _type_create_form(qtbot, window, vault_path, OFFICER, PASSPHRASE, PASSPHRASE + "x")

    assert window.create_error.isVisible()
    assert "do not match" in window.create_error.text()
    assert window.create_error.text().startswith("Passphrase:")
    assert not vault_path.exists()
    assert controller.main_window is None


def test_short_passphrase_shows_an_error_and_creates_nothing(qtbot, make_controller,
                                                             vault_path):
    controller = make_controller()
    window = controller.unlock_window
    _type_create_form(qtbot, window, vault_path, OFFICER, "short one", "short one")

    assert "at least 12 characters" in window.create_error.text()
    assert "short one" not in window.create_error.text()  # never the value itself
    assert not vault_path.exists()
    assert controller.main_window is None


def test_officer_name_is_required(qtbot, make_controller, vault_path):
    controller = make_controller()
    window = controller.unlock_window
    _type_create_form(qtbot, window, vault_path, "", PASSPHRASE, PASSPHRASE)

    assert window.create_error.text().startswith("Your name:")
    assert not vault_path.exists()


def test_unlock_an_existing_vault(qtbot, make_controller, closed_vault):
    controller = make_controller(closed_vault)
    window = controller.unlock_window
    assert window.path_edit.text() == str(closed_vault)  # prefilled
    qtbot.keyClicks(window.passphrase_edit, PASSPHRASE)
    qtbot.keyClick(window.passphrase_edit, Qt.Key.Key_Return)
    settle(qtbot, controller)

    assert controller.main_window is not None and controller.main_window.isVisible()
    assert not controller.is_locked


def test_last_vault_is_offered(make_controller, closed_vault):
    save_settings(AppSettings(last_vault=str(closed_vault)))
    window = make_controller().unlock_window
    assert window.path_edit.text() == str(closed_vault)


def test_wrong_passphrase_shows_an_error_and_no_main_window(qtbot, make_controller,
                                                            closed_vault):
    controller = make_controller(closed_vault)
    window = controller.unlock_window
    qtbot.keyClicks(window.passphrase_edit, "not the passphrase, test only")
    qtbot.mouseClick(window.unlock_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window.controller)

    assert window.unlock_error.isVisible()
    assert "Wrong passphrase" in window.unlock_error.text()
    assert controller.main_window is None
    assert window.isVisible()


def test_not_a_vault_is_named_plainly(qtbot, make_controller, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list, not a vault\n" * 50)
    controller = make_controller(notes)
    window = controller.unlock_window
    qtbot.keyClicks(window.passphrase_edit, PASSPHRASE)
    qtbot.mouseClick(window.unlock_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window.controller)

    assert "not an rrdesk vault" in window.unlock_error.text()
    assert controller.main_window is None


def test_vault_open_elsewhere_is_reported(qtbot, make_controller, vault):
    # ``vault`` holds the file open, as another rrdesk window would.
    controller = make_controller(vault.path)
    window = controller.unlock_window
    qtbot.keyClicks(window.passphrase_edit, PASSPHRASE)
    qtbot.mouseClick(window.unlock_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window.controller)

    assert "already open" in window.unlock_error.text()
    assert controller.main_window is None


def test_too_many_wrong_passphrases_disable_unlock_for_a_while(qtbot, make_controller,
                                                              closed_vault):
    controller = make_controller(closed_vault)
    window = controller.unlock_window
    for _ in range(5):
        window.passphrase_edit.clear()
        qtbot.keyClicks(window.passphrase_edit, "not the passphrase, test only")
        qtbot.mouseClick(window.unlock_button, Qt.MouseButton.LeftButton)
        settle(qtbot, window.controller)

    assert not window.unlock_button.isEnabled()
    assert "wait" in window.unlock_error.text()
    # The first wait after five wrong tries is a second; then Unlock works again.
    qtbot.waitUntil(window.unlock_button.isEnabled, timeout=5000)
    window.passphrase_edit.clear()
    qtbot.keyClicks(window.passphrase_edit, PASSPHRASE)
    qtbot.mouseClick(window.unlock_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window.controller)
    assert controller.main_window is not None, window.unlock_error.text()


def test_a_place_that_cannot_hold_a_file_is_reported(qtbot, make_controller, tmp_path):
    blocker = tmp_path / "a-file-not-a-folder"
    blocker.write_text("x")
    controller = make_controller()
    window = controller.unlock_window
    _type_create_form(qtbot, window, blocker / "team.rrvault", OFFICER, PASSPHRASE, PASSPHRASE)

    assert "could not be used there" in window.create_error.text()
    assert controller.main_window is None
