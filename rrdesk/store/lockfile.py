"""One process at a time: an advisory lock beside the vault that says who holds it."""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
from pathlib import Path

from rrdesk.store.errors import VaultInUse

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt
else:
    import fcntl


def lock_path_for(vault: Path) -> Path:
    return vault.with_name(vault.name + ".lock")


class VaultLockFile:
    """Held while a vault is open. A second process gets ``VaultInUse`` naming the holder."""

    def __init__(self, vault: Path) -> None:
        self.path = lock_path_for(vault)
        self._fd: int | None = None

    def acquire(self) -> None:
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                if os.name == "nt":  # pragma: no cover
                    msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                else:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
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
        os.ftruncate(fd, 0)
        info = {"user": _user(), "host": socket.gethostname(), "pid": os.getpid()}
        os.write(fd, json.dumps(info).encode())
        os.fsync(fd)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
        finally:
            os.close(fd)  # closing drops the flock
        with contextlib.suppress(OSError):
            self.path.unlink()

    @property
    def held(self) -> bool:
        return self._fd is not None


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
