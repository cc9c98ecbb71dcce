"""MAPPA review dates: a due date is a latest date, moved earlier off non-working days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays


@dataclass(frozen=True)
class ReviewIntervals:
    """Weeks between reviews of a case in the community (settings; defaults from guidance)."""

    level2_weeks: int = 16
    level3_weeks: int = 8

    def for_level(self, level: int | None) -> int | None:
        return {2: self.level2_weeks, 3: self.level3_weeks}.get(level or 0)


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    # England and Wales share one list of bank holidays.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def latest_working_day_on_or_before(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def next_review_due(last_review: dt.date | None, level: int | None,
                    intervals: ReviewIntervals = ReviewIntervals()) -> dt.date | None:
    """When the next review must happen by; None for level 1 / no MAPPA / never reviewed."""
    weeks = intervals.for_level(level)
    if last_review is None or weeks is None:
        return None
    return latest_working_day_on_or_before(last_review + dt.timedelta(weeks=weeks))
