"""A form definition and its values as printed pages (reportlab platypus; no Qt).

The same definition that drives the screen lays out the paper: one heading per section,
a label / value grid for fields, a ruled table for table fields. Every page carries the
protective marking at top and bottom, the title, the reference, who printed it and when,
and "Page N of M". With ``invariant=True`` the PDF bytes depend only on the input.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from rrdesk.documents.frame import (
    BODY_WIDTH,
    EMPTY,
    FONTS_DIR,
    GRID,
    MARKING,
    SHADE,
    Decoration,
    PrintInfo,
    build_pdf,
    register_fonts,
    styles,
)
from rrdesk.documents.frame import para as _para
from rrdesk.forms.model import LONG_TEXT, TABLE, Field, FormDefinition
from rrdesk.forms.values import display_text

__all__ = ["FONTS_DIR", "MARKING", "PrintInfo", "form_flowables", "register_fonts",
           "render_pdf", "write_pdf"]


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


def render_pdf(definition: FormDefinition, values: Mapping[str, Any], info: PrintInfo,
               person_label: Callable[[Any], str] | None = None,
               invariant: bool = False) -> bytes:
    """The whole record as PDF bytes."""
    st = styles()
    title = definition.title
    story: list[Flowable] = [_para(title, st["title"])]
    lines = [f"Reference {info.reference} · form {definition.form_id}, "
             f"version {definition.version}"]
    if info.subject:
        lines.insert(0, info.subject)
    story += [_para(line, st["small"]) for line in lines]
    story.append(Spacer(1, 4))
    story += form_flowables(definition, values, person_label, BODY_WIDTH)
    return build_pdf(story, Decoration(title, info), invariant=invariant)


def write_pdf(out: Path | BinaryIO, definition: FormDefinition, values: Mapping[str, Any],
              info: PrintInfo, person_label: Callable[[Any], str] | None = None,
              invariant: bool = False) -> None:
    """The whole record as a PDF at ``out`` (a path or a binary file object)."""
    data = render_pdf(definition, values, info, person_label, invariant)
    if isinstance(out, Path):
        out.write_bytes(data)
    else:
        out.write(data)
