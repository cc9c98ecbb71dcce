"""The case window's "Forms" tab: every form record of the person, new ones, drafts, print.

The tab lists and asks; the workspace opens the form windows (so they save a draft when
the vault locks) and has the case window read the case again when one is saved. The list
comes from the case window's ``CaseFile`` (``fill``): the tab reads nothing itself.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rrdesk.domain.dates import format_uk
from rrdesk.services.case_file import CaseFile
from rrdesk.services.errors import VaultError
from rrdesk.services.forms import DRAFT, FormService, FormVersionMissing, RecordSummary
from rrdesk.ui.register.tables import item, read_only_table

PDF_FILTER = "PDF document (*.pdf)"


class CaseFormsTab(QWidget):
    """Form records of one person: form, version, status, date, who."""

    new_requested = Signal(str)  # form id: start a new record of this form
    open_requested = Signal(object)  # the RecordSummary to open (a saved record or a draft)

    def __init__(self, service: FormService, case_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service, self.case_id = service, case_id
        self.rows: list[RecordSummary] = []
        self.table = read_only_table(["Form", "Version", "Status", "Date", "Who"],
                                     "Form records")
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.new_button = QPushButton("New form…")
        self.new_button.setAccessibleName("Start a new form")
        self.new_menu = QMenu(self.new_button)
        for definition in service.startable():
            action = self.new_menu.addAction(definition.title)
            action.setData(definition.form_id)
            action.triggered.connect(
                lambda _c=False, f=definition.form_id: self.new_requested.emit(f))
        self.new_button.setMenu(self.new_menu)
        self.open_button = QPushButton("Open")
        self.open_button.clicked.connect(self.open_selected)
        self.print_button = QPushButton("Print…")
        self.print_button.clicked.connect(self.print_selected)
        self.status = QLabel()
        self.status.setAccessibleName("Forms status")
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def fill(self, file: CaseFile, extra: list[RecordSummary] | None = None) -> None:
        """The person's form records as read in ``file``, with ``extra`` records of other
        kinds (MAPPA) listed among them."""
        selected = self.selected()
        self.rows = sorted([*file.forms, *(extra or [])], key=lambda r: r.saved_at,
                           reverse=True)
        self.table.setRowCount(len(self.rows))
        for row, r in enumerate(self.rows):
            for col, text in enumerate([r.title, str(r.version or ""), r.status.capitalize(),
                                        format_uk(r.date), r.who or "—"]):
                self.table.setItem(row, col, item(text))
        again = [i for i, r in enumerate(self.rows)
                 if selected is not None and (r.record_id, r.form_id) ==
                 (selected.record_id, selected.form_id)]
        if again:
            self.table.selectRow(again[0])
        if not self.rows:
            self.status.setText("No forms yet for this person: New form… starts one.")
        elif self.status.text().startswith("No forms yet"):
            self.status.clear()
        self._selection_changed()

    def selected(self) -> RecordSummary | None:
        row = self.table.currentRow()
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.rows[row] if 0 <= row < len(self.rows) and row in rows else None

    def _selection_changed(self) -> None:
        chosen = self.selected()
        self.open_button.setEnabled(chosen is not None)
        self.print_button.setEnabled(chosen is not None and chosen.status != DRAFT
                                     and getattr(chosen, "printable", True))

    def open_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.open_requested.emit(chosen)

    def print_selected(self) -> None:
        chosen = self.selected()
        if chosen is None or chosen.record_id is None or not getattr(chosen, "printable", True):
            return
        name = f"{chosen.form_id}-{chosen.record_id}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, "Print to a PDF file", name, PDF_FILTER)
        if path:
            self.print_to(chosen.record_id, Path(path))

    def print_to(self, record_id: int, path: Path) -> None:
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            self.service.print_to_file(record_id, path)
        except FormVersionMissing as e:
            self.status.setText(f"Not printed: {e}.")
            return
        except (OSError, VaultError) as e:
            reason = getattr(e, "strerror", None) or str(e)
            self.status.setText(f"Not printed: {reason}.")
            return
        self.status.setText(f"Printed to {path.name} (OFFICIAL-SENSITIVE: handle accordingly).")
