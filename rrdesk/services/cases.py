"""Use cases on the case register: add, change, look at, find duplicates of and merge people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from rrdesk.domain.case import CaseDetails, CaseStatus, validate_case
from rrdesk.domain.reviews import ReviewIntervals, next_review_due
from rrdesk.domain.search_text import fold
from rrdesk.services.local_rules import load_rules
from rrdesk.store.audit import AuditAction, append
from rrdesk.store.form_models import FormRecord
from rrdesk.store.mappa_models import (
    Attachment,
    CaseReview,
    LevelChange,
    Referral,
    RmpVersion,
)
from rrdesk.store.models import AuditEntry, Case, utc_now
from rrdesk.store.register_models import PathwayAction, PathwayNeed
from rrdesk.store.vault import Vault

RECORD = "case"


def review_intervals(vault: Vault) -> ReviewIntervals:
    """The level 2 and 3 review intervals: the team's local rules (File > Settings)."""
    rules = load_rules(vault)
    return ReviewIntervals(level2_weeks=rules.review_weeks_level2,
                           level3_weeks=rules.review_weeks_level3)


def details_of(case: Case) -> CaseDetails:
    return CaseDetails(**{name: getattr(case, name) for name in CaseDetails.field_names()})


def stored_values(details: CaseDetails, intervals: ReviewIntervals) -> dict[str, object]:
    """The column values of validated details, with the derived next review date."""
    values = {name: getattr(details, name) for name in CaseDetails.field_names()}
    for name in ("iom_cohort", "rosh", "status"):  # enums are stored as their text
        if isinstance(values[name], Enum):
            values[name] = values[name].value
    in_community = values["status"] == CaseStatus.ACTIVE
    values["next_review"] = (next_review_due(values["last_review"], values["mappa_level"],
                                             intervals) if in_community else None)
    return values


def apply_details(case: Case, details: CaseDetails, intervals: ReviewIntervals) -> list[str]:
    """Copy validated values onto the row (and derive its next review date).

    Returns the names of the fields that changed (the derived date is not one of them).
    """
    changed = []
    values = stored_values(details, intervals)
    values.pop("next_review")
    for name, value in values.items():
        if getattr(case, name) != value:
            setattr(case, name, value)
            changed.append(name)
    in_community = case.status == CaseStatus.ACTIVE
    rule = next_review_due(case.last_review, case.mappa_level, intervals) if in_community \
        else None
    # A next review a meeting set earlier than the rule (the chair's choice), or a first
    # meeting booked for an accepted referral, stays while the level and last review stay.
    keep = (in_community and case.next_review is not None and case.mappa_level in (2, 3)
            and "last_review" not in changed and "mappa_level" not in changed
            and (rule is None or case.next_review <= rule))
    if not keep:
        case.next_review = rule
    return changed


@dataclass
class PossibleDuplicate:
    case_id: int
    family_name: str
    given_names: str
    date_of_birth: dt.date | None
    reasons: list[str]


@dataclass
class HistoryItem:
    at: str
    actor: str
    action: str
    what: str


def history_in(s: Session, case_id: int) -> list[HistoryItem]:
    """Who did what to this case and to cases merged into it, newest first (in the
    caller's session)."""
    ids = [str(case_id)] + [str(i) for i in s.scalars(
        select(Case.id).where(Case.merged_into_id == case_id))]
    rows = s.scalars(select(AuditEntry).where(
        AuditEntry.record_type.in_([RECORD, "pathway_need", "pathway_action"]),
        AuditEntry.record_id.in_(ids)).order_by(AuditEntry.id.desc()))
    return [HistoryItem(e.at, e.actor, e.action, e.detail) for e in rows]


class CaseService:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def add(self, details: CaseDetails) -> int:
        details = validate_case(details)
        intervals = review_intervals(self.vault)
        with self.vault.transaction() as s:
            now = utc_now()
            case = Case(created_at=now, updated_at=now)
            apply_details(case, details, intervals)
            s.add(case)
            s.flush()
            append(s, self.vault.actor, AuditAction.COLLECTION, RECORD, case.id)
            return case.id

    def update(self, case_id: int, details: CaseDetails) -> list[str]:
        details = validate_case(details)
        intervals = review_intervals(self.vault)
        with self.vault.transaction() as s:
            case = self._case(s, case_id)
            changed = apply_details(case, details, intervals)
            if changed:
                case.updated_at = utc_now()
                # Field names only: never the values.
                append(s, self.vault.actor, AuditAction.ALTERATION, RECORD, case_id,
                       "changed: " + ", ".join(changed))
            return changed

    def get(self, case_id: int) -> CaseDetails:
        """Open a case: this is a consultation, and is logged as one."""
        with self.vault.transaction() as s:
            case = self._case(s, case_id)
            append(s, self.vault.actor, AuditAction.CONSULTATION, RECORD, case_id)
            return details_of(case)

    def next_review(self, case_id: int) -> dt.date | None:
        with self.vault.read_session() as s:
            return self._case(s, case_id).next_review

    @staticmethod
    def _case(s: Session, case_id: int) -> Case:
        case = s.get(Case, case_id)
        if case is None:
            raise KeyError(f"there is no case {case_id}")
        return case

    def count(self) -> int:
        with self.vault.read_session() as s:
            return s.scalar(select(func.count()).select_from(Case)) or 0

    def all_ids(self) -> list[int]:
        with self.vault.read_session() as s:
            return list(s.scalars(select(Case.id).order_by(Case.id)))

    # ------------------------------------------------------------ duplicates and merging
    def possible_duplicates(self, details: CaseDetails,
                            exclude_id: int | None = None) -> list[PossibleDuplicate]:
        """Cases that may be the same person: same PNC ID, same CRN, or same name and birth date."""
        details = validate_case(details)
        conditions = []
        if details.pnc:
            conditions.append(Case.pnc == details.pnc)
        if details.crn:
            conditions.append(Case.crn == details.crn)
        if details.date_of_birth:
            conditions.append(Case.date_of_birth == details.date_of_birth)
        if not conditions:
            return []
        found: list[PossibleDuplicate] = []
        with self.vault.read_session() as s:
            query = select(Case).where(or_(*conditions), Case.merged_into_id.is_(None))
            for case in s.scalars(query):
                if case.id == exclude_id:
                    continue
                reasons = []
                if details.pnc and case.pnc == details.pnc:
                    reasons.append("same PNC ID")
                if details.crn and case.crn == details.crn:
                    reasons.append("same CRN")
                if (details.date_of_birth and case.date_of_birth == details.date_of_birth
                        and fold(case.family_name) == fold(details.family_name)
                        and fold(case.given_names) == fold(details.given_names)):
                    reasons.append("same name and date of birth")
                if reasons:
                    found.append(PossibleDuplicate(case.id, case.family_name, case.given_names,
                                                   case.date_of_birth, reasons))
        return found

    def merge(self, keep_id: int, other_id: int) -> None:
        """Fold ``other_id`` into ``keep_id``: needs, actions and history move across.

        Empty fields of the kept case take the other's values; the other's names become
        aliases; the other case stays (closed, marked merged) so its history is kept.
        """
        if keep_id == other_id:
            raise ValueError("a case cannot be merged with itself")
        intervals = review_intervals(self.vault)
        with self.vault.transaction() as s:
            keep, other = self._case(s, keep_id), self._case(s, other_id)
            if other.merged_into_id is not None or keep.merged_into_id is not None:
                raise ValueError("one of these cases has already been merged")
            merged = details_of(keep)
            for name in CaseDetails.field_names():
                if getattr(merged, name) in (None, "") and getattr(other, name) not in (None, ""):
                    setattr(merged, name, getattr(other, name))
            other_name = f"{other.given_names} {other.family_name}".strip()
            keep_name = f"{keep.given_names} {keep.family_name}".strip()
            aliases = [a.strip() for a in (keep.aliases or "").split(";") if a.strip()]
            for alias in [other_name, *(other.aliases or "").split(";")]:
                alias = alias.strip()
                if alias and fold(alias) != fold(keep_name) and alias not in aliases:
                    aliases.append(alias)
            merged.aliases = "; ".join(aliases)[:500]
            merged.offence_count = max(keep.offence_count or 0, other.offence_count or 0)
            if other.last_review and (not keep.last_review or other.last_review > keep.last_review):
                merged.last_review = other.last_review
            apply_details(keep, validate_case(merged), intervals)
            keep.updated_at = utc_now()
            for model in (PathwayNeed, PathwayAction):
                for row in s.scalars(select(model).where(model.case_id == other_id)):
                    row.case_id = keep_id
            # Records about the person (referrals, minutes ...) follow; the other record's
            # own case details stay with it, as its history.
            for record in s.scalars(select(FormRecord).where(
                    FormRecord.case_id == other_id, FormRecord.form_id != "case_details")):
                record.case_id = keep_id
            # So does the MAPPA history: referrals, level history, attachments, and minutes
            # and plans (the kept case's current plan stays current).
            for model in (Referral, LevelChange, Attachment, CaseReview):
                for row in s.scalars(select(model).where(model.case_id == other_id)):
                    row.case_id = keep_id
            keep_has_plan = s.scalar(select(RmpVersion.id).where(
                RmpVersion.case_id == keep_id, RmpVersion.status == "current")) is not None
            for plan in s.scalars(select(RmpVersion).where(RmpVersion.case_id == other_id)):
                plan.case_id = keep_id
                if keep_has_plan and plan.status == "current":
                    plan.status = "superseded"
            other.merged_into_id = keep_id
            other.status = CaseStatus.CLOSED.value
            other.closed_on = other.closed_on or dt.date.today()
            other.next_review = None
            other.updated_at = utc_now()
            append(s, self.vault.actor, AuditAction.COMBINATION, RECORD, keep_id,
                   f"case {other_id} merged into this case")
            append(s, self.vault.actor, AuditAction.COMBINATION, RECORD, other_id,
                   f"merged into case {keep_id}")

    def history(self, case_id: int) -> list[HistoryItem]:
        """Who did what to this case (and to cases merged into it), newest first."""
        with self.vault.read_session() as s:
            return history_in(s, case_id)
