"""Pure rules of the case register: prolific flag, overdue actions, review dates, search text."""

import datetime as dt

import pytest

from rrdesk.domain.pathways import Rag, is_overdue
from rrdesk.domain.prolific import age_on, is_prolific
from rrdesk.domain.reviews import ReviewIntervals, is_working_day, next_review_due
from rrdesk.domain.search_text import canonical, fold, index_terms

TODAY = dt.date(2026, 11, 23)


def born(years_ago: int, days_after_birthday: int = 10) -> dt.date:
    return dt.date(TODAY.year - years_ago, TODAY.month, TODAY.day) - dt.timedelta(
        days=days_after_birthday)


@pytest.mark.parametrize(("age", "offences", "expected"), [
    (18, 8, True), (24, 8, True), (24, 7, False), (21, 15, True),
    (25, 15, False), (25, 16, True), (60, 40, True), (17, 30, False), (30, 0, False),
])
def test_prolific_thresholds_by_age(age: int, offences: int, expected: bool) -> None:
    assert is_prolific(born(age), offences, TODAY) is expected


def test_age_turns_on_the_birthday_itself() -> None:
    dob = dt.date(2001, 11, 23)
    assert age_on(dob, dt.date(2026, 11, 22)) == 24
    assert age_on(dob, TODAY) == 25
    # 9 offences: prolific at 24, not the day they turn 25
    assert is_prolific(dob, 9, dt.date(2026, 11, 22))
    assert not is_prolific(dob, 9, TODAY)


def test_unknown_birth_date_is_never_prolific() -> None:
    assert not is_prolific(None, 100, TODAY)


def test_overdue_is_past_target_and_not_complete() -> None:
    yesterday = TODAY - dt.timedelta(days=1)
    assert is_overdue(yesterday, Rag.RED, TODAY)
    assert is_overdue(yesterday, "green", TODAY)
    assert not is_overdue(yesterday, Rag.COMPLETE, TODAY)
    assert not is_overdue(TODAY, Rag.RED, TODAY)
    assert not is_overdue(None, Rag.RED, TODAY)


def test_level_3_review_is_8_weeks_level_2_is_16() -> None:
    last = dt.date(2026, 6, 3)  # a Wednesday
    assert next_review_due(last, 3) == dt.date(2026, 7, 29)
    assert next_review_due(last, 2) == dt.date(2026, 9, 23)
    assert next_review_due(last, 1) is None
    assert next_review_due(None, 3) is None


def test_due_date_on_a_weekend_moves_earlier_never_later() -> None:
    # 8 weeks after Saturday 2026-05-02 is Saturday 2026-06-27 -> Friday 26th
    assert next_review_due(dt.date(2026, 5, 2), 3) == dt.date(2026, 6, 26)


def test_due_date_on_a_bank_holiday_moves_to_the_working_day_before() -> None:
    # 8 weeks after 2026-10-30 is Christmas Day 2026 (Friday); the 24th is a Thursday.
    assert next_review_due(dt.date(2026, 10, 30), 3) == dt.date(2026, 12, 24)
    # Easter Monday 2026-04-06 -> Good Friday 04-03 is a holiday too -> Thursday 04-02
    assert next_review_due(dt.date(2026, 2, 9), 3) == dt.date(2026, 4, 2)
    assert not is_working_day(dt.date(2026, 4, 3))


def test_review_intervals_are_settings() -> None:
    assert next_review_due(dt.date(2026, 6, 3), 3, ReviewIntervals(16, 6)) == dt.date(
        2026, 7, 15)


def test_fold_is_case_and_accent_blind() -> None:
    assert fold("Łukasiewicz") == "lukasiewicz"
    assert fold("ZOË") == "zoe"
    assert fold("Ó Fictionaigh") == "o fictionaigh"
    assert fold("Straße") == "strasse"


def test_spelling_variants_share_one_canonical_form() -> None:
    assert canonical("mohammed") == canonical("muhammad") == canonical("mohamed")
    assert canonical("stephen") == canonical("steven")
    assert "muhammad" in index_terms("Mohammed").split()
