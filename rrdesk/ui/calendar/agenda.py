"""The agenda: the items of a period as a list, one row each, overdue rows in red."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QFont, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from rrdesk.domain.calendar import CalendarItem
from rrdesk.ui.calendar.kinds import OVERDUE, OVERDUE_FILL, kind_icon

COLUMNS = ("Date", "What", "Case", "Person", "Officer", "")
WIDTHS = (195, 420, 80, 220, 170, 80)

_Index = QModelIndex | QPersistentModelIndex


class AgendaModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[CalendarItem] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_items(self, items: Sequence[CalendarItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, col)
        if role == Qt.ItemDataRole.DecorationRole and col == 1:
            return kind_icon(item.kind)
        if role == Qt.ItemDataRole.ForegroundRole and item.overdue:
            return QBrush(OVERDUE)
        if role == Qt.ItemDataRole.BackgroundRole and item.overdue:
            return QBrush(OVERDUE_FILL)
        if role == Qt.ItemDataRole.FontRole and item.overdue and col == 5:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.kind.label}: {item.title}"
        return None

    @staticmethod
    def _text(item: CalendarItem, col: int) -> str:
        if col == 0:
            when = f"{item.date:%a} {item.date.day} {item.date:%b %Y}"
            return f"{when} {item.time:%H:%M}" if item.time else when
        if col == 1:
            return item.title.split(": ", 1)[-1] if item.case_id is not None else item.title
        if col == 2:
            return item.reference
        if col == 3:
            return item.person
        if col == 4:
            return item.officer
        return "Overdue" if item.overdue else ""

    def row_of(self, day: dt.date) -> int:
        """The first row on or after ``day`` (the last row when none is)."""
        for row, item in enumerate(self.items):
            if item.date >= day:
                return row
        return max(len(self.items) - 1, 0)


class AgendaView(QTableView):
    """Enter or a double click opens the item; T goes to today."""

    item_activated = Signal(object)
    today_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.agenda = AgendaModel(self)
        self.setModel(self.agenda)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(24)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate(WIDTHS):
            self.setColumnWidth(col, width)
        self.setWordWrap(False)
        self.setAccessibleName("Agenda")
        self.doubleClicked.connect(lambda index: self._open(index.row()))

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.agenda.items):
            self.item_activated.emit(self.agenda.items[row])

    def show_day(self, day: dt.date) -> None:
        if self.agenda.items:
            row = self.agenda.row_of(day)
            self.selectRow(row)
            self.scrollTo(self.agenda.index(row, 0),
                          QAbstractItemView.ScrollHint.PositionAtTop)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._open(self.currentIndex().row())
        elif event.key() == Qt.Key.Key_T and not event.modifiers():
            self.today_requested.emit()
        else:
            super().keyPressEvent(event)
