"""The case register as a person sees it: filtered, searched, sorted, fetched a page at a time.

A Qt item model asks for ``count`` once and then ``page`` by page as the person scrolls,
so 20,000 cases never load at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum

from sqlalchemy import Integer, Select, and_, bindparam, case, exists, func, or_, select

from rrdesk.domain.case_record import (
    PROLIFIC,
    AgeBand,
    DerivedFlag,
    born_between,
    born_between_ages,
)
from rrdesk.domain.local_rules import LocalRules
from rrdesk.domain.prolific import is_prolific
from rrdesk.services.local_rules import load_rules, rules_in
from rrdesk.store.case_record_models import (
    CaseFlag,
    CaseProfile,
    CaseRequirement,
    CaseSentence,
)
from rrdesk.store.models import Case
from rrdesk.store.search import (
    TIER_MATCH,
    closeness,
    closeness_tiers,
    filter_by_text,
    keep_to_name_order,
    match_values,
    search_shape,
)
from rrdesk.store.vault import Vault

NO_LEVEL = 0  # filter value meaning "no MAPPA level"
KEPT_STATEMENTS = 64  # built statements kept by a RegisterQuery, by their shape
PAGE_OFFSET, PAGE_LIMIT = "page_offset", "page_limit"


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
    FLAGS = "flags"


COLUMN_TITLES = {
    Column.NAME: "Name", Column.PNC: "PNC ID", Column.CRN: "CRN", Column.COHORT: "IOM",
    Column.CATEGORY: "Cat.", Column.LEVEL: "Level", Column.ROSH: "RoSH",
    Column.OFFICER: "Offender manager", Column.NEXT_REVIEW: "Next review",
    Column.STATUS: "Status", Column.FLAGS: "Flags",
}

_ROSH_ORDER = case({"low": 1, "medium": 2, "high": 3, "very high": 4}, value=Case.rosh,
                   else_=0)
_SORT = {
    Column.NAME: (Case.sort_name,),
    Column.PNC: (Case.pnc,), Column.CRN: (Case.crn,), Column.COHORT: (Case.iom_cohort,),
    Column.CATEGORY: (Case.mappa_category,), Column.LEVEL: (Case.mappa_level,),
    Column.ROSH: (_ROSH_ORDER,), Column.OFFICER: (Case.offender_manager,),
    Column.NEXT_REVIEW: (Case.next_review,), Column.STATUS: (Case.status,),
    Column.FLAGS: (Case.sort_name,),  # replaced by the prolific rule in ``page``
}


@dataclass(frozen=True)
class RegisterFilter:
    text: str = ""
    cohort: str | None = None
    level: int | None = None  # NO_LEVEL for "none"
    officer: str | None = None
    status: str | None = None
    review_due_within: int | None = None  # days: next review on or before today + N
    flag: str | None = None  # a recorded flag (active today) or a derived one
    requirement: str | None = None  # a requirement or licence condition active today
    licence_ends_within_days: int | None = None
    gender: str | None = None
    age_band: str | None = None


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
    lead_agency: str = ""
    opened_on: dt.date | None = None
    closed_on: dt.date | None = None
    last_review: dt.date | None = None
    flags: list[str] = field(default_factory=list)  # recorded flags active today

    def as_json(self) -> dict:
        """Every column of the cases CSV (ISO dates, null when none), flags as a list."""
        data = asdict(self)
        for key in ("date_of_birth", "next_review", "opened_on", "closed_on", "last_review"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


_ROW_COLUMNS = (Case.id, Case.family_name, Case.given_names, Case.date_of_birth, Case.pnc,
                Case.crn, Case.iom_cohort, Case.mappa_category, Case.mappa_level, Case.rosh,
                Case.offence_count, Case.status, Case.next_review, Case.offender_manager,
                Case.aliases, Case.lead_agency, Case.opened_on, Case.closed_on,
                Case.last_review)


def _row_columns(today: dt.date) -> tuple:
    """The columns of a register row: the case's own, then its flags active ``today``
    (comma-separated, read in the same query rather than a second one)."""
    flags = (select(func.group_concat(CaseFlag.flag, ","))
             .where(CaseFlag.case_id == Case.id, _active(CaseFlag.since, CaseFlag.until, today))
             .correlate(Case).scalar_subquery())
    return (*_ROW_COLUMNS, flags)


def _tie(ascending: bool):  # noqa: ANN202
    """The last sort key: the id, so pages never overlap."""
    return Case.id.asc() if ascending else Case.id.desc()


def _paged(query: Select) -> Select:
    """``query`` a page at a time, the page's offset and length its parameters."""
    return query.offset(bindparam(PAGE_OFFSET, type_=Integer)).limit(
        bindparam(PAGE_LIMIT, type_=Integer))


def _active(start, end, today: dt.date):  # noqa: ANN001, ANN202
    return and_(or_(start.is_(None), start <= today), or_(end.is_(None), end >= today))


def _born_in(band: AgeBand, today: dt.date):  # noqa: ANN202
    earliest, latest = born_between(band, today)
    return Case.date_of_birth.between(earliest, latest)


def _prolific_rule(rules: LocalRules) -> tuple[int, ...]:
    """The rules a register statement is built with (``prolific_condition``)."""
    return (rules.prolific_young_from, rules.prolific_young_to, rules.prolific_young_count,
            rules.prolific_adult_from, rules.prolific_adult_count)


def prolific_condition(rules: LocalRules, today: dt.date):  # noqa: ANN201
    """The local prolific rule as SQL (the same rule as ``domain.prolific.is_prolific``)."""
    young = born_between_ages(rules.prolific_young_from, rules.prolific_young_to, today)
    adult_latest = born_between_ages(rules.prolific_adult_from, 200, today)[1]
    return or_(and_(Case.date_of_birth.between(*young),
                    Case.offence_count >= rules.prolific_young_count),
               and_(Case.date_of_birth <= adult_latest,
                    Case.offence_count >= rules.prolific_adult_count))


def _filtered(query: Select, f: RegisterFilter, today: dt.date,
              rules: LocalRules | None = None, *, tier: str | None = None) -> Select:
    """``query`` narrowed by ``f``; with ``tier`` (one of ``closeness_tiers``), the text
    search is that tier's, for a read in name order."""
    query = query.where(Case.merged_into_id.is_(None))
    if f.review_due_within is not None:  # overdue reviews are due within any N days
        by = today + dt.timedelta(days=f.review_due_within)
        query = query.where(Case.next_review <= by)
    if f.flag == PROLIFIC:
        query = query.where(prolific_condition(rules or LocalRules(), today))
    elif f.flag == DerivedFlag.YOUNG_ADULT:
        query = query.where(_born_in(AgeBand.YOUNG_ADULT, today))
    elif f.flag == DerivedFlag.OVER_55:
        query = query.where(_born_in(AgeBand.OLDER, today))
    elif f.flag:
        query = query.where(exists().where(CaseFlag.case_id == Case.id, CaseFlag.flag == f.flag,
                                           _active(CaseFlag.since, CaseFlag.until, today)))
    if f.requirement:
        query = query.where(exists().where(
            CaseRequirement.case_id == Case.id, CaseRequirement.kind == f.requirement,
            _active(CaseRequirement.start, CaseRequirement.end, today)))
    if f.licence_ends_within_days is not None:
        last = today + dt.timedelta(days=f.licence_ends_within_days)
        query = query.where(exists().where(CaseSentence.case_id == Case.id,
                                           CaseSentence.licence_end.between(today, last)))
    if f.gender:
        query = query.where(exists().where(CaseProfile.case_id == Case.id,
                                           CaseProfile.gender == f.gender))
    if f.age_band:
        query = query.where(_born_in(AgeBand(f.age_band), today))
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
    return keep_to_name_order(query, tier) if tier else filter_by_text(query, f.text)


class RegisterQuery:
    def __init__(self, vault: Vault, today: dt.date | None = None) -> None:
        self.vault = vault
        self.today = today or dt.date.today()
        self._statements: dict[tuple, Select] = {}

    def count(self, f: RegisterFilter = RegisterFilter()) -> int:
        with self.vault.read_session() as s:
            return s.scalar(_filtered(select(func.count(Case.id)).select_from(Case), f,
                                      self.today, self._rules(f))) or 0

    def _rules(self, f: RegisterFilter) -> LocalRules | None:
        return load_rules(self.vault) if f.flag == PROLIFIC else None

    def page(self, f: RegisterFilter = RegisterFilter(), sort: Column = Column.NAME,
             ascending: bool = True, offset: int = 0, limit: int = 200) -> list[RegisterRow]:
        with self.vault.read_session() as s:
            rules = rules_in(s)  # read each time: a change of rules shows at once
            return self._page(s, f, sort, ascending, offset, limit, rules)

    def _kept(self, key: tuple, build: Callable[[], Select]) -> Select:
        """The statement for ``key``, built the first time. Typing runs a search a key,
        and building its statement cost more than SQLite took to run some of them."""
        statement = self._statements.get(key)
        if statement is None:
            if len(self._statements) >= KEPT_STATEMENTS:
                self._statements.clear()
            statement = self._statements[key] = build()
        return statement

    def _page(self, s, f: RegisterFilter, sort: Column, ascending: bool,  # noqa: ANN001
              offset: int, limit: int, rules: LocalRules) -> list[RegisterRow]:
        # The statement is kept by everything that shapes it; what is typed, the offset
        # and the limit are its parameters.
        shape = (replace(f, text=""), Column(sort), ascending, _prolific_rule(rules),
                 search_shape(f.text))
        if sort == Column.NAME and f.text:
            tiers = closeness_tiers(s, f.text)
            if tiers:
                return self._in_tiers(s, f, tiers, shape, ascending, offset, limit, rules)

        def build() -> Select:
            # Empty values last whichever way round, then a stable tie-break on the id.
            order = [(k.asc() if ascending else k.desc()).nulls_last()
                     for k in _SORT[Column(sort)]]
            if sort == Column.NAME:  # never empty; plain order lets SQLite walk its index
                order = [Case.sort_name.asc() if ascending else Case.sort_name.desc()]
                near = closeness(f.text)
                if near is not None:  # an exact name first, then prefixes, then sound-alikes
                    order.insert(0, near)
            if sort == Column.FLAGS:  # the prolific first (or last), then by name
                first = case((prolific_condition(rules, self.today), 0), else_=1)
                order = [first.asc() if ascending else first.desc(), Case.sort_name.asc()]
            return _paged(_filtered(select(*_row_columns(self.today)), f, self.today, rules)
                          .order_by(*order, _tie(ascending)))

        values = {**match_values(f.text), PAGE_OFFSET: offset, PAGE_LIMIT: limit}
        return self._rows(s.execute(self._kept(("page", shape), build), values).all(), rules)

    def _in_tiers(self, s, f: RegisterFilter, tiers: list[str], shape: tuple,  # noqa: ANN001
                  ascending: bool, offset: int, limit: int,
                  rules: LocalRules) -> list[RegisterRow]:
        """A page of a search read tier by tier (``closeness_tiers``), each in name order:
        the order ``closeness`` gives, without sorting every case found."""
        order = [Case.sort_name.asc() if ascending else Case.sort_name.desc(),
                 _tie(ascending)]
        query = self._kept(("tier", shape), lambda: _paged(
            _filtered(select(*_row_columns(self.today)), f, self.today, rules,
                      tier="(tier)").order_by(*order)))
        found: list = []
        for tier in tiers:
            if offset:  # the page starts further on: skip the tiers wholly before it
                before = s.scalar(_filtered(select(func.count(Case.id)), f, self.today,
                                            rules, tier=tier)) or 0
                if offset >= before:
                    offset -= before
                    continue
            found += s.execute(query, {TIER_MATCH: tier, PAGE_OFFSET: offset,
                                       PAGE_LIMIT: limit - len(found)}).all()
            offset = 0
            if len(found) == limit:
                break
        return self._rows(found, rules)

    def _rows(self, found: list, rules: LocalRules) -> list[RegisterRow]:
        today, row = self.today, RegisterRow
        # Rows unpacked by position: a SQLAlchemy row read by name costs more than the rest.
        return [row(id_, family, given, born, pnc, crn, cohort, category, level, rosh,
                    offences or 0, is_prolific(born, offences, today, rules), status, review,
                    officer, aliases, lead, opened, closed, last,
                    sorted(set(flags.split(","))) if flags else [])
                for (id_, family, given, born, pnc, crn, cohort, category, level, rosh,
                     offences, status, review, officer, aliases, lead, opened, closed, last,
                     flags) in found]

    def all_rows(self, f: RegisterFilter = RegisterFilter()) -> list[RegisterRow]:
        return self.page(f, offset=0, limit=-1)

    def rows_for(self, ids: list[int]) -> list[RegisterRow]:
        """The rows of the given cases (for a click-through list), in name order."""
        wanted = sorted(set(ids))
        rows: list[RegisterRow] = []
        with self.vault.read_session() as s:
            rules = rules_in(s)
            for start in range(0, len(wanted), 500):  # stay under SQL variable limits
                chunk = wanted[start:start + 500]
                rows += self._rows(s.execute(select(*_row_columns(self.today))
                                             .where(Case.id.in_(chunk))).all(), rules)
        return sorted(rows, key=lambda r: (r.family_name.lower(), r.given_names.lower(), r.id))

    def officers(self) -> list[str]:
        with self.vault.read_session() as s:
            return [o for o in s.scalars(select(Case.offender_manager).distinct()
                                         .order_by(Case.offender_manager)) if o]
