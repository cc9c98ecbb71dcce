"""The Cases page: search as you type, filters, a sortable list and a count."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rrdesk.domain.case import CaseStatus, IomCohort
from rrdesk.domain.case_record import (
    FLAG_LABELS,
    PROLIFIC,
    AgeBand,
    DerivedFlag,
    Flag,
    Gender,
    RequirementKind,
)
from rrdesk.services.register import NO_LEVEL, Column, RegisterFilter, RegisterQuery
from rrdesk.ui.register.case_table import CaseTable
from rrdesk.ui.register.model import COLUMNS, CaseRegisterModel

if TYPE_CHECKING:
    from rrdesk.ui.session import VaultSession

ANY = "Any"
REVIEW_DUE_DAYS = (7, 14, 28, 56)
# name, PNC, CRN, cohort, category, level, RoSH, officer, next review, status, flags
# The widest value each column usually holds: columns are sized to these in the window's font,
# so a PNC ID or a date is never cut on an office laptop's screen.
COLUMN_SAMPLES = {
    Column.NAME: "Bramblefeather, Stephen", Column.PNC: "2022/9000058X",
    Column.CRN: "X900058", Column.COHORT: "Fixed", Column.CATEGORY: "4", Column.LEVEL: "3",
    Column.ROSH: "Very high", Column.OFFICER: "PO Example Charlie",
    Column.NEXT_REVIEW: "29/09/2026", Column.STATUS: "Transferred", Column.FLAGS: "Prolific",
}
LICENCE_DAYS = (7, 14, 30, 60, 90)
COMBO_CHARACTERS = 7  # combos keep to about this width (the list opens wider)
SEARCH_PAUSE_MS = 150  # typing: search once the person pauses this long (Enter: at once)


class CaseRegisterPage(QWidget):
    open_case = Signal(int)
    new_case = Signal()
    export_requested = Signal()

    def __init__(self, session: VaultSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.vault = session.vault
        self.query = RegisterQuery(self.vault)
        self.model = CaseRegisterModel(self.query, self, count_later=self._count_later)
        self.model.total_changed.connect(self._show_count)

        self.search = QLineEdit(placeholderText="Name, alias, PNC ID or CRN")
        self.search.ensurePolished()
        self.search.setMinimumWidth(  # the whole hint shows, with the clear button
            self.search.fontMetrics().horizontalAdvance(self.search.placeholderText()) + 30)
        self.search.setAccessibleName("Search cases")
        self.search.setClearButtonEnabled(True)
        self.cohort = self._combo("IOM cohort", [(c.value.capitalize(), c.value)
                                                 for c in IomCohort if c != IomCohort.NONE]
                                  + [("Not IOM", IomCohort.NONE.value)])
        self.level = self._combo("MAPPA level", [("Level 1", 1), ("Level 2", 2),
                                                 ("Level 3", 3), ("No level", NO_LEVEL)])
        self.review_due = self._combo("Review due", [(f"Within {n} days", n)
                                                     for n in REVIEW_DUE_DAYS])
        self.review_due.setToolTip("MAPPA next review on or before this many days from "
                                   "today (overdue reviews included)")
        self.officer = self._combo("Offender manager", [])
        self.status = self._combo("Status", [(s.value.capitalize(), s.value)
                                             for s in CaseStatus])
        self.status.setCurrentIndex(1)  # active cases by default
        self.flag = self._combo("Flag", [("Prolific", PROLIFIC),
                                         *[(f.label, f.value) for f in Flag],
                                         *[(FLAG_LABELS[d], d.value) for d in DerivedFlag]])
        self.requirement = self._combo("Requirement or licence condition",
                                       [(k.label, k.value) for k in RequirementKind])
        self.licence = self._combo("Licence ends within",
                                   [(f"{n} days", n) for n in LICENCE_DAYS])
        self.gender = self._combo("Gender", [(g.label, g.value) for g in Gender])
        self.age_band = self._combo("Age band", [(a.label, a.value) for a in AgeBand])
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Number of cases shown")
        self.new_button = QPushButton("New case…")
        self.new_button.clicked.connect(self.new_case)
        self.export_button = QPushButton("Export…")
        self.export_button.clicked.connect(self.export_requested)

        self.table = CaseTable(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self._size_columns()
        self.table.setAccessibleName("Case register")
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated_case.connect(self.open_case)

        # Two rows, so the page fits a 1366 x 768 screen beside the navigation.
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        more = QHBoxLayout()
        for row, label, combo in ((filters, "Cohort", self.cohort),
                                  (filters, "Level", self.level),
                                  (filters, "Review due", self.review_due),
                                  (filters, "Officer", self.officer),
                                  (filters, "Status", self.status),
                                  (more, "Flag", self.flag),
                                  (more, "Requirement", self.requirement),
                                  (more, "Licence ends", self.licence),
                                  (more, "Gender", self.gender),
                                  (more, "Age", self.age_band)):
            caption = QLabel(label)
            caption.setBuddy(combo)
            row.addWidget(caption)
            row.addWidget(combo, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label)
        footer.addStretch(1)
        footer.addWidget(self.export_button)
        footer.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(more)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)

        # Typing restarts a short timer: a word typed quickly is one search, not one per
        # letter. Enter searches at once.
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_PAUSE_MS)
        self.search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self.search_timer.start)
        self.search.returnPressed.connect(self.search_now)
        for combo in (self.cohort, self.level, self.review_due, self.officer, self.status,
                      self.flag, self.requirement, self.licence, self.gender, self.age_band):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.reload()

    def _size_columns(self) -> None:
        self.table.ensurePolished()  # the style sheet's font, not the default one
        self.table.horizontalHeader().ensurePolished()
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader().fontMetrics()
        for column, name in enumerate(COLUMNS):
            title = self.model.headerData(column, Qt.Orientation.Horizontal)
            width = max(metrics.horizontalAdvance(COLUMN_SAMPLES[name]),
                        header.horizontalAdvance(str(title)) + 14)  # room for the sort arrow
            self.table.setColumnWidth(column, width + 16)

    def _combo(self, name: str, items: list[tuple[str, object]]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(COMBO_CHARACTERS)
        combo.view().setMinimumWidth(260)  # the open list shows whole entries
        combo.addItem(ANY, None)
        for text, value in items:
            combo.addItem(text, value)
        return combo

    def reload(self) -> None:
        """Refill the officer list and the rows (after a change elsewhere)."""
        current = self.officer.currentData()
        self.officer.blockSignals(True)
        self.officer.clear()
        self.officer.addItem(ANY, None)
        for name in self.query.officers():
            self.officer.addItem(name, name)
        index = self.officer.findData(current)
        self.officer.setCurrentIndex(max(index, 0))
        self.officer.blockSignals(False)
        self.apply_filter()

    def current_filter(self) -> RegisterFilter:
        return RegisterFilter(text=self.search.text(), cohort=self.cohort.currentData(),
                              level=self.level.currentData(),
                              officer=self.officer.currentData(),
                              status=self.status.currentData(), flag=self.flag.currentData(),
                              requirement=self.requirement.currentData(),
                              licence_ends_within_days=self.licence.currentData(),
                              gender=self.gender.currentData(),
                              age_band=self.age_band.currentData(),
                              review_due_within=self.review_due.currentData())

    def search_now(self) -> None:
        """Search for what is typed without waiting for the pause (Enter)."""
        if self.search_timer.isActive() or self.model.filter != self.current_filter():
            self.apply_filter()

    def apply_filter(self) -> None:
        self.search_timer.stop()
        self.model.set_filter(self.current_filter())

    def _count_later(self, f: RegisterFilter, deliver: Callable[[int], None]) -> None:
        """Count on a worker thread while the rows paint: a one-letter search finds most
        of the register, and counting it takes as long as reading the page."""
        query = self.query
        self.session.run(lambda _vault, _progress: query.count(f), label="Counting cases…",
                         on_success=deliver, on_failure=lambda _error: self.count_label.clear(),
                         parent=self)

    def _show_count(self, total: int) -> None:
        self.count_label.setText(f"{total:,} case{'s' if total != 1 else ''}")

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_case.emit(self.model.case_id(index.row()))
