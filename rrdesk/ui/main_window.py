"""The main window: navigation on the left, one page at a time on the right."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from rrdesk.ui.backup_dialog import BackupDialog
from rrdesk.ui.dialogs import AboutDialog, SettingsDialog
from rrdesk.ui.local_rules_dialog import LocalRulesDialog
from rrdesk.ui.pages import PageSpec
from rrdesk.ui.passphrase_dialog import ChangePassphraseDialog
from rrdesk.ui.register.workspace import workspace_for
from rrdesk.ui.resources import app_icon
from rrdesk.ui.shortcuts import LOCK_KEYS

if TYPE_CHECKING:
    from rrdesk.ui.controller import AppController
    from rrdesk.ui.session import VaultSession


class MainWindow(QMainWindow):
    def show_sized(self) -> None:
        """Maximized on an office laptop's screen (the register wants every column), else at
        its own size."""
        screen = self.screen().availableGeometry()
        if screen.width() < 1600 or screen.height() < 900:
            self.showMaximized()
        else:
            self.show()

    def __init__(self, controller: AppController, session: VaultSession,
                 pages: list[PageSpec]) -> None:
        super().__init__()
        self.controller = controller
        self.session = session
        # Qt adds " — rrdesk" (the application display name) to every title.
        self.setWindowTitle(controller.vault_path.name)
        self.setWindowIcon(app_icon())
        self.resize(1280, 800)
        self.settings_dialog: SettingsDialog | None = None
        self.about_dialog: AboutDialog | None = None
        self.backup_dialog: BackupDialog | None = None
        self.passphrase_dialog: ChangePassphraseDialog | None = None
        self.rules_dialog: LocalRulesDialog | None = None

        self.nav = QListWidget()
        self.nav.setObjectName("Navigation")
        self.nav.setFixedWidth(200)
        self.stack = QStackedWidget()
        self.page_keys: list[str] = []
        for spec in pages:
            self.nav.addItem(spec.title)
            self.stack.addWidget(spec.factory(session))
            self.page_keys.append(spec.key)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self.vault_label = QLabel()
        self.state_label = QLabel()
        self.officer_label = QLabel()
        for label in (self.vault_label, self.state_label, self.officer_label):
            self.statusBar().addPermanentWidget(label)
        self.update_status()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.lock_action = QAction("&Lock now", self)
        # Shown in the menu; the controller's input watcher makes it work in every window.
        self.lock_action.setShortcut(LOCK_KEYS)
        self.lock_action.triggered.connect(self.controller.lock)
        self.backup_action = QAction("&Back up vault…", self)
        self.backup_action.triggered.connect(self.open_backup)
        self.passphrase_action = QAction("Change &passphrase…", self)
        self.passphrase_action.triggered.connect(self.open_change_passphrase)
        self.settings_action = QAction("&Settings…", self)
        self.settings_action.triggered.connect(self.open_settings)
        self.rules_action = QAction("Local &rules…", self)
        self.rules_action.triggered.connect(self.open_local_rules)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.controller.quit)
        file_menu.addAction(self.lock_action)
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.passphrase_action)
        file_menu.addAction(self.settings_action)
        file_menu.addAction(self.rules_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        self.about_action = QAction("&About rrdesk", self)
        self.about_action.triggered.connect(self.open_about)
        help_menu.addAction(self.about_action)

    def show_page(self, key: str) -> QWidget:
        index = self.page_keys.index(key)
        self.nav.setCurrentRow(index)
        return self.stack.widget(index)

    def update_status(self) -> None:
        vault = self.controller.vault
        locked = vault is None or vault.is_locked
        self.vault_label.setText(f"Vault: {self.controller.vault_path.name}")
        self.state_label.setText("Locked" if locked else "Unlocked")
        officer = vault.officer_name if vault is not None else ""
        self.officer_label.setText(f"Officer: {officer or 'not set'}")

    # Dialogs are opened with open(), never exec(): locking hides them with the window
    # and shows them again unchanged after unlocking.
    def open_settings(self) -> SettingsDialog:
        if self.settings_dialog is None:
            self.settings_dialog = SettingsDialog(self.controller, self)
        self.settings_dialog.load()
        self.settings_dialog.open()
        return self.settings_dialog

    def open_local_rules(self) -> LocalRulesDialog:
        """The team's local rules; saving them makes the register and cohort view recompute."""
        if self.rules_dialog is None:
            self.rules_dialog = LocalRulesDialog(
                self.session.vault, lambda: workspace_for(self.session).rules_changed.emit(),
                self)
        self.rules_dialog.vault = self.session.vault
        self.rules_dialog.load()
        self.rules_dialog.open()
        return self.rules_dialog

    def open_backup(self) -> BackupDialog:
        if self.backup_dialog is None:
            self.backup_dialog = BackupDialog(self.session, self)
        self.backup_dialog.suggest()
        self.backup_dialog.open()
        return self.backup_dialog

    def open_change_passphrase(self) -> ChangePassphraseDialog:
        if self.passphrase_dialog is None:
            self.passphrase_dialog = ChangePassphraseDialog(self.session, self)
        self.passphrase_dialog.reset()
        self.passphrase_dialog.open()
        return self.passphrase_dialog

    def open_about(self) -> AboutDialog:
        if self.about_dialog is None:
            self.about_dialog = AboutDialog(self)
        self.about_dialog.open()
        return self.about_dialog
