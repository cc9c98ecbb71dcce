"""MAPPA rules: levels, referral criteria, level decisions, the review rule, RMP headings,
disclosure and the lifecycle of minutes. Pure: no SQL, no Qt (DOMAIN.md, "MAPPA").
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from rrdesk.domain.errors import FieldError
from rrdesk.domain.reviews import ReviewIntervals, latest_working_day_on_or_before

LEVELS = (1, 2, 3)
MEETING_LEVELS = (2, 3)
DEFAULT_INTERVALS = ReviewIntervals()
CATEGORIES = (1, 2, 3, 4)
CATEGORY_LABELS = {
    1: "Category 1 - registered sexual offender",
    2: "Category 2 - violent offender",
    3: "Category 3 - other dangerous offender",
    4: "Category 4 - terrorist or terrorist-risk offender",
}


class ReferralCriterion(StrEnum):
    """Why a referral asks for level 2 or 3 (choices that can be counted, not free text)."""

    HIGH_ROSH = "high_rosh"  # assessed high or very high risk of serious harm
    ACTIVE_COORDINATION = "active_coordination"  # lower risk needing active multi-agency work
    STEP_DOWN = "step_down"  # stepping down from level 3
    SENIOR_RESOURCES = "senior_resources"  # significant resources at short notice
    MEDIA_INTEREST = "media_interest"  # high likelihood of media or public interest
    RECENT_RELEASE = "recent_release"  # release from custody or hospital imminent

    @property
    def label(self) -> str:
        return CRITERION_LABELS[self]


CRITERION_LABELS = {
    ReferralCriterion.HIGH_ROSH: "High or very high risk of serious harm",
    ReferralCriterion.ACTIVE_COORDINATION: "Lower risk needing active multi-agency co-ordination",
    ReferralCriterion.STEP_DOWN: "Stepping down from level 3",
    ReferralCriterion.SENIOR_RESOURCES: "Senior representation: significant resources at short "
                                        "notice",
    ReferralCriterion.MEDIA_INTEREST: "High likelihood of media or public interest",
    ReferralCriterion.RECENT_RELEASE: "Release from custody or hospital imminent",
}


class ReferralStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class LevelDecision(StrEnum):
    """What a meeting decides about the level the case is managed at."""

    REMAIN = "remain"
    INCREASE = "increase"
    REDUCE = "reduce"
    EXIT = "exit"  # to level 1: the lead agency manages without meetings

    @property
    def label(self) -> str:
        return {"remain": "Remain at the same level", "increase": "Increase the level",
                "reduce": "Reduce the level", "exit": "Exit to level 1"}[self.value]


class MinutesStatus(StrEnum):
    """Draft (edited freely) -> approved (by whom and when) -> locked (distributed).

    Approved and locked minutes are never edited in place: a change is an amendment.
    """

    DRAFT = "draft"
    APPROVED = "approved"
    LOCKED = "locked"


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    APOLOGIES = "apologies"
    REPORT_SENT = "report_sent"  # apologies, but the agency sent a report


class ReviewType(StrEnum):
    INITIAL = "initial"
    REVIEW = "review"


class Heading(StrEnum):
    """The four headings ("pillars") of a Risk Management Plan, and contingency."""

    SUPERVISION = "supervision"
    MONITORING = "monitoring"
    INTERVENTIONS = "interventions"
    VICTIM_SAFETY = "victim_safety"
    CONTINGENCY = "contingency"

    @property
    def label(self) -> str:
        return HEADING_LABELS[self]


PILLARS = (Heading.SUPERVISION, Heading.MONITORING, Heading.INTERVENTIONS,
           Heading.VICTIM_SAFETY)
HEADING_LABELS = {
    Heading.SUPERVISION: "Supervision",
    Heading.MONITORING: "Monitoring and control",
    Heading.INTERVENTIONS: "Interventions and treatment",
    Heading.VICTIM_SAFETY: "Victim safety planning",
    Heading.CONTINGENCY: "Contingency",
}


class ActionStatus(StrEnum):
    """An RMP action's status; reviewed at the next meeting as done / in progress / not done."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_DONE = "not_done"

    @property
    def is_open(self) -> bool:
        return self is not ActionStatus.DONE


# ------------------------------------------------------------------- the level decision
def level_after(decision: LevelDecision | str, current: int | None) -> int | None:
    """The only level a decision allows when there is one (remain, exit); None otherwise."""
    decision = LevelDecision(decision)
    if decision is LevelDecision.REMAIN:
        return current
    if decision is LevelDecision.EXIT:
        return 1
    return None


def check_level_decision(decision: LevelDecision | str | None, current: int | None,
                         new_level: int | None) -> int:
    """The new level if the decision agrees with it; ``FieldError`` naming the field if not.

    remain keeps the level; increase raises it; reduce lowers it; exit goes to level 1.
    """
    if decision in (None, ""):
        raise FieldError("level_decision", "choose remain, increase, reduce or exit")
    try:
        decision = LevelDecision(decision)
    except ValueError:
        raise FieldError("level_decision", "must be remain, increase, reduce or exit") from None
    if new_level is None:
        new_level = level_after(decision, current)
    if new_level not in LEVELS:
        raise FieldError("new_level", "must be level 1, 2 or 3")
    if current is None:  # a first (initial) meeting: any level 2/3 "remains" as accepted
        if decision is LevelDecision.EXIT and new_level != 1:
            raise FieldError("new_level", "exit means level 1")
        return new_level
    if decision is LevelDecision.REMAIN and new_level != current:
        raise FieldError("new_level", f"remain keeps level {current}")
    if decision is LevelDecision.INCREASE and new_level <= current:
        raise FieldError("new_level", f"increase must raise the level above {current}")
    if decision is LevelDecision.REDUCE and not (1 <= new_level < current):
        raise FieldError("new_level", f"reduce must lower the level below {current}")
    if decision is LevelDecision.EXIT and new_level != 1:
        raise FieldError("new_level", "exit means level 1")
    return new_level


# ------------------------------------------------------------------- the review rule
def review_due(meeting_date: dt.date, level: int | None,
               intervals: ReviewIntervals = DEFAULT_INTERVALS) -> dt.date | None:
    """The latest date the next review may be held: level 2 at most 16 weeks, level 3 at
    most 8 weeks (settings), moved earlier off weekends and England and Wales bank holidays.
    None for level 1 (no meetings)."""
    weeks = intervals.for_level(level)
    if weeks is None:
        return None
    return latest_working_day_on_or_before(meeting_date + dt.timedelta(weeks=weeks))


def lead_agency_review_due(since: dt.date | None, weeks: int) -> dt.date | None:
    """A level 1 case's lead-agency review date, from its own interval."""
    if since is None:
        return None
    return latest_working_day_on_or_before(since + dt.timedelta(weeks=weeks))


def check_next_review(chosen: dt.date | None, meeting_date: dt.date, level: int | None,
                      intervals: ReviewIntervals = DEFAULT_INTERVALS) -> dt.date | None:
    """The chair's chosen next review, or the rule's date when none is chosen.

    The chair may choose an earlier date, never a later one; ``FieldError`` on
    ``next_review`` says the latest date allowed.
    """
    latest = review_due(meeting_date, level, intervals)
    if latest is None:
        return None  # level 1: no MAPPA review
    if chosen is None:
        return latest
    if chosen <= meeting_date:
        raise FieldError("next_review", "must be after the meeting date")
    if chosen > latest:
        raise FieldError("next_review", f"must be on or before {latest:%d %B %Y} "
                                        f"(level {level}: at most {intervals.for_level(level)} "
                                        "weeks, on a working day)")
    return chosen


# ------------------------------------------------------------------- disclosure
def check_disclosure(disclose: bool, to_whom: str, rationale: str) -> None:
    """Every disclosure decision (yes or no) has its rationale; a disclosure says to whom."""
    if not (rationale or "").strip():
        raise FieldError("disclosure_rationale", "give the reason for the decision")
    if disclose and not (to_whom or "").strip():
        raise FieldError("disclosure_to", "say to whom the information is disclosed")


def prompts_on_accept(category: int | None, level: int | None) -> list[str]:
    """What accepting a referral asks the coordinator to consider."""
    prompts = []
    if category in (2, 3):
        prompts.append("Consider adopting this person onto the IOM cohort.")
    if level == 3:
        prompts.append("Consider managing this case as a Critical Public Protection Case.")
    return prompts
