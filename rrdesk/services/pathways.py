"""Pathway needs and the actions agreed with partner agencies, with their history.

``NeedAssessment`` and ``ActionDetails`` (and their rules) are the domain's; they are
imported here too for the screens that call these services.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from rrdesk.domain.pathways import (
    ACTION_FIELDS,
    ActionDetails,
    NeedAssessment,
    NeedLevel,
    Pathway,
    Rag,
    need_level_of,
    validate_action,
    validate_need,
)
from rrdesk.store.audit import AuditAction, append
from rrdesk.store.models import Case, utc_now
from rrdesk.store.register_models import ActionChange, PathwayAction, PathwayNeed
from rrdesk.store.vault import Vault

__all__ = ["ActionDetails", "NeedAssessment", "PathwayService"]



def _need_of(row: PathwayNeed) -> NeedAssessment:
    return NeedAssessment(Pathway(row.pathway), NeedLevel(row.need_level), row.notes,
                          row.assessed_on, row.assessed_by, row.id, row.recorded_at)


def _action_of(row: PathwayAction) -> ActionDetails:
    return ActionDetails(Pathway(row.pathway), row.what, row.owner_agency, row.named_person,
                         row.target_date, Rag(row.rag), row.outcome, row.id)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(getattr(value, "value", value))


def current_needs_in(s, case_id: int) -> dict[Pathway, NeedAssessment]:  # noqa: ANN001
    """The latest assessment of each pathway that has one (in the caller's session)."""
    rows = s.scalars(select(PathwayNeed).where(PathwayNeed.case_id == case_id)
                     .order_by(PathwayNeed.recorded_at, PathwayNeed.id))
    return {Pathway(r.pathway): _need_of(r) for r in rows}


def actions_in(s, case_id: int) -> list[ActionDetails]:  # noqa: ANN001
    """The case's actions by target date, undated last (in the caller's session)."""
    rows = s.scalars(select(PathwayAction).where(PathwayAction.case_id == case_id)
                     .order_by(PathwayAction.target_date.is_(None),
                               PathwayAction.target_date, PathwayAction.id))
    return [_action_of(r) for r in rows]


class PathwayService:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def _check_case(self, s, case_id: int) -> None:  # noqa: ANN001
        if s.get(Case, case_id) is None:
            raise KeyError(f"there is no case {case_id}")

    # ---------------------------------------------------------------- needs
    def assess(self, case_id: int, need: NeedAssessment) -> int:
        """Record a new assessment of one pathway; the earlier ones stay as history."""
        need = validate_need(need)
        with self.vault.transaction() as s:
            self._check_case(s, case_id)
            row = PathwayNeed(case_id=case_id, pathway=need.pathway.value,
                              need_level=need.need_level.value, notes=need.notes or "",
                              assessed_on=need.assessed_on, assessed_by=need.assessed_by or "",
                              recorded_at=utc_now())
            s.add(row)
            s.flush()
            append(s, self.vault.actor, AuditAction.ALTERATION, "case", case_id,
                   f"pathway need assessed: {need.pathway.value}")
            return row.id

    def current_needs(self, case_id: int) -> dict[Pathway, NeedAssessment]:
        """The latest assessment of each pathway that has one."""
        with self.vault.read_session() as s:
            return current_needs_in(s, case_id)

    def need_history(self, case_id: int, pathway: Pathway) -> list[NeedAssessment]:
        with self.vault.read_session() as s:
            rows = s.scalars(select(PathwayNeed).where(
                PathwayNeed.case_id == case_id, PathwayNeed.pathway == Pathway(pathway).value)
                .order_by(PathwayNeed.recorded_at.desc(), PathwayNeed.id.desc()))
            return [_need_of(r) for r in rows]

    # ---------------------------------------------------------------- actions
    def add_action(self, case_id: int, action: ActionDetails) -> int:
        action = validate_action(action)
        with self.vault.transaction() as s:
            self._check_case(s, case_id)
            now = utc_now()
            row = PathwayAction(case_id=case_id, created_at=now, updated_at=now,
                                **{f: _store(getattr(action, f)) for f in ACTION_FIELDS})
            s.add(row)
            s.flush()
            append(s, self.vault.actor, AuditAction.ALTERATION, "case", case_id,
                   f"pathway action {row.id} added: {action.pathway.value}")
            return row.id

    def update_action(self, action_id: int, action: ActionDetails) -> list[str]:
        action = validate_action(action)
        with self.vault.transaction() as s:
            row = s.get(PathwayAction, action_id)
            if row is None:
                raise KeyError(f"there is no action {action_id}")
            now, changed = utc_now(), []
            for name in ACTION_FIELDS:
                new = _store(getattr(action, name))
                if getattr(row, name) != new:
                    s.add(ActionChange(action_id=action_id, changed_at=now,
                                       changed_by=self.vault.actor, field=name,
                                       old_value=_text(getattr(row, name)),
                                       new_value=_text(new)))
                    setattr(row, name, new)
                    changed.append(name)
            if changed:
                row.updated_at = now
                append(s, self.vault.actor, AuditAction.ALTERATION, "case", row.case_id,
                       f"pathway action {action_id} changed: {', '.join(changed)}")
            return changed

    def actions(self, case_id: int) -> list[ActionDetails]:
        with self.vault.read_session() as s:
            return actions_in(s, case_id)

    def action_history(self, action_id: int) -> list[ActionChange]:
        with self.vault.read_session() as s:
            return list(s.scalars(select(ActionChange).where(
                ActionChange.action_id == action_id).order_by(ActionChange.id)))


PATHWAY_FORM = "pathway_needs"


def apply_form_needs(s, actor: str, case_id: int, rows: list[dict],  # noqa: ANN001
                     assessed_on: dt.date | None, assessed_by: str) -> list[Pathway]:
    """Record the needs of a saved pathway needs assessment (any form version, on the one
    scale of need) as the case's current needs, in the caller's transaction. A pathway whose
    need and note are already the case's is left alone; returns the pathways recorded."""
    latest: dict[str, PathwayNeed] = {}
    for row in s.scalars(select(PathwayNeed).where(PathwayNeed.case_id == case_id)
                         .order_by(PathwayNeed.recorded_at, PathwayNeed.id)):
        latest[row.pathway] = row
    recorded = []
    now = utc_now()
    for row in rows:
        if not row.get("pathway") or not row.get("level"):
            continue
        pathway = Pathway(_store(row["pathway"]))
        level = need_level_of(row["level"])
        notes = str(row.get("issue") or "")[:5000]
        before = latest.get(pathway.value)
        if before is not None and (before.need_level, before.notes) == (level.value, notes):
            continue
        s.add(PathwayNeed(case_id=case_id, pathway=pathway.value, need_level=level.value,
                          notes=notes, assessed_on=assessed_on,
                          assessed_by=(assessed_by or "")[:100], recorded_at=now))
        recorded.append(pathway)
    if recorded:
        append(s, actor, AuditAction.ALTERATION, "case", case_id,
               "pathway needs assessed (form): " + ", ".join(p.value for p in recorded))
    return recorded


def _store(value: object) -> object:
    return getattr(value, "value", value)
