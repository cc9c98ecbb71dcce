"""Preview a document before it leaves the app; save it where the person chooses, or print it.

The PDF stays in memory while previewed; saving writes it whole (owner only) and printing
sends page images to the printer the person chose in the system print dialog. Both are
logged as disclosures. Pages are drawn for the printer through the runner (in the app an
operation: QPainter may paint on a QPrinter off the GUI thread), one page in memory at a
time, with Cancel.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from rrdesk.domain.errors import FieldError
from rrdesk.services.documents import BuiltDocument, DocumentService
from rrdesk.services.progress import Cancelled, Progress, report
from rrdesk.tables.files import TargetExists
from rrdesk.ui.documents.jobs import Runner, run_now
from rrdesk.ui.documents.render import page_images

PREVIEW_DPI = 80
PRINT_DPI_MAX = 300
PDF_FILTER = "PDF document (*.pdf)"


class PrintRefused(ValueError):
    """The printer would not start, or refused a page."""


def print_pages(printer: QPrinter, data: bytes, dpi: float, total: int,
                progress: Progress | None = None) -> int:
    """Every page of ``data`` on ``printer``, scaled to its printable area; the number of
    pages. ``Cancelled`` (from ``progress``) aborts the print job."""
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintRefused("the printer could not be started")
    try:
        area = painter.viewport()
        for index, image in enumerate(page_images(data, dpi)):
            report(progress, index, total)
            if index and not printer.newPage():
                raise PrintRefused("the printer refused a page")
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(area.x() + (area.width() - size.width()) // 2,
                                    area.y() + (area.height() - size.height()) // 2,
                                    size.width(), size.height()), image)
        report(progress, total, total)
    except Cancelled:
        printer.abort()
        raise
    finally:
        painter.end()
    return total


class DocumentPreview(QDialog):
    def __init__(self, service: DocumentService, doc: BuiltDocument,
                 parent: QWidget | None = None, images: list[QImage] | None = None,
                 run: Runner = run_now) -> None:
        """``images``: the pages already drawn at ``PREVIEW_DPI`` (off the GUI thread);
        ``run``: how printing runs."""
        super().__init__(parent)
        self.service, self.doc, self.run = service, doc, run
        self.printer: QPrinter | None = None  # while a print runs
        self.setWindowTitle(f"{doc.title} — {doc.reference} (OFFICIAL-SENSITIVE)")
        self.saved_to: Path | None = None

        self.pages_box = QWidget()
        self.pages_box.setObjectName("previewPages")
        self.pages_box.setStyleSheet("#previewPages { background: #8a939c; }")
        pages_layout = QVBoxLayout(self.pages_box)
        pages_layout.setSpacing(12)
        pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.page_labels: list[QLabel] = []
        for image in images if images is not None else page_images(doc.data, PREVIEW_DPI):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setStyleSheet("border: 1px solid #5b636b;")
            pages_layout.addWidget(label)
            self.page_labels.append(label)
        scroll = QScrollArea()
        scroll.setWidget(self.pages_box)
        scroll.setWidgetResizable(True)
        scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)

        self.info = QLabel(f"{len(self.page_labels)} page"
                           f"{'s' if len(self.page_labels) != 1 else ''} · marked "
                           "OFFICIAL-SENSITIVE · saving or printing is recorded in the audit log")
        self.protect = QCheckBox("Protect the saved file with a password")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("password (8 characters or more)")
        self.password.setEnabled(False)
        self.password.setMinimumWidth(240)
        self.protect.toggled.connect(self.password.setEnabled)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.save_button = QPushButton("Save as PDF…")
        self.save_button.clicked.connect(self.choose_and_save)
        self.print_button = QPushButton("Print…")
        self.print_button.clicked.connect(self.choose_and_print)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)

        bar = QHBoxLayout()
        bar.addWidget(self.protect)
        bar.addWidget(self.password)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)
        layout.addLayout(bar)
        self.resize(900, 720)

    # ------------------------------------------------------------------ save
    # The folder last saved to, for this run of the app only (settings hold no paths of
    # exports).
    last_folder: Path | None = None

    def _folder(self) -> Path:
        folder = DocumentPreview.last_folder
        return folder if folder is not None and folder.is_dir() else Path.home()

    def choose_and_save(self) -> Path | None:
        suggested = str(self._folder() / self.doc.file_name())
        name, _ = QFileDialog.getSaveFileName(self, "Save document", suggested, PDF_FILTER)
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        # The file dialog has asked before replacing a file the person chose.
        return self.save_to(path, overwrite=True)

    def save_to(self, path: Path, overwrite: bool = False) -> Path | None:
        password = self.password.text() if self.protect.isChecked() else None
        try:
            self.service.save(self.doc, path, overwrite=overwrite, password=password)
        except FieldError as e:
            self.status.setText(f"Not saved: the {e.field} — {e.message}.")
            self.password.setFocus()
            return None
        except TargetExists:
            self.status.setText(f"Not saved: {path.name} already exists.")
            return None
        except OSError as e:
            self.status.setText(f"Not saved: {path.name} could not be written "
                                f"({e.strerror or 'error'}). Nothing was written.")
            return None
        self.saved_to = path
        DocumentPreview.last_folder = path.parent
        protected = " with a password" if password else ""
        self.status.setText(f"Saved to {path}{protected} (OFFICIAL-SENSITIVE: handle "
                            "accordingly).")
        return path

    # ------------------------------------------------------------------ print
    def choose_and_print(self) -> bool:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(f"{self.doc.title} {self.doc.reference}")
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.print_to(printer)
        return True

    def print_to(self, printer: QPrinter) -> None:
        """Every page on ``printer`` (through the runner); logged once it is all sent."""
        self.printer = printer  # kept until the job ends
        self.print_button.setEnabled(False)
        self.status.setText("Printing…")
        data, dpi = self.doc.data, min(printer.resolution(), PRINT_DPI_MAX)
        total = len(self.page_labels)

        def ended(text: str) -> None:
            self.printer = None
            self.print_button.setEnabled(True)
            self.status.setText(text)

        def done(pages: int) -> None:
            self.service.log_printed(self.doc, printer.printerName())
            where = printer.printerName() or printer.outputFileName() or "the printer"
            ended(f"Sent {pages} page(s) to {where}.")

        def failed(error: BaseException) -> None:
            reason = str(error) if isinstance(error, PrintRefused) else "the printer failed"
            ended(f"Not printed: {reason}.")

        self.run(lambda progress: print_pages(printer, data, dpi, total, progress),
                 f"Printing {total} page(s)…", done, failed,
                 lambda: ended("Printing cancelled."))
