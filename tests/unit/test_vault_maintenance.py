"""Rekey, backup, restore, full disk, plaintext and the audit chain, through the store API."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from rrdesk.domain.case import CaseDetails
from rrdesk.services.cases import CaseService
from rrdesk.services.demo import fill_demo
from rrdesk.store import audit
from rrdesk.store.engine import keyed_connection
from rrdesk.store.errors import (
    NotAVault,
    VaultDamaged,
    VaultExists,
    VaultFull,
    VaultInUse,
    WrongPassphrase,
)
from rrdesk.store.vault import Vault, key_for, restore
from tests.conftest import OTHER_PASSPHRASE, PASSPHRASE

MARKER = "Quillfeather-Canarymark"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def add_marker_case(vault: Vault, family: str = MARKER) -> int:
    return CaseService(vault).add(CaseDetails(family_name=family, given_names="Testperson"))


def read_with_apsw(path: Path, passphrase: str, sql: str) -> list[tuple]:
    """An independent SQLCipher 4 reader (SQLite3 Multiple Ciphers, through apsw)."""
    import apsw

    conn = apsw.Connection(str(path), flags=apsw.SQLITE_OPEN_READONLY)
    try:
        conn.execute("PRAGMA cipher = 'sqlcipher'")
        conn.execute("PRAGMA legacy = 4")
        conn.execute("PRAGMA key = '" + passphrase.replace("'", "''") + "'")
        return list(conn.execute(sql))
    finally:
        conn.close()


# ----------------------------------------------------------------------------- plaintext
def test_vault_and_wal_hold_no_plaintext_and_only_sqlcipher_reads_them(
    vault: Vault, vault_path: Path, tmp_path: Path
) -> None:
    add_marker_case(vault)
    wal = Path(str(vault_path) + "-wal")
    assert wal.exists()  # the commit is still in the WAL while the vault is open
    for f in (vault_path, wal):
        data = f.read_bytes()
        assert MARKER.encode() not in data
        assert MARKER.encode("utf-16-le") not in data
        assert b"SQLite format 3" not in data[:16]
    vault.close()
    assert not wal.exists()
    assert MARKER.encode() not in vault_path.read_bytes()

    copy = tmp_path / "copy.db"
    copy.write_bytes(vault_path.read_bytes())
    plain = sqlite3.connect(copy)
    with pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT name FROM sqlite_master").fetchall()
    plain.close()

    rows = read_with_apsw(vault_path, PASSPHRASE, "SELECT family_name FROM cases")
    assert rows == [(MARKER,)]
    import apsw

    with pytest.raises(apsw.Error):
        read_with_apsw(vault_path, OTHER_PASSPHRASE, "SELECT family_name FROM cases")


def test_passphrase_with_quotes_is_keyed_correctly(vault_path: Path) -> None:
    tricky = "it's a test-only 'quoted' one"
    Vault.create(vault_path, tricky, "Officer Testcase").close()
    assert read_with_apsw(vault_path, tricky, "SELECT value FROM vault_meta "
                          "WHERE key = 'officer_name'") == [("Officer Testcase",)]
    Vault.open(vault_path, tricky).close()


# ----------------------------------------------------------------------------- full disk
def test_full_vault_raises_vault_full_and_keeps_what_was_committed(
    vault: Vault, vault_path: Path
) -> None:
    cases = CaseService(vault)
    with vault.engine.connect() as conn:  # the one pooled connection every session uses
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
        conn.exec_driver_sql(f"PRAGMA max_page_count = {pages + 4}")
    saved: list[int] = []
    with pytest.raises(VaultFull) as err:
        for i in range(2000):
            saved.append(cases.add(CaseDetails(family_name=f"Fullness-Demo{i}",
                                               aliases="Demo alias " * 40)))
    assert "full" in str(err.value) and "Nothing was saved" in str(err.value)
    assert saved  # some fitted before the limit
    assert cases.count() == len(saved)  # the failed one left nothing behind
    vault.close()
    with Vault.open(vault_path, PASSPHRASE) as again:
        assert sorted(CaseService(again).all_ids()) == sorted(saved)
        assert again.check().ok
        assert again.audit_problems() == []


# ----------------------------------------------------------------------------- rekey
def test_rekey_changes_the_passphrase_and_keeps_the_data(vault: Vault, vault_path: Path) -> None:
    fill_demo(vault, cases=30)
    case_id = add_marker_case(vault)
    vault.rekey(PASSPHRASE, OTHER_PASSPHRASE)
    assert CaseService(vault).count() == 31  # still open, now under the new key
    vault.close()
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_path, PASSPHRASE)
    with Vault.open(vault_path, OTHER_PASSPHRASE) as again:
        assert CaseService(again).get(case_id).family_name == MARKER
        assert again.check().ok
    assert read_with_apsw(vault_path, OTHER_PASSPHRASE, "SELECT count(*) FROM cases") == [(31,)]


def test_rekey_writes_its_audit_entry_in_the_same_commit(vault: Vault, vault_path: Path) -> None:
    from rrdesk.domain.errors import FieldError

    vault.rekey(PASSPHRASE, OTHER_PASSPHRASE)
    with vault.read_session() as s:
        last = audit.entries(s)[-1]
    assert (last.action, last.detail) == ("alteration", "passphrase changed")
    assert vault.audit_problems() == []
    with pytest.raises(FieldError) as err:
        vault.rekey(OTHER_PASSPHRASE, OTHER_PASSPHRASE)
    assert "already has" in err.value.message
    vault.ping()


def test_rekey_refuses_a_wrong_old_or_weak_new_passphrase(vault: Vault, vault_path: Path) -> None:
    from rrdesk.domain.errors import FieldError

    with pytest.raises(WrongPassphrase):
        vault.rekey("not the passphrase at all", OTHER_PASSPHRASE)
    with pytest.raises(FieldError):
        vault.rekey(PASSPHRASE, "short")
    vault.ping()
    vault.close()
    Vault.open(vault_path, PASSPHRASE).close()


# ----------------------------------------------------------------------------- backup/restore
def test_backup_while_open_is_consistent_encrypted_and_opens(
    vault: Vault, vault_path: Path, tmp_path: Path
) -> None:
    fill_demo(vault, cases=40)
    add_marker_case(vault)  # still only in the WAL: the backup must include it
    out = tmp_path / "backups" / "team-backup.rrvault"
    out.parent.mkdir()
    vault.backup(out, PASSPHRASE)
    vault.ping()  # the vault stays open and usable
    add_marker_case(vault, "Afterbackup-Demo")  # not in the backup
    assert MARKER.encode() not in out.read_bytes()
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]  # no partial files
    with Vault.open(out, PASSPHRASE) as copy:
        assert CaseService(copy).count() == 41
        assert copy.check().ok
        assert copy.audit_problems() == []
    with pytest.raises(VaultExists):
        vault.backup(out, PASSPHRASE)


def test_restore_puts_the_backup_in_place_and_keeps_the_replaced_vault(
    vault: Vault, vault_path: Path, tmp_path: Path
) -> None:
    add_marker_case(vault)
    backup = tmp_path / "b.rrvault"
    vault.backup(backup, PASSPHRASE)
    add_marker_case(vault, "Afterbackup-Demo")
    with pytest.raises(VaultInUse):  # not while it is open
        restore(backup, vault_path, PASSPHRASE)
    vault.close()
    before = digest(vault_path)
    kept = restore(backup, vault_path, PASSPHRASE)
    assert kept is not None and digest(kept) == before
    with Vault.open(vault_path, PASSPHRASE) as restored:
        assert CaseService(restored).count() == 1
    with Vault.open(kept, PASSPHRASE) as old:
        assert CaseService(old).count() == 2


def test_restore_refuses_damaged_or_wrong_passphrase_backups(
    vault: Vault, vault_path: Path, tmp_path: Path
) -> None:
    fill_demo(vault, cases=40)
    backup = tmp_path / "b.rrvault"
    vault.backup(backup, PASSPHRASE)
    vault.close()
    before = digest(vault_path)
    folder = sorted(p.name for p in vault_path.parent.iterdir())

    with pytest.raises(WrongPassphrase):
        restore(backup, vault_path, OTHER_PASSPHRASE)

    damaged = tmp_path / "damaged.rrvault"
    data = bytearray(backup.read_bytes())
    data[4096 * 3 + 100: 4096 * 3 + 140] = b"\x00" * 40  # a page in the middle
    damaged.write_bytes(bytes(data))
    with pytest.raises(VaultDamaged):
        restore(damaged, vault_path, PASSPHRASE)

    cut = tmp_path / "cut.rrvault"
    cut.write_bytes(backup.read_bytes()[:10000])
    with pytest.raises(NotAVault):
        restore(cut, vault_path, PASSPHRASE)

    assert digest(vault_path) == before
    assert sorted(p.name for p in vault_path.parent.iterdir()) == folder


# ----------------------------------------------------------------------------- audit chain
def _tamper(vault_path: Path, *statements: str) -> None:
    conn = keyed_connection(vault_path, key_for(vault_path, PASSPHRASE))
    try:
        conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        conn.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        for sql in statements:
            conn.execute(sql)
    finally:
        conn.close()


def _vault_with_entries(vault: Vault) -> int:
    for i in range(4):
        add_marker_case(vault, f"Chain-Demo{i}")
    with vault.read_session() as s:
        return len(audit.entries(s))


def test_audit_log_is_append_only_and_chain_verifies(vault: Vault) -> None:
    from sqlalchemy.exc import IntegrityError

    assert _vault_with_entries(vault) == 5
    assert vault.audit_problems() == []
    with pytest.raises(IntegrityError), vault.transaction() as s:
        s.execute(audit.AuditEntry.__table__.update().values(detail="rewritten"))
    with pytest.raises(IntegrityError), vault.transaction() as s:
        s.execute(audit.AuditEntry.__table__.delete())
    assert vault.audit_problems() == []


@pytest.mark.parametrize(
    ("statement", "words"),
    [
        # (edited detail, deleted middle and deleted last entries: see tests/e2e/test_cli_audit)
        ("UPDATE audit_log SET actor = 'Someone Else' WHERE id = 2", "altered"),
    ],
)
def test_edited_or_deleted_audit_entries_are_found(
    vault: Vault, vault_path: Path, statement: str, words: str
) -> None:
    _vault_with_entries(vault)
    vault.close()
    _tamper(vault_path, statement)
    with Vault.open(vault_path, PASSPHRASE) as again:
        problems = again.audit_problems()
    assert problems and any(words in p for p in problems)


def test_entries_written_after_a_deleted_tail_do_not_hide_it(
    vault: Vault, vault_path: Path
) -> None:
    _vault_with_entries(vault)
    vault.close()
    _tamper(vault_path, "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
    with Vault.open(vault_path, PASSPHRASE) as again:
        add_marker_case(again, "Later-Demo")
        assert again.audit_problems()


def test_a_full_disk_while_creating_leaves_no_file(tmp_path, monkeypatch) -> None:
    from rrdesk.store import engine
    from rrdesk.store import vault as vault_module
    from rrdesk.store.errors import VaultFull

    real = engine.keyed_connection

    def capped(path, passphrase):  # noqa: ANN001, ANN202
        conn = real(path, passphrase)
        conn.execute("PRAGMA max_page_count = 5")
        return conn

    monkeypatch.setattr(engine, "keyed_connection", capped)
    monkeypatch.setattr(vault_module, "keyed_connection", capped)
    folder = tmp_path / "vaults"
    with pytest.raises(VaultFull):
        vault_module.Vault.create(folder / "new.rrvault", PASSPHRASE, "Officer")
    assert list(folder.iterdir()) == []
