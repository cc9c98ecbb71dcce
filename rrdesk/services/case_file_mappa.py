"""The MAPPA part of a case file: what the case window's MAPPA tab shows, read in the
case file's session (``case_file.open_case``) with the rest of the case."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from rrdesk.domain.case import CaseDetails
from rrdesk.domain.local_rules import LocalRules
from rrdesk.domain.mappa import lead_agency_review_due
from rrdesk.domain.reviews import ReviewIntervals
from rrdesk.services.attachments import AttachmentInfo, attachments_in
from rrdesk.services.mappa_records import LevelChangeItem, Minutes
from rrdesk.services.minutes import level_history_in, reviews_of_case_in
from rrdesk.services.referrals import ReferralView, referrals_in
from rrdesk.services.rmp import RmpPlan, RmpVersionInfo, history_in, numbered_rows, plans_of


@dataclass
class ReviewDue:
    """When the case is next reviewed, as the register keeps it: level 2 and 3 from their
    meetings, level 1 from its lead-agency interval; ``problem`` when that cannot be said."""

    due: dt.date | None
    kind: str  # "MAPPA review" or "lead agency review"
    problem: str  # "" when there is none
    overdue: bool


@dataclass
class MappaFile:
    """A case's MAPPA record as its window shows it (attachments listed, not their bytes)."""

    review_due: ReviewDue | None  # None: not a MAPPA case
    reviews: list[Minutes]  # newest meeting first
    versions: list[RmpVersionInfo]  # numbered RMP versions, newest first
    plans: dict[int, RmpPlan]  # each of those versions' plan, by version id
    levels: list[LevelChangeItem]  # oldest first
    referrals: list[ReferralView]  # pending first, then newest first
    attachments: list[AttachmentInfo]  # newest first


def review_due(d: CaseDetails, next_review: dt.date | None, rules: LocalRules,
               today: dt.date) -> ReviewDue | None:
    if d.mappa_level is None and d.mappa_category is None:
        return None
    problem, kind = "", "MAPPA review"
    if d.mappa_level in (2, 3):
        due = next_review
        if due is None:
            problem = "level 2 or 3 with no review date"
    elif d.mappa_level == 1:
        kind = "lead agency review"
        due = lead_agency_review_due(d.last_review or d.opened_on, rules.review_weeks_level1)
    else:
        due, problem = None, "no MAPPA level"
    return ReviewDue(due, kind, problem, due is not None and due < today)


def mappa_in(s: Session, case_id: int, details: CaseDetails, next_review: dt.date | None,
             rules: LocalRules, today: dt.date) -> MappaFile:
    """The case's MAPPA record, in the caller's session."""
    intervals = ReviewIntervals(level2_weeks=rules.review_weeks_level2,
                                level3_weeks=rules.review_weeks_level3)
    rows = numbered_rows(s, case_id)
    return MappaFile(review_due(details, next_review, rules, today),
                     reviews_of_case_in(s, case_id, intervals), history_in(s, case_id, rows),
                     plans_of(s, rows), level_history_in(s, case_id),
                     referrals_in(s, case_id=case_id), attachments_in(s, case_id=case_id))
