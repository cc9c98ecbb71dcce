"""Documents: gather what a document prints, build it in memory, save it whole.

Each ``DocumentService`` method returns a ``BuiltDocument`` (the PDF bytes and what it is);
nothing is on disk until ``save`` writes it whole (temporary file beside the target, owner
only from its first byte, fsync, atomic replace) and logs the disclosure. ``printed_on``
fixes the printed-on date, and then the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rrdesk.documents.frame import PrintInfo
from rrdesk.documents.minutes import (
    EXTRACT_TITLE,
    MINUTES_TITLE,
    render_extract,
    render_minutes,
)
from rrdesk.documents.model import (
    ExtractDoc,
    MinutesDoc,
    NeedLine,
    PartnershipPlanDoc,
    PathwayAction,
    PathwayPlanDoc,
    Person,
    PlanLine,
)
from rrdesk.documents.pack import PACK_TITLE, render_pack
from rrdesk.documents.pathway_plan import (
    PATHWAY_PLAN_TITLE,
    render_partnership_plan,
    render_pathway_plan,
)
from rrdesk.documents.rmp import RMP_TITLE, render_rmp
from rrdesk.domain.calendar import case_reference as calendar_reference
from rrdesk.domain.case import CaseDetails
from rrdesk.domain.errors import FieldError
from rrdesk.domain.pathways import Pathway
from rrdesk.services.cases import CaseService
from rrdesk.services.pathways import PathwayService
from rrdesk.services.plan import PlanService
from rrdesk.services.progress import Progress, report
from rrdesk.store.audit import AuditAction
from rrdesk.store.vault import Vault
from rrdesk.tables.files import atomic_write

CATEGORY_LABELS = {
    1: "Category 1 (registered sexual offenders)",
    2: "Category 2 (violent offenders)",
    3: "Category 3 (other dangerous offenders)",
    4: "Category 4 (terrorist and terrorist-risk offenders)",
}
COHORT_LABELS = {"fixed": "Fixed", "flex": "Flex", "free": "Free", "none": ""}
PASSWORD_MIN = 8
NO_RMP = ("This case has no Risk Management Plan yet: its first version is made when the "
          "minutes of its first MAPPA review are approved.")


@dataclass
class BuiltDocument:
    kind: str  # minutes, extract, rmp, pack, pathways, plan
    title: str
    reference: str
    record_type: str  # what the audit entry names ("case", "meeting", "plan")
    record_id: object
    data: bytes

    def file_name(self) -> str:
        """A suggested file name: letters, digits and dashes only, so it stays in the folder
        it is saved to."""
        return safe_file_name(f"{self.title} {self.reference}") + ".pdf"

    @property
    def pages(self) -> int:
        from pypdf import PdfReader

        return len(PdfReader(io.BytesIO(self.data)).pages)


def safe_file_name(text: str) -> str:
    """``text`` as a file name with no folder in it: no separators, dots or control
    characters; accents folded; never empty."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    name = re.sub(r"[^A-Za-z0-9]+", "-", folded).strip("-")
    return name[:80] or "document"


def case_reference(case_id: int) -> str:
    """A case's reference on its documents: the one its calendar items and .ics events carry."""
    return calendar_reference(case_id)


def person_of(details: CaseDetails, next_review: dt.date | None = None) -> Person:
    family = details.family_name.upper()
    name = f"{family}, {details.given_names}" if details.given_names else family
    rosh = getattr(details.rosh, "value", details.rosh) or ""
    return Person(
        name=name, aliases=details.aliases or "", date_of_birth=details.date_of_birth,
        pnc=details.pnc or "", crn=details.crn or "",
        visor=str((details.extra or {}).get("visor", "") or ""),
        category=CATEGORY_LABELS.get(details.mappa_category or 0, ""),
        level=f"Level {details.mappa_level}" if details.mappa_level else "",
        rosh=rosh.capitalize(), lead_agency=details.lead_agency or "",
        offender_manager=details.offender_manager or "", next_review=next_review)


def check_password(password: str | None) -> str | None:
    if password is None or password == "":
        return None
    if len(password) < PASSWORD_MIN:
        raise FieldError("password", f"use at least {PASSWORD_MIN} characters")
    return password


def encrypt_pdf(data: bytes, password: str) -> bytes:
    """``data`` protected with ``password`` (AES-256, PDF 2.0 security handler)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password=None, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class DocumentService:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def _info(self, reference: str, printed_on: dt.date | None, subject: str = "") -> PrintInfo:
        at: dt.date | dt.datetime = (printed_on if printed_on is not None
                                     else dt.datetime.now().replace(second=0, microsecond=0))
        return PrintInfo(reference=reference, printed_by=self.vault.actor, printed_at=at,
                         subject=subject)

    # ------------------------------------------------------------------ pathways
    def pathway_plan_input(self, case_id: int) -> PathwayPlanDoc:
        cases, pathways = CaseService(self.vault), PathwayService(self.vault)
        details = cases.get(case_id)  # KeyError when there is no such case; a consultation
        needs = pathways.current_needs(case_id)
        lines = []
        for pathway in Pathway:
            need = needs.get(pathway)
            lines.append(NeedLine(pathway.label, need.need_level.value.capitalize(), need.notes,
                                  need.assessed_on, need.assessed_by) if need
                         else NeedLine(pathway.label, "Not assessed"))
        actions = [PathwayAction(a.pathway.label, a.what, a.owner_agency, a.named_person,
                                 a.target_date, a.rag.value.capitalize(), a.outcome)
                   for a in pathways.actions(case_id)]
        cohort = getattr(details.iom_cohort, "value", details.iom_cohort) or "none"
        return PathwayPlanDoc(reference=case_reference(case_id),
                              person=person_of(details, cases.next_review(case_id)),
                              needs=lines, actions=actions, cohort=COHORT_LABELS.get(cohort, ""))

    def pathway_plan(self, case_id: int, printed_on: dt.date | None = None,
                     progress: Progress | None = None) -> BuiltDocument:
        report(progress, 0, 2)
        doc = self.pathway_plan_input(case_id)
        report(progress, 1, 2)
        data = render_pathway_plan(doc, self._info(doc.reference, printed_on, doc.person.name),
                                   invariant=printed_on is not None)
        report(progress, 2, 2)
        return BuiltDocument("pathways", PATHWAY_PLAN_TITLE, doc.reference, "case", case_id,
                             data)

    # ------------------------------------------------------------------ plan
    def partnership_plan_input(self) -> PartnershipPlanDoc:
        lines = [PlanLine(x.need, x.priority_issue, x.action, x.owner, x.timescale, x.rag)
                 for x in PlanService(self.vault).filled()]
        return PartnershipPlanDoc(lines=lines)

    def partnership_plan(self, printed_on: dt.date | None = None,
                         progress: Progress | None = None) -> BuiltDocument:
        report(progress, 0, 2)
        doc = self.partnership_plan_input()
        report(progress, 1, 2)
        data = render_partnership_plan(doc, self._info(doc.reference, printed_on),
                                       invariant=printed_on is not None)
        report(progress, 2, 2)
        return BuiltDocument("plan", doc.title, doc.reference, "plan", "", data)

    # ------------------------------------------------------------------ MAPPA
    def minutes_input(self, meeting_id: int, progress: Progress | None = None) -> MinutesDoc:
        from rrdesk.services.mappa_documents import MappaDocuments

        return MappaDocuments(self.vault).minutes(meeting_id, progress)

    def minutes(self, meeting_id: int, printed_on: dt.date | None = None,
                progress: Progress | None = None) -> BuiltDocument:
        """The minutes of every case review of a meeting (DRAFT while any is not approved)."""
        doc = self.minutes_input(meeting_id, progress)
        data = render_minutes(doc, self._info(doc.meeting.reference, printed_on),
                              invariant=printed_on is not None)
        report(progress, 1, 1)
        return BuiltDocument("minutes", MINUTES_TITLE, doc.meeting.reference,
                             "mappa_meeting", meeting_id, data)

    def extract(self, doc: MinutesDoc, meeting_id: int, include: frozenset[str], *,
                recipient: str, purpose: str = "",
                case_references: frozenset[str] | None = None,
                printed_on: dt.date | None = None) -> BuiltDocument:
        """An extract of minutes already gathered (``minutes_input``): only ``include``."""
        extract = ExtractDoc(doc, include, recipient.strip(), purpose.strip(), case_references)
        data = render_extract(extract, self._info(doc.meeting.reference, printed_on),
                              invariant=printed_on is not None)
        return BuiltDocument("extract", EXTRACT_TITLE, doc.meeting.reference,
                             "mappa_meeting", meeting_id, data)

    def rmp(self, case_id: int, printed_on: dt.date | None = None,
            progress: Progress | None = None, plan_required: bool = False) -> BuiltDocument:
        """The case's current RMP and its history. ``plan_required``: a case with no plan
        yet is a ``KeyError`` (saying so) instead of a page that says "No plan yet"."""
        from rrdesk.services.mappa_documents import MappaDocuments

        report(progress, 0, 2)
        doc = MappaDocuments(self.vault).rmp(case_id)
        if plan_required and not doc.version:
            raise KeyError(NO_RMP)
        report(progress, 1, 2)
        data = render_rmp(doc, self._info(doc.reference, printed_on, doc.person.name),
                          invariant=printed_on is not None)
        report(progress, 2, 2)
        return BuiltDocument("rmp", RMP_TITLE, doc.reference, "case", case_id, data)

    def pack(self, meeting_id: int, printed_on: dt.date | None = None,
             progress: Progress | None = None) -> BuiltDocument:
        """``ReportUnreadable`` names an attached agency report that is not a readable PDF."""
        from rrdesk.services.mappa_documents import MappaDocuments

        doc = MappaDocuments(self.vault).pack(meeting_id, progress)
        data = render_pack(doc, self._info(doc.meeting.reference, printed_on),
                           invariant=printed_on is not None)
        report(progress, 1, 1)
        return BuiltDocument("pack", PACK_TITLE, doc.meeting.reference, "mappa_meeting",
                             meeting_id, data)

    # ------------------------------------------------------------------ out
    def save(self, doc: BuiltDocument, path: Path, *, overwrite: bool = False,
             password: str | None = None) -> Path:
        """Write ``doc`` whole at ``path`` (owner only), optionally password-protected;
        logged as a disclosure. ``TargetExists`` when ``path`` exists and not ``overwrite``."""
        password = check_password(password)
        data = encrypt_pdf(doc.data, password) if password else doc.data
        path = Path(path)
        with self.vault.transaction() as s:
            atomic_write(path, lambda tmp: tmp.write_bytes(data), overwrite=overwrite)
            # Inside the transaction: a failed write leaves no entry behind.
            from rrdesk.store.audit import append

            protected = ", password-protected" if password else ""
            append(s, self.vault.actor, AuditAction.DISCLOSURE, doc.record_type,
                   doc.record_id, f"{doc.kind} saved as PDF to {path.name}{protected}")
        return path

    def log_printed(self, doc: BuiltDocument, printer: str = "") -> None:
        """A document sent to a printer is a disclosure too."""
        where = f" on {printer}" if printer else ""
        self.vault.log(AuditAction.DISCLOSURE, doc.record_type, doc.record_id,
                       f"{doc.kind} printed{where}")
