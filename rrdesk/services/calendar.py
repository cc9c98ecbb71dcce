"""The calendar: every dated thing in the vault, gathered from one small function per source.

A source takes a read session and the ``Context`` (window, today, uid namespace) and yields
``CalendarItem``s dated inside the window. Adding a kind of item is adding a source to
``SOURCES``. Only active cases (not merged into another) contribute.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from rrdesk.domain.calendar import (
    CalendarItem,
    Kind,
    Window,
    case_reference,
    is_overdue,
    make_uid,
    sort_key,
    timescale_date,
)
from rrdesk.domain.case_record import REQUIREMENT_LABELS
from rrdesk.domain.mappa import HEADING_LABELS, ActionStatus, MeetingStatus
from rrdesk.domain.pathways import PATHWAY_LABELS, Rag
from rrdesk.domain.reviews import latest_working_day_on_or_before
from rrdesk.services.local_rules import load_rules
from rrdesk.services.progress import Progress, report
from rrdesk.services.rmp import CURRENT as CURRENT_RMP
from rrdesk.store.case_record_models import CaseRequirement, CaseSentence
from rrdesk.store.mappa_models import Meeting, RmpAction, RmpVersion
from rrdesk.store.models import Case
from rrdesk.store.register_models import PathwayAction, PlanRow
from rrdesk.store.vault import Vault

NAMESPACE_KEY = "calendar_namespace"
DONE_WORDS = ("complete", "completed", "done", "achieved", "closed")


@dataclass(frozen=True)
class Context:
    window: Window
    today: dt.date
    namespace: str = ""
    level1_weeks: int = 16

    def uid(self, kind: Kind, record_id: int | str, of: str) -> str:
        return make_uid(kind, record_id, of, self.namespace)


@dataclass(frozen=True)
class CalendarFilter:
    officer: str | None = None
    level: int | None = None
    cohort: str | None = None
    kinds: frozenset[Kind] | None = None  # None: every kind

    def keeps(self, item: CalendarItem) -> bool:
        if self.kinds is not None and item.kind not in self.kinds:
            return False
        if self.officer and item.officer != self.officer:
            return False
        if self.level is not None and item.level != self.level:
            return False
        return not (self.cohort and item.cohort != self.cohort)


@dataclass(frozen=True)
class Source:
    """The kinds of item one source gives, and the function that gives them."""

    kinds: tuple[Kind, ...]
    items: Callable[[Session, Context], Iterable[CalendarItem]]

# ----------------------------------------------------------------------- case sources
_CASE_COLUMNS = (Case.id, Case.family_name, Case.given_names, Case.offender_manager,
                 Case.mappa_level, Case.iom_cohort)


def _active(query: Select) -> Select:
    return query.where(Case.status == "active", Case.merged_into_id.is_(None))


def _case_item(row, day: dt.date, kind: Kind, what: str, uid: str,  # noqa: ANN001
               overdue: bool) -> CalendarItem:
    title = f"{case_reference(row.id)}: {what}"
    given = row.given_names
    person = f"{row.family_name}, {given}" if given else row.family_name
    return CalendarItem(date=day, kind=kind, title=title, uid=uid, case_id=row.id,
                        overdue=overdue, officer=row.offender_manager or "",
                        level=row.mappa_level, cohort=row.iom_cohort or "", person=person)


def review_dates(s: Session, ctx: Context) -> Iterator[CalendarItem]:
    """Level 2 and 3 cases: the next MAPPA review (a latest date)."""
    query = _active(select(*_CASE_COLUMNS, Case.next_review)).where(
        Case.mappa_level.in_((2, 3)), Case.next_review >= ctx.window.start,
        Case.next_review < ctx.window.end)
    for row in s.execute(query):
        yield _case_item(row, row.next_review, Kind.REVIEW,
                         f"level {row.mappa_level} MAPPA review due",
                         ctx.uid(Kind.REVIEW, row.id, "next_review"),
                         is_overdue(Kind.REVIEW, row.next_review, ctx.today))


def level1_reviews(s: Session, ctx: Context) -> Iterator[CalendarItem]:
    """Level 1 cases: the lead agency's review, from the last review and the level 1 interval
    (moved earlier off non-working days, like every review date)."""
    weeks = dt.timedelta(weeks=ctx.level1_weeks)
    # The due date is at most a few days before last_review + interval: widen by a week.
    query = _active(select(*_CASE_COLUMNS, Case.last_review)).where(
        Case.mappa_level == 1, Case.last_review.is_not(None),
        Case.last_review >= ctx.window.start - weeks,
        Case.last_review < ctx.window.end - weeks + dt.timedelta(days=7))
    for row in s.execute(query):
        due = latest_working_day_on_or_before(row.last_review + weeks)
        if due in ctx.window:
            yield _case_item(row, due, Kind.LEVEL1_REVIEW, "level 1 review due",
                             ctx.uid(Kind.LEVEL1_REVIEW, row.id, "next_review"),
                             is_overdue(Kind.LEVEL1_REVIEW, due, ctx.today))


def pathway_actions(s: Session, ctx: Context) -> Iterator[CalendarItem]:
    """Actions agreed on a pathway, on their target date; complete ones are never overdue."""
    query = _active(select(*_CASE_COLUMNS, PathwayAction.id.label("action_id"),
                           PathwayAction.pathway, PathwayAction.target_date,
                           PathwayAction.rag).join(PathwayAction,
                                                   PathwayAction.case_id == Case.id)).where(
        PathwayAction.target_date >= ctx.window.start,
        PathwayAction.target_date < ctx.window.end)
    for row in s.execute(query):
        label = PATHWAY_LABELS.get(row.pathway, row.pathway)  # StrEnum keys match text
        yield _case_item(row, row.target_date, Kind.PATHWAY_ACTION,
                         f"{label} action due",
                         ctx.uid(Kind.PATHWAY_ACTION, row.action_id, "target_date"),
                         is_overdue(Kind.PATHWAY_ACTION, row.target_date, ctx.today,
                                    done=row.rag == Rag.COMPLETE))


# ----------------------------------------------------------------------- MAPPA
def _open_rmp_actions(query: Select) -> Select:
    """Open actions of cases' current RMP (a query already joined to ``Case``)."""
    return query.join(RmpVersion, (RmpVersion.case_id == Case.id)
                      & (RmpVersion.status == CURRENT_RMP)).join(
        RmpAction, RmpAction.rmp_id == RmpVersion.id).where(
        RmpAction.status != ActionStatus.DONE.value)


def _first_of(s: Session, carried: dict[int, int]) -> dict[int, int]:
    """For actions carried over from an earlier version (id -> the one it came from), the
    action each was first written as: its uid stays when the next review carries it on."""
    first = dict(carried)
    while True:
        back = {i: f for i, f in s.execute(select(RmpAction.id, RmpAction.carried_from_id)
                                           .where(RmpAction.id.in_(set(first.values())),
                                                  RmpAction.carried_from_id.is_not(None)))}
        if not back:
            return first
        first = {i: back.get(f, f) for i, f in first.items()}


def rmp_actions(s: Session, ctx: Context) -> Iterator[CalendarItem]:
    """Each open action of a case's current Risk Management Plan, on its due date."""
    query = _open_rmp_actions(select(*_CASE_COLUMNS, RmpAction.id.label("action_id"),
                                     RmpAction.carried_from_id, RmpAction.heading,
                                     RmpAction.due)).where(
        RmpAction.due >= ctx.window.start, RmpAction.due < ctx.window.end)
    rows = list(s.execute(_active(query)))
    first = _first_of(s, {r.action_id: r.carried_from_id for r in rows if r.carried_from_id})
    for row in rows:
        heading = HEADING_LABELS.get(row.heading, row.heading).lower()
        yield _case_item(row, row.due, Kind.RMP_ACTION, f"RMP {heading} action due",
                         ctx.uid(Kind.RMP_ACTION, first.get(row.action_id, row.action_id),
                                 "due"),
                         is_overdue(Kind.RMP_ACTION, row.due, ctx.today))


def meetings(s: Session, ctx: Context) -> Iterator[CalendarItem]:
    """MAPPA meetings (not cancelled) at their date and start time."""
    query = select(Meeting.id, Meeting.held_at, Meeting.level, Meeting.area).where(
        Meeting.held_at >= dt.datetime.combine(ctx.window.start, dt.time()),
        Meeting.held_at < dt.datetime.combine(ctx.window.end, dt.time()),
        Meeting.status != MeetingStatus.CANCELLED.value)
    for row in s.execute(query):
        area = f", {row.area}" if row.area else ""
        yield CalendarItem(date=row.held_at.date(), kind=Kind.MEETING,
                           title=f"Level {row.level} MAPPA meeting{area}",
                           uid=ctx.uid(Kind.MEETING, row.id, "held_at"), meeting_id=row.id,
                           time=row.held_at.time(), level=row.level)


# ----------------------------------------------------------------------- the case record
def sentence_ends(s: Session, ctx: Context) -> Iterator[CalendarItem]:
    """The end of the sentence or order, its licence end and sentence expiry."""
    dates = ((CaseSentence.end, Kind.SENTENCE_END, "end", "sentence ends"),
             (CaseSentence.licence_end, Kind.LICENCE_END, "licence_end", "licence ends"),
             (CaseSentence.sentence_expiry, Kind.SENTENCE_END, "sentence_expiry",
              "sentence expiry"))
    for column, kind, of, what in dates:
        query = _active(select(*_CASE_COLUMNS, column.label("day")).join(
            CaseSentence, CaseSentence.case_id == Case.id)).where(
            column >= ctx.window.start, column < ctx.window.end)
        if of == "sentence_expiry":  # the same day as the end is said once
            query = query.where(or_(CaseSentence.end.is_(None),
                                    CaseSentence.end != CaseSentence.sentence_expiry))
        for row in s.execute(query):
            yield _case_item(row, row.day, kind, what, ctx.uid(kind, row.id, of), False)


def requirement_ends(s: Session, ctx: Context) -> Iterator[CalendarItem]:
    """Requirements of an order and licence conditions, on their end date."""
    query = _active(select(*_CASE_COLUMNS, CaseRequirement.id.label("requirement_id"),
                           CaseRequirement.kind, CaseRequirement.end).join(
        CaseRequirement, CaseRequirement.case_id == Case.id)).where(
        CaseRequirement.end >= ctx.window.start, CaseRequirement.end < ctx.window.end)
    for row in s.execute(query):
        label = REQUIREMENT_LABELS.get(row.kind, row.kind)
        yield _case_item(row, row.end, Kind.REQUIREMENT_END, f"{label} ends",
                         ctx.uid(Kind.REQUIREMENT_END, row.requirement_id, "end"), False)


# ----------------------------------------------------------------------- other sources
def plan_timescales(s: Session, ctx: Context) -> Iterator[CalendarItem]:
    """Partnership plan rows whose timescale names a date ('March 2027': its last day).
    The title gives the row number only: plan text is free text and may name people."""
    for row in s.execute(select(PlanRow.id, PlanRow.position, PlanRow.timescale,
                                PlanRow.rag)):
        day = timescale_date(row.timescale or "")
        if day is None or day not in ctx.window:
            continue
        done = (row.rag or "").strip().lower() in DONE_WORDS
        yield CalendarItem(date=day, kind=Kind.PLAN_ACTION,
                           title=f"Partnership plan row {row.position} due",
                           uid=ctx.uid(Kind.PLAN_ACTION, row.id, "timescale"),
                           overdue=is_overdue(Kind.PLAN_ACTION, day, ctx.today, done))


SOURCES: list[Source] = [
    Source((Kind.REVIEW,), review_dates),
    Source((Kind.LEVEL1_REVIEW,), level1_reviews),
    Source((Kind.MEETING,), meetings),
    Source((Kind.RMP_ACTION,), rmp_actions),
    Source((Kind.PATHWAY_ACTION,), pathway_actions),
    Source((Kind.PLAN_ACTION,), plan_timescales),
    Source((Kind.SENTENCE_END, Kind.LICENCE_END), sentence_ends),
    Source((Kind.REQUIREMENT_END,), requirement_ends),
]


def available_kinds(sources: Sequence[Source] | None = None) -> list[Kind]:
    """The kinds this vault's calendar can hold, in the order of ``Kind``."""
    given = {k for source in (SOURCES if sources is None else sources) for k in source.kinds}
    return [k for k in Kind if k in given]


# ----------------------------------------------------------------------- gathering
def namespace(vault: Vault) -> str:
    """A short random name for this vault, kept in it, so that two vaults exported into one
    Outlook calendar never share a uid."""
    value = vault.get_meta(NAMESPACE_KEY, "")
    if not value:
        value = uuid.uuid4().hex[:12]
        vault.set_meta(NAMESPACE_KEY, value)
    return value


def context(vault: Vault, window: Window, today: dt.date | None = None) -> Context:
    rules = load_rules(vault)
    return Context(window=window, today=today or dt.date.today(), namespace=namespace(vault),
                   level1_weeks=rules.review_weeks_level1)


def gather(vault: Vault, window: Window, f: CalendarFilter = CalendarFilter(), *,
           today: dt.date | None = None, sources: Sequence[Source] | None = None,
           progress: Progress | None = None) -> list[CalendarItem]:
    """Every item dated inside ``window`` that ``f`` keeps, in date order."""
    ctx = context(vault, window, today)
    sources = SOURCES if sources is None else sources
    items: list[CalendarItem] = []
    with vault.read_session() as s:
        for done, source in enumerate(sources):
            if f.kinds is None or f.kinds.intersection(source.kinds):
                items.extend(i for i in source.items(s, ctx) if f.keeps(i))
            report(progress, done + 1, len(sources))
    items.sort(key=sort_key)
    return items


def default_window(today: dt.date | None = None, start: dt.date | None = None,
                   weeks: int | None = None) -> Window:
    """What ``calendar list`` and ``export`` cover unless told: from 4 weeks ago (so what
    is overdue shows) for 26 weeks."""
    today = today or dt.date.today()
    return Window.weeks_from(start or today - dt.timedelta(weeks=4), weeks or 26)


# ----------------------------------------------------------------------- on unlock
@dataclass
class DueSummary:
    """What needs attention today; each figure carries the ids of the cases behind it."""

    reviews_overdue: list[int] = field(default_factory=list)
    reviews_due_soon: list[int] = field(default_factory=list)
    no_review_date: list[int] = field(default_factory=list)
    # Cases with a pathway action or an open RMP action past its date (one id per case).
    actions_overdue: list[int] = field(default_factory=list)
    soon_days: int = 14

    def is_clear(self) -> bool:
        return not (self.reviews_overdue or self.reviews_due_soon or self.no_review_date
                    or self.actions_overdue)


def due_summary(vault: Vault, today: dt.date | None = None, soon_days: int = 14,
                officer: str | None = None) -> DueSummary:
    today = today or dt.date.today()
    summary = DueSummary(soon_days=soon_days)
    soon = today + dt.timedelta(days=soon_days)
    cases = _active(select(Case.id, Case.next_review)).where(Case.mappa_level.in_((2, 3)))
    actions = _active(select(Case.id).distinct().join(
        PathwayAction, PathwayAction.case_id == Case.id)).where(
        PathwayAction.target_date < today, PathwayAction.rag != Rag.COMPLETE.value)
    plan_actions = _active(_open_rmp_actions(select(Case.id).distinct())).where(
        RmpAction.due < today)
    if officer:
        cases = cases.where(Case.offender_manager == officer)
        actions = actions.where(Case.offender_manager == officer)
        plan_actions = plan_actions.where(Case.offender_manager == officer)
    with vault.read_session() as s:
        for case_id, due in s.execute(cases.order_by(Case.next_review, Case.id)):
            if due is None:
                summary.no_review_date.append(case_id)
            elif due < today:
                summary.reviews_overdue.append(case_id)
            elif due <= soon:
                summary.reviews_due_soon.append(case_id)
        summary.actions_overdue = sorted(set(s.scalars(actions)) | set(s.scalars(plan_actions)))
    return summary
