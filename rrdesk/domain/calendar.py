"""What goes on the calendar: one dated item, its kind, and a uid that survives re-exports.

An item names its case by reference only (``case_reference``), never by the person's
name: titles travel to Outlook and to exported files. The in-app views may show the
person beside it (``person``), which no export reads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import holidays

from rrdesk.domain.reviews import is_working_day


class Kind(StrEnum):
    REVIEW = "review"  # MAPPA level 2 / 3 review due
    LEVEL1_REVIEW = "level1_review"  # lead agency review of a level 1 case
    MEETING = "meeting"  # a MAPPA meeting (timed)
    RMP_ACTION = "rmp_action"  # a Risk Management Plan action due
    PATHWAY_ACTION = "pathway_action"  # an action agreed on a pathway, target date
    PLAN_ACTION = "plan_action"  # a partnership plan row, dated timescale
    SENTENCE_END = "sentence_end"
    LICENCE_END = "licence_end"
    REQUIREMENT_END = "requirement_end"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    Kind.REVIEW: "MAPPA review due",
    Kind.LEVEL1_REVIEW: "Level 1 review due",
    Kind.MEETING: "MAPPA meeting",
    Kind.RMP_ACTION: "RMP action due",
    Kind.PATHWAY_ACTION: "Pathway action due",
    Kind.PLAN_ACTION: "Partnership plan action due",
    Kind.SENTENCE_END: "Sentence ends",
    Kind.LICENCE_END: "Licence ends",
    Kind.REQUIREMENT_END: "Requirement ends",
}

# Kinds that are work to be done by a date (and so can be overdue).
DUE_KINDS = frozenset({Kind.REVIEW, Kind.LEVEL1_REVIEW, Kind.RMP_ACTION, Kind.PATHWAY_ACTION,
                       Kind.PLAN_ACTION})

UID_DOMAIN = "rrdesk"


def case_reference(case_id: int) -> str:
    """The reference a case goes by outside the vault: meaningless without it."""
    return f"C-{case_id:05d}"


def initials(given_names: str, family_name: str) -> str:
    """'Zoë Ann', 'Łukasiewicz-O'Brien' -> 'ZAŁ' (only when a team's setting asks for it)."""
    words = [*given_names.split(), *family_name.replace("-", " ").split()[:1]]
    return "".join(w[0].upper() for w in words if w[:1].isalpha())


def make_uid(kind: Kind, record_id: int | str, of: str, namespace: str = "") -> str:
    """Stable for the same record and the same date-of, whatever the date: a re-import
    into Outlook updates the event instead of adding a second one."""
    scope = f"-{namespace}" if namespace else ""
    return f"{kind.value if isinstance(kind, Kind) else Kind(kind).value}-{record_id}-{of}" \
        f"{scope}@{UID_DOMAIN}"


@dataclass(frozen=True)
class CalendarItem:
    date: dt.date
    kind: Kind
    title: str  # names the case by reference only
    uid: str
    case_id: int | None = None
    meeting_id: int | None = None
    time: dt.time | None = None  # timed items (meetings); all-day otherwise
    duration_minutes: int = 0
    overdue: bool = False
    # For filters and the in-app views; never exported.
    officer: str = ""
    level: int | None = None
    cohort: str = ""
    person: str = ""

    @property
    def short_title(self) -> str:
        """The title without 'due' and 'MAPPA', for a crowded month cell."""
        return self.title.replace(" MAPPA review", " review").removesuffix(" due")

    @property
    def reference(self) -> str:
        return case_reference(self.case_id) if self.case_id is not None else ""

    def as_json(self) -> dict:
        data: dict = {"date": self.date.isoformat(), "kind": self.kind.value,
                      "title": self.title, "overdue": self.overdue, "uid": self.uid}
        if self.time is not None:
            data["time"] = self.time.strftime("%H:%M")
        if self.meeting_id is not None:
            data["meeting_id"] = self.meeting_id
        if self.case_id is not None:
            data["case_id"] = self.case_id
            data["reference"] = self.reference
        return data


KIND_ORDER = {kind: n for n, kind in enumerate(Kind)}


def sort_key(item: CalendarItem) -> tuple:
    return (item.date, item.time or dt.time.min, KIND_ORDER[item.kind], item.title, item.uid)


def is_overdue(kind: Kind, day: dt.date, today: dt.date, done: bool = False) -> bool:
    return kind in DUE_KINDS and not done and day < today


@dataclass(frozen=True)
class Window:
    """Days ``start`` up to (not including) ``end``."""

    start: dt.date
    end: dt.date

    @classmethod
    def weeks_from(cls, start: dt.date, weeks: int) -> Window:
        return cls(start, start + dt.timedelta(weeks=weeks))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day < self.end


def month_grid(year: int, month: int) -> list[dt.date]:
    """The 42 days (six Monday-first weeks) a month view shows for ``year``/``month``."""
    first = dt.date(year, month, 1)
    start = first - dt.timedelta(days=first.weekday())
    return [start + dt.timedelta(days=i) for i in range(42)]


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier), held to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


@lru_cache(maxsize=16)
def bank_holiday_names(year: int) -> dict[dt.date, str]:
    """England and Wales bank holidays of ``year`` (weekdays only) with their names."""
    named = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return {day: name for day, name in sorted(named.items())
            if day.weekday() < 5 and not is_working_day(day)}


def is_bank_holiday(day: dt.date) -> bool:
    """An England and Wales bank holiday on a weekday (weekends are shaded anyway)."""
    return day.weekday() < 5 and not is_working_day(day)


_MONTHS = {name: i for i, name in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTHS.update({name[:3]: i for name, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9


def timescale_date(text: str) -> dt.date | None:
    """The date a plan's timescale means, when it names one: '2027-03-31', '31/03/2027',
    '31 March 2027', or 'March 2027' (by the end of that month). 'Ongoing' and the like
    have none."""
    words = text.strip().lower().replace(",", " ").split()
    try:
        if len(words) == 1:
            word = words[0]
            if "-" in word:
                return dt.date.fromisoformat(word)
            if "/" in word:
                d, m, y = (int(p) for p in word.split("/"))
                return dt.date(y + 2000 if y < 100 else y, m, d)
            return None
        if len(words) == 2 and words[0] in _MONTHS and words[1].isdigit():
            return add_months(dt.date(int(words[1]), _MONTHS[words[0]], 1), 1) \
                - dt.timedelta(days=1)
        if len(words) == 3 and words[1] in _MONTHS and words[2].isdigit():
            day = words[0].rstrip("stndrh") or words[0]
            return dt.date(int(words[2]), _MONTHS[words[1]], int(day))
    except ValueError:
        return None
    return None
