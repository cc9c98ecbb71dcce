"""What an open vault keeps in memory: no passphrase in a prepared statement, and the
larger lookaside pool that keeps memory security cheap (Linux, where SQLite's C API is
reachable from Python; elsewhere the pool is SQLite's own and nothing here applies)."""

from __future__ import annotations

import ctypes
import shutil
import sqlite3
import sys

import pytest
import sqlcipher3
from sqlcipher3 import _sqlite3 as driver

from rrdesk.domain.case import CaseDetails
from rrdesk.services.cases import CaseService
from rrdesk.store import lookaside
from rrdesk.store.vault import Vault
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="SQLite's C API via ctypes")

SQLITE_DBSTATUS_LOOKASIDE_USED = 0
DEFAULT_POOL_SLOTS = 123  # the bundled SQLite's own pool: 1,200 bytes x 40, split in two sizes


def _sqlite(vault) -> tuple[ctypes.CDLL, int]:  # noqa: ANN001
    lib = lookaside._library(driver.__file__)
    raw = vault.engine.raw_connection()
    try:
        db = lookaside._handle(lib, raw.driver_connection)
    finally:
        raw.close()
    assert db is not None, "the vault connection's SQLite handle was not recognised"
    return lib, db


def _prepared_sql(lib: ctypes.CDLL, db: int) -> list[str]:
    lib.sqlite3_next_stmt.restype = ctypes.c_void_p
    lib.sqlite3_next_stmt.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    lib.sqlite3_sql.restype = ctypes.c_char_p
    lib.sqlite3_sql.argtypes = [ctypes.c_void_p]
    found, stmt = [], None
    while stmt := lib.sqlite3_next_stmt(db, stmt):
        found.append(lib.sqlite3_sql(stmt).decode())
    return found


def _peak_slots_in_use(lib: ctypes.CDLL, db: int) -> int:
    lib.sqlite3_db_status.argtypes = [ctypes.c_void_p, ctypes.c_int,
                                      ctypes.POINTER(ctypes.c_int),
                                      ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    current, peak = ctypes.c_int(), ctypes.c_int()
    assert lib.sqlite3_db_status(db, SQLITE_DBSTATUS_LOOKASIDE_USED, ctypes.byref(current),
                                 ctypes.byref(peak), 0) == 0
    return peak.value


def _add_people(vault, n: int) -> None:  # noqa: ANN001
    service = CaseService(vault)
    for i in range(n):
        service.add(CaseDetails(family_name=f"Memorytest{i}", given_names="Fictional"))


def test_an_open_vault_keeps_no_prepared_statement_holding_the_passphrase(vault) -> None:
    _add_people(vault, 3)
    lib, db = _sqlite(vault)
    statements = _prepared_sql(lib, db)
    assert statements, "the vault has run statements: some stay prepared"
    assert not [sql for sql in statements
                if PASSPHRASE in sql or sql.lower().startswith("pragma key")]


def test_vault_connections_get_the_larger_lookaside_pool(vault) -> None:
    _add_people(vault, 40)
    lib, db = _sqlite(vault)
    # SQLite's own pool would top out at its slot count; the vault's has room above it.
    assert _peak_slots_in_use(lib, db) > DEFAULT_POOL_SLOTS


def test_the_pool_is_only_set_on_a_fresh_connection_of_the_right_library(tmp_path) -> None:
    fresh = sqlcipher3.connect(str(tmp_path / "fresh.db"))
    used = sqlcipher3.connect(str(tmp_path / "used.db"))
    used.execute("SELECT 1").fetchone()
    other_library = sqlite3.connect(str(tmp_path / "stdlib.db"))
    try:
        assert lookaside.enlarge(fresh)
        assert not lookaside.enlarge(used)  # SQLite refuses once slots are in use
        # Python's own sqlite3 links another SQLite: its handle is not this library's.
        assert not lookaside.enlarge(other_library)
        assert not lookaside.enlarge(fresh, slots=0)
    finally:
        for conn in (fresh, used, other_library):
            conn.close()


def test_where_sqlite_cannot_be_reached_the_vault_opens_with_sqlites_own_pool(
        vault_path, vault_template, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copyfile(vault_template, vault_path)
    lookaside._library.cache_clear()
    monkeypatch.setattr(sys, "platform", "win32")  # as on Windows: no SQLite functions
    try:
        assert not lookaside.available()  # what the benchmark then reports
        with Vault.open(vault_path, PASSPHRASE) as vault:
            _add_people(vault, 40)
            assert CaseService(vault).count() == 40
            monkeypatch.setattr(sys, "platform", "linux")  # to look inside
            lookaside._library.cache_clear()
            assert _peak_slots_in_use(*_sqlite(vault)) <= DEFAULT_POOL_SLOTS
    finally:
        lookaside._library.cache_clear()
