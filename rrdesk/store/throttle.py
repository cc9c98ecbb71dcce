"""Growing delay after wrong passphrases, kept per vault across runs of the app and CLI."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from pathlib import Path

FREE_TRIES = 5
MAX_DELAY_S = 300.0


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
        tmp.write_text(json.dumps(state))
        tmp.replace(self.state_file)

    @staticmethod
    def _key(vault: Path) -> str:
        # A hash, so the state file does not list where vaults are kept.
        return hashlib.sha256(str(vault.resolve()).encode()).hexdigest()[:32]

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
        state = self._load()
        entry = state.setdefault(self._key(vault), {"failures": 0, "last": 0.0})
        entry["failures"] += 1
        entry["last"] = self.clock()
        self._save(state)

    def record_success(self, vault: Path) -> None:
        state = self._load()
        if state.pop(self._key(vault), None) is not None:
            self._save(state)
