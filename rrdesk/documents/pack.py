"""The meeting pack: cover, agenda, then for each case a summary, its current RMP, the
outstanding actions, the last minutes of that case and the agency reports chosen for it.

Agency reports are PDFs of their own: each page is shrunk onto an A4 page inside the pack's
frame and stamped with the same marking, title, reference and "Page N of M" as the pages
around it (M counts the whole pack).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Flowable, PageBreak, Spacer

from rrdesk.documents.frame import (
    FONT,
    GRID,
    MARGIN,
    PAGE,
    Decoration,
    NumberedCanvas,
    PrintInfo,
    build_pdf,
    decorate,
    heading,
    label_rows,
    para,
    ruled_table,
    text_or_empty,
)
from rrdesk.documents.minutes import meeting_lines, review_story
from rrdesk.documents.model import AgencyReport, PackCase, PackDoc, RmpAction
from rrdesk.documents.rmp import ACTION_WEIGHTS, person_summary, rmp_body

PACK_TITLE = "MAPPA meeting pack"
# Where an attached page goes: between the header and footer bands of the frame.
SLOT_TOP = 20 * mm
SLOT_BOTTOM = 19 * mm
SLOT_SIDE = 10 * mm


class ReportUnreadable(ValueError):
    """An agency report that is not a PDF this pack can read (named in the message)."""


@dataclass
class _Attached:
    case_index: int
    report: AgencyReport
    pages: list  # pypdf PageObject


class _Mark(Flowable):
    """Invisible: notes on which page a case's section ends (its reports follow that page)."""

    def __init__(self, anchors: dict[int, int], key: int) -> None:
        super().__init__()
        self.anchors, self.key = anchors, key
        self.width = self.height = 0

    def wrap(self, _w: float, _h: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.anchors[self.key] = self.canv.getPageNumber()


def _read_reports(doc: PackDoc) -> list[_Attached]:
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError

    out = []
    for index, case in enumerate(doc.cases):
        for report in case.reports:
            try:
                reader = PdfReader(io.BytesIO(report.pdf))
                if reader.is_encrypted and not reader.decrypt(""):
                    raise ReportUnreadable(f"the report {report.title!r} ({report.agency}) "
                                           "is password-protected")
                # Pages held by a writer of their own can be rotated upright in place.
                pages = list(PdfWriter(clone_from=reader).pages)
                for page in pages:
                    page.transfer_rotation_to_content()
            except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as e:
                if isinstance(e, ReportUnreadable):
                    raise
                raise ReportUnreadable(f"the report {report.title!r} ({report.agency}) "
                                       "is not a readable PDF") from None
            if not pages:
                raise ReportUnreadable(f"the report {report.title!r} ({report.agency}) "
                                       "has no pages")
            out.append(_Attached(index, report, pages))
    return out


def _outstanding(actions: Sequence[RmpAction]) -> Flowable:
    return ruled_table(["Heading", "Action", "Owner", "Agency", "Due date", "Status"],
                       [(a.heading, a.what, a.owner, a.agency, a.due, a.status)
                        for a in actions], [1.9, *ACTION_WEIGHTS[:3], ACTION_WEIGHTS[3], 1.3])


def case_story(number: int, case: PackCase, attached: Sequence[_Attached]) -> list[Flowable]:
    story: list[Flowable] = [para(f"{number}. {case.person.name} ({case.reference})", "part")]
    story += heading("Summary")
    story += person_summary(case.person)
    story += heading("Pathway needs", "tablelabel")
    if case.needs:
        story.append(ruled_table(["Pathway", "Need", "Notes", "Assessed"],
                                 [(n.pathway, n.need, n.notes, n.assessed_on)
                                  for n in case.needs], [2.6, 1.2, 4.4, 1.6]))
    else:
        story.append(para("No needs assessed.", "empty"))
    story += heading("Current Risk Management Plan")
    if case.rmp is not None:
        story += rmp_body(case.rmp, "tablelabel")
    else:
        story.append(para("No plan yet.", "empty"))
    story += heading("Outstanding actions")
    if case.outstanding:
        story.append(_outstanding(case.outstanding))
    else:
        story.append(para("None.", "empty"))
    if case.last_review is not None:
        story += heading(f"Last minutes of this case (meeting of "
                         f"{text_or_empty(case.last_review_date)})")
        story += review_story(case.last_review, None,
                              include=lambda key: key != "person", titled=False)
    else:
        story += heading("Last minutes of this case")
        story.append(para("This case has not been reviewed before.", "empty"))
    if attached:
        story += heading("Agency reports (they follow this page)")
        story.append(ruled_table(["Report", "Agency", "Pages"],
                                 [(a.report.title, a.report.agency, str(len(a.pages)))
                                  for a in attached], [5, 3, 1]))
    return story


def pack_story(doc: PackDoc, attached: Sequence[_Attached], anchors: dict[int, int]
               ) -> list[Flowable]:
    m = doc.meeting
    story: list[Flowable] = [para(PACK_TITLE, "cover"),
                             para(f"{m.level + ' ' if m.level else ''}meeting of "
                                  f"{text_or_empty(m.date)}"
                                  + (f" at {m.time}" if m.time else ""), "part"),
                             Spacer(1, 6)]
    story += meeting_lines(m)
    story += [Spacer(1, 10), para(
        "This pack is OFFICIAL-SENSITIVE. It is for the people invited to this meeting "
        "only: keep it secure, do not copy it, and return or destroy it after the "
        "meeting.", "note")]
    story += heading("Contents", "tablelabel")
    story += label_rows([(f"{i}. {c.reference}", c.person.name)
                         for i, c in enumerate(doc.cases, start=1)])
    story.append(PageBreak())
    story.append(para("Agenda", "title"))
    if doc.agenda:
        if any(a.time for a in doc.agenda):
            story.append(ruled_table(["Time", "Case", "Name", "Review"],
                                     [(a.time, a.reference, a.name, a.review_type)
                                      for a in doc.agenda], [1.2, 1.6, 5, 1.6]))
        else:  # no times set: no column of dashes
            story.append(ruled_table(["Case", "Name", "Review"],
                                     [(a.reference, a.name, a.review_type)
                                      for a in doc.agenda], [1.6, 6.2, 1.6]))
    else:
        story.append(para("No case is on the agenda yet.", "empty"))
    if doc.attendees:
        story += heading("Invited")
        story.append(ruled_table(["Name", "Role", "Agency"],
                                 [(a.name, a.role, a.agency) for a in doc.attendees],
                                 [3, 3, 3]))
    for index, case in enumerate(doc.cases):
        mine = [a for a in attached if a.case_index == index]
        story.append(PageBreak())
        story += case_story(index + 1, case, mine)
        if mine:
            story.append(_Mark(anchors, index))
    return story


def render_pack(doc: PackDoc, info: PrintInfo, invariant: bool = False) -> bytes:
    """``ReportUnreadable`` names an agency report that cannot be put in."""
    attached = _read_reports(doc)
    extra = sum(len(a.pages) for a in attached)
    anchors: dict[int, int] = {}
    deco = Decoration(PACK_TITLE, info)

    def inserted_before(index: int) -> int:
        return sum(len(a.pages) for a in attached
                   if anchors.get(a.case_index, 10**9) < index)

    class PackCanvas(NumberedCanvas):
        def printed_number(self, index: int) -> int:
            return index + inserted_before(index)

    data = build_pdf(pack_story(doc, attached, anchors), deco, invariant=invariant,
                     extra_pages=extra, canvas_class=PackCanvas)
    if not attached:
        return data
    return _with_reports(data, attached, anchors, deco, invariant)


def _with_reports(data: bytes, attached: Sequence[_Attached], anchors: dict[int, int],
                  deco: Decoration, invariant: bool) -> bytes:
    from pypdf import PdfReader, PdfWriter, Transformation

    own = PdfReader(io.BytesIO(data))
    total = len(own.pages) + sum(len(a.pages) for a in attached)
    # The stamps for every attached page, drawn in one go (same frame code as the pack).
    plan: list[tuple[int, _Attached, int]] = []  # (after own page, report, its page index)
    for a in sorted(attached, key=lambda a: anchors[a.case_index]):
        plan += [(anchors[a.case_index], a, k) for k in range(len(a.pages))]
    # An attached page follows its anchor page and every attached page before it.
    numbers = [after + seen for seen, (after, _a, _k) in enumerate(plan, start=1)]
    stamps_buf = io.BytesIO()
    c = rl_canvas.Canvas(stamps_buf, pagesize=PAGE, invariant=int(invariant))
    for (_after, a, k), number in zip(plan, numbers, strict=True):
        decorate(c, deco, number, total)
        c.setFont(FONT, 7.5)
        c.setFillColor(colors.HexColor("#44505c"))
        c.drawString(MARGIN, PAGE[1] - SLOT_TOP + 1.2 * mm,
                     f"Agency report: {a.report.title} ({a.report.agency}), "
                     f"page {k + 1} of {len(a.pages)}")
        x, y, w, h, _scale = _placement(a.pages[k])
        c.setStrokeColor(GRID)
        c.rect(x, y, w, h)
        c.showPage()
    c.save()
    stamps = PdfReader(io.BytesIO(stamps_buf.getvalue())).pages

    writer = PdfWriter()
    by_anchor: dict[int, list[int]] = {}
    for i, (after, _a, _k) in enumerate(plan):
        by_anchor.setdefault(after, []).append(i)
    for index, page in enumerate(own.pages, start=1):
        writer.add_page(page)
        for i in by_anchor.get(index, []):
            _after, a, k = plan[i]
            sheet = writer.add_blank_page(width=PAGE[0], height=PAGE[1])
            sheet.merge_transformed_page(a.pages[k], _fit(a.pages[k], Transformation))
            sheet.merge_page(stamps[i])
    writer.add_metadata({"/Title": f"{deco.title} ({deco.info.marking})",
                         "/Author": deco.info.printed_by, "/Subject": deco.info.marking,
                         "/Creator": "rrdesk", "/Producer": "rrdesk"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _placement(page) -> tuple[float, float, float, float, float]:  # noqa: ANN001
    """Where an attached page goes: scaled (never up) and centred in the frame's slot."""
    box = page.mediabox
    w, h = float(box.width), float(box.height)
    slot_w = PAGE[0] - 2 * SLOT_SIDE
    slot_h = PAGE[1] - SLOT_TOP - SLOT_BOTTOM - 3 * mm
    scale = min(slot_w / w, slot_h / h, 1.0)
    x = SLOT_SIDE + (slot_w - w * scale) / 2
    y = SLOT_BOTTOM + (slot_h - h * scale) / 2
    return x, y, w * scale, h * scale, scale


def _fit(page, transformation):  # noqa: ANN001, ANN202 - pypdf types, imported lazily
    box = page.mediabox
    x, y, _w, _h, scale = _placement(page)
    return (transformation().translate(-float(box.left), -float(box.bottom))
            .scale(scale, scale).translate(x, y))
