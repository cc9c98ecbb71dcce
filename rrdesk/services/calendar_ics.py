"""The calendar as an iCalendar file (.ics) that Outlook imports.

Every event names its case by reference only ("C-00042 · level 2 MAPPA review due"); a
team may add initials (``initials=True``), never names. Due dates are all-day events that
do not block time; meetings are timed (Europe/London). Uids are stable (kind, record and
what the date is of), so importing a newer file updates events instead of adding copies.
Written whole or not at all, owner-only from its first byte; logged as a disclosure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from sqlalchemy import select

from rrdesk.domain.calendar import CalendarItem, Window, initials
from rrdesk.services.calendar import CalendarFilter, gather
from rrdesk.services.progress import Progress
from rrdesk.store.audit import AuditAction
from rrdesk.store.models import Case
from rrdesk.store.vault import Vault
from rrdesk.tables.files import atomic_write

LONDON = ZoneInfo("Europe/London")
MARKING = "OFFICIAL-SENSITIVE"
PRODID = "-//rrdesk//calendar export//EN"
DEFAULT_MEETING_MINUTES = 120


def _summary(item: CalendarItem, marks: dict[int, str]) -> str:
    mark = marks.get(item.case_id) if item.case_id is not None else None
    return f"{item.title} ({mark})" if mark else item.title


def build_calendar(items: Sequence[CalendarItem], *, marks: dict[int, str] | None = None,
                   stamp: dt.datetime | None = None, name: str = "rrdesk") -> Calendar:
    """One VEVENT per item. ``marks``: case id -> initials, when the team's setting asks."""
    marks = marks or {}
    stamp = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{name} ({MARKING})")
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("summary", _summary(item, marks))
        event.add("categories", [item.kind.label])
        event.add("class", "CONFIDENTIAL")
        event.add("description", f"{item.kind.label}. {MARKING}: handle accordingly.")
        if item.time is None:
            event.add("dtstart", item.date)
            event.add("dtend", item.date + dt.timedelta(days=1))
            event.add("transp", "TRANSPARENT")  # a due date does not make anyone busy
            event.add("x-microsoft-cdo-busystatus", "FREE")
        else:
            start = dt.datetime.combine(item.date, item.time, tzinfo=LONDON)
            minutes = item.duration_minutes or DEFAULT_MEETING_MINUTES
            event.add("dtstart", start)
            event.add("dtend", start + dt.timedelta(minutes=minutes))
            event.add("transp", "OPAQUE")
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal


def case_marks(vault: Vault, case_ids: set[int]) -> dict[int, str]:
    """Initials of the given cases (only for a team whose setting adds them)."""
    wanted = sorted(case_ids)
    marks: dict[int, str] = {}
    with vault.read_session() as s:
        for start in range(0, len(wanted), 500):
            for case_id, family, given in s.execute(
                    select(Case.id, Case.family_name, Case.given_names)
                    .where(Case.id.in_(wanted[start:start + 500]))):
                marks[case_id] = initials(given or "", family or "")
    return marks


def export_ics(vault: Vault, path: Path, window: Window, *, f: CalendarFilter | None = None,
               with_initials: bool = False, overwrite: bool = False,
               today: dt.date | None = None, progress: Progress | None = None) -> int:
    """Write the items of ``window`` to ``path``; the number of events written."""
    items = gather(vault, window, f or CalendarFilter(), today=today, progress=progress)
    marks = case_marks(vault, {i.case_id for i in items if i.case_id is not None}) \
        if with_initials else {}
    data = build_calendar(items, marks=marks).to_ical()
    atomic_write(Path(path), lambda tmp: tmp.write_bytes(data), overwrite=overwrite)
    vault.log(AuditAction.DISCLOSURE, "calendar",
              detail=f"calendar exported: {len(items)} events, {window.start.isoformat()} "
                     f"to {window.end.isoformat()}{', with initials' if with_initials else ''}")
    return len(items)
