"""The vault: one SQLCipher 4 file holding a team's or an officer's records.

Lifecycle: create, open (unlock), lock, unlock, close, rekey, backup, restore, check.
A file that cannot be opened is never recreated or overwritten; every write of a whole
file goes to a temporary file in the same folder (encrypted, never plaintext), is flushed
to disk and then atomically renamed into place.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import sqlcipher3
from sqlalchemy import Engine, event, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from rrdesk.domain.errors import FieldError
from rrdesk.domain.passphrase import check_new_passphrase
from rrdesk.store import audit, case_history, migrate, search, unfinished
from rrdesk.store.engine import (
    BUSY_TIMEOUT_MS,
    READ_ONLY,
    keyed_connection,
    make_engine,
    pooled_engine,
    prove_key,
)
from rrdesk.store.errors import (
    NotAVault,
    UnlockThrottled,
    VaultBusy,
    VaultDamaged,
    VaultError,
    VaultExists,
    VaultFull,
    VaultInUse,
    VaultLocked,
    VaultMissing,
    VaultTooNew,
    VaultUnwritable,
    WrongPassphrase,
)
from rrdesk.store.keys import VaultKey, derive, file_salt, new_key
from rrdesk.store.lockfile import VaultLockFile
from rrdesk.store.models import VaultMeta
from rrdesk.store.sniff import check_looks_like_vault
from rrdesk.store.throttle import UnlockThrottle

OFFICER_KEY = "officer_name"
SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass
class CheckReport:
    """What ``Vault.check`` found: the file's problems and the audit chain's, all of them."""

    revision: str | None
    head: str
    problems: list[str] = field(default_factory=list)
    audit: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.audit


def _timestamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - Windows cannot open a folder
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as f:
        os.fsync(f.fileno())


def _is_full(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "full" in text and ("disk" in text or "database" in text)


def _is_damaged(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text


def _is_busy(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "database is busy" in text


def _busy() -> VaultInUse:
    seconds = BUSY_TIMEOUT_MS // 1000
    return VaultInUse(f"The vault is busy: another rrdesk window or command kept it for more "
                      f"than {seconds} seconds (a long import?). Try again when it has "
                      "finished; nothing was changed.")


def _damaged(path: Path) -> VaultDamaged:
    return VaultDamaged(
        f"{path.name} is damaged: some of it cannot be read. Restore it from a backup."
    )


def _error_translator(path: Path) -> Callable[[object], BaseException | None]:
    """SQLAlchemy's ``handle_error`` hook: a damaged page or a full disk met by any query
    becomes the vault error a person can act on (exit 4 in the CLI), not a traceback."""

    def translate(context) -> BaseException | None:  # noqa: ANN001 - ExceptionContext
        orig = context.original_exception
        if not isinstance(orig, sqlcipher3.DatabaseError):
            return None
        if _is_damaged(orig):
            return _damaged(path)
        if _is_full(orig):
            return VaultFull()
        if _is_busy(orig):
            return _busy()
        return None

    return translate


def _key_failure(path: Path, e: sqlcipher3.DatabaseError) -> VaultError:
    if "not a database" in str(e) or "encrypted" in str(e):
        return WrongPassphrase()
    return VaultDamaged(f"{path.name} could not be read: it may be damaged.")


def key_for(path: Path, passphrase: str) -> VaultKey:
    """Derive the key of the vault file at ``path`` (its salt is in its first bytes)."""
    try:
        salt = file_salt(path)
    except ValueError:
        raise NotAVault(f"{Path(path).name} is too short to be an rrdesk vault.") from None
    return derive(passphrase, salt)


def _open_raw(path: Path, key: VaultKey) -> sqlcipher3.Connection:
    """A keyed connection, with key failures turned into ``WrongPassphrase``."""
    try:
        return keyed_connection(path, key)
    except sqlcipher3.DatabaseError as e:
        raise _key_failure(path, e) from None


def _prove_key(path: Path, key: VaultKey) -> sqlcipher3.Connection | None:
    """Check the key so that a wrong passphrase writes nothing, not even a checkpoint.

    With a WAL left beside the file, a read-write connection would checkpoint it on close
    even when the key was wrong, so the check is read-only (and returns None). Without one
    the read-write check writes nothing, leaves no empty -wal/-shm behind, and its
    connection is returned for the engine to use.
    """
    if not Path(str(path) + "-wal").exists():
        return _open_raw(path, key)
    try:
        prove_key(path, key)
    except sqlcipher3.DatabaseError as e:
        raise _key_failure(path, e) from None
    return None


class Vault:
    """An open (or locked) vault. Use ``Vault.create`` or ``Vault.open``."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._engine: Engine | None = None
        self._forget: Callable[[], None] | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._reads: sessionmaker[Session] | None = None
        self._key: VaultKey | None = None  # derived at unlock, dropped on lock
        self._lock = VaultLockFile(self.path)
        self.officer_name = ""

    # ----------------------------------------------------------------- lifecycle
    @classmethod
    def create(cls, path: Path, passphrase: str, officer_name: str,
               repeated: str | None = None, fill: Callable[[Vault], object] | None = None
               ) -> Vault:
        """A new vault at ``path``; refuses to touch an existing file.

        ``fill`` puts the first records in (the demo's people) while the vault is still a
        temporary file: the vault appears at ``path`` whole, or not at all, however the
        filling ends (an error, Ctrl+C, a full disk).
        """
        path = Path(path)
        if path.exists():
            raise VaultExists(f"{path.name} already exists: rrdesk will not overwrite it.")
        check_new_passphrase(passphrase, repeated)
        tmp = path.with_name(f".{path.name}.creating")
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            for leftover in [tmp, *(Path(str(tmp) + s) for s in SIDE_FILES)]:
                leftover.unlink(missing_ok=True)
            # Owner-only from the first byte: SQLite keeps the mode of a file it opens.
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except OSError as e:
            raise VaultUnwritable(f"The vault file could not be used there "
                                  f"({(e.strerror or 'error').lower()}). Choose another "
                                  "place.") from None
        key = new_key(passphrase)  # the only key derivation of a new vault
        engine, _ = make_engine(tmp, key)
        try:
            migrate.upgrade(engine)
            with Session(engine) as s, s.begin():
                s.add(VaultMeta(key=OFFICER_KEY, value=officer_name.strip()))
                audit.append(s, officer_name.strip(), audit.AuditAction.COLLECTION, "vault",
                             detail="vault created")
            engine.dispose()  # closing the last connection checkpoints and removes the WAL
            if fill is not None:
                with cls._open_with_key(tmp, key) as staged:
                    fill(staged)
        except BaseException as e:
            engine.dispose()
            for leftover in [tmp, *(Path(str(tmp) + s) for s in SIDE_FILES)]:
                leftover.unlink(missing_ok=True)  # nothing half-made is left behind
            if isinstance(e, DBAPIError) and _is_full(e):
                raise VaultFull() from None
            raise
        os.chmod(tmp, 0o600)
        _fsync_file(tmp)
        try:
            os.link(tmp, path)  # fails if something appeared at path meanwhile
        except FileExistsError:
            tmp.unlink()
            raise VaultExists(
                f"{path.name} already exists: rrdesk will not overwrite it."
            ) from None
        except OSError:
            os.replace(tmp, path)  # file systems without hard links
        tmp.unlink(missing_ok=True)
        for s in SIDE_FILES:
            Path(str(tmp) + s).unlink(missing_ok=True)
        _fsync_dir(path.parent)
        return cls._open_with_key(path, key)

    @classmethod
    def _open_with_key(cls, path: Path, key: VaultKey) -> Vault:
        vault = cls(Path(path))
        vault._lock.acquire()
        try:
            vault._unlock_with_key(key, None, upgrade=True)
        except BaseException:
            vault.close()
            raise
        return vault

    @classmethod
    def open(cls, path: Path, passphrase: str, *, throttle: UnlockThrottle | None = None,
             upgrade: bool = True, shared: bool = False) -> Vault:
        """Unlock the vault at ``path``; migrate it (after a backup) when it is older.

        ``shared`` is for short jobs beside the app (a scheduled backup): no lock file is
        taken, so the app may hold the vault meanwhile (SQLite's own locking keeps the two
        apart), and the vault is never migrated: an older one is refused.
        """
        vault = cls(Path(path))
        vault._check_file()
        if not shared:
            vault._lock.acquire()
        try:
            vault._unlock(passphrase, throttle, upgrade and not shared, shared)
        except BaseException:
            vault.close()
            raise
        return vault

    def _check_file(self) -> bool:
        if not self.path.exists():
            raise VaultMissing(f"There is no vault at {self.path}.")
        if self.path.is_dir():
            raise NotAVault(f"{self.path.name} is a folder, not an rrdesk vault.")
        check_looks_like_vault(self.path)
        return True

    def _unlock(self, passphrase: str, throttle: UnlockThrottle | None, upgrade: bool,
                shared: bool = False) -> None:
        if throttle is not None:
            wait = throttle.wait_seconds(self.path)
            if wait > 0:
                raise UnlockThrottled(
                    f"Too many wrong passphrases: wait {int(wait) + 1} seconds and try again."
                )
        self._unlock_with_key(key_for(self.path, passphrase), throttle, upgrade, shared)

    def _unlock_with_key(self, key: VaultKey, throttle: UnlockThrottle | None, upgrade: bool,
                         shared: bool = False) -> None:
        try:
            proven = _prove_key(self.path, key)
        except WrongPassphrase:
            if throttle is not None:
                throttle.record_failure(self.path)
            raise
        engine, forget = make_engine(self.path, key, first=proven)
        try:
            if throttle is not None:
                throttle.record_success(self.path)
            at_head = self._migrate_if_needed(engine, key, upgrade, shared)
            if at_head and not shared:  # a job beside the app never writes unasked
                with engine.begin() as conn:
                    search.rebuild_if_rules_changed(conn)
            with Session(engine.execution_options(**{READ_ONLY: True})) as s:
                meta = s.get(VaultMeta, OFFICER_KEY)
                self.officer_name = meta.value if meta else ""
        except (DBAPIError, sqlcipher3.DatabaseError) as e:
            # The key was right (page 1 read) but a later page is not: a damaged file.
            forget()
            engine.dispose()
            if _is_damaged(e):
                raise _damaged(self.path) from None
            raise
        except BaseException:
            forget()
            engine.dispose()
            raise
        self._key = key
        self._attach(engine, forget)

    def _attach(self, engine: Engine, forget: Callable[[], None]) -> None:
        self._engine, self._forget = engine, forget
        event.listen(engine, "handle_error", _error_translator(self.path), retval=True)
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        event.listen(self._sessions, "before_flush", search.set_sort_keys)
        event.listen(self._sessions, "after_flush", search.sync_case_index)
        # Reads begin a plain (deferred) transaction: they go on beside a writer.
        self._reads = sessionmaker(engine.execution_options(**{READ_ONLY: True}),
                                   expire_on_commit=False)
        event.listen(self._sessions, "after_flush", case_history.record_field_changes)

    @classmethod
    def on_engine(cls, path: Path, engine: Engine) -> Vault:
        """The vault's sessions over an engine made elsewhere, schema already in place; no
        key and no lock file. For the benchmark, which runs the app's own services on plain
        SQLite to compare the two on the same work."""
        vault = cls(Path(path))
        vault._attach(engine, lambda: None)
        return vault

    def _migrate_if_needed(self, engine: Engine, key: VaultKey, upgrade: bool,
                           shared: bool = False) -> bool:
        """Bring the schema to this version's head; True when it is there."""
        # Read beside a writer (a long import in another process): no write lock to wait for.
        with engine.execution_options(**{READ_ONLY: True}).connect() as conn:
            current = migrate.current_revision(conn)
        head = migrate.head_revision()
        if current == head:
            return True
        if current is not None and current not in migrate.known_revisions():
            raise VaultTooNew(
                f"{self.path.name} was written by a newer version of rrdesk "
                f"(schema {current}); install that version to open it."
            )
        if shared:
            raise VaultError(f"{self.path.name} needs an upgrade to this version of rrdesk: "
                             "open it in rrdesk (or run rrdesk check) first.")
        if not upgrade:
            return False
        if current is not None:
            backup = self.path.with_name(f"{self.path.name}.before-{head}-{_timestamp()}.bak")
            _export(engine, key, backup)
        migrate.upgrade(engine)
        return True

    def lock(self) -> None:
        """Drop the key and the connection; the file lock stays held by this process."""
        if self._forget:
            self._forget()
        if self._engine is not None:
            self._engine.dispose()
        self._engine = self._forget = self._sessions = self._reads = self._key = None

    def unlock(self, passphrase: str, throttle: UnlockThrottle | None = None) -> None:
        if not self._lock.held:
            self._lock.acquire()
        self._unlock(passphrase, throttle, upgrade=True)

    def close(self) -> None:
        self.lock()
        self._lock.release()

    @property
    def actor(self) -> str:
        """Who the audit log names for what is done through this vault."""
        return self.officer_name or "unknown"

    @property
    def is_locked(self) -> bool:
        return self._engine is None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise VaultLocked("The vault is locked.")
        return self._engine

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------- sessions
    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        if self._sessions is None:
            raise VaultLocked("The vault is locked.")
        session = self._sessions()
        session.info[case_history.ACTOR_KEY] = self.actor  # who the field history names
        try:
            with session.begin():
                yield session
        except DBAPIError as e:
            if _is_full(e):
                raise VaultFull() from None
            if _is_damaged(e):
                raise _damaged(self.path) from None
            if _is_busy(e):
                raise VaultBusy() from None
            raise
        finally:
            session.close()

    def read_session(self) -> Session:
        """A session for reading only: it sees the vault as it was when it began, beside
        a write under way. Never write through it."""
        if self._reads is None:
            raise VaultLocked("The vault is locked.")
        return self._reads()

    def matches(self, passphrase: str) -> bool:
        """Whether ``passphrase`` is this vault's (derived and compared; one derivation)."""
        if self._key is None:
            raise VaultLocked("The vault is locked.")
        return self._key.matches(passphrase)

    # ----------------------------------------------------------------- settings
    def get_meta(self, key: str, default: str = "") -> str:
        with self.read_session() as s:
            row = s.get(VaultMeta, key)
            return row.value if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as s:
            row = s.get(VaultMeta, key)
            if row is None:
                s.add(VaultMeta(key=key, value=value))
            else:
                row.value = value
        if key == OFFICER_KEY:
            self.officer_name = value

    # ----------------------------------------------------------------- maintenance
    def rekey(self, old_passphrase: str, new_passphrase: str, repeated: str | None = None) -> None:
        """Change the passphrase, logged: the re-encrypted pages and the audit entry land
        in one commit, or neither does (however the process ends).

        SQLCipher's ``PRAGMA rekey`` rewrites every page inside the connection's open write
        transaction and commits it; the entry added first in that transaction is committed
        with them, under the new key. The file's salt stays; the new key is derived with it
        and given to SQLCipher raw.
        """
        check_new_passphrase(new_passphrase, repeated)
        if new_passphrase == old_passphrase:
            raise FieldError("new passphrase", "is the passphrase the vault already has")
        if not self.matches(old_passphrase):  # the old one must be known
            raise WrongPassphrase()
        old_key = self._key
        new = derive(new_passphrase, old_key.salt)
        self.lock()
        conn = _open_raw(self.path, old_key)
        engine = pooled_engine(lambda: conn, module=sqlcipher3, hide_parameters=True)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            with Session(engine) as s, s.begin():
                audit.append(s, self.actor, audit.AuditAction.ALTERATION, "vault",
                             detail="passphrase changed")
                s.flush()
                cursor = s.connection().connection.cursor()
                try:
                    # In the open transaction (executescript would commit it first), never
                    # through SQLAlchemy (its error would quote the statement); the
                    # connection is closed just after, so the statement is not kept.
                    cursor.execute(f'PRAGMA rekey = "{new.rekey_literal()}"')
                finally:
                    cursor.close()
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except (sqlcipher3.DatabaseError, DBAPIError) as e:
            engine.dispose()
            with contextlib.suppress(VaultError, sqlcipher3.DatabaseError):
                self._unlock_with_key(old_key, None, upgrade=False)  # nothing was changed
            if _is_full(e):
                raise VaultFull() from None
            raise VaultError("The passphrase could not be changed; the vault keeps its "
                             "old one.") from None
        finally:
            engine.dispose()  # closes conn: the statement that held the new key goes with it
        self._unlock_with_key(new, None, upgrade=False)

    def backup(self, out: Path, passphrase: str | None = None) -> Path:
        """A consistent encrypted copy (same passphrase) at ``out``, taken while open;
        ``passphrase``, when given, must be the vault's (the services check it first)."""
        out = Path(out)
        if out.exists():
            raise VaultExists(f"{out.name} already exists: choose another name for the backup.")
        if passphrase is not None and not self.matches(passphrase):
            raise WrongPassphrase()
        _export(self.engine, self._key, out)
        return out

    def check(self) -> CheckReport:
        """Every problem found: SQLCipher's page checks (HMAC of every page), SQLite's
        integrity and foreign key checks, the schema revision and the audit chain.

        Nothing here takes a write lock or changes a record; a damaged page is reported,
        never raised, and the checks after it still run.
        """
        problems: list[str] = []
        chain: list[str] = []
        revision: str | None = None
        reader = self.engine.execution_options(**{READ_ONLY: True})  # BEGIN, no write lock
        try:
            with reader.connect() as conn:
                revision = migrate.current_revision(conn)
        except (DBAPIError, VaultError, sqlcipher3.DatabaseError):
            problems.append("the schema revision cannot be read")
        try:
            with Session(reader) as s:
                chain = [str(p) for p in audit.verify(s)]
        except (DBAPIError, VaultError, sqlcipher3.DatabaseError):
            chain = ["the audit log cannot be read: the vault is damaged"]
        raw = self.engine.raw_connection()
        try:
            cur = raw.cursor()
            # SQLCipher checks the pages in the file, not their newer copies in the WAL.
            # After a rekey cut short while its WAL was being copied back, pages in the file
            # still under the old key would read as damaged though the WAL holds them whole:
            # copy the WAL in first (SQLite's checkpoint is itself crash-safe). If it cannot,
            # the checks below say what is wrong.
            with contextlib.suppress(sqlcipher3.DatabaseError):
                cur.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            try:
                problems += [r[0] for r in
                             cur.execute("PRAGMA cipher_integrity_check").fetchall()]
            except sqlcipher3.DatabaseError:
                problems.append("the pages' checksums cannot be read: the vault is damaged")
            try:
                rows = [r[0] for r in cur.execute("PRAGMA integrity_check").fetchall()]
                if rows != ["ok"]:
                    problems += rows
                problems += [f"foreign key broken in {r[0]}"
                             for r in cur.execute("PRAGMA foreign_key_check").fetchall()]
            except sqlcipher3.DatabaseError:
                # SQLite gives up on a page it cannot decrypt: report it, do not crash.
                problems.append("some pages cannot be read: the vault is damaged")
        finally:
            raw.close()
        return CheckReport(revision=revision, head=migrate.head_revision(), problems=problems,
                           audit=chain)

    def verify_pages(self) -> None:
        """``VaultDamaged`` unless every page passes SQLCipher's checksum (HMAC).

        A headless command runs this first (0.1 s for 5,000 cases), so a damaged page it
        would not itself read still gives exit 4 rather than an answer from a damaged file.
        """
        raw = self.engine.raw_connection()
        try:
            if raw.cursor().execute("PRAGMA cipher_integrity_check").fetchall():
                raise _damaged(self.path)
        except sqlcipher3.DatabaseError:
            raise _damaged(self.path) from None
        finally:
            raw.close()

    def audit_problems(self) -> list[str]:
        with self.read_session() as s:
            return [str(p) for p in audit.verify(s)]

    def log(self, action: audit.AuditAction | str, record_type: str, record_id: object = "",
            detail: str = "") -> None:
        """Write one audit entry on its own (for acts that change nothing, like an export)."""
        with self.transaction() as s:
            audit.append(s, self.actor, action, record_type, record_id,
                         detail)

    def ping(self) -> None:
        with self.read_session() as s:
            s.execute(select(1))


def _sql_text(text: str) -> str:
    """``text`` as an SQL string literal (quotes doubled)."""
    return "'" + text.replace("'", "''") + "'"


def _export(engine: Engine, key: VaultKey, out: Path) -> None:
    """Copy the whole vault into a new encrypted file ``out`` (atomically), under the same
    key and salt: the vault's passphrase opens it.

    The copy is made in a temporary file beside ``out``, created owner-only before SQLite
    writes its first byte (SQLite keeps the mode of a file it opens), renamed into place
    only when whole; a kill leaves the temporary file to the next start's sweep. The
    ATTACH with the key runs through ``executescript``: no statement that holds the key
    stays prepared on the vault's connection afterwards.
    """
    tmp = out.with_name(f".{out.name}.partial")
    for leftover in [tmp, *(Path(str(tmp) + s) for s in SIDE_FILES)]:
        leftover.unlink(missing_ok=True)
    unfinished.begin(tmp)
    try:
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as e:
        unfinished.end(tmp)
        raise VaultUnwritable(f"The backup could not be written to {out.name} "
                              f"({e.strerror or 'error'}).") from None
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.executescript(
            f"ATTACH DATABASE {_sql_text(str(tmp))} AS rrdesk_backup "
            f"KEY {_sql_text(key.sql_literal())};")
        try:
            cur.execute("BEGIN")
            cur.execute("SELECT sqlcipher_export('rrdesk_backup')")
            version = cur.execute("PRAGMA main.user_version").fetchone()[0]
            cur.execute(f"PRAGMA rrdesk_backup.user_version = {int(version)}")
            cur.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(Exception):
                cur.execute("ROLLBACK")
            raise
        finally:
            cur.execute("DETACH DATABASE rrdesk_backup")
    except sqlcipher3.DatabaseError as e:
        tmp.unlink(missing_ok=True)
        unfinished.end(tmp)
        if "full" in str(e).lower():
            raise VaultFull() from None
        if _is_busy(e):
            raise _busy() from None
        raise VaultError(f"The backup could not be written to {out.name}.") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        unfinished.end(tmp)
        raise
    finally:
        raw.close()
    os.chmod(tmp, 0o600)
    _fsync_file(tmp)
    os.replace(tmp, out)
    unfinished.end(tmp)
    _fsync_dir(out.parent)


def restore(backup: Path, vault_path: Path, passphrase: str) -> Path | None:
    """Put ``backup`` in place of ``vault_path``; returns where the replaced vault was kept.

    The backup is checked (passphrase and integrity) before anything is touched, and the
    vault it replaces is moved aside, never deleted.
    """
    backup, vault_path = Path(backup), Path(vault_path)
    if not backup.exists():
        raise VaultMissing(f"There is no backup at {backup}.")
    if backup.is_dir():
        raise NotAVault(f"{backup.name} is a folder: give the backup file.")
    check_looks_like_vault(backup)
    if vault_path.is_dir():
        raise NotAVault(f"{vault_path.name} is a folder: give the vault file to replace.")
    if vault_path.exists():
        try:
            check_looks_like_vault(vault_path)
        except NotAVault as e:
            if "cut short" not in str(e):  # a vault cut short is what a restore is for
                raise NotAVault(f"{e} Nothing was replaced.") from None
    conn = _open_raw(backup, key_for(backup, passphrase))
    try:
        problems = [r[0] for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
        if [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()] != ["ok"]:
            problems.append("integrity check failed")
    except sqlcipher3.DatabaseError:  # a page SQLite cannot read at all
        problems = ["unreadable pages"]
    finally:
        conn.close()
    if problems:
        raise VaultDamaged(f"{backup.name} is damaged; the vault was not changed.")
    lock = VaultLockFile(vault_path)
    lock.acquire()
    try:
        tmp = vault_path.with_name(f".{vault_path.name}.restoring")
        shutil.copyfile(backup, tmp)
        os.chmod(tmp, 0o600)
        _fsync_file(tmp)
        kept: Path | None = None
        if vault_path.exists():
            kept = vault_path.with_name(f"{vault_path.name}.replaced-{_timestamp()}")
            for suffix in SIDE_FILES:  # the old WAL belongs to the old file, not the backup
                side = Path(str(vault_path) + suffix)
                if side.exists():
                    os.replace(side, Path(str(kept) + suffix))
            os.replace(vault_path, kept)
        os.replace(tmp, vault_path)
        _fsync_dir(vault_path.parent)
        return kept
    finally:
        lock.release()
