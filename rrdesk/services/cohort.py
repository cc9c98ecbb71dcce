"""The cohort at a glance: needs by pathway, actions by rating, overdue and stale work.

Every figure carries the ids of the cases behind it, so a person can click through.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select

from rrdesk.domain.case_record import PROLIFIC, DerivedFlag, Flag, active_on, derived_flags
from rrdesk.domain.pathways import ASSESSMENT_STALE_AFTER, NeedLevel, Pathway, Rag
from rrdesk.domain.prolific import is_prolific
from rrdesk.services.local_rules import load_rules
from rrdesk.store.case_record_models import CaseFlag
from rrdesk.store.models import Case
from rrdesk.store.register_models import PathwayAction, PathwayNeed
from rrdesk.store.vault import Vault

NOT_ASSESSED = "not assessed"


@dataclass
class CohortSummary:
    people: list[int] = field(default_factory=list)
    # (pathway, need level or NOT_ASSESSED) -> case ids
    needs: dict[tuple[Pathway, str], list[int]] = field(default_factory=dict)
    # rating -> case ids (one per action, so a case may appear more than once)
    actions_by_rag: dict[Rag, list[int]] = field(default_factory=dict)
    overdue: list[int] = field(default_factory=list)
    no_recent_assessment: list[int] = field(default_factory=list)
    # flag code (FLAG_ORDER) -> case ids: recorded flags that apply today, those worked out
    # from the date of birth, and the prolific (by the local rules)
    flags: dict[str, list[int]] = field(default_factory=dict)

    def need_count(self, pathway: Pathway, level: str) -> int:
        return len(self.needs.get((pathway, level), []))


NEED_COLUMNS = [NOT_ASSESSED, *[lvl.value for lvl in NeedLevel]]
FLAG_ORDER = [PROLIFIC, *[f.value for f in Flag], *[d.value for d in DerivedFlag]]


def cohort_summary(vault: Vault, cohort: str | None = None, officer: str | None = None,
                   today: dt.date | None = None) -> CohortSummary:
    today = today or dt.date.today()
    people_q = select(Case.id).where(Case.status == "active", Case.merged_into_id.is_(None))
    if cohort:
        people_q = people_q.where(Case.iom_cohort == cohort)
    if officer:
        people_q = people_q.where(Case.offender_manager == officer)
    summary = CohortSummary()
    rules = load_rules(vault)  # read each time: a change of rules shows at once
    with vault.read_session() as s:
        summary.people = list(s.scalars(people_q.order_by(Case.id)))
        in_scope = people_q.scalar_subquery()
        latest = (select(func.max(PathwayNeed.id)).where(PathwayNeed.case_id.in_(in_scope))
                  .group_by(PathwayNeed.case_id, PathwayNeed.pathway)).scalar_subquery()
        assessed: dict[Pathway, set[int]] = defaultdict(set)
        last_assessed: dict[int, dt.date | None] = {}
        needs: dict[tuple[Pathway, str], list[int]] = defaultdict(list)
        for case_id, pathway, level, on in s.execute(
                select(PathwayNeed.case_id, PathwayNeed.pathway, PathwayNeed.need_level,
                       PathwayNeed.assessed_on).where(PathwayNeed.id.in_(latest))):
            p = Pathway(pathway)
            needs[(p, level)].append(case_id)
            assessed[p].add(case_id)
            if on and (last_assessed.get(case_id) is None or on > last_assessed[case_id]):
                last_assessed[case_id] = on
        for p in Pathway:
            needs[(p, NOT_ASSESSED)] = [c for c in summary.people if c not in assessed[p]]
        summary.needs = dict(needs)
        by_rag: dict[Rag, list[int]] = {r: [] for r in Rag}
        for case_id, rag, target in s.execute(
                select(PathwayAction.case_id, PathwayAction.rag, PathwayAction.target_date)
                .where(PathwayAction.case_id.in_(in_scope))):
            by_rag[Rag(rag)].append(case_id)
            if target is not None and target < today and rag != Rag.COMPLETE:
                summary.overdue.append(case_id)
        summary.actions_by_rag = by_rag
        flags: dict[str, list[int]] = {code: [] for code in FLAG_ORDER}
        for case_id, dob, offences in s.execute(
                select(Case.id, Case.date_of_birth, Case.offence_count)
                .where(Case.id.in_(in_scope)).order_by(Case.id)):
            if is_prolific(dob, offences, today, rules):
                flags[PROLIFIC].append(case_id)
            for derived in derived_flags(dob, today):
                flags[derived.value].append(case_id)
        recorded: dict[str, set[int]] = {}
        for case_id, flag, since, until in s.execute(
                select(CaseFlag.case_id, CaseFlag.flag, CaseFlag.since, CaseFlag.until)
                .where(CaseFlag.case_id.in_(in_scope))):
            if active_on(since, until, today):
                recorded.setdefault(flag, set()).add(case_id)
        for flag, ids in recorded.items():
            flags[flag] = sorted(ids)
        summary.flags = flags
    cutoff = today - ASSESSMENT_STALE_AFTER
    summary.no_recent_assessment = [
        c for c in summary.people if last_assessed.get(c) is None or last_assessed[c] < cutoff
    ]
    return summary
