"""The SQLCipher engine: how a connection is opened, keyed and tuned.

Everything SQLCipher-specific lives here and in ``vault.py``, so a PostgreSQL store can
stand beside it later. The passphrase is held only by the connection creator's closure;
it is never put in a URL, a log line or an error message.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from rrdesk.store import lookaside

PAGE_CACHE_KIB = 65536  # 64 MiB page cache: enough for a 20,000-case vault
BUSY_TIMEOUT_MS = 5000
# SQLCipher locks (mlock) every allocation SQLite makes and wipes and unlocks it when freed:
# two system calls per allocation (what keeps that cheap: lookaside.py). Process-wide, and
# cannot be turned off again once on. A module constant so the benchmark can measure
# without it.
MEMORY_SECURITY = True


def tune(conn: sqlcipher3.Connection) -> None:
    """The settings every vault connection runs with (and the benchmark's plain SQLite);
    run once, so not kept prepared (see ``_unlock_script``)."""
    conn.executescript(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
        f"PRAGMA cache_size = -{PAGE_CACHE_KIB}; PRAGMA busy_timeout = {BUSY_TIMEOUT_MS};"
    )


def pooled_engine(creator: Callable[[], object], **options: object) -> Engine:
    """One pooled connection; every transaction begins with BEGIN IMMEDIATE (one writer)."""
    engine = create_engine(
        "sqlite://",
        creator=creator,
        poolclass=QueuePool,
        pool_size=1,
        max_overflow=0,
        # One INSERT per row (cursor.lastrowid) rather than multi-row INSERT ... RETURNING:
        # with cipher_memory_security every SQLite allocation is locked and wiped, and the
        # RETURNING path makes far more of them, too large for the lookaside pool: bulk
        # inserts run 3.5x faster this way.
        use_insertmanyvalues=False,
        **options,
    )

    @event.listens_for(engine, "connect")
    def _no_pysqlite_autobegin(dbapi_conn, _record):  # noqa: ANN001
        # Let SQLAlchemy emit BEGIN itself (pysqlite's own transaction handling is off).
        dbapi_conn.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn):  # noqa: ANN001
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def quote_key(passphrase: str) -> str:
    """The passphrase as an SQL string literal (PRAGMA key takes no bound parameters)."""
    return "'" + passphrase.replace("'", "''") + "'"


def _unlock_script(passphrase: str) -> str:
    """Quiet logging, memory security, the key, and a read that proves the key.

    Memory security comes before the key, so the copy of the key SQLCipher makes is
    already on the locked, wiped allocator. Run with ``executescript``: each statement is
    prepared, run and finalized at once. ``execute`` would keep them in the driver's
    statement cache for the connection's life: the passphrase in a cached statement's SQL,
    and set-up pragmas holding slots of SQLite's per-connection memory pool (lookaside.py).
    """
    memory_security = "ON" if MEMORY_SECURITY else "OFF"
    return (
        "PRAGMA cipher_log_level = NONE;"
        f"PRAGMA cipher_memory_security = {memory_security};"
        f"PRAGMA key = {quote_key(passphrase)};"
        "SELECT count(*) FROM sqlite_master;"
    )


def keyed_connection(path: Path, passphrase: str) -> sqlcipher3.Connection:
    """Open ``path`` with the key and prove the key with a read.

    Raises ``sqlcipher3.DatabaseError`` when the key is wrong (or the file is damaged).
    """
    conn = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None)
    try:
        lookaside.enlarge(conn)  # before any statement: memory security's cost (lookaside.py)
        conn.executescript(_unlock_script(passphrase))
        tune(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def prove_key(path: Path, passphrase: str) -> None:
    """Check the key with a read-only connection, then close it.

    A read-write connection that fails on a wrong key still checkpoints a WAL left by a
    crash into the file when it closes: a wrong passphrase would then write to the vault.
    Read-only, nothing is written. Raises ``sqlcipher3.DatabaseError`` like
    ``keyed_connection``.
    """
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    conn = sqlcipher3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
    try:
        conn.executescript(_unlock_script(passphrase))
    finally:
        conn.close()


def make_engine(path: Path, passphrase: str, first: sqlcipher3.Connection | None = None
                ) -> tuple[Engine, Callable[[], None]]:
    """An engine with one pooled, keyed connection; and a function that forgets the key.

    ``first``: a connection ``keyed_connection`` already opened (proving the key), used
    as the pool's first connection so the key is not derived twice on unlock.
    """
    secret = {"passphrase": passphrase}
    ready = [first] if first is not None else []

    def creator() -> sqlcipher3.Connection:
        if secret["passphrase"] is None:
            raise sqlcipher3.OperationalError("vault is locked")
        if ready:
            return ready.pop()
        return keyed_connection(path, secret["passphrase"])

    engine = pooled_engine(
        creator,
        module=sqlcipher3,
        pool_timeout=30,
        hide_parameters=True,  # parameters may hold personal data: keep them out of errors
    )

    def forget() -> None:
        secret["passphrase"] = None
        while ready:  # never used: close it rather than keep a keyed connection about
            ready.pop().close()

    return engine, forget


def sqlcipher_version() -> str:
    """The SQLCipher library's version (for the About box), read from a keyed in-memory db."""
    conn = sqlcipher3.connect(":memory:")
    try:
        conn.execute("PRAGMA key = 'version probe'")  # cipher_version answers on a keyed db
        row = conn.execute("PRAGMA cipher_version").fetchone()
        return str(row[0]) if row else "unknown"
    finally:
        conn.close()
