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


@pytest.mark.skipif(os.name == "nt", reason="POSIX lock files")
def test_no_two_processes_hold_the_lock_while_the_holder_releases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second process that gets in the moment the holder lets go, then a third: only one
    of them may hold the vault."""
    vault = tmp_path / "team.rrvault"
    vault.write_bytes(b"")
    first, second = VaultLockFile(vault), VaultLockFile(vault)
    first.acquire()
    real_close = os.close
    seen: list[int] = []

    def close_then_second_gets_in(fd: int) -> None:
        real_close(fd)
        if fd == first_fd and not seen:
            seen.append(fd)
            second.acquire()  # the instant the first holder's lock is dropped

    first_fd = first._fd
    monkeypatch.setattr(lockfile.os, "close", close_then_second_gets_in)
    first.release()
    monkeypatch.setattr(lockfile.os, "close", real_close)
    try:
        assert second.held
        with pytest.raises(VaultInUse):
            VaultLockFile(vault).acquire()  # a third
    finally:
        second.release()


@pytest.mark.skipif(os.name == "nt", reason="Windows cannot delete an open lock file")
def test_a_lock_file_deleted_by_hand_does_not_let_a_second_writer_in(
    vault: Vault, vault_path: Path
) -> None:
    lock_path_for(vault_path).unlink()
    with pytest.raises(VaultInUse) as err:
        VaultLockFile(vault_path).acquire()
    assert "already open" in str(err.value) and err.value.exit_code == 6
    vault.ping()


def test_a_full_disk_while_writing_the_holder_leaves_no_lock_behind(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault_path.write_bytes(b"")

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(lockfile.os, "write", disk_full)
    lock = VaultLockFile(vault_path)
    lock.acquire()  # held all the same: the holder's name is only for the message
    monkeypatch.undo()
    assert lock.held
    with pytest.raises(VaultInUse):
        VaultLockFile(vault_path).acquire()
    lock.release()
    again = VaultLockFile(vault_path)
    again.acquire()  # not "in use" until a restart
    again.release()
