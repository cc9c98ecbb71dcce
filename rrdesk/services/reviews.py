"""Review dates of every MAPPA case: when each is due, which are overdue, which have a
problem (a level 2 or 3 case with no review date is a problem, never "not due").

Level 2 and 3 cases are due from their last meeting (or, imported with a last review and no
meeting yet, from that date); level 1 cases get a lead-agency review date from their own
interval and are kept apart (``kind`` "lead_agency").
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select

from rrdesk.domain.mappa import MeetingStatus, MinutesStatus, lead_agency_review_due
from rrdesk.services.local_rules import load_rules
from rrdesk.services.mappa_records import ReviewDue
from rrdesk.services.minutes import APPROVED_STATES, person_label
from rrdesk.services.progress import Progress, report
from rrdesk.store.mappa_models import CaseReview, Meeting
from rrdesk.store.models import Case
from rrdesk.store.vault import Vault

MAPPA = "mappa"
LEAD_AGENCY = "lead_agency"
NO_REVIEW_DATE = "no review date"
NO_LEVEL = "no MAPPA level"
NO_START_DATE = "no last review or opening date to count from"


def last_decisions(vault: Vault) -> dict[int, tuple[dt.date, str | None, int]]:
    """Each case's latest approved review: (meeting date, level decision, meeting id)."""
    out: dict[int, tuple[dt.date, str | None, int]] = {}
    with vault.read_session() as s:
        for case_id, decision, meeting_id, held_at in s.execute(
                select(CaseReview.case_id, CaseReview.level_decision, CaseReview.meeting_id,
                       Meeting.held_at)
                .join(Meeting, Meeting.id == CaseReview.meeting_id)
                .where(CaseReview.status.in_(APPROVED_STATES))
                .order_by(Meeting.held_at, CaseReview.id)):
            out[case_id] = (held_at.date(), decision, meeting_id)  # the latest meeting wins
    return out


def review_dates(vault: Vault, today: dt.date | None = None, *,
                 due_within_days: int | None = None, overdue_only: bool = False,
                 progress: Progress | None = None) -> list[ReviewDue]:
    """One ``ReviewDue`` per active MAPPA case (a level or a category), soonest due first,
    problems first of all. ``due_within_days`` keeps cases due by then (overdue ones and
    problems included); ``overdue_only`` keeps overdue cases."""
    today = today or dt.date.today()
    level1_weeks = load_rules(vault).review_weeks_level1
    last = last_decisions(vault)
    with vault.read_session() as s:
        cases = list(s.scalars(select(Case).where(
            Case.merged_into_id.is_(None), Case.status == "active",
            or_(Case.mappa_level.is_not(None), Case.mappa_category.is_not(None)))))
        report(progress, 1, 3)
        upcoming: dict[int, int] = {}
        for case_id, meeting_id in s.execute(
                select(CaseReview.case_id, CaseReview.meeting_id)
                .join(Meeting, Meeting.id == CaseReview.meeting_id)
                .where(CaseReview.status == MinutesStatus.DRAFT.value,
                       Meeting.status == MeetingStatus.SCHEDULED.value,
                       Meeting.held_at >= dt.datetime.combine(today, dt.time()))
                .order_by(Meeting.held_at.desc())):
            upcoming[case_id] = meeting_id  # the soonest wins
        report(progress, 2, 3)
        out = []
        for c in cases:
            _, decision, meeting_id = last.get(c.id, (None, None, None))
            if c.mappa_level in (2, 3):
                kind, due = MAPPA, c.next_review
                problem = None if due else NO_REVIEW_DATE
            elif c.mappa_level == 1:
                kind = LEAD_AGENCY
                due = lead_agency_review_due(c.last_review or c.opened_on, level1_weeks)
                problem = None if due else NO_START_DATE
            else:
                kind, due, problem = MAPPA, None, NO_LEVEL
            out.append(ReviewDue(c.id, person_label(c), c.mappa_level, kind, c.last_review,
                                 due, due is not None and due < today, problem, decision,
                                 meeting_id, upcoming.get(c.id)))
    if overdue_only:
        out = [r for r in out if r.overdue]
    elif due_within_days is not None:
        horizon = today + dt.timedelta(days=due_within_days)
        out = [r for r in out if r.problem or (r.due is not None and r.due <= horizon)]
    report(progress, 3, 3)
    return sorted(out, key=lambda r: (r.kind != MAPPA, r.problem is None,
                                      r.due or dt.date.max, r.person))
