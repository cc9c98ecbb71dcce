"""The SQLCipher engine: how a connection is opened, keyed and tuned.

Everything SQLCipher-specific lives here and in ``vault.py``, so a PostgreSQL store can
stand beside it later. Connections are keyed with the derived key (``keys.VaultKey``), held
only by the connection creator's closure and dropped on lock; it is never put in a URL, a
log line or an error message. The passphrase never reaches this module.

Memory security is left off, as SQLCipher ships it since 4.5: while the vault is unlocked,
its decrypted pages sit in the page cache anyway (README, "Threat model").
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from rrdesk.store.keys import VaultKey

PAGE_CACHE_KIB = 65536  # 64 MiB page cache: enough for a 20,000-case vault
BUSY_TIMEOUT_MS = 5000
# Readers work beside a writer (WAL): the GUI thread reads while an import writes.
POOL_SIZE = 2
POOL_OVERFLOW = 4
READ_ONLY = "rrdesk_read"  # execution option: a read transaction (BEGIN DEFERRED)


def tune(conn: sqlcipher3.Connection) -> None:
    """The settings every vault connection runs with (and the benchmark's plain SQLite);
    run once, so not kept prepared (see ``_unlock_script``)."""
    conn.executescript(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
        f"PRAGMA cache_size = -{PAGE_CACHE_KIB}; PRAGMA busy_timeout = {BUSY_TIMEOUT_MS};"
    )


def pooled_engine(creator: Callable[[], object], **options: object) -> Engine:
    """Pooled connections; a write transaction begins with BEGIN IMMEDIATE (one writer at a
    time), a read transaction (``READ_ONLY`` execution option) with a plain BEGIN, so it
    reads its snapshot beside a writer."""
    engine = create_engine(
        "sqlite://",
        creator=creator,
        poolclass=QueuePool,
        pool_size=POOL_SIZE,
        max_overflow=POOL_OVERFLOW,
        # One INSERT per row (cursor.lastrowid) rather than multi-row INSERT ... RETURNING.
        use_insertmanyvalues=False,
        **options,
    )

    @event.listens_for(engine, "connect")
    def _no_pysqlite_autobegin(dbapi_conn, _record):  # noqa: ANN001
        # Let SQLAlchemy emit BEGIN itself (pysqlite's own transaction handling is off).
        dbapi_conn.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn):  # noqa: ANN001
        if conn.get_execution_options().get(READ_ONLY):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _unlock_script(key: VaultKey) -> str:
    """Quiet logging, the raw key, and a read that proves the key.

    Run with ``executescript``: each statement is prepared, run and finalized at once
    (``execute`` would keep the key's statement in the driver's cache for the connection's
    life).
    """
    return (
        "PRAGMA cipher_log_level = NONE;"
        f'PRAGMA key = "{key.sql_literal()}";'
        "SELECT count(*) FROM sqlite_master;"
    )


def keyed_connection(path: Path, key: VaultKey) -> sqlcipher3.Connection:
    """Open ``path`` with the key and prove the key with a read (no key derivation).

    Raises ``sqlcipher3.DatabaseError`` when the key is wrong (or the file is damaged).
    """
    conn = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None)
    try:
        conn.executescript(_unlock_script(key))
        tune(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def prove_key(path: Path, key: VaultKey) -> None:
    """Check the key with a read-only connection, then close it.

    A read-write connection that fails on a wrong key still checkpoints a WAL left by a
    crash into the file when it closes: a wrong passphrase would then write to the vault.
    Read-only, nothing is written. Raises ``sqlcipher3.DatabaseError`` like
    ``keyed_connection``.
    """
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    conn = sqlcipher3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
    try:
        conn.executescript(_unlock_script(key))
    finally:
        conn.close()


def make_engine(path: Path, key: VaultKey, first: sqlcipher3.Connection | None = None
                ) -> tuple[Engine, Callable[[], None]]:
    """An engine of keyed connections; and a function that forgets the key.

    ``first``: a connection ``keyed_connection`` already opened (proving the key), used
    as the pool's first connection.
    """
    secret: dict[str, VaultKey | None] = {"key": key}
    ready = [first] if first is not None else []

    def creator() -> sqlcipher3.Connection:
        held = secret["key"]
        if held is None:
            raise sqlcipher3.OperationalError("vault is locked")
        if ready:
            return ready.pop()
        return keyed_connection(path, held)

    engine = pooled_engine(
        creator,
        module=sqlcipher3,
        pool_timeout=30,
        hide_parameters=True,  # parameters may hold personal data: keep them out of errors
    )

    def forget() -> None:
        secret["key"] = None
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
