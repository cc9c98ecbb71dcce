"""The seven reducing re-offending pathways, need levels and action ratings."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


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
