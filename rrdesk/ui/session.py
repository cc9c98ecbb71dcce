"""What a page of the main window is given: the open vault, a way to run an operation,
and signals around locking. Not the application controller.

A page factory takes a ``VaultSession``::

    def meetings_page(session: VaultSession) -> QWidget:
        page = MeetingsPage(session)
        session.about_to_lock.connect(page.save_draft)  # unsaved input kept as a draft
        return page

and the page reads through services with ``session.vault``, quick calls on the GUI thread,
anything longer than about 200 ms through ``session.run`` (see ``rrdesk.ui.operations``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from rrdesk.services.errors import VaultLocked
from rrdesk.services.progress import Progress
from rrdesk.services.settings import AppSettings
from rrdesk.ui.operations import Operation, Operations

if TYPE_CHECKING:
    from rrdesk.services.vaults import Vault

T = TypeVar("T")


class VaultSession(QObject):
    # Just before the key is dropped (operations already stopped): save drafts here.
    about_to_lock = Signal()
    locked = Signal()
    unlocked = Signal()

    def __init__(self, vault: Callable[[], Vault | None], operations: Operations,
                 settings: Callable[[], AppSettings], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._vault = vault
        self._settings = settings
        self.operations = operations

    @classmethod
    def for_vault(cls, vault: Vault, settings: AppSettings | None = None) -> VaultSession:
        """A session over one open vault, with operations of its own (tests, tools)."""
        settings = settings or AppSettings()
        operations = Operations()
        session = cls(lambda: vault, operations, lambda: settings)
        operations.setParent(session)
        return session

    @property
    def vault(self) -> Vault:
        """The open vault (raises ``VaultLocked`` when none is open)."""
        vault = self._vault()
        if vault is None:
            raise VaultLocked("No vault is open.")
        return vault

    @property
    def settings(self) -> AppSettings:
        """The person's settings on this laptop (read them; the Settings dialog saves)."""
        return self._settings()

    @property
    def is_locked(self) -> bool:
        vault = self._vault()
        return vault is None or vault.is_locked

    def run(self, job: Callable[[Vault, Progress], T], *, label: str = "Working…",
            write: bool = False, cancellable: bool = False,
            on_success: Callable[[T], None] | None = None,
            on_failure: Callable[[BaseException], None] | None = None,
            on_cancel: Callable[[], None] | None = None,
            parent: QWidget | None = None) -> Operation:
        """Run ``job(vault, progress)`` as an operation (``rrdesk.ui.operations``)."""
        vault = self.vault

        def bound(progress: Progress) -> Any:
            return job(vault, progress)

        return self.operations.run(bound, label=label, write=write, cancellable=cancellable,
                                   on_success=on_success, on_failure=on_failure,
                                   on_cancel=on_cancel, parent=parent)
