"""The local "prolific" definition used in published IOM plans."""

from __future__ import annotations

import datetime as dt

YOUNG_ADULT = (18, 24)
YOUNG_ADULT_THRESHOLD = 8
ADULT_FROM = 25
ADULT_THRESHOLD = 16


def age_on(date_of_birth: dt.date, today: dt.date) -> int:
    had_birthday = (today.month, today.day) >= (date_of_birth.month, date_of_birth.day)
    return today.year - date_of_birth.year - (0 if had_birthday else 1)


def is_prolific(date_of_birth: dt.date | None, offence_count: int | None,
                today: dt.date) -> bool:
    """Aged 18-24 with 8 or more recorded offences, or 25 and over with 16 or more."""
    if date_of_birth is None or not offence_count:
        return False
    age = age_on(date_of_birth, today)
    if YOUNG_ADULT[0] <= age <= YOUNG_ADULT[1]:
        return offence_count >= YOUNG_ADULT_THRESHOLD
    if age >= ADULT_FROM:
        return offence_count >= ADULT_THRESHOLD
    return False
