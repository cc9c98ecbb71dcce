"""Two records of one person: the warning when adding a possible duplicate, and merging."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rrdesk.domain.dates import format_uk
from rrdesk.services.cases import CaseService, PossibleDuplicate
from rrdesk.services.register import RegisterFilter, RegisterQuery
from rrdesk.services.vaults import Vault


class DuplicateWarningDialog(QDialog):
    """Shown before a new case is saved when it may be someone already in the vault."""

    open_existing = Signal(int)
    add_anyway = Signal()

    def __init__(self, duplicates: list[PossibleDuplicate], parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setWindowTitle("This person may already be in the vault")
        intro = QLabel("Before adding a new case, check whether it is one of these people:")
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Possible duplicates")
        for d in duplicates:
            text = (f"{d.family_name}, {d.given_names}"
                    f"{'  (born ' + format_uk(d.date_of_birth) + ')' if d.date_of_birth else ''}"
                    f" — {', '.join(d.reasons)}")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, d.case_id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.open_button = QPushButton("Open the existing case")
        self.open_button.setDefault(True)
        self.add_button = QPushButton("Add as a new person")
        cancel = QPushButton("Cancel")
        self.open_button.clicked.connect(self._open)
        self.list.itemActivated.connect(lambda _i: self._open())
        self.add_button.clicked.connect(self._add)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (cancel, self.add_button, self.open_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.resize(560, 280)

    def _open(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.open_existing.emit(int(item.data(Qt.ItemDataRole.UserRole)))
            self.accept()

    def _add(self) -> None:
        self.add_anyway.emit()
        self.accept()


class MergeDialog(QDialog):
    """Find the other record of this person and fold it into this case."""

    merged = Signal(int, int)  # kept case, merged case

    def __init__(self, vault: Vault, keep_id: int, keep_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keep_id = keep_id
        self.cases = CaseService(vault)
        self.query = RegisterQuery(vault)
        self.setWindowTitle("Merge two records of one person")
        intro = QLabel(
            f"Find the other record of <b>{html.escape(keep_name.strip())}</b>. "
            "Its pathway needs, actions and history move to this case; its names become "
            "aliases; it is then closed and marked as merged. The merge is recorded in the "
            "audit log and cannot be undone.")
        intro.setWordWrap(True)
        self.search = QLineEdit(placeholderText="Search names, aliases, PNC ID or CRN")
        self.search.setAccessibleName("Search for the other record")
        self.results = QListWidget()
        self.results.setAccessibleName("Matching cases")
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.confirm_label = QLabel()
        self.confirm_label.setWordWrap(True)
        self.merge_button = QPushButton("Merge into this case")
        self.merge_button.setEnabled(False)
        cancel = QPushButton("Cancel")
        self.search.textChanged.connect(self._search)
        self.results.currentItemChanged.connect(self._chosen)
        self.merge_button.clicked.connect(self._merge)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.merge_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.confirm_label)
        layout.addLayout(buttons)
        self.resize(620, 420)

    def _search(self, text: str) -> None:
        self.results.clear()
        if not text.strip():
            return
        for row in self.query.page(RegisterFilter(text=text), limit=50):
            if row.id == self.keep_id:
                continue
            label = (f"{row.family_name}, {row.given_names}  ·  born "
                     f"{format_uk(row.date_of_birth) or 'unknown'}  ·  PNC {row.pnc or '—'}"
                     f"  ·  CRN {row.crn or '—'}")
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.results.addItem(item)

    def _chosen(self, item: QListWidgetItem | None) -> None:
        self.merge_button.setEnabled(item is not None)
        self.confirm_label.setText(
            f"Merge “{item.text().split('  ·  ')[0]}” into this case?" if item else "")

    def _merge(self) -> None:
        item = self.results.currentItem()
        if item is None:
            return
        other = int(item.data(Qt.ItemDataRole.UserRole))
        try:
            self.cases.merge(self.keep_id, other)
        except ValueError as e:
            self.confirm_label.setText(str(e).capitalize() + ".")
            return
        self.merged.emit(self.keep_id, other)
        self.accept()
