"""Read-only lists as the case screens show them: whole rows selected, text in tooltips."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem


def item(text: str) -> QTableWidgetItem:
    cell = QTableWidgetItem(text)
    cell.setToolTip(text)  # the whole text when the column is too narrow for it
    cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return cell


def read_only_table(headers: list[str], name: str, stretch: int | None = None,
                    widths: list[int] | None = None) -> QTableWidget:
    """A read-only list; column ``stretch`` (default: the last) takes the spare width,
    the others fit their contents or take ``widths``."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive if widths
                                else QHeaderView.ResizeMode.ResizeToContents)
    for column, width in enumerate(widths or []):
        table.setColumnWidth(column, width)
    header.setSectionResizeMode(len(headers) - 1 if stretch is None else stretch,
                                QHeaderView.ResizeMode.Stretch)
    table.setWordWrap(True)
    return table
