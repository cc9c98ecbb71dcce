"""The partnership delivery plan, grouped by need, edited in place.

Cells show each row as it reads (a blank Need or Priority issue repeats the row above);
editing a cell changes the row as written. Rows move up and down within their need
(buttons, Alt+Up, Alt+Down). Import and export go through the same checks as the command
line.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rrdesk.domain.errors import FieldError
from rrdesk.domain.plan import rag_colour
from rrdesk.services.plan import PlanService
from rrdesk.tables.files import TableError, kind_of
from rrdesk.ui.operations import describe_error
from rrdesk.ui.session import VaultSession

COLUMNS = [("priority_issue", "Priority issue"), ("action", "Action"), ("owner", "Owner"),
           ("timescale", "Timescale"), ("rag", "RAG rating")]
RAG_BACKGROUND = {"red": "#f4c7c3", "amber": "#fce8b2", "green": "#c8e6c9"}
ROW_ID = Qt.ItemDataRole.UserRole + 1
POSITION = Qt.ItemDataRole.UserRole + 2
FILE_FILTER = "Spreadsheets (*.csv *.xlsx);;CSV (*.csv);;Excel workbook (*.xlsx)"


class PlanPage(QWidget):
    # An import or export (run in the background) has ended: True when it was done.
    file_done = Signal(bool)

    def __init__(self, session: VaultSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.service = PlanService(session.vault)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Partnership delivery plan")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels([title for _, title in COLUMNS])
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate([260, 430, 180, 120]):
            self.tree.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        self.tree.itemChanged.connect(self._edited)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        add = QPushButton("Add row")
        add.clicked.connect(self.add_row)
        remove = QPushButton("Delete row")
        remove.clicked.connect(self.delete_row)
        self.up = QPushButton("Move up")
        self.up.setToolTip("Move the row up among the rows of its need (Alt+Up)")
        self.up.clicked.connect(lambda: self.move_row(-1))
        self.down = QPushButton("Move down")
        self.down.setToolTip("Move the row down among the rows of its need (Alt+Down)")
        self.down.clicked.connect(lambda: self.move_row(1))
        for key, step in ((Qt.Key.Key_Up, -1), (Qt.Key.Key_Down, 1)):
            shortcut = QShortcut(QKeySequence(Qt.Modifier.ALT | key), self.tree)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self.move_row(step))
        import_button = QPushButton("Import…")
        import_button.clicked.connect(self._choose_import)
        export_button = QPushButton("Export…")
        export_button.clicked.connect(self._choose_export)
        buttons = QHBoxLayout()
        for b in (import_button, export_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.up, self.down, remove, add):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.refresh()

    # ----------------------------------------------------------------- showing
    def refresh(self) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        for section in self.service.sections():
            group = QTreeWidgetItem([section.need or "(no need given)"])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(group)
            group.setFirstColumnSpanned(True)  # only once it is in the tree
            for item in section.items:
                child = QTreeWidgetItem([getattr(item.shown, key) for key, _ in COLUMNS])
                child.setData(0, ROW_ID, item.id)
                child.setData(0, POSITION, item.position)
                child.setFlags(child.flags() | Qt.ItemFlag.ItemIsEditable)
                for column, (key, _) in enumerate(COLUMNS):
                    if not getattr(item.written, key).strip() and getattr(item.shown, key):
                        child.setForeground(column, QBrush(QColor("#8a8f98")))  # inherited
                        child.setToolTip(column, "Same as the row above")
                colour = rag_colour(item.shown.rag)
                if colour:
                    child.setBackground(len(COLUMNS) - 1, QBrush(QColor(RAG_BACKGROUND[colour])))
                group.addChild(child)
            group.setExpanded(True)
        self.tree.blockSignals(False)

    def selected_row(self) -> QTreeWidgetItem | None:
        item = self.tree.currentItem()
        return item if item is not None and item.data(0, ROW_ID) is not None else None

    # ----------------------------------------------------------------- editing
    def _edited(self, item: QTreeWidgetItem, column: int) -> None:
        row_id = item.data(0, ROW_ID)
        if row_id is None:
            return
        field = COLUMNS[column][0]
        try:
            self.service.update_row(int(row_id), field, item.text(column))
            self.message.clear()
        except FieldError as e:
            self.message.setText(f"{dict(COLUMNS).get(e.field, e.field)}: {e.message}")
        # Rebuild after the view has finished with the edited item, not inside its signal.
        QTimer.singleShot(0, self.refresh)

    def add_row(self) -> None:
        current = self.selected_row()
        after = int(current.data(0, POSITION)) if current else None
        try:
            row_id = self.service.add_row(after, {"action": "New action"})
        except FieldError as e:
            self.message.setText(f"{e.field}: {e.message}")
            return
        self.refresh()
        self._select(row_id)

    def delete_row(self) -> None:
        current = self.selected_row()
        if current is None:
            self.message.setText("Choose a row first.")
            return
        self.service.delete_row(int(current.data(0, ROW_ID)))
        self.refresh()

    def move_row(self, step: int) -> None:
        """Move the chosen row up (-1) or down (+1) within its need; it stays chosen."""
        current = self.selected_row()
        if current is None:
            self.message.setText("Choose a row first.")
            return
        row_id = int(current.data(0, ROW_ID))
        if not self.service.move_row(row_id, step):
            where = "first" if step < 0 else "last"
            self.message.setText(f"That row is already the {where} row of its need.")
            return
        self.message.clear()
        self.refresh()
        self._select(row_id)

    def _select(self, row_id: int) -> None:
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            for c in range(group.childCount()):
                if group.child(c).data(0, ROW_ID) == row_id:
                    self.tree.setCurrentItem(group.child(c), 1)
                    return

    # ----------------------------------------------------------------- files
    def import_from(self, path: Path) -> None:
        """Import ``path`` in place of the plan, as an operation; ``file_done`` says how
        it ended (and the message how many rows it replaced)."""
        path = Path(path)
        self.message.setText(f"Importing {path.name}…")

        def work(vault, _progress):  # noqa: ANN001, ANN202
            service = PlanService(vault)
            replaced = service.count()
            return service.import_file(path, kind_of(path)), replaced

        self.session.run(
            work, label=f"Importing {path.name}…", write=True, parent=self,
            on_success=lambda result: self._imported(path, *result),
            on_failure=self._import_failed, on_cancel=lambda: self.file_done.emit(False))

    def _imported(self, path: Path, count: int, replaced: int) -> None:
        self.message.setText(f"Imported {count} rows from {path.name}, replacing the "
                             f"{replaced} rows of the plan before.")
        self.refresh()
        self.file_done.emit(True)

    def _import_failed(self, error: BaseException) -> None:
        if isinstance(error, TableError):
            self.message.setText("Nothing was imported:\n" + "\n".join(
                str(p) for p in error.problems[:20]))
        else:
            self.message.setText(f"Nothing was imported: {describe_error(error)}")
        self.file_done.emit(False)

    def export_to(self, path: Path) -> None:
        """Write the plan to ``path`` as an operation; ``file_done`` says how it ended."""
        path = Path(path)
        self.message.setText(f"Exporting to {path.name}…")
        self.session.run(
            lambda vault, _progress: PlanService(vault).export_file(path, kind_of(path),
                                                                    overwrite=True),
            label=f"Exporting to {path.name}…", parent=self,
            on_success=lambda count: self._exported(path, count),
            on_failure=lambda error: self._export_failed(path, error),
            on_cancel=lambda: self.file_done.emit(False))

    def _exported(self, path: Path, count: int) -> None:
        self.message.setText(f"Exported {count} rows to {path.name} "
                             "(OFFICIAL-SENSITIVE: handle accordingly).")
        self.file_done.emit(True)

    def _export_failed(self, path: Path, error: BaseException) -> None:
        reason = error.strerror or "error" if isinstance(error, OSError) else \
            describe_error(error)
        self.message.setText(f"{path.name} could not be written ({reason}).")
        self.file_done.emit(False)

    def _choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import a plan", "", FILE_FILTER)
        if path:
            self.import_from(Path(path))

    def _choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export the plan", "plan.xlsx", FILE_FILTER)
        if path:
            self.export_to(Path(path))
