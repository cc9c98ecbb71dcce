"""Minutes of a case review (MAPPA B): filled in from the case, its referral and its last
minutes; the open actions of the current RMP reviewed; disclosure decisions; the level
decision; approval that drives the case; amendments after approval.

Lifecycle: draft -> approved (by whom and when) -> locked (distributed). Approved minutes
are never edited in place; ``amend`` records who, when, why, and the old and new value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rrdesk.domain import checks
from rrdesk.domain.errors import FieldError, ValidationErrors
from rrdesk.domain.mappa import (
    ActionStatus,
    Heading,
    LevelDecision,
    MinutesStatus,
    ReviewType,
    check_disclosure,
    check_level_decision,
    check_next_review,
    review_due,
)
from rrdesk.domain.reviews import ReviewIntervals
from rrdesk.services import rmp as rmp_store
from rrdesk.services.cases import review_intervals
from rrdesk.services.mappa_records import (
    SECTION_TITLES,
    ActionReviewItem,
    AmendmentItem,
    Approval,
    AttendeeItem,
    DisclosureItem,
    LevelChangeItem,
    Minutes,
    MinutesEdit,
    PersonSection,
)
from rrdesk.services.rmp import RmpPlan
from rrdesk.store.audit import AuditAction, append
from rrdesk.store.mappa_models import (
    ActionReview,
    Amendment,
    Attendee,
    CaseReview,
    Disclosure,
    LevelChange,
    Meeting,
    Referral,
    RmpAction,
    RmpVersion,
)
from rrdesk.store.models import Case, utc_now
from rrdesk.store.vault import Vault

RECORD = "mappa_minutes"
SECTION_MAX = 10_000
APPROVED_STATES = (MinutesStatus.APPROVED.value, MinutesStatus.LOCKED.value)
# Fields of approved minutes an amendment may change ("sections.<key>" for the text).
AMENDABLE = ("decision_reason", "dissent", "next_review")
# Sections that describe the person rather than one meeting: carried from the last minutes.
CARRIED_SECTIONS = ("ethnicity", "visor_ref", "areas_of_links", "approved_address",
                    "index_offence", "previous_offences", "relevant_dates", "hospital")
MARKS = (ActionStatus.DONE, ActionStatus.IN_PROGRESS, ActionStatus.NOT_DONE)


class MinutesNotEditable(ValueError):
    """Approved minutes are not edited in place: an amendment records the change."""


def intervals_of(vault: Vault) -> ReviewIntervals:
    return review_intervals(vault)


def person_label(case: Case) -> str:
    name = f"{case.family_name.upper()}, {case.given_names}" if case.given_names \
        else case.family_name.upper()
    return f"{name} ({case.crn})" if case.crn else name


# ------------------------------------------------------------------ starting a review
def last_approved_review(s: Session, case_id: int, before: dt.datetime | None = None
                         ) -> CaseReview | None:
    query = (select(CaseReview).join(Meeting, Meeting.id == CaseReview.meeting_id)
             .where(CaseReview.case_id == case_id, CaseReview.status.in_(APPROVED_STATES)))
    if before is not None:
        query = query.where(Meeting.held_at < before)
    return s.scalar(query.order_by(Meeting.held_at.desc(), CaseReview.id.desc()).limit(1))


def start_review(s: Session, meeting: Meeting, case: Case, actor: str,
                 review_type: ReviewType | None = None) -> CaseReview:
    """Put a case on a meeting's agenda as draft minutes, filled in from what is known:
    the case (identifiers, date of birth, category, level), its last referral, its last
    approved minutes (the sections about the person), and the open actions of its current
    RMP (in "review of the last actions", and carried into the draft plan)."""
    if s.scalar(select(CaseReview.id).where(CaseReview.meeting_id == meeting.id,
                                            CaseReview.case_id == case.id)) is not None:
        raise FieldError("case_id", "this case is already on the meeting's agenda")
    last = last_approved_review(s, case.id)
    referral = s.scalar(select(Referral).where(Referral.case_id == case.id)
                        .order_by(Referral.referral_date.desc(), Referral.id.desc()).limit(1))
    sections: dict[str, str] = {}
    if last is not None:
        old = json.loads(last.answers or "{}").get("sections", {})
        old.update(_amended_sections(s, last.id))
        sections = {k: v for k, v in old.items() if k in CARRIED_SECTIONS and v}
    if referral is not None:
        if not sections.get("index_offence") and referral.index_offence:
            sections["index_offence"] = referral.index_offence
        if last is None and referral.reason:
            sections["reason"] = referral.reason
    person = PersonSection(
        names=f"{case.given_names} {case.family_name}".strip(), aliases=case.aliases or "",
        date_of_birth=case.date_of_birth, pnc=case.pnc, crn=case.crn,
        category=case.mappa_category, level=case.mappa_level,
        index_offence=sections.get("index_offence", ""))
    position = (s.scalar(select(func.max(CaseReview.position))
                         .where(CaseReview.meeting_id == meeting.id)) or 0) + 1
    now = utc_now()
    review = CaseReview(
        meeting_id=meeting.id, case_id=case.id, position=position,
        review_type=(review_type or (ReviewType.REVIEW if last else ReviewType.INITIAL)).value,
        status=MinutesStatus.DRAFT.value, category=case.mappa_category,
        level_before=case.mappa_level, answers=json.dumps(
            {"person": _person_json(person), "sections": sections}, ensure_ascii=False),
        created_at=now, updated_at=now)
    s.add(review)
    s.flush()
    current = rmp_store.current_row(s, case.id)
    if current is not None:
        for a in s.scalars(select(RmpAction).where(RmpAction.rmp_id == current.id)
                           .order_by(RmpAction.position, RmpAction.id)):
            if ActionStatus(a.status).is_open:
                s.add(ActionReview(review_id=review.id, rmp_action_id=a.id, heading=a.heading,
                                   what=a.what, agency=a.agency, owner=a.owner, due=a.due))
    rmp_store.start_draft(s, case.id, review.id, actor)
    append(s, actor, AuditAction.COLLECTION, RECORD, review.id,
           f"case {case.id} on the agenda of meeting {meeting.id}")
    return review


def _person_json(p: PersonSection) -> dict:
    return {"names": p.names, "aliases": p.aliases,
            "date_of_birth": p.date_of_birth.isoformat() if p.date_of_birth else None,
            "pnc": p.pnc, "crn": p.crn, "category": p.category, "level": p.level,
            "index_offence": p.index_offence}


def _person_of(data: dict) -> PersonSection:
    dob = data.get("date_of_birth")
    return PersonSection(data.get("names", ""), data.get("aliases", ""),
                         dt.date.fromisoformat(dob) if dob else None, data.get("pnc"),
                         data.get("crn"), data.get("category"), data.get("level"),
                         data.get("index_offence", ""))


def _amended_sections(s: Session, review_id: int) -> dict[str, str]:
    out = {}
    for a in s.scalars(select(Amendment).where(Amendment.review_id == review_id)
                       .order_by(Amendment.id)):
        if a.field.startswith("sections."):
            out[a.field.removeprefix("sections.")] = a.new_value
    return out


# ------------------------------------------------------------------ reading
@dataclasses.dataclass
class _Parts:
    """The rows of several case reviews, loaded in a few queries."""

    action_reviews: dict[int, list[ActionReview]] = dataclasses.field(default_factory=dict)
    disclosures: dict[int, list[Disclosure]] = dataclasses.field(default_factory=dict)
    amendments: dict[int, list[Amendment]] = dataclasses.field(default_factory=dict)
    plans: dict[int, RmpPlan] = dataclasses.field(default_factory=dict)  # by review id


def _parts(s: Session, review_ids: list[int]) -> _Parts:
    parts = _Parts()
    for model, target, order in (
            (ActionReview, parts.action_reviews, ActionReview.id),
            (Disclosure, parts.disclosures, Disclosure.id),
            (Amendment, parts.amendments, Amendment.id)):
        for i in review_ids:
            target[i] = []
        # Plain rows, not ORM objects (a meeting holds hundreds of them).
        for row in s.execute(select(*model.__table__.columns)
                             .where(model.review_id.in_(review_ids)).order_by(order)):
            target[row.review_id].append(row)
    rows = list(s.execute(select(*RmpVersion.__table__.columns)
                          .where(RmpVersion.review_id.in_(review_ids))))
    plans = rmp_store.plans_of(s, rows)
    parts.plans = {r.review_id: plans[r.id] for r in rows}
    return parts


def minutes_of(s: Session, review: CaseReview, meeting: Meeting,
               attendees: list[AttendeeItem], intervals: ReviewIntervals,
               parts: _Parts | None = None) -> Minutes:
    parts = parts or _parts(s, [review.id])
    answers = json.loads(review.answers or "{}")
    sections = dict(answers.get("sections", {}))
    action_reviews = [
        ActionReviewItem(a.id, Heading(a.heading), a.what, a.agency, a.owner, a.due,
                         ActionStatus(a.status) if a.status else None, a.note)
        for a in parts.action_reviews[review.id]]
    disclosures = [DisclosureItem(d.disclose, d.rationale, d.to_whom, d.by_whom, d.how, d.when)
                   for d in parts.disclosures[review.id]]
    plan = parts.plans.get(review.id)
    values = {"decision_reason": review.decision_reason, "dissent": review.dissent,
              "next_review": review.next_review}
    amendments, original = [], {}
    for a in parts.amendments[review.id]:
        amendments.append(AmendmentItem(a.at, a.by, a.reason, a.field, a.old_value,
                                        a.new_value))
        original.setdefault(a.field, a.old_value)
        if a.field.startswith("sections."):
            sections[a.field.removeprefix("sections.")] = a.new_value
        elif a.field == "next_review":
            values["next_review"] = dt.date.fromisoformat(a.new_value) if a.new_value else None
        else:
            values[a.field] = a.new_value
    level_for_rule = review.new_level if review.new_level is not None else review.level_before
    return Minutes(
        review_id=review.id, meeting_id=meeting.id, case_id=review.case_id,
        position=review.position, status=MinutesStatus(review.status),
        review_type=ReviewType(review.review_type), meeting_date=meeting.held_at.date(),
        meeting_time=meeting.held_at.time(), meeting_level=meeting.level, place=meeting.place,
        online=meeting.online, chair=meeting.chair, minute_taker=meeting.minute_taker,
        attendees=attendees, statement_text=meeting.statement_text,
        statement_agreed=meeting.statement_agreed,
        person=_person_of(answers.get("person", {})), sections=sections,
        action_reviews=action_reviews, rmp=plan, disclosures=disclosures,
        level_before=review.level_before,
        level_decision=LevelDecision(review.level_decision) if review.level_decision else None,
        new_level=review.new_level, decision_reason=values["decision_reason"],
        dissent=values["dissent"], next_review=values["next_review"],
        latest_next_review=review_due(meeting.held_at.date(), level_for_rule, intervals),
        approved_by=review.approved_by, approved_at=review.approved_at,
        amendments=amendments, original=original)


def attendees_of(s: Session, meeting_id: int) -> list[AttendeeItem]:
    from rrdesk.domain.mappa import AttendanceStatus

    return [AttendeeItem(a.name, a.agency, a.role, AttendanceStatus(a.status))
            for a in s.scalars(select(Attendee).where(Attendee.meeting_id == meeting_id)
                               .order_by(Attendee.position, Attendee.id))]


def reviews_of_case_in(s: Session, case_id: int, intervals: ReviewIntervals
                       ) -> list[Minutes]:
    """Every case review of one person, newest meeting first, in the caller's session."""
    rows = s.execute(select(CaseReview, Meeting)
                     .join(Meeting, Meeting.id == CaseReview.meeting_id)
                     .where(CaseReview.case_id == case_id)
                     .order_by(Meeting.held_at.desc())).all()
    parts = _parts(s, [r.id for r, _m in rows])
    return [minutes_of(s, r, m, attendees_of(s, m.id), intervals, parts) for r, m in rows]


def level_history_in(s: Session, case_id: int) -> list[LevelChangeItem]:
    """Every change of the case's MAPPA level, oldest first, in the caller's session."""
    return [LevelChangeItem(c.changed_on, c.from_level, c.to_level, c.reason,
                            c.meeting_id, c.review_id, c.recorded_by)
            for c in s.scalars(select(LevelChange).where(LevelChange.case_id == case_id)
                               .order_by(LevelChange.changed_on, LevelChange.id))]


# ------------------------------------------------------------------ the service
class MinutesService:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def open(self, review_id: int) -> Minutes:
        """The minutes of one case review (a consultation, logged)."""
        intervals = intervals_of(self.vault)
        with self.vault.transaction() as s:
            review, meeting = self._review(s, review_id)
            append(s, self.vault.actor, AuditAction.CONSULTATION, RECORD, review_id)
            return minutes_of(s, review, meeting, attendees_of(s, meeting.id), intervals)

    def meeting_minutes(self, meeting_id: int) -> list[Minutes]:
        """Every case review of a meeting in agenda order: what the meeting window opens."""
        intervals = intervals_of(self.vault)
        with self.vault.transaction() as s:
            meeting = s.get(Meeting, meeting_id)
            if meeting is None:
                raise KeyError(f"there is no meeting {meeting_id}")
            attendees = attendees_of(s, meeting_id)
            reviews = list(s.scalars(select(CaseReview).where(CaseReview.meeting_id == meeting_id)
                                     .order_by(CaseReview.position, CaseReview.id)))
            parts = _parts(s, [r.id for r in reviews])
            append(s, self.vault.actor, AuditAction.CONSULTATION, "mappa_meeting", meeting_id,
                   f"minutes of {len(reviews)} case review(s) opened")
            return [minutes_of(s, r, meeting, attendees, intervals, parts) for r in reviews]

    def reviews_of_case(self, case_id: int) -> list[Minutes]:
        """Every case review of one person, newest meeting first."""
        intervals = intervals_of(self.vault)
        with self.vault.transaction() as s:
            append(s, self.vault.actor, AuditAction.CONSULTATION, "case", case_id,
                   "MAPPA reviews listed")
            return reviews_of_case_in(s, case_id, intervals)

    def level_history(self, case_id: int) -> list[LevelChangeItem]:
        """Every change of the case's MAPPA level, oldest first."""
        with self.vault.read_session() as s:
            return level_history_in(s, case_id)

    # -------------------------------------------------------------- editing a draft
    def save(self, review_id: int, edit: MinutesEdit) -> Minutes:
        """Change draft minutes; ``ValidationErrors`` names every field that is wrong and
        nothing is saved; ``MinutesNotEditable`` once approved."""
        intervals = intervals_of(self.vault)
        errors: list[FieldError] = []
        with self.vault.transaction() as s:
            review, meeting = self._review(s, review_id)
            self._check_draft(review)
            answers = json.loads(review.answers or "{}")
            changed: list[str] = []
            if edit.review_type is not None:
                review.review_type = ReviewType(edit.review_type).value
                changed.append("review_type")
            if edit.sections is not None:
                sections = answers.setdefault("sections", {})
                for key, text in edit.sections.items():
                    if key not in SECTION_TITLES:
                        errors.append(FieldError(f"sections.{key}", "is not a section of the "
                                                                    "minutes"))
                        continue
                    sections[key] = checks.text(errors, f"sections.{key}", text, SECTION_MAX)
                changed.append("sections")
            if edit.person is not None:
                answers["person"] = _person_json(edit.person)
                changed.append("person")
            review.answers = json.dumps(answers, ensure_ascii=False, sort_keys=True)
            if edit.rmp is not None:
                try:
                    rmp_store.check_plan(edit.rmp, complete=False)
                    rmp_store.write_plan(s, rmp_store.draft_row(s, review_id), edit.rmp)
                    changed.append("rmp")
                except ValidationErrors as e:
                    errors += [FieldError(f"rmp.{x.field}", x.message) for x in e.errors]
            if edit.action_marks is not None:
                self._mark_actions(s, review_id, edit.action_marks, errors)
                changed.append("action_reviews")
            if edit.disclosures is not None:
                for old in s.scalars(select(Disclosure).where(Disclosure.review_id == review_id)):
                    s.delete(old)
                for i, d in enumerate(edit.disclosures):
                    try:
                        check_disclosure(d.disclose, d.to_whom, d.rationale)
                    except FieldError as e:
                        errors.append(FieldError(f"disclosures[{i}].{e.field}", e.message))
                    s.add(Disclosure(review_id=review_id, disclose=bool(d.disclose),
                                     to_whom=(d.to_whom or "")[:200],
                                     by_whom=(d.by_whom or "")[:100],
                                     how=(d.how or "")[:200], when=d.when,
                                     rationale=d.rationale or ""))
                changed.append("disclosures")
            if edit.level_decision is not None:
                try:
                    review.new_level = check_level_decision(edit.level_decision,
                                                            review.level_before, edit.new_level)
                    review.level_decision = LevelDecision(edit.level_decision).value
                except FieldError as e:
                    errors.append(e)
                changed.append("level_decision")
            for name in ("decision_reason", "dissent"):
                value = getattr(edit, name)
                if value is not None:
                    setattr(review, name, checks.text(errors, name, value, SECTION_MAX))
                    changed.append(name)
            if edit.clear_next_review:
                review.next_review = None
                changed.append("next_review")
            if edit.next_review is not None:
                level = review.new_level if review.new_level is not None else review.level_before
                try:
                    review.next_review = check_next_review(edit.next_review,
                                                           meeting.held_at.date(), level,
                                                           intervals)
                except FieldError as e:
                    errors.append(e)
                changed.append("next_review")
            if errors:
                raise ValidationErrors(errors)  # the transaction rolls back: nothing saved
            review.updated_at = utc_now()
            append(s, self.vault.actor, AuditAction.ALTERATION, RECORD, review_id,
                   "changed: " + ", ".join(changed) if changed else "saved")
            return minutes_of(s, review, meeting, attendees_of(s, meeting.id), intervals)

    @staticmethod
    def _mark_actions(s: Session, review_id: int,
                      marks: dict[int, tuple[ActionStatus | str, str]],
                      errors: list[FieldError]) -> None:
        """Mark actions of the last plan; the draft plan follows: done ones leave it, open
        ones carry over with their new status."""
        draft = rmp_store.draft_row(s, review_id)
        for action_review_id, (status, note) in marks.items():
            row = s.get(ActionReview, action_review_id)
            if row is None or row.review_id != review_id:
                errors.append(FieldError(f"action_reviews[{action_review_id}]",
                                         "is not an action of this review"))
                continue
            try:
                status = ActionStatus(status)
                if status not in MARKS:
                    raise ValueError
            except ValueError:
                errors.append(FieldError(f"action_reviews[{action_review_id}].status",
                                         "must be done, in progress or not done"))
                continue
            row.status = status.value
            row.note = (note or "")[:SECTION_MAX]
            if draft is None or row.rmp_action_id is None:
                continue
            carried = s.scalar(select(RmpAction).where(
                RmpAction.rmp_id == draft.id, RmpAction.carried_from_id == row.rmp_action_id))
            if status is ActionStatus.DONE and carried is not None:
                s.delete(carried)
            elif status is not ActionStatus.DONE:
                if carried is None:  # marked done earlier, now reopened: carry it again
                    carried = RmpAction(rmp_id=draft.id, position=9999, heading=row.heading,
                                        what=row.what, agency=row.agency, owner=row.owner,
                                        due=row.due, carried_from_id=row.rmp_action_id)
                    s.add(carried)
                carried.status = status.value
        s.flush()

    # -------------------------------------------------------------- approval
    def approve(self, review_id: int, approved_by: str, approved_at: dt.datetime | None
                ) -> Approval:
        """Approve draft minutes; the case then takes the decided level, its last review
        (the meeting date) and its next review, the level change goes into its level
        history and the review's plan becomes the case's next RMP version.

        Refused (``ValidationErrors`` naming each field; nothing changes) unless: who and
        when are given; the meeting recorded the confidentiality and diversity statement
        as read and agreed; the level decision agrees with the levels and has a reason;
        every action of the last plan is marked; the next review is no later than the rule
        allows; every RMP heading has an action or says why not.
        """
        intervals = intervals_of(self.vault)
        errors: list[FieldError] = []
        with self.vault.transaction() as s:
            review, meeting = self._review(s, review_id)
            self._check_draft(review)
            meeting_date = meeting.held_at.date()
            approved_by = (approved_by or "").strip()
            if not approved_by:
                errors.append(FieldError("approved_by", "say who approved the minutes"))
            if approved_at is None:
                errors.append(FieldError("approved_at", "say when the minutes were approved"))
            elif approved_at.date() < meeting_date:
                errors.append(FieldError("approved_at", "is before the meeting"))
            if not meeting.statement_agreed:
                errors.append(FieldError(
                    "statement_agreed", "the confidentiality and diversity statement must be "
                                        "recorded as read and agreed at the meeting first"))
            new_level = None
            try:
                new_level = check_level_decision(review.level_decision, review.level_before,
                                                 review.new_level)
            except FieldError as e:
                errors.append(e)
            if not (review.decision_reason or "").strip():
                errors.append(FieldError("decision_reason", "give the reason for the level "
                                                            "decision"))
            unmarked = s.scalar(select(func.count(ActionReview.id)).where(
                ActionReview.review_id == review_id, ActionReview.status == ""))
            if unmarked:
                errors.append(FieldError("action_reviews", f"{unmarked} action(s) of the last "
                                         "plan not yet marked done, in progress or not done"))
            next_review = None
            if new_level is not None:
                try:
                    next_review = check_next_review(review.next_review, meeting_date, new_level,
                                                    intervals)
                except FieldError as e:
                    errors.append(e)
            draft = rmp_store.draft_row(s, review_id)
            if new_level != 1 and draft is not None:
                try:
                    rmp_store.check_plan(rmp_store.plan_of(s, draft))
                except ValidationErrors as e:
                    errors += [FieldError(f"rmp.{x.field}", x.message) for x in e.errors]
            if errors:
                raise ValidationErrors(errors)
            assert new_level is not None and approved_at is not None
            case = s.get(Case, review.case_id)
            level_before = case.mappa_level
            if level_before != new_level:
                s.add(LevelChange(case_id=case.id, changed_on=meeting_date,
                                  from_level=level_before, to_level=new_level,
                                  reason=review.decision_reason, meeting_id=meeting.id,
                                  review_id=review.id, recorded_by=self.vault.actor,
                                  recorded_at=utc_now()))
            later = last_approved_review(s, case.id)
            newest = later is None or s.get(Meeting, later.meeting_id).held_at <= meeting.held_at
            if newest and (case.last_review is None or case.last_review <= meeting_date):
                # These are the case's latest minutes (an older meeting approved late
                # leaves the case as its newer minutes set it).
                case.mappa_level = new_level
                if review.category and not case.mappa_category:
                    case.mappa_category = review.category
                case.last_review = meeting_date
                case.next_review = next_review
                case.updated_at = utc_now()
                append(s, self.vault.actor, AuditAction.ALTERATION, "case", case.id,
                       "changed: mappa_level, last_review, next_review (minutes approved)")
            review.new_level = new_level
            review.next_review = next_review
            review.status = MinutesStatus.APPROVED.value
            review.approved_by = approved_by[:100]
            review.approved_at = approved_at.replace(tzinfo=None)
            review.updated_at = utc_now()
            version = rmp_store.make_current(s, draft, self.vault.actor) if draft else 0
            if meeting.status == "scheduled":
                meeting.status = "held"
            append(s, self.vault.actor, AuditAction.ALTERATION, RECORD, review_id,
                   f"approved; level {level_before} -> {new_level}; RMP version {version}")
            return Approval(review_id, case.id, level_before, new_level, meeting_date,
                            next_review, version)

    def lock(self, review_id: int) -> None:
        """Approved minutes distributed: locked (amendments are still recorded)."""
        with self.vault.transaction() as s:
            review, _ = self._review(s, review_id)
            if review.status != MinutesStatus.APPROVED.value:
                raise MinutesNotEditable("only approved minutes can be locked")
            review.status = MinutesStatus.LOCKED.value
            review.locked_at = utc_now()
            append(s, self.vault.actor, AuditAction.ALTERATION, RECORD, review_id, "locked")

    def amend(self, review_id: int, field: str, new_value: str | dt.date | None,
              reason: str) -> Minutes:
        """Record a change to approved minutes (who, when, why, old and new value).

        ``field`` is one of ``AMENDABLE`` or ``sections.<key>``. A new next review is held to
        the rule (earlier, never later) and moves the case's next review when these are its
        latest minutes.
        """
        intervals = intervals_of(self.vault)
        reason = (reason or "").strip()
        if not reason:
            raise FieldError("reason", "say why the approved minutes are amended")
        section = field.removeprefix("sections.") if field.startswith("sections.") else None
        if section is None and field not in AMENDABLE:
            raise FieldError("field", "this part of approved minutes cannot be amended; a "
                                      "level change needs a new review")
        if section is not None and section not in SECTION_TITLES:
            raise FieldError(field, "is not a section of the minutes")
        with self.vault.transaction() as s:
            review, meeting = self._review(s, review_id)
            if review.status not in APPROVED_STATES:
                raise MinutesNotEditable("draft minutes are edited, not amended")
            current = minutes_of(s, review, meeting, [], intervals)
            if section is not None:
                old, new = current.sections.get(section, ""), str(new_value or "")
                if len(new) > SECTION_MAX:
                    raise FieldError(field, f"must be at most {SECTION_MAX} characters")
            elif field == "next_review":
                day = new_value if isinstance(new_value, dt.date) else (
                    _parse_date(new_value) if new_value else None)
                day = check_next_review(day, meeting.held_at.date(), review.new_level,
                                        intervals) if day else None
                if day is None and review.new_level in (2, 3):
                    raise FieldError("next_review", "a level 2 or 3 case needs a next review")
                old = current.next_review.isoformat() if current.next_review else ""
                new = day.isoformat() if day else ""
                latest = last_approved_review(s, review.case_id)
                if latest is not None and latest.id == review.id:
                    case = s.get(Case, review.case_id)
                    case.next_review = day
                    case.updated_at = utc_now()
                    append(s, self.vault.actor, AuditAction.ALTERATION, "case", case.id,
                           "changed: next_review (minutes amended)")
            else:
                old, new = getattr(current, field) or "", str(new_value or "")
            if old == new:
                raise FieldError(field, "is unchanged")
            s.add(Amendment(review_id=review_id, at=utc_now(), by=self.vault.actor,
                            reason=reason, field=field, old_value=old, new_value=new))
            s.flush()
            append(s, self.vault.actor, AuditAction.ALTERATION, RECORD, review_id,
                   f"amended: {field}")
            return minutes_of(s, review, meeting, attendees_of(s, meeting.id), intervals)

    # -------------------------------------------------------------- helpers
    @staticmethod
    def _review(s: Session, review_id: int) -> tuple[CaseReview, Meeting]:
        review = s.get(CaseReview, review_id)
        if review is None:
            raise KeyError(f"there are no minutes {review_id}")
        return review, s.get(Meeting, review.meeting_id)

    @staticmethod
    def _check_draft(review: CaseReview) -> None:
        if review.status != MinutesStatus.DRAFT.value:
            raise MinutesNotEditable("these minutes are approved: they are not edited in "
                                     "place; add an amendment instead")


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise FieldError("next_review", "is not a date (use YYYY-MM-DD)") from None

