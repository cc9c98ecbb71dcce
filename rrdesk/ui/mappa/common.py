"""Small pieces the MAPPA screens share: messages that name the field, agency lists."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel

from rrdesk.domain.errors import FieldError, ValidationErrors
from rrdesk.domain.local_rules import LocalRules
from rrdesk.services.local_rules import load_rules
from rrdesk.services.vaults import Vault

ERROR_STYLE = "color: #b3261e;"
NOTE_STYLE = "color: #555;"

FIELD_LABELS = {
    "held_at": "Date and time", "level": "Level", "area": "MAPPA area", "place": "Place",
    "chair": "Chair", "minute_taker": "Minute taker", "referral_date": "Date of referral",
    "referring_agency": "Referring agency", "referrer": "Referred by",
    "category": "Category", "proposed_level": "Proposed level", "criteria": "Criteria met",
    "reason": "Reason", "index_offence": "Index offence", "decline_reason": "Reason",
    "first_meeting": "First meeting", "case_id": "Person", "next_review": "Next review",
    "level_decision": "Level decision", "new_level": "New level",
    "decision_reason": "Reason for the level decision", "dissent": "Dissent",
    "approved_by": "Approved by", "approved_at": "Approved on",
    "statement_agreed": "Confidentiality statement", "action_reviews": "Review of last actions",
    "attendees": "Attendance", "disclosures": "Disclosure", "rmp": "RMP", "field": "Part",
    "status": "Status", "meeting": "Meeting", "agenda": "Agenda",
}


def field_label(name: str) -> str:
    """A field name as a person reads it: ``rmp.actions[2].what`` -> "RMP actions 3, what"."""
    head = name.split(".", 1)[0].split("[", 1)[0]
    label = FIELD_LABELS.get(head, head.replace("_", " ").capitalize())
    rest = name[len(head):].lstrip(".")
    return f"{label} {rest.replace('_', ' ')}".strip() if rest else label


def problem_text(error: BaseException) -> str:
    """What went wrong, naming each field (never a traceback)."""
    if isinstance(error, ValidationErrors):
        return "\n".join(f"{field_label(e.field)}: {e.message}" for e in error.errors)
    if isinstance(error, FieldError):
        return f"{field_label(error.field)}: {error.message}"
    if isinstance(error, KeyError):
        return str(error.args[0]) if error.args else "not found"
    return str(error)


def error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setAccessibleName("Problems")
    return label


def agencies(vault: Vault) -> list[str]:
    """The partner agencies then the Duty to Co-operate agencies of the team's rules."""
    return agencies_of(load_rules(vault))


def agencies_of(rules: LocalRules) -> list[str]:
    """The partner agencies then the Duty to Co-operate agencies of ``rules``."""
    return list(dict.fromkeys([*rules.partner_agencies, *rules.dtc_agencies]))


def uk_date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def uk_datetime(when: dt.datetime | None) -> str:
    return when.strftime("%d/%m/%Y %H:%M") if when else ""
