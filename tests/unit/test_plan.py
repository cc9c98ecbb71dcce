"""The partnership plan: how blanks are read, grouping, editing, the demo plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from rrdesk.domain.errors import FieldError
from rrdesk.domain.plan import (
    PlanLine,
    check_lines,
    fill_down,
    group_by_need,
    rag_colour,
)
from rrdesk.services.plan import PlanInvalid, PlanService, import_plan
from rrdesk.store import audit

ACC, ETE = "Accommodation", "Education, training and employment"


def line(need: str = "", issue: str = "", action: str = "", rag: str = "") -> PlanLine:
    return PlanLine(need=need, priority_issue=issue, action=action, rag=rag)


# ---------------------------------------------------------------------------- fill_down
def test_blank_need_and_issue_repeat_the_row_above() -> None:
    rows = fill_down([line(ACC, "Housing gap", "a1"), line("", "", "a2"),
                      line("", "Rough sleeping", "a3"), line("  ", " ", "a4")])
    assert [(r.need, r.priority_issue, r.action) for r in rows] == [
        (ACC, "Housing gap", "a1"), (ACC, "Housing gap", "a2"),
        (ACC, "Rough sleeping", "a3"), (ACC, "Rough sleeping", "a4")]


def test_action_owner_timescale_and_rag_are_never_filled() -> None:
    first = PlanLine(ACC, "Housing gap", "a1", "Probation Service", "March 2027", "amber")
    second = fill_down([first, PlanLine()])[1]
    assert (second.action, second.owner, second.timescale, second.rag) == ("", "", "", "")
    assert (second.need, second.priority_issue) == (ACC, "Housing gap")


def test_a_new_need_does_not_inherit_the_previous_needs_issue() -> None:
    rows = fill_down([line(ACC, "Housing gap", "a1"), line(ETE, "", "e1"), line("", "", "e2")])
    assert [(r.need, r.priority_issue) for r in rows] == [
        (ACC, "Housing gap"), (ETE, ""), (ETE, "")]


def test_repeating_the_same_need_keeps_its_issue() -> None:
    rows = fill_down([line(ACC, "Housing gap", "a1"), line(ACC, "", "a2")])
    assert rows[1].priority_issue == "Housing gap"


def test_fill_down_leaves_the_rows_as_written() -> None:
    written = [line(ACC, "Housing gap", "a1"), line("", "", "a2")]
    fill_down(written)
    assert written[1].need == ""


def test_groups_follow_first_appearance_and_merge_a_need_written_twice() -> None:
    filled = fill_down([line(ACC, "i", "a1"), line(ETE, "j", "e1"), line(ACC, "k", "a2"),
                        line("", "", "a3")])
    groups = group_by_need(filled)
    assert [(g.need, g.indices) for g in groups] == [(ACC, (0, 2, 3)), (ETE, (1,))]


def test_first_row_must_name_its_need() -> None:
    problems = check_lines([line("", "Housing gap", "a1")])
    assert [(i, e.field) for i, e in problems] == [(0, "need")]


def test_control_characters_and_huge_text_are_refused_by_field() -> None:
    problems = check_lines([line(ACC, "ok", "bad\x07bell"), line("", "", "x" * 32_001)])
    assert [(i, e.field) for i, e in problems] == [(0, "action"), (1, "action")]
    assert all("bell" not in e.message for _, e in problems)  # never the value


def test_rag_colours_and_commentary() -> None:
    assert rag_colour(" Amber ") == "amber"
    assert rag_colour("G") == "green"
    assert rag_colour("Delayed: awaiting funding decision") is None


# ---------------------------------------------------------------------------- service
PLAN = [
    PlanLine(ACC, "Housing gap", "Commission beds", "Local authority housing", "March 2027",
             "amber"),
    PlanLine("", "", "Duty to refer pathway", "Probation Service", "June 2026", "green"),
    PlanLine("", "Rough sleeping", "Meet at the gate", "Probation Service", "Ongoing",
             "Slow start, revised date agreed"),
    PlanLine(ETE, "Few employers", "Employer fairs", "DWP", "March 2027", "red"),
]


def test_items_keep_what_was_written_and_show_the_filled_values(vault) -> None:
    import_plan(vault, PLAN)
    items = PlanService(vault).items()
    assert [it.position for it in items] == [1, 2, 3, 4]
    assert items[1].written.need == "" and items[1].shown.need == ACC
    assert items[2].shown.priority_issue == "Rough sleeping"
    assert items[2].shown.rag == "Slow start, revised date agreed"


def test_sections_group_the_plan_by_need(vault) -> None:
    import_plan(vault, PLAN)
    sections = PlanService(vault).sections()
    assert [(s.need, [it.written.action for it in s.items]) for s in sections] == [
        (ACC, ["Commission beds", "Duty to refer pathway", "Meet at the gate"]),
        (ETE, ["Employer fairs"])]


def test_editing_one_field_changes_only_that_row_and_is_audited(vault) -> None:
    service = PlanService(vault)
    import_plan(vault, PLAN)
    target = service.items()[1]
    assert service.update_row(target.id, "rag", "Delayed by the funding round")
    assert not service.update_row(target.id, "rag", "Delayed by the funding round")
    lines = service.lines()
    assert lines[1].rag == "Delayed by the funding round"
    assert lines[0] == PLAN[0] and lines[2:] == PLAN[2:]
    with vault.read_session() as s:
        last = audit.entries(s)[-1]
    assert (last.action, last.record_type, last.record_id) == ("alteration", "plan_row",
                                                               str(target.id))
    assert "Delayed" not in last.detail and "rag" in last.detail


def test_renaming_a_need_moves_the_rows_below_that_repeat_it(vault) -> None:
    service = PlanService(vault)
    import_plan(vault, PLAN)
    service.update_row(service.items()[0].id, "need", "Accommodation and housing")
    assert [s.need for s in service.sections()] == ["Accommodation and housing", ETE]
    assert len(service.sections()[0].items) == 3


def test_edit_refuses_a_blank_first_need_and_unknown_fields(vault) -> None:
    service = PlanService(vault)
    import_plan(vault, PLAN)
    first = service.items()[0].id
    with pytest.raises(FieldError) as e:
        service.update_row(first, "need", "  ")
    assert e.value.field == "need"
    with pytest.raises(FieldError):
        service.update_row(first, "not_a_field", "x")
    assert service.lines() == PLAN


def test_a_row_added_in_a_need_joins_it(vault) -> None:
    service = PlanService(vault)
    import_plan(vault, PLAN)
    new_id = service.add_row(after_position=1, values={"action": "Extra action"})
    items = service.items()
    assert [it.id for it in items].index(new_id) == 1
    assert items[1].shown.need == ACC and items[1].shown.priority_issue == "Housing gap"
    assert [it.position for it in items] == [1, 2, 3, 4, 5]
    assert service.add_row() == service.items()[-1].id  # at the end by default


def test_a_row_added_at_the_top_must_name_a_need(vault) -> None:
    service = PlanService(vault)
    import_plan(vault, PLAN)
    with pytest.raises(FieldError):
        service.add_row(after_position=0)
    service.add_row(after_position=0, values={"need": "Finance, benefit and debt"})
    assert service.sections()[0].need == "Finance, benefit and debt"


def test_deleting_the_row_that_names_a_need_keeps_the_rows_below_in_it(vault) -> None:
    service = PlanService(vault)
    import_plan(vault, PLAN)
    first = service.items()[0]
    service.delete_row(first.id)
    items = service.items()
    assert [it.position for it in items] == [1, 2, 3]
    assert [(it.shown.need, it.shown.priority_issue, it.shown.action) for it in items] == [
        (ACC, "Housing gap", "Duty to refer pathway"),
        (ACC, "Rough sleeping", "Meet at the gate"),
        (ETE, "Few employers", "Employer fairs")]
    with vault.read_session() as s:
        assert audit.entries(s)[-1].action == "erasure"


def test_deleting_a_row_in_the_middle_of_a_need(vault) -> None:
    service = PlanService(vault)
    import_plan(vault, [PlanLine(ACC, "i", "a1"), PlanLine(ETE, "", "e1"),
                        PlanLine("", "", "e2")])
    service.delete_row(service.items()[1].id)
    assert [(it.shown.need, it.shown.priority_issue) for it in service.items()] == [
        (ACC, "i"), (ETE, "")]


def _shown(service: PlanService) -> list[tuple[str, str, str]]:
    return [(it.shown.need, it.shown.priority_issue, it.shown.action) for it in service.items()]


def test_moving_a_row_within_its_need_keeps_what_every_row_shows(vault) -> None:
    service = PlanService(vault)
    import_plan(vault, PLAN)
    second = service.items()[1]  # "Duty to refer pathway": need and issue both inherited
    assert service.move_row(second.id, -1)
    assert _shown(service) == [
        (ACC, "Housing gap", "Duty to refer pathway"),
        (ACC, "Housing gap", "Commission beds"),
        (ACC, "Rough sleeping", "Meet at the gate"),
        (ETE, "Few employers", "Employer fairs")]
    assert [it.position for it in service.items()] == [1, 2, 3, 4]
    # Written out where the new order needs it: the moved row now starts the plan.
    assert service.lines()[0].need == ACC and service.lines()[0].priority_issue == "Housing gap"
    with vault.read_session() as s:
        last = audit.entries(s)[-1]
    assert (last.action, last.record_type, last.record_id, last.detail) == (
        "alteration", "plan_row", str(second.id), "moved to position 1")
    assert service.move_row(second.id, 1)
    assert _shown(service)[:2] == [(ACC, "Housing gap", "Commission beds"),
                                   (ACC, "Housing gap", "Duty to refer pathway")]


def test_a_row_moves_past_other_needs_rows_to_the_next_of_its_own(vault) -> None:
    service = PlanService(vault)
    import_plan(vault, [PlanLine(ACC, "i", "a1"), PlanLine(ETE, "j", "e1"),
                        PlanLine(ACC, "k", "a2")])
    assert service.move_row(service.items()[0].id, 1)
    assert _shown(service) == [(ACC, "k", "a2"), (ETE, "j", "e1"), (ACC, "i", "a1")]


def test_the_first_or_last_row_of_a_need_goes_no_further(vault) -> None:
    service = PlanService(vault)
    import_plan(vault, PLAN)
    before = service.lines()
    items = service.items()
    assert not service.move_row(items[0].id, -1)
    assert not service.move_row(items[2].id, 1)  # last of its need; the next row is ETE
    assert not service.move_row(items[3].id, 1)
    assert service.lines() == before
    with pytest.raises(KeyError):
        service.move_row(999_999, 1)


def test_a_bad_plan_is_refused_whole(vault) -> None:
    import_plan(vault, PLAN)
    with pytest.raises(PlanInvalid) as e:
        import_plan(vault, [PlanLine("", "x", "a"), PlanLine(ACC, "y", "bad\x00")])
    assert sorted(e.value.rows) == [1, 2]
    assert PlanService(vault).lines() == PLAN


def test_import_is_audited_with_counts_only(vault) -> None:
    import_plan(vault, PLAN, source="CSV")
    with vault.read_session() as s:
        last = audit.entries(s)[-1]
    assert last.action == "collection" and last.record_type == "plan"
    assert last.detail == "4 rows imported from CSV, replacing 0"


def test_the_demo_plan_covers_the_seven_pathways_and_survives_a_round_trip(
        vault, tmp_path: Path) -> None:
    from rrdesk.domain.pathways import PATHWAY_LABELS
    from rrdesk.services.demo import fill_demo_plan

    service = PlanService(vault)
    assert fill_demo_plan(vault) == service.count() > 7
    assert [s.need for s in service.sections()] == list(PATHWAY_LABELS.values())
    commentary = [line.rag for line in service.lines() if rag_colour(line.rag) is None]
    assert len(commentary) == 1
    for name in ("demo.csv", "demo.xlsx"):
        before = service.lines()
        service.export_file(tmp_path / name)
        service.import_file(tmp_path / name)
        assert service.lines() == before
