"""The page frame every rrdesk PDF shares (reportlab platypus; no Qt).

A4; the protective marking at top and bottom of every page, the document title, the meeting
or case reference, who printed it and when, "Page N of M"; an embedded DejaVu font so any
name prints as written; tables whose header row repeats on each page. With ``invariant``
the bytes depend only on the input (fixed creation date and document ID).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
MARKING = "OFFICIAL-SENSITIVE"
EMPTY = "—"
FONTS_DIR = Path(str(files("rrdesk") / "resources" / "fonts"))  # package data
PAGE = A4
MARGIN = 18 * mm
TOP_MARGIN = MARGIN + 4 * mm
BOTTOM_MARGIN = MARGIN + 2 * mm
GRID = colors.HexColor("#9aa3ad")
SHADE = colors.HexColor("#e8ecf0")
# Platypus frames keep 6 pt of padding each side; tables sized to this width line up with text.
BODY_WIDTH = PAGE[0] - 2 * MARGIN - 12


@dataclass
class PrintInfo:
    reference: str  # the record, meeting or case reference printed on every page
    printed_by: str
    printed_at: dt.datetime | dt.date  # a date alone prints without a time
    subject: str = ""  # the person, when the document is about one
    marking: str = MARKING


def register_fonts() -> None:
    """Embed DejaVu Sans (full Unicode: Zoë, Łukasiewicz, Siân print as written)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(FONTS_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONTS_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                  boldItalic=FONT_BOLD)


_STYLES: dict[str, ParagraphStyle] = {}


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    if _STYLES:
        return _STYLES
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, alignment=TA_LEFT)
    _STYLES.update({
        "body": base,
        "label": ParagraphStyle("label", parent=base, fontName=FONT_BOLD),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "cellhead": ParagraphStyle("cellhead", parent=base, fontName=FONT_BOLD, fontSize=8.5,
                                   leading=10.5),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=16,
                                leading=20, spaceAfter=4),
        "cover": ParagraphStyle("cover", parent=base, fontName=FONT_BOLD, fontSize=22,
                                leading=28, spaceBefore=60, spaceAfter=12),
        # keepWithNext: a heading or a table's label never ends a page alone.
        "section": ParagraphStyle("section", parent=base, fontName=FONT_BOLD, fontSize=11.5,
                                  leading=15, spaceBefore=10, spaceAfter=4, keepWithNext=1,
                                  textColor=colors.HexColor("#1f3b57")),
        "heading": ParagraphStyle("heading", parent=base, fontName=FONT_BOLD, fontSize=11.5,
                                  leading=15, spaceBefore=10, spaceAfter=4,
                                  textColor=colors.HexColor("#1f3b57")),
        "part": ParagraphStyle("part", parent=base, fontName=FONT_BOLD, fontSize=13.5,
                               leading=17, spaceBefore=14, spaceAfter=6, keepWithNext=1,
                               textColor=colors.HexColor("#1f3b57")),
        "empty": ParagraphStyle("empty", parent=base, spaceAfter=5),
        "note": ParagraphStyle("note", parent=base, spaceAfter=5, borderPadding=5,
                               borderColor=GRID, borderWidth=0.5, backColor=SHADE,
                               spaceBefore=4),
        "tablelabel": ParagraphStyle("tablelabel", parent=base, fontName=FONT_BOLD,
                                     spaceBefore=5, spaceAfter=2, keepWithNext=1),
    })
    return _STYLES


def para(text: str, style: ParagraphStyle | str = "body") -> Paragraph:
    """A paragraph of plain text: escaped (a value is text, never markup), line breaks kept."""
    if isinstance(style, str):
        style = styles()[style]
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def heading(text: str, style: str = "heading", room: float = 32 * mm) -> list[Flowable]:
    """A heading that starts a new page when less than ``room`` is left, so it never ends a
    page alone (keepWithNext would push a long table after it onto the next page whole)."""
    return [CondPageBreak(room), para(text, style)]


def text_or_empty(value: Any) -> str:
    if value is None:
        return EMPTY
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    text = str(value).strip()
    return text or EMPTY


DATE = "date"  # a column weight: just wide enough for dd/mm/yyyy
DATE_WIDTH = 56


def column_widths(weights: Sequence[float | str], width: float = BODY_WIDTH) -> list[float]:
    fixed = sum(DATE_WIDTH for w in weights if w == DATE)
    total = sum(w for w in weights if w != DATE)
    return [DATE_WIDTH if w == DATE else (width - fixed) * float(w) / total for w in weights]


CELL_PAD = 3


def _cell(text: str, style: ParagraphStyle, width: float) -> Paragraph | str:
    """Plain text when it fits on one line (drawn by the table itself, many times faster
    than a paragraph); a wrapping paragraph otherwise."""
    if "\n" not in text and pdfmetrics.stringWidth(text, style.fontName,
                                                    style.fontSize) <= width - 2 * CELL_PAD:
        return text
    return para(text, style)


def _plain_cell_style(first_row: int, font: str, style: ParagraphStyle) -> list[tuple]:
    return [("FONTNAME", (0, first_row), (-1, first_row if first_row == 0 else -1), font),
            ("FONTSIZE", (0, first_row), (-1, first_row if first_row == 0 else -1),
             style.fontSize),
            ("LEADING", (0, first_row), (-1, first_row if first_row == 0 else -1),
             style.leading)]


def ruled_table(headings: Sequence[str], rows: Sequence[Sequence[Any]],
                weights: Sequence[float | str], width: float = BODY_WIDTH) -> Table:
    """A grid with a shaded header row that repeats on every page the table runs onto.
    ``weights``: each column's share of the width, or ``DATE`` for a date column."""
    st = styles()
    widths = column_widths(weights, width)
    data = [[_cell(h, st["cellhead"], w) for h, w in zip(headings, widths, strict=True)]]
    data += [[_cell(text_or_empty(v), st["cell"], w) for v, w in zip(row, widths, strict=True)]
             for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        *_plain_cell_style(0, FONT_BOLD, st["cellhead"]),
        *_plain_cell_style(1, FONT, st["cell"]),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
    ]))
    table.spaceAfter = 5
    return table


def label_rows(pairs: Sequence[tuple[str, Any]], width: float = BODY_WIDTH) -> list[Flowable]:
    """Label / value lines, one small table each so a long list breaks between lines."""
    st = styles()
    label_width = width * 0.34
    out: list[Flowable] = []
    for label, value in pairs:
        table = Table([[_cell(label, st["label"], label_width),
                        _cell(text_or_empty(value), st["body"], width - label_width)]],
                      colWidths=[label_width, width - label_width], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (0, 0), FONT_BOLD),
            ("FONTNAME", (1, 0), (1, 0), FONT),
            ("FONTSIZE", (0, 0), (-1, -1), st["body"].fontSize),
            ("LEADING", (0, 0), (-1, -1), st["body"].leading),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, GRID),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]))
        out.append(table)
    return out


def printed_text(at: dt.datetime | dt.date) -> str:
    if isinstance(at, dt.datetime):
        return at.strftime("%d/%m/%Y %H:%M")
    return at.strftime("%d/%m/%Y")


@dataclass
class Decoration:
    """What the frame draws on every page."""

    title: str
    info: PrintInfo
    watermark: str = ""  # e.g. DRAFT, drawn large and diagonal


def decorate(canvas: rl_canvas.Canvas, deco: Decoration, number: int, total: int,
             size: tuple[float, float] = PAGE) -> None:
    """Marking top and bottom, title, reference, printed on / by, "Page N of M"."""
    info = deco.info
    width, height = size
    canvas.saveState()
    if deco.watermark:
        canvas.saveState()
        canvas.setFillColor(colors.HexColor("#c8ced6"))
        canvas.setFillAlpha(0.45)
        canvas.setFont(FONT_BOLD, 110)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(50)
        canvas.drawCentredString(0, -38, deco.watermark)
        canvas.restoreState()
    canvas.setFillColor(colors.black)
    canvas.setFont(FONT_BOLD, 10)
    canvas.drawCentredString(width / 2, height - 10 * mm, info.marking)
    canvas.drawCentredString(width / 2, 7 * mm, info.marking)
    canvas.setFont(FONT, 8)
    canvas.drawString(MARGIN, height - 14.5 * mm, _fit(deco.title, FONT, 8, width * 0.6))
    canvas.drawRightString(width - MARGIN, height - 14.5 * mm, f"Ref. {info.reference}")
    canvas.setStrokeColor(GRID)
    canvas.line(MARGIN, height - 16 * mm, width - MARGIN, height - 16 * mm)
    canvas.line(MARGIN, 14.5 * mm, width - MARGIN, 14.5 * mm)
    canvas.drawString(MARGIN, 11 * mm,
                      f"Printed {printed_text(info.printed_at)} by {info.printed_by}")
    canvas.drawRightString(width - MARGIN, 11 * mm, f"Page {number} of {total}")
    canvas.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


class NumberedCanvas(rl_canvas.Canvas):
    """Draws the frame after the last page, when M in "Page N of M" is known.

    ``extra_pages`` counts pages added after this document (attached reports in a pack),
    so M is the count of the whole file.
    """

    deco: Decoration
    extra_pages: int = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def printed_number(self, index: int) -> int:
        """The number page ``index`` (from 1) of this document carries in the whole file."""
        return index

    def save(self) -> None:
        total = len(self._pages) + self.extra_pages
        for index, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            decorate(self, self.deco, self.printed_number(index), total)
            super().showPage()
        super().save()


def _doc(out: Any, deco: Decoration, invariant: bool) -> SimpleDocTemplate:
    return SimpleDocTemplate(out, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
                             topMargin=TOP_MARGIN, bottomMargin=BOTTOM_MARGIN,
                             title=f"{deco.title} ({deco.info.marking})",
                             author=deco.info.printed_by, subject=deco.info.marking,
                             creator="rrdesk", invariant=int(invariant))


def build_pdf(story: list[Flowable], deco: Decoration, *, invariant: bool = False,
              extra_pages: int = 0, canvas_class: type[NumberedCanvas] = NumberedCanvas
              ) -> bytes:
    """The whole document in memory (nothing touches the disk until it is saved whole)."""
    out = io.BytesIO()

    class Canvas(canvas_class):  # type: ignore[valid-type, misc]
        pass

    Canvas.deco, Canvas.extra_pages = deco, extra_pages
    _doc(out, deco, invariant).build(story, canvasmaker=Canvas)
    return out.getvalue()
