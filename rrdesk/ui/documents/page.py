"""The Documents page: choose a document, build it, preview it, then save or print it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rrdesk.documents.minutes import extract_parts
from rrdesk.documents.model import MinutesDoc
from rrdesk.domain.errors import FieldError
from rrdesk.services.distribution import DistributionService
from rrdesk.services.documents import BuiltDocument, DocumentService
from rrdesk.services.forms import FormService
from rrdesk.services.meetings import MeetingService
from rrdesk.services.progress import Progress
from rrdesk.ui.documents.jobs import Runner, run_now, session_runner
from rrdesk.ui.documents.meeting_dialogs import DistributionDialog, ExtractDialog
from rrdesk.ui.documents.preview import DocumentPreview

if TYPE_CHECKING:
    from rrdesk.ui.session import VaultSession

INTRO = ("Build a document, look at it, then save it where you choose or print it. Every page "
         "is marked OFFICIAL-SENSITIVE and numbered; saving and printing are recorded in the "
         "audit log.")


def failure_text(error: BaseException) -> str:
    if isinstance(error, KeyError):
        return str(error.args[0]) if error.args else "Not found."
    if isinstance(error, FieldError):
        return f"{error.field}: {error.message}"
    if isinstance(error, ValueError):  # e.g. an agency report that is not a readable PDF
        return f"The document could not be built: {error}."
    return "The document could not be built; nothing was written. The app log has details."


def open_preview(parent: QWidget, service: DocumentService, doc: BuiltDocument
                 ) -> DocumentPreview:
    preview = DocumentPreview(service, doc, parent)
    preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    preview.show()
    return preview


def show_document(parent: QWidget, service: DocumentService, title: str,
                  build: Callable[[Progress | None], BuiltDocument]) -> DocumentPreview | None:
    """Build a quick document at once and open its preview; a problem is said, not raised.
    (The Documents page builds through the session's operations instead.)"""
    shown: list[DocumentPreview] = []

    def failed(error: BaseException) -> None:
        QMessageBox.warning(parent, title, failure_text(error))

    run_now(build, title, lambda doc: shown.append(open_preview(parent, service, doc)),
            failed)
    return shown[0] if shown else None


class DocumentsPage(QWidget):
    def __init__(self, vault: Any, runner: Runner | None = None) -> None:
        super().__init__()
        self.vault = vault
        self.service = DocumentService(vault)
        self.run: Runner = runner or run_now
        self.preview: DocumentPreview | None = None

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
        self.dialog: QWidget | None = None

        partnership = QGroupBox("The partnership")
        self.plan_button = QPushButton("Partnership delivery plan…")
        self.plan_button.clicked.connect(self.partnership_plan)
        row = QHBoxLayout(partnership)
        row.addWidget(self.plan_button)
        row.addStretch(1)

        self.message = QLabel()
        self.message.setWordWrap(True)

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

    def _show(self, title: str, build: Callable[[Progress | None], BuiltDocument]) -> None:
        """Build (as an operation), then open the preview."""
        self.message.setText(f"Building the {title.lower()}…")

        def done(doc: BuiltDocument) -> None:
            self.message.clear()
            self.preview = open_preview(self, self.service, doc)

        def failed(error: BaseException) -> None:
            self.message.setText(failure_text(error))

        self.run(build, f"Building the {title.lower()}…", done, failed)

    def pathway_plan(self) -> None:
        case_id = self.chosen_case()
        if case_id is not None:
            self._show("Pathway plan", lambda progress: self.service.pathway_plan(
                case_id, progress=progress))

    def rmp(self) -> None:
        case_id = self.chosen_case()
        if case_id is not None:
            self._show("Risk Management Plan", lambda progress: self.service.rmp(
                case_id, progress=progress))

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
            self._show("Minutes", lambda progress: self.service.minutes(
                meeting_id, progress=progress))

    def pack(self) -> None:
        meeting_id = self.chosen_meeting()
        if meeting_id is not None:
            self._show("Meeting pack", lambda progress: self.service.pack(
                meeting_id, progress=progress))

    def extract(self) -> None:
        """Gather the minutes, then ask which parts go in and for whom."""
        meeting_id = self.chosen_meeting()
        if meeting_id is not None:
            self.run(lambda progress: self.service.minutes_input(meeting_id, progress),
                     "Gathering the minutes…",
                     lambda doc: self._ask_extract(meeting_id, doc),
                     lambda error: self.message.setText(failure_text(error)))

    def _ask_extract(self, meeting_id: int, doc: MinutesDoc) -> None:
        dialog = ExtractDialog(extract_parts(doc),
                               [(r.reference, r.person.name) for r in doc.reviews], self)
        self.dialog = dialog

        def build() -> None:
            self._show("Extract", lambda _progress: self.service.extract(
                doc, meeting_id, dialog.chosen(), recipient=dialog.recipient.text(),
                purpose=dialog.purpose.text(), case_references=dialog.case_references()))

        dialog.accepted.connect(build)
        dialog.open()

    def distribution(self) -> None:
        meeting_id = self.chosen_meeting()
        if meeting_id is not None:
            dialog = DistributionDialog(DistributionService(self.vault), meeting_id, self)
            self.dialog = dialog
            dialog.open()

    def partnership_plan(self) -> None:
        self._show("Partnership delivery plan",
                   lambda progress: self.service.partnership_plan(progress=progress))


def documents_page(session: VaultSession) -> QWidget:
    page = DocumentsPage(session.vault)
    page.run = session_runner(session, page)
    return page
