"""Use cases on the case register: add, change, look at and list people."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from rrdesk.domain.case import CaseDetails, validate_case
from rrdesk.store.audit import AuditAction, append
from rrdesk.store.models import Case
from rrdesk.store.vault import Vault

RECORD = "case"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def details_of(case: Case) -> CaseDetails:
    return CaseDetails(**{name: getattr(case, name) for name in CaseDetails.field_names()})


def _apply(case: Case, details: CaseDetails) -> list[str]:
    """Copy the values onto the row; return the names of the fields that changed."""
    changed = []
    for name in CaseDetails.field_names():
        value = getattr(details, name)
        if hasattr(value, "value"):  # enums are stored as their text
            value = value.value
        if getattr(case, name) != value:
            setattr(case, name, value)
            changed.append(name)
    return changed


class CaseService:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    @property
    def actor(self) -> str:
        return self.vault.officer_name or "unknown"

    def add(self, details: CaseDetails) -> int:
        details = validate_case(details)
        with self.vault.transaction() as s:
            now = _now()
            case = Case(created_at=now, updated_at=now)
            _apply(case, details)
            s.add(case)
            s.flush()
            append(s, self.actor, AuditAction.COLLECTION, RECORD, case.id)
            return case.id

    def update(self, case_id: int, details: CaseDetails) -> list[str]:
        details = validate_case(details)
        with self.vault.transaction() as s:
            case = s.get(Case, case_id)
            if case is None:
                raise KeyError(case_id)
            changed = _apply(case, details)
            if changed:
                case.updated_at = _now()
                # Field names only: never the values.
                append(s, self.actor, AuditAction.ALTERATION, RECORD, case_id,
                       "changed: " + ", ".join(changed))
            return changed

    def get(self, case_id: int) -> CaseDetails:
        """Open a case: this is a consultation, and is logged as one."""
        with self.vault.transaction() as s:
            case = s.get(Case, case_id)
            if case is None:
                raise KeyError(case_id)
            append(s, self.actor, AuditAction.CONSULTATION, RECORD, case_id)
            return details_of(case)

    def count(self) -> int:
        with self.vault.read_session() as s:
            return s.scalar(select(func.count()).select_from(Case)) or 0

    def all_ids(self) -> list[int]:
        with self.vault.read_session() as s:
            return list(s.scalars(select(Case.id).order_by(Case.family_name, Case.id)))
