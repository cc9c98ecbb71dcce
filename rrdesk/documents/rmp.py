"""A case's Risk Management Plan as PDF, and the RMP action tables other documents reuse."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

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
    ruled_table,
    text_or_empty,
)
from rrdesk.documents.model import CONTINGENCY, RMP_HEADINGS, Person, RmpAction, RmpDoc

RMP_TITLE = "Risk Management Plan"
ACTION_COLUMNS = ["Action", "Owner", "Agency", "Due date", "Status"]
ACTION_WEIGHTS: list[float | str] = [4.2, 2.1, 1.9, DATE, 1.3]


def action_table(actions: Sequence[RmpAction]) -> Flowable:
    return ruled_table(ACTION_COLUMNS, [(a.what, a.owner, a.agency, a.due, a.status)
                                        for a in actions], ACTION_WEIGHTS)


def rmp_action_tables(actions: Sequence[RmpAction], no_action_reasons: Mapping[str, str],
                      style: str = "tablelabel") -> list[Flowable]:
    """The actions under the four headings, then contingency (when there is any)."""
    out: list[Flowable] = []
    known = (*RMP_HEADINGS, CONTINGENCY)
    for name in known:
        mine = [a for a in actions if a.heading == name]
        if name == CONTINGENCY and not mine and not no_action_reasons.get(name):
            continue
        out += heading(name, style, room=22 * mm)
        if mine:
            out.append(action_table(mine))
        else:
            why = no_action_reasons.get(name, "").strip()
            out.append(para(f"No action under this heading: {why}" if why
                            else "No action under this heading (no reason recorded).",
                            "empty"))
    other = [a for a in actions if a.heading not in known]
    if other:
        out += heading("Other actions", style)
        out.append(action_table(other))
    return out


def licence_conditions(conditions: Sequence[str], style: str = "tablelabel") -> list[Flowable]:
    out = heading("Licence conditions", style)
    if not conditions:
        return [*out, para("None recorded.", "empty")]
    return [*out, *[para(f"{i}. {c}", "body") for i, c in enumerate(conditions, start=1)],
            Spacer(1, 4)]


def person_summary(person: Person) -> list[Flowable]:
    pairs = [("Name", person.name), ("Also known as", person.aliases),
             ("Date of birth", person.date_of_birth), ("Identifiers", person.identifiers()),
             ("MAPPA category", person.category), ("MAPPA level", person.level),
             ("Risk of serious harm", person.rosh),
             *[(f"RoSH: {group}", level) for group, level in person.rosh_by_group],
             ("Lead agency", person.lead_agency), ("Offender manager", person.offender_manager),
             ("Next review", person.next_review)]
    return label_rows([(k, v) for k, v in pairs if k == "Name" or v])


def rmp_body(doc: RmpDoc, style: str = "heading") -> list[Flowable]:
    """The plan itself (no title, no person): for the RMP document and the meeting pack."""
    sub = "tablelabel"
    story: list[Flowable] = label_rows([
        ("Version", doc.version), ("Status", doc.status), ("Approved on", doc.approved_on)])
    story += heading("Risks this plan manages", sub)
    if doc.risks:
        story.append(ruled_table(["Nature of the risk", "Who is at risk", "When",
                                  "In what circumstances"],
                                 [(r.nature, r.who_at_risk, r.when, r.circumstances)
                                  for r in doc.risks], [3.2, 2.2, 1.6, 3.0]))
    else:
        story.append(para("None recorded.", "empty"))
    story += heading("Protective factors", sub)
    story.append(para(text_or_empty(doc.protective_factors), "body"))
    story += heading("Actions", style)
    story += rmp_action_tables(doc.actions, doc.no_action_reasons)
    story += licence_conditions(doc.licence_conditions)
    if doc.shared_with:
        story += heading("Shared with", sub)
        story.append(ruled_table(["Agency", "Shared on"], doc.shared_with, [5, DATE]))
    return story


def rmp_story(doc: RmpDoc) -> list[Flowable]:
    story: list[Flowable] = [para(RMP_TITLE, "title"),
                             para(f"{doc.person.name} · reference {doc.reference}", "small"),
                             Spacer(1, 4)]
    story += person_summary(doc.person)
    story += heading("The current plan")
    story += rmp_body(doc)
    story += heading("History of the plan")
    if doc.history:
        story.append(ruled_table(["Version", "Status", "Date", "Actions", "Note"],
                                 [(h.version, h.status, h.date, str(h.actions), h.note)
                                  for h in doc.history], [1.2, 1.6, DATE, 1.1, 5.0]))
    else:
        story.append(para("This is the first version.", "empty"))
    return story


def render_rmp(doc: RmpDoc, info: PrintInfo, invariant: bool = False) -> bytes:
    return build_pdf(rmp_story(doc), Decoration(RMP_TITLE, info), invariant=invariant)
