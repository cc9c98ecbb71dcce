"""Growing delay after wrong passphrases, kept per vault across runs of the app and CLI.

The count belongs to the vault itself, not to a path: it is keyed by the vault's salt (the
first 16 bytes of a SQLCipher file, random when the vault was made), so a hard link, a
copy or a renamed vault keeps the count. Every change is made under a lock on the state
file, so tries made at the same moment are all counted. Deleting the state file is the
choice of someone who can already read this user's files; offline guessing is bounded by
the key derivation and the passphrase rules (README, threat model).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt
else:
    import fcntl

FREE_TRIES = 5
MAX_DELAY_S = 300.0
SALT_BYTES = 16


class UnlockThrottle:
    def __init__(self, state_file: Path | None, clock: Callable[[], float] = time.time) -> None:
        self.state_file = state_file
        self.clock = clock
        self._memory: dict[str, dict] = {}

    def _load(self) -> dict[str, dict]:
        if self.state_file is None:
            return self._memory
        try:
            return json.loads(self.state_file.read_text())
        except (OSError, ValueError):
            return {}

    def _save(self, state: dict[str, dict]) -> None:
        if self.state_file is None:
            self._memory = state
            return
        tmp = self.state_file.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(json.dumps(state))
            f.flush()
            os.fsync(f.fileno())
        tmp.replace(self.state_file)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Read, change and write the state as one step, across processes."""
        if self.state_file is None:
            yield
            return
        fd = os.open(self.state_file.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.name == "nt":  # pragma: no cover
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
            else:
                fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # drops the lock

    @staticmethod
    def _key(vault: Path) -> str:
        """The vault's salt, hashed (the state file does not list where vaults are kept);
        the path's hash for a file too short to hold one."""
        try:
            with Path(vault).open("rb") as f:
                salt = f.read(SALT_BYTES)
        except OSError:
            salt = b""
        if len(salt) == SALT_BYTES:
            return hashlib.sha256(b"salt:" + salt).hexdigest()[:32]
        return hashlib.sha256(str(Path(vault).resolve()).encode()).hexdigest()[:32]

    def failures(self, vault: Path) -> int:
        return int(self._load().get(self._key(vault), {}).get("failures", 0))

    def wait_seconds(self, vault: Path) -> float:
        """How long to wait before the next try may be made (0 when it may be made now)."""
        entry = self._load().get(self._key(vault))
        if not entry or entry["failures"] < FREE_TRIES:
            return 0.0
        delay = min(2.0 ** (entry["failures"] - FREE_TRIES), MAX_DELAY_S)
        return max(0.0, entry["last"] + delay - self.clock())

    def record_failure(self, vault: Path) -> None:
        key = self._key(vault)
        with self._locked():
            state = self._load()
            entry = state.setdefault(key, {"failures": 0, "last": 0.0})
            entry["failures"] += 1
            entry["last"] = self.clock()
            self._save(state)

    def record_success(self, vault: Path) -> None:
        key = self._key(vault)
        with self._locked():
            state = self._load()
            if state.pop(key, None) is not None:
                self._save(state)
