"""A lazily filled Qt table model over the case register.

Only the rows a person scrolls to are fetched, a page at a time, so the first rows show at
once even with 20,000 cases.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from rrdesk.domain.case_record import FLAG_SHORT
from rrdesk.domain.dates import format_uk
from rrdesk.services.register import (
    COLUMN_TITLES,
    Column,
    RegisterFilter,
    RegisterQuery,
    RegisterRow,
)

PAGE_SIZE = 50  # a screenful is 20 to 30 rows
COLUMNS = list(Column)
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# Short column titles keep every column on an office laptop's screen; the tooltip says them whole.
HEADER_TIPS = {
    Column.COHORT: "IOM cohort", Column.CATEGORY: "MAPPA category", Column.LEVEL: "MAPPA level",
    Column.ROSH: "Risk of serious harm", Column.CRN: "Case reference number",
}

OVERDUE_COLOUR = "#b3261e"  # a next review already past
_OVERDUE = {COLUMNS.index(Column.NEXT_REVIEW): OVERDUE_COLOUR}
_USUAL: dict[int, str] = {}

_Index = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole
_ROLES_ANSWERED = frozenset({DISPLAY, CASE_ID_ROLE, Qt.ItemDataRole.ToolTipRole,
                             Qt.ItemDataRole.ForegroundRole})


def display_value(row: RegisterRow, column: Column) -> str:
    match column:
        case Column.NAME:
            return f"{row.family_name}, {row.given_names}" if row.given_names else row.family_name
        case Column.NEXT_REVIEW:
            return format_uk(row.next_review)
        case Column.CATEGORY:
            return str(row.mappa_category) if row.mappa_category else ""
        case Column.LEVEL:
            return str(row.mappa_level) if row.mappa_level else ""
        case Column.COHORT:
            return "" if row.iom_cohort == "none" else row.iom_cohort.capitalize()
        case Column.ROSH:
            return (row.rosh or "").capitalize()
        case Column.STATUS:
            return row.status.capitalize()
        case Column.FLAGS:
            shown = [FLAG_SHORT.get(f, f) for f in row.flags]
            return ", ".join(["Prolific", *shown] if row.prolific else shown)
        case _:
            return getattr(row, column.value) or ""


# Counts the cases matching a filter and hands the number to the callback, now or later.
CountLater = Callable[[RegisterFilter, Callable[[int], None]], None]


class CaseRegisterModel(QAbstractTableModel):
    """The register's rows. A new search shows its first page at once; how many cases it
    found in all (``total``) follows through ``count_later`` (a page runs it on a worker
    thread, so the count does not hold up the rows) and is told by ``total_changed``."""

    total_changed = Signal(int)

    def __init__(self, query: RegisterQuery, parent=None,  # noqa: ANN001
                 count_later: CountLater | None = None) -> None:
        super().__init__(parent)
        self._query = query
        self._count_later = count_later or (lambda f, deliver: deliver(query.count(f)))
        self._search = 0  # which search the rows are from: a late count of an older is dropped
        self._counted = True
        self._filter = RegisterFilter()
        self._sort = Column.NAME
        self._ascending = True
        self._rows: list[RegisterRow] = []
        self._shown: list[list[str] | None] = []  # each row's display texts, once asked for
        self._total = 0
        self._fetching = False

    # ----------------------------------------------------------------- state
    @property
    def total(self) -> int:
        """How many cases match the filter (not only those fetched so far); until they
        are counted, those fetched."""
        return self._total

    @property
    def counted(self) -> bool:
        return self._counted

    @property
    def filter(self) -> RegisterFilter:
        """The filter the rows shown were found with."""
        return self._filter

    def set_filter(self, f: RegisterFilter) -> None:
        self._filter = f
        self.refresh()

    def refresh(self) -> None:
        self._fetching = True  # no fetchMore from views while the reset is under way
        self._search += 1
        try:
            rows = self._query.page(self._filter, self._sort, self._ascending, 0,
                                    PAGE_SIZE)  # read before the view is told
            self.beginResetModel()
            self._rows, self._total = rows, len(rows)
            self._counted = len(rows) < PAGE_SIZE  # all of them fit in the page
            self._shown = [None] * len(rows)
            self.endResetModel()
        finally:
            self._fetching = False
        if self._counted:
            self.total_changed.emit(self._total)
        else:
            search = self._search
            self._count_later(self._filter, lambda total: self._counted_as(search, total))

    def _counted_as(self, search: int, total: int) -> None:
        if search != self._search:
            return  # a newer search is shown
        self._total, self._counted = max(total, len(self._rows)), True
        self.total_changed.emit(self._total)

    def case_id(self, row: int) -> int:
        return self._rows[row].id

    def row_of(self, row: int) -> RegisterRow:
        return self._rows[row]

    # ----------------------------------------------------------------- Qt API
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and (len(self._rows) < self._total or not self._counted)

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid() or self._fetching:
            return  # views may ask again while rows are being inserted
        self._fetching = True
        try:
            self._fetch_next_page()
        finally:
            self._fetching = False

    def _fetch_next_page(self) -> None:
        more = self._query.page(self._filter, self._sort, self._ascending, len(self._rows),
                                PAGE_SIZE)
        if not more:
            self._total = len(self._rows)  # the end (or the vault changed under us)
            if not self._counted:
                self._search += 1  # the count under way is no longer needed
                self._counted = True
                self.total_changed.emit(self._total)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self._shown.extend([None] * len(more))
        self._total = max(self._total, len(self._rows))
        self.endInsertRows()

    def row_texts(self, row: int) -> list[str]:
        """What each cell of a row shows (worked out once per row, when first painted)."""
        shown = self._shown[row]
        if shown is None:
            values = self._rows[row]
            shown = self._shown[row] = [display_value(values, c) for c in COLUMNS]
        return shown

    def display_text(self, row: int, column: int) -> str:
        return self.row_texts(row)[column]

    def text_colour(self, row: int, column: int) -> str | None:
        """A cell's own text colour, when not the usual one: red for an overdue review."""
        return self.row_colours(row).get(column)

    def row_colours(self, row: int) -> dict[int, str]:
        """The cells of a row with a text colour of their own, by column."""
        due = self._rows[row].next_review
        return _OVERDUE if due and due < dt.date.today() else _USUAL

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        # A repaint asks every visible cell for a dozen roles: the unused ones go first.
        if role not in _ROLES_ANSWERED or not index.isValid():
            return None
        number = index.row()
        if not 0 <= number < len(self._rows):
            return None
        if role == DISPLAY:
            return self.display_text(number, index.column())
        row, column = self._rows[number], COLUMNS[index.column()]
        if role == CASE_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.FLAGS:
            return self.display_text(number, index.column()) or None  # whole, when cut
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.NAME:
            tip = [self.display_text(number, index.column()),  # whole, when cut
                   f"Born {format_uk(row.date_of_birth)}" if row.date_of_birth else ""]
            if row.aliases:
                tip.append(f"Also known as: {row.aliases}")
            if row.prolific:
                tip.append("Prolific (local definition)")
            return "\n".join(t for t in tip if t) or None
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = self.text_colour(number, index.column())
            return QColor(colour) if colour else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMN_TITLES[COLUMNS[section]]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(COLUMNS[section])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = COLUMNS[column]
        self._ascending = order == Qt.SortOrder.AscendingOrder
        self.refresh()
