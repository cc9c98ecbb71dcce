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

from rrdesk.domain.errors import FieldError
from rrdesk.services.documents import BuiltDocument, DocumentService
from rrdesk.services.forms import FormService
from rrdesk.services.progress import Progress
from rrdesk.ui.documents.jobs import Runner, run_now, session_runner
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
        grid = QGridLayout(person)
        grid.addWidget(QLabel("Case"), 0, 0)
        grid.addWidget(self.case_box, 0, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pathway_button)
        buttons.addStretch(1)
        grid.addLayout(buttons, 1, 1)
        grid.setColumnStretch(2, 1)
        self.case_buttons = buttons

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

    def partnership_plan(self) -> None:
        self._show("Partnership delivery plan",
                   lambda progress: self.service.partnership_plan(progress=progress))


def documents_page(session: VaultSession) -> QWidget:
    page = DocumentsPage(session.vault)
    page.run = session_runner(session, page)
    return page
