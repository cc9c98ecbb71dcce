"""A team's local rules: every one declared here, once, with its default and its check.

These are the team's (they travel with the vault, not the laptop): the settings page is
built from ``RULES``, services read them through ``services.local_rules``. Defaults come
from national guidance where there is one (DOMAIN.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from rrdesk.domain.errors import FieldError

DEFAULT_STATEMENT = (
    "The information shared at this meeting is confidential and is shared only to protect "
    "the public. It must not be passed on without the agreement of the chair, except where "
    "the law requires it. Everyone present will treat people fairly and without "
    "discrimination, whatever their age, disability, gender, gender identity, race, "
    "religion or belief, or sexual orientation."
)

DEFAULT_DTC_AGENCIES = (
    "Youth Justice Service",
    "Department for Work and Pensions",
    "Local authority education",
    "Children's social care",
    "Adult social care",
    "Housing authority",
    "Social landlord",
    "NHS / health",
    "Electronic monitoring provider",
    "Home Office Immigration Enforcement",
)

DEFAULT_PARTNER_AGENCIES = (
    "Probation Service",
    "Police",
    "Prison Service",
    *DEFAULT_DTC_AGENCIES,
)

DEFAULT_FLEX_CRIME_TYPES = ("Serious violence", "Domestic abuse", "Drug supply")


@dataclass(frozen=True)
class RuleSpec:
    name: str  # the attribute of LocalRules
    label: str  # shown on the settings page
    help: str


@dataclass
class LocalRules:
    # Prolific (local definition used in published IOM plans).
    prolific_young_from: int = 18
    prolific_young_to: int = 24
    prolific_young_count: int = 8
    prolific_adult_from: int = 25
    prolific_adult_count: int = 16
    # MAPPA review intervals in weeks (a due date is a latest date).
    review_weeks_level1: int = 16
    review_weeks_level2: int = 16
    review_weeks_level3: int = 8
    iom_flex_crime_types: list[str] = field(default_factory=lambda: list(DEFAULT_FLEX_CRIME_TYPES))
    partner_agencies: list[str] = field(default_factory=lambda: list(DEFAULT_PARTNER_AGENCIES))
    dtc_agencies: list[str] = field(default_factory=lambda: list(DEFAULT_DTC_AGENCIES))
    confidentiality_statement: str = DEFAULT_STATEMENT

    def validate(self) -> None:
        """``FieldError`` names the first rule that is out of range."""
        for name, low, high in (
            ("prolific_young_from", 10, 99), ("prolific_young_to", 10, 99),
            ("prolific_young_count", 1, 999), ("prolific_adult_from", 10, 99),
            ("prolific_adult_count", 1, 999), ("review_weeks_level1", 1, 104),
            ("review_weeks_level2", 1, 52), ("review_weeks_level3", 1, 52),
        ):
            value = getattr(self, name)
            if not isinstance(value, int) or not low <= value <= high:
                raise FieldError(name, f"must be a whole number from {low} to {high}")
        if self.prolific_young_from > self.prolific_young_to:
            raise FieldError("prolific_young_to", "must not be below the first age")
        if self.prolific_adult_from <= self.prolific_young_to:
            raise FieldError("prolific_adult_from", "must be above the young adult ages")
        if self.review_weeks_level3 > self.review_weeks_level2:
            raise FieldError("review_weeks_level3",
                             "level 3 cases are reviewed at least as often as level 2")
        for name in ("iom_flex_crime_types", "partner_agencies", "dtc_agencies"):
            items = getattr(self, name)
            if any(not str(i).strip() for i in items):
                raise FieldError(name, "an entry is blank")
        if not self.confidentiality_statement.strip():
            raise FieldError("confidentiality_statement", "enter the statement read at meetings")


RULES: tuple[RuleSpec, ...] = (
    RuleSpec("prolific_young_from", "Young adult from age", "Prolific: younger band starts"),
    RuleSpec("prolific_young_to", "Young adult to age", "Prolific: last age of the younger band"),
    RuleSpec("prolific_young_count", "Young adult offences", "Prolific at this many or more"),
    RuleSpec("prolific_adult_from", "Adult from age", "Prolific: first age of the older band"),
    RuleSpec("prolific_adult_count", "Adult offences", "Prolific at this many offences or more"),
    RuleSpec("review_weeks_level1", "Level 1 review (weeks)", "Lead agency review interval"),
    RuleSpec("review_weeks_level2", "Level 2 review (weeks)", "At most this long between reviews"),
    RuleSpec("review_weeks_level3", "Level 3 review (weeks)", "At most this long between reviews"),
    RuleSpec("iom_flex_crime_types", "IOM flex crime types", "Local priority crime types"),
    RuleSpec("partner_agencies", "Partner agencies", "Offered wherever an agency is chosen"),
    RuleSpec("dtc_agencies", "Duty to Co-operate agencies", "CJA 2003 s.325"),
    RuleSpec("confidentiality_statement", "Confidentiality and diversity statement",
             "Read at the start of every MAPPA meeting"),
)

assert {r.name for r in RULES} == {f.name for f in fields(LocalRules)}
