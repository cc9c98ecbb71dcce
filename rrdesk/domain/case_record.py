"""The case record an IOM officer keeps beyond the case details: sentence and supervision,
requirements and licence conditions, recalls and breaches, flags, gender and ethnicity, and
IOM selection. Pure rules: the choice lists, what is active on a day, and the value checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from rrdesk.domain import checks
from rrdesk.domain.errors import FieldError, ValidationErrors
from rrdesk.domain.prolific import age_on

NOTES_MAX = 2000
WORDS_MAX = 100


class SentenceType(StrEnum):
    COMMUNITY_ORDER = "community_order"
    SUSPENDED_SENTENCE_ORDER = "suspended_sentence_order"
    LICENCE = "licence"
    POST_SENTENCE_SUPERVISION = "post_sentence_supervision"
    NON_STATUTORY = "non_statutory"

    @property
    def label(self) -> str:
        return SENTENCE_LABELS[self]


SENTENCE_LABELS = {
    SentenceType.COMMUNITY_ORDER: "Community order",
    SentenceType.SUSPENDED_SENTENCE_ORDER: "Suspended sentence order",
    SentenceType.LICENCE: "Licence",
    SentenceType.POST_SENTENCE_SUPERVISION: "Post-sentence supervision",
    SentenceType.NON_STATUTORY: "Non-statutory",
}


class RequirementKind(StrEnum):
    """Requirements of an order and conditions of a licence."""

    DRR = "drr"
    ATR = "atr"
    AAMR = "aamr"
    MHTR = "mhtr"
    CURFEW = "curfew"
    EM = "em"
    DRUG_TESTING = "drug_testing"
    RAR = "rar"
    UNPAID_WORK = "unpaid_work"
    PROGRAMME = "programme"
    EXCLUSION = "exclusion"
    RESIDENCE = "residence"
    OTHER = "other"

    @property
    def label(self) -> str:
        return REQUIREMENT_LABELS[self]


REQUIREMENT_LABELS = {
    RequirementKind.DRR: "Drug rehabilitation (DRR)",
    RequirementKind.ATR: "Alcohol treatment (ATR)",
    RequirementKind.AAMR: "Alcohol abstinence and monitoring (AAMR)",
    RequirementKind.MHTR: "Mental health treatment (MHTR)",
    RequirementKind.CURFEW: "Curfew",
    RequirementKind.EM: "Electronic monitoring (tag)",
    RequirementKind.DRUG_TESTING: "Drug testing",
    RequirementKind.RAR: "Rehabilitation activity (RAR)",
    RequirementKind.UNPAID_WORK: "Unpaid work",
    RequirementKind.PROGRAMME: "Accredited programme",
    RequirementKind.EXCLUSION: "Exclusion",
    RequirementKind.RESIDENCE: "Residence",
    RequirementKind.OTHER: "Other",
}


class EventKind(StrEnum):
    RECALL = "recall"
    BREACH = "breach"


class Flag(StrEnum):
    """Flags a person records, each with the dates it applies."""

    MARAC = "marac"
    DA_PERPETRATOR = "da_perpetrator"
    PPO = "ppo"
    VETERAN = "veteran"
    CARE_LEAVER = "care_leaver"
    NFA = "nfa"

    @property
    def label(self) -> str:
        return FLAG_LABELS[self]


class DerivedFlag(StrEnum):
    """Flags worked out from the date of birth, never typed."""

    YOUNG_ADULT = "young_adult"
    OVER_55 = "over_55"

    @property
    def label(self) -> str:
        return FLAG_LABELS[self]


FLAG_LABELS: dict[str, str] = {
    Flag.MARAC: "MARAC", Flag.DA_PERPETRATOR: "Domestic abuse perpetrator",
    Flag.PPO: "Prolific and priority offender", Flag.VETERAN: "Veteran",
    Flag.CARE_LEAVER: "Care leaver", Flag.NFA: "No fixed abode",
    DerivedFlag.YOUNG_ADULT: "Young adult (18–25)", DerivedFlag.OVER_55: "Aged 55 and over",
}
FLAG_SHORT = {"marac": "MARAC", "da_perpetrator": "DA perpetrator", "ppo": "PPO",
              "veteran": "Veteran", "care_leaver": "Care leaver", "nfa": "NFA",
              "young_adult": "18–25", "over_55": "55+", "prolific": "Prolific"}
PROLIFIC = "prolific"  # worked out from age and offences by the local rules
YOUNG_ADULT_AGES = (18, 25)
OLDER_FROM = 55


class AgeBand(StrEnum):
    UNDER_18 = "under_18"
    YOUNG_ADULT = "18_25"
    ADULT = "26_54"
    OLDER = "55_plus"

    @property
    def label(self) -> str:
        return {"under_18": "Under 18", "18_25": "18–25", "26_54": "26–54",
                "55_plus": "55 and over"}[self.value]

    def ages(self) -> tuple[int, int]:
        """First and last age (inclusive) in the band."""
        return {"under_18": (0, 17), "18_25": YOUNG_ADULT_AGES, "26_54": (26, OLDER_FROM - 1),
                "55_plus": (OLDER_FROM, 200)}[self.value]


def derived_flags(date_of_birth: dt.date | None, today: dt.date) -> list[DerivedFlag]:
    if date_of_birth is None:
        return []
    age = age_on(date_of_birth, today)
    if YOUNG_ADULT_AGES[0] <= age <= YOUNG_ADULT_AGES[1]:
        return [DerivedFlag.YOUNG_ADULT]
    if age >= OLDER_FROM:
        return [DerivedFlag.OVER_55]
    return []


def born_between(band: AgeBand, today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last date of birth of someone in ``band`` on ``today``."""
    return born_between_ages(*band.ages(), today)


def born_between_ages(first_age: int, last_age: int, today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last date of birth of someone aged ``first_age``-``last_age`` today."""
    latest = _years_before(today, first_age)
    earliest = _years_before(today, last_age + 1) + dt.timedelta(days=1)
    return earliest, latest


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class Gender(StrEnum):
    """As the person describes it; counted in these categories."""

    WOMAN = "woman"
    MAN = "man"
    NON_BINARY = "non_binary"
    OTHER = "other"  # in their own words
    NOT_STATED = "not_stated"

    @property
    def label(self) -> str:
        return {"woman": "Woman", "man": "Man", "non_binary": "Non-binary",
                "other": "In their own words", "not_stated": "Not stated"}[self.value]


# The 2021 census ethnic groups (England and Wales), as codes and labels.
ETHNICITY: dict[str, str] = {
    "A1": "Asian or Asian British: Bangladeshi",
    "A2": "Asian or Asian British: Chinese",
    "A3": "Asian or Asian British: Indian",
    "A4": "Asian or Asian British: Pakistani",
    "A5": "Asian or Asian British: any other Asian background",
    "B1": "Black, Black British, Caribbean or African: African",
    "B2": "Black, Black British, Caribbean or African: Caribbean",
    "B3": "Black, Black British, Caribbean or African: any other Black background",
    "M1": "Mixed or multiple: White and Asian",
    "M2": "Mixed or multiple: White and Black African",
    "M3": "Mixed or multiple: White and Black Caribbean",
    "M4": "Mixed or multiple: any other Mixed or multiple background",
    "W1": "White: English, Welsh, Scottish, Northern Irish or British",
    "W2": "White: Irish",
    "W3": "White: Gypsy or Irish Traveller",
    "W4": "White: Roma",
    "W5": "White: any other White background",
    "O1": "Other ethnic group: Arab",
    "O2": "Other ethnic group: any other ethnic group",
    "NS": "Not stated",
}
ETHNIC_GROUPS = {"A": "Asian or Asian British", "B": "Black, Black British, Caribbean or African",
                 "M": "Mixed or multiple", "W": "White", "O": "Other ethnic group",
                 "N": "Not stated"}

IOM_FIXED_CRIME_TYPES = ("Burglary", "Robbery", "Theft from the person", "Vehicle crime")


def active_on(start: dt.date | None, end: dt.date | None, day: dt.date) -> bool:
    """Whether something dated ``start``-``end`` (either open) applies on ``day``; the end
    date is the last day it applies."""
    return (start is None or start <= day) and (end is None or day <= end)


def _dates(errors: list[FieldError], start: dt.date | None, end: dt.date | None,
           start_field: str, end_field: str) -> None:
    if start and end and end < start:
        errors.append(FieldError(end_field, f"is before the {start_field.replace('_', ' ')}"))


@dataclass
class Sentence:
    type: SentenceType
    start: dt.date | None = None
    end: dt.date | None = None
    licence_end: dt.date | None = None
    sentence_expiry: dt.date | None = None
    notes: str = ""


def validate_sentence(s: Sentence) -> Sentence:
    errors: list[FieldError] = []
    s = Sentence(**vars(s))
    s.type = checks.choice(errors, "type", s.type, SentenceType,
                           "must be one of: " + ", ".join(t.value for t in SentenceType))
    s.notes = checks.text(errors, "notes", s.notes or "", NOTES_MAX)
    _dates(errors, s.start, s.end, "start", "end")
    _dates(errors, s.start, s.licence_end, "start", "licence_end")
    _dates(errors, s.start, s.sentence_expiry, "start", "sentence_expiry")
    if errors:
        raise ValidationErrors(errors)
    return s


@dataclass
class Requirement:
    kind: RequirementKind
    start: dt.date | None = None
    end: dt.date | None = None
    notes: str = ""
    id: int | None = None

    def active(self, day: dt.date) -> bool:
        return active_on(self.start, self.end, day)


def validate_requirement(r: Requirement) -> Requirement:
    errors: list[FieldError] = []
    r = Requirement(**vars(r))
    r.kind = checks.choice(errors, "kind", r.kind, RequirementKind,
                           "must be one of: " + ", ".join(k.value for k in RequirementKind))
    r.notes = checks.text(errors, "notes", r.notes or "", NOTES_MAX)
    if r.start is None:
        errors.append(FieldError("start", "enter the date it starts"))
    _dates(errors, r.start, r.end, "start", "end")
    if errors:
        raise ValidationErrors(errors)
    return r


@dataclass
class CaseEvent:
    kind: EventKind
    on: dt.date
    notes: str = ""
    id: int | None = None


def validate_event(e: CaseEvent, today: dt.date) -> CaseEvent:
    errors: list[FieldError] = []
    e = CaseEvent(**vars(e))
    e.kind = checks.choice(errors, "kind", e.kind, EventKind, "must be recall or breach")
    e.notes = checks.text(errors, "notes", e.notes or "", NOTES_MAX)
    if e.on is None:
        errors.append(FieldError("on", "enter the date"))
    elif e.on > today:
        errors.append(FieldError("on", "is in the future"))
    if errors:
        raise ValidationErrors(errors)
    return e


@dataclass
class FlagEntry:
    flag: Flag
    since: dt.date | None = None
    until: dt.date | None = None
    notes: str = ""
    id: int | None = None

    def active(self, day: dt.date) -> bool:
        return active_on(self.since, self.until, day)


def validate_flag(f: FlagEntry) -> FlagEntry:
    errors: list[FieldError] = []
    f = FlagEntry(**vars(f))
    f.flag = checks.choice(errors, "flag", f.flag, Flag,
                           "must be one of: " + ", ".join(x.value for x in Flag))
    f.notes = checks.text(errors, "notes", f.notes or "", NOTES_MAX)
    _dates(errors, f.since, f.until, "since", "until")
    if errors:
        raise ValidationErrors(errors)
    return f


def parse_flag_codes(text: str, field: str = "flags") -> list[Flag]:
    """Codes separated by semicolons (``marac; veteran``); ``FieldError`` names the field."""
    found: list[Flag] = []
    for code in (c.strip().lower() for c in (text or "").split(";")):
        if not code:
            continue
        if code in DerivedFlag.__members__.values():
            continue  # worked out from the date of birth, never imported
        try:
            flag = Flag(code)
        except ValueError:
            raise FieldError(field, f"has an unknown flag (known: {', '.join(Flag)})") from None
        if flag not in found:
            found.append(flag)
    return found


@dataclass
class Profile:
    gender: Gender | None = None
    gender_words: str = ""  # as the person puts it
    ethnicity: str | None = None  # a code of ETHNICITY
    ethnicity_words: str = ""


def validate_profile(p: Profile) -> Profile:
    errors: list[FieldError] = []
    p = Profile(**vars(p))
    if p.gender is not None:
        p.gender = checks.choice(errors, "gender", p.gender, Gender,
                                 "must be one of: " + ", ".join(g.value for g in Gender))
    if p.ethnicity is not None:
        p.ethnicity = str(p.ethnicity).strip().upper() or None
        if p.ethnicity and p.ethnicity not in ETHNICITY:
            errors.append(FieldError("ethnicity", "must be a 2021 census category"))
    p.gender_words = checks.text(errors, "gender_words", p.gender_words or "", WORDS_MAX)
    p.ethnicity_words = checks.text(errors, "ethnicity_words", p.ethnicity_words or "",
                                    WORDS_MAX)
    if errors:
        raise ValidationErrors(errors)
    return p


@dataclass
class IomSelection:
    cohort: str  # fixed, flex or free
    selected_on: dt.date
    reason: str = ""
    crime_type: str = ""
    deselected_on: dt.date | None = None
    deselection_reason: str = ""
    id: int | None = None


def validate_selection(sel: IomSelection, flex_crime_types: list[str],
                       today: dt.date) -> IomSelection:
    """Fixed selections need a neighbourhood crime type; flex ones one of the local list."""
    errors: list[FieldError] = []
    sel = IomSelection(**vars(sel))
    if sel.cohort not in ("fixed", "flex", "free"):
        errors.append(FieldError("cohort", "must be fixed, flex or free"))
    if sel.selected_on is None:
        errors.append(FieldError("selected_on", "enter the date of selection"))
    elif sel.selected_on > today:
        errors.append(FieldError("selected_on", "is in the future"))
    sel.reason = checks.text(errors, "reason", sel.reason or "", NOTES_MAX)
    sel.deselection_reason = checks.text(errors, "deselection_reason",
                                         sel.deselection_reason or "", NOTES_MAX)
    sel.crime_type = (sel.crime_type or "").strip()
    allowed = {"fixed": IOM_FIXED_CRIME_TYPES, "flex": tuple(flex_crime_types)}.get(sel.cohort)
    if allowed is not None and sel.crime_type not in allowed:
        errors.append(FieldError("crime_type", "must be one of: " + ", ".join(allowed)))
    if sel.deselected_on is not None:
        if sel.selected_on and sel.deselected_on < sel.selected_on:
            errors.append(FieldError("deselected_on", "is before the date of selection"))
        if sel.deselected_on > today:
            errors.append(FieldError("deselected_on", "is in the future"))
    if errors:
        raise ValidationErrors(errors)
    return sel
