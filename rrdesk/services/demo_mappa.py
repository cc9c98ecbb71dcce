"""Fictional MAPPA meetings for the demo vault: past meetings with approved minutes (so each
reviewed case shows that meeting's date and decision), upcoming ones with draft minutes of
the cases due, and a pending referral. Everything goes through the MAPPA services, so the
demo obeys the same rules as a coordinator."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from rrdesk.domain.mappa import (
    ActionStatus,
    AttendanceStatus,
    Heading,
    LevelDecision,
    ReferralCriterion,
)
from rrdesk.domain.reviews import latest_working_day_on_or_before
from rrdesk.services.mappa_records import (
    AttendeeItem,
    DisclosureItem,
    MeetingDetails,
    MinutesEdit,
    ReferralDetails,
)
from rrdesk.services.meetings import MeetingService
from rrdesk.services.minutes import MinutesService
from rrdesk.services.referrals import ReferralService
from rrdesk.services.rmp import RmpActionItem, RmpRiskItem
from rrdesk.store.models import Case
from rrdesk.store.vault import Vault

CHAIR = "DCI Example Chair"
ATTENDEES = [
    AttendeeItem(CHAIR, "Police", "Chair"),
    AttendeeItem("Example Minutetaker", "Police", "MAPPA administrator"),
    AttendeeItem("PO Example Bravo", "Probation Service", "Offender manager"),
    AttendeeItem("Example Housingofficer", "Housing authority", "Housing officer"),
    AttendeeItem("Example Nurse", "NHS / health", "Forensic nurse",
                 AttendanceStatus.APOLOGIES),
    AttendeeItem("Example Socialworker", "Children's social care", "Team manager",
                 AttendanceStatus.REPORT_SENT),
]
DECISIONS = [LevelDecision.REMAIN, LevelDecision.INCREASE, LevelDecision.REMAIN,
             LevelDecision.REDUCE, LevelDecision.EXIT, LevelDecision.REMAIN]


def _working_day(day: dt.date) -> dt.date:
    return latest_working_day_on_or_before(day)


def _meeting(service: MeetingService, day: dt.date, level: int, hour: int) -> int:
    return service.schedule(MeetingDetails(
        held_at=dt.datetime.combine(day, dt.time(hour, 0)), level=level,
        area="Demoshire MAPPA area", place="Demo Police HQ, Room 2" if level == 2 else "",
        online=level == 3, chair=CHAIR, minute_taker="Example Minutetaker"))


def _plan(plan, n: int):  # noqa: ANN001, ANN202
    plan.risks = [RmpRiskItem("Violence towards a former partner (fictional)",
                              "A known adult", "Evenings and weekends",
                              "After drinking; contact through social media")]
    plan.protective_factors = "Engages with supervision; supportive sibling (fictional)."
    plan.actions = [
        RmpActionItem(Heading.SUPERVISION, "Weekly supervision appointments",
                      "Probation Service", "PO Example Bravo", None, ActionStatus.IN_PROGRESS),
        RmpActionItem(Heading.MONITORING, "Curfew 19:00-07:00 with electronic tag",
                      "Electronic monitoring provider", "Example Monitor", None,
                      ActionStatus.IN_PROGRESS),
        RmpActionItem(Heading.INTERVENTIONS, f"Building Better Relationships session {n}",
                      "Probation Service", "PO Example Bravo", None),
        RmpActionItem(Heading.VICTIM_SAFETY, "Safety plan reviewed with the victim liaison "
                      "officer", "Police", "PC Example Alpha", None),
        RmpActionItem(Heading.CONTINGENCY, "Recall considered on any contact with the victim",
                      "Probation Service", "SPO Example Charlie", None),
    ]
    plan.licence_conditions = ["Not to contact the victim directly or indirectly",
                               "Reside at the approved address", "Exclusion zone (demo map)"]
    return plan


def _minute(minutes: MinutesService, review_id: int, decision: LevelDecision,
            level_before: int | None, held: dt.date, n: int) -> None:
    opened = minutes.open(review_id)
    if decision is LevelDecision.INCREASE and level_before == 3:
        decision = LevelDecision.REMAIN
    new_level = {LevelDecision.INCREASE: 3, LevelDecision.REDUCE: (level_before or 2) - 1,
                 LevelDecision.EXIT: 1}.get(decision, level_before)
    plan = _plan(opened.rmp, n)
    for a in plan.actions:
        a.due = held + dt.timedelta(weeks=6)
    minutes.save(review_id, MinutesEdit(
        sections={"reason": "Scheduled review.",
                  "information_shared": "Police: no new intelligence. Probation: attending "
                                        "all appointments. Housing: tenancy stable.",
                  "risk_assessment": "RoSH high to a known adult; not imminent.",
                  "victim_diversity": "Victim supported by the victim liaison officer."},
        rmp=plan, level_decision=decision, new_level=new_level,
        decision_reason="Demo: the plan still needs multi-agency co-ordination."
        if new_level != 1 else "Demo: risk now manageable by the lead agency.",
        disclosures=[DisclosureItem(False, "No third party currently at risk (demo).")]))


def fill_demo_mappa(vault: Vault, today: dt.date | None = None, limit: int = 8) -> int:
    """Past meetings with approved minutes and upcoming meetings with drafts; returns the
    number of case reviews made."""
    today = today or dt.date.today()
    meetings, minutes = MeetingService(vault), MinutesService(vault)
    made = 0
    past = [(_working_day(today - dt.timedelta(days=56)), 2),
            (_working_day(today - dt.timedelta(days=21)), 3)]
    reviewed: set[int] = set()  # once each: a second review would first go through the
    for n, (day, level) in enumerate(past):  # actions of the plan the first one made
        with vault.read_session() as s:  # cases last reviewed before this meeting
            case_ids = list(s.scalars(select(Case.id).where(
                Case.mappa_level == level, Case.status == "active",
                Case.merged_into_id.is_(None), Case.id.not_in(reviewed),
                (Case.last_review.is_(None)) | (Case.last_review < day))
                .order_by(Case.id).limit(limit // 2)))
        reviewed.update(case_ids)
        if not case_ids:
            continue
        meeting_id = _meeting(meetings, day, level, 10)
        review_ids = meetings.add_to_agenda(meeting_id, case_ids)
        meetings.set_attendance(meeting_id, ATTENDEES)
        meetings.record_statement(meeting_id, True)
        for i, review_id in enumerate(review_ids):
            decision = DECISIONS[(i + n) % len(DECISIONS)]
            _minute(minutes, review_id, decision, level, day, i)
            minutes.approve(review_id, CHAIR, dt.datetime.combine(day, dt.time(15, 0)))
            made += 1
    for level, days in ((2, 14), (3, 7)):
        day = today + dt.timedelta(days=days)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        meeting_id = _meeting(meetings, day, level, 14)
        due = [c.case_id for c in meetings.suggested_cases(meeting_id)][:limit]
        made += len(meetings.add_to_agenda(meeting_id, due))
    with vault.read_session() as s:
        unreferred = s.scalar(select(Case.id).where(Case.mappa_level.is_(None),
                                                    Case.status == "active").limit(1))
    if unreferred is not None:
        ReferralService(vault).create(ReferralDetails(
            unreferred, today - dt.timedelta(days=3), "Probation Service", 2, 2,
            [ReferralCriterion.HIGH_ROSH, ReferralCriterion.RECENT_RELEASE],
            referrer="PO Example Echo", reason="Release in four weeks; high RoSH to a known "
                                               "adult (fictional).",
            index_offence="Assault occasioning actual bodily harm (fictional)"), today=today)
    return made
