"""Small checks the record rules share; each adds a ``FieldError`` to a list and goes on, so
one pass names every problem."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from rrdesk.domain.errors import FieldError

E = TypeVar("E", bound=StrEnum)


def text(errors: list[FieldError], field: str, value: str | None, limit: int,
         required: bool = False, required_message: str = "is required") -> str:
    """The value stripped; an error when it is required and empty, or longer than ``limit``."""
    value = (value or "").strip()
    if required and not value:
        errors.append(FieldError(field, required_message))
    elif len(value) > limit:
        errors.append(FieldError(field, f"must be at most {limit} characters"))
    return value


def choice(errors: list[FieldError], field: str, value: object, kind: type[E],
           message: str) -> E | object:
    """The value as a member of ``kind``; the value unchanged (and an error) when it is not."""
    try:
        return kind(value)
    except ValueError:
        errors.append(FieldError(field, message))
        return value
