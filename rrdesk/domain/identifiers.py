"""Identifiers used by the police and probation: PNC ID and nDelius CRN.

PNC ID: year, serial number and a check letter, written YY/NNNNNNNL or YYYY/NNNNNNNL.
The check letter is (two-digit year followed by the serial padded to seven digits) mod 23,
mapped onto ``ZABCDEFGHJKLMNPQRTUVWXY``. We store the long form ``YYYY/NNNNNNNL``.
"""

from __future__ import annotations

import re

from rrdesk.domain.errors import FieldError

PNC_CHECK_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"
_PNC_RE = re.compile(r"^(\d{2}|\d{4})/(\d{1,7})([A-Z])$")
_CRN_RE = re.compile(r"^[A-Z]\d{6}$")


def pnc_check_letter(year: int, serial: int) -> str:
    """The check letter for a PNC ID (``year`` in full or two digits)."""
    number = int(f"{year % 100:02d}{serial:07d}")
    return PNC_CHECK_LETTERS[number % 23]


def _expand_year(two_digits: int, pivot: int | None = None) -> int:
    # PNC IDs are issued from the 1970s onwards: 70-99 are 19xx, the rest 20xx.
    return 1900 + two_digits if two_digits >= 70 else 2000 + two_digits


def normalise_pnc(text: str, field: str = "pnc") -> str:
    """Return the canonical ``YYYY/NNNNNNNL`` form, or raise ``FieldError``."""
    cleaned = re.sub(r"\s+", "", text or "").upper()
    m = _PNC_RE.match(cleaned)
    if not m:
        raise FieldError(field, "must look like YY/NNNNNNNL or YYYY/NNNNNNNL")
    year_text, serial_text, letter = m.groups()
    year = int(year_text) if len(year_text) == 4 else _expand_year(int(year_text))
    if not 1900 <= year <= 2099:
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
