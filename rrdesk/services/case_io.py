"""Cases to and from tables (CSV, XLSX): the column set, parsing and checking every row.

Import is all or nothing: every problem in every row is collected, as
``file:row:field: message``, and nothing is written unless there are none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from rrdesk.domain.case import CaseDetails, validate_case
from rrdesk.domain.dates import parse_date
from rrdesk.domain.errors import FieldError, ValidationErrors
from rrdesk.services.cases import apply_details, review_intervals
from rrdesk.services.register import RegisterFilter, RegisterQuery, RegisterRow
from rrdesk.store.audit import AuditAction, append
from rrdesk.store.models import Case
from rrdesk.store.vault import Vault

COLUMNS = ["id", "family_name", "given_names", "aliases", "date_of_birth", "pnc", "crn",
           "lead_agency", "offender_manager", "iom_cohort", "mappa_category", "mappa_level",
           "rosh", "offence_count", "prolific", "status", "opened_on", "closed_on",
           "last_review", "next_review"]
IGNORED_ON_IMPORT = {"id", "prolific", "next_review"}
DATE_FIELDS = {"date_of_birth", "opened_on", "closed_on", "last_review"}
INT_FIELDS = {"mappa_category", "mappa_level", "offence_count"}
NONE_WORDS = {"", "none", "n/a", "na"}


@dataclass(frozen=True)
class Problem:
    source: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.row}"
        return f"{where}:{self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ImportProblems(Exception):
    """Every problem found in an import; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s); nothing was imported")
        self.problems = problems


def _parse_value(name: str, text: str) -> object:
    text = (text or "").strip()
    if name in DATE_FIELDS:
        return parse_date(text, name)
    if name in INT_FIELDS:
        if name != "offence_count" and text.lower() in NONE_WORDS:
            return None
        if name == "offence_count" and not text:
            return 0
        if not text.isdigit():
            raise FieldError(name, "must be a whole number" +
                             ("" if name == "offence_count" else " or none"))
        return int(text)
    if name == "rosh":
        return None if text.lower() in NONE_WORDS else text.lower().replace("_", " ")
    if name in ("iom_cohort", "status"):
        return text.lower() or None
    return text


def parse_case_rows(source: str, header: list[str], rows: Iterable[tuple[int, list[str]]],
                    today: dt.date | None = None
                    ) -> tuple[list[tuple[int, CaseDetails]], list[Problem]]:
    """Check the header and every row; return (row number, case) pairs and every problem."""
    problems: list[Problem] = []
    names = [h.strip().lower() for h in header]
    for name in names:
        if name not in COLUMNS:
            problems.append(Problem(source, 1, name or "(blank)", "is not a known column; "
                                    f"use {', '.join(COLUMNS)}"))
    seen_columns = set()
    for name in names:
        if name in seen_columns:
            problems.append(Problem(source, 1, name, "appears twice in the header"))
        seen_columns.add(name)
    if "family_name" not in names:
        problems.append(Problem(source, 1, "family_name", "column is missing"))
    if problems:
        return [], problems
    cases: list[tuple[int, CaseDetails]] = []
    first_row_of: dict[tuple[str, str], int] = {}
    for row_number, cells in rows:
        if len(cells) > len(names) and any(c.strip() for c in cells[len(names):]):
            problems.append(Problem(source, row_number, "", "has more cells than the header"))
        values: dict[str, object] = {}
        row_ok = True
        for name, cell in zip(names, cells, strict=False):
            if name in IGNORED_ON_IMPORT:
                continue
            try:
                value = _parse_value(name, cell)
            except FieldError as e:
                problems.append(Problem(source, row_number, e.field, e.message))
                row_ok = False
                continue
            if value is not None:
                values[name] = value
        if not row_ok:
            continue
        try:
            details = validate_case(CaseDetails(**{"family_name": "", **values}), today)
        except ValidationErrors as e:
            problems += [Problem(source, row_number, err.field, err.message) for err in e.errors]
            continue
        for key in ("pnc", "crn"):
            value = getattr(details, key)
            if value and (key, value) in first_row_of:
                problems.append(Problem(source, row_number, key, "is the same as in row "
                                        f"{first_row_of[(key, value)]}"))
            elif value:
                first_row_of[(key, value)] = row_number
        cases.append((row_number, details))
    return cases, problems


def import_cases(vault: Vault, source: str, header: list[str],
                 rows: Iterable[tuple[int, list[str]]]) -> int:
    """Add every row as a new case, or nothing at all; returns how many were added."""
    cases, problems = parse_case_rows(source, header, rows)
    intervals = review_intervals(vault)
    with vault.transaction() as s:
        existing = _existing_identifiers(s, [d for _, d in cases])
        for row_number, details in cases:
            for key in ("pnc", "crn"):
                value = getattr(details, key)
                if value and (key, value) in existing:
                    problems.append(Problem(source, row_number, key, "is already in the vault "
                                            f"(case {existing[(key, value)]})"))
        if problems:
            raise ImportProblems(sorted(problems, key=lambda p: (p.row, p.field)))
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        added = []
        for _, details in cases:
            row = Case(created_at=now, updated_at=now)
            apply_details(row, details, intervals)
            s.add(row)
            added.append(row)
        s.flush()
        actor = vault.officer_name or "unknown"
        for row in added:
            append(s, actor, AuditAction.COLLECTION, "case", row.id, f"imported from {source}")
    return len(cases)


def _existing_identifiers(s, cases: list[CaseDetails]) -> dict[tuple[str, str], int]:  # noqa: ANN001
    found: dict[tuple[str, str], int] = {}
    for key, column in (("pnc", Case.pnc), ("crn", Case.crn)):
        wanted = sorted({getattr(c, key) for c in cases if getattr(c, key)})
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            for case_id, value in s.execute(select(Case.id, column).where(column.in_(chunk))):
                found[(key, value)] = case_id
    return found


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def export_rows(vault: Vault, f: RegisterFilter | None = None) -> list[list[str]]:
    """The caseload as table rows (header first), in register order."""
    rows: list[RegisterRow] = RegisterQuery(vault).all_rows(f or RegisterFilter())
    with vault.read_session() as s:
        extra = {r.id: r for r in s.execute(select(
            Case.id, Case.aliases, Case.lead_agency, Case.offender_manager, Case.opened_on,
            Case.closed_on, Case.last_review).where(Case.merged_into_id.is_(None)))}
    table = [COLUMNS]
    for r in rows:
        more = extra[r.id]
        values = {**vars(r), "aliases": more.aliases, "lead_agency": more.lead_agency,
                  "offender_manager": more.offender_manager, "opened_on": more.opened_on,
                  "closed_on": more.closed_on, "last_review": more.last_review}
        table.append([_cell(values[c]) for c in COLUMNS])
    return table
