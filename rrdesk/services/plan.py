"""Use cases on the partnership delivery plan: import, list, edit and export.

Rows are stored as written (a blank Need or Priority issue stays blank, meaning "same as the
row above"), so an export gives back the table that was imported. Listing fills the blanks
(``rrdesk.domain.plan.fill_down``). Audit entries name counts and fields, never plan text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from rrdesk.domain.errors import FieldError, ValidationErrors
from rrdesk.domain.plan import (
    PLAN_FIELDS,
    PLAN_HEADINGS,
    PlanLine,
    check_lines,
    check_text,
    fill_down,
    group_by_need,
    is_blank,
    keep_shown,
    normalise_text,
)
from rrdesk.store.audit import AuditAction, append
from rrdesk.store.register_models import PlanRow
from rrdesk.store.vault import Vault
from rrdesk.tables.files import (
    Column,
    Kind,
    SheetInfo,
    TableError,
    TableProblem,
    extract,
    kind_of,
    read_table,
    sort_problems,
    write_csv,
    write_xlsx,
)

RECORD = "plan"
ROW_RECORD = "plan_row"
MAX_ROWS = 10_000
TITLE = "Partnership delivery plan"

PLAN_COLUMNS = (
    Column("need", "Need", ("Needs", "Pathway", "Need / pathway"), required=True),
    Column("priority_issue", "Priority issue", ("Priority issues", "Priority"), required=True),
    Column("action", "Action", ("Actions",), required=True),
    Column("owner", "Owner", ("Owners", "Lead", "Lead agency", "Owner agency")),
    Column("timescale", "Timescale", ("Timescales", "Target date", "By when")),
    Column("rag", "RAG rating", ("RAG", "RAG status", "Rating", "Status")),
)
XLSX_WIDTHS = (28, 34, 60, 26, 16, 30)


@dataclass(frozen=True)
class PlanItem:
    """One row for a view: its id, as written (what an editor edits) and as shown."""

    id: int
    position: int
    written: PlanLine
    shown: PlanLine  # Need and Priority issue filled from the row above


@dataclass(frozen=True)
class NeedSection:
    need: str
    items: tuple[PlanItem, ...]


def _line(row: PlanRow) -> PlanLine:
    return PlanLine(**{name: getattr(row, name) or "" for name in PLAN_FIELDS})


def _rows(session: Session) -> list[PlanRow]:
    return list(session.scalars(select(PlanRow).order_by(PlanRow.position, PlanRow.id)))


def _index_of(rows: Sequence[PlanRow], row_id: int) -> int:
    for i, row in enumerate(rows):
        if row.id == row_id:
            return i
    raise KeyError(row_id)


def _reorder(rows: Sequence[PlanRow], shown: Sequence[PlanLine]) -> None:
    """Number ``rows`` in their new order, each still showing ``shown[i]``."""
    for row, line in zip(rows, keep_shown([_line(r) for r in rows], shown), strict=True):
        for name in ("need", "priority_issue"):
            if (getattr(row, name) or "") != getattr(line, name):
                setattr(row, name, getattr(line, name))
    _renumber(rows)


def _renumber(rows: Sequence[PlanRow]) -> None:
    for i, row in enumerate(rows, start=1):
        if row.position != i:
            row.position = i


class PlanService:
    """The one plan a vault holds. Every change is one transaction with its audit entry."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    # ------------------------------------------------------------------ reading
    def items(self) -> list[PlanItem]:
        with self.vault.read_session() as s:
            rows = _rows(s)
        written = [_line(r) for r in rows]
        return [PlanItem(r.id, r.position, w, f)
                for r, w, f in zip(rows, written, fill_down(written), strict=True)]

    def lines(self) -> list[PlanLine]:
        """The rows as stored, in order (what an export writes)."""
        return [item.written for item in self.items()]

    def filled(self) -> list[PlanLine]:
        """The rows with inherited blanks filled in (what ``plan list`` shows)."""
        return [item.shown for item in self.items()]

    def sections(self) -> list[NeedSection]:
        """The plan grouped by need, in order of each need's first row."""
        items = self.items()
        return [NeedSection(g.need, tuple(items[i] for i in g.indices))
                for g in group_by_need([it.shown for it in items])]

    def count(self) -> int:
        with self.vault.read_session() as s:
            return s.scalar(select(func.count()).select_from(PlanRow)) or 0

    # ------------------------------------------------------------------ replacing
    def replace_all(self, lines: Sequence[PlanLine], source: str = "") -> int:
        """Put ``lines`` in place of the whole plan (one transaction); return the row count.

        Raises ``PlanInvalid`` listing every problem before anything is written.
        """
        lines = [PlanLine(*(normalise_text(v) for v in line.values())) for line in lines]
        problems = check_lines(lines)
        if problems:
            raise PlanInvalid([(i + 1, e) for i, e in problems])
        with self.vault.transaction() as s:
            replaced = s.scalar(select(func.count()).select_from(PlanRow)) or 0
            s.execute(delete(PlanRow))
            for pos, line in enumerate(lines, start=1):
                s.add(PlanRow(position=pos, **{n: getattr(line, n) for n in PLAN_FIELDS}))
            detail = f"{len(lines)} rows imported"
            if source:
                detail += f" from {source}"
            detail += f", replacing {replaced}"
            append(s, self.vault.actor, AuditAction.COLLECTION, RECORD, detail=detail)
        return len(lines)

    def import_file(self, path: Path, kind: Kind | None = None) -> int:
        """Read a plan from CSV or XLSX and put it in place of the vault's plan.

        All or nothing: any problem raises ``TableError`` listing every problem found
        (``file:row:field: message``) and leaves the vault as it was.
        """
        kind = kind or kind_of(Path(path))
        return self.replace_all(read_plan_file(path, kind), source=kind.upper())

    # ------------------------------------------------------------------ editing
    def update_row(self, row_id: int, field: str, value: str) -> bool:
        """Change one field of one row as written; True when it changed."""
        if field not in PLAN_FIELDS:
            raise FieldError("field", "is not a column of the plan")
        value = check_text(field, value)
        with self.vault.transaction() as s:
            row = s.get(PlanRow, row_id)
            if row is None:
                raise KeyError(row_id)
            if (getattr(row, field) or "") == value:
                return False
            if field == "need" and is_blank(value) and row.position == _first_position(s):
                raise FieldError(field, "cannot be blank in the first row of the plan")
            setattr(row, field, value)
            append(s, self.vault.actor, AuditAction.ALTERATION, ROW_RECORD, row_id,
                   f"changed: {field}")
            return True

    def add_row(self, after_position: int | None = None,
                values: Mapping[str, str] | None = None) -> int:
        """A new row after the row at ``after_position`` (0: first; None: last); its id.

        Blank Need and Priority issue make it part of the need above, like a new line typed
        into the table.
        """
        values = dict(values or {})
        unknown = set(values) - set(PLAN_FIELDS)
        if unknown:
            raise FieldError("field", "is not a column of the plan")
        clean = {k: check_text(k, v) for k, v in values.items()}
        with self.vault.transaction() as s:
            rows = _rows(s)
            at = len(rows) if after_position is None else max(0, min(after_position, len(rows)))
            if at == 0 and is_blank(clean.get("need", "")):
                raise FieldError("need", "a row added at the top of the plan needs its own need")
            row = PlanRow(position=0, **{n: clean.get(n, "") for n in PLAN_FIELDS})
            s.add(row)
            rows.insert(at, row)
            _renumber(rows)
            s.flush()
            append(s, self.vault.actor, AuditAction.ALTERATION, RECORD, row.id,
                   f"row added at position {at + 1}")
            return row.id

    def delete_row(self, row_id: int) -> None:
        """Remove one row. The rows below it keep the need and priority issue they showed."""
        with self.vault.transaction() as s:
            rows = _rows(s)
            index = _index_of(rows, row_id)
            shown = fill_down([_line(r) for r in rows])
            gone = rows.pop(index)
            del shown[index]
            # The rows below keep what they showed: a deleted row that started a need (or
            # an issue) hands it to the next row, which would otherwise join the group above.
            _reorder(rows, shown)
            s.delete(gone)
            append(s, self.vault.actor, AuditAction.ERASURE, ROW_RECORD, row_id, "row deleted")

    def move_row(self, row_id: int, step: int) -> bool:
        """Move a row up (``step`` -1) or down (+1) among the rows of its need, keeping
        what every row shows; False when it is already first (or last) of its need."""
        with self.vault.transaction() as s:
            rows = _rows(s)
            index = _index_of(rows, row_id)
            shown = fill_down([_line(r) for r in rows])
            same_need = [i for i, line in enumerate(shown) if line.need == shown[index].need]
            at = same_need.index(index) + step
            if step not in (-1, 1) or not 0 <= at < len(same_need):
                return False
            other = same_need[at]
            rows[index], rows[other] = rows[other], rows[index]
            shown[index], shown[other] = shown[other], shown[index]
            _reorder(rows, shown)
            append(s, self.vault.actor, AuditAction.ALTERATION, ROW_RECORD, row_id,
                   f"moved to position {other + 1}")
            return True

    # ------------------------------------------------------------------ exporting
    def export_file(self, path: Path, kind: Kind | None = None, *,
                    overwrite: bool = False) -> int:
        """Write the plan as stored (same columns, blanks kept); logged as a disclosure."""
        path = Path(path)
        kind = kind or kind_of(path)
        headings = [PLAN_HEADINGS[n] for n in PLAN_FIELDS]
        with self.vault.transaction() as s:
            rows = [_line(r).values() for r in _rows(s)]
            if kind == "xlsx":
                write_xlsx(path, headings, rows,
                           SheetInfo(title=TITLE, sheet="Plan", author=self.vault.actor),
                           widths=XLSX_WIDTHS, overwrite=overwrite)
            else:
                write_csv(path, headings, rows, overwrite=overwrite)
            # Written inside the transaction: a failed write leaves no entry behind.
            append(s, self.vault.actor, AuditAction.DISCLOSURE, RECORD,
                   detail=f"{len(rows)} rows exported as {kind.upper()} to {path.name}")
        return len(rows)


def read_plan_file(path: Path, kind: Kind | None = None) -> list[PlanLine]:
    """The rows of a plan file, checked; ``TableError`` lists every problem found."""
    path = Path(path)
    source = path.name
    found = extract(read_table(path, kind or kind_of(path), source=source), PLAN_COLUMNS)
    records, problems = found.records, list(found.problems)
    if not records and not problems:
        raise TableError([TableProblem(source, "the file has headings but no plan rows")])
    if len(records) > MAX_ROWS:
        raise TableError([TableProblem(source, f"the plan has more than {MAX_ROWS:,} rows")])
    lines = [PlanLine(**r.values) for r in records]
    for i, e in check_lines(lines):
        if e.field in found.present:  # a missing column is reported once, as missing
            problems.append(TableProblem(source, e.message, row=records[i].row,
                                         field=PLAN_HEADINGS[e.field]))
    if problems:
        raise TableError(sort_problems(problems))
    return lines


def _first_position(session: Session) -> int | None:
    return session.scalar(select(func.min(PlanRow.position)))


class PlanInvalid(ValidationErrors):
    """Plan rows that break a rule; ``rows`` gives each error's row (counted from 1)."""

    def __init__(self, problems: list[tuple[int, FieldError]]) -> None:
        super().__init__([FieldError(f"row {n}: {e.field}", e.message) for n, e in problems])
        self.rows = [n for n, _ in problems]


def import_plan(vault: Vault, lines: Sequence[PlanLine], source: str = "") -> int:
    """Put ``lines`` in place of the vault's plan (one transaction)."""
    return PlanService(vault).replace_all(lines, source)
