"""The calendar: items gathered from the vault, the due summary, and the .ics export."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest
from icalendar import Calendar

from rrdesk.domain.calendar import (
    Kind,
    Window,
    add_months,
    case_reference,
    initials,
    is_bank_holiday,
    month_grid,
    timescale_date,
)
from rrdesk.domain.case import CaseDetails
from rrdesk.domain.pathways import ActionDetails, Pathway, Rag
from rrdesk.domain.plan import PlanLine
from rrdesk.services.calendar import CalendarFilter, due_summary, gather
from rrdesk.services.calendar_ics import export_ics
from rrdesk.services.cases import CaseService
from rrdesk.services.pathways import PathwayService
from rrdesk.services.plan import import_plan

TODAY = dt.date(2026, 11, 16)  # a Monday
WINDOW = Window(dt.date(2026, 10, 1), dt.date(2027, 4, 1))


@pytest.fixture
def people(vault):
    cases = CaseService(vault)
    paths = PathwayService(vault)

    def add(family: str, given: str, **kw) -> int:
        return cases.add(CaseDetails(family_name=family, given_names=given, **kw))

    ids = {
        # level 3, reviewed 2026-09-30: due 8 weeks on, 2026-11-25 (a Wednesday)
        "mo": add("Quillfeather-Demo", "Mohammed", mappa_category=2, mappa_level=3,
                  last_review=dt.date(2026, 9, 30), offender_manager="PC Example Alpha",
                  iom_cohort="flex"),
        # level 2, reviewed 2026-07-01: due 16 weeks on, 2026-10-21 -> overdue on TODAY
        "steve": add("Thistlecombe-Demo", "Stephen", mappa_category=1, mappa_level=2,
                     last_review=dt.date(2026, 7, 1), offender_manager="PO Example Bravo"),
        # level 2, never reviewed: no date, a problem for the summary
        "ffion": add("Emberstead-Demo", "Ffion", mappa_category=3, mappa_level=2,
                     offender_manager="PO Example Bravo"),
        # level 1, reviewed 2026-08-03: lead agency review 16 weeks on, 2026-11-23
        "aoife": add("Bramblewick-Demo", "Aoife", mappa_category=1, mappa_level=1,
                     last_review=dt.date(2026, 8, 3), offender_manager="PC Example Alpha"),
        "zoe": add("Łukasiewicz-O'Brien", "Zoë", iom_cohort="fixed",
                   offender_manager="PC Example Alpha"),
        "closed": add("Nettleford-Demo", "Jon", mappa_category=2, mappa_level=2,
                      last_review=dt.date(2026, 9, 1), status="closed",
                      opened_on=dt.date(2020, 1, 1), closed_on=dt.date(2026, 10, 1)),
    }
    actions = {
        "late": paths.add_action(ids["zoe"], ActionDetails(
            Pathway.ACCOMMODATION, "Housing options appointment",
            target_date=dt.date(2026, 11, 2), rag=Rag.RED)),
        "done": paths.add_action(ids["zoe"], ActionDetails(
            Pathway.ETE, "CV workshop", target_date=dt.date(2026, 11, 3), rag=Rag.COMPLETE)),
        "later": paths.add_action(ids["mo"], ActionDetails(
            Pathway.HEALTH, "GP registration", target_date=dt.date(2026, 12, 10))),
        "undated": paths.add_action(ids["mo"], ActionDetails(Pathway.FINANCE, "Bank account")),
    }
    import_plan(vault, [PlanLine("Accommodation", "Beds", "Commission beds", "LA",
                                 "March 2027", "amber"),
                        PlanLine("", "", "Duty to refer", "Probation", "Ongoing", "green"),
                        PlanLine("", "", "Gate meetings", "Probation", "31/10/2026",
                                 "complete")], source="test")
    return ids, actions


def by_kind(items, kind: Kind):
    return [i for i in items if i.kind == kind]


# ----------------------------------------------------------------------- domain
def test_timescales_that_name_a_date_are_read_and_others_are_not() -> None:
    assert timescale_date("March 2027") == dt.date(2027, 3, 31)
    assert timescale_date("31/10/2026") == dt.date(2026, 10, 31)
    assert timescale_date("2026-10-31") == dt.date(2026, 10, 31)
    assert timescale_date("1st June 2026") == dt.date(2026, 6, 1)
    for text in ("Ongoing", "", "0123", "31/02/2026", "Q3"):
        assert timescale_date(text) is None


def test_month_grid_and_month_steps() -> None:
    grid = month_grid(2026, 12)
    assert len(grid) == 42 and grid[0] == dt.date(2026, 11, 30) and grid[0].weekday() == 0
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 1, 15), -1) == dt.date(2026, 12, 15)


def test_bank_holidays_of_england_and_wales() -> None:
    assert is_bank_holiday(dt.date(2026, 12, 25))
    assert is_bank_holiday(dt.date(2026, 12, 28))  # Boxing Day substitute (Saturday)
    assert not is_bank_holiday(dt.date(2026, 12, 24))


def test_references_and_initials() -> None:
    assert case_reference(42) == "C-00042"
    assert initials("Zoë Ann", "Łukasiewicz-O'Brien") == "ZAŁ"


# ----------------------------------------------------------------------- gathering
def test_every_source_puts_its_dates_on_the_calendar(vault, people) -> None:
    ids, actions = people
    items = gather(vault, WINDOW, today=TODAY)
    reviews = {i.case_id: i for i in by_kind(items, Kind.REVIEW)}
    assert set(reviews) == {ids["mo"], ids["steve"]}  # not the closed case, not undated
    assert reviews[ids["mo"]].date == dt.date(2026, 11, 25)
    assert not reviews[ids["mo"]].overdue
    assert reviews[ids["steve"]].date == dt.date(2026, 10, 21) and reviews[ids["steve"]].overdue
    level1 = by_kind(items, Kind.LEVEL1_REVIEW)
    assert [(i.case_id, i.date) for i in level1] == [(ids["aoife"], dt.date(2026, 11, 23))]
    acts = {i.uid.split("-")[1]: i for i in by_kind(items, Kind.PATHWAY_ACTION)}
    assert set(acts) == {str(actions[k]) for k in ("late", "done", "later")}
    assert acts[str(actions["late"])].overdue
    assert not acts[str(actions["done"])].overdue  # complete is never late
    plan = by_kind(items, Kind.PLAN_ACTION)
    assert [i.date for i in plan] == [dt.date(2026, 10, 31), dt.date(2027, 3, 31)]
    assert not plan[0].overdue  # its RAG says complete
    assert items == sorted(items, key=lambda i: i.date)


def test_titles_name_the_case_by_reference_only(vault, people) -> None:
    ids, _ = people
    for item in gather(vault, WINDOW, today=TODAY):
        for word in ("Quillfeather", "Mohammed", "Thistlecombe", "Łukasiewicz", "Zoë"):
            assert word not in item.title
            assert word not in str(item.as_json())
    mo = next(i for i in gather(vault, WINDOW, today=TODAY) if i.case_id == ids["mo"])
    assert mo.title.startswith(case_reference(ids["mo"]))


def test_the_window_and_the_filters_narrow_the_items(vault, people) -> None:
    ids, _ = people
    november = Window(dt.date(2026, 11, 1), dt.date(2026, 12, 1))
    assert all(i.date.month == 11 for i in gather(vault, november, today=TODAY))
    alpha = gather(vault, WINDOW, CalendarFilter(officer="PC Example Alpha"), today=TODAY)
    assert {i.case_id for i in alpha} == {ids["mo"], ids["aoife"], ids["zoe"]}
    level3 = gather(vault, WINDOW, CalendarFilter(level=3), today=TODAY)
    assert {i.case_id for i in level3} == {ids["mo"]}
    fixed = gather(vault, WINDOW, CalendarFilter(cohort="fixed"), today=TODAY)
    assert {i.case_id for i in fixed} == {ids["zoe"]}
    only = gather(vault, WINDOW, CalendarFilter(kinds=frozenset({Kind.REVIEW})), today=TODAY)
    assert {i.kind for i in only} == {Kind.REVIEW}


def test_a_review_keeps_its_uid_when_its_date_moves(vault, people) -> None:
    ids, _ = people
    before = {i.case_id: i for i in by_kind(gather(vault, WINDOW, today=TODAY), Kind.REVIEW)}
    cases = CaseService(vault)
    details = cases.get(ids["steve"])
    details.last_review = dt.date(2026, 11, 2)
    cases.update(ids["steve"], details)
    after = {i.case_id: i for i in by_kind(gather(vault, WINDOW, today=TODAY), Kind.REVIEW)}
    assert after[ids["steve"]].date != before[ids["steve"]].date
    assert after[ids["steve"]].uid == before[ids["steve"]].uid


def test_the_due_summary_names_the_people_behind_each_figure(vault, people) -> None:
    ids, _ = people
    summary = due_summary(vault, today=TODAY)
    assert summary.reviews_overdue == [ids["steve"]]
    assert summary.reviews_due_soon == [ids["mo"]]  # 25 November, within 14 days
    assert summary.no_review_date == [ids["ffion"]]
    assert summary.actions_overdue == [ids["zoe"]]
    assert due_summary(vault, today=TODAY, soon_days=7).reviews_due_soon == []


# ----------------------------------------------------------------------- .ics export
def events(path) -> dict[str, dict]:
    cal = Calendar.from_ical(path.read_bytes())
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_the_ics_file_holds_one_event_per_item_and_no_name(vault, people, tmp_path) -> None:
    out = tmp_path / "team.ics"
    count = export_ics(vault, out, WINDOW, today=TODAY)
    items = gather(vault, WINDOW, today=TODAY)
    found = events(out)
    assert count == len(items) == len(found)
    assert set(found) == {i.uid for i in items}
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    text = out.read_bytes().decode()
    for word in ("Quillfeather", "Mohammed", "Thistlecombe", "Stephen", "Emberstead", "Ffion",
                 "Bramblewick", "Aoife", "ukasiewicz", "Zo\u00eb", "Nettleford", "Housing options"):
        assert word not in text
    review = next(i for i in items if i.kind == Kind.REVIEW)
    event = found[review.uid]
    assert event.decoded("dtstart") == review.date  # all-day: a date, not a time
    assert event.decoded("dtend") == review.date + dt.timedelta(days=1)
    assert str(event["summary"]).startswith(review.reference)


def test_initials_are_added_only_when_asked(vault, people, tmp_path) -> None:
    ids, _ = people
    out = tmp_path / "with.ics"
    export_ics(vault, out, WINDOW, today=TODAY, with_initials=True)
    summaries = [str(e["summary"]) for e in events(out).values()]
    assert any(s.startswith(case_reference(ids["mo"])) and s.endswith("(MQ)")
               for s in summaries)


def test_a_re_export_after_a_change_keeps_the_uids_of_unchanged_items(
        vault, people, tmp_path) -> None:
    ids, actions = people
    first, second = tmp_path / "1.ics", tmp_path / "2.ics"
    export_ics(vault, first, WINDOW, today=TODAY)
    PathwayService(vault).add_action(ids["zoe"], ActionDetails(
        Pathway.HEALTH, "Dentist", target_date=dt.date(2026, 12, 1)))
    action = PathwayService(vault).actions(ids["zoe"])[0]
    action.target_date = dt.date(2026, 11, 20)
    PathwayService(vault).update_action(actions["late"], action)
    export_ics(vault, second, WINDOW, today=TODAY)
    old, new = events(first), events(second)
    assert set(old) < set(new) and len(new) == len(old) + 1
    moved = next(u for u in old if u.startswith(f"pathway_action-{actions['late']}-"))
    assert new[moved].decoded("dtstart") == dt.date(2026, 11, 20)  # updated, same uid


def test_an_existing_file_is_not_replaced_unless_asked(vault, people, tmp_path) -> None:
    from rrdesk.tables.files import TargetExists

    out = tmp_path / "team.ics"
    out.write_text("mine")
    with pytest.raises(TargetExists):
        export_ics(vault, out, WINDOW, today=TODAY)
    assert out.read_text() == "mine"
    export_ics(vault, out, WINDOW, today=TODAY, overwrite=True)
    assert events(out)


def test_the_register_filters_on_review_due_within_n_days(vault, people) -> None:
    from rrdesk.services.register import RegisterFilter, RegisterQuery

    ids, _ = people
    q = RegisterQuery(vault, today=TODAY)
    within = {n: {r.id for r in q.all_rows(RegisterFilter(review_due_within=n))}
              for n in (7, 14)}
    assert within[7] == {ids["steve"]}  # overdue since 21 October: due within any N days
    assert within[14] == {ids["steve"], ids["mo"]}  # 25 November is 9 days on
    assert q.count(RegisterFilter(review_due_within=14, officer="PC Example Alpha")) == 1


def test_sentence_licence_and_requirement_ends_are_on_the_calendar(vault, people) -> None:
    from rrdesk.domain.case_record import Requirement, RequirementKind, Sentence, SentenceType
    from rrdesk.services.case_record import CaseRecordService

    ids, _ = people
    record = CaseRecordService(vault, today=TODAY)
    record.set_sentence(ids["zoe"], Sentence(
        SentenceType.LICENCE, start=dt.date(2026, 1, 5), end=dt.date(2026, 12, 4),
        licence_end=dt.date(2027, 2, 1), sentence_expiry=dt.date(2026, 12, 4)))
    tag = record.save_requirement(ids["zoe"], Requirement(
        RequirementKind.EM, start=dt.date(2026, 6, 1), end=dt.date(2026, 11, 20)))
    items = gather(vault, WINDOW, today=TODAY)
    ends = {(i.kind, i.date) for i in items if i.case_id == ids["zoe"]}
    assert (Kind.SENTENCE_END, dt.date(2026, 12, 4)) in ends
    assert (Kind.LICENCE_END, dt.date(2027, 2, 1)) in ends
    assert (Kind.REQUIREMENT_END, dt.date(2026, 11, 20)) in ends
    sentence = [i for i in items if i.kind == Kind.SENTENCE_END]
    assert len(sentence) == 1  # an expiry on the end date is said once
    requirement = next(i for i in items if i.kind == Kind.REQUIREMENT_END)
    assert requirement.uid.startswith(f"requirement_end-{tag}-end")
    assert "Electronic monitoring" in requirement.title and not requirement.overdue


# ----------------------------------------------------------------------- MAPPA meetings, RMPs
@pytest.fixture
def mappa(vault, people):
    """A level 2 case whose approved minutes (meeting of Monday 9 November 2026, 10:00) leave
    an RMP: supervision due 2 November (overdue), monitoring and victim safety due 7
    December, interventions done, contingency undated. The next meeting on 14 December at
    10:30; a cancelled one on 30 November."""
    from rrdesk.domain.mappa import ActionStatus, Heading
    from rrdesk.services.mappa_records import MeetingDetails, MinutesEdit
    from rrdesk.services.meetings import MeetingService
    from rrdesk.services.minutes import MinutesService
    from rrdesk.services.rmp import RmpActionItem, RmpPlan, RmpRiskItem

    case = CaseService(vault).add(CaseDetails(
        family_name="Gorsebrook-Demo", given_names="Nia", mappa_category=2, mappa_level=2,
        offender_manager="PO Example Bravo"))
    meetings, minutes = MeetingService(vault), MinutesService(vault)
    held = meetings.schedule(MeetingDetails(dt.datetime(2026, 11, 9, 10), 2, area="Demoshire",
                                            place="Demo room", chair="DCI Example Chair"))
    review = meetings.add_to_agenda(held, [case])[0]
    meetings.record_statement(held, True)
    due = {Heading.SUPERVISION: (dt.date(2026, 11, 2), ActionStatus.IN_PROGRESS),
           Heading.MONITORING: (dt.date(2026, 12, 7), ActionStatus.NOT_STARTED),
           Heading.INTERVENTIONS: (dt.date(2026, 11, 3), ActionStatus.DONE),
           Heading.VICTIM_SAFETY: (dt.date(2026, 12, 7), ActionStatus.NOT_STARTED),
           Heading.CONTINGENCY: (None, ActionStatus.NOT_STARTED)}
    plan = RmpPlan(case, risks=[RmpRiskItem("Violence (fictional)")], actions=[
        RmpActionItem(h, f"Demo action: {h.label}", "Probation Service", "PO Example Bravo",
                      day, status) for h, (day, status) in due.items()])
    minutes.save(review, MinutesEdit(level_decision="remain", decision_reason="Demo reason.",
                                     rmp=plan))
    minutes.approve(review, "DCI Example Chair", dt.datetime(2026, 11, 9, 12))
    upcoming = meetings.schedule(MeetingDetails(dt.datetime(2026, 12, 14, 10, 30), 2,
                                                place="Demo room", chair="DCI Example Chair"))
    cancelled = meetings.schedule(MeetingDetails(dt.datetime(2026, 11, 30, 14), 3,
                                                 place="Demo room", chair="DCI Example Chair"))
    meetings.cancel(cancelled)
    return {"case": case, "held": held, "upcoming": upcoming, "cancelled": cancelled}


def test_mappa_meetings_are_timed_items_that_name_their_meeting(vault, mappa) -> None:
    items = by_kind(gather(vault, WINDOW, today=TODAY), Kind.MEETING)
    assert [(i.meeting_id, i.date, i.time) for i in items] == [
        (mappa["held"], dt.date(2026, 11, 9), dt.time(10, 0)),
        (mappa["upcoming"], dt.date(2026, 12, 14), dt.time(10, 30))]  # not the cancelled one
    assert items[0].title == "Level 2 MAPPA meeting, Demoshire"
    assert not any(i.overdue for i in items) and all(i.case_id is None for i in items)
    assert items[0].as_json() | {"uid": ""} == {
        "date": "2026-11-09", "time": "10:00", "kind": "meeting", "meeting_id": mappa["held"],
        "title": "Level 2 MAPPA meeting, Demoshire", "overdue": False, "uid": ""}
    level3 = gather(vault, WINDOW, CalendarFilter(level=3), today=TODAY)
    assert not by_kind(level3, Kind.MEETING)


def test_open_actions_of_the_current_rmp_are_due_on_their_dates(vault, mappa) -> None:
    items = by_kind(gather(vault, WINDOW, today=TODAY), Kind.RMP_ACTION)
    shown = sorted((i.date, i.title, i.overdue) for i in items)
    ref = case_reference(mappa["case"])
    assert shown == [  # not the one done, not the undated one
        (dt.date(2026, 11, 2), f"{ref}: RMP supervision action due", True),
        (dt.date(2026, 12, 7), f"{ref}: RMP monitoring and control action due", False),
        (dt.date(2026, 12, 7), f"{ref}: RMP victim safety planning action due", False)]
    assert {i.case_id for i in items} == {mappa["case"]}
    assert all(i.officer == "PO Example Bravo" and i.level == 2 for i in items)
    assert mappa["case"] in due_summary(vault, today=TODAY).actions_overdue
    assert mappa["case"] not in due_summary(vault, today=dt.date(2026, 11, 1)).actions_overdue


def test_the_ics_holds_meetings_as_timed_events_and_rmp_actions_by_reference(
        vault, mappa, tmp_path) -> None:
    from zoneinfo import ZoneInfo

    out = tmp_path / "team.ics"
    export_ics(vault, out, WINDOW, today=TODAY)
    found = events(out)
    items = gather(vault, WINDOW, today=TODAY)
    assert set(found) == {i.uid for i in items}
    meeting = next(i for i in items if i.meeting_id == mappa["upcoming"])
    event = found[meeting.uid]
    london = ZoneInfo("Europe/London")
    assert event.decoded("dtstart") == dt.datetime(2026, 12, 14, 10, 30, tzinfo=london)
    assert event.decoded("dtend") == dt.datetime(2026, 12, 14, 12, 30, tzinfo=london)
    assert str(event["summary"]) == "Level 2 MAPPA meeting"
    action = next(i for i in items if i.kind == Kind.RMP_ACTION)
    assert found[action.uid].decoded("dtstart") == action.date  # all day
    text = out.read_bytes().decode()
    assert "Gorsebrook" not in text and "Nia" not in text and "Demo action" not in text


def test_an_rmp_action_carried_to_the_next_version_keeps_its_uid(vault, mappa) -> None:
    from rrdesk.domain.mappa import ActionStatus
    from rrdesk.services.mappa_records import MinutesEdit
    from rrdesk.services.meetings import MeetingService
    from rrdesk.services.minutes import MinutesService

    def uids() -> dict[str, str]:
        return {i.title: i.uid for i in by_kind(gather(vault, WINDOW, today=TODAY),
                                                Kind.RMP_ACTION)}

    before = uids()
    minutes = MinutesService(vault)
    review = MeetingService(vault).add_to_agenda(mappa["upcoming"], [mappa["case"]])[0]
    MeetingService(vault).record_statement(mappa["upcoming"], True)
    draft = next(m for m in minutes.meeting_minutes(mappa["upcoming"])
                 if m.review_id == review)
    marks = {a.id: (ActionStatus.DONE if "Supervision" in a.heading.label
                    else ActionStatus.IN_PROGRESS, "") for a in draft.action_reviews}
    minutes.save(review, MinutesEdit(action_marks=marks))
    plan = next(m for m in minutes.meeting_minutes(mappa["upcoming"])
                if m.review_id == review).rmp
    plan.no_action_reasons = {"supervision": "Done (demo).", "interventions": "Done (demo)."}
    minutes.save(review, MinutesEdit(level_decision="remain", decision_reason="Demo reason.",
                                     rmp=plan))
    minutes.approve(review, "DCI Example Chair", dt.datetime(2026, 12, 14, 12))
    after = uids()
    ref = case_reference(mappa["case"])
    assert f"{ref}: RMP supervision action due" not in after  # done at this review
    for heading in ("monitoring and control", "victim safety planning"):
        title = f"{ref}: RMP {heading} action due"
        assert after[title] == before[title]
