"""One process at a time: the lock beside the vault."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rrdesk.store import lockfile
from rrdesk.store.errors import VaultInUse
from rrdesk.store.lockfile import VaultLockFile, lock_path_for
from rrdesk.store.vault import Vault
from tests.conftest import PASSPHRASE


def test_second_open_in_the_same_process_is_refused_naming_the_holder(
    vault: Vault, vault_path: Path
) -> None:
    with pytest.raises(VaultInUse) as err:
        Vault.open(vault_path, PASSPHRASE)
    assert "already open by" in str(err.value)
    assert f"process {os.getpid()}" in str(err.value)
    vault.ping()  # the first holder is unharmed
    vault.close()
    assert not lock_path_for(vault_path).exists()
    Vault.open(vault_path, PASSPHRASE).close()


@pytest.mark.skipif(os.name == "nt", reason="flock race is POSIX-only")
def test_lock_taken_on_a_file_the_holder_just_removed_is_retaken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = tmp_path / "team.rrvault"
    real_flock = lockfile.fcntl.flock
    calls = {"n": 0}

    def flock_after_holder_left(fd: int, op: int) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            # The previous holder releases between our open() and our flock(): it removes
            # the file we opened, and a third process creates a fresh one.
            lock_path_for(vault).unlink()
            lock_path_for(vault).write_text("")
        real_flock(fd, op)

    monkeypatch.setattr(lockfile.fcntl, "flock", flock_after_holder_left)
    lock = VaultLockFile(vault)
    lock.acquire()
    try:
        assert calls["n"] == 2
        assert os.path.samestat(os.fstat(lock._fd), os.stat(lock.path))
        monkeypatch.setattr(lockfile.fcntl, "flock", real_flock)
        with pytest.raises(VaultInUse):
            VaultLockFile(vault).acquire()
    finally:
        lock.release()
