"""MAPPA meetings: scheduling, the agenda of case reviews, suggested cases, attendance
(recorded once per meeting) and the confidentiality and diversity statement.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from rrdesk.domain import checks
from rrdesk.domain.errors import FieldError, ValidationErrors
from rrdesk.domain.mappa import (
    MEETING_LEVELS,
    AttendanceStatus,
    LevelDecision,
    MeetingStatus,
    MinutesStatus,
    ReferralStatus,
    ReviewType,
)
from rrdesk.services.local_rules import load_rules
from rrdesk.services.mappa_records import (
    AgendaItem,
    AttendeeItem,
    MeetingDetails,
    MeetingSummary,
    MeetingView,
    SuggestedCase,
)
from rrdesk.services.minutes import APPROVED_STATES, attendees_of, person_label, start_review
from rrdesk.store.audit import AuditAction, append
from rrdesk.store.mappa_models import (
    ActionReview,
    Attendee,
    CaseReview,
    Disclosure,
    Meeting,
    Referral,
    RmpAction,
    RmpRisk,
    RmpVersion,
)
from rrdesk.store.models import Case, utc_now
from rrdesk.store.vault import Vault

RECORD = "mappa_meeting"
# When no later meeting of the level is scheduled, cases due within this many days of the
# meeting are suggested (about the gap between monthly meetings).
DEFAULT_LOOKAHEAD_DAYS = 28


def check_meeting(d: MeetingDetails) -> MeetingDetails:
    errors: list[FieldError] = []
    if not isinstance(d.held_at, dt.datetime):
        errors.append(FieldError("held_at", "give the date and time of the meeting"))
    if d.level not in MEETING_LEVELS:
        errors.append(FieldError("level", "a MAPPA meeting is level 2 or 3"))
    d.area = checks.text(errors, "area", d.area, 100)
    d.place = checks.text(errors, "place", d.place, 200)
    if not d.place and not d.online:
        errors.append(FieldError("place", "give the place, or mark the meeting as online"))
    d.chair = checks.text(errors, "chair", d.chair, 100, required=True,
                          required_message="name the chair")
    d.minute_taker = checks.text(errors, "minute_taker", d.minute_taker, 100)
    if errors:
        raise ValidationErrors(errors)
    return d


def _summary_counts(s: Session, meeting_ids: list[int]) -> dict[int, tuple[int, int]]:
    if not meeting_ids:
        return {}
    rows = s.execute(select(CaseReview.meeting_id, CaseReview.status, func.count())
                     .where(CaseReview.meeting_id.in_(meeting_ids))
                     .group_by(CaseReview.meeting_id, CaseReview.status)).all()
    out: dict[int, list[int]] = {}
    for meeting_id, status, n in rows:
        counts = out.setdefault(meeting_id, [0, 0])
        counts[0] += n
        if status in APPROVED_STATES:
            counts[1] += n
    return {k: (v[0], v[1]) for k, v in out.items()}


def _summary(m: Meeting, counts: tuple[int, int]) -> MeetingSummary:
    return MeetingSummary(m.id, m.held_at, m.level, m.area, m.place, m.online, m.chair,
                          m.minute_taker, m.status, counts[0], counts[1])


class MeetingService:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    # -------------------------------------------------------------- meetings
    def schedule(self, details: MeetingDetails) -> int:
        details = check_meeting(details)
        with self.vault.transaction() as s:
            now = utc_now()
            m = Meeting(held_at=details.held_at.replace(tzinfo=None, second=0, microsecond=0),
                        level=details.level, area=details.area, place=details.place,
                        online=details.online, chair=details.chair,
                        minute_taker=details.minute_taker, status=MeetingStatus.SCHEDULED.value,
                        created_at=now, updated_at=now)
            s.add(m)
            s.flush()
            append(s, self.vault.actor, AuditAction.COLLECTION, RECORD, m.id,
                   f"level {m.level} meeting scheduled")
            return m.id

    def update(self, meeting_id: int, details: MeetingDetails) -> None:
        details = check_meeting(details)
        with self.vault.transaction() as s:
            m = self._meeting(s, meeting_id)
            changed = []
            for name in ("held_at", "level", "area", "place", "online", "chair",
                         "minute_taker"):
                value = getattr(details, name)
                if name == "held_at":
                    value = value.replace(tzinfo=None, second=0, microsecond=0)
                if getattr(m, name) != value:
                    setattr(m, name, value)
                    changed.append(name)
            if changed:
                m.updated_at = utc_now()
                append(s, self.vault.actor, AuditAction.ALTERATION, RECORD, meeting_id,
                       "changed: " + ", ".join(changed))

    def cancel(self, meeting_id: int) -> None:
        with self.vault.transaction() as s:
            m = self._meeting(s, meeting_id)
            if s.scalar(select(func.count()).select_from(CaseReview).where(
                    CaseReview.meeting_id == meeting_id,
                    CaseReview.status.in_(APPROVED_STATES))):
                raise FieldError("status", "a meeting with approved minutes cannot be cancelled")
            m.status = MeetingStatus.CANCELLED.value
            m.updated_at = utc_now()
            append(s, self.vault.actor, AuditAction.ALTERATION, RECORD, meeting_id, "cancelled")

    def list(self, since: dt.date | None = None, until: dt.date | None = None,
             level: int | None = None) -> list[MeetingSummary]:
        """Meetings by date and time (optionally between two dates, of one level)."""
        query = select(Meeting)
        if since is not None:
            query = query.where(Meeting.held_at >= dt.datetime.combine(since, dt.time()))
        if until is not None:
            query = query.where(Meeting.held_at < dt.datetime.combine(
                until + dt.timedelta(days=1), dt.time()))
        if level is not None:
            query = query.where(Meeting.level == level)
        with self.vault.read_session() as s:
            meetings = list(s.scalars(query.order_by(Meeting.held_at, Meeting.id)))
            counts = _summary_counts(s, [m.id for m in meetings])
            return [_summary(m, counts.get(m.id, (0, 0))) for m in meetings]

    def get(self, meeting_id: int) -> MeetingView:
        """The meeting with its attendance and agenda (a consultation, logged)."""
        with self.vault.transaction() as s:
            m = self._meeting(s, meeting_id)
            counts = _summary_counts(s, [meeting_id]).get(meeting_id, (0, 0))
            base = _summary(m, counts)
            agenda = self._agenda(s, meeting_id)
            append(s, self.vault.actor, AuditAction.CONSULTATION, RECORD, meeting_id)
            return MeetingView(**vars(base), statement_text=m.statement_text,
                               statement_agreed=m.statement_agreed,
                               statement_recorded_by=m.statement_recorded_by,
                               statement_recorded_at=m.statement_recorded_at,
                               attendees=attendees_of(s, meeting_id), agenda=agenda)

    @staticmethod
    def _agenda(s: Session, meeting_id: int) -> list[AgendaItem]:
        rows = s.execute(select(CaseReview, Case).join(Case, Case.id == CaseReview.case_id)
                         .where(CaseReview.meeting_id == meeting_id)
                         .order_by(CaseReview.position, CaseReview.id)).all()
        return [AgendaItem(r.id, r.case_id, r.position, person_label(c),
                           ReviewType(r.review_type), MinutesStatus(r.status), r.level_before,
                           LevelDecision(r.level_decision) if r.level_decision else None,
                           r.new_level, r.next_review) for r, c in rows]

    # -------------------------------------------------------------- agenda
    def suggested_cases(self, meeting_id: int) -> list[SuggestedCase]:
        """Every case that should be reviewed at this meeting: cases at the meeting's level
        due before the next meeting of that level (or within ``DEFAULT_LOOKAHEAD_DAYS`` when
        none is scheduled), cases at that level with no review date (a problem), and cases
        whose referral was accepted for this meeting. ``late`` flags a case whose due date
        is before this meeting. Soonest due first; cases already on the agenda are marked."""
        with self.vault.read_session() as s:
            m = self._meeting(s, meeting_id)
            day = m.held_at.date()
            following = s.scalar(select(func.min(Meeting.held_at)).where(
                Meeting.level == m.level, Meeting.held_at > m.held_at,
                Meeting.status != MeetingStatus.CANCELLED.value))
            horizon = following.date() if following else day + dt.timedelta(
                days=DEFAULT_LOOKAHEAD_DAYS)
            on_agenda = set(s.scalars(select(CaseReview.case_id).where(
                CaseReview.meeting_id == meeting_id)))
            referred = {r.case_id: r for r in s.scalars(select(Referral).where(
                Referral.first_meeting_id == meeting_id,
                Referral.status == ReferralStatus.ACCEPTED.value))}
            cases = s.scalars(select(Case).where(
                Case.merged_into_id.is_(None), Case.status == "active",
                or_(Case.id.in_(list(referred) or [-1]),
                    (Case.mappa_level == m.level)
                    & or_(Case.next_review.is_(None), Case.next_review < horizon))))
            out = []
            for c in cases:
                problem = "" if c.next_review else "no review date"
                if c.id in referred:
                    reason = "referral accepted for this meeting"
                elif c.next_review:
                    reason = f"due {c.next_review.isoformat()}"
                else:
                    reason = "level 2 or 3 with no review date"
                out.append(SuggestedCase(
                    c.id, person_label(c), c.mappa_level, c.last_review, c.next_review,
                    late=c.next_review is not None and c.next_review < day,
                    problem=problem if c.id not in referred else "", reason=reason,
                    on_agenda=c.id in on_agenda))
            return sorted(out, key=lambda x: (x.due is not None, x.due or day, x.person))

    def add_to_agenda(self, meeting_id: int, case_ids: list[int],
                      review_type: ReviewType | None = None) -> list[int]:
        """Add cases as draft minutes, filled in from each case; returns the review ids."""
        with self.vault.transaction() as s:
            m = self._meeting(s, meeting_id)
            if m.status == MeetingStatus.CANCELLED.value:
                raise FieldError("meeting", "the meeting is cancelled")
            ids = []
            for case_id in case_ids:
                case = s.get(Case, case_id)
                if case is None:
                    raise KeyError(f"there is no case {case_id}")
                ids.append(start_review(s, m, case, self.vault.actor, review_type).id)
            return ids

    def remove_from_agenda(self, review_id: int) -> None:
        """Take a case off the agenda (draft minutes only; their draft plan goes too)."""
        with self.vault.transaction() as s:
            review = s.get(CaseReview, review_id)
            if review is None:
                raise KeyError(f"there are no minutes {review_id}")
            if review.status != MinutesStatus.DRAFT.value:
                raise FieldError("status", "approved minutes stay on the agenda")
            for model in (ActionReview, Disclosure):
                for row in s.scalars(select(model).where(model.review_id == review_id)):
                    s.delete(row)
            for plan in s.scalars(select(RmpVersion).where(RmpVersion.review_id == review_id)):
                for model in (RmpAction, RmpRisk):
                    for row in s.scalars(select(model).where(model.rmp_id == plan.id)):
                        s.delete(row)
                s.flush()
                s.delete(plan)
            s.flush()
            s.delete(review)
            append(s, self.vault.actor, AuditAction.ERASURE, "mappa_minutes", review_id,
                   f"draft removed from the agenda of meeting {review.meeting_id}")

    def reorder_agenda(self, meeting_id: int, review_ids: list[int]) -> None:
        """Put the case reviews in this order (every review of the meeting, once)."""
        with self.vault.transaction() as s:
            self._meeting(s, meeting_id)
            reviews = {r.id: r for r in s.scalars(select(CaseReview).where(
                CaseReview.meeting_id == meeting_id))}
            if sorted(review_ids) != sorted(reviews):
                raise FieldError("agenda", "give every case review of the meeting once")
            for position, review_id in enumerate(review_ids, start=1):
                reviews[review_id].position = position
            append(s, self.vault.actor, AuditAction.ALTERATION, RECORD, meeting_id,
                   "agenda reordered")

    # -------------------------------------------------------------- attendance
    def set_attendance(self, meeting_id: int, attendees: list[AttendeeItem]) -> None:
        """Record who attended, sent apologies or sent a report: once for the meeting."""
        errors: list[FieldError] = []
        clean = []
        for i, a in enumerate(attendees):
            name = checks.text(errors, f"attendees[{i}].name", a.name, 100, required=True)
            agency = checks.text(errors, f"attendees[{i}].agency", a.agency, 100,
                                 required=True, required_message="name the agency")
            role = checks.text(errors, f"attendees[{i}].role", a.role, 100)
            status = checks.choice(errors, f"attendees[{i}].status", a.status,
                                   AttendanceStatus,
                                   "must be present, apologies or report sent")
            clean.append((name, agency, role, status))
        if errors:
            raise ValidationErrors(errors)
        with self.vault.transaction() as s:
            self._meeting(s, meeting_id)
            for old in s.scalars(select(Attendee).where(Attendee.meeting_id == meeting_id)):
                s.delete(old)
            s.flush()
            for position, (name, agency, role, status) in enumerate(clean):
                s.add(Attendee(meeting_id=meeting_id, position=position, name=name,
                               agency=agency, role=role, status=AttendanceStatus(status).value))
            append(s, self.vault.actor, AuditAction.ALTERATION, RECORD, meeting_id,
                   f"attendance recorded ({len(clean)})")

    def record_statement(self, meeting_id: int, agreed: bool) -> str:
        """Record the confidentiality and diversity statement (the team's text, from the
        local rules) as read and agreed by all present; returns the text recorded."""
        text = load_rules(self.vault).confidentiality_statement
        with self.vault.transaction() as s:
            m = self._meeting(s, meeting_id)
            m.statement_text = text if agreed else ""
            m.statement_agreed = bool(agreed)
            m.statement_recorded_by = self.vault.actor if agreed else ""
            m.statement_recorded_at = utc_now() if agreed else None
            m.updated_at = utc_now()
            append(s, self.vault.actor, AuditAction.ALTERATION, RECORD, meeting_id,
                   "statement read and agreed" if agreed else "statement not agreed")
            return m.statement_text

    @staticmethod
    def _meeting(s: Session, meeting_id: int) -> Meeting:
        m = s.get(Meeting, meeting_id)
        if m is None:
            raise KeyError(f"there is no meeting {meeting_id}")
        return m
