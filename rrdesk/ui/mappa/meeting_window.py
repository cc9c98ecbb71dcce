"""One MAPPA meeting: its agenda of case reviews, attendance once for the meeting, the
confidentiality statement, and the minutes of each case review (save, approve, amend)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rrdesk.domain.dates import format_uk
from rrdesk.domain.errors import FieldError, ValidationErrors
from rrdesk.domain.mappa import AttendanceStatus, MinutesStatus
from rrdesk.services.attachments import AttachmentService
from rrdesk.services.documents import DocumentService
from rrdesk.services.errors import VaultError
from rrdesk.services.local_rules import load_rules
from rrdesk.services.mappa_records import (
    AttendeeItem,
    MeetingView,
    Minutes,
    SuggestedCase,
)
from rrdesk.services.meetings import MeetingService
from rrdesk.services.minutes import MinutesNotEditable, MinutesService
from rrdesk.services.vaults import Vault
from rrdesk.ui.documents.actions import DocumentActions
from rrdesk.ui.documents.jobs import Runner, run_now
from rrdesk.ui.mappa.case_tab import ATTACH_FILTER
from rrdesk.ui.mappa.common import (
    ERROR_STYLE,
    NOTE_STYLE,
    agencies,
    error_label,
    problem_text,
    uk_datetime,
)
from rrdesk.ui.mappa.dialogs import AmendDialog, ApproveDialog
from rrdesk.ui.mappa.minutes_editor import MinutesEditor
from rrdesk.ui.mappa.rows import CHOICE, Column, RowsTable

ATTENDANCE_OPTIONS = [("Present", AttendanceStatus.PRESENT.value),
                      ("Apologies", AttendanceStatus.APOLOGIES.value),
                      ("Apologies, report sent", AttendanceStatus.REPORT_SENT.value)]
STATUS_WORDS = {MinutesStatus.DRAFT: "draft", MinutesStatus.APPROVED: "approved",
                MinutesStatus.LOCKED: "locked"}
LATE_COLOUR = "#f4c7c3"
PROBLEM_COLOUR = "#fce8b2"


def _cell(text: str) -> QTableWidgetItem:
    cell = QTableWidgetItem(text)
    cell.setToolTip(text)
    cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return cell


class SuggestedCasesDialog(QDialog):
    """Cases due before the next meeting of this level; late ones flagged. Ticked ones are
    added to the agenda."""

    def __init__(self, suggested: list[SuggestedCase], meeting_date: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add suggested cases")
        self.suggested = [s for s in suggested if not s.on_agenda]
        note = QLabel(f"Cases due for review before the next meeting of this level. A case "
                      f"due before {format_uk(meeting_date)} would be reviewed late.")
        note.setWordWrap(True)
        self.table = QTableWidget(len(self.suggested), 6)
        self.table.setAccessibleName("Suggested cases")
        self.table.setHorizontalHeaderLabels(["Add", "Person", "Level", "Last review", "Due",
                                              "Note"])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.checks: list[QCheckBox] = []
        for row, s in enumerate(self.suggested):
            check = QCheckBox()
            check.setChecked(True)
            check.setAccessibleName(f"Add {s.person}")
            self.checks.append(check)
            self.table.setCellWidget(row, 0, check)
            flag = ("Would be reviewed LATE (due " + format_uk(s.due) + ")" if s.late
                    else s.problem.capitalize() if s.problem
                    else f"Due {format_uk(s.due)}" if s.reason.startswith("due ")
                    else s.reason.capitalize())
            values = [s.person, f"Level {s.mappa_level}" if s.mappa_level else "—",
                      format_uk(s.last_review), format_uk(s.due), flag]
            for col, text in enumerate(values, start=1):
                cell = _cell(text)
                if s.late or s.problem:
                    cell.setBackground(QColor(LATE_COLOUR if s.late else PROBLEM_COLOUR))
                self.table.setItem(row, col, cell)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.empty = QLabel("No case is due before the next meeting of this level.")
        self.empty.setVisible(not self.suggested)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Add to agenda")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.resize(860, 420)

    def chosen(self) -> list[int]:
        return [s.case_id for s, check in zip(self.suggested, self.checks, strict=True)
                if check.isChecked()]


class MeetingWindow(QWidget):
    """A top-level window for one meeting (hidden with the others on lock)."""

    changed = Signal(int)  # the meeting id: lists elsewhere reload
    case_changed = Signal(int)  # approving or amending changed this case

    def __init__(self, vault: Vault, meeting_id: int, parent: QWidget | None = None,
                 now: dt.datetime | None = None, run: Runner | None = None) -> None:
        """``run``: how documents are built (the session's operations in the app)."""
        super().__init__(parent, Qt.WindowType.Window)
        self.vault = vault
        self.meeting_id = meeting_id
        self._now = now
        self.meetings = MeetingService(vault)
        self.minutes_service = MinutesService(vault)
        self.meeting: MeetingView | None = None
        self.minutes: dict[int, Minutes] = {}  # review id -> minutes
        self.dirty = False
        agency_names = agencies(vault)

        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.details = QLabel()
        self.details.setWordWrap(True)

        # Left: the agenda.
        self.agenda = QListWidget()
        self.agenda.setAccessibleName("Agenda")
        self.agenda.currentRowChanged.connect(self._agenda_selected)
        self.suggest_button = QPushButton("Add suggested cases…")
        self.suggest_button.clicked.connect(self.add_suggested)
        self.up_button = QPushButton("Up")
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button = QPushButton("Down")
        self.down_button.clicked.connect(lambda: self.move(1))
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove_selected)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("Agenda (case reviews in order)"))
        left_layout.addWidget(self.agenda, 1)
        row = QHBoxLayout()
        row.addWidget(self.up_button)
        row.addWidget(self.down_button)
        row.addWidget(self.remove_button)
        left_layout.addLayout(row)
        left_layout.addWidget(self.suggest_button)

        # Right: the meeting (attendance, statement) and the case review.
        self.tabs = QTabWidget()
        self.tabs.addTab(self._meeting_tab(agency_names), "Attendance")
        self.tabs.addTab(self._review_tab(agency_names), "Case review")

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 1000])
        layout = QVBoxLayout(self)
        layout.addLayout(self._documents_row(vault, run or run_now))
        layout.addWidget(self.details)
        layout.addWidget(splitter, 1)
        self.resize(1320, 720)
        self.reload()

    # ----------------------------------------------------------------- building
    def _documents_row(self, vault: Vault, run: Runner) -> QHBoxLayout:
        """The heading, then the meeting's documents: each previewed, to save or print."""
        self.documents_status = QLabel()
        self.documents_status.setAccessibleName("Documents status")
        self.documents_status.setStyleSheet(NOTE_STYLE)
        self.documents = DocumentActions(self, DocumentService(vault),
                                         self.documents_status.setText, run)
        self.minutes_doc_button = QPushButton("Minutes…")
        self.minutes_doc_button.setToolTip("The minutes of every case review of this meeting "
                                           "(marked DRAFT until all are approved): preview, "
                                           "save as PDF or print")
        self.minutes_doc_button.clicked.connect(self.preview_minutes)
        self.pack_button = QPushButton("Meeting pack…")
        self.pack_button.setToolTip("Cover, agenda and for each case its summary, RMP, "
                                    "outstanding actions, last minutes and attached reports")
        self.pack_button.clicked.connect(self.preview_pack)
        self.extract_button = QPushButton("Extract…")
        self.extract_button.setToolTip("An extract of the minutes for a third party, with "
                                       "only the parts you choose")
        self.extract_button.clicked.connect(self.start_extract)
        self.distribution_button = QPushButton("Distribution…")
        self.distribution_button.setToolTip("To whom the minutes or an extract went, when and "
                                            "how (each recipient is logged as a disclosure)")
        self.distribution_button.clicked.connect(self.start_distribution)
        row = QHBoxLayout()
        row.addWidget(self.heading)
        row.addStretch(1)
        row.addWidget(self.documents_status)
        for b in (self.minutes_doc_button, self.pack_button, self.extract_button,
                  self.distribution_button):
            row.addWidget(b)
        return row

    def _meeting_tab(self, agency_names: list[str]) -> QWidget:
        page = QWidget()
        note = QLabel("Who attended, sent apologies or sent a report: recorded once for the "
                      "whole meeting and shown in every case review's minutes.")
        note.setWordWrap(True)
        note.setStyleSheet(NOTE_STYLE)
        self.attendance = RowsTable(
            [Column("name", "Name"), Column("role", "Role", width=180),
             Column("agency", "Agency", CHOICE, [(a, a) for a in agency_names],
                    editable_choice=True, width=260),
             Column("status", "Attendance", CHOICE, ATTENDANCE_OPTIONS, width=180)],
            "Attendance", add_label="Add person", visible_rows=8)
        self.attendance_status = QLabel()
        self.save_attendance_button = QPushButton("Save attendance")
        self.save_attendance_button.clicked.connect(self.save_attendance)
        row = QHBoxLayout()
        row.addWidget(self.attendance_status, 1)
        row.addWidget(self.save_attendance_button)
        self.statement_text = QPlainTextEdit()
        self.statement_text.setReadOnly(True)
        self.statement_text.setFixedHeight(84)
        self.statement_text.setAccessibleName("Confidentiality and diversity statement")
        self.statement_agreed = QCheckBox("Read at the start of the meeting and agreed by all "
                                          "present")
        self.statement_agreed.toggled.connect(self.record_statement)
        self.statement_status = QLabel()
        self.statement_status.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(note)
        layout.addWidget(self.attendance, 1)
        layout.addLayout(row)
        layout.addWidget(QLabel("Confidentiality and diversity statement (the team's text, "
                                "from the local rules)"))
        layout.addWidget(self.statement_text)
        layout.addWidget(self.statement_agreed)
        layout.addWidget(self.statement_status)
        return page

    def _review_tab(self, agency_names: list[str]) -> QWidget:
        page = QWidget()
        self.editor = MinutesEditor(agency_names)
        self.editor.changed.connect(self._edited)
        self.review_error = error_label()
        self.review_status = QLabel()
        self.review_status.setAccessibleName("Minutes status")
        self.save_button = QPushButton("Save draft")
        self.save_button.clicked.connect(self.save_review)
        self.approve_button = QPushButton("Approve…")
        self.approve_button.clicked.connect(self.start_approve)
        self.amend_button = QPushButton("Amend…")
        self.amend_button.clicked.connect(self.start_amend)
        self.attach_button = QPushButton("Attach file…")
        self.attach_button.setToolTip("An agency report or other file for this case review "
                                      "(PDF, Word or an image), kept encrypted in the vault")
        self.attach_button.clicked.connect(self.start_attach)
        buttons = QHBoxLayout()
        buttons.addWidget(self.review_status, 1)
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.amend_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.approve_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.review_error)
        layout.addLayout(buttons)
        return page

    # ----------------------------------------------------------------- filling
    def reload(self) -> None:
        """The meeting and the minutes of every case review (one call each)."""
        self.meeting = self.meetings.get(self.meeting_id)
        self.minutes = {m.review_id: m for m in
                        self.minutes_service.meeting_minutes(self.meeting_id)}
        m = self.meeting
        self.setWindowTitle(f"MAPPA level {m.level} meeting {uk_datetime(m.held_at)} — rrdesk")
        self.heading.setText(f"Level {m.level} MAPPA meeting, {m.held_at:%d/%m/%Y at %H:%M}")
        where = ("Online" + (f" ({m.place})" if m.place else "")) if m.online else m.place
        self.details.setText(" · ".join(x for x in [
            m.area and f"Area: {m.area}", where and f"Place: {where}",
            f"Chair: {m.chair or '—'}", f"Minute taker: {m.minute_taker or '—'}",
            f"Status: {m.status}", f"{m.cases} case review(s), {m.approved} approved"] if x))
        self.attendance.set_rows([{"name": a.name, "role": a.role, "agency": a.agency,
                                   "status": AttendanceStatus(a.status).value}
                                  for a in m.attendees])
        self.attendance_status.setText(f"{len(m.attendees)} recorded." if m.attendees
                                       else "No attendance recorded yet.")
        self.statement_text.setPlainText(m.statement_text if m.statement_agreed
                                         else load_rules(self.vault).confidentiality_statement)
        self.statement_agreed.blockSignals(True)
        self.statement_agreed.setChecked(m.statement_agreed)
        self.statement_agreed.blockSignals(False)
        self._show_statement()
        self._fill_agenda()

    def _show_statement(self) -> None:
        m = self.meeting
        if m.statement_agreed:
            self.statement_status.setStyleSheet("")
            self.statement_status.setText(f"Recorded as read and agreed by "
                                          f"{m.statement_recorded_by} on "
                                          f"{uk_datetime(m.statement_recorded_at)}.")
        else:
            self.statement_status.setStyleSheet(ERROR_STYLE)
            self.statement_status.setText("Not recorded yet: no minutes of this meeting can be "
                                          "approved until it is.")

    def _fill_agenda(self, select_review: int | None = None) -> None:
        current = select_review if select_review is not None else self.current_review_id()
        self.agenda.blockSignals(True)
        self.agenda.clear()
        for item in self.meeting.agenda:
            minutes = self.minutes.get(item.review_id)
            status = minutes.status if minutes else item.status
            text = f"{item.position}. {item.person}\n     {STATUS_WORDS[MinutesStatus(status)]}"
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, item.review_id)
            entry.setToolTip(text)
            self.agenda.addItem(entry)
        self.agenda.blockSignals(False)
        ids = [i.review_id for i in self.meeting.agenda]
        row = ids.index(current) if current in ids else (0 if ids else -1)
        self.agenda.setCurrentRow(row)
        if row < 0:
            self._agenda_selected(-1)

    def current_review_id(self) -> int | None:
        item = self.agenda.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _agenda_selected(self, row: int) -> None:
        shown = self.editor.minutes
        review_id = self.current_review_id()
        # Moving to another case: what was typed is saved first, or the move waits.
        if (self.dirty and shown is not None and shown.review_id != review_id
                and shown.review_id in self.minutes and not self.save_review()):
            ids = [i.review_id for i in self.meeting.agenda]
            self.agenda.blockSignals(True)
            self.agenda.setCurrentRow(ids.index(shown.review_id))
            self.agenda.blockSignals(False)
            self.tabs.setCurrentIndex(1)
            return
        has = review_id is not None and review_id in self.minutes
        self.tabs.setTabEnabled(1, has)
        for b in (self.up_button, self.down_button, self.remove_button):
            b.setEnabled(has)
        if not has:
            self.review_status.clear()
            return
        self.editor.load(self.minutes[review_id])
        self.dirty = False
        self.review_error.clear()
        self._show_review_state()
        self._show_attachments()

    def _show_review_state(self) -> None:
        m = self.editor.minutes
        draft = m.status is MinutesStatus.DRAFT
        self.save_button.setEnabled(draft)
        self.approve_button.setEnabled(draft)
        self.amend_button.setEnabled(not draft)
        self.remove_button.setEnabled(draft)
        self.review_status.setText(
            "Draft." if draft else
            f"{m.status.value.capitalize()} by {m.approved_by} on "
            f"{uk_datetime(m.approved_at)}"
            + (f"; {len(m.amendments)} amendment(s)." if m.amendments else "."))

    def _edited(self) -> None:
        self.dirty = True
        self.review_status.setText("Draft: changes not saved yet.")

    def show_review(self, review_id: int) -> None:
        ids = [i.review_id for i in self.meeting.agenda]
        self.agenda.setCurrentRow(ids.index(review_id))
        self.tabs.setCurrentIndex(1)

    # ----------------------------------------------------------------- the agenda
    def add_suggested(self) -> SuggestedCasesDialog:
        dialog = SuggestedCasesDialog(self.meetings.suggested_cases(self.meeting_id),
                                      self.meeting.held_at.date(), self)
        dialog.accepted.connect(lambda: self._add_cases(dialog.chosen()))
        dialog.open()
        self.suggested_dialog = dialog  # kept for tests and so it is not collected
        return dialog

    def _add_cases(self, case_ids: list[int]) -> None:
        if not case_ids:
            return
        try:
            ids = self.meetings.add_to_agenda(self.meeting_id, case_ids)
        except (FieldError, ValidationErrors, KeyError, VaultError) as e:
            self.details.setText(f"Not added: {problem_text(e)}")
            return
        self.reload()
        self._fill_agenda(ids[0])
        self.changed.emit(self.meeting_id)

    def move(self, step: int) -> None:
        ids = [i.review_id for i in self.meeting.agenda]
        review_id = self.current_review_id()
        if review_id is None:
            return
        i = ids.index(review_id)
        j = i + step
        if not 0 <= j < len(ids):
            return
        ids[i], ids[j] = ids[j], ids[i]
        self.meetings.reorder_agenda(self.meeting_id, ids)
        self.meeting = self.meetings.get(self.meeting_id)
        self._fill_agenda(review_id)

    def remove_selected(self) -> None:
        review_id = self.current_review_id()
        if review_id is None:
            return
        try:
            self.meetings.remove_from_agenda(review_id)
        except (FieldError, KeyError) as e:
            self.review_error.setText(problem_text(e))
            return
        self.reload()
        self.changed.emit(self.meeting_id)

    # ----------------------------------------------------------------- attendance
    def save_attendance(self) -> bool:
        try:
            rows = self.attendance.values("attendees")
            people = [AttendeeItem(r["name"], r["agency"] or "", r["role"],
                                   AttendanceStatus(r["status"])) for r in rows]
            self.meetings.set_attendance(self.meeting_id, people)
        except (FieldError, ValidationErrors) as e:
            self.attendance_status.setStyleSheet(ERROR_STYLE)
            self.attendance_status.setText(f"Not saved: {problem_text(e)}")
            return False
        self.attendance_status.setStyleSheet("")
        self._refresh_after_meeting_change()
        self.attendance_status.setText(f"Saved: {len(people)} recorded.")
        return True

    def record_statement(self, agreed: bool) -> None:
        self.meetings.record_statement(self.meeting_id, agreed)
        self._refresh_after_meeting_change()

    def _refresh_after_meeting_change(self) -> None:
        review_id = self.current_review_id()
        self.meeting = self.meetings.get(self.meeting_id)
        self.minutes = {m.review_id: m for m in
                        self.minutes_service.meeting_minutes(self.meeting_id)}
        self._show_statement()
        if review_id is not None and not self.dirty:
            self.editor.load(self.minutes[review_id])
        self.changed.emit(self.meeting_id)

    # ----------------------------------------------------------------- minutes
    def save_review(self) -> bool:
        """Save the minutes shown (a draft) as they are on screen."""
        if self.editor.minutes is None:
            return False
        review_id = self.editor.minutes.review_id
        try:
            saved = self.minutes_service.save(review_id, self.editor.edit())
        except (FieldError, ValidationErrors) as e:
            self.review_error.setText(f"Not saved: {problem_text(e)}")
            return False
        except MinutesNotEditable as e:
            self.review_error.setText(str(e))
            return False
        self.minutes[review_id] = saved
        self.editor.load(saved)
        self.dirty = False
        self.review_error.clear()
        self._show_review_state()
        self.review_status.setText("Draft saved.")
        return True

    # ----------------------------------------------------------------- documents
    def _typed_minutes_saved(self) -> bool:
        """Typed minutes are saved first, so a document shows what is on screen."""
        if self.dirty and not self.save_review():
            self.documents_status.setText("Not built: the minutes on screen could not be "
                                          "saved (see the case review).")
            self.tabs.setCurrentIndex(1)
            return False
        return True

    def preview_minutes(self) -> None:
        if self._typed_minutes_saved():
            self.documents.minutes(self.meeting_id)

    def preview_pack(self) -> None:
        if self._typed_minutes_saved():
            self.documents.pack(self.meeting_id)

    def start_extract(self) -> None:
        if self._typed_minutes_saved():
            self.documents.extract(self.meeting_id)

    def start_distribution(self) -> QDialog:
        return self.documents.distribution(self.meeting_id)

    # ----------------------------------------------------------------- attachments
    def start_attach(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Attach a file to this case review", "",
                                              ATTACH_FILTER)
        if path:
            self.attach(Path(path))

    def attach(self, path: Path) -> bool:
        m = self.editor.minutes
        if m is None:
            return False
        try:
            AttachmentService(self.vault).add(m.case_id, path, review_id=m.review_id)
        except (FieldError, VaultError) as e:
            self.review_error.setText(f"Not attached: {problem_text(e)}")
            return False
        self.review_error.clear()
        self._show_attachments()
        return True

    def _show_attachments(self) -> None:
        m = self.editor.minutes
        files = AttachmentService(self.vault).list(review_id=m.review_id) if m else []
        self.editor.attachments_line.setText(
            "Attached to this review: " + "; ".join(
                f"{a.filename} ({a.added_by}, {uk_datetime(a.added_at)})" for a in files)
            if files else "No files attached to this review.")

    def save_if_changed(self) -> None:
        """Before the vault locks: typed minutes are saved as the draft they are (if they
        cannot be, for a bad date, they stay on screen)."""
        if self.dirty and self.editor.minutes is not None and \
                self.editor.minutes.status is MinutesStatus.DRAFT:
            self.save_review()

    def start_approve(self) -> ApproveDialog | None:
        if self.dirty and not self.save_review():
            return None
        review_id = self.current_review_id()
        dialog = ApproveDialog(lambda v: self.minutes_service.approve(review_id, *v),
                               self.meeting.chair, self._now or dt.datetime.now(), self)
        dialog.accepted.connect(lambda: self._approved(review_id))
        dialog.open()
        self.approve_dialog = dialog
        return dialog

    def _approved(self, review_id: int) -> None:
        approval = self.approve_dialog.result_value
        self.reload()
        self._fill_agenda(review_id)
        next_review = format_uk(approval.next_review) if approval.next_review else "none"
        self.review_status.setText(
            f"Approved. The case is now level {approval.new_level}; last review "
            f"{format_uk(approval.last_review)}, next review {next_review}; RMP version "
            f"{approval.rmp_version}.")
        self.changed.emit(self.meeting_id)
        self.case_changed.emit(approval.case_id)

    def start_amend(self) -> AmendDialog | None:
        review_id = self.current_review_id()
        if review_id is None:
            return None
        parts, current = self.editor.amendable()
        dialog = AmendDialog(lambda v: self.minutes_service.amend(review_id, *v), parts,
                             current, self)
        dialog.accepted.connect(lambda: self._amended(review_id, dialog))
        dialog.open()
        self.amend_dialog = dialog
        return dialog

    def _amended(self, review_id: int, dialog: AmendDialog) -> None:
        minutes: Minutes = dialog.result_value
        self.minutes[review_id] = minutes
        self.editor.load(minutes)
        self._show_review_state()
        self.changed.emit(self.meeting_id)
        self.case_changed.emit(minutes.case_id)
