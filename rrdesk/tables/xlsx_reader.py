"""The cells of one sheet of an XLSX workbook, read straight from its XML parts.

openpyxl (even read-only) builds a Python object per cell and a rich-text object per shared
string: 50,000 cases took about 6 s to read. A worksheet is a zip of XML parts; this walks
them with ElementTree's C parser and gives each row's values as openpyxl's ``values_only``
does (text, int, float, bool, dates for date-formatted numbers, the text of an error such as
``#N/A``), about five times faster. What it reads: the workbook's active sheet (the first
worksheet when that is not one), shared and inline strings (rich text joined, phonetic runs
left out, ``_xHHHH_`` escapes decoded), the 1900 and 1904 date systems. Formulas are not
evaluated: a formula cell gives the value the spreadsheet saved with it, and one saved with
none (written by a program, never opened in a spreadsheet) is listed in
``Sheet.uncalculated`` so an importer can refuse it instead of reading it as empty.

Any malformed part raises ``XlsxDamaged``; a part that declares a DTD (the way to entity
expansion tricks) is refused as damaged too.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import XMLPullParser, fromstring

_MAIN_NS = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            "http://purl.oclc.org/ooxml/spreadsheetml/main")  # transitional, strict
_REL_NS = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
           "http://purl.oclc.org/ooxml/officeDocument/relationships")
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")
_CHUNK = 1 << 16


class XlsxDamaged(Exception):
    """The workbook cannot be read (a part missing or not well-formed XML)."""


@dataclass
class Sheet:
    """One worksheet: its name, its size as the sheet states it, and its rows on demand."""

    title: str
    max_row: int  # from the sheet's dimension; 0 when it states none
    uncalculated: list[tuple[int, int]] = field(default_factory=list)  # (row, column)
    _zip: zipfile.ZipFile | None = None
    _part: str = ""
    _strings: list[str] = field(default_factory=list)
    _date_styles: dict[int, bool] = field(default_factory=dict)  # style -> is a duration
    _epoch: dt.datetime = dt.datetime(1899, 12, 30)

    def rows(self) -> Iterator[tuple[int, list[object]]]:
        """(row number, values by column from A) for every row written in the sheet.

        Columns with no cell give None. ``uncalculated`` fills as rows are read."""
        assert self._zip is not None
        data = self._zip.read(self._part)
        if b"<!DOCTYPE" in data[:_CHUNK] or b"<!ENTITY" in data[:_CHUNK]:
            raise XlsxDamaged("a DTD in a workbook part")
        split = _split_rows(data)
        if split is None:
            yield from self._rows_streamed(data)
            return
        self.max_row, tags, chunks = split
        reader = _RowReader(self, tags)
        for chunk in chunks:
            try:
                parent = fromstring(chunk)
            except SyntaxError as e:  # ParseError
                raise XlsxDamaged("not well-formed XML") from e
            for row in parent:
                if row.tag == reader.row_tag:
                    yield reader.read(row)

    def _rows_streamed(self, data: bytes) -> Iterator[tuple[int, list[object]]]:
        """The slower way, element by element: for a sheet with comments, CDATA or
        processing instructions among its rows, where cutting the text is not safe."""
        reader: _RowReader | None = None
        dim_tag = ""
        for _event, element in _parse_bytes(data):
            tag = element.tag
            if reader is None:
                if tag[0] == "{" and tag[1:tag.index("}")] in _MAIN_NS:
                    ns = tag[:tag.index("}") + 1]
                    reader, dim_tag = _RowReader(self, ns), ns + "dimension"
                else:
                    continue
            if tag == reader.row_tag:
                yield reader.read(element)
                element.clear()
            elif tag == dim_tag:
                self.max_row = _dimension_rows(element.get("ref", ""))


class _RowReader:
    """Turns ``row`` elements into (row number, values), as openpyxl's values_only would."""

    def __init__(self, sheet: Sheet, ns: str) -> None:
        self.sheet = sheet
        self.row_tag, self.c_tag, self.v_tag, self.f_tag = ns + "row", ns + "c", ns + "v", ns + "f"
        self.is_tag, self.t_tag, self.r_tag = ns + "is", ns + "t", ns + "r"
        self.columns: dict[str, int] = {}
        self.row_number = 0

    def read(self, element) -> tuple[int, list[object]]:  # noqa: ANN001 - an Element, C10901
        sheet = self.sheet
        strings, date_styles, columns = sheet._strings, sheet._date_styles, self.columns
        c_tag, v_tag = self.c_tag, self.v_tag
        number = element.get("r")
        row_number = self.row_number = int(float(number)) if number else self.row_number + 1
        values: list[object] = []
        col = -1
        for cell in element:
            if cell.tag != c_tag:
                continue
            ref = cell.get("r")
            if ref:
                letters = ref.rstrip("0123456789")
                col = columns.get(letters, -1)
                if col < 0:
                    col = columns[letters] = _column_index(letters)
            else:
                col += 1
            kind = cell.get("t", "n")
            v = cell[0] if len(cell) == 1 else cell.find(v_tag)  # usually its only child
            if v is not None and v.tag != v_tag:
                v = None
            text = v.text if v is not None else None
            value: object = None
            if kind == "s" and text:
                value = strings[int(text)]
            elif kind == "inlineStr":
                inline = cell.find(self.is_tag)
                if inline is not None:
                    value = _decode(_string_of(inline, self.t_tag, self.r_tag))
            elif not text:
                # A formula saved with no value (``<v/>`` or none; a text result of ""
                # is saved as type "str"): its result is not in the file.
                if kind != "str" and cell.find(self.f_tag) is not None:
                    sheet.uncalculated.append((row_number, col))
            elif kind == "s":
                value = strings[int(text)]
            elif kind == "n":
                value = float(text) if ("." in text or "e" in text or "E" in text) \
                    else int(text)
                style = cell.get("s")
                if style and int(style) in date_styles:
                    value = _from_serial(value, sheet._epoch, date_styles[int(style)])
            elif kind == "b":
                value = text.strip() not in ("0", "false")
            elif kind == "d":
                value = _from_iso(text)
            else:  # "str" (a formula's text), "e" (an error such as #N/A)
                value = text
            if value is None:
                continue
            if col >= len(values):
                values.extend([None] * (col + 1 - len(values)))
            values[col] = value
        return row_number, values


_SHEET_DATA = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?sheetData(\s[^>]*)?>")
_UNSAFE_TO_CUT = (b"<!--", b"<![CDATA[", b"<?")
_ROWS_PER_PARSE = 1 << 20  # bytes of rows parsed at a time


def _split_rows(data: bytes) -> tuple[int, str, Iterator[bytes]] | None:
    """The sheet's rows as pieces of text that each parse alone, cut after a row's end tag
    (ElementTree's C parser builds a piece at once, far faster than element events), with
    the sheet's stated row count and namespace; None when the text is not safe to cut."""
    found = _SHEET_DATA.search(data)
    if found is None or found.group(0).endswith(b"/>"):
        return None
    prefix = found.group(1) or b""
    qualified = prefix + b":" if prefix else b""
    end = data.find(b"</" + qualified + b"sheetData>", found.end())
    if end < 0:
        raise XlsxDamaged("the sheet's rows never end")
    body_start = found.end()
    if any(data.find(marker, body_start, end) >= 0 for marker in _UNSAFE_TO_CUT):
        return None
    # The namespaces in force: read from the start of the sheet up to its rows.
    declared: dict[str, str] = {}
    max_row = 0
    head = XMLPullParser(("start-ns", "end"))
    try:
        head.feed(data[:body_start])
        for event, item in head.read_events():
            if event == "start-ns":
                declared[item[0]] = item[1]
            elif item.tag.endswith("}dimension"):
                max_row = _dimension_rows(item.get("ref", ""))
    except SyntaxError as e:
        raise XlsxDamaged("not well-formed XML") from e
    ns = declared.get(prefix.decode("ascii"), "")
    if ns not in _MAIN_NS:
        return None
    attrs = "".join(f' xmlns{":" + p if p else ""}="{_quote(uri)}"' for p, uri in declared.items())
    opening = f"<{qualified.decode('ascii')}sheetData{attrs}>".encode()
    closing = b"</" + qualified + b"sheetData>"
    row_end = b"</" + qualified + b"row>"

    def pieces() -> Iterator[bytes]:
        pos = body_start
        while pos < end:
            cut = data.find(row_end, min(pos + _ROWS_PER_PARSE, end), end)
            cut = end if cut < 0 else cut + len(row_end)
            yield opening + data[pos:cut] + closing
            pos = cut

    return max_row, "{" + ns + "}", pieces()


def _quote(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def open_sheet(archive: zipfile.ZipFile) -> Sheet:
    """The sheet a spreadsheet shows first (the active one), ready to read."""
    try:
        workbook = _office_document(archive)
        rels = _relationships(archive, workbook)
        base = posixpath.dirname(workbook)
        root = _tree(archive, workbook)
        ns = root.tag[:root.tag.index("}") + 1] if root.tag[0] == "{" else ""
        pr = root.find(ns + "workbookPr")
        date1904 = pr is not None and pr.get("date1904", "0").lower() in ("1", "true")
        view = root.find(f"{ns}bookViews/{ns}workbookView")
        active = int(view.get("activeTab", "0")) if view is not None else 0
        sheets = []
        for sheet in root.iterfind(f"{ns}sheets/{ns}sheet"):
            rid = next((v for k, v in sheet.attrib.items()
                        if k.endswith("}id") and k[1:k.index("}")] in _REL_NS), None)
            kind, target = rels.get(rid or "", ("", ""))
            sheets.append((sheet.get("name", ""), kind.endswith("/worksheet"),
                           _resolve(base, target)))
        worksheets = [s for s in sheets if s[1]]
        if not worksheets:
            raise XlsxDamaged("no worksheet")
        title, _, part = sheets[active] if 0 <= active < len(sheets) and sheets[active][1] \
            else worksheets[0]
        by_kind = {kind.rsplit("/", 1)[-1]: _resolve(base, target)
                   for kind, target in rels.values()}
        strings = _shared_strings(archive, by_kind.get("sharedStrings"))
        date_styles = _date_styles(archive, by_kind.get("styles"))
    except XlsxDamaged:
        raise
    except (KeyError, ValueError, IndexError, AttributeError, zipfile.BadZipFile) as e:
        raise XlsxDamaged(type(e).__name__) from None
    epoch = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)  # openpyxl's
    return Sheet(title, 0, _zip=archive, _part=part, _strings=strings,
                 _date_styles=date_styles, _epoch=epoch)


# ---------------------------------------------------------------------------- parts
def _parse_bytes(data: bytes) -> Iterator[tuple[str, object]]:
    parser = XMLPullParser(("end",))
    try:
        for start in range(0, len(data), _CHUNK):
            parser.feed(data[start:start + _CHUNK])
            yield from parser.read_events()
        parser.close()
        yield from parser.read_events()
    except SyntaxError as e:  # ParseError
        raise XlsxDamaged("not well-formed XML") from e


def _parse(archive: zipfile.ZipFile, part: str, events: tuple[str, ...] = ("end",)
           ) -> Iterator[tuple[str, object]]:
    parser = XMLPullParser(events)
    try:
        with archive.open(part) as f:
            first = True
            while chunk := f.read(_CHUNK):
                if first and (b"<!DOCTYPE" in chunk or b"<!ENTITY" in chunk):
                    raise XlsxDamaged("a DTD in a workbook part")
                first = False
                parser.feed(chunk)
                yield from parser.read_events()
        parser.close()
        yield from parser.read_events()
    except SyntaxError as e:  # ParseError
        raise XlsxDamaged("not well-formed XML") from e


def _tree(archive: zipfile.ZipFile, part: str):  # noqa: ANN202 - an Element
    root = None
    for _event, element in _parse(archive, part):
        root = element
    if root is None:
        raise XlsxDamaged(f"{part} is empty")
    return root


def _office_document(archive: zipfile.ZipFile) -> str:
    names = set(archive.namelist())
    if "_rels/.rels" in names:
        for rel in _tree(archive, "_rels/.rels").iter(_PKG_REL + "Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                part = _resolve("", rel.get("Target", ""))
                if part in names:
                    return part
    return "xl/workbook.xml"


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in archive.namelist():
        return {}
    return {rel.get("Id", ""): (rel.get("Type", ""), rel.get("Target", ""))
            for rel in _tree(archive, rels).iter(_PKG_REL + "Relationship")}


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base, target))


def _shared_strings(archive: zipfile.ZipFile, part: str | None) -> list[str]:
    if not part or part not in archive.namelist():
        return []
    strings: list[str] = []
    si_tag = t_tag = r_tag = ""
    for _event, element in _parse(archive, part):
        tag = element.tag
        if not si_tag:
            if not tag.endswith("}si") and tag != "si":
                continue
            ns = tag[:-2]
            si_tag, t_tag, r_tag = ns + "si", ns + "t", ns + "r"
        if tag == si_tag:
            strings.append(_decode(_string_of(element, t_tag, r_tag)))
            element.clear()
    return strings


def _string_of(element, t_tag: str, r_tag: str) -> str:  # noqa: ANN001 - an Element
    """The text of a string item: its own ``t``, or its rich-text runs joined."""
    parts = []
    for child in element:
        if child.tag == t_tag:
            parts.append(child.text or "")
        elif child.tag == r_tag:
            t = child.find(t_tag)
            if t is not None:
                parts.append(t.text or "")
    return "".join(parts)


def _decode(text: str) -> str:
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _date_styles(archive: zipfile.ZipFile, part: str | None) -> dict[int, bool]:
    """Cell style index -> True for a duration format, False for a date or time format."""
    if not part or part not in archive.namelist():
        return {}
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

    root = _tree(archive, part)
    ns = root.tag[:root.tag.index("}") + 1] if root.tag[0] == "{" else ""
    formats = dict(BUILTIN_FORMATS)
    for fmt in root.iterfind(f"{ns}numFmts/{ns}numFmt"):
        formats[int(fmt.get("numFmtId", "-1"))] = fmt.get("formatCode", "")
    styles: dict[int, bool] = {}
    for index, xf in enumerate(root.iterfind(f"{ns}cellXfs/{ns}xf")):
        code = formats.get(int(xf.get("numFmtId", "0")), "")
        if code and is_date_format(code):
            styles[index] = bool(is_timedelta_format(code))
    return styles


# ---------------------------------------------------------------------------- values
def _column_index(letters: str) -> int:
    """"A" -> 0, "AB" -> 27."""
    if not letters or len(letters) > 3 or not letters.isalpha():
        raise XlsxDamaged("a cell reference that is not one")
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index - 1


def _dimension_rows(ref: str) -> int:
    last = ref.split(":")[-1]
    digits = last.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz$").replace("$", "")
    return int(digits) if digits.isdigit() else 0


def _from_serial(value: float, epoch: dt.datetime, duration: bool) -> object:
    """A date-formatted number as openpyxl gives it (outside the calendar: "#VALUE!")."""
    from openpyxl.utils.datetime import from_excel

    try:
        return from_excel(value, epoch, timedelta=duration)
    except (OverflowError, ValueError):
        return "#VALUE!"


def _from_iso(text: str) -> object:
    from openpyxl.utils.datetime import from_ISO8601

    try:
        return from_ISO8601(text)
    except (ValueError, TypeError):
        raise XlsxDamaged("a date cell that is not a date") from None
