"""An editable list of rows (attendance, RMP actions, risks, disclosures ...).

Text and date columns are typed in the cells (dates as dd/mm/yyyy, checked when read);
choice columns are drop-downs, editable ones (agencies) also take a name typed in. A row
whose cells are all empty is ignored, so an added row left blank does no harm.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rrdesk.domain.dates import format_uk, parse_date
from rrdesk.domain.errors import FieldError

TEXT, DATE, CHOICE = "text", "date", "choice"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = TEXT
    options: Sequence[tuple[str, Any]] = ()  # (label, value) for a choice
    editable_choice: bool = False  # a choice that also takes a typed name (agencies)
    width: int = 0  # 0: share the spare width
    read_only: bool = False


class RowsTable(QWidget):
    changed = Signal()

    def __init__(self, columns: Sequence[Column], name: str, *, can_add: bool = True,
                 add_label: str = "Add row", visible_rows: int = 4,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.read_only = False
        self.table = QTableWidget(0, len(self.columns))
        self.table.setAccessibleName(name)
        self.table.setHorizontalHeaderLabels([c.label for c in self.columns])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for i, c in enumerate(self.columns):
            if c.width:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
                self.table.setColumnWidth(i, c.width)
            else:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
        self.visible_rows = visible_rows
        self._fit_height()
        self.table.itemChanged.connect(lambda _i: self.changed.emit())
        self.add_button = QPushButton(add_label)
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button = QPushButton("Remove row")
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.add_button)
        self.can_add = can_add
        self.add_button.setVisible(can_add)
        self.remove_button.setVisible(can_add)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    # ----------------------------------------------------------------- rows
    def add_row(self, values: dict[str, Any] | None = None) -> int:
        values = values or {}
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, c in enumerate(self.columns):
            value = values.get(c.key)
            if c.kind == CHOICE:
                combo = QComboBox()
                combo.setEditable(c.editable_choice)
                for label, data in c.options:
                    combo.addItem(label, data)
                index = combo.findData(value)
                if index >= 0:
                    combo.setCurrentIndex(index)
                elif c.editable_choice:
                    combo.setCurrentText(str(value or ""))
                combo.setEnabled(not (self.read_only or c.read_only))
                combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
                combo.setAccessibleName(f"{c.label}, row {row + 1}")
                self.table.setCellWidget(row, col, combo)
            else:
                text = format_uk(value) if c.kind == DATE else str(value or "")
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if self.read_only or c.read_only:
                    cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, col, cell)
        self.table.resizeRowToContents(row)
        self._fit_height()
        self.changed.emit()
        return row

    def _fit_height(self) -> None:
        """Tall enough for every row (the page scrolls, not the table), at least
        ``visible_rows`` high."""
        rows = self.table.rowCount()
        default = self.table.verticalHeader().defaultSectionSize()
        height = sum(self.table.rowHeight(r) for r in range(rows))
        height += default * max(self.visible_rows - rows, 0)
        bar = self.table.horizontalScrollBar().sizeHint().height()
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height() + height
                                  + 2 * self.table.frameWidth() + bar)

    def set_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for values in rows:
            self.add_row(values)
        self.table.blockSignals(False)
        self._fit_height()

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row >= 0 and not self.read_only:
            self.table.removeRow(row)
            self._fit_height()
            self.changed.emit()

    def set_row_data(self, row: int, data: Any) -> None:
        """Keep a value with the row (an id), moved with it when rows are removed."""
        header = QTableWidgetItem(str(row + 1))
        header.setData(Qt.ItemDataRole.UserRole, data)
        self.table.setVerticalHeaderItem(row, header)

    def row_data(self, row: int) -> Any:
        header = self.table.verticalHeaderItem(row)
        return header.data(Qt.ItemDataRole.UserRole) if header is not None else None

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.add_button.setEnabled(not read_only)
        self.remove_button.setEnabled(not read_only)
        self.add_button.setVisible(self.can_add and not read_only)
        self.remove_button.setVisible(self.can_add and not read_only)
        triggers = (QAbstractItemView.EditTrigger.NoEditTriggers if read_only else
                    QAbstractItemView.EditTrigger.DoubleClicked
                    | QAbstractItemView.EditTrigger.EditKeyPressed
                    | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setEditTriggers(triggers)
        for row in range(self.table.rowCount()):
            for col, c in enumerate(self.columns):
                widget = self.table.cellWidget(row, col)
                if widget is not None:
                    widget.setEnabled(not (read_only or c.read_only))

    # ----------------------------------------------------------------- reading
    def cell_widget(self, row: int, key: str) -> QWidget | None:
        return self.table.cellWidget(row, self._col(key))

    def cell_text(self, row: int, key: str) -> str:
        col = self._col(key)
        widget = self.table.cellWidget(row, col)
        if isinstance(widget, QComboBox):
            return widget.currentText()
        cell = self.table.item(row, col)
        return cell.text().strip() if cell is not None else ""

    def set_cell(self, row: int, key: str, value: Any) -> None:
        col = self._col(key)
        widget = self.table.cellWidget(row, col)
        if isinstance(widget, QComboBox):
            index = widget.findData(value)
            if index >= 0:
                widget.setCurrentIndex(index)
            else:
                widget.setCurrentText(str(value))
        else:
            self.table.item(row, col).setText(str(value))

    def _col(self, key: str) -> int:
        return [c.key for c in self.columns].index(key)

    def values(self, field_name: str) -> list[dict[str, Any]]:
        """Each row not left blank as {key: value} ("_row": its row); dates parsed
        (``FieldError`` names ``field_name[row].key``); choices give their value (an
        editable one the text)."""
        out = []
        for row in range(self.table.rowCount()):
            values: dict[str, Any] = {"_row": row}
            blank = True
            for col, c in enumerate(self.columns):
                widget = self.table.cellWidget(row, col)
                if isinstance(widget, QComboBox):
                    data = widget.currentData()
                    text = widget.currentText().strip()
                    if c.editable_choice and (data is None or widget.itemText(
                            widget.currentIndex()) != text):
                        data = text
                    values[c.key] = data
                    blank = blank and (c.read_only or not c.editable_choice or not text)
                    continue
                cell = self.table.item(row, col)
                text = cell.text().strip() if cell is not None else ""
                blank = blank and (c.read_only or not text)
                if c.kind == DATE:
                    try:
                        values[c.key] = parse_date(text, f"{field_name}[{row + 1}].{c.key}")
                    except FieldError as e:
                        raise FieldError(e.field, f"row {row + 1}, {c.label}: {e.message}"
                                         ) from None
                else:
                    values[c.key] = text
            if not blank or any(c.read_only for c in self.columns):
                out.append(values)
        return out
