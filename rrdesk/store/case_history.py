"""Every change to a case field, with its old and new value, kept by a session hook so no
code path (case form, import, merge, service) can forget it.

Who made the change is the session's ``info["actor"]`` (set by ``Vault.transaction``). The
values stay inside the encrypted vault; the audit log names fields only.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import get_history

from rrdesk.store.case_record_models import CaseFieldChange
from rrdesk.store.models import Case, utc_now

# The fields a person gives (derived columns such as next_review and sort_name are not).
TRACKED = ("family_name", "given_names", "aliases", "date_of_birth", "pnc", "crn",
           "lead_agency", "offender_manager", "iom_cohort", "mappa_category", "mappa_level",
           "rosh", "status", "opened_on", "closed_on", "offence_count", "last_review")
# Recorded when a case is first added, so a level history starts where the case started.
RECORDED_AT_START = ("mappa_level",)
ACTOR_KEY = "actor"


def as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(getattr(value, "value", value))


def record_field_changes(session: Session, _flush_context: object) -> None:
    """Session ``after_flush`` hook: one ``case_field_changes`` row per changed field."""
    rows = []
    now = utc_now()
    actor = session.info.get(ACTOR_KEY, "")
    for case in session.new:
        if isinstance(case, Case):
            for name in RECORDED_AT_START:
                value = as_text(getattr(case, name))
                if value:
                    rows.append({"case_id": case.id, "changed_at": now, "changed_by": actor,
                                 "field": name, "old_value": "", "new_value": value})
    for case in session.dirty:
        if not isinstance(case, Case):
            continue
        for name in TRACKED:
            history = get_history(case, name)
            if not history.has_changes():
                continue
            old = as_text(history.deleted[0] if history.deleted else None)
            new = as_text(history.added[0] if history.added else None)
            if old != new:
                rows.append({"case_id": case.id, "changed_at": now, "changed_by": actor,
                             "field": name, "old_value": old, "new_value": new})
    if rows:
        session.connection().execute(insert(CaseFieldChange), rows)
