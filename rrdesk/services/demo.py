"""Synthetic, obviously fictional people for demonstrations, tests and benchmarks.

Family names are invented compounds that no real register holds; identifiers are made to
pass the format rules (the app refuses anything else) from a serial range of our own.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from rrdesk.domain.case import CaseDetails, CaseStatus, IomCohort, Rosh, validate_case
from rrdesk.domain.case_record import (
    ETHNICITY,
    IOM_FIXED_CRIME_TYPES,
    Flag,
    RequirementKind,
    SentenceType,
)
from rrdesk.domain.identifiers import pnc_check_letter
from rrdesk.domain.local_rules import DEFAULT_FLEX_CRIME_TYPES
from rrdesk.domain.pathways import NeedLevel, Pathway, Rag
from rrdesk.domain.plan import PlanLine
from rrdesk.services.cases import apply_details, review_intervals
from rrdesk.services.demo_mappa import fill_demo_mappa
from rrdesk.services.plan import import_plan
from rrdesk.store.audit import AuditAction, append
from rrdesk.store.case_record_models import (
    CaseEventRow,
    CaseFlag,
    CaseProfile,
    CaseRequirement,
    CaseSentence,
    IomSelectionRow,
)
from rrdesk.store.models import Case, utc_now
from rrdesk.store.register_models import PathwayAction, PathwayNeed
from rrdesk.store.vault import Vault

DEMO_PASSPHRASE = "fictional demo vault only"

GIVEN = ["Zoë", "Łukasz", "Siân", "Mohammed", "Muhammad", "Stephen", "Steven", "Aoife",
         "Jon", "John", "Priya", "Kwame", "Ffion", "Dafydd", "Chloé", "Mateusz", "Oluwaseun",
         "Callum", "Niamh", "Tomasz", "Imogen", "Rhys", "Ayesha", "Declan"]
FAMILY_A = ["Quill", "Marrow", "Thistle", "Bramble", "Ember", "Pebble", "Wren", "Fennel",
            "Copper", "Hollow", "Juniper", "Moss", "Tinder", "Saffron", "Larch", "Nettle"]
FAMILY_B = ["feather", "by", "combe", "wick", "stead", "ford-Demo", "ley", "thorpe",
            "worth", "gate", "field", "dale"]
SPECIAL = [("Łukasiewicz-O'Brien", "Zoë"), ("Ó Fictionaigh", "Siân"), ("Demo-Müller", "Jürgen")]
AGENCIES = ["Probation Service", "Police", "Youth Justice Service", "Prison Service"]
OFFICERS = ["PC Example Alpha", "PO Example Bravo", "PO Example Charlie", "DC Example Delta",
            "PO Example Echo"]


def demo_case(rng: random.Random, index: int, today: dt.date) -> CaseDetails:
    if index < len(SPECIAL):
        family, given = SPECIAL[index]
    else:
        family = rng.choice(FAMILY_A) + rng.choice(FAMILY_B)
        given = rng.choice(GIVEN)
    age_days = rng.randint(18 * 365, 70 * 365)
    dob = today - dt.timedelta(days=age_days)
    year = rng.randint(1995, today.year - 1)
    serial = 9_000_000 + index  # a block of serials we keep for fiction
    pnc = f"{year:04d}/{serial:07d}{pnc_check_letter(year, serial)}"
    crn = f"X{900000 + index % 100000:06d}"
    cohort = rng.choice(list(IomCohort))
    category = rng.choice([None, 1, 2, 3, 4])
    level = rng.choice([1, 2, 3]) if category else None
    status = CaseStatus.ACTIVE if rng.random() < 0.9 else CaseStatus.CLOSED
    opened = today - dt.timedelta(days=rng.randint(30, 2000))
    closed = opened + dt.timedelta(days=rng.randint(1, (today - opened).days)) \
        if status == CaseStatus.CLOSED else None
    return CaseDetails(
        family_name=family, given_names=given,
        aliases=rng.choice(["", "", f"{given[:3]}o", "Demo Nickname"]),
        date_of_birth=dob, pnc=pnc, crn=crn,
        lead_agency=rng.choice(AGENCIES), offender_manager=rng.choice(OFFICERS),
        iom_cohort=cohort, mappa_category=category, mappa_level=level,
        rosh=rng.choice(list(Rosh)), status=status, opened_on=opened, closed_on=closed,
    )


def fill_demo(vault: Vault, cases: int = 50, seed: int = 1,
              today: dt.date | None = None, mappa: bool = False) -> int:
    """Add ``cases`` synthetic people, with needs and actions, in one transaction; then the
    partnership plan and (``mappa``) MAPPA meetings, minutes and a referral."""
    today = today or dt.date.today()
    rng = random.Random(seed)
    now = utc_now()
    intervals = review_intervals(vault)
    with vault.transaction() as s:
        rows = []
        for i in range(cases):
            details = demo_case(rng, i, today)
            details.offence_count = rng.choice([0, 2, 5, 9, 12, 17, 25])
            if details.mappa_level in (2, 3):
                details.last_review = _until(details.closed_on, today) \
                    - dt.timedelta(days=rng.randint(1, 120))
            row = Case(created_at=now, updated_at=now)
            apply_details(row, validate_case(details, today), intervals)
            rows.append(row)
        s.add_all(rows)
        s.flush()
        for row in rows:
            # a closed case's story ends the day it closed: nothing is dated after it
            last = _until(row.closed_on, today)
            _demo_pathways(s, rng, row.id, last, now)
            _demo_record(s, rng, row, last, now)
        append(s, vault.officer_name or "demo", AuditAction.COLLECTION, "case",
               detail=f"{cases} synthetic demo cases")
    fill_demo_plan(vault)
    if mappa:
        fill_demo_mappa(vault, today)
    return cases


def _until(closed_on: dt.date | None, today: dt.date) -> dt.date:
    """The last day a case's records may be dated: the day it closed, or today."""
    return min(closed_on, today) if closed_on else today


def _demo_pathways(s, rng: random.Random, case_id: int, today: dt.date,  # noqa: ANN001
                   now: dt.datetime) -> None:
    """Needs assessed and actions agreed up to ``today`` (a closed case: the day it closed;
    its actions were due by then)."""
    due_by = today if s.get(Case, case_id).status == CaseStatus.CLOSED else dt.date.max
    for pathway in rng.sample(list(Pathway), rng.randint(0, 5)):
        level = rng.choice(list(NeedLevel))
        s.add(PathwayNeed(case_id=case_id, pathway=pathway.value, need_level=level.value,
                          notes="Synthetic demo note.", recorded_at=now,
                          assessed_on=today - dt.timedelta(days=rng.randint(0, 400)),
                          assessed_by=rng.choice(OFFICERS)))
        if level in (NeedLevel.MEDIUM, NeedLevel.HIGH):
            s.add(PathwayAction(
                case_id=case_id, pathway=pathway.value, what=rng.choice(DEMO_ACTIONS[pathway]),
                owner_agency=rng.choice(PARTNERS), named_person=rng.choice(OFFICERS),
                target_date=min(due_by, today + dt.timedelta(days=rng.randint(-60, 120))),
                rag=rng.choice(list(Rag)).value, outcome="", created_at=now, updated_at=now))


def _days(rng: random.Random, low: int, high: int) -> dt.timedelta:
    return dt.timedelta(days=rng.randint(low, high))


def _demo_record(s, rng: random.Random, case: Case, today: dt.date,  # noqa: ANN001
                 now: dt.datetime) -> None:
    """A sentence with requirements or licence conditions, flags, gender and ethnicity, and
    an IOM selection for those on the cohort; ``today`` is the day a closed case closed,
    and its sentence and requirements ended by then."""
    closed = case.status == CaseStatus.CLOSED

    def by_today(day: dt.date) -> dt.date:
        return min(day, today) if closed else day

    s.add(CaseProfile(case_id=case.id,
                      gender=rng.choices(["man", "woman", "non_binary", "not_stated"],
                                         [80, 15, 2, 3])[0],
                      ethnicity=rng.choice(list(ETHNICITY)), gender_words="",
                      ethnicity_words=""))
    for flag in rng.sample(list(Flag), rng.choice([0, 0, 1, 1, 2])):
        ended = rng.random() < 0.2
        since = today - _days(rng, 30, 900)
        s.add(CaseFlag(case_id=case.id, flag=flag.value, since=since, notes="",
                       until=since + _days(rng, 1, 25) if ended else None))
    if rng.random() < 0.8:
        kind = rng.choice(list(SentenceType))
        start = today - _days(rng, 10, 700)
        end = by_today(start + _days(rng, 180, 900))
        licence = kind in (SentenceType.LICENCE, SentenceType.POST_SENTENCE_SUPERVISION)
        s.add(CaseSentence(case_id=case.id, type=kind.value, start=start, end=end,
                           licence_end=end if licence else None,
                           sentence_expiry=by_today(end + _days(rng, 0, 365))
                           if licence else None,
                           notes="", updated_at=now))
        for req in rng.sample(list(RequirementKind), rng.randint(0, 3)):
            req_start = by_today(start + _days(rng, 0, 30))
            s.add(CaseRequirement(case_id=case.id, kind=req.value, start=req_start,
                                  end=by_today(req_start + _days(rng, 14, 400)), notes=""))
        if rng.random() < 0.1:
            s.add(CaseEventRow(case_id=case.id, kind=rng.choice(["recall", "breach"]),
                               on=min(today, start + _days(rng, 1, 200)), notes=""))
    if case.iom_cohort != "none":
        crime = rng.choice(IOM_FIXED_CRIME_TYPES if case.iom_cohort == "fixed"
                           else DEFAULT_FLEX_CRIME_TYPES)
        s.add(IomSelectionRow(case_id=case.id, cohort=case.iom_cohort,
                              selected_on=today - _days(rng, 7, 700),
                              reason="Synthetic demo selection.", crime_type=crime,
                              deselection_reason=""))


PARTNERS = ["Probation Service", "Police", "Local authority housing", "Jobcentre Plus",
            "NHS community mental health", "Drug and alcohol service", "Children's services"]
DEMO_ACTIONS = {
    Pathway.ACCOMMODATION: ["Referral to supported housing", "Housing options appointment"],
    Pathway.ETE: ["Enrol on a construction skills course", "CV workshop"],
    Pathway.HEALTH: ["GP registration", "Mental health assessment referral"],
    Pathway.DRUGS_ALCOHOL: ["Drug testing on licence", "Structured treatment appointment"],
    Pathway.FINANCE: ["Open a basic bank account", "Debt advice appointment"],
    Pathway.CHILDREN_FAMILIES: ["Contact arrangements review", "Parenting course referral"],
    Pathway.ATTITUDES: ["Accredited programme assessment", "Thinking skills sessions"],
}


# A fictional partnership delivery plan in the shape of the published local plans: a blank
# Need or Priority issue means "same as the row above"; one RAG cell holds commentary.
DEMO_PLAN = [
    ("Accommodation", "Too few supported housing places on release",
     "Commission 20 additional supported housing beds for the IOM cohort",
     "Local authority housing", "March 2027", "amber"),
    ("", "", "Agree a duty to refer pathway with every prison releasing to the area",
     "Probation Service", "September 2026", "green"),
    ("", "Rough sleeping on release day",
     "Day-of-release meet-and-greet for everyone of no fixed abode",
     "Probation Service", "June 2026",
     "Started in one office; roll-out delayed by staffing, revised date agreed"),
    ("Education, training and employment", "Few employers recruit people with convictions",
     "Run two employer fairs a year with the Demo Chamber of Commerce",
     "DWP (prison work coaches)", "March 2027", "amber"),
    ("", "", "Offer a CV and disclosure workshop to every IOM nominal",
     "Probation Service", "Ongoing", "green"),
    ("Health (mental and physical)", "Gaps in mental health support after release",
     "Fund a liaison and diversion worker in the IOM team", "NHS integrated care board",
     "December 2026", "red"),
    ("Drugs and alcohol", "Treatment is not picked up after release",
     "Book a community treatment appointment before release for every user",
     "Drug and alcohol treatment service", "June 2026", "amber"),
    ("", "", "Continuity of opiate substitution prescribing on release day",
     "NHS integrated care board", "March 2027", "red"),
    ("Finance, benefit and debt", "No bank account or ID on release",
     "Open basic bank accounts before release", "DWP (prison work coaches)",
     "September 2026", "green"),
    ("Children and families", "Family relationships break down during custody",
     "Refer families to the family support service at sentence", "Children's services",
     "March 2027", "amber"),
    ("Attitudes, thinking and behaviour", "Low completion of accredited programmes",
     "Offer programme places within 8 weeks of sentence", "Probation Service",
     "December 2026", "amber"),
    ("", "", "Mentoring by trained peers for the under-25s on the cohort",
     "Police", "March 2027", "green"),
]


def fill_demo_plan(vault: Vault) -> int:
    """Put the fictional partnership plan in the vault (replacing any plan); its row count."""
    return import_plan(vault, [PlanLine(*row) for row in DEMO_PLAN], source="demo")


def create_demo_vault(path: Path, passphrase: str = DEMO_PASSPHRASE, *, cases: int = 60,
                      seed: int = 1) -> None:
    """A new vault of fictional people at ``path`` (the file appears whole or not at all);
    by default the demo vault the app opens on a fresh machine, with its published
    passphrase."""
    Vault.create(Path(path), passphrase, "Demo Officer",
                 fill=lambda vault: fill_demo(vault, cases=cases, seed=seed,
                                               mappa=True)).close()
