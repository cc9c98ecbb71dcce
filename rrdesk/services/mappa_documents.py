"""What the MAPPA documents print, gathered from the MAPPA services: minutes of a meeting,
an extract of them, a case's RMP and a meeting pack (``documents.model`` inputs)."""

from __future__ import annotations

import dataclasses

from rrdesk.documents import model as d
from rrdesk.domain.mappa import ActionStatus, AttendanceStatus, Heading, MinutesStatus
from rrdesk.domain.pathways import Pathway
from rrdesk.services.attachments import AttachmentService
from rrdesk.services.cases import CaseService
from rrdesk.services.distribution import DistributionService
from rrdesk.services.documents import case_reference, person_of
from rrdesk.services.local_rules import load_rules
from rrdesk.services.mappa_records import SECTION_TITLES, Minutes, PersonSection
from rrdesk.services.meetings import MeetingService
from rrdesk.services.minutes import MinutesService
from rrdesk.services.pathways import PathwayService
from rrdesk.services.progress import Progress, report
from rrdesk.services.rmp import RmpPlan, RmpService
from rrdesk.store.vault import Vault

APPROVED = (MinutesStatus.APPROVED, MinutesStatus.LOCKED)
ATTENDANCE = {AttendanceStatus.PRESENT: "Present", AttendanceStatus.APOLOGIES: "Apologies",
              AttendanceStatus.REPORT_SENT: "Report sent"}
# Sections printed even when empty (the national minutes always have them).
ALWAYS = ("index_offence", "reason", "information_shared", "risk_assessment",
          "victim_diversity")


def meeting_reference(meeting_id: int) -> str:
    return f"Meeting {meeting_id}"


def _label(value: object) -> str:
    text = str(getattr(value, "value", value) or "")
    return text.replace("_", " ").capitalize()


def _status(value: ActionStatus | str | None) -> str:
    return _label(value) if value else ""


def _actions(plan: RmpPlan | None) -> list[d.RmpAction]:
    if plan is None:
        return []
    return [d.RmpAction(Heading(a.heading).label, a.what, a.owner, a.agency, a.due,
                        _status(a.status)) for a in plan.actions]


def _reasons(plan: RmpPlan | None) -> dict[str, str]:
    if plan is None:
        return {}
    out = {}
    for key, why in plan.no_action_reasons.items():
        try:
            out[Heading(key).label] = why
        except ValueError:
            out[str(key)] = why
    return out


def _person(p: PersonSection, case: d.Person | None = None) -> d.Person:
    """The person as the minutes recorded them, over the case's details (a copy: the
    case's own summary keeps its current details)."""
    base = dataclasses.replace(case) if case is not None else d.Person(name=p.names)
    base.name = p.names or base.name
    base.aliases = p.aliases or base.aliases
    base.date_of_birth = p.date_of_birth or base.date_of_birth
    base.pnc, base.crn = p.pnc or base.pnc, p.crn or base.crn
    if p.category:
        from rrdesk.services.documents import CATEGORY_LABELS

        base.category = CATEGORY_LABELS.get(p.category, base.category)
    if p.level:
        base.level = f"Level {p.level}"
    return base


def _sections(m: Minutes) -> list[d.Section]:
    out = []
    for key, title in SECTION_TITLES.items():
        text = (m.sections.get(key) or "").strip()
        if key == "index_offence" and not text:
            text = (m.person.index_offence or "").strip()
        if text or key in ALWAYS:
            out.append(d.Section(key, title, text))
    if m.action_reviews:
        lines = [f"{Heading(a.heading).label}: {a.what} ({a.agency}"
                 f"{', ' + a.owner if a.owner else ''}) — "
                 f"{_status(a.status) or 'not yet marked'}{'; ' + a.note if a.note else ''}"
                 for a in m.action_reviews]
        out.append(d.Section("actions_review", "Review of the actions from the last meeting",
                             "\n".join(lines)))
    if m.disclosures:
        lines = []
        for x in m.disclosures:
            if x.disclose:
                who = ", ".join(p for p in (f"to {x.to_whom}" if x.to_whom else "",
                                            f"by {x.by_whom}" if x.by_whom else "",
                                            x.how, x.when.strftime("%d/%m/%Y") if x.when else "")
                                if p)
                lines.append(f"Disclose ({who}): {x.rationale}")
            else:
                lines.append(f"No disclosure: {x.rationale}")
        out.append(d.Section("disclosure", "Disclosure", "\n".join(lines)))
    return out


def case_review(m: Minutes, person: d.Person | None = None) -> d.CaseReview:
    return d.CaseReview(
        reference=case_reference(m.case_id), person=_person(m.person, person),
        review_type=_label(m.review_type), sections=_sections(m), actions=_actions(m.rmp),
        no_action_reasons=_reasons(m.rmp),
        licence_conditions=list(m.rmp.licence_conditions) if m.rmp else [],
        level_decision=m.level_decision.label if m.level_decision else "",
        new_level=f"Level {m.new_level}" if m.new_level else "",
        level_reason=m.decision_reason, dissent=m.dissent, next_review=m.next_review)


class MappaDocuments:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def _meeting(self, meeting_id: int) -> tuple[d.Meeting, object]:
        view = MeetingService(self.vault).get(meeting_id)  # KeyError when there is none
        place = (f"{view.place} (online)" if view.place else "Online") if view.online \
            else view.place
        return d.Meeting(reference=meeting_reference(meeting_id), date=view.date,
                         time=view.held_at.strftime("%H:%M"), place=place,
                         level=f"Level {view.level}", area=view.area, chair=view.chair,
                         minute_taker=view.minute_taker), view

    def minutes(self, meeting_id: int, progress: Progress | None = None) -> d.MinutesDoc:
        meeting, view = self._meeting(meeting_id)
        minutes = MinutesService(self.vault).meeting_minutes(meeting_id)
        types = sorted({_label(m.review_type) for m in minutes})
        meeting.meeting_type = " and ".join(types)
        reviews = []
        for i, m in enumerate(minutes):
            reviews.append(case_review(m))
            report(progress, i + 1, len(minutes) + 1)
        approved = bool(minutes) and all(m.status in APPROVED for m in minutes)
        approvers = sorted({m.approved_by for m in minutes if m.approved_by})
        dates = [m.approved_at.date() for m in minutes if m.approved_at]
        amendments = [d.Amendment(a.at, a.by, a.reason,
                                  f"{case_reference(m.case_id)}: {a.field}: "
                                  f"{a.old_value or '—'} → {a.new_value or '—'}")
                      for m in minutes for a in m.amendments]
        amendments.sort(key=lambda a: a.at)
        return d.MinutesDoc(
            meeting=meeting,
            attendees=[d.Attendee(a.name, a.role, a.agency, ATTENDANCE.get(a.status, "Present"))
                       for a in view.attendees],
            confidentiality_statement=(view.statement_text
                                       or load_rules(self.vault).confidentiality_statement),
            statement_agreed=view.statement_agreed, reviews=reviews, approved=approved,
            approved_by=", ".join(approvers), approved_on=max(dates) if dates else None,
            amendments=amendments,
            distribution=DistributionService(self.vault).recipients(meeting_id))

    def rmp(self, case_id: int) -> d.RmpDoc:
        details = CaseService(self.vault).get(case_id)
        person = person_of(details, CaseService(self.vault).next_review(case_id))
        service = RmpService(self.vault)
        plan = service.current(case_id)
        history = [d.RmpVersionLine(str(h.version), _label(h.status),
                                    (h.approved_at or h.created_at).date(), h.actions)
                   for h in service.history(case_id)]
        doc = d.RmpDoc(reference=case_reference(case_id), person=person, history=history)
        if plan is None:
            doc.status = "No plan yet"
            return doc
        doc.version = str(plan.version or "draft")
        doc.status = _label(plan.status)
        doc.approved_on = plan.approved_at.date() if plan.approved_at else None
        doc.risks = [d.Risk(r.nature, r.who_at_risk, r.when, r.circumstances)
                     for r in plan.risks]
        doc.protective_factors = plan.protective_factors
        doc.actions = _actions(plan)
        doc.no_action_reasons = _reasons(plan)
        doc.licence_conditions = list(plan.licence_conditions)
        doc.shared_with = [(s.agency, s.shared_on) for s in plan.shared_with]
        return doc

    def pack(self, meeting_id: int, progress: Progress | None = None) -> d.PackDoc:
        meeting, view = self._meeting(meeting_id)
        cases, pathways = CaseService(self.vault), PathwayService(self.vault)
        minutes, plans = MinutesService(self.vault), RmpService(self.vault)
        attachments = AttachmentService(self.vault)
        doc = d.PackDoc(meeting=meeting, attendees=[
            d.Attendee(a.name, a.role, a.agency, ATTENDANCE.get(a.status, "Present"))
            for a in view.attendees])
        agenda = view.agenda
        for i, item in enumerate(agenda):
            report(progress, i, len(agenda) + 1)
            time = ""
            doc.agenda.append(d.AgendaItem(time, case_reference(item.case_id), item.person,
                                           _label(item.review_type)))
            details = cases.get(item.case_id)
            person = person_of(details, cases.next_review(item.case_id))
            needs = pathways.current_needs(item.case_id)
            plan = plans.current(item.case_id)
            earlier = [m for m in minutes.reviews_of_case(item.case_id)
                       if m.meeting_id != meeting_id and m.status in APPROVED]
            last = earlier[0] if earlier else None
            reports = [d.AgencyReport(a.description or a.filename, a.added_by,
                                      attachments.content(a.id))
                       for a in attachments.list(review_id=item.review_id) if a.kind == "pdf"]
            doc.cases.append(d.PackCase(
                reference=case_reference(item.case_id), person=person,
                needs=[d.NeedLine(p.label, _label(n.need_level), n.notes, n.assessed_on,
                                  n.assessed_by) for p in Pathway if (n := needs.get(p))],
                rmp=self._plan_doc(plan, person, item.case_id),
                outstanding=[a for a, raw in zip(_actions(plan), plan.actions if plan else [],
                                                 strict=True)
                             if ActionStatus(raw.status).is_open],
                last_review=case_review(last, person) if last else None,
                last_review_date=last.meeting_date if last else None, reports=reports))
        report(progress, len(agenda), len(agenda) + 1)
        return doc

    @staticmethod
    def _plan_doc(plan: RmpPlan | None, person: d.Person, case_id: int) -> d.RmpDoc | None:
        if plan is None:
            return None
        return d.RmpDoc(
            reference=case_reference(case_id), person=person,
            version=str(plan.version or "draft"), status=_label(plan.status),
            approved_on=plan.approved_at.date() if plan.approved_at else None,
            risks=[d.Risk(r.nature, r.who_at_risk, r.when, r.circumstances)
                   for r in plan.risks],
            protective_factors=plan.protective_factors, actions=_actions(plan),
            no_action_reasons=_reasons(plan), licence_conditions=list(plan.licence_conditions),
            shared_with=[(s.agency, s.shared_on) for s in plan.shared_with])
