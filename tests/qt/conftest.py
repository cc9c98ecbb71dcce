"""Qt fixtures: the app set up as rrdesk sets it up, and controllers that clean up."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from tests.conftest import PASSPHRASE

if TYPE_CHECKING:
    from rrdesk.ui.controller import AppController
    from rrdesk.ui.main_window import MainWindow

OFFICER = "Officer Testcase"


def settle(qtbot, controller: AppController, timeout: int = 30000) -> None:
    """Wait until the controller's operations (unlocking, exports ...) have all ended."""
    qtbot.waitUntil(lambda: not controller.operations.busy, timeout=timeout)


@pytest.fixture(autouse=True)
def rrdesk_app(qapp):  # pytest-qt's QApplication, set up as rrdesk sets it up
    from rrdesk.ui.app import setup_application

    setup_application(qapp)
    return qapp


@pytest.fixture
def make_controller(qtbot) -> Iterator[Callable[..., object]]:
    from rrdesk.ui.controller import AppController

    made: list[AppController] = []

    def make(vault_path: Path | None = None, **kwargs: object) -> AppController:
        controller = AppController(vault_path, **kwargs)
        made.append(controller)
        controller.start()
        qtbot.waitExposed(controller.unlock_window)
        return controller

    yield make
    for controller in made:
        controller.shutdown()
    # Really delete the windows, so no hidden window of this test outlives it.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def type_passphrase(qtbot) -> Callable[..., object]:
    """Type a passphrase into the unlock window and click Unlock, as a person would;
    gives the main window (None when none was opened)."""

    def unlock(controller: AppController, passphrase: str = PASSPHRASE) -> MainWindow | None:
        window = controller.unlock_window
        window.passphrase_edit.clear()
        qtbot.keyClicks(window.passphrase_edit, passphrase)
        qtbot.mouseClick(window.unlock_button, Qt.MouseButton.LeftButton)
        settle(qtbot, controller)
        main = controller.main_window
        if main is not None and main.isVisible():
            qtbot.waitExposed(main)
        return main

    return unlock


@pytest.fixture
def closed_vault(vault_path: Path) -> Path:
    """A vault file on disk, not held open (this process may open it)."""
    from rrdesk.services.vaults import Vault

    Vault.create(vault_path, PASSPHRASE, OFFICER).close()
    return vault_path
