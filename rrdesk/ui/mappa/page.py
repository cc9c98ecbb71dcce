"""The "MAPPA meetings" page: meetings (upcoming and past), referrals, and review dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rrdesk.domain.dates import format_uk
from rrdesk.domain.mappa import ReferralStatus
from rrdesk.services.mappa_records import Acceptance, MeetingSummary, ReferralView, ReviewDue
from rrdesk.services.meetings import MeetingService
from rrdesk.services.referrals import ReferralService
from rrdesk.services.reviews import LEAD_AGENCY, review_dates
from rrdesk.services.vaults import Vault
from rrdesk.ui.mappa.common import uk_datetime
from rrdesk.ui.mappa.dialogs import (
    AcceptReferralDialog,
    DeclineReferralDialog,
    ReferralDialog,
    ScheduleMeetingDialog,
    new_referral,
)
from rrdesk.ui.register.tables import item, read_only_table
from rrdesk.ui.register.workspace import workspace_for

if TYPE_CHECKING:
    from rrdesk.ui.session import VaultSession

UPCOMING, PAST, ALL = "upcoming", "past", "all"
OVERDUE_COLOUR = "#f4c7c3"
PROBLEM_COLOUR = "#fce8b2"
# Runs review dates off the GUI thread when the page is given a runner (the operations
# layer): runner(job(vault, progress), on_success).
Runner = Callable[[Callable, Callable], None]


class MeetingsPage(QWidget):
    open_meeting = Signal(int)
    open_case = Signal(int)
    case_changed = Signal(int)  # a referral made or decided here changed this case

    def __init__(self, vault: Vault, today: dt.date | None = None,
                 run: Runner | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self._today = today
        self._run = run
        self.meetings_service = MeetingService(vault)
        self.referral_service = ReferralService(vault)
        self.meetings: list[MeetingSummary] = []
        self.referrals: list[ReferralView] = []
        self.reviews: list[ReviewDue] = []
        self.tabs = QTabWidget()
        self.tabs.addTab(self._meetings_tab(), "Meetings")
        self.tabs.addTab(self._referrals_tab(), "Referrals")
        self.tabs.addTab(self._reviews_tab(), "Reviews due")
        heading = QLabel("MAPPA meetings")
        heading.setObjectName("Heading")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    # ----------------------------------------------------------------- meetings
    def _meetings_tab(self) -> QWidget:
        page = QWidget()
        self.when = QComboBox()
        self.when.setAccessibleName("Which meetings")
        self.when.addItem("Upcoming", UPCOMING)
        self.when.addItem("Past", PAST)
        self.when.addItem("All", ALL)
        self.when.currentIndexChanged.connect(lambda _i: self.reload_meetings())
        self.meeting_table = read_only_table(
            ["Date and time", "Level", "Area", "Place", "Chair", "Case reviews", "Approved",
             "Status"], "Meetings", stretch=3)
        self.meeting_table.doubleClicked.connect(lambda _i: self.open_selected_meeting())
        self.schedule_button = QPushButton("Schedule meeting…")
        self.schedule_button.clicked.connect(self.start_schedule)
        self.open_button = QPushButton("Open")
        self.open_button.clicked.connect(self.open_selected_meeting)
        self.meeting_count = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel("Show"))
        top.addWidget(self.when)
        top.addWidget(self.meeting_count, 1)
        top.addWidget(self.open_button)
        top.addWidget(self.schedule_button)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.meeting_table, 1)
        return page

    def reload_meetings(self) -> None:
        which = self.when.currentData()
        start = dt.datetime.combine(self.today, dt.time())
        found = self.meetings_service.list()
        if which == UPCOMING:
            found = [m for m in found if m.held_at >= start]
        elif which == PAST:
            found = list(reversed([m for m in found if m.held_at < start]))
        self.meetings = found
        self.meeting_table.setRowCount(len(found))
        for row, m in enumerate(found):
            place = ("Online" + (f" ({m.place})" if m.place else "")) if m.online else m.place
            values = [uk_datetime(m.held_at), f"Level {m.level}", m.area, place, m.chair,
                      str(m.cases), str(m.approved), m.status.capitalize()]
            for col, text in enumerate(values):
                self.meeting_table.setItem(row, col, item(text))
        words = {UPCOMING: "upcoming", PAST: "past", ALL: ""}[which]
        self.meeting_count.setText(f"{len(found)} {words} meeting{'s' if len(found) != 1 else ''}"
                                   .replace("  ", " "))

    def selected_meeting(self) -> MeetingSummary | None:
        row = self.meeting_table.currentRow()
        return self.meetings[row] if 0 <= row < len(self.meetings) else None

    def open_selected_meeting(self) -> None:
        m = self.selected_meeting()
        if m is not None:
            self.open_meeting.emit(m.id)

    def start_schedule(self) -> ScheduleMeetingDialog:
        dialog = ScheduleMeetingDialog(self.meetings_service.schedule,
                                       staff_default=self.vault.officer_name or "",
                                       parent=self)
        dialog.accepted.connect(lambda: self._scheduled(dialog.result_value))
        dialog.open()
        self.schedule_dialog = dialog
        return dialog

    def _scheduled(self, meeting_id: int) -> None:
        self.when.setCurrentIndex(self.when.findData(ALL))
        self.reload_meetings()
        ids = [m.id for m in self.meetings]
        if meeting_id in ids:
            self.meeting_table.selectRow(ids.index(meeting_id))
        self.open_meeting.emit(meeting_id)

    # ----------------------------------------------------------------- referrals
    def _referrals_tab(self) -> QWidget:
        page = QWidget()
        self.referral_table = read_only_table(
            ["Date", "Person", "Category", "Proposed level", "Referring agency", "Status",
             "Decision"], "Referrals", stretch=6)
        self.referral_table.itemSelectionChanged.connect(self._referral_selected)
        self.new_referral_button = QPushButton("New referral…")
        self.new_referral_button.clicked.connect(lambda: self.start_referral())
        self.accept_button = QPushButton("Accept…")
        self.accept_button.clicked.connect(self.start_accept)
        self.decline_button = QPushButton("Decline…")
        self.decline_button.clicked.connect(self.start_decline)
        self.referral_status = QLabel()
        self.referral_status.setWordWrap(True)
        self.referral_status.setAccessibleName("Referral status")
        row = QHBoxLayout()
        row.addWidget(self.referral_status, 1)
        row.addWidget(self.decline_button)
        row.addWidget(self.accept_button)
        row.addWidget(self.new_referral_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.referral_table, 1)
        layout.addLayout(row)
        return page

    def reload_referrals(self) -> None:
        self.referrals = self.referral_service.list()
        self.referral_table.setRowCount(len(self.referrals))
        for row, r in enumerate(self.referrals):
            if r.status == ReferralStatus.ACCEPTED:
                decision = f"Level {r.accepted_level}, by {r.decided_by}"
            elif r.status == ReferralStatus.DECLINED:
                decision = f"{r.decline_reason} ({r.decided_by})"
            else:
                decision = ""
            values = [format_uk(r.referral_date), r.person, f"Category {r.category}",
                      f"Level {r.proposed_level}", r.referring_agency,
                      r.status.value.capitalize(), decision]
            for col, text in enumerate(values):
                self.referral_table.setItem(row, col, item(text))
        self._referral_selected()

    def selected_referral(self) -> ReferralView | None:
        row = self.referral_table.currentRow()
        rows = {i.row() for i in self.referral_table.selectedIndexes()}
        return self.referrals[row] if 0 <= row < len(self.referrals) and row in rows else None

    def _referral_selected(self) -> None:
        r = self.selected_referral()
        pending = r is not None and r.status == ReferralStatus.PENDING
        self.accept_button.setEnabled(pending)
        self.decline_button.setEnabled(pending)

    def start_referral(self, case_id: int | None = None) -> ReferralDialog:
        dialog = new_referral(self.vault, self, case_id, self.today)
        dialog.accepted.connect(self._referral_added)
        self.referral_dialog = dialog
        return dialog

    def _referral_added(self) -> None:
        self.reload_referrals()
        if self.referral_dialog.person.currentData() is not None:
            self.case_changed.emit(self.referral_dialog.person.currentData())
        self.referral_status.setText("Referral saved: pending the coordinator's decision.")

    def start_accept(self) -> AcceptReferralDialog | None:
        r = self.selected_referral()
        if r is None:
            return None
        upcoming = self.meetings_service.list(since=r.referral_date)
        dialog = AcceptReferralDialog(
            lambda v: self.referral_service.accept(r.id, v[0], v[1], self.today),
            r.proposed_level, upcoming, self)
        dialog.accepted.connect(lambda: (self._accepted(dialog.result_value),
                                         self.case_changed.emit(r.case_id)))
        dialog.open()
        self.accept_dialog = dialog
        return dialog

    def _accepted(self, acceptance: Acceptance) -> None:
        self.reload_referrals()
        self.reload_meetings()
        where = (" and put on the agenda of its first meeting"
                 if acceptance.first_meeting_id else "")
        self.referral_status.setText(f"Accepted at level {acceptance.level}{where}.")
        if acceptance.prompts:
            box = QMessageBox(QMessageBox.Icon.Information, "Referral accepted: to consider",
                              "\n\n".join(acceptance.prompts), QMessageBox.StandardButton.Ok,
                              self)
            box.open()
            self.prompt_box = box
        self.reload_reviews()

    def start_decline(self) -> DeclineReferralDialog | None:
        r = self.selected_referral()
        if r is None:
            return None
        dialog = DeclineReferralDialog(lambda reason: self.referral_service.decline(r.id, reason),
                                       self)
        dialog.accepted.connect(lambda: (self.reload_referrals(),
                                         self.referral_status.setText("Referral declined."),
                                         self.case_changed.emit(r.case_id)))
        dialog.open()
        self.decline_dialog = dialog
        return dialog

    # ----------------------------------------------------------------- review dates
    def _reviews_tab(self) -> QWidget:
        page = QWidget()
        note = QLabel("Level 2 and 3 cases by review date (problems first, then overdue); "
                      "level 1 cases, reviewed by their lead agency, are listed after them.")
        note.setWordWrap(True)
        self.review_table = read_only_table(
            ["Person", "Level", "Kind", "Last review", "Due", "Overdue", "Problem",
             "Last decision"], "Review dates", stretch=0)
        self.review_table.doubleClicked.connect(self._open_review_case)
        self.review_count = QLabel()
        layout = QVBoxLayout(page)
        layout.addWidget(note)
        layout.addWidget(self.review_table, 1)
        layout.addWidget(self.review_count)
        return page

    def reload_reviews(self) -> None:
        today = self.today
        if self._run is not None:
            self._run(lambda vault, progress: review_dates(vault, today, progress=progress),
                      self._show_reviews)
        else:
            self._show_reviews(review_dates(self.vault, today))

    def _show_reviews(self, found: list[ReviewDue]) -> None:
        self.reviews = found
        self.review_table.setRowCount(len(found))
        overdue = problems = 0
        for row, r in enumerate(found):
            kind = "Lead agency (level 1)" if r.kind == LEAD_AGENCY else "MAPPA meeting"
            values = [r.person, f"Level {r.mappa_level}" if r.mappa_level else "—", kind,
                      format_uk(r.last_review), format_uk(r.due) or "—",
                      "Overdue" if r.overdue else "", (r.problem or "").capitalize(),
                      (r.last_decision or "").capitalize()]
            for col, text in enumerate(values):
                cell = item(text)
                if r.problem or r.overdue:
                    cell.setBackground(QColor(PROBLEM_COLOUR if r.problem else OVERDUE_COLOUR))
                self.review_table.setItem(row, col, cell)
            overdue += r.overdue
            problems += bool(r.problem)
        self.review_count.setText(f"{len(found)} cases: {overdue} overdue, {problems} with a "
                                  "problem.")

    def _open_review_case(self) -> None:
        row = self.review_table.currentRow()
        if 0 <= row < len(self.reviews):
            self.open_case.emit(self.reviews[row].case_id)

    # ----------------------------------------------------------------- all
    def reload(self) -> None:
        self.reload_meetings()
        self.reload_referrals()
        self.reload_reviews()

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        self.reload()
        super().showEvent(event)



def meetings_page(session: VaultSession) -> QWidget:
    """The page factory: meetings and cases open in the shared workspace's windows; review
    dates are read as an operation (off the GUI thread)."""
    workspace = workspace_for(session)

    def run(job: Callable, on_success: Callable) -> None:
        session.run(job, label="Reading review dates…", on_success=on_success)

    page = MeetingsPage(session.vault, run=run)
    page.open_meeting.connect(workspace.open_meeting)
    page.open_case.connect(workspace.open_case)
    page.case_changed.connect(workspace.case_changed_elsewhere)
    workspace.meeting_changed.connect(lambda _id: page.isVisible() and page.reload())
    return page
