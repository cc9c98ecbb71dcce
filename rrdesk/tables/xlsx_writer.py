"""One-sheet XLSX workbooks built in memory, never through a temporary file.

openpyxl's write-only mode streams the rows to a file in ``$TMPDIR`` (in clear) and its
normal mode builds an object per cell (50,000 cases took 28 s). A workbook of text cells is
a zip of a few XML parts: this writes them directly (shared strings, so each distinct text
is escaped and stored once), compressed in memory, about ten times faster. Every cell is
text: "=SUM(A1)" or "0123" is never a formula or a number. The marking goes into the page
header and footer and the document properties.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

MARKING = "OFFICIAL-SENSITIVE"
PROGRESS_EVERY = 1_000  # rows between two progress reports
_FLUSH_EVERY = 2_000  # rows of XML kept before they are compressed

# Characters XML 1.0 cannot hold: a workbook with one of them cannot be opened again.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Spreadsheets read "_x0041_" in a string as the character it names; a literal one is
# written with its underscore escaped, so it reads back as typed.
_ESCAPE_LIKE = re.compile("_(x[0-9A-Fa-f]{4}_)")

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass(frozen=True)
class SheetInfo:
    """What a written workbook says about itself (title, author) besides its cells."""

    title: str
    sheet: str = "Sheet1"
    author: str = ""
    marking: str = MARKING


class UnstorableText(ValueError):
    """A cell holds characters a spreadsheet cannot store."""


def column_letter(col: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how spreadsheets name columns."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(text: str) -> str:
    return _xml(text).replace('"', "&quot;")


def _string_item(text: str) -> str:
    # A character a spreadsheet cannot store (a control character saved before imports
    # refused them) is shown as U+FFFD, so the rest of the caseload still exports.
    text = NOT_XML.sub("\ufffd", text)
    if "_x" in text:
        text = _ESCAPE_LIKE.sub(r"_x005F_\1", text)
    body = _xml(text).replace("\r", "&#13;")
    if text != text.strip() or "\n" in text or "\r" in text:
        return f'<si><t xml:space="preserve">{body}</t></si>'
    return f"<si><t>{body}</t></si>"


def _header_text(text: str) -> str:
    return text.replace("&", "&&")  # "&" starts a code in a page header


def build_xlsx(headings: Sequence[str], rows: Iterable[Sequence[str]], info: SheetInfo, *,
               widths: Sequence[int] | None = None, total: int = 0,
               progress: Callable[[int, int], None] | None = None,
               now: dt.datetime | None = None) -> bytes:
    """The whole workbook as bytes: bold headings (frozen, repeated on every printed page),
    wrapped text, landscape fitted to the page width, the marking on every page.

    ``progress`` (a ``Progress``) hears (rows done, ``total``) every thousand rows; an
    exception from it (``Cancelled``) stops the build with nothing written anywhere.
    Characters no spreadsheet could open again are written as U+FFFD.
    """
    strings: dict[str, int] = {}
    items: list[str] = []
    longest = [len(h) for h in headings]
    refs = [column_letter(c) for c in range(max(len(headings), 1))]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        cells = 0
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet_rows: list[str] = []

            def add_row(number: int, texts: Sequence[str], style: str) -> None:
                nonlocal cells
                parts = [f'<row r="{number}">']
                for c, text in enumerate(texts):
                    if text is None or text == "":
                        continue
                    text = str(text)
                    index = strings.get(text)
                    if index is None:
                        items.append(_string_item(text))
                        index = strings[text] = len(strings)
                    if c >= len(refs):
                        refs.extend(column_letter(i) for i in range(len(refs), c + 1))
                        longest.extend([0] * (c + 1 - len(longest)))
                    size = len(text) if "\n" not in text else max(map(len, text.split("\n")))
                    if size > longest[c]:
                        longest[c] = size
                    parts.append(f'<c r="{refs[c]}{number}"{style} t="s"><v>{index}</v></c>')
                    cells += 1
                parts.append("</row>")
                sheet_rows.append("".join(parts))

            started = False

            def flush() -> None:
                nonlocal started
                if not started:  # column widths from the rows seen so far
                    sheet.write(_sheet_start(refs, longest, widths).encode("utf-8"))
                    started = True
                sheet.write("".join(sheet_rows).encode("utf-8"))
                sheet_rows.clear()

            add_row(1, list(headings), ' s="1"')
            for number, row in enumerate(rows, start=2):
                add_row(number, row, "")
                if number % _FLUSH_EVERY == 0:
                    flush()
                if progress is not None and (number - 1) % PROGRESS_EVERY == 0:
                    progress(number - 1, total)
            flush()
            sheet.write(_sheet_end(info).encode("utf-8"))
        z.writestr("xl/sharedStrings.xml", (
            f'{_HEAD}<sst xmlns="{_MAIN}" count="{cells}" uniqueCount="{len(items)}">'
            + "".join(items) + "</sst>").encode("utf-8"))
        z.writestr("xl/workbook.xml", _workbook(info))
        for name, text in _fixed_parts(info, now or dt.datetime.now(dt.UTC)).items():
            z.writestr(name, text)
    return buffer.getvalue()


def _sheet_start(refs: list[str], longest: list[int], widths: Sequence[int] | None) -> str:
    """Up to the rows. Column widths come from the first rows (all of them in a short
    sheet): wide enough for their text, between 8 and 60 characters, unless given."""
    cols = []
    for c in range(len(refs)):
        width = (widths[c] if widths and c < len(widths)
                 else min(max(longest[c] if c < len(longest) else 0, 8), 60) + 2)
        cols.append(f'<col min="{c + 1}" max="{c + 1}" width="{width}" customWidth="1"/>')
    return (f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            '<sheetViews><sheetView workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
            '</sheetView></sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/>'
            f'<cols>{"".join(cols)}</cols><sheetData>')


def _sheet_end(info: SheetInfo) -> str:
    title, marking = _xml(_header_text(info.title)), _xml(_header_text(info.marking))
    header = f'&amp;L{title}&amp;C&amp;"Arial,Bold"{marking}'
    footer = f'&amp;C&amp;"Arial,Bold"{marking}&amp;RPage &amp;P of &amp;N'
    return ('</sheetData>'
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
            'footer="0.3"/>'
            '<pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
            f'<headerFooter><oddHeader>{header}</oddHeader><oddFooter>{footer}</oddFooter>'
            f'<evenHeader>{header}</evenHeader><evenFooter>{footer}</evenFooter>'
            f'<firstHeader>{header}</firstHeader><firstFooter>{footer}</firstFooter>'
            '</headerFooter></worksheet>')


def _sheet_name(info: SheetInfo) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", info.sheet)[:31].strip("'") or "Sheet1"
    return name


def _workbook(info: SheetInfo) -> str:
    name = _sheet_name(info)
    quoted = "'" + name.replace("'", "''") + "'"
    return (f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            '<bookViews><workbookView/></bookViews>'
            f'<sheets><sheet name="{_attr(name)}" sheetId="1" r:id="rId1"/></sheets>'
            '<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">'
            f'{_xml(quoted)}!$1:$1</definedName></definedNames></workbook>')


def _fixed_parts(info: SheetInfo, now: dt.datetime) -> dict[str, str]:
    stamp = now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    author = _xml(info.author or "rrdesk")
    marking = _xml(info.marking)
    sml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    return {
        "[Content_Types].xml": (
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{sml}.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{sml}.worksheet+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{sml}.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            f'ContentType="{sml}.sharedStrings+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'),
        "_rels/.rels": (
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
            'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_REL}/extended-properties" '
            'Target="docProps/app.xml"/></Relationships>'),
        "xl/_rels/workbook.xml.rels": (
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId3" Type="{_REL}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>'),
        "xl/styles.xml": (
            f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
            '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/>'
            '</font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
            '</fonts><fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
            'borderId="0"/></cellStyleXfs><cellXfs count="2">'
            '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" '
            'applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
            '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" '
            'applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            '</cellStyles></styleSheet>'),
        "docProps/core.xml": (
            f'{_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/'
            '2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{_xml(info.title)}</dc:title><dc:subject>{marking}</dc:subject>'
            f'<dc:creator>{author}</dc:creator><cp:keywords>{marking}</cp:keywords>'
            f'<cp:lastModifiedBy>{author}</cp:lastModifiedBy>'
            f'<cp:category>{marking}</cp:category>'
            f'<cp:contentStatus>{marking}</cp:contentStatus>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            '</cp:coreProperties>'),
        "docProps/app.xml": (
            f'{_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/'
            '2006/extended-properties"><Application>rrdesk</Application></Properties>'),
    }
