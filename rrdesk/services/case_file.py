"""Everything a case window shows about one case, read at once.

Opening a case read it piece by piece (the details, the next review, the needs, the
actions, the field history, the audit history: a read each, and the needs again on every
pathway chosen). ``open_case`` reads them in one transaction, logging the opening as a
consultation in it; ``read_case`` reads them again after a change, without a new one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from rrdesk.domain.case import CaseDetails
from rrdesk.domain.pathways import Pathway
from rrdesk.domain.prolific import is_prolific
from rrdesk.services.case_record import FieldChange, field_history_in
from rrdesk.services.cases import RECORD, HistoryItem, details_of, history_in
from rrdesk.services.local_rules import load_rules
from rrdesk.services.pathways import ActionDetails, NeedAssessment, actions_in, current_needs_in
from rrdesk.store.audit import AuditAction, append
from rrdesk.store.models import Case
from rrdesk.store.vault import Vault


@dataclass
class CaseFile:
    """One case as its window shows it."""

    case_id: int
    details: CaseDetails
    next_review: dt.date | None
    prolific: bool  # by the team's local rules, today
    needs: dict[Pathway, NeedAssessment]  # the latest assessment of each pathway
    actions: list[ActionDetails]  # by target date, undated last
    changes: list[FieldChange]  # every change of a case field, oldest first
    history: list[HistoryItem]  # the audit log of the case, newest first


def open_case(vault: Vault, case_id: int, today: dt.date | None = None) -> CaseFile:
    """Open a case: a consultation, logged as one, in the same transaction as the read."""
    rules = load_rules(vault)
    with vault.transaction() as s:
        case = _case(s, case_id)
        append(s, vault.actor, AuditAction.CONSULTATION, RECORD, case_id)
        return _file(s, case, today or dt.date.today(), rules)


def read_case(vault: Vault, case_id: int, today: dt.date | None = None) -> CaseFile:
    """The case again after a change made in its window (not a new consultation)."""
    rules = load_rules(vault)
    with vault.read_session() as s:
        return _file(s, _case(s, case_id), today or dt.date.today(), rules)


def _case(s: Session, case_id: int) -> Case:
    case = s.get(Case, case_id)
    if case is None:
        raise KeyError(f"there is no case {case_id}")
    return case


def _file(s: Session, case: Case, today: dt.date, rules) -> CaseFile:  # noqa: ANN001
    details = details_of(case)
    return CaseFile(case.id, details, case.next_review,
                    is_prolific(details.date_of_birth, details.offence_count, today, rules),
                    current_needs_in(s, case.id), actions_in(s, case.id),
                    field_history_in(s, case.id), history_in(s, case.id))
