"""Starting the desktop app."""

from __future__ import annotations

import importlib
import logging
import os
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QLocale, QTimer
from PySide6.QtWidgets import QApplication

from rrdesk import __version__
from rrdesk.services.app_log import configure_logging, install_crash_logging
from rrdesk.ui.controller import AppController
from rrdesk.ui.resources import app_icon, style_sheet

# Imported by a background thread once the unlock window shows, while the person types
# (the first unlock would import them anyway): the database layer and migrations, the main
# window and its pages, the form definitions, documents and spreadsheets.
WARM_UP = ("rrdesk.services.vaults", "rrdesk.store.migrate", "rrdesk.ui.main_window",
           "rrdesk.ui.pages", "rrdesk.services.forms", "rrdesk.ui.forms.problems")


def setup_application(app: QApplication) -> None:
    """Name, icon, style sheet and UK locale (dates on screen read dd/mm/yyyy)."""
    app.setApplicationName("rrdesk")
    app.setApplicationDisplayName("rrdesk")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("rrdesk")
    app.setDesktopFileName("rrdesk")  # matches installer/rrdesk.desktop (Wayland icon)
    app.setWindowIcon(app_icon())
    app.setStyleSheet(style_sheet())
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))


def launch(vault_path: Path | None) -> AppController:
    """Set up the app and show the unlock window (for ``vault_path`` or the last vault)."""
    app = QApplication.instance() or QApplication(sys.argv)
    setup_application(app)
    configure_logging().info("rrdesk %s started", __version__)
    install_crash_logging()
    controller = AppController(vault_path)
    app.aboutToQuit.connect(controller.shutdown)  # the vault is closed however the app ends
    controller.start()
    threading.Thread(target=warm_up, name="rrdesk-warm-up", daemon=True).start()
    # The form definitions are read off the GUI thread; a broken one is told when found.
    controller.operations.run(_load_forms,
                              on_success=lambda forms: _show_refused(controller, forms))
    if os.environ.get("RRDESK_STARTUP_PROBE"):  # benchmarks/startup_bench.py
        QTimer.singleShot(0, lambda: (print("shown", flush=True), QApplication.quit()))
    return controller


def warm_up() -> None:
    """Import what unlocking and the main window need, off the GUI thread; first remove
    what a write cut short by a kill left behind (as every command does)."""
    sweep_leftovers()
    for name in WARM_UP:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the import is tried again where it is needed
            return


def sweep_leftovers() -> None:
    """The temporary files of exports, backups and prints a kill cut short (off the GUI
    thread: it reads a list and looks at each file)."""
    try:
        from rrdesk.services.vaults import sweep_unfinished_writes

        sweep_unfinished_writes()
    except Exception:  # noqa: BLE001 - never stops the app; the next start tries again
        logging.getLogger("rrdesk").warning("leftover temporary files not swept")


def _load_forms(_progress: object) -> object:
    from rrdesk.services.forms import load_forms

    return load_forms()


def _show_refused(controller: AppController, forms: object) -> None:
    from rrdesk.ui.forms.problems import show_refused

    show_refused(controller.unlock_window, forms)  # only when a definition is broken


def run(vault_path: Path | None) -> int:
    """Run the app until it quits; the exit code of the event loop."""
    launch(vault_path)
    return QApplication.instance().exec()
