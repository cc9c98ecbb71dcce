"""Cases to and from tables (CSV, XLSX): the column set, parsing and checking every row.

Import is all or nothing: every problem in every row is collected, as
``file:row:field: message``, and nothing is written unless there are none. Dates are read in
ISO (2026-04-03) or UK (03/04/2026) form and written in ISO form; an empty cell is "none".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select

from rrdesk.domain.case import CaseDetails, validate_case
from rrdesk.domain.case_record import parse_flag_codes
from rrdesk.domain.dates import parse_date
from rrdesk.domain.errors import FieldError, ValidationErrors
from rrdesk.services.cases import review_intervals, stored_values
from rrdesk.services.progress import Progress, report
from rrdesk.services.register import RegisterFilter, RegisterQuery, RegisterRow
from rrdesk.store.audit import AuditAction, append, append_many
from rrdesk.store.case_record_models import CaseFlag
from rrdesk.store.models import Case, utc_now
from rrdesk.store.new_cases import insert_new_cases
from rrdesk.store.vault import Vault
from rrdesk.tables.files import (
    Column,
    Kind,
    Record,
    SheetInfo,
    TableError,
    TableProblem,
    csv_bytes,
    kind_of,
    read_records,
    write_atomic,
)
from rrdesk.tables.gc_pause import collector_paused
from rrdesk.tables.xlsx_writer import build_xlsx

COLUMNS = ["id", "family_name", "given_names", "aliases", "date_of_birth", "pnc", "crn",
           "lead_agency", "offender_manager", "iom_cohort", "mappa_category", "mappa_level",
           "rosh", "offence_count", "prolific", "status", "opened_on", "closed_on",
           "last_review", "next_review", "flags"]
IGNORED_ON_IMPORT = {"id", "prolific", "next_review"}
DATE_FIELDS = {"date_of_birth", "opened_on", "closed_on", "last_review"}
INT_FIELDS = {"mappa_category", "mappa_level", "offence_count"}
NONE_WORDS = {"", "none", "n/a", "na"}
PROGRESS_EVERY = 500  # rows between two progress reports
WRITE_BATCH = 2_000  # cases per multi-row insert


CASE_COLUMNS = [Column(name, name, required=(name == "family_name")) for name in COLUMNS]


def read_case_file(path: Path, kind: Kind | None = None,
                   progress: Progress | None = None) -> list[Record]:
    """The rows of a cases table (CSV, or XLSX); ``TableError`` lists every problem.
    ``progress`` hears (rows read, rows in all) while a spreadsheet is read."""
    return read_records(path, CASE_COLUMNS, kind, progress=progress)


def _parse_date(name: str, text: str) -> dt.date | None:
    return parse_date(text, name)


def _parse_int(name: str, text: str) -> int | None:
    text = (text or "").strip()
    if name != "offence_count" and text.lower() in NONE_WORDS:
        return None
    if name == "offence_count" and not text:
        return 0
    if not text.isdigit():
        raise FieldError(name, "must be a whole number" +
                         ("" if name == "offence_count" else " or none"))
    return int(text)


def _parse_rosh(_name: str, text: str) -> str | None:
    text = (text or "").strip()
    return None if text.lower() in NONE_WORDS else text.lower().replace("_", " ")


def _parse_lower(_name: str, text: str) -> str | None:
    return (text or "").strip().lower() or None


def _parse_flags(name: str, text: str) -> object:
    return parse_flag_codes((text or "").strip(), name) or None


# How each column's text is read; any other column is text, trimmed.
_PARSERS = {**dict.fromkeys(DATE_FIELDS, _parse_date), **dict.fromkeys(INT_FIELDS, _parse_int),
            "rosh": _parse_rosh, "iom_cohort": _parse_lower, "status": _parse_lower,
            "flags": _parse_flags}


def parse_case_rows(source: str, records: Sequence[Record], today: dt.date | None = None,
                    progress: Progress | None = None, total: int = 0
                    ) -> tuple[list[tuple[int, CaseDetails]], list[TableProblem]]:
    """Check every row; return (row number, case) pairs and every problem found.

    ``progress`` hears (rows checked, ``total`` or the number of rows) now and then."""
    problems: list[TableProblem] = []
    cases: list[tuple[int, CaseDetails]] = []
    first_row_of: dict[tuple[str, str], int] = {}
    total = total or len(records)
    for done, record in enumerate(records):
        if done % PROGRESS_EVERY == 0:
            report(progress, done, total)
        values: dict[str, object] = {}
        row_ok = True
        for name, cell in record.values.items():
            if name in IGNORED_ON_IMPORT:
                continue
            parse = _PARSERS.get(name)
            try:
                value = parse(name, cell) if parse else (cell or "").strip()
            except FieldError as e:
                problems.append(TableProblem(source, e.message, record.row, e.field))
                row_ok = False
                continue
            if value is not None:
                values[name] = value
        if not row_ok:
            continue
        flags = values.pop("flags", [])
        try:
            details = validate_case(CaseDetails(**{"family_name": "", **values},
                                                extra={"flags": flags}), today)
        except ValidationErrors as e:
            problems += [TableProblem(source, err.message, record.row, err.field)
                         for err in e.errors]
            continue
        for key in ("pnc", "crn"):
            value = getattr(details, key)
            if value and (key, value) in first_row_of:
                problems.append(TableProblem(
                    source, f"is the same as in row {first_row_of[(key, value)]}", record.row,
                    key))
            elif value:
                first_row_of[(key, value)] = record.row
        cases.append((record.row, details))
    return cases, problems


def import_cases(vault: Vault, source: str, records: Sequence[Record],
                 progress: Progress | None = None, *, allow_same_name: bool = False) -> int:
    """Add every row as a new case, or nothing at all; returns how many were added.

    Raises ``TableError`` listing every problem (nothing is written then). Two rows with
    the same name and date of birth, or a row with the name and date of birth of a case in
    the vault, are problems unless ``allow_same_name`` (two people may share both; an
    officer says so). ``progress`` hears (steps done, steps in all): checking the rows,
    then writing them. ``Cancelled`` raised from it stops the import with nothing written
    and nothing logged.
    """
    with collector_paused():  # many objects, all kept to the end: nothing to collect
        return _import_cases(vault, source, records, progress, allow_same_name)


def _import_cases(vault: Vault, source: str, records: Sequence[Record],
                  progress: Progress | None, allow_same_name: bool) -> int:
    steps = 2 * len(records)
    cases, problems = parse_case_rows(source, records, progress=progress, total=steps)
    report(progress, len(records), steps)
    intervals = review_intervals(vault)
    with vault.transaction() as s:
        existing = _existing_identifiers(s, [d for _, d in cases])
        for row_number, details in cases:
            for key in ("pnc", "crn"):
                value = getattr(details, key)
                if value and (key, value) in existing:
                    problems.append(TableProblem(
                        source, f"is already in the vault (case {existing[(key, value)]})",
                        row_number, key))
        if not allow_same_name:
            problems += same_name_problems(s, source, cases)
        if problems:
            raise TableError(sorted(problems, key=lambda p: (p.row or 0, p.field or "")))
        now = utc_now()
        actor = vault.actor
        detail = f"imported from {source}"
        for start in range(0, len(cases), WRITE_BATCH):
            batch = cases[start:start + WRITE_BATCH]
            rows = [{**stored_values(details, intervals), "created_at": now, "updated_at": now}
                    for _, details in batch]
            ids = insert_new_cases(s, rows)
            s.add_all(CaseFlag(case_id=case_id, flag=flag.value, notes="")
                      for case_id, (_, details) in zip(ids, batch, strict=True)
                      for flag in details.extra.get("flags", []))
            append_many(s, actor, AuditAction.COLLECTION, "case",
                        ((case_id, detail) for case_id in ids))
            # The transaction is still open: a Cancelled raised here rolls it all back.
            report(progress, len(records) + start + len(rows), steps)
    return len(cases)


SAME_NAME_HINT = ("; if they are different people, import with --allow-same-name "
                  "(in the app: say they are different people)")


def _name_key(details: CaseDetails) -> tuple[str, str, dt.date] | None:
    if details.date_of_birth is None:
        return None
    return (fold_name(details.family_name), fold_name(details.given_names),
            details.date_of_birth)


def fold_name(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def same_name_problems(s, source: str, cases: list[tuple[int, CaseDetails]]  # noqa: ANN001
                       ) -> list[TableProblem]:
    """Every row sharing its name and date of birth with an earlier row or a vault case."""
    problems: list[TableProblem] = []
    first_row: dict[tuple[str, str, dt.date], int] = {}
    keys = {row: _name_key(d) for row, d in cases}
    births = sorted({k[2] for k in keys.values() if k})
    in_vault: dict[tuple[str, str, dt.date], int] = {}
    for start in range(0, len(births), 500):
        chunk = births[start:start + 500]
        for case_id, family, given, born in s.execute(
                select(Case.id, Case.family_name, Case.given_names, Case.date_of_birth)
                .where(Case.date_of_birth.in_(chunk), Case.merged_into_id.is_(None))):
            in_vault.setdefault((fold_name(family), fold_name(given), born), case_id)
    for row, key in keys.items():
        if key is None:
            continue
        if key in in_vault:
            problems.append(TableProblem(
                source, f"same name and date of birth as case {in_vault[key]} in the vault"
                        + SAME_NAME_HINT, row, "family_name"))
        if key in first_row:
            problems.append(TableProblem(
                source, f"same name and date of birth as row {first_row[key]}"
                        + SAME_NAME_HINT, row, "family_name"))
        else:
            first_row[key] = row
    return problems


def _existing_identifiers(s, cases: list[CaseDetails]) -> dict[tuple[str, str], int]:  # noqa: ANN001
    found: dict[tuple[str, str], int] = {}
    for key, column in (("pnc", Case.pnc), ("crn", Case.crn)):
        wanted = sorted({getattr(c, key) for c in cases if getattr(c, key)})
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            for case_id, value in s.execute(select(Case.id, column).where(column.in_(chunk))):
                found[(key, value)] = case_id
    return found


def cell_text(value: object) -> str:
    """A value as an export writes it (and an import reads it back)."""
    kind = type(value)
    if kind is str:
        return value  # type: ignore[return-value]
    if value is None:
        return ""
    if kind is bool:
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


def export_rows(vault: Vault, f: RegisterFilter | None = None) -> list[list[str]]:
    """The caseload as table rows (header first), in register order."""
    rows: list[RegisterRow] = RegisterQuery(vault).all_rows(f or RegisterFilter())
    return [COLUMNS, *([cell_text(getattr(r, c)) for c in COLUMNS] for r in rows)]


def export_cases(vault: Vault, path: Path, kind: Kind | None = None, *,
                 f: RegisterFilter | None = None, overwrite: bool = False,
                 progress: Progress | None = None) -> int:
    """Write the caseload (or the filtered part of it) to CSV or XLSX; logged as a disclosure.

    The file is built in memory and written whole, beside nothing and in no temporary
    folder. ``progress`` hears (rows done, rows in all); ``Cancelled`` raised from it
    leaves no file and no audit entry.
    """
    path = Path(path)
    kind = kind or kind_of(path)
    with collector_paused():
        table = export_rows(vault, f)
        headings, rows = table[0], table[1:]
        report(progress, 0, len(rows))
        if kind == "xlsx":
            data = build_xlsx(headings, rows, SheetInfo(title="Caseload", sheet="Cases",
                                                        author=vault.officer_name),
                              progress=progress, total=len(rows))
        else:
            data = csv_bytes(headings, rows, progress=progress, total=len(rows))
    report(progress, len(rows), len(rows))  # the last moment to cancel
    with vault.transaction() as s:
        write_atomic(path, data, overwrite=overwrite)
        # Written inside the transaction: a failed write leaves no entry behind.
        append(s, vault.actor, AuditAction.DISCLOSURE, "case",
               detail=f"{len(rows)} cases exported as {kind.upper()} to {path.name}")
    return len(rows)
