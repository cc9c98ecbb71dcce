"""MAPPA referrals (MAPPA A): a case put forward for level 2 or 3, accepted (level, first
meeting) or declined (with a reason) by the coordinator."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from rrdesk.domain import checks
from rrdesk.domain.errors import FieldError, ValidationErrors
from rrdesk.domain.mappa import (
    CATEGORIES,
    MEETING_LEVELS,
    MeetingStatus,
    ReferralCriterion,
    ReferralStatus,
    prompts_on_accept,
)
from rrdesk.services.mappa_records import Acceptance, ReferralDetails, ReferralView
from rrdesk.services.minutes import person_label, start_review
from rrdesk.store.audit import AuditAction, append
from rrdesk.store.mappa_models import LevelChange, Meeting, Referral
from rrdesk.store.models import Case, utc_now
from rrdesk.store.vault import Vault

RECORD = "mappa_referral"


def check_referral(d: ReferralDetails, today: dt.date | None = None) -> ReferralDetails:
    today = today or dt.date.today()
    errors: list[FieldError] = []
    if not isinstance(d.referral_date, dt.date):
        errors.append(FieldError("referral_date", "give the date of the referral"))
    elif d.referral_date > today:
        errors.append(FieldError("referral_date", "is in the future"))
    d.referring_agency = checks.text(errors, "referring_agency", d.referring_agency, 100,
                                     required=True, required_message="name the referring agency")
    d.referrer = checks.text(errors, "referrer", d.referrer, 100)
    if d.category not in CATEGORIES:
        errors.append(FieldError("category", "must be category 1, 2, 3 or 4"))
    if d.proposed_level not in MEETING_LEVELS:
        errors.append(FieldError("proposed_level", "a referral proposes level 2 or 3"))
    criteria = []
    for c in d.criteria:
        try:
            criteria.append(ReferralCriterion(c))
        except ValueError:
            errors.append(FieldError("criteria", "is not one of the referral criteria"))
    if not criteria:
        errors.append(FieldError("criteria", "tick at least one criterion the case meets"))
    d.criteria = list(dict.fromkeys(criteria))
    d.reason = checks.text(errors, "reason", d.reason, 10_000)
    d.index_offence = checks.text(errors, "index_offence", d.index_offence, 2000)
    if errors:
        raise ValidationErrors(errors)
    return d


def _view(r: Referral, case: Case | None) -> ReferralView:
    return ReferralView(
        case_id=r.case_id, referral_date=r.referral_date, referring_agency=r.referring_agency,
        category=r.category, proposed_level=r.proposed_level,
        criteria=[ReferralCriterion(c) for c in json.loads(r.criteria or "[]")],
        referrer=r.referrer, reason=r.reason, index_offence=r.index_offence, id=r.id,
        person=person_label(case) if case is not None else "",
        status=ReferralStatus(r.status), accepted_level=r.accepted_level,
        first_meeting_id=r.first_meeting_id, decline_reason=r.decline_reason,
        decided_by=r.decided_by, decided_at=r.decided_at)


def referrals_in(s: Session, status: ReferralStatus | str | None = None,
                 case_id: int | None = None) -> list[ReferralView]:
    """Referrals, newest first (pending first), in the caller's session."""
    query = select(Referral, Case).join(Case, Case.id == Referral.case_id)
    if status is not None:
        query = query.where(Referral.status == ReferralStatus(status).value)
    if case_id is not None:
        query = query.where(Referral.case_id == case_id)
    rows = s.execute(query.order_by(Referral.referral_date.desc(), Referral.id.desc())).all()
    views = [_view(r, c) for r, c in rows]
    return sorted(views, key=lambda v: v.status != ReferralStatus.PENDING)


REFERRAL_FORM = "mappa_referral"


def record_from_form(s: Session, actor: str, record_id: int, case_id: int,
                     values: dict, today: dt.date | None = None) -> int | None:
    """A MAPPA A saved through its form (version 2 or later) is a pending referral for the
    coordinator, in the caller's transaction; saved again while pending, the referral
    follows. A form without the criteria (version 1) or a referral already decided is left
    alone. Returns the referral id."""
    if "criteria" not in values:
        return None
    referral = s.scalar(select(Referral).where(Referral.form_record_id == record_id))
    if referral is not None and referral.status != ReferralStatus.PENDING.value:
        return referral.id
    reason = "\n\n".join(x for x in (values.get("reason"), values.get("why_level")) if x)
    try:
        d = check_referral(ReferralDetails(
            case_id=case_id, referral_date=values.get("referral_date"),
            referring_agency=values.get("referring_agency") or "",
            category=_int(values.get("category")),
            proposed_level=_int(values.get("level_requested")),
            criteria=list(values.get("criteria") or []), referrer=values.get("referrer") or "",
            reason=reason, index_offence=values.get("index_offence") or ""), today)
    except ValidationErrors as e:
        names = {"proposed_level": "level_requested"}
        raise ValidationErrors([FieldError(names.get(x.field, x.field), x.message)
                                for x in e.errors]) from None
    if referral is None:
        referral = Referral(status=ReferralStatus.PENDING.value, created_at=utc_now(),
                            form_record_id=record_id)
        s.add(referral)
    referral.case_id = d.case_id
    referral.referral_date = d.referral_date
    referral.referring_agency = d.referring_agency
    referral.referrer = d.referrer
    referral.category = d.category
    referral.proposed_level = d.proposed_level
    referral.criteria = json.dumps([c.value for c in d.criteria])
    referral.reason = d.reason
    referral.index_offence = d.index_offence
    s.flush()
    append(s, actor, AuditAction.COLLECTION, RECORD, referral.id,
           f"case {case_id} referred for level {d.proposed_level} (form record {record_id})")
    return referral.id


def _int(value: object) -> int:
    try:
        return int(getattr(value, "value", value))
    except (TypeError, ValueError):
        return 0


class ReferralService:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def create(self, details: ReferralDetails, today: dt.date | None = None) -> int:
        d = check_referral(details, today)
        with self.vault.transaction() as s:
            if s.get(Case, d.case_id) is None:
                raise FieldError("case_id", "names a person who is not on the register")
            r = Referral(case_id=d.case_id, referral_date=d.referral_date,
                         referring_agency=d.referring_agency, referrer=d.referrer,
                         category=d.category, proposed_level=d.proposed_level,
                         criteria=json.dumps([c.value for c in d.criteria]), reason=d.reason,
                         index_offence=d.index_offence, status=ReferralStatus.PENDING.value,
                         created_at=utc_now())
            s.add(r)
            s.flush()
            append(s, self.vault.actor, AuditAction.COLLECTION, RECORD, r.id,
                   f"case {d.case_id} referred for level {d.proposed_level}")
            return r.id

    def get(self, referral_id: int) -> ReferralView:
        with self.vault.transaction() as s:
            r = self._referral(s, referral_id)
            append(s, self.vault.actor, AuditAction.CONSULTATION, RECORD, referral_id)
            return _view(r, s.get(Case, r.case_id))

    def list(self, status: ReferralStatus | str | None = None,
             case_id: int | None = None) -> list[ReferralView]:
        """Referrals, newest first (pending first when not filtered)."""
        with self.vault.read_session() as s:
            return referrals_in(s, status, case_id)

    def criteria_counts(self, since: dt.date | None = None,
                        until: dt.date | None = None) -> dict[ReferralCriterion, int]:
        """How often each criterion was met by referrals made between two dates."""
        query = select(Referral.criteria)
        if since is not None:
            query = query.where(Referral.referral_date >= since)
        if until is not None:
            query = query.where(Referral.referral_date <= until)
        counts: Counter[ReferralCriterion] = Counter()
        with self.vault.read_session() as s:
            for raw in s.scalars(query):
                counts.update(ReferralCriterion(c) for c in json.loads(raw or "[]"))
        return {c: counts.get(c, 0) for c in ReferralCriterion}

    def accept(self, referral_id: int, level: int, first_meeting_id: int | None = None,
               today: dt.date | None = None) -> Acceptance:
        """Accept at ``level``; the case is managed at that level from today, and is put on
        the agenda of its first meeting (which then is its review due date). Returns the
        prompts to consider (IOM adoption for category 2 or 3, a Critical Public Protection
        Case for level 3)."""
        today = today or dt.date.today()
        if level not in MEETING_LEVELS:
            raise FieldError("level", "a referral is accepted at level 2 or 3")
        with self.vault.transaction() as s:
            r = self._referral(s, referral_id)
            self._check_pending(r)
            case = s.get(Case, r.case_id)
            meeting = None
            if first_meeting_id is not None:
                meeting = s.get(Meeting, first_meeting_id)
                if meeting is None or meeting.status == MeetingStatus.CANCELLED.value:
                    raise FieldError("first_meeting", "choose a scheduled meeting")
                if meeting.level != level:
                    raise FieldError("first_meeting", f"choose a level {level} meeting")
                if meeting.held_at.date() < r.referral_date:
                    raise FieldError("first_meeting", "is before the referral")
            r.status = ReferralStatus.ACCEPTED.value
            r.accepted_level = level
            r.first_meeting_id = first_meeting_id
            r.decided_by = self.vault.actor
            r.decided_at = utc_now()
            if case.mappa_level != level:
                s.add(LevelChange(case_id=case.id, changed_on=today, from_level=case.mappa_level,
                                  to_level=level, reason="referral accepted",
                                  recorded_by=self.vault.actor, recorded_at=utc_now()))
            case.mappa_category = r.category
            case.mappa_level = level
            if meeting is not None:
                first = meeting.held_at.date()
                if case.next_review is None or case.next_review > first:
                    case.next_review = first
            case.updated_at = utc_now()
            s.flush()
            review_id = None
            if meeting is not None:
                review_id = start_review(s, meeting, case, self.vault.actor).id
            append(s, self.vault.actor, AuditAction.ALTERATION, RECORD, referral_id,
                   f"accepted at level {level}")
            append(s, self.vault.actor, AuditAction.ALTERATION, "case", case.id,
                   "changed: mappa_category, mappa_level, next_review (referral accepted)")
            return Acceptance(referral_id, level, first_meeting_id, review_id,
                              prompts_on_accept(r.category, level))

    def decline(self, referral_id: int, reason: str) -> None:
        reason = (reason or "").strip()
        if not reason:
            raise FieldError("decline_reason", "say why the referral is declined")
        with self.vault.transaction() as s:
            r = self._referral(s, referral_id)
            self._check_pending(r)
            r.status = ReferralStatus.DECLINED.value
            r.decline_reason = reason[:10_000]
            r.decided_by = self.vault.actor
            r.decided_at = utc_now()
            append(s, self.vault.actor, AuditAction.ALTERATION, RECORD, referral_id, "declined")

    @staticmethod
    def _referral(s: Session, referral_id: int) -> Referral:
        r = s.get(Referral, referral_id)
        if r is None:
            raise KeyError(f"there is no referral {referral_id}")
        return r

    @staticmethod
    def _check_pending(r: Referral) -> None:
        if r.status != ReferralStatus.PENDING.value:
            raise FieldError("status", f"this referral was already {r.status}")
