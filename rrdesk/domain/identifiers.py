"""Identifiers used by the police and probation: PNC ID and nDelius CRN.

PNC ID: year, serial number and a check letter, written YY/NNNNNNNL or YYYY/NNNNNNNL.
The check letter is (two-digit year followed by the serial padded to seven digits) mod 23,
mapped onto ``ZABCDEFGHJKLMNPQRTUVWXY``. We store the long form ``YYYY/NNNNNNNL``.
"""

from __future__ import annotations

import datetime as dt
import re

from rrdesk.domain.errors import FieldError

PNC_CHECK_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"
_PNC_RE = re.compile(r"^(\d{2}|\d{4})/(\d{1,7})([A-Z])$")
_CRN_RE = re.compile(r"^[A-Z]\d{6}$")


def pnc_check_letter(year: int, serial: int) -> str:
    """The check letter for a PNC ID (``year`` in full or two digits)."""
    number = int(f"{year % 100:02d}{serial:07d}")
    return PNC_CHECK_LETTERS[number % 23]


def expand_year(two_digits: int, this_year: int | None = None) -> int:
    """A two-digit year read against the current year: the latest year ending in those
    digits that is not in the future (in 2026, 26 is 2026 and 30 is 1930)."""
    this_year = this_year or dt.date.today().year
    year = this_year - this_year % 100 + two_digits
    return year if year <= this_year else year - 100


def normalise_pnc(text: str, field: str = "pnc", this_year: int | None = None) -> str:
    """Return the canonical ``YYYY/NNNNNNNL`` form, or raise ``FieldError``.

    A two-digit year is read against ``this_year`` (default: now), never into the future.
    """
    cleaned = re.sub(r"\s+", "", text or "").upper()
    m = _PNC_RE.match(cleaned)
    if not m:
        raise FieldError(field, "must look like YY/NNNNNNNL or YYYY/NNNNNNNL")
    year_text, serial_text, letter = m.groups()
    year = int(year_text) if len(year_text) == 4 else expand_year(int(year_text), this_year)
    if not 1900 <= year <= (this_year or dt.date.today().year):
        raise FieldError(field, "has a year that is not plausible")
    serial = int(serial_text)
    expected = pnc_check_letter(year, serial)
    if letter != expected:
        raise FieldError(field, "check letter does not match the number")
    return f"{year:04d}/{serial:07d}{letter}"


def normalise_crn(text: str, field: str = "crn") -> str:
    """Return the canonical nDelius CRN (one capital letter, six digits)."""
    cleaned = (text or "").strip().upper()
    if not _CRN_RE.match(cleaned):
        raise FieldError(field, "CRN must be one letter and six digits, for example X123456")
    return cleaned
