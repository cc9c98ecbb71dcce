"""Building a document from a screen and opening its preview, shared by the Documents page,
the meeting window and the case window.

A build runs through a ``Runner`` (``jobs.py``): in the app the session's operations (worker
thread, progress, Cancel; the window keeps answering), ``run_now`` where there is no session.
What a person sees while it builds, or why it failed, goes to ``say`` when given (a status
line); without one a failure is shown in a message box.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox, QWidget

from rrdesk.documents.minutes import extract_parts
from rrdesk.documents.model import MinutesDoc
from rrdesk.domain.errors import FieldError
from rrdesk.services.distribution import DistributionService
from rrdesk.services.documents import BuiltDocument, DocumentService
from rrdesk.services.progress import Progress
from rrdesk.ui.documents.jobs import Runner, run_now
from rrdesk.ui.documents.meeting_dialogs import DistributionDialog, ExtractDialog
from rrdesk.ui.documents.preview import PREVIEW_DPI, DocumentPreview
from rrdesk.ui.documents.render import page_images

Build = Callable[[Progress | None], BuiltDocument]


def failure_text(error: BaseException) -> str:
    if isinstance(error, KeyError):
        return str(error.args[0]) if error.args else "Not found."
    if isinstance(error, FieldError):
        return f"{error.field}: {error.message}"
    if isinstance(error, ValueError):  # e.g. an agency report that is not a readable PDF
        return f"The document could not be built: {error}."
    return "The document could not be built; nothing was written. The app log has details."


def open_preview(parent: QWidget, service: DocumentService, doc: BuiltDocument,
                 images: list[QImage] | None = None, run: Runner = run_now
                 ) -> DocumentPreview:
    preview = DocumentPreview(service, doc, parent, images=images, run=run)
    preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    preview.show()
    return preview


class DocumentActions:
    """Build, then preview (to save or print); a meeting's minutes, pack, extract and
    distribution. ``preview`` and ``dialog`` are the last ones opened."""

    def __init__(self, parent: QWidget, service: DocumentService,
                 say: Callable[[str], None] | None = None, run: Runner = run_now) -> None:
        self.parent, self.service, self.say, self.run = parent, service, say, run
        self.preview: DocumentPreview | None = None
        self.dialog: QWidget | None = None

    def _tell(self, text: str, failed: bool = False) -> None:
        if self.say is not None:
            self.say(text)
        elif failed:
            QMessageBox.warning(self.parent, "rrdesk", text)

    def _failed(self, error: BaseException) -> None:
        self._tell(failure_text(error), failed=True)

    def show(self, what: str, build: Build) -> None:
        """Build (through the runner), then open the preview. ``what``: "the <what>"."""
        label = f"Building the {what}…"
        self._tell(label)

        def job(progress: Progress | None) -> tuple[BuiltDocument, list[QImage]]:
            doc = build(progress)  # and the preview's pages, off the GUI thread too
            return doc, list(page_images(doc.data, PREVIEW_DPI))

        def done(built: tuple[BuiltDocument, list[QImage]]) -> None:
            self._tell("")
            doc, images = built
            self.preview = open_preview(self.parent, self.service, doc, images, self.run)

        self.run(job, label, done, self._failed, lambda: self._tell("Cancelled."))

    # ------------------------------------------------------------------ a person
    def pathway_plan(self, case_id: int) -> None:
        self.show("pathway plan", lambda progress: self.service.pathway_plan(
            case_id, progress=progress))

    def rmp(self, case_id: int, plan_required: bool = False) -> None:
        self.show("Risk Management Plan", lambda progress: self.service.rmp(
            case_id, progress=progress, plan_required=plan_required))

    # ------------------------------------------------------------------ a meeting
    def minutes(self, meeting_id: int) -> None:
        self.show("minutes", lambda progress: self.service.minutes(meeting_id,
                                                                   progress=progress))

    def pack(self, meeting_id: int) -> None:
        self.show("meeting pack", lambda progress: self.service.pack(meeting_id,
                                                                     progress=progress))

    def extract(self, meeting_id: int) -> None:
        """Gather the minutes, then ask which parts go in and for whom, then build."""
        self._tell("Gathering the minutes…")

        def gathered(doc: MinutesDoc) -> None:
            self._tell("")
            self._ask_extract(meeting_id, doc)

        self.run(lambda progress: self.service.minutes_input(meeting_id, progress),
                 "Gathering the minutes…", gathered, self._failed,
                 lambda: self._tell("Cancelled."))

    def _ask_extract(self, meeting_id: int, doc: MinutesDoc) -> ExtractDialog:
        dialog = ExtractDialog(extract_parts(doc),
                               [(r.reference, r.person.name) for r in doc.reviews], self.parent)
        self.dialog = dialog

        def build() -> None:
            chosen, references = dialog.chosen(), dialog.case_references()
            recipient, purpose = dialog.recipient.text(), dialog.purpose.text()
            self.show("extract", lambda _progress: self.service.extract(
                doc, meeting_id, chosen, recipient=recipient, purpose=purpose,
                case_references=references))

        dialog.accepted.connect(build)
        dialog.open()
        return dialog

    def distribution(self, meeting_id: int) -> DistributionDialog:
        dialog = DistributionDialog(DistributionService(self.service.vault), meeting_id,
                                    self.parent)
        self.dialog = dialog
        dialog.open()
        return dialog

    # ------------------------------------------------------------------ other
    def partnership_plan(self) -> None:
        self.show("partnership delivery plan",
                  lambda progress: self.service.partnership_plan(progress=progress))

