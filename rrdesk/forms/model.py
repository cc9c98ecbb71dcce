"""What a form definition holds once loaded: the form, its sections, its fields.

Pure data (frozen dataclasses) built by ``rrdesk.forms.loader``; the Qt renderer, the print
renderer and the value validators all read the same objects, so screen and paper agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

# Every type a field may have. Keep in step with definitions/form-definition.schema.json
# (a unit test checks that they agree).
TEXT = "text"
LONG_TEXT = "long_text"
DATE = "date"
DATETIME = "datetime"
INTEGER = "integer"
CHOICE = "choice"
MULTI_CHOICE = "multi_choice"
YES_NO = "yes_no"
AGENCY = "agency"
STAFF = "staff"
PERSON = "person"
TABLE = "table"

FIELD_TYPES = (TEXT, LONG_TEXT, DATE, DATETIME, INTEGER, CHOICE, MULTI_CHOICE, YES_NO, AGENCY,
               STAFF, PERSON, TABLE)
TEXT_TYPES = (TEXT, LONG_TEXT, AGENCY, STAFF)
OPTION_TYPES = (CHOICE, MULTI_CHOICE)

# Named rules that reuse the domain's own checks (the CLI import calls the same functions).
RULES = {
    "pnc": (TEXT,),
    "crn": (TEXT,),
    "not_future": (DATE, DATETIME),
    "not_past": (DATE, DATETIME),
    "date_of_birth": (DATE,),
}


@dataclass(frozen=True)
class Option:
    value: str | int
    label: str


@dataclass(frozen=True)
class Binding:
    """Where a value lives when it is not in the answers document: ``model.column``."""

    model: str
    column: str

    def __str__(self) -> str:
        return f"{self.model}.{self.column}"


@dataclass(frozen=True)
class Field:
    id: str
    type: str
    label: str
    help: str = ""
    required: bool = False
    min_length: int | None = None
    max_length: int | None = None
    min: int | None = None
    max: int | None = None
    pattern: str | None = None
    pattern_message: str = ""
    options: tuple[Option, ...] = ()
    rule: str | None = None
    store: Binding | None = None
    columns: tuple[Field, ...] = ()  # a table's columns
    default: object = None  # the value a new record starts with (already cleaned)
    line: int | None = None  # where the field starts in its definition file

    @property
    def in_answers(self) -> bool:
        return self.store is None

    def option_label(self, value: object) -> str:
        for option in self.options:
            if option.value == value or str(option.value) == str(value):
                return option.label
        return "" if value is None else str(value)

    def column(self, column_id: str) -> Field:
        for c in self.columns:
            if c.id == column_id:
                return c
        raise KeyError(column_id)


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    fields: tuple[Field, ...]
    help: str = ""
    line: int | None = None


@dataclass(frozen=True)
class FormDefinition:
    form_id: str
    title: str
    version: int
    sections: tuple[Section, ...]
    description: str = ""
    edits: str | None = None  # the model whose row column-bound fields edit ("case")
    source: str = ""  # the file it was read from, for messages

    @property
    def key(self) -> tuple[str, int]:
        return (self.form_id, self.version)

    def fields(self) -> Iterator[Field]:
        for section in self.sections:
            yield from section.fields

    def field(self, field_id: str) -> Field:
        for f in self.fields():
            if f.id == field_id:
                return f
        raise KeyError(field_id)

    def field_ids(self) -> list[str]:
        return [f.id for f in self.fields()]

    def defaults(self) -> dict[str, object]:
        return {f.id: f.default for f in self.fields() if f.default is not None}

    def bound_fields(self, model: str | None = None) -> list[Field]:
        return [f for f in self.fields()
                if f.store is not None and (model is None or f.store.model == model)]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a definition file, said so a person can find and fix it."""

    file: str
    line: int | None
    field: str  # the field (or section / form key) the problem is about
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}"


@dataclass
class DefinitionError(Exception):
    """A definition that cannot be used; ``problems`` lists everything wrong with it."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
