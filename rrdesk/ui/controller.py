"""The app's one owner of state: the vault, the windows, locking and the idle timer.

Not a global: ``run()`` makes one, tests make their own.

The database layer, the main window and its pages are imported when they are first needed
(the key derivation's worker imports the first; ``warm_up`` may import them while the
person types), so the unlock window shows quickly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from rrdesk.services.vaults import UnlockThrottle, Vault
    from rrdesk.ui.main_window import MainWindow
    from rrdesk.ui.pages import PageSpec

from rrdesk.services.settings import AppSettings, load_settings, save_settings
from rrdesk.ui.operations import Operations
from rrdesk.ui.session import VaultSession
from rrdesk.ui.shortcuts import LOCK_KEYS
from rrdesk.ui.unlock_window import UnlockWindow

log = logging.getLogger("rrdesk.app")

# Input that counts as "someone is at the laptop" and so restarts the idle clock.
USER_INPUT = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.Shortcut,
})
TRANSIENT = (Qt.WindowType.Popup, Qt.WindowType.ToolTip)


class _InputWatcher(QObject):
    """An application-wide event filter: any user input restarts the idle timer, and the
    lock keys lock from every window, even where a modal dialog blocks the menu's shortcut."""

    def __init__(self, controller: AppController) -> None:
        super().__init__()
        self.controller = controller

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        kind = event.type()
        if kind not in USER_INPUT:
            return False
        if (kind == QEvent.Type.KeyPress and not self.controller.is_locked
                and QKeySequence(event.keyCombination()) == LOCK_KEYS):
            self.controller.lock()
            return True
        timer = self.controller.idle_timer
        if timer.isActive():
            timer.start()
        return False


class AppController(QObject):
    # Emitted just before the key is dropped: pages save drafts of unsaved input here.
    about_to_lock = Signal()
    locked = Signal()
    unlocked = Signal()

    def __init__(self, vault_path: Path | None = None, *, settings: AppSettings | None = None,
                 pages: Sequence[PageSpec] | None = None,
                 idle_interval_ms: int | None = None) -> None:
        super().__init__()
        self.settings = settings or load_settings()
        self._pages = list(pages) if pages is not None else None  # default_pages() later
        self._throttle: UnlockThrottle | None = None
        self.vault: Vault | None = None
        self.operations = Operations(self)
        # What the pages get: the vault, operations and the lock signals; not this object.
        self.session = VaultSession(lambda: self.vault, self.operations,
                                    lambda: self.settings, parent=self)
        self.about_to_lock.connect(self.session.about_to_lock)
        self.locked.connect(self.session.locked)
        self.unlocked.connect(self.session.unlocked)
        self.main_window: MainWindow | None = None
        self._hidden: list[QWidget] = []  # windows hidden by the lock, in showing order
        self._idle_override = idle_interval_ms  # tests shorten the idle time
        self._shut_down = False

        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        # A coarse timer may fire 5 % late (30 s of 10 minutes); lock when promised.
        self.idle_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.idle_timer.setInterval(self._idle_interval())
        self.idle_timer.timeout.connect(self.lock)
        self._watcher = _InputWatcher(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._watcher)

        if vault_path is None and self.settings.last_vault:
            vault_path = Path(self.settings.last_vault)
        self.unlock_window = UnlockWindow(self)
        self.unlock_window.show_open(vault_path)

    # ------------------------------------------------------------------ state
    @property
    def pages(self) -> list[PageSpec]:
        if self._pages is None:
            from rrdesk.ui.pages import default_pages

            self._pages = default_pages()
        return self._pages

    @property
    def throttle(self) -> UnlockThrottle:
        if self._throttle is None:
            from rrdesk.services.vaults import unlock_throttle

            self._throttle = unlock_throttle()
        return self._throttle

    @property
    def vault_path(self) -> Path:
        if self.vault is None:
            raise RuntimeError("no vault is open")
        return self.vault.path

    @property
    def is_locked(self) -> bool:
        return self.vault is None or self.vault.is_locked

    def start(self) -> None:
        self.unlock_window.show()

    def unlock_wait_seconds(self, path: Path) -> float:
        return self.throttle.wait_seconds(path) if path.exists() else 0.0

    # ------------------------------------------------------------------ opening
    # The key derivation (and an upgrade with its backup) runs as an operation; errors go
    # to ``on_failure`` (the unlock window shows them beside the fields).
    def open_vault(self, path: Path, passphrase: str,
                   on_failure: Callable[[BaseException], None]) -> None:
        """Open ``path`` on a worker thread, then show the main window."""
        throttle = self.throttle

        def job(_progress: object) -> Vault:
            from rrdesk.services.vaults import open_vault

            return open_vault(path, passphrase, throttle)

        self.operations.run(job,
                            label="Unlocking the vault…", write=True,
                            on_success=self._opened, on_failure=on_failure,
                            parent=self.unlock_window)

    def create_vault(self, path: Path | str, officer_name: str, passphrase: str,
                     repeated: str, on_failure: Callable[[BaseException], None]) -> None:
        def job(_progress: object) -> Vault:
            from rrdesk.services.vaults import create_vault

            return create_vault(path, officer_name, passphrase, repeated)

        self.operations.run(
            job, label="Creating the vault…", write=True, on_success=self._opened,
            on_failure=on_failure, parent=self.unlock_window)

    def restore_vault(self, backup: Path, target: Path, passphrase: str,
                      on_success: Callable[[Path | None], None],
                      on_failure: Callable[[BaseException], None], parent: QWidget) -> None:
        """Put a backup in place of the vault at ``target`` (checked first, the replaced
        vault kept beside it) on a worker thread; ``on_success`` gets where it was kept."""
        def job(_progress: object) -> Path | None:
            from rrdesk.services.vaults import restore_vault

            return restore_vault(backup, target, passphrase)

        self.operations.run(job, label="Checking the backup and restoring it…", write=True,
                            on_success=on_success, on_failure=on_failure, parent=parent)

    def _opened(self, vault: Vault) -> None:
        if self._shut_down:  # the app was closed while the vault was opening
            vault.close()
            return
        self.vault = vault
        self.settings.last_vault = str(vault.path)
        save_settings(self.settings)
        from rrdesk.ui.main_window import MainWindow

        self.main_window = MainWindow(self, self.session, self.pages)
        self.main_window.show_sized()
        self.unlock_window.opened()
        self.unlock_window.hide()
        self.idle_timer.start()
        self.unlocked.emit()

    # ------------------------------------------------------------------ locking
    def lock(self) -> None:
        """Drop the key and hide every window (not destroyed: typed input stays).

        Operations under way are cancelled where that is safe and waited for otherwise,
        so the key is never dropped under a job half done."""
        if self.vault is None or self.vault.is_locked:
            return
        self.operations.stop_all()
        self.about_to_lock.emit()
        self.idle_timer.stop()
        self.vault.lock()
        log.info("vault locked")
        self.unlock_window.show_relock(self.vault.path)
        self.unlock_window.show()
        self.unlock_window.adjustSize()
        self._hidden = []
        for window in QApplication.topLevelWidgets():
            if window is self.unlock_window or not window.isVisible():
                continue
            if window.windowType() in TRANSIENT:
                window.close()  # open menus and tooltips are not worth keeping
            else:
                self._hidden.append(window)
        # Parents before their dialogs, so each dialog comes back on top of its window.
        self._hidden.sort(key=lambda w: w.parentWidget() is not None)
        for window in self._hidden:
            window.hide()
        if self.main_window is not None:
            self.main_window.update_status()
        self.unlock_window.raise_()
        self.unlock_window.activateWindow()
        self.locked.emit()

    def unlock(self, passphrase: str, on_failure: Callable[[BaseException], None]) -> None:
        """Unlock the locked vault (on a worker thread), then show the windows again."""
        if self.vault is None:
            raise RuntimeError("no vault to unlock")
        vault, throttle = self.vault, self.throttle
        self.operations.run(lambda _progress: vault.unlock(passphrase, throttle),
                            label="Unlocking the vault…", write=True,
                            on_success=lambda _none: self._reopened(),
                            on_failure=on_failure, parent=self.unlock_window)

    def _reopened(self) -> None:
        for window in self._hidden:
            window.show()
        if self._hidden:
            self._hidden[-1].raise_()
            self._hidden[-1].activateWindow()
        self._hidden = []
        self.unlock_window.opened()
        self.unlock_window.hide()
        if self.main_window is not None:
            self.main_window.update_status()
        self.idle_timer.start()
        self.unlocked.emit()

    # ------------------------------------------------------------------ settings
    def _idle_interval(self) -> int:
        if self._idle_override is not None:
            return self._idle_override
        return int(self.settings.idle_lock_minutes) * 60_000

    def set_idle_interval_ms(self, ms: int) -> None:
        self._idle_override = ms
        self.settings_changed()

    def settings_changed(self) -> None:
        """Apply saved settings: the idle time, and the officer name in the status bar."""
        self.idle_timer.setInterval(self._idle_interval())
        if self.idle_timer.isActive():
            self.idle_timer.start()
        if self.main_window is not None:
            self.main_window.update_status()

    # ------------------------------------------------------------------ ending
    def shutdown(self) -> None:
        """Close the vault and put the windows away (idempotent)."""
        if self._shut_down:
            return
        self._shut_down = True
        self.idle_timer.stop()
        self.operations.stop_all()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._watcher)
        if self.vault is not None:
            self.vault.close()
        for window in (self.main_window, self.unlock_window):
            if window is not None:
                window.hide()
                window.deleteLater()
        self.main_window = None

    def quit(self) -> None:
        self.shutdown()
        QApplication.quit()
