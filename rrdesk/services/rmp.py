"""The Risk Management Plan: a living plan per case, one version per approved review.

A case review works on a draft of the next version (started from the current one: its
risks, protective factors, licence conditions and open actions). Approving the minutes
numbers the draft and makes it current; the version before is kept as history.

Everything returned is a plain dataclass: the screens and the documents read these.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rrdesk.domain import checks
from rrdesk.domain.errors import FieldError, ValidationErrors
from rrdesk.domain.mappa import PILLARS, ActionStatus, Heading
from rrdesk.store.audit import AuditAction, append
from rrdesk.store.mappa_models import RmpAction, RmpRisk, RmpShare, RmpVersion
from rrdesk.store.models import Case, utc_now
from rrdesk.store.vault import Vault

RECORD = "rmp"
DRAFT, CURRENT, SUPERSEDED = "draft", "current", "superseded"


@dataclass
class RmpRiskItem:
    """A risk the plan manages: its nature, who is at risk, when, in what circumstances."""

    nature: str
    who_at_risk: str = ""
    when: str = ""
    circumstances: str = ""


@dataclass
class RmpActionItem:
    """One action of the plan under a heading (``Heading``): what, agency, named owner,
    due date and status (``ActionStatus``). ``id`` is None until saved."""

    heading: Heading
    what: str
    agency: str = ""
    owner: str = ""
    due: dt.date | None = None
    status: ActionStatus = ActionStatus.NOT_STARTED
    id: int | None = None
    carried_from_id: int | None = None


@dataclass
class RmpShareItem:
    agency: str
    shared_on: dt.date
    shared_by: str = ""


@dataclass
class RmpPlan:
    """One version of a case's RMP (``version`` None while it is a review's draft)."""

    case_id: int
    risks: list[RmpRiskItem] = field(default_factory=list)
    protective_factors: str = ""
    actions: list[RmpActionItem] = field(default_factory=list)  # pillars and contingency
    licence_conditions: list[str] = field(default_factory=list)
    no_action_reasons: dict[str, str] = field(default_factory=dict)  # heading -> why
    shared_with: list[RmpShareItem] = field(default_factory=list)
    id: int | None = None
    version: int | None = None
    status: str = DRAFT
    review_id: int | None = None
    created_by: str = ""
    created_at: dt.datetime | None = None
    approved_at: dt.datetime | None = None

    def actions_under(self, heading: Heading | str) -> list[RmpActionItem]:
        return [a for a in self.actions if a.heading == Heading(heading)]

    def open_actions(self) -> list[RmpActionItem]:
        return [a for a in self.actions if ActionStatus(a.status).is_open]


@dataclass
class RmpVersionInfo:
    id: int
    version: int | None
    status: str
    review_id: int | None
    created_at: dt.datetime
    approved_at: dt.datetime | None
    actions: int


# ------------------------------------------------------------------ rules
def check_plan(plan: RmpPlan, complete: bool = True) -> RmpPlan:
    """Check a plan in place; ``ValidationErrors`` names every field that is wrong.

    ``complete`` (an approved plan): each of the four headings has at least one action or
    says why it has none. A draft may still have gaps.
    """
    errors: list[FieldError] = []
    for i, risk in enumerate(plan.risks):
        risk.nature = checks.text(errors, f"risks[{i}].nature", risk.nature, 2000,
                                  required=True, required_message="describe the risk")
    for i, action in enumerate(plan.actions):
        name = f"actions[{i}]"
        try:
            action.heading = Heading(action.heading)
        except ValueError:
            errors.append(FieldError(f"{name}.heading", "is not an RMP heading"))
        try:
            action.status = ActionStatus(action.status)
        except ValueError:
            errors.append(FieldError(f"{name}.status", "is not an action status"))
        action.what = checks.text(errors, f"{name}.what", action.what, 1000, required=True,
                                  required_message="say what will be done")
        action.agency = checks.text(errors, f"{name}.agency", action.agency, 100)
        action.owner = checks.text(errors, f"{name}.owner", action.owner, 100)
    for heading in PILLARS if complete else ():
        has_action = any(a.heading == heading for a in plan.actions)
        why = (plan.no_action_reasons.get(heading.value) or "").strip()
        if not has_action and not why:
            errors.append(FieldError(f"no_action_reasons.{heading.value}",
                                     f"{heading.label}: add an action or say why there is none"))
    plan.licence_conditions = [c.strip() for c in plan.licence_conditions if c.strip()]
    if errors:
        raise ValidationErrors(errors)
    return plan


# ------------------------------------------------------------------ store helpers
def _grouped(s: Session, model, ids: list[int], order) -> dict[int, list]:  # noqa: ANN001
    out: dict[int, list] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):  # stay under SQL variable limits
        # Plain rows, not ORM objects: a meeting's plans hold hundreds of actions.
        for row in s.execute(select(*model.__table__.columns)
                             .where(model.rmp_id.in_(ids[start:start + 500])).order_by(*order)):
            out[row.rmp_id].append(row)
    return out


def plans_of(s: Session, rows: list[RmpVersion]) -> dict[int, RmpPlan]:
    """Several versions at once (three queries whatever their number), by version id."""
    ids = [r.id for r in rows]
    risks = _grouped(s, RmpRisk, ids, (RmpRisk.position, RmpRisk.id))
    actions = _grouped(s, RmpAction, ids, (RmpAction.position, RmpAction.id))
    shares = _grouped(s, RmpShare, ids, (RmpShare.id,))
    return {row.id: RmpPlan(
        case_id=row.case_id,
        risks=[RmpRiskItem(r.nature, r.who_at_risk, r.when, r.circumstances)
               for r in risks[row.id]],
        protective_factors=row.protective_factors,
        actions=[RmpActionItem(Heading(a.heading), a.what, a.agency, a.owner, a.due,
                               ActionStatus(a.status), a.id, a.carried_from_id)
                 for a in actions[row.id]],
        licence_conditions=json.loads(row.licence_conditions or "[]"),
        no_action_reasons=json.loads(row.no_action_reasons or "{}"),
        shared_with=[RmpShareItem(x.agency, x.shared_on, x.shared_by) for x in shares[row.id]],
        id=row.id, version=row.version, status=row.status, review_id=row.review_id,
        created_by=row.created_by, created_at=row.created_at, approved_at=row.approved_at,
    ) for row in rows}


def plan_of(s: Session, row: RmpVersion) -> RmpPlan:
    return plans_of(s, [row])[row.id]


def current_row(s: Session, case_id: int) -> RmpVersion | None:
    return s.scalar(select(RmpVersion).where(RmpVersion.case_id == case_id,
                                             RmpVersion.status == CURRENT))


def draft_row(s: Session, review_id: int) -> RmpVersion | None:
    return s.scalar(select(RmpVersion).where(RmpVersion.review_id == review_id))


def write_plan(s: Session, row: RmpVersion, plan: RmpPlan) -> None:
    """Replace the risks, actions and fields of a draft version with ``plan``'s."""
    for model in (RmpRisk, RmpAction):
        for old in s.scalars(select(model).where(model.rmp_id == row.id)):
            s.delete(old)
    s.flush()
    row.protective_factors = plan.protective_factors or ""
    row.licence_conditions = json.dumps(plan.licence_conditions, ensure_ascii=False)
    row.no_action_reasons = json.dumps(
        {k: v for k, v in plan.no_action_reasons.items() if (v or "").strip()},
        ensure_ascii=False, sort_keys=True)
    for i, r in enumerate(plan.risks):
        s.add(RmpRisk(rmp_id=row.id, position=i, nature=r.nature, who_at_risk=r.who_at_risk,
                      when=r.when, circumstances=r.circumstances))
    for i, a in enumerate(plan.actions):
        s.add(RmpAction(rmp_id=row.id, position=i, heading=Heading(a.heading).value,
                        what=a.what, agency=a.agency, owner=a.owner, due=a.due,
                        status=ActionStatus(a.status).value, carried_from_id=a.carried_from_id))
    s.flush()


def start_draft(s: Session, case_id: int, review_id: int, actor: str) -> RmpVersion:
    """A review's draft plan, started from the case's current plan (open actions carry over;
    done ones stay in the version they were done in)."""
    now = utc_now()
    row = RmpVersion(case_id=case_id, review_id=review_id, status=DRAFT, created_by=actor,
                     created_at=now)
    s.add(row)
    s.flush()
    current = current_row(s, case_id)
    if current is not None:
        plan = plan_of(s, current)
        plan.actions = [RmpActionItem(a.heading, a.what, a.agency, a.owner, a.due, a.status,
                                      carried_from_id=a.id)
                        for a in plan.actions if ActionStatus(a.status).is_open]
        write_plan(s, row, plan)
    return row


def make_current(s: Session, row: RmpVersion, actor: str) -> int:
    """Number a review's draft as the case's next version and supersede the one before."""
    last = s.scalar(select(RmpVersion.version).where(RmpVersion.case_id == row.case_id,
                                                     RmpVersion.version.is_not(None))
                    .order_by(RmpVersion.version.desc()).limit(1)) or 0
    previous = current_row(s, row.case_id)
    if previous is not None:
        previous.status = SUPERSEDED
    row.version = last + 1
    row.status = CURRENT
    row.approved_at = utc_now()
    s.flush()
    append(s, actor, AuditAction.ALTERATION, RECORD, row.id,
           f"case {row.case_id}: RMP version {row.version} current")
    return row.version


def numbered_rows(s: Session, case_id: int) -> list[RmpVersion]:
    """The case's numbered versions (not drafts), newest first."""
    return list(s.scalars(select(RmpVersion).where(
        RmpVersion.case_id == case_id, RmpVersion.version.is_not(None))
        .order_by(RmpVersion.version.desc())))


def history_in(s: Session, case_id: int, rows: list[RmpVersion] | None = None
               ) -> list[RmpVersionInfo]:
    """The numbered versions of the case's plan, newest first, in the caller's session
    (``rows``: those versions when the caller has them already)."""
    rows = numbered_rows(s, case_id) if rows is None else rows
    counts = dict(s.execute(select(RmpAction.rmp_id, func.count(RmpAction.id))
                            .where(RmpAction.rmp_id.in_([r.id for r in rows]))
                            .group_by(RmpAction.rmp_id)).all())
    return [RmpVersionInfo(r.id, r.version, r.status, r.review_id, r.created_at,
                           r.approved_at, counts.get(r.id, 0)) for r in rows]


# ------------------------------------------------------------------ the service
class RmpService:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def current(self, case_id: int) -> RmpPlan | None:
        """The case's current plan (None when it has none yet); a consultation, logged."""
        with self.vault.transaction() as s:
            row = current_row(s, case_id)
            if row is None:
                return None
            append(s, self.vault.actor, AuditAction.CONSULTATION, RECORD, row.id)
            return plan_of(s, row)

    def get(self, rmp_id: int) -> RmpPlan:
        with self.vault.transaction() as s:
            row = s.get(RmpVersion, rmp_id)
            if row is None:
                raise KeyError(f"there is no RMP {rmp_id}")
            append(s, self.vault.actor, AuditAction.CONSULTATION, RECORD, rmp_id)
            return plan_of(s, row)

    def for_review(self, review_id: int) -> RmpPlan | None:
        """The plan a case review works on (its draft, or the version it produced)."""
        with self.vault.read_session() as s:
            row = draft_row(s, review_id)
            return plan_of(s, row) if row is not None else None

    def history(self, case_id: int) -> list[RmpVersionInfo]:
        """Numbered versions of the case's plan, newest first (drafts are not listed)."""
        with self.vault.read_session() as s:
            return history_in(s, case_id)

    def record_shared(self, rmp_id: int, agency: str, shared_on: dt.date) -> None:
        """Note that a version was shared with an agency (plans are shared after every review)."""
        agency = (agency or "").strip()
        if not agency:
            raise FieldError("agency", "say which agency the plan was shared with")
        with self.vault.transaction() as s:
            row = s.get(RmpVersion, rmp_id)
            if row is None:
                raise KeyError(f"there is no RMP {rmp_id}")
            if s.get(Case, row.case_id) is None:
                raise KeyError(f"there is no case {row.case_id}")
            s.add(RmpShare(rmp_id=rmp_id, agency=agency[:100], shared_on=shared_on,
                           shared_by=self.vault.actor))
            append(s, self.vault.actor, AuditAction.DISCLOSURE, RECORD, rmp_id,
                   f"shared with an agency ({agency[:60]})")
