"""A form definition and its values as printed pages (reportlab platypus; no Qt).

The same definition that drives the screen lays out the paper: one heading per section,
a label / value grid for fields, a ruled table for table fields. Every page carries the
protective marking at top and bottom, the title, the reference, who printed it and when,
and "Page N of M". With ``invariant=True`` the PDF bytes depend only on the input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
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
    Flowable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from rrdesk.forms.model import LONG_TEXT, TABLE, Field, FormDefinition
from rrdesk.forms.values import display_text

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
MARKING = "OFFICIAL-SENSITIVE"
EMPTY = "—"
FONTS_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"
PAGE = A4
MARGIN = 18 * mm
GRID = colors.HexColor("#9aa3ad")
SHADE = colors.HexColor("#e8ecf0")
# Platypus frames keep 6 pt of padding each side; tables sized to this width line up with text.
BODY_WIDTH = PAGE[0] - 2 * MARGIN - 12


@dataclass
class PrintInfo:
    reference: str  # the record or meeting reference printed on every page
    printed_by: str
    printed_at: dt.datetime
    subject: str = ""  # the person, when the record is about one
    marking: str = MARKING


def register_fonts() -> None:
    """Embed DejaVu Sans (full Unicode: Zoë, Łukasiewicz, Siân print as written)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(FONTS_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONTS_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                  boldItalic=FONT_BOLD)


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, alignment=TA_LEFT)
    return {
        "body": base,
        "label": ParagraphStyle("label", parent=base, fontName=FONT_BOLD),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "cellhead": ParagraphStyle("cellhead", parent=base, fontName=FONT_BOLD, fontSize=8.5,
                                   leading=10.5),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=16,
                                leading=20, spaceAfter=4),
        # keepWithNext: a heading or a table's label never ends a page alone.
        "section": ParagraphStyle("section", parent=base, fontName=FONT_BOLD, fontSize=11.5,
                                  leading=15, spaceBefore=10, spaceAfter=4, keepWithNext=1,
                                  textColor=colors.HexColor("#1f3b57")),
        "empty": ParagraphStyle("empty", parent=base, spaceAfter=5),
        "tablelabel": ParagraphStyle("tablelabel", parent=base, fontName=FONT_BOLD,
                                     spaceBefore=5, spaceAfter=2, keepWithNext=1),
    }


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    # Escape first: a value is text, never markup; keep the line breaks a person typed.
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _value(f: Field, value: Any, person_label) -> str:
    return display_text(f, value, person_label) or EMPTY


def _table_field(f: Field, rows: Any, st: dict, width: float, person_label) -> list[Flowable]:
    out: list[Flowable] = [_para(f.label, st["tablelabel"])]
    rows = [r for r in rows or [] if isinstance(r, Mapping)]
    if not rows:
        out.append(_para("None recorded", st["empty"]))
        return out
    data = [[_para(c.label, st["cellhead"]) for c in f.columns]]
    data += [[_para(_value(c, row.get(c.id), person_label), st["cell"]) for c in f.columns]
             for row in rows]
    weights = [3.0 if c.type in (LONG_TEXT, "text") else 1.6 for c in f.columns]
    total = sum(weights)
    table = Table(data, colWidths=[width * w / total for w in weights], repeatRows=1,
                  hAlign="LEFT")
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    table.spaceAfter = 5
    out.append(table)
    return out


def form_flowables(definition: FormDefinition, values: Mapping[str, Any],
                   person_label: Callable[[Any], str] | None = None,
                   width: float = BODY_WIDTH) -> list[Flowable]:
    """The sections of ``definition`` filled with ``values`` (for a document of one's own,
    or a section of a meeting pack)."""
    st = styles()
    story: list[Flowable] = []
    label_width = width * 0.34
    for section in definition.sections:
        heading = _para(section.title, st["section"])
        grid: list[list[Flowable]] = []
        blocks: list[Flowable] = []

        def flush_grid(grid: list[list[Flowable]] = grid, blocks: list[Flowable] = blocks
                       ) -> None:
            # One small table per field, so a long section breaks between fields and its
            # heading (keepWithNext) stays with its first field, not the whole section.
            for row in grid:
                table = Table([row], colWidths=[label_width, width - label_width],
                              hAlign="LEFT")
                table.setStyle(TableStyle([
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.3, GRID),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]))
                blocks.append(table)
            grid.clear()

        for f in section.fields:
            if f.type == TABLE:
                flush_grid()
                blocks.extend(_table_field(f, values.get(f.id), st, width, person_label))
            else:
                grid.append([_para(f.label, st["label"]),
                             _para(_value(f, values.get(f.id), person_label), st["body"])])
        flush_grid()
        story.append(heading)
        story.extend(blocks)
    return story


class _NumberedCanvas(rl_canvas.Canvas):
    """Draws header and footer after the last page, when M in "Page N of M" is known."""

    info: PrintInfo
    title: str

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._decorate(number, total)
            super().showPage()
        super().save()

    def _decorate(self, number: int, total: int) -> None:
        info, (width, height) = self.info, PAGE
        self.saveState()
        self.setFillColor(colors.black)
        self.setFont(FONT_BOLD, 10)
        self.drawCentredString(width / 2, height - 10 * mm, info.marking)
        self.drawCentredString(width / 2, 7 * mm, info.marking)
        self.setFont(FONT, 8)
        self.drawString(MARGIN, height - 14.5 * mm, self.title)
        self.drawRightString(width - MARGIN, height - 14.5 * mm, f"Ref. {info.reference}")
        self.setStrokeColor(GRID)
        self.line(MARGIN, height - 16 * mm, width - MARGIN, height - 16 * mm)
        self.line(MARGIN, 14.5 * mm, width - MARGIN, 14.5 * mm)
        printed = info.printed_at.strftime("%d/%m/%Y %H:%M")
        self.drawString(MARGIN, 11 * mm, f"Printed {printed} by {info.printed_by}")
        self.drawRightString(width - MARGIN, 11 * mm, f"Page {number} of {total}")
        self.restoreState()


def write_pdf(out: Path | BinaryIO, definition: FormDefinition, values: Mapping[str, Any],
              info: PrintInfo, person_label: Callable[[Any], str] | None = None,
              invariant: bool = False) -> None:
    """The whole record as a PDF at ``out`` (a path or a binary file object)."""
    st = styles()
    title = definition.title
    target = str(out) if isinstance(out, Path) else out
    doc = SimpleDocTemplate(target, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN + 4 * mm, bottomMargin=MARGIN + 2 * mm,
                            title=f"{title} ({info.marking})", author=info.printed_by,
                            subject=info.marking, creator="rrdesk", invariant=int(invariant))
    story: list[Flowable] = [_para(title, st["title"])]
    lines = [f"Reference {info.reference} · form {definition.form_id}, "
             f"version {definition.version}"]
    if info.subject:
        lines.insert(0, info.subject)
    story += [_para(line, st["small"]) for line in lines]
    story.append(Spacer(1, 4))
    story += form_flowables(definition, values, person_label, BODY_WIDTH)

    class Canvas(_NumberedCanvas):
        pass

    Canvas.info, Canvas.title = info, title
    doc.build(story, canvasmaker=Canvas)
