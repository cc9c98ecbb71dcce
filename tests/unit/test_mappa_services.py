"""MAPPA services on a vault: referral, meeting, attendance, minutes, approval driving the
case, level history, the living RMP, amendments, and review dates."""

from __future__ import annotations

import datetime as dt

import pytest

from rrdesk.domain.case import CaseDetails
from rrdesk.domain.errors import FieldError, ValidationErrors
from rrdesk.domain.mappa import (
    ActionStatus,
    AttendanceStatus,
    Heading,
    LevelDecision,
    MinutesStatus,
    ReferralCriterion,
    ReferralStatus,
)
from rrdesk.services.cases import CaseService
from rrdesk.services.mappa_records import (
    AttendeeItem,
    DisclosureItem,
    MeetingDetails,
    MinutesEdit,
    ReferralDetails,
)
from rrdesk.services.meetings import MeetingService
from rrdesk.services.minutes import MinutesNotEditable, MinutesService
from rrdesk.services.referrals import ReferralService
from rrdesk.services.reviews import review_dates
from rrdesk.services.rmp import RmpActionItem, RmpRiskItem, RmpService
from rrdesk.store.audit import entries

TODAY = dt.date(2026, 11, 30)


def add_case(vault, family: str = "Quillfeather-Demo", level: int | None = 2,
             last_review: dt.date | None = None) -> int:
    return CaseService(vault).add(CaseDetails(
        family_name=family, given_names="Zoë", mappa_category=2 if level else None,
        mappa_level=level, crn="X900001", last_review=last_review,
        date_of_birth=dt.date(1990, 1, 2)))


def schedule(vault, day: dt.date, level: int = 2) -> int:
    return MeetingService(vault).schedule(MeetingDetails(
        held_at=dt.datetime.combine(day, dt.time(10, 0)), level=level, area="Demo area",
        place="Room 1", chair="DI Example Chair", minute_taker="Example Minute"))


def full_plan(plan, suffix: str = ""):
    plan.risks = [RmpRiskItem("Violence towards a former partner", "Known adult",
                              "When drinking", "Contact after separation")]
    plan.protective_factors = "Stable employment"
    plan.actions = [a for a in plan.actions] + [
        RmpActionItem(Heading.SUPERVISION, f"Weekly supervision{suffix}", "Probation Service",
                      "PO Example Bravo", dt.date(2027, 1, 15)),
        RmpActionItem(Heading.MONITORING, f"Curfew tag{suffix}", "Electronic monitoring provider",
                      "EM Example", dt.date(2027, 1, 10)),
        RmpActionItem(Heading.INTERVENTIONS, f"Programme{suffix}", "Probation Service",
                      "PO Example Bravo", dt.date(2027, 2, 1)),
        RmpActionItem(Heading.VICTIM_SAFETY, f"Victim liaison{suffix}", "Police",
                      "PC Example Alpha", dt.date(2027, 1, 5)),
    ]
    plan.licence_conditions = ["Not to contact the victim", "Reside at approved address"]
    return plan


def ready_meeting(vault, day: dt.date, case_id: int) -> tuple[int, int]:
    meetings = MeetingService(vault)
    meeting_id = schedule(vault, day)
    (review_id,) = meetings.add_to_agenda(meeting_id, [case_id])
    meetings.set_attendance(meeting_id, [
        AttendeeItem("DI Example Chair", "Police", "Chair"),
        AttendeeItem("PO Example Bravo", "Probation Service", "Offender manager"),
        AttendeeItem("Example Housing", "Housing authority", "", AttendanceStatus.REPORT_SENT),
    ])
    meetings.record_statement(meeting_id, True)
    return meeting_id, review_id


def decide(vault, review_id: int, decision=LevelDecision.REMAIN, new_level=None,
           next_review=None, suffix="") -> None:
    minutes = MinutesService(vault)
    plan = full_plan(minutes.open(review_id).rmp, suffix)
    minutes.save(review_id, MinutesEdit(
        sections={"reason": "Routine review", "information_shared": "Police: no new intel"},
        rmp=plan, level_decision=decision, new_level=new_level,
        decision_reason="Risk still managed by a multi-agency plan",
        disclosures=[DisclosureItem(False, "No third party currently at risk")],
        next_review=next_review))


def test_approval_drives_the_case(vault) -> None:
    case_id = add_case(vault)
    meeting_id, review_id = ready_meeting(vault, dt.date(2026, 9, 7), case_id)
    decide(vault, review_id, LevelDecision.INCREASE, 3)
    result = MinutesService(vault).approve(review_id, "DI Example Chair",
                                           dt.datetime(2026, 9, 8, 9, 0))
    assert (result.new_level, result.last_review) == (3, dt.date(2026, 9, 7))
    assert result.next_review == dt.date(2026, 11, 2)  # 8 weeks, a Monday
    details = CaseService(vault).get(case_id)
    assert details.mappa_level == 3 and details.last_review == dt.date(2026, 9, 7)
    assert CaseService(vault).next_review(case_id) == dt.date(2026, 11, 2)
    history = MinutesService(vault).level_history(case_id)
    assert [(h.from_level, h.to_level, h.meeting_id) for h in history] == [(2, 3, meeting_id)]
    plan = RmpService(vault).current(case_id)
    assert plan.version == 1 and len(plan.actions) == 4
    minutes = MinutesService(vault).open(review_id)
    assert minutes.status == MinutesStatus.APPROVED
    assert minutes.approved_by == "DI Example Chair"
    with pytest.raises(MinutesNotEditable):
        MinutesService(vault).save(review_id, MinutesEdit(dissent="late change"))
    details_log = [e.detail for e in entries(vault.read_session())]
    assert any("approved; level 2 -> 3" in d for d in details_log)


def test_the_review_rule_on_real_calendars_through_approval(vault) -> None:
    case_id = add_case(vault)
    _, review_id = ready_meeting(vault, dt.date(2026, 9, 7), case_id)
    decide(vault, review_id)
    result = MinutesService(vault).approve(review_id, "Chair", dt.datetime(2026, 9, 7, 15))
    assert result.next_review == dt.date(2026, 12, 24)
    case3 = add_case(vault, "Marrowby-Demo", level=3)
    _, review3 = ready_meeting(vault, dt.date(2026, 11, 6), case3)
    decide(vault, review3)
    assert MinutesService(vault).approve(review3, "Chair", dt.datetime(2026, 11, 6, 15)
                                         ).next_review == dt.date(2026, 12, 31)


def test_a_later_next_review_than_the_rule_is_refused_naming_the_field(vault) -> None:
    case_id = add_case(vault)
    _, review_id = ready_meeting(vault, dt.date(2026, 9, 7), case_id)
    with pytest.raises(ValidationErrors) as e:
        decide(vault, review_id, next_review=dt.date(2027, 3, 1))
    (err,) = [x for x in e.value.errors if x.field == "next_review"]
    assert "24 December 2026" in err.message
    assert MinutesService(vault).open(review_id).decision_reason == ""  # nothing saved
    decide(vault, review_id, next_review=dt.date(2026, 12, 1))  # earlier: fine
    result = MinutesService(vault).approve(review_id, "Chair", dt.datetime(2026, 9, 7, 15))
    assert result.next_review == dt.date(2026, 12, 1)


def test_minutes_need_the_statement_agreed_and_who_and_when(vault) -> None:
    case_id = add_case(vault)
    meeting_id, review_id = ready_meeting(vault, dt.date(2026, 9, 7), case_id)
    MeetingService(vault).record_statement(meeting_id, False)
    decide(vault, review_id)
    with pytest.raises(ValidationErrors) as e:
        MinutesService(vault).approve(review_id, "", None)
    fields = {x.field for x in e.value.errors}
    assert {"statement_agreed", "approved_by", "approved_at"} <= fields
    assert CaseService(vault).get(case_id).last_review is None  # the case is untouched
    text = MeetingService(vault).record_statement(meeting_id, True)
    assert "confidential" in text
    MinutesService(vault).approve(review_id, "Chair", dt.datetime(2026, 9, 7, 15))


def test_inconsistent_level_decision_is_refused(vault) -> None:
    case_id = add_case(vault)
    _, review_id = ready_meeting(vault, dt.date(2026, 9, 7), case_id)
    with pytest.raises(ValidationErrors) as e:
        decide(vault, review_id, LevelDecision.REMAIN, 3)
    assert any(x.field == "new_level" for x in e.value.errors)


def test_a_heading_with_no_action_must_say_why(vault) -> None:
    case_id = add_case(vault)
    _, review_id = ready_meeting(vault, dt.date(2026, 9, 7), case_id)
    minutes = MinutesService(vault)
    plan = full_plan(minutes.open(review_id).rmp)
    plan.actions = [a for a in plan.actions if a.heading != Heading.VICTIM_SAFETY]
    minutes.save(review_id, MinutesEdit(rmp=plan, level_decision="remain",
                                        decision_reason="Still needed"))
    with pytest.raises(ValidationErrors) as e:
        minutes.approve(review_id, "Chair", dt.datetime(2026, 9, 7, 15))
    assert any(x.field == "rmp.no_action_reasons.victim_safety" for x in e.value.errors)
    plan.no_action_reasons = {"victim_safety": "No identifiable victim"}
    minutes.save(review_id, MinutesEdit(rmp=plan))
    minutes.approve(review_id, "Chair", dt.datetime(2026, 9, 7, 15))
    assert RmpService(vault).current(case_id).no_action_reasons == {
        "victim_safety": "No identifiable victim"}


def test_open_actions_of_the_last_rmp_appear_in_the_next_review(vault) -> None:
    case_id = add_case(vault)
    _, first = ready_meeting(vault, dt.date(2026, 9, 7), case_id)
    decide(vault, first)
    MinutesService(vault).approve(first, "Chair", dt.datetime(2026, 9, 7, 15))
    _, second = ready_meeting(vault, dt.date(2026, 11, 2), case_id)
    minutes = MinutesService(vault).open(second)
    assert [a.what for a in minutes.action_reviews] == [
        "Weekly supervision", "Curfew tag", "Programme", "Victim liaison"]
    assert all(a.status is None for a in minutes.action_reviews)
    assert minutes.review_type == "review"
    assert minutes.person.crn == "X900001" and minutes.person.level == 2
    # Marked: one done (leaves the plan), the others carry over with their status.
    marks = {a.id: (ActionStatus.DONE if a.what == "Curfew tag" else ActionStatus.IN_PROGRESS,
                    "note") for a in minutes.action_reviews}
    after = MinutesService(vault).save(second, MinutesEdit(action_marks=marks))
    assert sorted(a.what for a in after.rmp.actions) == [
        "Programme", "Victim liaison", "Weekly supervision"]
    # Approval refuses while an action is unmarked; here all are marked.
    decide(vault, second, suffix=" (2)")
    MinutesService(vault).approve(second, "Chair", dt.datetime(2026, 11, 2, 15))
    history = RmpService(vault).history(case_id)
    assert [(h.version, h.status) for h in history] == [(2, "current"), (1, "superseded")]


def test_unmarked_last_actions_block_approval(vault) -> None:
    case_id = add_case(vault)
    _, first = ready_meeting(vault, dt.date(2026, 9, 7), case_id)
    decide(vault, first)
    MinutesService(vault).approve(first, "Chair", dt.datetime(2026, 9, 7, 15))
    _, second = ready_meeting(vault, dt.date(2026, 11, 2), case_id)
    decide(vault, second, suffix=" (2)")
    with pytest.raises(ValidationErrors) as e:
        MinutesService(vault).approve(second, "Chair", dt.datetime(2026, 11, 2, 15))
    assert [x.field for x in e.value.errors] == ["action_reviews"]


def test_amendment_after_approval_is_recorded_not_overwritten(vault) -> None:
    case_id = add_case(vault)
    _, review_id = ready_meeting(vault, dt.date(2026, 9, 7), case_id)
    decide(vault, review_id)
    service = MinutesService(vault)
    service.approve(review_id, "Chair", dt.datetime(2026, 9, 7, 15))
    with pytest.raises(FieldError) as e:
        service.amend(review_id, "next_review", dt.date(2027, 1, 4), "later")
    assert e.value.field == "next_review"
    with pytest.raises(FieldError):
        service.amend(review_id, "sections.reason", "x", "")
    amended = service.amend(review_id, "next_review", dt.date(2026, 12, 10),
                            "Chair asked for an earlier review after new intelligence")
    assert amended.next_review == dt.date(2026, 12, 10)
    assert amended.original == {"next_review": "2026-12-24"}
    (a,) = amended.amendments
    assert (a.by, a.field, a.old_value, a.new_value) == (
        "Officer Testcase", "next_review", "2026-12-24", "2026-12-10")
    assert CaseService(vault).next_review(case_id) == dt.date(2026, 12, 10)
    service.amend(review_id, "sections.reason", "Routine review (corrected)", "Typo")
    assert service.open(review_id).sections["reason"] == "Routine review (corrected)"
    service.lock(review_id)
    assert service.open(review_id).status == MinutesStatus.LOCKED


def test_referral_accept_puts_case_on_first_meeting(vault) -> None:
    case_id = add_case(vault, level=None)
    meeting_id = schedule(vault, dt.date(2026, 12, 7), level=3)
    referrals = ReferralService(vault)
    with pytest.raises(ValidationErrors) as e:
        referrals.create(ReferralDetails(case_id, TODAY, "", 3, 1, []), today=TODAY)
    assert {x.field for x in e.value.errors} == {"referring_agency", "proposed_level",
                                                 "criteria"}
    ref = referrals.create(ReferralDetails(
        case_id, TODAY, "Probation Service", 3, 3,
        [ReferralCriterion.HIGH_ROSH, ReferralCriterion.MEDIA_INTEREST],
        index_offence="Wounding with intent (fictional)"), today=TODAY)
    assert referrals.criteria_counts()[ReferralCriterion.HIGH_ROSH] == 1
    with pytest.raises(FieldError):
        referrals.accept(ref, 2, meeting_id, today=TODAY)  # a level 3 meeting
    accepted = referrals.accept(ref, 3, meeting_id, today=TODAY)
    assert any("Critical Public Protection" in p for p in accepted.prompts)
    assert any("IOM" in p for p in accepted.prompts)
    assert referrals.get(ref).status == ReferralStatus.ACCEPTED
    details = CaseService(vault).get(case_id)
    assert (details.mappa_category, details.mappa_level) == (3, 3)
    minutes = MinutesService(vault).open(accepted.review_id)
    assert minutes.review_type == "initial"
    assert minutes.sections["index_offence"] == "Wounding with intent (fictional)"
    (due,) = review_dates(vault, TODAY)
    assert (due.due, due.problem, due.next_meeting_id) == (dt.date(2026, 12, 7), None,
                                                           meeting_id)
    other = referrals.create(ReferralDetails(case_id, TODAY, "Police", 2, 2,
                                             [ReferralCriterion.HIGH_ROSH]), today=TODAY)
    with pytest.raises(FieldError):
        referrals.decline(other, " ")
    referrals.decline(other, "Already managed at level 3")
    assert referrals.get(other).decline_reason == "Already managed at level 3"


def test_suggested_cases_flag_late_and_missing_dates(vault) -> None:
    late = add_case(vault, "Lateby-Demo", last_review=dt.date(2026, 7, 1))  # due 21 Oct
    soon = add_case(vault, "Soonby-Demo", last_review=dt.date(2026, 9, 1))  # due 22 Dec
    later = add_case(vault, "Laterby-Demo", last_review=dt.date(2026, 11, 20))
    undated = add_case(vault, "Nodate-Demo")
    level3 = add_case(vault, "Threeby-Demo", level=3, last_review=dt.date(2026, 11, 1))
    meeting = schedule(vault, dt.date(2026, 12, 7))
    schedule(vault, dt.date(2027, 1, 11))  # the next level 2 meeting
    suggested = {s.case_id: s for s in MeetingService(vault).suggested_cases(meeting)}
    assert set(suggested) == {late, soon, undated}
    assert suggested[late].late and not suggested[soon].late
    assert suggested[undated].problem == "no review date"
    assert later not in suggested and level3 not in suggested


def test_review_dates_list(vault) -> None:
    imported = add_case(vault, "Importby-Demo", last_review=dt.date(2026, 7, 1))
    undated = add_case(vault, "Nodate-Demo")
    level1 = add_case(vault, "Oneby-Demo", level=1, last_review=dt.date(2026, 9, 7))
    rows = {r.case_id: r for r in review_dates(vault, TODAY)}
    assert rows[imported].due == dt.date(2026, 10, 21) and rows[imported].overdue
    assert rows[undated].problem == "no review date" and not rows[undated].overdue
    assert rows[level1].kind == "lead_agency" and rows[level1].due == dt.date(2026, 12, 24)
    assert [r.case_id for r in review_dates(vault, TODAY, overdue_only=True)] == [imported]
    within = {r.case_id for r in review_dates(vault, TODAY, due_within_days=10)}
    assert within == {imported, undated}


def test_attendance_is_checked_and_recorded_once(vault) -> None:
    meeting_id = schedule(vault, dt.date(2026, 12, 7))
    meetings = MeetingService(vault)
    with pytest.raises(ValidationErrors) as e:
        meetings.set_attendance(meeting_id, [AttendeeItem("Someone", "")])
    assert e.value.errors[0].field == "attendees[0].agency"
    meetings.set_attendance(meeting_id, [AttendeeItem("A Example", "Police", "DS"),
                                         AttendeeItem("B Example", "NHS / health", "",
                                                      AttendanceStatus.APOLOGIES)])
    view = meetings.get(meeting_id)
    assert [(a.name, a.status) for a in view.attendees] == [
        ("A Example", AttendanceStatus.PRESENT), ("B Example", AttendanceStatus.APOLOGIES)]


def test_merging_a_duplicate_moves_its_mappa_history(vault) -> None:
    keep = add_case(vault, "Keepby-Demo")
    other = add_case(vault, "Otherby-Demo")
    _, review_id = ready_meeting(vault, dt.date(2026, 9, 7), other)
    decide(vault, review_id)
    MinutesService(vault).approve(review_id, "Chair", dt.datetime(2026, 9, 7, 15))
    ref = ReferralService(vault).create(ReferralDetails(
        other, TODAY, "Police", 2, 2, [ReferralCriterion.HIGH_ROSH]), today=TODAY)
    CaseService(vault).merge(keep, other)
    assert ReferralService(vault).get(ref).case_id == keep
    assert [m.review_id for m in MinutesService(vault).reviews_of_case(keep)] == [review_id]
    assert RmpService(vault).current(keep).version == 1
