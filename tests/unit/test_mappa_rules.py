"""MAPPA rules on real calendars: review dates, level decisions, disclosure, referral prompts."""

from __future__ import annotations

import datetime as dt

import pytest

from rrdesk.domain.errors import FieldError
from rrdesk.domain.mappa import (
    check_disclosure,
    check_level_decision,
    check_next_review,
    lead_agency_review_due,
    prompts_on_accept,
    review_due,
)
from rrdesk.domain.reviews import ReviewIntervals


def test_level2_review_before_christmas_and_boxing_day_substitute() -> None:
    # 16 weeks after 7 Sep 2026 is Mon 28 Dec (Boxing Day substitute); 25th a holiday too.
    assert review_due(dt.date(2026, 9, 7), 2) == dt.date(2026, 12, 24)


def test_level3_review_before_new_year() -> None:
    # 8 weeks after 6 Nov 2026 is Fri 1 Jan 2027, New Year's Day.
    assert review_due(dt.date(2026, 11, 6), 3) == dt.date(2026, 12, 31)


def test_level1_has_no_meeting_review_but_a_lead_agency_date() -> None:
    assert review_due(dt.date(2026, 9, 7), 1) is None
    assert lead_agency_review_due(dt.date(2026, 9, 7), 16) == dt.date(2026, 12, 24)
    assert lead_agency_review_due(None, 16) is None


def test_intervals_are_settings() -> None:
    assert review_due(dt.date(2026, 6, 3), 3, ReviewIntervals(16, 6)) == dt.date(2026, 7, 15)


def test_chair_may_choose_earlier_never_later() -> None:
    meeting = dt.date(2026, 9, 7)
    assert check_next_review(None, meeting, 2) == dt.date(2026, 12, 24)
    assert check_next_review(dt.date(2026, 11, 2), meeting, 2) == dt.date(2026, 11, 2)
    with pytest.raises(FieldError) as e:
        check_next_review(dt.date(2026, 12, 29), meeting, 2)
    assert e.value.field == "next_review"
    assert "24 December 2026" in e.value.message
    with pytest.raises(FieldError):
        check_next_review(meeting, meeting, 2)


@pytest.mark.parametrize(("decision", "current", "new", "expected"), [
    ("remain", 2, None, 2), ("remain", 3, 3, 3), ("increase", 2, 3, 3), ("reduce", 3, 2, 2),
    ("reduce", 3, 1, 1), ("exit", 2, None, 1), ("exit", 3, 1, 1), ("remain", None, 2, 2),
])
def test_level_decisions_that_agree(decision: str, current: int | None, new: int | None,
                                    expected: int) -> None:
    assert check_level_decision(decision, current, new) == expected


@pytest.mark.parametrize(("decision", "current", "new", "field"), [
    ("remain", 2, 3, "new_level"), ("increase", 3, 3, "new_level"), ("increase", 2, 1, "new_level"),
    ("reduce", 2, 2, "new_level"), ("reduce", 2, 3, "new_level"), ("exit", 2, 2, "new_level"),
    (None, 2, 2, "level_decision"), ("sideways", 2, 2, "level_decision"),
    ("increase", 2, None, "new_level"),
])
def test_level_decisions_that_disagree_name_the_field(decision, current, new, field) -> None:
    with pytest.raises(FieldError) as e:
        check_level_decision(decision, current, new)
    assert e.value.field == field


def test_disclosure_needs_rationale_and_recipient() -> None:
    check_disclosure(False, "", "No current risk to a third party")
    with pytest.raises(FieldError) as e:
        check_disclosure(False, "", " ")
    assert e.value.field == "disclosure_rationale"
    with pytest.raises(FieldError) as e:
        check_disclosure(True, "", "Partner at risk")
    assert e.value.field == "disclosure_to"


def test_accepting_prompts_iom_and_cppc() -> None:
    assert prompts_on_accept(1, 2) == []
    assert any("IOM" in p for p in prompts_on_accept(2, 2))
    prompts = prompts_on_accept(3, 3)
    assert any("IOM" in p for p in prompts) and any("Critical Public Protection" in p
                                                    for p in prompts)
