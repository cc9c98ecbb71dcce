"""Errors raised by the pure rules: each names the field it is about."""

from __future__ import annotations


class FieldError(ValueError):
    """A value a person or a file gave that breaks a rule.

    ``field`` is the machine name of the field ("pnc", "date_of_birth" ...);
    ``message`` is a sentence a person can act on. The bad value itself is never
    part of the message, so personal data cannot leak into logs through it.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class ValidationErrors(ValueError):
    """Several field errors found at once (a form, a record, an import row)."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors
