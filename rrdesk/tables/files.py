"""Tables in files: reading CSV and XLSX a person chose, and writing them back.

Shared by every importer and exporter (cases, the plan). Reading never stops at
the first problem and never shows a traceback: each problem is a ``TableProblem`` that
prints as ``file:row:field: message`` (row and field left out when they are not known),
and never holds the bad value itself. Writing builds the whole file in memory (never a
temporary file in $TMPDIR), then puts it beside the target whole or not at all
(``write_atomic``); on any error the target is untouched.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import secrets
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from rrdesk.domain.dates import format_uk
from rrdesk.tables.gc_pause import collector_paused
from rrdesk.tables.xlsx_reader import open_sheet
from rrdesk.tables.xlsx_writer import NOT_XML as _NOT_XML
from rrdesk.tables.xlsx_writer import SheetInfo, build_xlsx, column_letter

Kind = Literal["csv", "xlsx"]
Progress = Callable[[int, int], None]  # (done, total): the services' progress callback

# Under the 32,767 characters an Excel cell holds (openpyxl cuts longer cells to that on
# reading): a cell at the cut is refused, never imported short, and whatever is accepted can
# be written to XLSX and read back whole.
MAX_CELL_CHARS = 32_000
MAX_FILE_BYTES = 64 * 1024 * 1024  # far beyond any plan or caseload; stops a runaway read
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
READ_PROGRESS_EVERY = 1_000  # spreadsheet rows between two progress reports
WRITE_PROGRESS_EVERY = 1_000
HEADER_SEARCH_ROWS = 10  # a title or date line above the headings is common in plans

_CSV_LIMIT_LOCK = threading.RLock()
_UTF8_BOM = b"\xef\xbb\xbf"
_ZIP_MAGIC = b"PK\x03\x04"


# ---------------------------------------------------------------------------- problems
@dataclass(frozen=True)
class TableProblem:
    """One thing wrong with a file, where it is, and what to do about it."""

    source: str
    message: str
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.source
        if self.row is not None:
            where += f":{self.row}"
            if self.field:
                where += f":{self.field}"
        return f"{where}: {self.message}"


class TableError(Exception):
    """A file that cannot be imported; ``problems`` lists every reason found."""

    def __init__(self, problems: Sequence[TableProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = list(problems)


# ---------------------------------------------------------------------------- columns
def heading_key(text: str) -> str:
    """Headings compared without case, spacing or underscores: "RAG  rating", "rag_rating"
    and "RAGRating" are one heading, as are "Family Name" and "family_name"."""
    return "".join(text.replace("_", " ").split()).casefold()


@dataclass(frozen=True)
class Column:
    """A column an importer understands: its field, its heading, other headings it accepts."""

    key: str
    heading: str
    aliases: tuple[str, ...] = ()
    required: bool = False

    def accepts(self, heading: str) -> bool:
        key = heading_key(heading)
        return key == heading_key(self.heading) or key in {heading_key(a) for a in self.aliases}


# ---------------------------------------------------------------------------- reading
@dataclass
class TableRow:
    number: int  # the row number a person sees: the sheet row, or the CSV record (1 = first)
    cells: list[str]


@dataclass
class Table:
    """The rows of a file. ``too_long`` holds (row, column index) of cells left out as empty.

    From a spreadsheet: ``sheet`` is the sheet's name, and ``uncalculated`` the
    (row, column index) of formula cells whose value was never calculated (a workbook
    written by a program, never opened in a spreadsheet; read as empty)."""

    source: str
    rows: list[TableRow]
    too_long: list[tuple[int, int]] = field(default_factory=list)
    max_cell_chars: int = MAX_CELL_CHARS
    sheet: str = ""
    uncalculated: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Record:
    """One data row by field key (missing optional columns give "")."""

    row: int
    values: dict[str, str]


def kind_of(path: Path) -> Kind:
    suffix = Path(path).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    return "csv"


def read_table(path: Path, kind: Kind | None = None, *, source: str | None = None,
               max_cell_chars: int = MAX_CELL_CHARS, progress: Progress | None = None
               ) -> Table:
    """Every non-blank row of the file (CSV, or the active sheet of an XLSX workbook).

    ``progress`` hears (rows read, rows in the sheet) while a spreadsheet is read (a CSV
    is read at once); whatever it raises stops the reading and is raised again.

    Raises ``TableError`` when the file cannot be read as a table at all (missing, empty,
    not UTF-8, not a spreadsheet). Cells over ``max_cell_chars`` are replaced by "" and
    listed in ``Table.too_long``, to be reported with their column's heading.
    """
    path = Path(path)
    kind = kind or kind_of(path)
    source = source or path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise TableError([TableProblem(source, "there is no such file")]) from None
    except OSError:
        raise TableError([TableProblem(source, "the file could not be read")]) from None
    if path.is_dir():
        raise TableError([TableProblem(source, "is a folder, not a file")])
    if size > MAX_FILE_BYTES:
        raise TableError([TableProblem(
            source, f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")])
    if size == 0:
        raise TableError([TableProblem(source, "the file is empty")])
    with collector_paused():
        if kind == "xlsx":
            table = _read_xlsx(path, source, max_cell_chars, progress)
        else:
            table = _read_csv(path, source, max_cell_chars)
    if not table.rows and not table.too_long:
        raise TableError([TableProblem(source, "the file is empty: it has no rows")])
    return table


def _cells_to_row(number: int, values: Iterable[object], table: Table) -> None:
    cells: list[str] = []
    for col, value in enumerate(values):
        text = value if type(value) is str else cell_text(value)
        if len(text) > table.max_cell_chars:
            table.too_long.append((number, col))
            text = ""
        cells.append(text)
    while cells and not cells[-1]:
        cells.pop()  # trailing empty cells are formatting, not data
    if any(c.strip() for c in cells):
        table.rows.append(TableRow(number, cells))


def cell_text(value: object) -> str:
    """A spreadsheet value as text: whole numbers without ".0", dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return format_uk(value.date())
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return format_uk(value)
    return str(value)


def _read_csv(path: Path, source: str, max_cell_chars: int) -> Table:
    data = path.read_bytes()
    if data.startswith(_ZIP_MAGIC):
        raise TableError([TableProblem(
            source, "this is a spreadsheet (XLSX), not CSV text: import it as XLSX")])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableError([TableProblem(
            source, 'the file is UTF-16 text; save it as "CSV UTF-8" and import that')])
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM):]
    if not data.strip():
        raise TableError([TableProblem(source, "the file is empty: it has no rows")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        row = _csv_record_at(data[:e.start].decode("utf-8"))
        raise TableError([TableProblem(
            source, 'the text is not UTF-8 from this row on; save the file as "CSV UTF-8" '
                    "and import it again", row=row)]) from None
    # csv cannot read a NUL: made a noncharacter, it is reported with its row and column
    # like any other control character (extract), instead of stopping the whole file.
    text = text.replace("\x00", "\ufffe")
    table = Table(source, [], max_cell_chars=max_cell_chars)
    number = 0
    with _csv_field_limit(len(text) + 1):  # our own limit is applied per cell, by column
        reader = csv.reader(io.StringIO(text, newline=""), strict=False)
        try:
            for number, values in enumerate(reader, start=1):
                _cells_to_row(number, [csv_cell_in(v) for v in values], table)
        except csv.Error:
            raise TableError([TableProblem(
                source, "the CSV cannot be read here (a stray quote or a NUL byte)",
                row=number + 1)]) from None
    return table


def _csv_record_at(prefix: str) -> int:
    """The CSV record number in which the text after ``prefix`` begins."""
    with _csv_field_limit(len(prefix) + 2):
        try:
            return max(1, sum(1 for _ in csv.reader(io.StringIO(prefix + "x", newline=""))))
        except csv.Error:
            return prefix.count("\n") + 1


@contextlib.contextmanager
def _csv_field_limit(limit: int) -> Iterator[None]:
    """csv's own limit (128 KiB) would raise on a long cell before we could name it.

    The limit is process-wide, so it is raised under a lock and put back afterwards.
    """
    with _CSV_LIMIT_LOCK:
        old = csv.field_size_limit()
        csv.field_size_limit(max(old, limit))
        try:
            yield
        finally:
            csv.field_size_limit(old)


class _ProgressRaised(Exception):
    """What a progress callback raised, carried past the reader's own error handling."""

    def __init__(self, raised: BaseException) -> None:
        super().__init__()
        self.raised = raised


def _read_xlsx(path: Path, source: str, max_cell_chars: int,
               progress: Progress | None = None) -> Table:
    not_a_sheet = TableProblem(
        source, "this is not an XLSX spreadsheet (save it from Excel as .xlsx, or import it "
                "as CSV)")
    with path.open("rb") as f:
        if f.read(4) != _ZIP_MAGIC:
            raise TableError([not_a_sheet])
    try:
        with zipfile.ZipFile(path) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise TableError([not_a_sheet]) from None
    if unpacked > MAX_UNPACKED_BYTES:  # a small file that unpacks to gigabytes
        raise TableError([TableProblem(
            source, "the spreadsheet is too large to import (it unpacks to more than "
                    f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB)")])
    table = Table(source, [], max_cell_chars=max_cell_chars)
    try:
        with zipfile.ZipFile(path) as archive:
            try:
                sheet = open_sheet(archive)
            except Exception:  # noqa: BLE001 - a zip with no workbook in it, or a broken one
                raise TableError([not_a_sheet]) from None
            table.sheet = sheet.title
            for number, values in sheet.rows():
                _cells_to_row(number, values, table)
                if progress is not None and number % READ_PROGRESS_EVERY == 0:
                    try:
                        progress(number, max(sheet.max_row, number))
                    except BaseException as e:  # noqa: BLE001 - raised again below, as it was
                        raise _ProgressRaised(e) from None
            table.uncalculated = sheet.uncalculated
    except _ProgressRaised as e:
        raise e.raised from None
    except TableError:
        raise
    except Exception:  # noqa: BLE001 - a damaged workbook can fail in many ways; no traceback
        raise TableError([TableProblem(
            source, "the spreadsheet is damaged and could not be read")]) from None
    return table


def read_records(path: Path, columns: Sequence[Column], kind: Kind | None = None, *,
                 source: str | None = None, max_cell_chars: int = MAX_CELL_CHARS,
                 allow_unknown: bool = False, progress: Progress | None = None
                 ) -> list[Record]:
    """The data rows of a file as records keyed by ``Column.key``, or ``TableError``.

    The heading row is the first of the first few non-blank rows that has every required
    column (rows above it, such as a title, are skipped). Headings match without regard to
    case or spacing. A column whose heading is not recognised is an error unless
    ``allow_unknown`` (an importer that dropped it would lose what was written there).
    """
    table = read_table(path, kind, source=source, max_cell_chars=max_cell_chars,
                       progress=progress)
    return records_of(table, columns, allow_unknown=allow_unknown)


def records_of(table: Table, columns: Sequence[Column], *,
               allow_unknown: bool = False) -> list[Record]:
    """The records of a table read already; ``TableError`` when anything is wrong."""
    found = extract(table, columns, allow_unknown=allow_unknown)
    if found.problems:
        raise TableError(found.problems)
    return found.records


@dataclass
class Extracted:
    """Records with the problems found in the table so far (so an importer can add its own
    row checks and report everything at once), and the keys of the columns present."""

    records: list[Record]
    problems: list[TableProblem]
    present: set[str]


CONTROL_CHARACTERS = "contains control characters that a spreadsheet cannot hold"


def sort_problems(problems: Iterable[TableProblem]) -> list[TableProblem]:
    """File-wide problems first, then by row; the order found is kept within a row; a
    problem found twice (by the table and by an importer's own rule) is listed once."""
    return sorted(dict.fromkeys(problems), key=lambda p: -1 if p.row is None else p.row)


def extract(table: Table, columns: Sequence[Column], *,
            allow_unknown: bool = False) -> Extracted:
    """Like ``records_of`` but returns the problems instead of raising."""
    problems: list[TableProblem] = []
    header_at = _find_header(table, columns)
    if header_at is None:
        problems.append(TableProblem(table.source, "the file has no heading row", row=1))
        return Extracted([], problems, set())
    header = table.rows[header_at]
    expected = ", ".join(c.heading for c in columns)
    if not any(c.accepts(h) for c in columns for h in header.cells):
        # Most likely data with no heading row: say so without repeating any cell.
        problems.append(TableProblem(
            table.source, f"no heading row found: the first row should name the columns "
                          f"({expected})", row=header.number))
        return Extracted([], problems, set())
    names: list[str] = []  # what to call each column in a message
    keys: list[str | None] = []
    seen: dict[str, int] = {}
    for col, heading in enumerate(header.cells):
        match = next((c for c in columns if c.accepts(heading)), None)
        names.append(match.heading if match else _column_name(col, heading))
        if match is None:
            keys.append(None)
            if heading.strip() and not allow_unknown:
                problems.append(TableProblem(
                    table.source, f"is not a column rrdesk knows; the columns are {expected}",
                    row=header.number, field=names[-1]))
            continue
        if match.key in seen:
            problems.append(TableProblem(table.source, "appears twice in the heading row",
                                         row=header.number, field=match.heading))
        seen[match.key] = col
        keys.append(match.key)
    for c in columns:
        if c.required and c.key not in seen:
            problems.append(TableProblem(table.source, "required column is missing",
                                         row=header.number, field=c.heading))

    def name_of(col: int) -> str:
        return names[col] if col < len(names) else _column_name(col, "")

    for number, col in table.too_long:
        problems.append(TableProblem(
            table.source, f"the cell is longer than {table.max_cell_chars:,} characters",
            row=number, field=name_of(col)))
    for number, col in table.uncalculated:
        if number >= header.number:  # a title above the headings is not imported
            problems.append(TableProblem(
                table.source, f"cell {column_letter(col)}{number}"
                              + (f' on sheet "{table.sheet}"' if table.sheet else "")
                              + " is a formula that was never calculated (the file was "
                              "written by a program and not opened in a spreadsheet since): "
                              "open it in Excel or LibreOffice, save it, and import it again",
                row=number, field=name_of(col)))
    records: list[Record] = []
    for row in table.rows[header_at + 1:]:
        values = {c.key: "" for c in columns}
        for col, text in enumerate(row.cells):
            key = keys[col] if col < len(keys) else None
            if key is not None:
                values[key] = text
            elif text.strip() and (col >= len(keys) or not header.cells[col].strip()):
                problems.append(TableProblem(
                    table.source, "has a value in a column with no heading", row=row.number,
                    field=name_of(col)))
            # a value under an unknown heading was reported with the heading (or allowed)
            if key is not None and _NOT_XML.search(text):
                problems.append(TableProblem(
                    table.source, CONTROL_CHARACTERS,
                    row=row.number, field=name_of(col)))
        records.append(Record(row.number, values))
    return Extracted(records, sort_problems(problems), set(seen))


def _column_name(col: int, heading: str) -> str:
    """A short one-line heading as written, otherwise the column's letter."""
    text = " ".join(heading.split())
    if text and len(text) <= 40 and "\n" not in heading:
        return text
    return f"column {column_letter(col)}"


def _find_header(table: Table, columns: Sequence[Column]) -> int | None:
    required = [c for c in columns if c.required] or list(columns)
    for i, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        if all(any(c.accepts(h) for h in row.cells) for c in required):
            return i
    return 0 if table.rows else None


# ---------------------------------------------------------------------------- writing
def csv_bytes(headings: Sequence[str], rows: Iterable[Sequence[str]], *,
              progress: Progress | None = None, total: int = 0) -> bytes:
    """UTF-8 with a byte order mark (so Excel shows accents), CRLF rows, minimal quoting;
    a cell a spreadsheet would run as a formula is written as text (``csv_cell_out``).

    ``progress`` hears (rows done, ``total``) every thousand rows; whatever it raises stops
    the build (nothing has been written anywhere)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headings)
    for done, row in enumerate(rows):
        if progress is not None and done % WRITE_PROGRESS_EVERY == 0:
            progress(done, total)
        writer.writerow([csv_cell_out(str(c)) for c in row])
    return out.getvalue().encode("utf-8-sig")


# A cell a spreadsheet would run as a formula (OWASP, "CSV injection"): written with a
# leading apostrophe, which spreadsheets show as text, and read back without it. A cell
# that starts with an apostrophe is given one more, so every value comes back as it was.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell_out(text: str) -> str:
    if text.startswith(_FORMULA_START) or (text.startswith("'") and
                                           text[1:].startswith((*_FORMULA_START, "'"))):
        return "'" + text
    return text


def csv_cell_in(text: str) -> str:
    if text.startswith("'") and text[1:].startswith((*_FORMULA_START, "'")):
        return text[1:]
    return text


def write_csv(path: Path, headings: Sequence[str], rows: Iterable[Sequence[str]], *,
              overwrite: bool = False) -> Path:
    """The table as CSV (``csv_bytes``), built in memory and written whole."""
    return write_atomic(Path(path), csv_bytes(headings, rows), overwrite=overwrite)


def write_xlsx(path: Path, headings: Sequence[str], rows: Iterable[Sequence[str]],
               info: SheetInfo, *, widths: Sequence[int] | None = None,
               overwrite: bool = False, progress: Callable[[int, int], None] | None = None,
               total: int = 0) -> Path:
    """One sheet (``xlsx_writer.build_xlsx``), built in memory and written whole.

    Raises ``ValueError`` for text no spreadsheet could open again (nothing is written).
    """
    data = build_xlsx(headings, rows, info, widths=widths, progress=progress, total=total)
    return write_atomic(Path(path), data, overwrite=overwrite)


def _not_tracked(_tmp: Path) -> None:
    return None


# Told a temporary file's path before its first byte is written, and again once it is gone,
# so a write cut short (a kill) is removed at the next start. Tables depend only on domain:
# the service layer plugs in rrdesk.store.unfinished (rrdesk/services/__init__.py).
_temp_begin: Callable[[Path], None] = _not_tracked
_temp_end: Callable[[Path], None] = _not_tracked


def track_temporary_files(begin: Callable[[Path], None], end: Callable[[Path], None]) -> None:
    """Have ``begin(tmp)``/``end(tmp)`` called around every temporary file written here."""
    global _temp_begin, _temp_end
    _temp_begin, _temp_end = begin, end


class TargetExists(FileExistsError):
    """The chosen file is there already and the caller did not ask to replace it."""


def write_atomic(path: Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Put ``data`` at ``path`` whole or not at all, readable by its owner only.

    Where the system allows (Linux), the bytes go to an unnamed file in the target's folder
    that gets its name only when complete and on disk: a process killed half way leaves
    nothing behind. Elsewhere ``atomic_write``'s temporary file beside the target is used.
    """
    path = Path(path)
    if not overwrite and path.exists():
        raise TargetExists(f"{path.name} already exists")
    folder = path.parent if str(path.parent) else Path(".")
    fd = _unnamed_file(folder)
    if fd is None:
        return atomic_write(path, lambda tmp: tmp.write_bytes(data), overwrite=overwrite)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
        try:
            _name_unnamed_file(fd, path, folder, overwrite)
        except FileExistsError:
            raise
        except OSError:  # no linking from /proc here: the classic way
            return atomic_write(path, lambda tmp: tmp.write_bytes(data), overwrite=overwrite)
    finally:
        os.close(fd)
    _fsync_dir(folder)
    return path


def _unnamed_file(folder: Path) -> int | None:
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not Path("/proc/self/fd").is_dir():
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY, 0o600)
    except OSError:  # a file system without unnamed files
        return None


def _name_unnamed_file(fd: int, path: Path, folder: Path, overwrite: bool) -> None:
    # linkat(AT_SYMLINK_FOLLOW) on /proc/self/fd/N names the unnamed file; Python calls
    # linkat (not link, which would try to link the /proc entry itself) only when given a
    # folder descriptor.
    source = f"/proc/self/fd/{fd}"
    dfd = os.open(folder, os.O_RDONLY)
    try:
        if not overwrite:
            try:  # fails if the name appeared meanwhile
                os.link(source, path.name, dst_dir_fd=dfd, follow_symlinks=True)
            except FileExistsError:
                raise TargetExists(f"{path.name} already exists") from None
            return
        # A complete file under a temporary name for an instant, then renamed over the target.
        for _ in range(100):
            tmp = f".{path.name}.{secrets.token_hex(4)}.partial"
            try:
                os.link(source, tmp, dst_dir_fd=dfd, follow_symlinks=True)
                break
            except FileExistsError:
                continue
        else:
            raise FileExistsError(f"no free temporary name beside {path.name}")
        try:
            os.replace(tmp, path.name, src_dir_fd=dfd, dst_dir_fd=dfd)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp, dir_fd=dfd)
    finally:
        os.close(dfd)


def _fsync_dir(folder: Path) -> None:
    if os.name != "nt":
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


def atomic_write(path: Path, write: Callable[[Path], None], *, overwrite: bool = False) -> Path:
    """Run ``write`` on a temporary file beside ``path``, then put it in place.

    Without ``overwrite`` an existing file is never replaced, even one that appears while
    writing. The temporary file (readable by its owner only) holds the export the person
    chose to write; it is removed on any error. ``write_atomic`` is better where the whole
    content is in memory already.
    """
    path = Path(path)
    if not overwrite and path.exists():
        raise TargetExists(f"{path.name} already exists")
    folder = path.parent if str(path.parent) else Path(".")
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=folder)
    os.close(fd)
    tmp = Path(name)
    _temp_begin(tmp)  # a kill from here on: removed at the next start
    try:
        write(tmp)
        with tmp.open("rb+") as f:
            os.fsync(f.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if something appeared at path meanwhile
            except FileExistsError:
                raise TargetExists(f"{path.name} already exists") from None
            except OSError:
                os.replace(tmp, path)  # file systems without hard links
    finally:
        tmp.unlink(missing_ok=True)
        _temp_end(tmp)
    _fsync_dir(folder)
    return path
