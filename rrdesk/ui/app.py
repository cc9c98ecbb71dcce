"""Starting the desktop app."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from rrdesk import __version__
from rrdesk.services.app_log import configure_logging, install_crash_logging
from rrdesk.services.forms import load_forms
from rrdesk.ui.controller import AppController
from rrdesk.ui.forms.problems import show_refused
from rrdesk.ui.resources import app_icon, style_sheet


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
    show_refused(controller.unlock_window, load_forms())  # only when a definition is broken
    app.aboutToQuit.connect(controller.shutdown)  # the vault is closed however the app ends
    controller.start()
    return controller


def run(vault_path: Path | None) -> int:
    """Run the app until it quits; the exit code of the event loop."""
    launch(vault_path)
    return QApplication.instance().exec()
