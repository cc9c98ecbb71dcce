"""The demo vault reads like a real caseload: a closed case has nothing dated after it closed."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, select

from rrdesk.services.demo import fill_demo
from rrdesk.store.mappa_models import CaseReview, Meeting
from rrdesk.store.models import Base, Case
from rrdesk.store.vault import Vault

TODAY = dt.date(2026, 11, 23)


def test_closed_cases_have_no_review_or_dated_entry_after_they_closed(vault: Vault) -> None:
    # (seed 7 once put a case on both past meetings, and the demo stopped at the second)
    fill_demo(vault, cases=300, seed=7, today=TODAY, mappa=True)
    late: list[str] = []
    with vault.read_session() as s:
        closed = dict(s.execute(select(Case.id, Case.closed_on)
                                .where(Case.status == "closed")).all())
        assert len(closed) > 15  # enough closed cases for the rule to be tested
        for case_id, closed_on in closed.items():
            case = s.get(Case, case_id)
            if case.next_review is not None:
                late.append(f"case {case_id}: next review {case.next_review}")
            for name in ("last_review", "opened_on"):
                day = getattr(case, name)
                if day is not None and day > closed_on:
                    late.append(f"case {case_id}: {name} {day} after {closed_on}")
        # every date column of every record that belongs to a case
        for table in Base.metadata.sorted_tables:
            if "case_id" not in table.c or table.name == "cases":
                continue
            for column in (c for c in table.c if isinstance(c.type, Date)):
                for case_id, day in s.execute(select(table.c.case_id, column)
                                              .where(table.c.case_id.in_(closed))):
                    if day is not None and day > closed[case_id]:
                        late.append(f"case {case_id}: {table.name}.{column.name} {day} after "
                                    f"{closed[case_id]}")
        for case_id, held_at in s.execute(select(CaseReview.case_id, Meeting.held_at)
                                          .join(Meeting, CaseReview.meeting_id == Meeting.id)
                                          .where(CaseReview.case_id.in_(closed))):
            if held_at.date() > closed[case_id]:
                late.append(f"case {case_id}: reviewed at a meeting on {held_at:%Y-%m-%d}")
    assert late == []
