"""The case register as a person sees it: filtered, searched, sorted, fetched a page at a time.

A Qt item model asks for ``count`` once and then ``page`` by page as the person scrolls,
so 20,000 cases never load at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from enum import StrEnum

from sqlalchemy import Select, case, func, select

from rrdesk.domain.prolific import is_prolific
from rrdesk.store.models import Case
from rrdesk.store.search import filter_by_text
from rrdesk.store.vault import Vault

NO_LEVEL = 0  # filter value meaning "no MAPPA level"


class Column(StrEnum):
    NAME = "name"
    PNC = "pnc"
    CRN = "crn"
    COHORT = "iom_cohort"
    CATEGORY = "mappa_category"
    LEVEL = "mappa_level"
    ROSH = "rosh"
    OFFICER = "offender_manager"
    NEXT_REVIEW = "next_review"
    STATUS = "status"


COLUMN_TITLES = {
    Column.NAME: "Name", Column.PNC: "PNC ID", Column.CRN: "CRN", Column.COHORT: "IOM cohort",
    Column.CATEGORY: "MAPPA cat.", Column.LEVEL: "MAPPA level", Column.ROSH: "RoSH",
    Column.OFFICER: "Offender manager", Column.NEXT_REVIEW: "Next review",
    Column.STATUS: "Status",
}

_ROSH_ORDER = case({"low": 1, "medium": 2, "high": 3, "very high": 4}, value=Case.rosh,
                   else_=0)
_SORT = {
    Column.NAME: (Case.sort_name,),
    Column.PNC: (Case.pnc,), Column.CRN: (Case.crn,), Column.COHORT: (Case.iom_cohort,),
    Column.CATEGORY: (Case.mappa_category,), Column.LEVEL: (Case.mappa_level,),
    Column.ROSH: (_ROSH_ORDER,), Column.OFFICER: (Case.offender_manager,),
    Column.NEXT_REVIEW: (Case.next_review,), Column.STATUS: (Case.status,),
}


@dataclass(frozen=True)
class RegisterFilter:
    text: str = ""
    cohort: str | None = None
    level: int | None = None  # NO_LEVEL for "none"
    officer: str | None = None
    status: str | None = None
    review_due_within: int | None = None  # days: next review on or before today + N


@dataclass
class RegisterRow:
    id: int
    family_name: str
    given_names: str
    date_of_birth: dt.date | None
    pnc: str | None
    crn: str | None
    iom_cohort: str
    mappa_category: int | None
    mappa_level: int | None
    rosh: str | None
    offence_count: int
    prolific: bool
    status: str
    next_review: dt.date | None
    offender_manager: str
    aliases: str

    def as_json(self) -> dict:
        data = asdict(self)
        for key in ("date_of_birth", "next_review"):
            data[key] = data[key].isoformat() if data[key] else None
        data.pop("offender_manager")
        data.pop("aliases")
        return data


_ROW_COLUMNS = (Case.id, Case.family_name, Case.given_names, Case.date_of_birth, Case.pnc,
                Case.crn, Case.iom_cohort, Case.mappa_category, Case.mappa_level, Case.rosh,
                Case.offence_count, Case.status, Case.next_review, Case.offender_manager,
                Case.aliases)


def _filtered(query: Select, f: RegisterFilter, today: dt.date | None = None) -> Select:
    query = query.where(Case.merged_into_id.is_(None))
    if f.review_due_within is not None:  # overdue reviews are due within any N days
        by = (today or dt.date.today()) + dt.timedelta(days=f.review_due_within)
        query = query.where(Case.next_review <= by)
    if f.cohort:
        query = query.where(Case.iom_cohort == f.cohort)
    if f.level == NO_LEVEL:
        query = query.where(Case.mappa_level.is_(None))
    elif f.level is not None:
        query = query.where(Case.mappa_level == f.level)
    if f.officer:
        query = query.where(Case.offender_manager == f.officer)
    if f.status:
        query = query.where(Case.status == f.status)
    return filter_by_text(query, f.text)


class RegisterQuery:
    def __init__(self, vault: Vault, today: dt.date | None = None) -> None:
        self.vault = vault
        self.today = today or dt.date.today()

    def count(self, f: RegisterFilter = RegisterFilter()) -> int:
        with self.vault.read_session() as s:
            return s.scalar(_filtered(select(func.count(Case.id)).select_from(Case), f,
                                       self.today)) or 0

    def page(self, f: RegisterFilter = RegisterFilter(), sort: Column = Column.NAME,
             ascending: bool = True, offset: int = 0, limit: int = 200) -> list[RegisterRow]:
        # Empty values last whichever way round, then a stable tie-break on the id.
        order = [(k.asc() if ascending else k.desc()).nulls_last() for k in _SORT[Column(sort)]]
        if sort == Column.NAME:  # never empty; plain order lets SQLite walk its index
            order = [Case.sort_name.asc() if ascending else Case.sort_name.desc()]
        tie = Case.id.asc() if ascending else Case.id.desc()
        query = _filtered(select(*_ROW_COLUMNS), f, self.today).order_by(*order, tie)
        with self.vault.read_session() as s:
            rows = s.execute(query.offset(offset).limit(limit)).all()
        return [self._row(r) for r in rows]

    def _row(self, r) -> RegisterRow:  # noqa: ANN001
        return RegisterRow(r.id, r.family_name, r.given_names, r.date_of_birth, r.pnc, r.crn,
                           r.iom_cohort, r.mappa_category, r.mappa_level, r.rosh,
                           r.offence_count or 0,
                           is_prolific(r.date_of_birth, r.offence_count, self.today),
                           r.status, r.next_review, r.offender_manager, r.aliases)

    def all_rows(self, f: RegisterFilter = RegisterFilter()) -> list[RegisterRow]:
        return self.page(f, offset=0, limit=-1)

    def rows_for(self, ids: list[int]) -> list[RegisterRow]:
        """The rows of the given cases (for a click-through list), in name order."""
        wanted = sorted(set(ids))
        rows: list[RegisterRow] = []
        with self.vault.read_session() as s:
            for start in range(0, len(wanted), 500):  # stay under SQL variable limits
                chunk = wanted[start:start + 500]
                rows += [self._row(r) for r in s.execute(
                    select(*_ROW_COLUMNS).where(Case.id.in_(chunk)))]
        return sorted(rows, key=lambda r: (r.family_name.lower(), r.given_names.lower(), r.id))

    def officers(self) -> list[str]:
        with self.vault.read_session() as s:
            return [o for o in s.scalars(select(Case.offender_manager).distinct()
                                         .order_by(Case.offender_manager)) if o]
