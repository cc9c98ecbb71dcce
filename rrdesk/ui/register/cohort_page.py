"""The cohort at a glance: needs on each pathway as a chart and a table, actions by rating,
overdue actions and people with no recent assessment. Every figure opens its cases."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rrdesk.domain.case import IomCohort
from rrdesk.domain.case_record import FLAG_LABELS
from rrdesk.domain.pathways import Pathway, Rag
from rrdesk.services.cohort import FLAG_ORDER, NEED_COLUMNS, CohortSummary, cohort_summary
from rrdesk.services.register import RegisterQuery
from rrdesk.ui.operations import describe_error
from rrdesk.ui.session import VaultSession

FLAG_NAMES = {**FLAG_LABELS, "prolific": "Prolific (local rules)"}
NEED_COLOURS = {"not assessed": "#cfd4da", "no need": "#a8d5ba", "low": "#f6e3a1",
                "medium": "#f3b77a", "high": "#e07a6f"}


class NeedsChart(QWidget):
    """Stacked horizontal bars, one per pathway; a click on a segment opens its cases."""

    segment_clicked = Signal(object, str)  # Pathway, need level

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary: CohortSummary | None = None
        self._segments: list[tuple[QRectF, Pathway, str]] = []
        self.setMinimumHeight(200)  # the page fits a 768-pixel screen with its tables
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Needs by pathway chart")
        self.setMouseTracking(True)

    def set_summary(self, summary: CohortSummary) -> None:
        self.summary = summary
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        self._segments = []
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        if not self.summary or not self.summary.people:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             "No active cases match these filters.")
            return
        legend_h, margin = 26.0, 8.0
        label_w = max(painter.fontMetrics().horizontalAdvance(p.label) for p in Pathway) + 16.0
        bar_area = self.width() - label_w - 2 * margin
        rows = len(Pathway)
        row_h = (self.height() - legend_h - 2 * margin) / rows
        total = len(self.summary.people)
        small = QFont(self.font())
        for i, pathway in enumerate(Pathway):
            y = margin + i * row_h
            painter.setPen(QColor("#333"))
            painter.drawText(QRectF(margin, y, label_w - 8, row_h),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                             pathway.label)
            x = margin + label_w
            for level in NEED_COLUMNS:
                count = self.summary.need_count(pathway, level)
                if not count:
                    continue
                w = bar_area * count / total
                rect = QRectF(x, y + row_h * 0.18, w, row_h * 0.64)
                painter.fillRect(rect, QColor(NEED_COLOURS[level]))
                if w > 28:
                    painter.setFont(small)
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"{count:,}")
                self._segments.append((rect, pathway, level))
                x += w
        x = margin + label_w
        y = self.height() - legend_h
        for level in NEED_COLUMNS:
            painter.fillRect(QRectF(x, y + 7, 12, 12), QColor(NEED_COLOURS[level]))
            painter.setPen(QColor("#333"))
            painter.drawText(QRectF(x + 16, y, 110, legend_h), Qt.AlignmentFlag.AlignVCenter,
                             level.capitalize())
            x += 118

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        for rect, pathway, level in self._segments:
            if rect.contains(event.position()):
                self.segment_clicked.emit(pathway, level)
                return


class CohortPage(QWidget):
    """``show_cases(ids, title)`` asks the shell to list those cases."""

    show_cases = Signal(list, str)

    def __init__(self, session: VaultSession, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.today = today
        self._pending: tuple | None = None  # filters asked for while a summary is read
        self.summary = CohortSummary()
        self.cohort = QComboBox()
        self.cohort.setAccessibleName("IOM cohort")
        self.cohort.addItem("All cohorts", None)
        for c in IomCohort:
            if c != IomCohort.NONE:
                self.cohort.addItem(c.value.capitalize(), c.value)
        self.officer = QComboBox()
        self.officer.setAccessibleName("Offender manager")
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: 600;")
        self.chart = NeedsChart()
        self.chart.segment_clicked.connect(self._need_clicked)
        self.table = QTableWidget(len(Pathway), len(NEED_COLUMNS))
        self.table.setAccessibleName("Needs by pathway table")
        self.table.setHorizontalHeaderLabels([c.capitalize() for c in NEED_COLUMNS])
        self.table.setVerticalHeaderLabels([p.label for p in Pathway])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.cellActivated.connect(self._cell_clicked)
        self.table.cellClicked.connect(self._cell_clicked)
        self.table.setMinimumHeight(250)
        self.flag_table = QTableWidget(len(FLAG_ORDER), 1)
        self.flag_table.setAccessibleName("People by flag")
        self.flag_table.setHorizontalHeaderLabels(["People"])
        self.flag_table.setVerticalHeaderLabels([FLAG_NAMES.get(f, f) for f in FLAG_ORDER])
        self.flag_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.flag_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Stretch)
        self.flag_table.setFixedWidth(300)
        self.flag_table.verticalHeader().setDefaultSectionSize(25)  # every flag in sight
        self.flag_table.cellActivated.connect(self._flag_clicked)
        self.flag_table.cellClicked.connect(self._flag_clicked)
        self.buttons: dict[str, QPushButton] = {}

        filters = QHBoxLayout()
        filters.addWidget(QLabel("Cohort"))
        filters.addWidget(self.cohort)
        filters.addWidget(QLabel("Officer"))
        filters.addWidget(self.officer)
        filters.addStretch(1)
        filters.addWidget(self.heading)
        # Three to a row: six in one row made the page wider than a 1366-pixel screen.
        figures = QGridLayout()
        for number, key in enumerate([*[r.value for r in Rag], "overdue", "stale"]):
            button = QPushButton()
            button.setAccessibleName(key)
            button.clicked.connect(lambda _c=False, k=key: self._figure_clicked(k))
            self.buttons[key] = button
            figures.addWidget(button, number // 3, number % 3)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.chart, 1)
        layout.addLayout(figures)
        tables = QHBoxLayout()
        tables.addWidget(self.table, 1)
        tables.addWidget(self.flag_table)
        layout.addLayout(tables)
        self.cohort.currentIndexChanged.connect(self.refresh)
        self.officer.currentIndexChanged.connect(self.refresh)
        self.reload()

    def reload(self) -> None:
        current = self.officer.currentData()
        self.officer.blockSignals(True)
        self.officer.clear()
        self.officer.addItem("All officers", None)
        for name in RegisterQuery(self.session.vault).officers():
            self.officer.addItem(name, name)
        self.officer.setCurrentIndex(max(self.officer.findData(current), 0))
        self.officer.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        """Read the summary as an operation (a second on a large vault); the filters may
        change meanwhile: the latest asked for is read next."""
        wanted = (self.cohort.currentData(), self.officer.currentData(), self.today)
        if self._pending is not None:
            self._pending = wanted
            return
        self._pending = wanted
        self.heading.setText("Counting…")
        self.session.run(lambda vault, _progress: cohort_summary(vault, *wanted),
                         label="Counting the cohort…", on_success=self._read,
                         on_failure=self._failed, on_cancel=self._stopped, parent=self)

    def _read(self, summary: CohortSummary) -> None:
        asked, self._pending = self._pending, None
        if asked is not None and asked != (self.cohort.currentData(),
                                           self.officer.currentData(), self.today):
            self.refresh()  # the filters changed while this one was read
            return
        self.show_summary(summary)

    def _failed(self, error: BaseException) -> None:
        self._pending = None
        self.heading.setText(describe_error(error))

    def _stopped(self) -> None:  # the vault locked meanwhile: read again when shown
        self._pending = None
        self.heading.setText("")

    def show_summary(self, summary: CohortSummary) -> None:
        self.summary = summary
        s = self.summary
        n = len(s.people)
        self.heading.setText(f"{n:,} active {'person' if n == 1 else 'people'}")
        self.chart.set_summary(s)
        for row, pathway in enumerate(Pathway):
            for col, level in enumerate(NEED_COLUMNS):
                item = QTableWidgetItem(f"{s.need_count(pathway, level):,}")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, col, item)
        for rag in Rag:
            self.buttons[rag.value].setText(
                f"{rag.value.capitalize()} actions: {len(s.actions_by_rag.get(rag, [])):,}")
        self.buttons["overdue"].setText(f"Overdue actions: {len(s.overdue):,}")
        self.buttons["stale"].setText(
            f"No assessment in 6 months: {len(s.no_recent_assessment):,}")
        for row, code in enumerate(FLAG_ORDER):
            item = QTableWidgetItem(f"{len(s.flags.get(code, [])):,}")
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.flag_table.setItem(row, 0, item)

    def _need_clicked(self, pathway: Pathway, level: str) -> None:
        self.show_cases.emit(self.summary.needs.get((pathway, level), []),
                             f"{pathway.label}: {level}")

    def _cell_clicked(self, row: int, col: int) -> None:
        self._need_clicked(list(Pathway)[row], NEED_COLUMNS[col])

    def _flag_clicked(self, row: int, _col: int) -> None:
        code = FLAG_ORDER[row]
        self.show_cases.emit(self.summary.flags.get(code, []),
                             f"People flagged: {FLAG_NAMES.get(code, code)}")

    def _figure_clicked(self, key: str) -> None:
        s = self.summary
        if key == "overdue":
            self.show_cases.emit(sorted(set(s.overdue)), "People with overdue actions")
        elif key == "stale":
            self.show_cases.emit(s.no_recent_assessment, "No assessment in the last 6 months")
        else:
            self.show_cases.emit(sorted(set(s.actions_by_rag.get(Rag(key), []))),
                                 f"People with {key} actions")
