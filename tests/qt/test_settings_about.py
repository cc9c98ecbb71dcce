"""The settings dialog, the About box, and what the app sets up once."""

from __future__ import annotations

import platform

from PySide6.QtCore import QDate, QLocale, QSize, Qt, qVersion
from PySide6.QtWidgets import QApplication

from rrdesk import __version__
from rrdesk.services.settings import load_settings
from rrdesk.services.vaults import Vault, sqlcipher_version
from rrdesk.ui.resources import app_icon
from tests.conftest import PASSPHRASE


def test_settings_dialog_saves_idle_minutes_and_officer(qtbot, make_controller, type_passphrase,
                                                        closed_vault):
    controller = make_controller(closed_vault)
    main = type_passphrase(controller)
    dialog = main.open_settings()
    qtbot.waitExposed(dialog)
    assert dialog.idle_spin.value() == 10

    dialog.idle_spin.lineEdit().selectAll()
    qtbot.keyClicks(dialog.idle_spin, "25")
    dialog.officer_edit.clear()
    qtbot.keyClicks(dialog.officer_edit, "Officer Renamed-Testcase")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save),
                     Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    assert load_settings().idle_lock_minutes == 25
    assert controller.idle_timer.interval() == 25 * 60_000
    assert "Officer Renamed-Testcase" in main.officer_label.text()
    controller.shutdown()
    with Vault.open(closed_vault, PASSPHRASE) as vault:
        assert vault.officer_name == "Officer Renamed-Testcase"
        assert vault.audit_problems() == []


def test_settings_dialog_refuses_an_empty_officer_name(qtbot, make_controller, type_passphrase,
                                                       closed_vault):
    controller = make_controller(closed_vault)
    dialog = type_passphrase(controller).open_settings()
    dialog.officer_edit.clear()
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save),
                     Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.error_label.text().startswith("Your name:")


def test_about_box_shows_versions(qtbot, make_controller, type_passphrase, closed_vault):
    controller = make_controller(closed_vault)
    about = type_passphrase(controller).open_about()
    qtbot.waitExposed(about)
    shown = {name: label.text() for name, label in about.version_labels.items()}
    assert shown == {"rrdesk": __version__, "Qt": qVersion(),
                     "SQLCipher": sqlcipher_version(), "Python": platform.python_version()}
    assert shown["SQLCipher"].startswith("4.")


def test_pages_are_listed_in_the_navigation(qtbot, make_controller, type_passphrase, closed_vault):
    main = type_passphrase(make_controller(closed_vault))
    titles = [main.nav.item(i).text() for i in range(main.nav.count())]
    assert titles == ["Cases", "Pathways", "MAPPA meetings", "Calendar", "Documents"]
    qtbot.mouseClick(main.nav.viewport(), Qt.MouseButton.LeftButton,
                     pos=main.nav.visualItemRect(main.nav.item(2)).center())
    assert main.stack.currentIndex() == 2


def test_app_uses_uk_dates_style_and_icon():
    assert QLocale().toString(QDate(2026, 3, 5), QLocale.FormatType.ShortFormat) == "05/03/2026"
    assert "QPushButton" in QApplication.instance().styleSheet()
    assert not app_icon().pixmap(QSize(32, 32)).isNull()  # the SVG renders



def test_launch_shows_the_unlock_window_for_the_given_vault(qtbot, closed_vault):
    from rrdesk.ui.app import launch

    controller = launch(closed_vault)  # what run() does before the event loop
    try:
        qtbot.waitExposed(controller.unlock_window)
        assert controller.unlock_window.path_edit.text() == str(closed_vault)
        assert QApplication.applicationName() == "rrdesk"
    finally:
        controller.shutdown()


def test_window_titles_name_the_vault(qtbot, make_controller, type_passphrase, closed_vault):
    controller = make_controller(closed_vault)
    assert controller.unlock_window.windowTitle() == "Open a vault"
    main = type_passphrase(controller)
    assert main.windowTitle() == closed_vault.name  # Qt adds " — rrdesk" on screen
    controller.lock()
    assert controller.unlock_window.windowTitle() == "Locked"
