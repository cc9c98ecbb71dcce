"""Dates as people in England and Wales write them (dd/mm/yyyy) and as files carry them."""

from __future__ import annotations

import datetime as dt
import re

from rrdesk.domain.errors import FieldError

UK_DATE = "%d/%m/%Y"
_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})", re.ASCII)
_UK = re.compile(r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})", re.ASCII)


def format_uk(value: dt.date | None) -> str:
    return value.strftime(UK_DATE) if value else ""


_SHAPED_LIKE_A_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4}")


def parse_date(text: str | None, field: str) -> dt.date | None:
    """Parse ISO (2026-04-03) or UK (03/04/2026) text; empty means no date."""
    text = (text or "").strip()
    if not text:
        return None
    quick = _ISO.fullmatch(text) or _UK.fullmatch(text)
    if quick:  # the common forms without strptime (an import reads 200,000 dates)
        year, month, day = (quick["y"], quick["m"], quick["d"])
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise FieldError(field, "is not a date that exists: check the day and the month "
                                    "(dates are written 2026-04-03 or 03/04/2026)") from None
    for fmt in ("%Y-%m-%d", UK_DATE):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    if _SHAPED_LIKE_A_DATE.fullmatch(text):  # 31/02/2026: written right, but no such day
        raise FieldError(field, "is not a date that exists: check the day and the month "
                                "(dates are written 2026-04-03 or 03/04/2026)")
    raise FieldError(field, "must be a date written 2026-04-03 or 03/04/2026")
