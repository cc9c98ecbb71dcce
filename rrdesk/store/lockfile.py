"""One process at a time: an advisory lock beside the vault that says who holds it."""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
from pathlib import Path

from rrdesk.store.errors import VaultInUse, VaultUnwritable

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt
else:
    import fcntl


def lock_path_for(vault: Path) -> Path:
    return vault.with_name(vault.name + ".lock")


class VaultLockFile:
    """Held while a vault is open. A second process gets ``VaultInUse`` naming the holder.

    Two locks are taken: one on the lock file (which names the holder) and, where the
    system allows, one on the vault file itself, so a lock file deleted by hand does not
    let a second writer in.
    """

    def __init__(self, vault: Path) -> None:
        self.vault = Path(vault)
        self.path = lock_path_for(self.vault)
        self._fd: int | None = None
        self._vault_fd: int | None = None

    def acquire(self) -> None:
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as e:
                raise VaultUnwritable(
                    f"{self.vault.name} cannot be opened: rrdesk cannot write its lock file "
                    f"beside it ({e.strerror or 'error'})."
                ) from None
            if not _try_lock(fd):
                holder = _read_holder(fd)
                os.close(fd)
                raise VaultInUse(
                    f"The vault is already open by {holder}. Close it there first."
                ) from None
            if _still_at(fd, self.path):
                break
            # The holder released and removed this lock file while we waited for it:
            # a lock on a removed file guards nothing, so start again on the new one.
            os.close(fd)
        try:
            self._vault_fd = _lock_vault_file(self.vault)
        except VaultInUse:
            with contextlib.suppress(OSError):
                self.path.unlink()  # ours: the one by hand-deleted lock's holder is gone
            os.close(fd)
            raise
        # Who holds it, for the message a second process shows. Best effort: on a full disk
        # the lock is held all the same (and the descriptor is never left behind).
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            info = {"user": _user(), "host": socket.gethostname(), "pid": os.getpid()}
            os.write(fd, json.dumps(info).encode())
            os.fsync(fd)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        if self._vault_fd is not None:
            os.close(self._vault_fd)
            self._vault_fd = None
        # Removed while still locked: a process that opened this file meanwhile finds it
        # gone once it gets the lock (``_still_at``) and starts again on a new one, so no
        # two processes ever hold locks side by side.
        with contextlib.suppress(OSError):
            self.path.unlink()
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        os.close(fd)  # closing drops the flock

    @property
    def held(self) -> bool:
        return self._fd is not None


def _try_lock(fd: int) -> bool:
    try:
        if os.name == "nt":  # pragma: no cover
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _lock_vault_file(vault: Path) -> int | None:
    """An flock on the vault file itself (POSIX: independent of SQLite's own fcntl locks).

    None when there is nothing to lock (a vault still being created) or on Windows, which
    cannot delete an open lock file anyway.
    """
    if os.name == "nt":  # pragma: no cover
        return None
    try:
        fd = os.open(vault, os.O_RDONLY)
    except OSError:
        return None
    if not _try_lock(fd):
        os.close(fd)
        raise VaultInUse("The vault is already open by another rrdesk window or command "
                         "(its lock file was removed). Close it there first.")
    return fd


def _still_at(fd: int, path: Path) -> bool:
    if os.name == "nt":  # pragma: no cover - Windows cannot remove an open file
        return True
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in some containers
        return "another user"


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        info = json.loads(os.read(fd, 4096).decode() or "{}")
        return f"{info['user']} on {info['host']} (process {info['pid']})"
    except Exception:  # noqa: BLE001 - the holder may be mid-write
        return "another rrdesk window or command"
