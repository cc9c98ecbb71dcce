"""Minutes of a MAPPA meeting as PDF, and an extract of them for a third party.

In the order of the national minutes: meeting details, attendance and apologies, the
confidentiality and diversity statement, then each case review (the person, its sections,
the RMP actions under the four headings, the level decision and the next review date);
amendments and the distribution list at the end. Minutes not yet approved carry a large
diagonal DRAFT on every page.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from rrdesk.documents.frame import (
    DATE,
    Decoration,
    PrintInfo,
    build_pdf,
    heading,
    label_rows,
    para,
    printed_text,
    ruled_table,
    text_or_empty,
)
from rrdesk.documents.model import (
    MEETING_PARTS,
    CaseReview,
    ExtractDoc,
    Meeting,
    MinutesDoc,
)
from rrdesk.documents.rmp import licence_conditions, person_summary, rmp_action_tables

MINUTES_TITLE = "MAPPA meeting minutes"
EXTRACT_TITLE = "Extract of MAPPA meeting minutes"
DRAFT = "DRAFT"

Include = Callable[[str], bool]


def _all(_key: str) -> bool:
    return True


def meeting_lines(meeting: Meeting) -> list[Flowable]:
    pairs = [("Date", meeting.date), ("Time", meeting.time), ("Place", meeting.place),
             ("Level", meeting.level), ("Type of meeting", meeting.meeting_type),
             ("MAPPA area", meeting.area), ("Chair", meeting.chair),
             ("Minute taker", meeting.minute_taker)]
    return label_rows([(k, v) for k, v in pairs if k in ("Date", "Chair") or v])


def status_line(doc: MinutesDoc) -> str:
    if doc.approved:
        by = f" by {doc.approved_by}" if doc.approved_by else ""
        on = f" on {text_or_empty(doc.approved_on)}" if doc.approved_on else ""
        return f"Approved{by}{on}"
    return "Draft: not yet approved by the chair"


def attendance(doc: MinutesDoc) -> list[Flowable]:
    present = [a for a in doc.attendees if a.status.casefold() == "present"]
    away = [a for a in doc.attendees if a.status.casefold() != "present"]
    story = heading("Attendance")
    if present:
        story.append(ruled_table(["Name", "Role", "Agency"],
                                 [(a.name, a.role, a.agency) for a in present], [3, 3, 3]))
    else:
        story.append(para("No attendance recorded.", "empty"))
    story += heading("Apologies", "tablelabel")
    if away:
        story.append(ruled_table(["Name", "Role", "Agency", "Report sent"],
                                 [(a.name, a.role, a.agency,
                                   "Yes" if "report" in a.status.casefold() else "No")
                                  for a in away], [3, 3, 3, 1.2]))
    else:
        story.append(para("None.", "empty"))
    return story


def statement(doc: MinutesDoc) -> list[Flowable]:
    story = heading("Confidentiality and diversity statement")
    story.append(para(text_or_empty(doc.confidentiality_statement), "note"))
    story.append(para("Read at the start of the meeting and agreed by all present."
                      if doc.statement_agreed
                      else "Not recorded as read and agreed.", "small"))
    return story


def review_story(review: CaseReview, number: int | None, include: Include = _all,
                 titled: bool = True) -> list[Flowable]:
    """One case review: the person, its sections, RMP actions, level decision."""
    story: list[Flowable] = []
    if titled:
        title = f"{review.person.name} ({review.reference})"
        if number is not None:
            title = f"Case review {number}: {title}"
        story += heading(title, "part", room=80 * mm)
        story.append(para(f"{review.review_type} · reference {review.reference}", "small"))
    if include("person"):
        story += person_summary(review.person)
    for section in review.sections:
        if include(section.key):
            story += heading(section.title)
            story.append(para(text_or_empty(section.text), "body"))
    if include("rmp"):
        story += heading("Risk Management Plan")
        story += rmp_action_tables(review.actions, review.no_action_reasons)
        story += licence_conditions(review.licence_conditions)
    if include("level"):
        story += heading("Level decision and next review")
        story += label_rows([("Decision", review.level_decision),
                             ("Level from this meeting", review.new_level),
                             ("Reason", review.level_reason),
                             ("Dissent", review.dissent or "None recorded"),
                             ("Next review date", review.next_review)])
    story.append(Spacer(1, 8))
    return story


def amendments(doc: MinutesDoc) -> list[Flowable]:
    story = heading("Amendments")
    if not doc.amendments:
        return [*story, para("None.", "empty")]
    story.append(ruled_table(["Date", "By", "Reason", "Change"],
                             [(printed_text(a.at), a.by, a.reason, a.change)
                              for a in doc.amendments], [1.6, 1.8, 3.0, 3.6]))
    return story


def distribution(doc: MinutesDoc) -> list[Flowable]:
    story = heading("Distribution")
    if not doc.distribution:
        return [*story, para("Not yet distributed.", "empty")]
    story.append(ruled_table(["Recipient", "Agency", "Sent", "On", "By", "How"],
                             [(r.name, r.agency, r.what, r.sent_on, r.sent_by, r.method)
                              for r in doc.distribution], [2.4, 2.4, 1.2, DATE, 1.8, 1.6]))
    return story


def minutes_story(doc: MinutesDoc, include: Include = _all, title: str = MINUTES_TITLE,
                  reviews: list[CaseReview] | None = None) -> list[Flowable]:
    m = doc.meeting
    story: list[Flowable] = [para(title, "title"),
                             para(f"Meeting of {text_or_empty(m.date)} · reference "
                                  f"{m.reference} · {status_line(doc)}", "small"),
                             Spacer(1, 4)]
    story += meeting_lines(m)
    if include("attendance"):
        story += attendance(doc)
    if include("statement"):
        story += statement(doc)
    reviews = doc.reviews if reviews is None else reviews
    if not reviews:
        story += [Spacer(1, 6), para("No case was reviewed at this meeting.", "empty")]
    numbered = len(reviews) > 1
    for number, review in enumerate(reviews, start=1):
        story += review_story(review, number if numbered else None, include)
    if include("amendments"):
        story += amendments(doc)
    if include("distribution"):
        story += distribution(doc)
    return story


def render_minutes(doc: MinutesDoc, info: PrintInfo, invariant: bool = False) -> bytes:
    deco = Decoration(MINUTES_TITLE, info, watermark="" if doc.approved else DRAFT)
    return build_pdf(minutes_story(doc), deco, invariant=invariant)


def extract_parts(doc: MinutesDoc) -> dict[str, str]:
    """Every part that an extract may include or leave out: key -> title."""
    parts = dict(MEETING_PARTS)
    for review in doc.reviews:
        for section in review.sections:
            parts.setdefault(section.key, section.title)
    return parts


def render_extract(doc: ExtractDoc, info: PrintInfo, invariant: bool = False) -> bytes:
    minutes = doc.minutes
    chosen = doc.include
    reviews = [r for r in minutes.reviews
               if doc.case_references is None or r.reference in doc.case_references]
    parts = extract_parts(minutes)
    kept = [title for key, title in parts.items() if key in chosen]
    lines = [f"This is an extract of the minutes of the MAPPA meeting of "
             f"{text_or_empty(minutes.meeting.date)} (reference {minutes.meeting.reference})"
             + (f", prepared for {doc.recipient}" if doc.recipient else "") + "."]
    if doc.purpose:
        lines.append(f"Purpose: {doc.purpose}")
    lines.append("It holds only these parts of the minutes: "
                 + ("; ".join(kept) if kept else "the meeting details") + ". "
                 "Everything else was left out on purpose. Do not pass it on without the "
                 "chair's agreement.")
    story = minutes_story(minutes, lambda key: key in chosen, EXTRACT_TITLE, reviews)
    story[2:2] = [para("\n".join(lines), "note"), Spacer(1, 4)]
    deco = Decoration(EXTRACT_TITLE, info, watermark="" if minutes.approved else DRAFT)
    return build_pdf(story, deco, invariant=invariant)
