"""What each document prints: plain input dataclasses, filled by ``services.documents``.

The builders read only these, so a document can be changed (or tested with synthetic data)
without a vault. Values are already the words a person reads (labels, not enum values);
dates are ``datetime.date`` and print as dd/mm/yyyy; an empty value prints as a dash.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# The four headings ("pillars") of a Risk Management Plan, in the order they print, and
# contingency, which prints after them.
RMP_HEADINGS = ("Supervision", "Monitoring and control", "Interventions and treatment",
                "Victim safety planning")
CONTINGENCY = "Contingency"


@dataclass
class Person:
    """Who a case is about, as a summary prints it."""

    name: str  # e.g. "ŁUKASIEWICZ-O'BRIEN, Zoë"
    aliases: str = ""
    date_of_birth: dt.date | None = None
    pnc: str = ""
    crn: str = ""
    visor: str = ""
    category: str = ""  # e.g. "Category 2 (violent offenders)"
    level: str = ""  # e.g. "Level 2"
    rosh: str = ""  # overall risk of serious harm
    rosh_by_group: list[tuple[str, str]] = field(default_factory=list)  # (group, level)
    lead_agency: str = ""
    offender_manager: str = ""
    next_review: dt.date | None = None

    def identifiers(self) -> str:
        parts = [f"PNC {self.pnc}" if self.pnc else "", f"CRN {self.crn}" if self.crn else "",
                 f"ViSOR {self.visor}" if self.visor else ""]
        return ", ".join(p for p in parts if p)


@dataclass
class RmpAction:
    heading: str  # one of RMP_HEADINGS, or CONTINGENCY
    what: str
    owner: str = ""
    agency: str = ""
    due: dt.date | None = None
    status: str = ""


@dataclass
class Risk:
    nature: str
    who_at_risk: str = ""
    when: str = ""
    circumstances: str = ""


@dataclass
class RmpVersionLine:
    version: str
    status: str
    date: dt.date | None
    actions: int
    note: str = ""


@dataclass
class RmpDoc:
    """A case's Risk Management Plan: the current version and a summary of its history."""

    reference: str  # the case reference
    person: Person
    version: str = ""
    status: str = ""
    approved_on: dt.date | None = None
    risks: list[Risk] = field(default_factory=list)
    protective_factors: str = ""
    actions: list[RmpAction] = field(default_factory=list)  # pillars and contingency
    no_action_reasons: dict[str, str] = field(default_factory=dict)  # heading -> why none
    licence_conditions: list[str] = field(default_factory=list)
    shared_with: list[tuple[str, dt.date | None]] = field(default_factory=list)
    history: list[RmpVersionLine] = field(default_factory=list)


@dataclass
class Section:
    """A titled block of text in a case review. ``key`` names it for an extract's choice."""

    key: str
    title: str
    text: str


@dataclass
class Attendee:
    name: str
    role: str = ""
    agency: str = ""
    status: str = "Present"  # Present / Apologies / Report sent


@dataclass
class Amendment:
    at: dt.date | dt.datetime
    by: str
    reason: str
    change: str = ""


@dataclass
class Recipient:
    """One person or agency the minutes (or an extract) went to."""

    name: str
    agency: str = ""
    sent_on: dt.date | None = None
    sent_by: str = ""
    what: str = "Minutes"  # Minutes / Extract
    method: str = ""  # e.g. secure email


@dataclass
class CaseReview:
    reference: str  # the case reference
    person: Person
    review_type: str = "Review"  # Initial / Review
    sections: list[Section] = field(default_factory=list)  # in the order of the minutes
    actions: list[RmpAction] = field(default_factory=list)
    no_action_reasons: dict[str, str] = field(default_factory=dict)
    licence_conditions: list[str] = field(default_factory=list)
    level_decision: str = ""
    new_level: str = ""
    level_reason: str = ""
    dissent: str = ""
    next_review: dt.date | None = None


@dataclass
class Meeting:
    reference: str  # printed on every page
    date: dt.date
    time: str = ""
    place: str = ""
    level: str = ""  # e.g. "Level 2"
    meeting_type: str = ""  # e.g. "Review"
    area: str = ""
    chair: str = ""
    minute_taker: str = ""


@dataclass
class MinutesDoc:
    meeting: Meeting
    attendees: list[Attendee] = field(default_factory=list)
    confidentiality_statement: str = ""
    statement_agreed: bool = False
    reviews: list[CaseReview] = field(default_factory=list)
    approved: bool = False  # not approved: DRAFT across every page
    approved_by: str = ""
    approved_on: dt.date | None = None
    amendments: list[Amendment] = field(default_factory=list)
    distribution: list[Recipient] = field(default_factory=list)


# Parts of the minutes that are not case review sections, for an extract's choice.
MEETING_PARTS = {
    "attendance": "Attendance and apologies",
    "statement": "Confidentiality and diversity statement",
    "person": "The person: identifiers and summary",
    "rmp": "Risk Management Plan actions",
    "level": "Level decision and next review",
    "amendments": "Amendments",
    "distribution": "Distribution",
}


@dataclass
class ExtractDoc:
    """An executive summary for a third party: only the chosen parts of the minutes."""

    minutes: MinutesDoc
    include: frozenset[str]  # MEETING_PARTS keys and Section keys that go in
    recipient: str = ""
    purpose: str = ""
    case_references: frozenset[str] | None = None  # None: every case review


@dataclass
class AgendaItem:
    time: str
    reference: str
    name: str
    review_type: str = "Review"


@dataclass
class AgencyReport:
    """A report an agency sent for the pack: its PDF, stamped like the rest of the pack."""

    title: str
    agency: str
    pdf: bytes


@dataclass
class NeedLine:
    pathway: str
    need: str
    notes: str = ""
    assessed_on: dt.date | None = None
    assessed_by: str = ""


@dataclass
class PackCase:
    reference: str
    person: Person
    needs: list[NeedLine] = field(default_factory=list)
    rmp: RmpDoc | None = None
    outstanding: list[RmpAction] = field(default_factory=list)
    last_review: CaseReview | None = None
    last_review_date: dt.date | None = None
    reports: list[AgencyReport] = field(default_factory=list)


@dataclass
class PackDoc:
    meeting: Meeting
    agenda: list[AgendaItem] = field(default_factory=list)
    cases: list[PackCase] = field(default_factory=list)
    attendees: list[Attendee] = field(default_factory=list)  # invited


@dataclass
class PathwayAction:
    pathway: str
    what: str
    agency: str = ""
    named_person: str = ""
    target: dt.date | None = None
    rag: str = ""
    outcome: str = ""


@dataclass
class PathwayPlanDoc:
    """One person's needs on the seven pathways and the actions agreed for them."""

    reference: str
    person: Person
    needs: list[NeedLine] = field(default_factory=list)  # every pathway, in order
    actions: list[PathwayAction] = field(default_factory=list)
    cohort: str = ""


@dataclass
class PlanLine:
    need: str
    priority_issue: str
    action: str
    owner: str = ""
    timescale: str = ""
    rag: str = ""


@dataclass
class PartnershipPlanDoc:
    title: str = "Partnership delivery plan"
    reference: str = "Partnership plan"
    lines: list[PlanLine] = field(default_factory=list)  # blanks already filled from above
