"""Creating and unlocking a vault: passphrase rules, key settings, wrong keys, throttling."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from rrdesk.domain.case import CaseDetails
from rrdesk.domain.errors import FieldError
from rrdesk.services.cases import CaseService
from rrdesk.store.errors import (
    NotAVault,
    UnlockThrottled,
    VaultDamaged,
    VaultExists,
    VaultLocked,
    WrongPassphrase,
)
from rrdesk.store.throttle import FREE_TRIES, UnlockThrottle
from rrdesk.store.vault import Vault
from tests.conftest import OTHER_PASSPHRASE, PASSPHRASE


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(
    ("passphrase", "repeated", "words"),
    [
        ("short one", None, "at least 12"),
        ("Password1234", None, "too easy"),
        ("passphrase 2024!", None, "too easy"),
        ("123456789012345", None, "digits"),
        ("aaaaaaaaaaaaaaaa", None, "too easy"),
        (" padded passphrase here", None, "space"),
        ("test-only passphrase one", "test-only passphrase 0ne", "do not match"),
    ],
)
def test_weak_or_mismatched_passphrase_is_refused_and_no_file_is_created(
    vault_path: Path, passphrase: str, repeated: str | None, words: str
) -> None:
    with pytest.raises(FieldError) as err:
        Vault.create(vault_path, passphrase, "Officer Testcase", repeated=repeated)
    assert err.value.field == "passphrase"
    assert words in err.value.message
    assert passphrase.strip() not in str(err.value)
    assert leftovers(vault_path.parent) == []


def test_create_never_overwrites_an_existing_file(vault_path: Path) -> None:
    vault_path.write_bytes(b"\x01" * 4096)
    before = digest(vault_path)
    with pytest.raises(VaultExists):
        Vault.create(vault_path, PASSPHRASE, "Officer Testcase")
    assert digest(vault_path) == before


def test_a_vault_filled_as_it_is_created_appears_whole_or_not_at_all(tmp_path: Path) -> None:
    folder = tmp_path / "vaults"
    path = folder / "demo.rrvault"

    def add_then_stop(vault: Vault) -> None:
        CaseService(vault).add(CaseDetails(family_name="Halfmade", given_names="Fictional"))
        raise KeyboardInterrupt  # Ctrl+C while the demo's people are being added

    with pytest.raises(KeyboardInterrupt):
        Vault.create(path, PASSPHRASE, "Demo Officer", fill=add_then_stop)
    assert leftovers(folder) == []  # no vault, no temporary file, no lock file

    def add_one(vault: Vault) -> None:
        CaseService(vault).add(CaseDetails(family_name="Wholemade", given_names="Fictional"))

    with Vault.create(path, PASSPHRASE, "Demo Officer", fill=add_one) as vault:
        names = [CaseService(vault).get(i).family_name for i in CaseService(vault).all_ids()]
    assert names == ["Wholemade"]
    assert leftovers(folder) == ["demo.rrvault"]


def test_connection_uses_sqlcipher4_defaults_and_safe_settings(vault: Vault) -> None:
    raw = vault.engine.raw_connection()
    try:
        cur = raw.cursor()

        def pragma(name: str) -> object:
            return cur.execute(f"PRAGMA {name}").fetchone()[0]

        assert pragma("cipher_version").startswith("4.")
        assert int(pragma("kdf_iter")) >= 256_000
        assert pragma("cipher_kdf_algorithm") == "PBKDF2_HMAC_SHA512"
        assert pragma("cipher_hmac_algorithm") == "HMAC_SHA512"
        assert int(pragma("cipher_page_size")) == 4096
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert int(pragma("cipher_memory_security")) == 0  # as SQLCipher ships it (README)
        assert abs(pragma("cache_size")) >= 2000  # a real page cache, not the tiny default
    finally:
        raw.close()


def test_lock_drops_the_key_and_unlock_brings_it_back(vault: Vault) -> None:
    vault.lock()
    assert vault.is_locked
    with pytest.raises(VaultLocked):
        vault.read_session()
    with pytest.raises(WrongPassphrase):
        vault.unlock(OTHER_PASSPHRASE)
    assert vault.is_locked
    vault.unlock(PASSPHRASE)
    assert vault.officer_name == "Officer Testcase"
    vault.ping()


def test_wrong_passphrase_leaves_the_file_alone(vault: Vault, vault_path: Path) -> None:
    vault.close()
    before = digest(vault_path)
    with pytest.raises(WrongPassphrase) as err:
        Vault.open(vault_path, OTHER_PASSPHRASE)
    assert str(err.value) == "Wrong passphrase, or the file is damaged."
    assert digest(vault_path) == before
    assert leftovers(vault_path.parent) == [vault_path.name]


def _plain_sqlite(path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("make", "error", "words"),
    [
        (lambda p: p.write_bytes(b""), NotAVault, "empty"),
        (lambda p: p.write_text("family,given\nTestperson,Demo\n"), NotAVault, "text file"),
        (_plain_sqlite, NotAVault, "unencrypted SQLite"),
        (lambda p: p.write_bytes(b"\x93" * 5000), NotAVault, "whole number of pages"),
    ],
)
def test_files_that_are_not_vaults_are_named_as_such(
    vault_path: Path, make, error: type, words: str  # noqa: ANN001
) -> None:
    make(vault_path)
    before = digest(vault_path)
    with pytest.raises(error) as err:
        Vault.open(vault_path, PASSPHRASE)
    assert words in str(err.value)
    assert digest(vault_path) == before
    assert leftovers(vault_path.parent) == [vault_path.name]


@pytest.mark.parametrize("pages", [1, 5])
def test_vault_cut_short_on_a_page_boundary_is_damaged(
    vault: Vault, vault_path: Path, pages: int
) -> None:
    vault.close()
    vault_path.write_bytes(vault_path.read_bytes()[: pages * 4096])
    before = digest(vault_path)
    with pytest.raises(VaultDamaged):
        Vault.open(vault_path, PASSPHRASE)
    assert digest(vault_path) == before
    assert leftovers(vault_path.parent) == [vault_path.name]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_after_five_wrong_tries_the_next_waits_and_the_wait_grows(
    vault: Vault, vault_path: Path, tmp_path: Path
) -> None:
    vault.close()
    clock = FakeClock()
    throttle = UnlockThrottle(tmp_path / "attempts.json", clock=clock)
    for _ in range(FREE_TRIES):
        with pytest.raises(WrongPassphrase):
            Vault.open(vault_path, OTHER_PASSPHRASE, throttle=throttle)
        clock.now += 0.1
    assert throttle.failures(vault_path) == FREE_TRIES
    # The sixth try is refused before the key is tried, even with the right passphrase.
    with pytest.raises(UnlockThrottled) as err:
        Vault.open(vault_path, PASSPHRASE, throttle=throttle)
    assert "wait" in str(err.value)
    first_wait = throttle.wait_seconds(vault_path)
    assert first_wait > 0
    clock.now += first_wait
    with pytest.raises(WrongPassphrase):  # allowed again once the wait is over
        Vault.open(vault_path, OTHER_PASSPHRASE, throttle=throttle)
    second_wait = throttle.wait_seconds(vault_path)
    assert second_wait > first_wait
    clock.now += second_wait
    Vault.open(vault_path, PASSPHRASE, throttle=throttle).close()
    assert throttle.failures(vault_path) == 0
    assert throttle.wait_seconds(vault_path) == 0


def test_throttle_state_survives_a_restart_and_names_no_folder(tmp_path: Path) -> None:
    clock = FakeClock()
    state = tmp_path / "attempts.json"
    vault = tmp_path / "secret-folder" / "team.rrvault"
    first = UnlockThrottle(state, clock=clock)
    for _ in range(FREE_TRIES + 2):
        first.record_failure(vault)
    again = UnlockThrottle(state, clock=clock)
    assert again.wait_seconds(vault) == pytest.approx(4.0)
    assert "secret-folder" not in state.read_text()
    clock.now += 1000
    assert again.wait_seconds(vault) == 0


def test_wrong_tries_at_the_same_moment_are_all_counted(tmp_path: Path,
                                                         vault_template: Path) -> None:
    import shutil
    import threading
    import time

    vault = tmp_path / "team.rrvault"
    shutil.copyfile(vault_template, vault)
    state = tmp_path / "attempts.json"

    def slow_clock() -> float:  # read, (slowly) change, write: a race without a lock
        time.sleep(0.05)
        return 1000.0

    threads = [threading.Thread(
        target=lambda: UnlockThrottle(state, clock=slow_clock).record_failure(vault))
        for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert UnlockThrottle(state).failures(vault) == 12


def test_a_hard_link_copy_or_rename_of_the_vault_keeps_its_count(
    tmp_path: Path, vault_template: Path
) -> None:
    import os
    import shutil

    vault = tmp_path / "team.rrvault"
    shutil.copyfile(vault_template, vault)
    throttle = UnlockThrottle(tmp_path / "attempts.json", clock=FakeClock())
    for _ in range(FREE_TRIES + 1):
        throttle.record_failure(vault)
    linked = tmp_path / "elsewhere.rrvault"
    os.link(vault, linked)
    copied = tmp_path / "copied.rrvault"
    shutil.copyfile(vault, copied)
    for other in (linked, copied):
        assert throttle.failures(other) == FREE_TRIES + 1
        assert throttle.wait_seconds(other) > 0


@pytest.mark.parametrize("where", ["every page after the first", "the last page"])
def test_damaged_pages_are_reported_never_a_crash(
    vault: Vault, vault_path: Path, where: str
) -> None:
    from rrdesk.services.demo import fill_demo

    fill_demo(vault, cases=60)
    vault.close()
    data = bytearray(vault_path.read_bytes())
    pages = len(data) // 4096
    targets = range(1, pages) if where.startswith("every") else [pages - 1]
    for page in targets:
        data[page * 4096 + 200: page * 4096 + 260] = b"\x00" * 60
    vault_path.write_bytes(bytes(data))
    try:
        opened = Vault.open(vault_path, PASSPHRASE)
    except VaultDamaged as err:
        assert "damaged" in str(err)
        return
    with opened:
        report = opened.check()
    assert not report.ok
