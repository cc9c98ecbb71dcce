"""Everything a case window shows about one case, read at once.

Opening a case read it piece by piece (the details, the needs, the actions, the sentence,
the flags, the forms, the MAPPA reviews and plans...: a read each, and some again on every
selection). ``open_case`` reads them all in one transaction, logging the opening as one
consultation in it; ``read_case`` reads them again after a change, without a new one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from rrdesk.domain.case import CaseDetails
from rrdesk.domain.case_record import (
    CaseEvent,
    FlagEntry,
    IomSelection,
    Profile,
    Requirement,
    Sentence,
)
from rrdesk.domain.local_rules import LocalRules
from rrdesk.domain.pathways import Pathway
from rrdesk.domain.prolific import is_prolific
from rrdesk.forms.loader import FormLibrary
from rrdesk.services import case_record as record
from rrdesk.services.case_file_mappa import MappaFile, mappa_in
from rrdesk.services.case_record import FieldChange, field_history_in
from rrdesk.services.cases import RECORD, HistoryItem, details_of, history_in
from rrdesk.services.forms import RecordSummary, case_records_in, form_title, load_forms
from rrdesk.services.local_rules import rules_in
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
    sentence: Sentence | None
    requirements: list[Requirement]  # requirements and licence conditions, latest first
    events: list[CaseEvent]  # recalls and breaches, latest first
    flags: list[FlagEntry]
    profile: Profile  # gender and ethnicity
    selections: list[IomSelection]  # IOM cohort history, most recent first
    forms: list[RecordSummary]  # form records and drafts of new ones, newest first
    mappa: MappaFile
    rules: LocalRules  # the team's local rules, as they were read with the case


def open_case(vault: Vault, case_id: int, today: dt.date | None = None,
              forms: FormLibrary | None = None) -> CaseFile:
    """Open a case: a consultation, logged as one, in the same transaction as the read.
    ``forms`` names the form records (the installed definitions when not given)."""
    forms = forms if forms is not None else load_forms()
    with vault.transaction() as s:
        case = _case(s, case_id)
        append(s, vault.actor, AuditAction.CONSULTATION, RECORD, case_id)
        return _file(s, case, today or dt.date.today(), forms)


def read_case(vault: Vault, case_id: int, today: dt.date | None = None,
              forms: FormLibrary | None = None) -> CaseFile:
    """The case again after a change made in its window (not a new consultation)."""
    forms = forms if forms is not None else load_forms()
    with vault.read_session() as s:
        return _file(s, _case(s, case_id), today or dt.date.today(), forms)


def _case(s: Session, case_id: int) -> Case:
    case = s.get(Case, case_id)
    if case is None:
        raise KeyError(f"there is no case {case_id}")
    return case


def _file(s: Session, case: Case, today: dt.date, forms: FormLibrary) -> CaseFile:
    rules = rules_in(s)
    details = details_of(case)
    return CaseFile(case.id, details, case.next_review,
                    is_prolific(details.date_of_birth, details.offence_count, today, rules),
                    current_needs_in(s, case.id), actions_in(s, case.id),
                    field_history_in(s, case.id), history_in(s, case.id),
                    record.sentence_in(s, case.id), record.requirements_in(s, case.id),
                    record.events_in(s, case.id), record.flags_in(s, case.id),
                    record.profile_in(s, case.id), record.selections_in(s, case.id),
                    case_records_in(s, case.id, lambda f, v: form_title(forms, f, v)),
                    mappa_in(s, case.id, details, case.next_review, rules, today), rules)
