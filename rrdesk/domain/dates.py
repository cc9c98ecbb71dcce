"""Dates as people in England and Wales write them (dd/mm/yyyy) and as files carry them."""

from __future__ import annotations

import datetime as dt

from rrdesk.domain.errors import FieldError

UK_DATE = "%d/%m/%Y"


def format_uk(value: dt.date | None) -> str:
    return value.strftime(UK_DATE) if value else ""


def parse_date(text: str | None, field: str) -> dt.date | None:
    """Parse ISO (2026-04-03) or UK (03/04/2026) text; empty means no date."""
    text = (text or "").strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d", UK_DATE):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise FieldError(field, "must be a date written 2026-04-03 or 03/04/2026")
