"""Values entered in a form: checking them against their field, and keeping them as JSON.

``clean_value`` accepts what a widget gives (typed values) and what a file gives (text), so
the screen and a CSV import apply the same rules; dates, PNC IDs and CRNs go through the
domain's own functions. ``validate_values`` never raises: it returns the cleaned values and
a list of ``FieldError`` naming each field (never quoting the value).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from rrdesk.domain.case import OLDEST_PLAUSIBLE_AGE
from rrdesk.domain.dates import format_uk, parse_date
from rrdesk.domain.errors import FieldError
from rrdesk.domain.identifiers import normalise_crn, normalise_pnc
from rrdesk.forms.model import (
    AGENCY,
    CHOICE,
    DATE,
    DATETIME,
    INTEGER,
    LONG_TEXT,
    MULTI_CHOICE,
    PERSON,
    STAFF,
    TABLE,
    TEXT,
    YES_NO,
    Field,
    FormDefinition,
)

DEFAULT_MAX_LENGTH = {TEXT: 200, LONG_TEXT: 20_000, AGENCY: 100, STAFF: 100}
# Whole numbers stay inside what a 32-bit spin box and every database can hold.
INT_LIMIT = 2_000_000_000
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_DATETIME_FORMATS = ("%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M",
                     "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S")


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | set | dict):
        return not value
    return False


def max_length(f: Field) -> int:
    return f.max_length if f.max_length is not None else DEFAULT_MAX_LENGTH.get(f.type, 200)


# ----------------------------------------------------------------------------- one value
def _text(f: Field, raw: Any, name: str) -> str:
    if not isinstance(raw, str):
        raise FieldError(name, "must be text")
    value = raw.strip()
    if f.type == LONG_TEXT:
        value = raw.strip("\n\r ").replace("\r\n", "\n")
    if _CONTROL_RE.search(value) or (f.type != LONG_TEXT and "\n" in value):
        raise FieldError(name, "must be on one line, without control characters"
                         if f.type != LONG_TEXT else "must not hold control characters")
    limit = max_length(f)
    if len(value) > limit:
        raise FieldError(name, f"must be at most {limit} characters")
    if f.min_length is not None and len(value) < f.min_length:
        raise FieldError(name, f"must be at least {f.min_length} characters")
    if f.rule == "pnc":
        value = normalise_pnc(value, name)
    elif f.rule == "crn":
        value = normalise_crn(value, name)
    if f.pattern and not re.fullmatch(f.pattern, value):
        raise FieldError(name, f.pattern_message or "is not in the expected form")
    return value


def _date(f: Field, raw: Any, name: str, today: dt.date) -> dt.date:
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        value = raw
    elif isinstance(raw, str):
        value = parse_date(raw, name)
        assert value is not None  # empty text was handled by the caller
    else:
        raise FieldError(name, "must be a date")
    _date_rules(f, value, name, today)
    return value


def _date_rules(f: Field, value: dt.date, name: str, today: dt.date) -> None:
    if f.rule in ("not_future", "date_of_birth") and value > today:
        raise FieldError(name, "is in the future")
    if f.rule == "not_past" and value < today:
        raise FieldError(name, "is in the past")
    if f.rule == "date_of_birth" and value.year < today.year - OLDEST_PLAUSIBLE_AGE:
        raise FieldError(name, f"is more than {OLDEST_PLAUSIBLE_AGE} years ago")


def parse_datetime(text: str, name: str) -> dt.datetime:
    text = " ".join(text.split())
    for fmt in _DATETIME_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise FieldError(name, "must be a date and time written 03/04/2026 14:30")


def _datetime(f: Field, raw: Any, name: str, today: dt.date) -> dt.datetime:
    if isinstance(raw, dt.datetime):
        value = raw.replace(tzinfo=None, microsecond=0)
    elif isinstance(raw, str):
        value = parse_datetime(raw, name)
    else:
        raise FieldError(name, "must be a date and time")
    _date_rules(f, value.date(), name, today)
    return value


def _integer(f: Field, raw: Any, name: str) -> int:
    if isinstance(raw, bool):
        raise FieldError(name, "must be a whole number")
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and re.fullmatch(r"[+-]?\d{1,12}", raw.strip()):
        value = int(raw.strip())
    else:
        raise FieldError(name, "must be a whole number")
    low = f.min if f.min is not None else -INT_LIMIT
    high = f.max if f.max is not None else INT_LIMIT
    if not low <= value <= high:
        raise FieldError(name, f"must be between {low} and {high}")
    return value


def _option(f: Field, raw: Any, name: str) -> str | int:
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise FieldError(name, "must be one of the listed choices")
    text = str(raw).strip()
    for option in f.options:
        if option.value == raw or str(option.value) == text:
            return option.value
    folded = text.casefold()
    for option in f.options:  # a file may carry the label a person sees
        if option.label.casefold() == folded:
            return option.value
    raise FieldError(name, "must be one of the listed choices")


def _options(f: Field, raw: Any, name: str) -> list:
    if isinstance(raw, str):
        raw = [part for part in re.split(r"[;\n]", raw) if part.strip()]
    if not isinstance(raw, list | tuple | set | frozenset):
        raise FieldError(name, "must be a list of the listed choices")
    chosen = {str(_option(f, item, name)) for item in raw}
    return [o.value for o in f.options if str(o.value) in chosen]


def _yes_no(raw: Any, name: str) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str):
        text = raw.strip().casefold()
        if text in _YES:
            return True
        if text in _NO:
            return False
    raise FieldError(name, "must be yes or no")


def _person(raw: Any, name: str) -> int:
    if isinstance(raw, bool):
        raise FieldError(name, "must name a person on the case register")
    if isinstance(raw, str) and raw.strip().isdigit() and len(raw.strip()) < 12:
        raw = int(raw.strip())
    if not isinstance(raw, int) or raw <= 0:
        raise FieldError(name, "must name a person on the case register")
    return raw


def clean_value(f: Field, raw: Any, today: dt.date | None = None,
                name: str | None = None) -> Any:
    """The value of ``f`` in its stored type (None when empty); raise ``FieldError``.

    For a table, raises the first error; use ``table_errors`` for all of them.
    """
    name = name or f.id
    today = today or dt.date.today()
    if f.type == TABLE:
        rows, errors = clean_table(f, raw, today, name)
        if errors:
            raise errors[0]
        return rows
    if is_empty(raw):
        if f.required:
            raise FieldError(name, "is required")
        return [] if f.type == MULTI_CHOICE else None
    if f.type in (TEXT, LONG_TEXT, AGENCY, STAFF):
        return _text(f, raw, name)
    if f.type == DATE:
        return _date(f, raw, name, today)
    if f.type == DATETIME:
        return _datetime(f, raw, name, today)
    if f.type == INTEGER:
        return _integer(f, raw, name)
    if f.type == CHOICE:
        return _option(f, raw, name)
    if f.type == MULTI_CHOICE:
        return _options(f, raw, name)
    if f.type == YES_NO:
        return _yes_no(raw, name)
    if f.type == PERSON:
        return _person(raw, name)
    raise FieldError(name, "has a type this version of rrdesk does not know")


def clean_table(f: Field, raw: Any, today: dt.date, name: str | None = None
                ) -> tuple[list[dict], list[FieldError]]:
    """Rows of a table field, cleaned; rows left wholly blank are dropped."""
    name = name or f.id
    if is_empty(raw):
        raw = []
    if not isinstance(raw, list | tuple):
        return [], [FieldError(name, "must be a list of rows")]
    rows: list[dict] = []
    errors: list[FieldError] = []
    number = 0
    for row in raw:
        if not isinstance(row, Mapping):
            errors.append(FieldError(name, "has a row that is not a set of columns"))
            continue
        if all(is_empty(row.get(c.id)) for c in f.columns):
            continue
        number += 1
        clean: dict = {}
        for column in f.columns:
            cell = f"{name}[{number}].{column.id}"
            try:
                clean[column.id] = clean_value(column, row.get(column.id), today, cell)
            except FieldError as e:
                errors.append(FieldError(cell, f"row {number}, {column.label} {e.message}"))
        rows.append(clean)
    if f.required and not rows and not errors:
        errors.append(FieldError(name, "needs at least one row"))
    return rows, errors


def safe_clean(f: Field, raw: Any, today: dt.date | None = None
               ) -> tuple[Any, list[FieldError]]:
    """``clean_value`` that reports every problem of the field and never raises."""
    today = today or dt.date.today()
    try:
        if f.type == TABLE:
            return clean_table(f, raw, today)
        return clean_value(f, raw, today), []
    except FieldError as e:
        return None, [e]
    except (TypeError, ValueError, OverflowError, AttributeError):
        # A value no widget or file should produce; say so rather than crash.
        return None, [FieldError(f.id, "could not be read")]


def validate_values(definition: FormDefinition, values: Mapping[str, Any],
                    today: dt.date | None = None) -> tuple[dict[str, Any], list[FieldError]]:
    """Clean every field of ``definition``; values for unknown field ids are ignored."""
    today = today or dt.date.today()
    cleaned: dict[str, Any] = {}
    errors: list[FieldError] = []
    for f in definition.fields():
        value, problems = safe_clean(f, values.get(f.id), today)
        cleaned[f.id] = value
        errors.extend(problems)
    return cleaned, errors


# ----------------------------------------------------------------------------- JSON
def encode_value(f: Field, value: Any) -> Any:
    """A JSON-safe form of a (clean or half-typed) value; dates as ISO text."""
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if f.type == TABLE and isinstance(value, list | tuple):
        return [{c.id: encode_value(c, row.get(c.id)) for c in f.columns}
                for row in value if isinstance(row, Mapping)]
    if isinstance(value, list | tuple | set):
        return [encode_value(f, v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def decode_value(f: Field, data: Any) -> Any:
    """The typed value back from JSON. Lenient: an odd stored value is kept as it is, so a
    record written by an older rrdesk still opens."""
    if data is None:
        return [] if f.type in (MULTI_CHOICE, TABLE) else None
    try:
        if f.type == DATE and isinstance(data, str):
            return dt.date.fromisoformat(data)
        if f.type == DATETIME and isinstance(data, str):
            return dt.datetime.fromisoformat(data)
    except ValueError:
        return data
    if f.type == TABLE:
        if not isinstance(data, list):
            return []
        return [{c.id: decode_value(c, row.get(c.id)) for c in f.columns}
                for row in data if isinstance(row, Mapping)]
    return data


def encode_values(definition: FormDefinition, values: Mapping[str, Any],
                  only_answers: bool = False) -> dict[str, Any]:
    return {f.id: encode_value(f, values.get(f.id)) for f in definition.fields()
            if f.id in values and (f.in_answers or not only_answers)}


def decode_values(definition: FormDefinition, data: Mapping[str, Any]) -> dict[str, Any]:
    return {f.id: decode_value(f, data.get(f.id)) for f in definition.fields() if f.id in data}


# ----------------------------------------------------------------------------- display
def display_text(f: Field, value: Any, person_label=None) -> str:
    """How a value reads on screen summaries and paper (UK dates, option labels)."""
    if is_empty(value) and not isinstance(value, bool):
        return ""
    if f.type == DATE and isinstance(value, dt.date):
        return format_uk(value)
    if f.type == DATETIME and isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if f.type == CHOICE:
        return f.option_label(value)
    if f.type == MULTI_CHOICE and isinstance(value, list | tuple):
        return "; ".join(f.option_label(v) for v in value)
    if f.type == YES_NO:
        return "Yes" if value is True else "No" if value is False else ""
    if f.type == PERSON:
        label = person_label(value) if person_label else None
        return label or f"case {value}"
    return str(value)
