"""The Documents page: choose a document, build it, preview it, then save or print it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rrdesk.services.documents import DocumentService
from rrdesk.services.forms import FormService
from rrdesk.services.meetings import MeetingService
from rrdesk.ui.documents.actions import DocumentActions, failure_text, open_preview
from rrdesk.ui.documents.jobs import Runner, run_now, session_runner
from rrdesk.ui.documents.preview import DocumentPreview

__all__ = ["DocumentsPage", "documents_page", "failure_text", "open_preview"]

if TYPE_CHECKING:
    from rrdesk.ui.session import VaultSession

INTRO = ("Build a document, look at it, then save it where you choose or print it. Every page "
         "is marked OFFICIAL-SENSITIVE and numbered; saving and printing are recorded in the "
         "audit log.")


class DocumentsPage(QWidget):
    def __init__(self, vault: Any, runner: Runner | None = None) -> None:
        super().__init__()
        self.vault = vault
        self.service = DocumentService(vault)

        heading = QLabel("Documents")
        heading.setObjectName("Heading")
        intro = QLabel(INTRO)
        intro.setObjectName("PageText")
        intro.setWordWrap(True)
        intro.setMaximumWidth(760)

        person = QGroupBox("A person")
        self.case_box = QComboBox()
        self.case_box.setEditable(True)
        self.case_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.case_box.setMinimumWidth(360)
        self.case_box.lineEdit().setPlaceholderText("type a name or CRN")
        completer = QCompleter(self.case_box.model(), self.case_box)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.case_box.setCompleter(completer)
        self.pathway_button = QPushButton("Pathway plan…")
        self.pathway_button.clicked.connect(self.pathway_plan)
        self.rmp_button = QPushButton("Risk Management Plan…")
        self.rmp_button.clicked.connect(self.rmp)
        grid = QGridLayout(person)
        grid.addWidget(QLabel("Case"), 0, 0)
        grid.addWidget(self.case_box, 0, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pathway_button)
        buttons.addWidget(self.rmp_button)
        buttons.addStretch(1)
        grid.addLayout(buttons, 1, 1)
        grid.setColumnStretch(2, 1)
        self.case_buttons = buttons

        meetings = QGroupBox("A MAPPA meeting")
        self.meeting_box = QComboBox()
        self.meeting_box.setMinimumWidth(420)
        self.minutes_button = QPushButton("Minutes…")
        self.minutes_button.clicked.connect(self.minutes)
        self.extract_button = QPushButton("Extract for a third party…")
        self.extract_button.clicked.connect(self.extract)
        self.pack_button = QPushButton("Meeting pack…")
        self.pack_button.clicked.connect(self.pack)
        self.distribution_button = QPushButton("Distribution…")
        self.distribution_button.clicked.connect(self.distribution)
        mgrid = QGridLayout(meetings)
        mgrid.addWidget(QLabel("Meeting"), 0, 0)
        mgrid.addWidget(self.meeting_box, 0, 1)
        mbuttons = QHBoxLayout()
        for b in (self.minutes_button, self.extract_button, self.pack_button,
                  self.distribution_button):
            mbuttons.addWidget(b)
        mbuttons.addStretch(1)
        mgrid.addLayout(mbuttons, 1, 1)
        mgrid.setColumnStretch(2, 1)

        partnership = QGroupBox("The partnership")
        self.plan_button = QPushButton("Partnership delivery plan…")
        self.plan_button.clicked.connect(self.partnership_plan)
        row = QHBoxLayout(partnership)
        row.addWidget(self.plan_button)
        row.addStretch(1)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.actions = DocumentActions(self, self.service, self.message.setText,
                                       runner or run_now)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(person)
        layout.addWidget(meetings)
        layout.addWidget(partnership)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        current = self.case_box.currentData()
        self.case_box.clear()
        for case_id, label in FormService(self.vault).people():
            self.case_box.addItem(label, case_id)
        index = self.case_box.findData(current) if current is not None else -1
        self.case_box.setCurrentIndex(index)
        chosen = self.meeting_box.currentData()
        self.meeting_box.clear()
        for m in reversed(MeetingService(self.vault).list()):  # newest first
            where = f" · {m.area}" if m.area else ""
            self.meeting_box.addItem(
                f"{m.held_at.strftime('%d/%m/%Y %H:%M')} · level {m.level}{where} · "
                f"{m.cases} case{'s' if m.cases != 1 else ''} ({m.status})", m.id)
        index = self.meeting_box.findData(chosen) if chosen is not None else -1
        self.meeting_box.setCurrentIndex(max(index, 0))

    def chosen_case(self) -> int | None:
        index = self.case_box.findText(self.case_box.currentText(),
                                       Qt.MatchFlag.MatchExactly)
        if index < 0:
            self.message.setText("Choose a person from the list first.")
            self.case_box.setFocus()
            return None
        self.message.clear()
        return self.case_box.itemData(index)

    # The runner, and the last preview and dialog opened (tests look at them).
    @property
    def run(self) -> Runner:
        return self.actions.run

    @run.setter
    def run(self, runner: Runner) -> None:
        self.actions.run = runner

    @property
    def preview(self) -> DocumentPreview | None:
        return self.actions.preview

    @property
    def dialog(self) -> QWidget | None:
        return self.actions.dialog

    def pathway_plan(self) -> None:
        case_id = self.chosen_case()
        if case_id is not None:
            self.actions.pathway_plan(case_id)

    def rmp(self) -> None:
        case_id = self.chosen_case()
        if case_id is not None:
            self.actions.rmp(case_id)

    def chosen_meeting(self) -> int | None:
        meeting_id = self.meeting_box.currentData()
        if meeting_id is None:
            self.message.setText("There is no meeting yet: schedule one on the MAPPA "
                                 "meetings page.")
            return None
        self.message.clear()
        return meeting_id

    def minutes(self) -> None:
        meeting_id = self.chosen_meeting()
        if meeting_id is not None:
            self.actions.minutes(meeting_id)

    def pack(self) -> None:
        meeting_id = self.chosen_meeting()
        if meeting_id is not None:
            self.actions.pack(meeting_id)

    def extract(self) -> None:
        meeting_id = self.chosen_meeting()
        if meeting_id is not None:
            self.actions.extract(meeting_id)

    def distribution(self) -> None:
        meeting_id = self.chosen_meeting()
        if meeting_id is not None:
            self.actions.distribution(meeting_id)

    def partnership_plan(self) -> None:
        self.actions.partnership_plan()


def documents_page(session: VaultSession) -> QWidget:
    page = DocumentsPage(session.vault)
    page.run = session_runner(session, page)
    return page
