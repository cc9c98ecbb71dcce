"""The plain records the MAPPA services return and take: meetings, attendance, agendas,
minutes of a case review, referrals and review dates.

Screens, the documents engineer's PDFs and the calendar read these; none holds an ORM
object or needs an open session. Dates are ``datetime.date``; "none" is None.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rrdesk.domain.mappa import (
    ActionStatus,
    AttendanceStatus,
    Heading,
    LevelDecision,
    MinutesStatus,
    ReferralCriterion,
    ReferralStatus,
    ReviewType,
)
from rrdesk.services.rmp import RmpPlan


# ------------------------------------------------------------------ meetings
@dataclass
class MeetingDetails:
    """What a coordinator enters to schedule a meeting."""

    held_at: dt.datetime  # local date and time
    level: int  # 2 or 3
    area: str = ""
    place: str = ""  # the room, or the link's name when online
    online: bool = False
    chair: str = ""
    minute_taker: str = ""


@dataclass
class AttendeeItem:
    """One person recorded once per meeting (not per case)."""

    name: str
    agency: str
    role: str = ""
    status: AttendanceStatus = AttendanceStatus.PRESENT


@dataclass
class AgendaItem:
    """One case review on a meeting's agenda, in agenda order."""

    review_id: int
    case_id: int
    position: int
    person: str  # "FAMILY, Given (CRN)"
    review_type: ReviewType
    status: MinutesStatus
    level_before: int | None
    level_decision: LevelDecision | None
    new_level: int | None
    next_review: dt.date | None


@dataclass
class MeetingSummary:
    id: int
    held_at: dt.datetime
    level: int
    area: str
    place: str
    online: bool
    chair: str
    minute_taker: str
    status: str  # scheduled / held / cancelled
    cases: int
    approved: int  # case reviews with approved (or locked) minutes

    @property
    def date(self) -> dt.date:
        return self.held_at.date()


@dataclass
class MeetingView(MeetingSummary):
    statement_text: str = ""
    statement_agreed: bool = False
    statement_recorded_by: str = ""
    statement_recorded_at: dt.datetime | None = None
    attendees: list[AttendeeItem] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)


@dataclass
class SuggestedCase:
    """A case due for review before the next meeting of the level (or with no due date)."""

    case_id: int
    person: str
    mappa_level: int | None
    last_review: dt.date | None
    due: dt.date | None
    late: bool  # would be reviewed after its due date at this meeting
    problem: str  # e.g. "no review date"; "" when none
    reason: str  # "due 2026-12-24", "referral accepted for this meeting" ...
    on_agenda: bool


# ------------------------------------------------------------------ minutes
@dataclass
class PersonSection:
    """Section 3-4 of the minutes, filled in from the case and its referral (a snapshot)."""

    names: str = ""
    aliases: str = ""
    date_of_birth: dt.date | None = None
    pnc: str | None = None
    crn: str | None = None
    category: int | None = None
    level: int | None = None
    index_offence: str = ""


@dataclass
class ActionReviewItem:
    """An action of the last RMP in "review of the last actions", with its mark."""

    id: int
    heading: Heading
    what: str
    agency: str
    owner: str
    due: dt.date | None
    status: ActionStatus | None  # None until marked: done / in progress / not done
    note: str = ""


@dataclass
class DisclosureItem:
    """One disclosure decision with its rationale (a decision not to disclose too)."""

    disclose: bool
    rationale: str
    to_whom: str = ""
    by_whom: str = ""
    how: str = ""
    when: dt.date | None = None


@dataclass
class AmendmentItem:
    at: dt.datetime
    by: str
    reason: str
    field: str
    old_value: str
    new_value: str


# The text sections of the minutes, in the order of DOMAIN.md (keys of ``sections``).
SECTION_TITLES = {
    "ethnicity": "Ethnicity",
    "visor_ref": "ViSOR reference",
    "areas_of_links": "Areas of links",
    "approved_address": "Approved address",
    "index_offence": "Index offence and sentence",
    "previous_offences": "Relevant previous offences",
    "relevant_dates": "Relevant dates (sentence and licence end, release, registration)",
    "hospital": "Detained in hospital (hospital, section, responsible clinician, leave)",
    "reason": "Reason for referral or review",
    "information_shared": "Information shared by each agency",
    "declined_to_share": "Agencies declining to share, and why",
    "risk_assessment": "Risk assessment (RoSH by group, nature, imminence)",
    "risk_factors": "Factors that increase and decrease the risk",
    "victim_diversity": "Victim and diversity issues",
}


@dataclass
class Minutes:
    """The minutes of one case review, as shown and printed (amendments applied, and listed).

    ``sections`` maps the keys of ``SECTION_TITLES`` to text; ``original`` holds the values
    amended fields had when the minutes were approved.
    """

    review_id: int
    meeting_id: int
    case_id: int
    position: int
    status: MinutesStatus
    review_type: ReviewType
    meeting_date: dt.date
    meeting_time: dt.time
    meeting_level: int
    place: str
    online: bool
    chair: str
    minute_taker: str
    attendees: list[AttendeeItem]
    statement_text: str
    statement_agreed: bool
    person: PersonSection
    sections: dict[str, str]
    action_reviews: list[ActionReviewItem]
    rmp: RmpPlan | None
    disclosures: list[DisclosureItem]
    level_before: int | None
    level_decision: LevelDecision | None
    new_level: int | None
    decision_reason: str
    dissent: str
    next_review: dt.date | None
    latest_next_review: dt.date | None  # the rule's date for the level decided (or current)
    approved_by: str
    approved_at: dt.datetime | None
    amendments: list[AmendmentItem] = field(default_factory=list)
    original: dict[str, str] = field(default_factory=dict)


@dataclass
class MinutesEdit:
    """Changes to draft minutes; a None field is left as it was."""

    review_type: ReviewType | None = None
    sections: dict[str, str] | None = None  # merged into the existing sections
    person: PersonSection | None = None
    action_marks: dict[int, tuple[ActionStatus | str, str]] | None = None  # id -> (status, note)
    disclosures: list[DisclosureItem] | None = None  # replaces the list
    level_decision: LevelDecision | str | None = None
    new_level: int | None = None
    decision_reason: str | None = None
    dissent: str | None = None
    next_review: dt.date | None = None
    clear_next_review: bool = False  # back to the rule's date
    rmp: RmpPlan | None = None


@dataclass
class Approval:
    """What approving the minutes did to the case."""

    review_id: int
    case_id: int
    level_before: int | None
    new_level: int
    last_review: dt.date
    next_review: dt.date | None
    rmp_version: int


# ------------------------------------------------------------------ referrals
@dataclass
class ReferralDetails:
    case_id: int
    referral_date: dt.date
    referring_agency: str
    category: int
    proposed_level: int
    criteria: list[ReferralCriterion] = field(default_factory=list)
    referrer: str = ""
    reason: str = ""
    index_offence: str = ""


@dataclass
class ReferralView(ReferralDetails):
    id: int = 0
    person: str = ""
    status: ReferralStatus = ReferralStatus.PENDING
    accepted_level: int | None = None
    first_meeting_id: int | None = None
    decline_reason: str = ""
    decided_by: str = ""
    decided_at: dt.datetime | None = None


@dataclass
class Acceptance:
    referral_id: int
    level: int
    first_meeting_id: int | None
    review_id: int | None  # the case review added to that meeting's agenda
    prompts: list[str]  # IOM adoption, Critical Public Protection Case ...


# ------------------------------------------------------------------ review dates
@dataclass
class ReviewDue:
    """One case's review date (``rrdesk reviews``)."""

    case_id: int
    person: str
    mappa_level: int | None
    kind: str  # "mappa" (level 2/3 meetings) or "lead_agency" (level 1)
    last_review: dt.date | None
    due: dt.date | None
    overdue: bool
    problem: str | None  # "no review date" ...; None when all is well
    last_decision: str | None = None  # the level decision of the last approved minutes
    last_meeting_id: int | None = None
    next_meeting_id: int | None = None  # a scheduled meeting with this case on its agenda

    def as_json(self) -> dict:
        return {
            "case_id": self.case_id, "mappa_level": self.mappa_level, "kind": self.kind,
            "last_review": _iso(self.last_review), "due": _iso(self.due),
            "overdue": self.overdue, "problem": self.problem,
            "last_decision": self.last_decision, "last_meeting_id": self.last_meeting_id,
            "next_meeting_id": self.next_meeting_id,
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass
class LevelChangeItem:
    changed_on: dt.date
    from_level: int | None
    to_level: int | None
    reason: str
    meeting_id: int | None
    review_id: int | None
    recorded_by: str
