"""The pathway plan of one person and the partnership delivery plan, as PDF."""

from __future__ import annotations

import itertools

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
from rrdesk.documents.model import PartnershipPlanDoc, PathwayPlanDoc, Person

PATHWAY_PLAN_TITLE = "Pathway plan"
PLAN_TITLE = "Partnership delivery plan"


def person_lines(person: Person) -> list[Flowable]:
    pairs = [("Name", person.name), ("Also known as", person.aliases),
             ("Date of birth", person.date_of_birth), ("Identifiers", person.identifiers()),
             ("Lead agency", person.lead_agency), ("Offender manager", person.offender_manager)]
    return label_rows([(k, v) for k, v in pairs if k == "Name" or v])


def pathway_plan_story(doc: PathwayPlanDoc) -> list[Flowable]:
    story: list[Flowable] = [para(PATHWAY_PLAN_TITLE, "title"),
                             para(f"{doc.person.name} · reference {doc.reference}", "small"),
                             Spacer(1, 4)]
    story += person_lines(doc.person)
    if doc.cohort:
        story += label_rows([("IOM cohort", doc.cohort)])
    story += heading("Needs on the seven pathways")
    story.append(ruled_table(
        ["Pathway", "Need", "Notes", "Assessed"],
        [(n.pathway, n.need, n.notes,
          " ".join(x for x in (text_or_empty(n.assessed_on) if n.assessed_on else "",
                               n.assessed_by) if x))
         for n in doc.needs],
        [2.6, 1.1, 4.2, 1.8]))
    story += heading("Actions agreed with partner agencies")
    if not doc.actions:
        story.append(para("No actions recorded.", "empty"))
    else:
        story.append(ruled_table(
            ["Pathway", "Action", "Agency", "Named person", "Target", "RAG", "Outcome"],
            [(a.pathway, a.what, a.agency, a.named_person, a.target, a.rag, a.outcome)
             for a in doc.actions],
            [2.4, 3.4, 1.7, 1.6, DATE, 1.05, 2.0]))
    return story


def render_pathway_plan(doc: PathwayPlanDoc, info: PrintInfo, invariant: bool = False) -> bytes:
    return build_pdf(pathway_plan_story(doc), Decoration(PATHWAY_PLAN_TITLE, info),
                     invariant=invariant)


def partnership_plan_story(doc: PartnershipPlanDoc) -> list[Flowable]:
    story: list[Flowable] = [para(doc.title, "title")]
    if not doc.lines:
        story.append(para("The plan is empty.", "empty"))
        return story
    for need, lines in itertools.groupby(doc.lines, key=lambda line: line.need):
        story += heading(need or "(no need given)")
        story.append(ruled_table(
            ["Priority issue", "Action", "Owner", "Timescale", "RAG rating"],
            [(x.priority_issue, x.action, x.owner, x.timescale, x.rag) for x in lines],
            [2.4, 4.0, 1.8, 1.4, 1.6]))
    return story


def render_partnership_plan(doc: PartnershipPlanDoc, info: PrintInfo,
                            invariant: bool = False) -> bytes:
    return build_pdf(partnership_plan_story(doc), Decoration(doc.title, info),
                     invariant=invariant)
