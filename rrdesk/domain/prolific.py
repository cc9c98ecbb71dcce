"""The local "prolific" definition used in published IOM plans; its ages and counts are
the team's local rules (``domain.local_rules``)."""

from __future__ import annotations

import datetime as dt

from rrdesk.domain.local_rules import LocalRules

DEFAULT_RULES = LocalRules()


def age_on(date_of_birth: dt.date, today: dt.date) -> int:
    had_birthday = (today.month, today.day) >= (date_of_birth.month, date_of_birth.day)
    return today.year - date_of_birth.year - (0 if had_birthday else 1)


def is_prolific(date_of_birth: dt.date | None, offence_count: int | None,
                today: dt.date, rules: LocalRules | None = None) -> bool:
    """By default aged 18-24 with 8 or more recorded offences, or 25 and over with 16 or
    more; the ages and counts are ``rules``."""
    r = rules or DEFAULT_RULES
    if date_of_birth is None or not offence_count:
        return False
    age = age_on(date_of_birth, today)
    if r.prolific_young_from <= age <= r.prolific_young_to:
        return offence_count >= r.prolific_young_count
    if age >= r.prolific_adult_from:
        return offence_count >= r.prolific_adult_count
    return False
