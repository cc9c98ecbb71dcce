"""Locking by hand (Ctrl+L) and after idle time: windows hidden, input kept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from rrdesk.ui.pages import default_pages, with_page


class NotesPage(QWidget):
    """A page with an input field, standing in for a form a later issue adds."""

    def __init__(self) -> None:
        super().__init__()
        self.edit = QLineEdit()
        QVBoxLayout(self).addWidget(self.edit)


def _pages_with_notes():
    return with_page(default_pages(), "cases", lambda _controller: NotesPage())


def test_ctrl_l_locks_and_unlocking_brings_back_typed_text(qtbot, make_controller,
                                                           type_passphrase, closed_vault):
    controller = make_controller(closed_vault, pages=_pages_with_notes())
    main = type_passphrase(controller)
    page = main.show_page("cases")
    main.activateWindow()  # shortcuts reach only an active window's widgets
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main, timeout=2000)
    qtbot.keyClicks(page.edit, "half-typed note, not saved")

    with qtbot.waitSignal(controller.about_to_lock, timeout=1000):
        qtbot.keyClick(page.edit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    assert controller.vault.is_locked
    assert not main.isVisible()
    assert controller.unlock_window.isVisible()
    assert controller.unlock_window.path_edit.isReadOnly()  # same vault, passphrase only
    assert not controller.unlock_window.create_link.isVisible()
    assert main.state_label.text() == "Locked"

    type_passphrase(controller)
    assert not controller.vault.is_locked
    assert main.isVisible()
    assert not controller.unlock_window.isVisible()
    assert main.show_page("cases").edit.text() == "half-typed note, not saved"
    assert main.state_label.text() == "Unlocked"


def test_wrong_passphrase_keeps_the_app_locked(qtbot, make_controller, type_passphrase,
                                               closed_vault):
    controller = make_controller(closed_vault)
    main = type_passphrase(controller)
    main.lock_action.trigger()
    type_passphrase(controller, "not the passphrase, test only")

    assert "Wrong passphrase" in controller.unlock_window.unlock_error.text()
    assert controller.vault.is_locked
    assert not main.isVisible()


def test_lock_hides_open_dialogs_and_brings_them_back(qtbot, make_controller, type_passphrase,
                                                      closed_vault):
    controller = make_controller(closed_vault)
    main = type_passphrase(controller)
    dialog = main.open_settings()
    qtbot.waitExposed(dialog)
    dialog.officer_edit.clear()
    qtbot.keyClicks(dialog.officer_edit, "Officer Changed-Testcase")

    controller.lock()
    assert not dialog.isVisible() and not main.isVisible()

    type_passphrase(controller)
    assert dialog.isVisible() and main.isVisible()
    assert dialog.officer_edit.text() == "Officer Changed-Testcase"


def test_idle_time_locks_the_vault(qtbot, make_controller, type_passphrase, closed_vault):
    controller = make_controller(closed_vault, idle_interval_ms=200)
    main = type_passphrase(controller)

    qtbot.waitUntil(lambda: controller.is_locked, timeout=5000)
    assert not main.isVisible()
    assert controller.unlock_window.isVisible()


def test_idle_time_comes_from_settings(make_controller, closed_vault):
    from rrdesk.services.settings import AppSettings, save_settings

    save_settings(AppSettings(idle_lock_minutes=7))
    controller = make_controller(closed_vault)
    assert controller.idle_timer.interval() == 7 * 60_000


def test_typing_restarts_the_idle_clock(qtbot, make_controller, type_passphrase, closed_vault):
    controller = make_controller(closed_vault, idle_interval_ms=60_000)
    main = type_passphrase(controller)
    qtbot.wait(300)
    assert controller.idle_timer.remainingTime() < 59_800
    qtbot.keyClick(main.nav, Qt.Key.Key_Down)
    assert controller.idle_timer.remainingTime() > 59_800
    assert not controller.is_locked


def test_ctrl_l_locks_from_a_dialog_too(qtbot, make_controller, type_passphrase, closed_vault):
    controller = make_controller(closed_vault)
    main = type_passphrase(controller)
    about = main.open_about()
    about.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is about, timeout=2000)

    qtbot.keyClick(about, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    assert controller.is_locked
    assert not about.isVisible() and not main.isVisible()
    type_passphrase(controller)
    assert about.isVisible() and main.isVisible()
