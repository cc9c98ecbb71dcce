"""The case window's MAPPA tab: review dates, the reviews, the living RMP (current version
and history), the level history, referrals and attachments.

It shows the MAPPA part of the case window's ``CaseFile`` (``fill``) and reads nothing
itself; after a change (a file attached, a plan shared) it says so (``changed``) and the
window reads the case again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from rrdesk.domain.dates import format_uk
from rrdesk.domain.errors import FieldError
from rrdesk.domain.mappa import HEADING_LABELS, PILLARS, ActionStatus, Heading
from rrdesk.services.attachments import (
    ALLOWED,
    MAX_BYTES,
    AttachmentInfo,
    AttachmentService,
    TemporaryCopy,
)
from rrdesk.services.case_file import CaseFile
from rrdesk.services.errors import VaultError
from rrdesk.services.forms import RecordSummary
from rrdesk.services.mappa_records import Minutes
from rrdesk.services.referrals import ReferralView
from rrdesk.services.rmp import RmpPlan, RmpService, RmpVersionInfo
from rrdesk.services.vaults import Vault
from rrdesk.ui.mappa.common import ERROR_STYLE, agencies_of, problem_text, uk_datetime
from rrdesk.ui.mappa.dialogs import SaveDialog, agency_combo
from rrdesk.ui.register.date_field import OptionalDateEdit
from rrdesk.ui.register.tables import item, read_only_table

ATTACH_FILTER = "Reports and images (*.pdf *.doc *.docx *.png *.jpg *.jpeg *.gif)"
STATUS_WORDS = {s.value: s.value.replace("_", " ").capitalize() for s in ActionStatus}


def plan_html(plan: RmpPlan) -> str:
    """The plan as a page to read: risks, protective factors, the four headings (a heading
    with no action says why), contingency, licence conditions, sharing."""
    e = escape
    out = [f"<h3>RMP version {plan.version or 'draft'}</h3>",
           f"<p>{e(plan.status.capitalize())}"
           + (f", approved {uk_datetime(plan.approved_at)}" if plan.approved_at else "")
           + "</p><h4>Risks the plan manages</h4>"]
    if plan.risks:
        out.append("<table border='1' cellspacing='0' cellpadding='3'><tr><th>Nature</th>"
                   "<th>Who is at risk</th><th>When</th><th>Circumstances</th></tr>")
        out += [f"<tr><td>{e(r.nature)}</td><td>{e(r.who_at_risk)}</td><td>{e(r.when)}</td>"
                f"<td>{e(r.circumstances)}</td></tr>" for r in plan.risks]
        out.append("</table>")
    else:
        out.append("<p>None recorded.</p>")
    out.append(f"<h4>Protective factors</h4><p>{e(plan.protective_factors) or '—'}</p>")
    for heading in [*PILLARS, Heading.CONTINGENCY]:
        out.append(f"<h4>{e(HEADING_LABELS[heading])}</h4>")
        actions = plan.actions_under(heading)
        if not actions:
            why = plan.no_action_reasons.get(heading.value, "")
            out.append(f"<p>No action: {e(why)}</p>" if why else "<p>No action.</p>")
            continue
        out.append("<table border='1' cellspacing='0' cellpadding='3'><tr><th>What</th>"
                   "<th>Agency</th><th>Owner</th><th>Due</th><th>Status</th></tr>")
        out += [f"<tr><td>{e(a.what)}</td><td>{e(a.agency)}</td><td>{e(a.owner)}</td>"
                f"<td>{format_uk(a.due)}</td><td>{STATUS_WORDS[ActionStatus(a.status).value]}"
                "</td></tr>" for a in actions]
        out.append("</table>")
    conditions = "".join(f"<li>{e(c)}</li>" for c in plan.licence_conditions)
    out.append(f"<h4>Licence conditions</h4>{f'<ul>{conditions}</ul>' if conditions else '—'}")
    shared = "; ".join(f"{e(s.agency)} on {format_uk(s.shared_on)} ({e(s.shared_by)})"
                       for s in plan.shared_with)
    out.append(f"<h4>Shared with</h4><p>{shared or 'Not yet shared.'}</p>")
    return "".join(out)


@dataclass(frozen=True)
class MappaRecord(RecordSummary):
    """A MAPPA record listed with the person's forms: opened in its own screen (minutes in
    the meeting window, the RMP and referrals on the MAPPA tab), printed by its own
    documents rather than as a form record."""

    kind: str = ""  # "referral", "minutes" or "rmp"
    meeting_id: int | None = None
    printable: bool = False


class ShareDialog(SaveDialog):
    def __init__(self, save: Callable, names: list[str], today: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__("Record the plan as shared", save, parent, "Record")
        self.agency = self.row("Agency", agency_combo(names))
        self.shared_on = self.row("Shared on", OptionalDateEdit("shared_on"))
        self.shared_on.set_date(today)
        self.resize(420, 150)

    def values(self) -> tuple[str, dt.date]:
        day = self.shared_on.date()
        if day is None:
            raise FieldError("shared_on", "give the date it was shared")
        return self.agency.currentText().strip(), day


class CaseMappaTab(QWidget):
    open_review = Signal(int, int)  # meeting id, review id
    refer = Signal(int)  # case id: start a referral
    changed = Signal()  # something was added or recorded here: the case is read again

    def __init__(self, vault: Vault, case_id: int, today: dt.date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault, self.case_id = vault, case_id
        self.today = today or dt.date.today()
        self.rmp = RmpService(vault)
        self.attachments = AttachmentService(vault)
        self.copies: list[TemporaryCopy] = []
        # Hands a temporary copy to the desktop's viewer; tests replace it.
        self.opener: Callable[[Path], object] = lambda path: QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(path)))
        self.reviews: list[Minutes] = []
        self.records: list[MappaRecord] = []  # listed on the Forms tab too
        self.file: CaseFile | None = None
        self.versions: list[RmpVersionInfo] = []
        self.plans: dict[int, RmpPlan] = {}
        self._referral_views: list[ReferralView] = []
        self.attached: list[AttachmentInfo] = []

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("MAPPA summary")
        self.refer_button = QPushButton("Refer to MAPPA…")
        self.refer_button.clicked.connect(lambda: self.refer.emit(self.case_id))
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.refer_button)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._reviews_tab(), "Reviews")
        self.tabs.addTab(self._rmp_tab(), "RMP")
        self.tabs.addTab(self._levels_tab(), "Level history")
        self.tabs.addTab(self._referrals_tab(), "Referrals")
        self.tabs.addTab(self._attachments_tab(), "Attachments")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

    # ----------------------------------------------------------------- building
    def _reviews_tab(self) -> QWidget:
        self.review_table = read_only_table(
            ["Meeting", "Level", "Type", "Decision", "New level", "Next review", "Minutes",
             "Amendments"], "MAPPA reviews", stretch=3)
        self.review_table.doubleClicked.connect(lambda _i: self.open_selected_review())
        return self.review_table

    def _rmp_tab(self) -> QWidget:
        page = QWidget()
        self.version_table = read_only_table(["Version", "Status", "Approved", "Actions"],
                                             "RMP versions")
        self.version_table.itemSelectionChanged.connect(self._version_selected)
        self.plan_view = QTextBrowser()
        self.plan_view.setAccessibleName("Risk Management Plan")
        self.share_button = QPushButton("Record shared with…")
        self.share_button.clicked.connect(self.start_share)
        self.rmp_status = QLabel()
        left = QWidget()
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.version_table, 1)
        box.addWidget(self.rmp_status)
        box.addWidget(self.share_button)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.plan_view)
        splitter.setSizes([300, 700])
        layout = QVBoxLayout(page)
        layout.addWidget(splitter)
        return page

    def _levels_tab(self) -> QWidget:
        self.level_table = read_only_table(["Date", "From", "To", "Reason", "Recorded by"],
                                           "Level history", stretch=3)
        return self.level_table

    def _referrals_tab(self) -> QWidget:
        self.referral_table = read_only_table(
            ["Date", "Referring agency", "Category", "Proposed", "Criteria met", "Status",
             "Decision"], "Referrals of this person", stretch=4)
        return self.referral_table

    def _attachments_tab(self) -> QWidget:
        page = QWidget()
        self.attachment_table = read_only_table(
            ["File", "Type", "Size", "Added by", "Added (UTC)", "Of"], "Attachments",
            stretch=0)
        self.attachment_table.doubleClicked.connect(lambda _i: self.open_selected_attachment())
        self.add_file_button = QPushButton("Add file…")
        self.add_file_button.clicked.connect(self.start_add_file)
        self.open_file_button = QPushButton("Open")
        self.open_file_button.clicked.connect(self.open_selected_attachment)
        self.attachment_status = QLabel(f"{ALLOWED}, at most {MAX_BYTES // (1024 * 1024)} MB. "
                                        "Kept encrypted inside the vault.")
        self.attachment_status.setWordWrap(True)
        self.attachment_status.setAccessibleName("Attachments status")
        row = QHBoxLayout()
        row.addWidget(self.attachment_status, 1)
        row.addWidget(self.open_file_button)
        row.addWidget(self.add_file_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.attachment_table, 1)
        layout.addLayout(row)
        return page

    # ----------------------------------------------------------------- filling
    def fill(self, file: CaseFile) -> None:
        """Show the MAPPA part of the case as the case window read it."""
        self.file = file
        self._fill_summary()
        self._fill_reviews()
        self._fill_versions()
        self._fill_levels()
        self._fill_referrals()
        self._fill_attachments()
        self.records = self._records()

    def _records(self) -> list[MappaRecord]:
        out = []
        for r in self._referral_views:
            when = r.decided_at or dt.datetime.combine(r.referral_date, dt.time())
            out.append(MappaRecord(r.id, "mappa_referral", "MAPPA referral", None,
                                   r.status.value, r.referral_date, r.decided_by, when,
                                   kind="referral"))
        for m in self.reviews:
            when = m.approved_at or dt.datetime.combine(m.meeting_date, m.meeting_time)
            out.append(MappaRecord(m.review_id, "mappa_minutes",
                                   f"MAPPA minutes (level {m.meeting_level} meeting)", None,
                                   m.status.value + (f", {len(m.amendments)} amendment(s)"
                                                     if m.amendments else ""),
                                   m.meeting_date, m.approved_by, when, kind="minutes",
                                   meeting_id=m.meeting_id))
        approved = {m.review_id: m.approved_at for m in self.reviews if m.approved_at}
        for v in self.versions:
            # The date the chair approved the minutes that made this version.
            when = approved.get(v.review_id) or v.approved_at or v.created_at
            out.append(MappaRecord(v.id, "risk_management_plan", "Risk Management Plan",
                                   v.version, v.status, when.date(), "", when, kind="rmp"))
        return out

    def show_record(self, record: MappaRecord) -> None:
        """The RMP version or the referral on this tab."""
        if record.kind == "rmp":
            self.tabs.setCurrentIndex(1)
            ids = [v.id for v in self.versions]
            if record.record_id in ids:
                self.version_table.selectRow(ids.index(record.record_id))
        elif record.kind == "referral":
            self.tabs.setCurrentIndex(3)
            ids = [r.id for r in self._referral_views]
            if record.record_id in ids:
                self.referral_table.selectRow(ids.index(record.record_id))

    def _fill_summary(self) -> None:
        """The case's review dates as the register keeps them: level 2 and 3 from their
        meetings (a missing date is a problem), level 1 from its lead-agency interval."""
        d, when = self.file.details, self.file.mappa.review_due
        if when is None:
            self.summary.setStyleSheet("")
            self.summary.setText("Not a MAPPA case (no MAPPA level or category).")
            return
        bits = [f"Level {d.mappa_level}" if d.mappa_level else "No level",
                f"last review {format_uk(d.last_review)}" if d.last_review else
                "no review yet"]
        if when.due:
            bits.append(f"next {when.kind} by {format_uk(when.due)}"
                        + (" (OVERDUE)" if when.overdue else ""))
        if when.problem:
            bits.append(f"problem: {when.problem}")
        self.summary.setStyleSheet(ERROR_STYLE if when.problem or when.overdue else "")
        self.summary.setText(" · ".join(bits))

    def _fill_reviews(self) -> None:
        self.reviews = self.file.mappa.reviews
        self.review_table.setRowCount(len(self.reviews))
        for row, m in enumerate(self.reviews):
            values = [f"{format_uk(m.meeting_date)} (level {m.meeting_level})",
                      f"Level {m.level_before}" if m.level_before else "—",
                      m.review_type.value.capitalize(),
                      m.level_decision.label if m.level_decision else "",
                      f"Level {m.new_level}" if m.new_level else "",
                      format_uk(m.next_review), m.status.value.capitalize(),
                      str(len(m.amendments)) if m.amendments else ""]
            for col, text in enumerate(values):
                self.review_table.setItem(row, col, item(text))

    def _fill_versions(self) -> None:
        chosen = self._chosen_version()
        self.versions, self.plans = self.file.mappa.versions, self.file.mappa.plans
        self.version_table.setRowCount(len(self.versions))
        approved = {m.review_id: m.approved_at for m in self.reviews if m.approved_at}
        for row, v in enumerate(self.versions):
            when = approved.get(v.review_id) or v.approved_at
            values = [str(v.version), v.status.capitalize(), uk_datetime(when),
                      str(v.actions)]
            for col, text in enumerate(values):
                self.version_table.setItem(row, col, item(text))
        self.share_button.setEnabled(bool(self.versions))
        if self.versions:
            ids = [v.id for v in self.versions]  # the one chosen before, else the current one
            self.version_table.selectRow(ids.index(chosen) if chosen in ids else 0)
            self._version_selected()
        else:
            self.plan_view.setHtml("<p>No plan yet: approving the minutes of a review makes "
                                   "the first version.</p>")

    def _chosen_version(self) -> int | None:
        row = self.version_table.currentRow()
        return self.versions[row].id if 0 <= row < len(self.versions) else None

    def _version_selected(self) -> None:
        chosen = self._chosen_version()
        if chosen is not None:  # as read with the case: choosing a version reads nothing
            self.plan_view.setHtml(plan_html(self.plans[chosen]))

    def _fill_levels(self) -> None:
        changes = list(reversed(self.file.mappa.levels))
        self.level_table.setRowCount(len(changes))
        for row, c in enumerate(changes):
            values = [format_uk(c.changed_on), f"Level {c.from_level}" if c.from_level else
                      "None", f"Level {c.to_level}" if c.to_level else "None", c.reason,
                      c.recorded_by]
            for col, text in enumerate(values):
                self.level_table.setItem(row, col, item(text))

    def _fill_referrals(self) -> None:
        found = self._referral_views = self.file.mappa.referrals
        self.referral_table.setRowCount(len(found))
        for row, r in enumerate(found):
            decision = (f"Level {r.accepted_level}" if r.accepted_level else
                        r.decline_reason)
            values = [format_uk(r.referral_date), r.referring_agency, str(r.category),
                      f"Level {r.proposed_level}", "; ".join(c.label for c in r.criteria),
                      r.status.value.capitalize(), decision]
            for col, text in enumerate(values):
                self.referral_table.setItem(row, col, item(text))

    def _fill_attachments(self) -> None:
        self.attached = self.file.mappa.attachments
        self.attachment_table.setRowCount(len(self.attached))
        for row, a in enumerate(self.attached):
            size = f"{max(1, round(a.size / 1024))} KB" if a.size < 1024 * 1024 else \
                f"{a.size / (1024 * 1024):.1f} MB"
            values = [a.filename, a.kind.upper(), size, a.added_by, uk_datetime(a.added_at),
                      "a case review" if a.review_id else "the case"]
            for col, text in enumerate(values):
                self.attachment_table.setItem(row, col, item(text))
        self.open_file_button.setEnabled(bool(self.attached))

    # ----------------------------------------------------------------- acting
    def open_selected_review(self) -> None:
        row = self.review_table.currentRow()
        if 0 <= row < len(self.reviews):
            m = self.reviews[row]
            self.open_review.emit(m.meeting_id, m.review_id)

    def start_share(self) -> ShareDialog | None:
        row = self.version_table.currentRow()
        if not 0 <= row < len(self.versions):
            return None
        rmp_id = self.versions[row].id
        dialog = ShareDialog(lambda v: self.rmp.record_shared(rmp_id, *v),
                             agencies_of(self.file.rules), self.today, self)
        dialog.accepted.connect(lambda: (self.rmp_status.setText("Sharing recorded."),
                                         self.changed.emit()))
        dialog.open()
        self.share_dialog = dialog
        return dialog

    def start_add_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Attach a file", "", ATTACH_FILTER)
        if path:
            self.add_file(Path(path))

    def add_file(self, path: Path, review_id: int | None = None) -> bool:
        try:
            self.attachments.add(self.case_id, path, review_id=review_id)
        except (FieldError, VaultError) as e:
            self.attachment_status.setStyleSheet(ERROR_STYLE)
            self.attachment_status.setText(f"Not attached: {problem_text(e)}")
            return False
        self.attachment_status.setStyleSheet("")
        self.attachment_status.setText(f"{path.name} attached (kept encrypted in the vault).")
        self.changed.emit()
        return True

    def open_selected_attachment(self) -> None:
        row = self.attachment_table.currentRow()
        if not 0 <= row < len(self.attached):
            return
        try:
            copy = self.attachments.open_copy(self.attached[row].id)
        except (KeyError, OSError, VaultError) as e:
            self.attachment_status.setText(f"Not opened: {problem_text(e)}")
            return
        self.copies.append(copy)
        self.opener(copy.path)
        self.attachment_status.setText("Opened through a temporary copy, removed when this "
                                       "window closes or the vault locks.")

    def remove_copies(self) -> None:
        """Remove the temporary copies opened from here (window closed, vault locking)."""
        for copy in self.copies:
            copy.remove()
        self.copies = []
