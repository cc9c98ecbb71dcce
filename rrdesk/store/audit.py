"""Append-only audit log with a hash chain (Data Protection Act 2018, Part 3, s.62).

Each entry's hash covers its own fields and the previous entry's hash, so an edited entry,
a deleted entry in the middle (a gap in the ids) and a deleted tail (the count and head kept
in ``vault_meta``) all show when the chain is verified. Entries hold record types and ids,
never the personal data itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from rrdesk.store.bulk_insert import insert_many
from rrdesk.store.models import AuditEntry, VaultMeta

GENESIS = "0" * 64
HEAD_KEY = "audit_head"
COUNT_KEY = "audit_count"


class AuditAction(StrEnum):
    COLLECTION = "collection"
    ALTERATION = "alteration"
    CONSULTATION = "consultation"
    DISCLOSURE = "disclosure"
    COMBINATION = "combination"
    ERASURE = "erasure"


def entry_hash(prev_hash: str, entry_id: int, at: str, actor: str, action: str,
               record_type: str, record_id: str, detail: str) -> str:
    payload = json.dumps([prev_hash, entry_id, at, actor, action, record_type, record_id,
                          detail], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _meta(session: Session, key: str) -> VaultMeta:
    row = session.get(VaultMeta, key)
    if row is None:
        row = VaultMeta(key=key, value="")
        session.add(row)
    return row


def append(session: Session, actor: str, action: AuditAction | str, record_type: str,
           record_id: object = "", detail: str = "", now: dt.datetime | None = None
           ) -> AuditEntry:
    """Add one entry in the caller's transaction (so it commits with the change it logs)."""
    action = AuditAction(action)
    head = _meta(session, HEAD_KEY)
    count = _meta(session, COUNT_KEY)
    prev_hash = head.value or GENESIS
    last_id = session.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1)) or 0
    entry_id = last_id + 1
    at = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="microseconds")
    rid = "" if record_id is None else str(record_id)
    digest = entry_hash(prev_hash, entry_id, at, actor, action.value, record_type, rid, detail)
    entry = AuditEntry(id=entry_id, at=at, actor=actor, action=action.value,
                       record_type=record_type, record_id=rid, detail=detail,
                       prev_hash=prev_hash, hash=digest)
    session.add(entry)
    head.value = digest
    count.value = str(entry_id)
    return entry


def append_many(session: Session, actor: str, action: AuditAction | str, record_type: str,
                items: Iterable[tuple[object, str]], now: dt.datetime | None = None) -> int:
    """Add one entry per (record id, detail) in the caller's transaction, as ``append`` would
    one at a time, in a single multi-row insert (an import of 50,000 cases logs each one).
    Returns how many were added."""
    action = AuditAction(action)
    head = _meta(session, HEAD_KEY)
    count = _meta(session, COUNT_KEY)
    prev_hash = head.value or GENESIS
    entry_id = session.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1)) or 0
    at = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="microseconds")
    rows = []
    for record_id, detail in items:
        entry_id += 1
        rid = "" if record_id is None else str(record_id)
        digest = entry_hash(prev_hash, entry_id, at, actor, action.value, record_type, rid,
                            detail)
        rows.append({"id": entry_id, "at": at, "actor": actor, "action": action.value,
                     "record_type": record_type, "record_id": rid, "detail": detail,
                     "prev_hash": prev_hash, "hash": digest})
        prev_hash = digest
    if not rows:
        return 0
    insert_many(session.connection(), AuditEntry.__table__, rows)
    head.value = prev_hash
    count.value = str(entry_id)
    return len(rows)


@dataclass
class ChainProblem:
    entry_id: int | None
    message: str

    def __str__(self) -> str:
        where = f"entry {self.entry_id}" if self.entry_id is not None else "audit log"
        return f"{where}: {self.message}"


GUARDS = ("audit_log_no_update", "audit_log_no_delete")  # triggers made by migration 0001


def verify(session: Session) -> list[ChainProblem]:
    """Every problem found in the chain; an empty list means it is intact.

    A vault's log starts with entry 1 when the vault is created, so an empty log, a first
    entry other than 1, a missing head or count row, or a head and count that do not match
    the last entry are all problems; so is a removed append-only trigger.
    """
    problems: list[ChainProblem] = []
    prev_hash = GENESIS
    expected_id = 1
    seen = 0
    for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        seen += 1
        if e.id != expected_id:
            problems.append(ChainProblem(e.id, f"entries {expected_id}..{e.id - 1} are missing"))
        if e.prev_hash != prev_hash:
            problems.append(ChainProblem(e.id, "does not follow the entry before it"))
        digest = entry_hash(e.prev_hash, e.id, e.at, e.actor, e.action, e.record_type,
                            e.record_id, e.detail)
        if digest != e.hash:
            problems.append(ChainProblem(e.id, "has been altered since it was written"))
        prev_hash = e.hash
        expected_id = e.id + 1
    if not seen:
        problems.append(ChainProblem(None, "is empty: every entry has been removed"))
    head = session.get(VaultMeta, HEAD_KEY)
    count = session.get(VaultMeta, COUNT_KEY)
    if head is None or count is None:
        missing = " and ".join(n for n, r in (("head", head), ("count", count)) if r is None)
        problems.append(ChainProblem(None, f"its {missing} record has been removed"))
    if (head is not None and head.value != prev_hash) or (
        count is not None and count.value != str(expected_id - 1)
    ):
        problems.append(ChainProblem(None, "the latest entries have been removed"))
    problems += [ChainProblem(None, f"the append-only guard {name} has been removed")
                 for name in missing_guards(session)]
    return problems


def missing_guards(session: Session) -> list[str]:
    """The append-only triggers no longer in the schema (SQLite keeps them in sqlite_master)."""
    if session.get_bind().dialect.name != "sqlite":  # pragma: no cover - a server later
        return []
    present = set(session.scalars(text(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")))
    return [name for name in GUARDS if name not in present]


def entries(session: Session) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
