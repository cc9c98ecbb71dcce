"""A list of the cases behind a figure; Enter or a double click opens one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rrdesk.services.register import COLUMN_TITLES, Column, RegisterQuery
from rrdesk.services.vaults import Vault
from rrdesk.ui.register.model import display_value

SHOWN = [Column.NAME, Column.PNC, Column.COHORT, Column.LEVEL, Column.ROSH, Column.OFFICER,
         Column.NEXT_REVIEW]


class CaseListDialog(QDialog):
    open_case = Signal(int)

    def __init__(self, vault: Vault, ids: list[int], title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.rows = RegisterQuery(vault).rows_for(ids)
        self.table = QTableWidget(len(self.rows), len(SHOWN))
        self.table.setAccessibleName(title)
        self.table.setHorizontalHeaderLabels([COLUMN_TITLES[c] for c in SHOWN])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        for r, row in enumerate(self.rows):
            for c, column in enumerate(SHOWN):
                self.table.setItem(r, c, QTableWidgetItem(display_value(row, column)))
        self.table.cellActivated.connect(lambda r, _c: self.open_case.emit(self.rows[r].id))
        self.table.cellDoubleClicked.connect(lambda r, _c: self.open_case.emit(self.rows[r].id))
        heading = QLabel(f"{title} — {len(self.rows)} "
                         f"{'person' if len(self.rows) == 1 else 'people'}")
        heading.setStyleSheet("font-weight: 600;")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table)
        self.resize(820, 460)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
