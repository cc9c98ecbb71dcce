"""The case (person) record: its choice lists and the rules on its values."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field, fields
from enum import StrEnum

from rrdesk.domain import checks
from rrdesk.domain.errors import FieldError, ValidationErrors
from rrdesk.domain.identifiers import normalise_crn, normalise_pnc


class IomCohort(StrEnum):
    NONE = "none"
    FIXED = "fixed"
    FLEX = "flex"
    FREE = "free"


class Rosh(StrEnum):
    """Risk of serious harm. There is no "none"."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very high"


class CaseStatus(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"


MAPPA_CATEGORIES = (1, 2, 3, 4)
MAPPA_LEVELS = (1, 2, 3)
OLDEST_PLAUSIBLE_AGE = 110
NAME_MAX = 100
TEXT_MAX = 500
MAX_OFFENCES = 9999


@dataclass
class CaseDetails:
    """The values of a case as a person enters them (already parsed to types)."""

    family_name: str
    given_names: str = ""
    aliases: str = ""
    date_of_birth: dt.date | None = None
    pnc: str | None = None
    crn: str | None = None
    lead_agency: str = ""
    offender_manager: str = ""
    iom_cohort: IomCohort = IomCohort.NONE
    mappa_category: int | None = None
    mappa_level: int | None = None
    rosh: Rosh | None = None
    status: CaseStatus = CaseStatus.ACTIVE
    opened_on: dt.date | None = None
    closed_on: dt.date | None = None
    offence_count: int = 0
    last_review: dt.date | None = None
    extra: dict = field(default_factory=dict)

    @classmethod
    def field_names(cls) -> list[str]:
        return list(_field_names(cls))


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.name != "extra")


def validate_case(details: CaseDetails, today: dt.date | None = None) -> CaseDetails:
    """Check every field and return a normalised copy; raise ``ValidationErrors`` listing all."""
    today = today or dt.date.today()
    errors: list[FieldError] = []
    d = CaseDetails(**{f: getattr(details, f) for f in CaseDetails.field_names()},
                    extra=dict(details.extra))
    d.family_name = checks.text(errors, "family_name", d.family_name, NAME_MAX, required=True)
    d.given_names = checks.text(errors, "given_names", d.given_names, NAME_MAX)
    d.aliases = checks.text(errors, "aliases", d.aliases, TEXT_MAX)
    d.lead_agency = checks.text(errors, "lead_agency", d.lead_agency, NAME_MAX)
    d.offender_manager = checks.text(errors, "offender_manager", d.offender_manager, NAME_MAX)
    if d.date_of_birth is not None:
        if d.date_of_birth > today:
            errors.append(FieldError("date_of_birth", "is in the future"))
        elif d.date_of_birth.year < today.year - OLDEST_PLAUSIBLE_AGE:
            errors.append(FieldError("date_of_birth",
                                     f"is more than {OLDEST_PLAUSIBLE_AGE} years ago"))
    for name, normalise in (("pnc", normalise_pnc), ("crn", normalise_crn)):
        raw = getattr(d, name)
        if raw is None or not str(raw).strip():
            setattr(d, name, None)
            continue
        try:
            setattr(d, name, normalise(str(raw), name))
        except FieldError as e:
            errors.append(e)
    d.iom_cohort = checks.choice(errors, "iom_cohort", d.iom_cohort or IomCohort.NONE,
                                 IomCohort, "must be none, fixed, flex or free")
    if d.mappa_category is not None and d.mappa_category not in MAPPA_CATEGORIES:
        errors.append(FieldError("mappa_category", "must be 1, 2, 3 or 4 (or none)"))
    if d.mappa_level is not None and d.mappa_level not in MAPPA_LEVELS:
        errors.append(FieldError("mappa_level", "must be 1, 2 or 3 (or none)"))
    if d.mappa_level is not None and d.mappa_category is None:
        errors.append(FieldError("mappa_level", "needs a MAPPA category"))
    if d.rosh is not None:
        d.rosh = checks.choice(errors, "rosh", d.rosh, Rosh,
                               "must be low, medium, high or very high")
    d.status = checks.choice(errors, "status", d.status, CaseStatus, "must be active or closed")
    if d.offence_count is None:
        d.offence_count = 0  # none recorded
    if not isinstance(d.offence_count, int) or not 0 <= d.offence_count <= MAX_OFFENCES:
        errors.append(FieldError("offence_count",
                                 f"must be a whole number from 0 to {MAX_OFFENCES}"))
    for name in ("opened_on", "closed_on", "last_review"):
        value = getattr(d, name)
        if value is not None and value > today:
            errors.append(FieldError(name, "is in the future"))
    if d.opened_on and d.closed_on and d.closed_on < d.opened_on:
        errors.append(FieldError("closed_on", "is before the date the case was opened"))
    if d.status == CaseStatus.CLOSED and d.closed_on is None:
        d.closed_on = today
    if errors:
        raise ValidationErrors(errors)
    return d
