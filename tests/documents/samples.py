"""Synthetic, obviously fictional document inputs for tests and benchmarks."""

from __future__ import annotations

import datetime as dt

from rrdesk.documents.frame import PrintInfo
from rrdesk.documents.model import (
    CONTINGENCY,
    RMP_HEADINGS,
    Amendment,
    Attendee,
    CaseReview,
    Meeting,
    MinutesDoc,
    Person,
    Recipient,
    Risk,
    RmpAction,
    RmpDoc,
    RmpVersionLine,
    Section,
)

PRINTED_ON = dt.date(2026, 11, 23)
SPECIAL_NAME = "ŁUKASIEWICZ-O'BRIEN, Zoë"
VICTIM_TEXT = "Former partner (Victim Example A) lives in Demo Town; contact via IDVA."


def info(reference: str) -> PrintInfo:
    return PrintInfo(reference=reference, printed_by="Officer Testcase", printed_at=PRINTED_ON)


def person(i: int) -> Person:
    name = SPECIAL_NAME if i == 0 else f"QUILLFEATHER-DEMO{i}, Siân"
    return Person(name=name, aliases="Demo Nickname" if i % 2 else "",
                  date_of_birth=dt.date(1980 + i % 20, 1 + i % 12, 1 + i % 28),
                  pnc=f"2001/{9000000 + i:07d}X", crn=f"X9{i:05d}",
                  category="Category 2 (violent offenders)", level="Level 2", rosh="High",
                  rosh_by_group=[("Known adult", "Very high"), ("Public", "Medium")],
                  lead_agency="Probation Service", offender_manager="PO Example Bravo",
                  next_review=dt.date(2027, 1, 14))


def actions(case: int, count: int) -> list[RmpAction]:
    headings = (*RMP_HEADINGS, CONTINGENCY)
    return [RmpAction(headings[k % 5], f"Case {case} action {k:03d}: weekly contact",
                      f"Owner Example {k % 7}", "Probation Service" if k % 2 else "Police",
                      dt.date(2026, 12, 1 + k % 28), "In progress" if k % 3 else "Not started")
            for k in range(count)]


def review(i: int, action_count: int = 10) -> CaseReview:
    sections = [
        Section("index_offence", "Index offence and sentence",
                "Wounding with intent; 6 years' imprisonment, licence to 2028."),
        Section("reason", "Reason for review", "Scheduled level 2 review."),
        Section("information", "Information shared by agencies",
                "Police: no new intelligence.\nHousing: tenancy stable."),
        Section("risk", "Risk assessment", "Risk is imminent when drinking."),
        Section("victim", "Victim issues", VICTIM_TEXT),
        Section("disclosure", "Disclosure", "No disclosure to a third party."),
    ]
    return CaseReview(reference=f"Case {100 + i}", person=person(i), review_type="Review",
                      sections=sections, actions=actions(100 + i, action_count),
                      licence_conditions=["Reside at approved premises",
                                          "No contact with Victim Example A"],
                      level_decision="Remain at the same level", new_level="Level 2",
                      level_reason="Risk unchanged; plan working.", dissent="",
                      next_review=dt.date(2027, 1, 14))


def minutes(cases: int = 2, approved: bool = False, action_count: int = 10) -> MinutesDoc:
    return MinutesDoc(
        meeting=Meeting(reference="Meeting 42", date=dt.date(2026, 11, 20), time="10:00",
                        place="Demo Police Station, room 2", level="Level 2",
                        meeting_type="Review", area="Demo MAPPA area",
                        chair="DI Example Chair", minute_taker="Coordinator Example"),
        attendees=[Attendee("DI Example Chair", "Chair", "Police"),
                   Attendee("PO Example Bravo", "Offender manager", "Probation Service"),
                   Attendee("Ffion Example", "Housing officer", "Housing authority"),
                   Attendee("Dr Example Health", "Psychiatrist", "NHS / health", "Apologies"),
                   Attendee("Kwame Example", "YJS worker", "Youth Justice Service",
                            "Report sent")],
        confidentiality_statement="The information shared at this meeting is confidential.",
        statement_agreed=True,
        reviews=[review(i, action_count) for i in range(cases)],
        approved=approved, approved_by="DI Example Chair" if approved else "",
        approved_on=dt.date(2026, 11, 21) if approved else None,
        amendments=[Amendment(dt.datetime(2026, 11, 22, 9, 15), "DI Example Chair",
                              "Date corrected", "Next review 14/01/2027")] if approved else [],
        distribution=[Recipient("Ffion Example", "Housing authority", dt.date(2026, 11, 22),
                                "Coordinator Example", "Minutes", "Secure email")]
        if approved else [],
    )


def rmp(action_count: int = 12) -> RmpDoc:
    return RmpDoc(
        reference="Case 100", person=person(0), version="3", status="Approved",
        approved_on=dt.date(2026, 11, 21),
        risks=[Risk("Violence to a partner", "Known adult", "When drinking",
                    "A new relationship")],
        protective_factors="Stable tenancy; engaged with treatment.",
        actions=actions(100, action_count),
        no_action_reasons={},
        licence_conditions=["Reside at approved premises"],
        shared_with=[("Police", dt.date(2026, 11, 22))],
        history=[RmpVersionLine("1", "Superseded", dt.date(2026, 5, 2), 6, "Initial plan"),
                 RmpVersionLine("2", "Superseded", dt.date(2026, 8, 20), 9, "")],
    )


def agency_pdf(title: str, pages: int, size: tuple[float, float] = (612, 792)) -> bytes:
    """A report as an agency might send it: its own page size, its own text."""
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=size, invariant=1)
    for k in range(pages):
        c.setFont("Helvetica", 14)
        c.drawString(72, size[1] - 100, f"{title} body text page {k + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def pack(cases: int = 3, reports: bool = True):
    from rrdesk.documents.model import AgencyReport, AgendaItem, NeedLine, PackCase, PackDoc

    m = minutes(cases=1, approved=True)
    out = []
    for i in range(cases):
        r = review(i, 8)
        case = PackCase(
            reference=r.reference, person=r.person,
            needs=[NeedLine("Accommodation", "High", "Approved premises until March"),
                   NeedLine("Drugs and alcohol", "Medium", "")],
            rmp=rmp(10), outstanding=r.actions[:4], last_review=r,
            last_review_date=m.meeting.date)
        if reports and i in (0, 2):
            case.reports = [AgencyReport(f"Police report {i}", "Police",
                                         agency_pdf(f"Police report {i}", 2)),
                            AgencyReport(f"Housing report {i}", "Housing authority",
                                         agency_pdf(f"Housing report {i}", 1, (842, 595)))]
        out.append(case)
    return PackDoc(meeting=m.meeting, cases=out, attendees=m.attendees,
                   agenda=[AgendaItem(f"{10 + i}:00", c.reference, c.person.name)
                           for i, c in enumerate(out)])
