"""The seven reducing re-offending pathways, need levels and action ratings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from enum import StrEnum

from rrdesk.domain import checks
from rrdesk.domain.errors import FieldError, ValidationErrors


class Pathway(StrEnum):
    ACCOMMODATION = "accommodation"
    ETE = "ete"
    HEALTH = "health"
    DRUGS_ALCOHOL = "drugs_alcohol"
    FINANCE = "finance"
    CHILDREN_FAMILIES = "children_families"
    ATTITUDES = "attitudes"

    @property
    def label(self) -> str:
        return PATHWAY_LABELS[self]


PATHWAY_LABELS = {
    Pathway.ACCOMMODATION: "Accommodation",
    Pathway.ETE: "Education, training and employment",
    Pathway.HEALTH: "Health (mental and physical)",
    Pathway.DRUGS_ALCOHOL: "Drugs and alcohol",
    Pathway.FINANCE: "Finance, benefit and debt",
    Pathway.CHILDREN_FAMILIES: "Children and families",
    Pathway.ATTITUDES: "Attitudes, thinking and behaviour",
}


class NeedLevel(StrEnum):
    NO_NEED = "no need"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


NEED_LABELS = {NeedLevel.NO_NEED: "No need", NeedLevel.LOW: "Low",
               NeedLevel.MEDIUM: "Medium", NeedLevel.HIGH: "High"}
# Version 1 of the pathway needs form had its own three-step scale; its records keep it,
# and read on the one scale of need as below.
FORM_V1_NEED = {"none": NeedLevel.NO_NEED, "some": NeedLevel.MEDIUM,
                "significant": NeedLevel.HIGH}


def need_level_of(value: object) -> NeedLevel:
    """A need from the register or any version of the form, on the one scale of need."""
    text = str(getattr(value, "value", value) or "").strip().lower()
    if text in FORM_V1_NEED:
        return FORM_V1_NEED[text]
    return NeedLevel(text)


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    COMPLETE = "complete"


ASSESSMENT_STALE_AFTER = dt.timedelta(days=183)  # "no assessment in the last 6 months"


def is_overdue(target_date: dt.date | None, rag: Rag | str | None, today: dt.date) -> bool:
    """An action past its target date and not complete."""
    return target_date is not None and target_date < today and rag != Rag.COMPLETE


def assessment_is_stale(assessed_on: dt.date | None, today: dt.date) -> bool:
    return assessed_on is None or today - assessed_on > ASSESSMENT_STALE_AFTER


NOTES_MAX = 5000
TEXT_MAX = 1000
NAME_MAX = 100


@dataclass
class NeedAssessment:
    pathway: Pathway
    need_level: NeedLevel
    notes: str = ""
    assessed_on: dt.date | None = None
    assessed_by: str = ""
    id: int | None = None
    recorded_at: dt.datetime | None = None


@dataclass
class ActionDetails:
    pathway: Pathway
    what: str
    owner_agency: str = ""
    named_person: str = ""
    target_date: dt.date | None = None
    rag: Rag = Rag.AMBER
    outcome: str = ""
    id: int | None = None

    def overdue(self, today: dt.date) -> bool:
        return is_overdue(self.target_date, self.rag, today)


ACTION_FIELDS = [f.name for f in fields(ActionDetails) if f.name != "id"]


PATHWAY_MESSAGE = "is not one of the seven pathways"


def validate_need(need: NeedAssessment, today: dt.date | None = None) -> NeedAssessment:
    """Check an assessment in place (enums from text, lengths, date); every error at once."""
    today = today or dt.date.today()
    errors: list[FieldError] = []
    need.pathway = checks.choice(errors, "pathway", need.pathway, Pathway, PATHWAY_MESSAGE)
    need.need_level = checks.choice(errors, "need_level", need.need_level, NeedLevel,
                                    "must be no need, low, medium or high")
    need.notes = checks.text(errors, "notes", need.notes, NOTES_MAX)
    if need.assessed_on and need.assessed_on > today:
        errors.append(FieldError("assessed_on", "is in the future"))
    need.assessed_by = checks.text(errors, "assessed_by", need.assessed_by, NAME_MAX)
    if errors:
        raise ValidationErrors(errors)
    return need


def validate_action(action: ActionDetails) -> ActionDetails:
    """Check an action in place; every error at once."""
    errors: list[FieldError] = []
    action.pathway = checks.choice(errors, "pathway", action.pathway, Pathway, PATHWAY_MESSAGE)
    action.what = checks.text(errors, "what", action.what, TEXT_MAX, required=True,
                              required_message="is required: say what will be done")
    action.owner_agency = checks.text(errors, "owner_agency", action.owner_agency, NAME_MAX)
    action.named_person = checks.text(errors, "named_person", action.named_person, NAME_MAX)
    action.rag = checks.choice(errors, "rag", action.rag, Rag,
                               "must be red, amber, green or complete")
    action.outcome = checks.text(errors, "outcome", action.outcome, NOTES_MAX)
    if errors:
        raise ValidationErrors(errors)
    return action
