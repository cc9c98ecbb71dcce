"""The pathway plan and the partnership plan, built from synthetic input (no vault)."""

from __future__ import annotations

import datetime as dt

from rrdesk.documents.frame import PrintInfo
from rrdesk.documents.model import (
    NeedLine,
    PartnershipPlanDoc,
    PathwayAction,
    PathwayPlanDoc,
    Person,
    PlanLine,
)
from rrdesk.documents.pathway_plan import render_partnership_plan, render_pathway_plan
from tests.documents.pdf_text import assert_framed, flat, page_texts

NAME = "ŁUKASIEWICZ-O'BRIEN, Zoë"
INFO = PrintInfo(reference="Case 7", printed_by="Officer Testcase",
                 printed_at=dt.date(2026, 11, 23))


def _plan(actions: int) -> PathwayPlanDoc:
    return PathwayPlanDoc(
        reference="Case 7",
        person=Person(name=NAME, date_of_birth=dt.date(1990, 2, 3), crn="X900007"),
        needs=[NeedLine("Accommodation", "High", "Sofa surfing", dt.date(2026, 10, 1),
                        "PO Example Bravo"),
               NeedLine("Drugs and alcohol", "Not assessed")],
        actions=[PathwayAction("Accommodation", f"Action number {i:03d}", "Housing authority",
                               "Siân Example", dt.date(2026, 12, 1), "Amber")
                 for i in range(actions)],
        cohort="Fixed")


def test_a_pathway_plan_prints_the_person_needs_and_every_action_on_framed_pages() -> None:
    data = render_pathway_plan(_plan(120), INFO, invariant=True)
    texts = assert_framed(data, "Pathway plan", "Case 7")
    assert len(texts) > 2
    whole = flat(" ".join(texts))
    assert NAME in whole
    assert "X900007" in whole and "03/02/1990" in whole
    assert "Sofa surfing" in whole and "Not assessed" in whole
    for i in range(120):
        assert f"Action number {i:03d}" in whole
    # The table's header row repeats on every page it runs onto.
    for text in texts[1:]:
        assert "Named person" in flat(text)


def test_the_same_input_and_date_give_the_same_bytes() -> None:
    assert render_pathway_plan(_plan(3), INFO, invariant=True) == \
        render_pathway_plan(_plan(3), INFO, invariant=True)
    other = PrintInfo(reference="Case 7", printed_by="Officer Testcase",
                      printed_at=dt.date(2026, 11, 24))
    assert render_pathway_plan(_plan(3), other, invariant=True) != \
        render_pathway_plan(_plan(3), INFO, invariant=True)


def test_the_partnership_plan_groups_actions_under_their_need() -> None:
    doc = PartnershipPlanDoc(lines=[
        PlanLine("Accommodation", "Homelessness on release", "Duty to refer", "Housing", "Q1",
                 "Green"),
        PlanLine("Accommodation", "Homelessness on release", "Bond scheme", "Council", "Q2",
                 "Amber"),
        PlanLine("Drugs and alcohol", "Treatment gaps", "Fast-track referral", "NHS", "Q1",
                 "Red"),
    ])
    data = render_partnership_plan(doc, INFO, invariant=True)
    text = flat(" ".join(assert_framed(data, "Partnership delivery plan", "Case 7")))
    assert text.index("Accommodation") < text.index("Duty to refer") < \
        text.index("Bond scheme") < text.index("Drugs and alcohol") < \
        text.index("Fast-track referral")


def test_an_empty_plan_says_so() -> None:
    data = render_partnership_plan(PartnershipPlanDoc(), INFO, invariant=True)
    assert "The plan is empty." in page_texts(data)[0]
