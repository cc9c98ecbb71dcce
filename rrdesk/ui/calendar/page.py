"""The Calendar page: month, week and agenda views, filters, legend, export.

Keys (month and week): arrows move the day, Page Up / Page Down the month, T today, Enter
opens the day's item (or the day's list). A click on an item opens its case or meeting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from rrdesk.domain.calendar import (
    CalendarItem,
    Kind,
    Window,
    add_months,
    month_grid,
)
from rrdesk.domain.case import IomCohort
from rrdesk.services.calendar import (
    CalendarFilter,
    available_kinds,
    default_window,
    gather,
    namespace,
)
from rrdesk.services.calendar_ics import export_ics
from rrdesk.services.progress import Progress
from rrdesk.services.register import RegisterQuery
from rrdesk.services.vaults import Vault
from rrdesk.ui.calendar.agenda import AgendaView
from rrdesk.ui.calendar.grid import DayGrid
from rrdesk.ui.calendar.kinds import (
    HOLIDAY_FILL,
    OVERDUE,
    OVERDUE_FILL,
    TEXT,
    TODAY_FILL,
    paint_icon,
)
from rrdesk.ui.calendar.summary import DueSummaryDialog

if TYPE_CHECKING:
    from rrdesk.ui.session import VaultSession

ANY = "Any"
VIEWS = ("month", "week", "agenda")


def load_items(vault: Vault, window: Window, today: dt.date,
               progress: Progress | None = None) -> list[CalendarItem]:
    """The one place the page reads the calendar (a month of a large caseload takes a
    while: in the app it runs as an operation)."""
    return gather(vault, window, today=today, progress=progress)


class Legend(QWidget):
    """Each kind's icon and name, then what overdue, today and a bank holiday look like;
    wraps onto a second line when the page is narrow."""

    def __init__(self, kinds: Sequence[Kind], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kinds = list(kinds)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Legend")
        self.setAccessibleDescription(", ".join(k.label for k in self.kinds))

    def _entries(self) -> list[tuple[str, object]]:
        return [(k.label, k) for k in self.kinds] + [
            ("Overdue", "overdue"), ("Today", "today"), ("Bank holiday", "holiday")]

    def _layout(self, width: float) -> list[tuple[QRectF, str, object]]:
        fm = QFontMetricsF(self.font())
        h = fm.height() + 6
        x, y, placed = 0.0, 0.0, []
        for text, what in self._entries():
            w = 18 + fm.horizontalAdvance(text) + 18
            if x + w > width and x > 0:
                x, y = 0.0, y + h
            placed.append((QRectF(x, y, w, h), text, what))
            x += w
        return placed

    def sizeHint(self) -> QSize:  # noqa: N802
        placed = self._layout(max(self.width(), 600))
        return QSize(600, int(placed[-1][0].bottom()) + 2 if placed else 20)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        placed = self._layout(width)
        return int(placed[-1][0].bottom()) + 2 if placed else 20

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        self.setFixedHeight(self.heightForWidth(self.width()))
        super().resizeEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        for rect, text, what in self._layout(self.width()):
            swatch = QRectF(rect.left(), rect.center().y() - 6, 12, 12)
            if isinstance(what, Kind):
                paint_icon(painter, swatch, what)
            else:
                fill = {"overdue": OVERDUE_FILL, "today": TODAY_FILL,
                        "holiday": HOLIDAY_FILL}[what]
                painter.fillRect(swatch, fill)
                painter.setPen(OVERDUE if what == "overdue" else QColor("#b8c2cc"))
                painter.drawRect(swatch)
                if what == "overdue":
                    painter.fillRect(QRectF(swatch.left(), swatch.top(), 3, 12), OVERDUE)
            painter.setPen(OVERDUE if what == "overdue" else TEXT)
            painter.drawText(rect.adjusted(18, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter
                             | Qt.AlignmentFlag.AlignLeft, text)
        painter.end()


class CalendarPage(QWidget):
    open_case = Signal(int)
    open_meeting = Signal(int)
    summary_requested = Signal()

    def __init__(self, vault: Vault, parent: QWidget | None = None,
                 today: dt.date | None = None,
                 with_initials: Callable[[], bool] = lambda: False,
                 session: VaultSession | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.session = session  # reads and exports run as operations when given
        self._loading: Window | None = None
        namespace(vault)  # made once here, so reading never has to write
        self._fixed_today = today
        self.today = today or dt.date.today()
        self.current = self.today
        self.view = "month"
        self.with_initials = with_initials
        self.items: list[CalendarItem] = []
        self.shown: list[CalendarItem] = []
        self.loaded: Window | None = None
        self.kinds = available_kinds()

        self.prev_button = QPushButton("◀")
        self.prev_button.setAccessibleName("Previous")
        self.today_button = QPushButton("Today")
        self.next_button = QPushButton("▶")
        self.next_button.setAccessibleName("Next")
        for b in (self.prev_button, self.next_button):
            b.setFixedWidth(44)
        self.period = QLabel()
        self.period.setObjectName("Heading")
        self.view_buttons: dict[str, QPushButton] = {}
        group = QButtonGroup(self)
        group.setExclusive(True)
        for name in VIEWS:
            button = QPushButton(name.capitalize())
            button.setCheckable(True)
            group.addButton(button)
            button.clicked.connect(lambda _=False, name=name: self.set_view(name))
            self.view_buttons[name] = button
        self.view_buttons["month"].setChecked(True)

        self.officer = self._combo("Officer", [])
        self.level = self._combo("MAPPA level", [(f"Level {n}", n) for n in (1, 2, 3)])
        self.cohort = self._combo("IOM cohort", [(c.value.capitalize(), c.value)
                                                 for c in IomCohort if c != IomCohort.NONE])
        self.kind = self._combo("Kind", [(k.label, k) for k in self.kinds])
        self.kind.setItemText(0, "All kinds")
        self.summary_button = QPushButton("What is due…")
        self.summary_button.clicked.connect(self.summary_requested)
        self.export_button = QPushButton("Export to Outlook…")
        self.export_button.setToolTip("An .ics file of the shown filters, 4 weeks back and "
                                      "26 weeks on; cases by reference only")
        self.export_button.clicked.connect(self.export_dialog)
        self.status = QLabel()
        self.status.setObjectName("Subtle")

        self.month = DayGrid(6)
        self.week = DayGrid(1)
        self.agenda = AgendaView()
        self.stack = QStackedWidget()
        for view in (self.month, self.week, self.agenda):
            self.stack.addWidget(view)
        for grid in (self.month, self.week):
            grid.date_requested.connect(self.go_to)
            grid.item_activated.connect(self.activate)
            grid.day_opened.connect(self.open_day)
        self.agenda.item_activated.connect(self.activate)
        self.agenda.today_requested.connect(lambda: self.go_to(self.today))
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.today_button.clicked.connect(lambda: self.go_to(self.today))
        for combo in (self.officer, self.level, self.cohort, self.kind):
            combo.currentIndexChanged.connect(self.apply_filter)

        top = QHBoxLayout()
        top.addWidget(self.prev_button)
        top.addWidget(self.today_button)
        top.addWidget(self.next_button)
        top.addSpacing(12)
        top.addWidget(self.period, 1)
        for name in VIEWS:
            top.addWidget(self.view_buttons[name])
        filters = QHBoxLayout()
        for label, combo in (("Officer", self.officer), ("Level", self.level),
                             ("Cohort", self.cohort), ("Kind", self.kind)):
            caption = QLabel(label)
            caption.setBuddy(combo)
            filters.addWidget(caption)
            filters.addWidget(combo, 1)
        filters.addSpacing(12)
        filters.addWidget(self.summary_button)
        filters.addWidget(self.export_button)
        self.legend = Legend(self.kinds)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.legend)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status)
        self.reload_officers()
        self.refresh()

    def _combo(self, name: str, items: list[tuple[str, object]]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.addItem(ANY, None)
        for text, value in items:
            combo.addItem(text, value)
        return combo

    # ------------------------------------------------------------------ state
    def current_filter(self) -> CalendarFilter:
        kind = self.kind.currentData()
        return CalendarFilter(officer=self.officer.currentData(), level=self.level.currentData(),
                              cohort=self.cohort.currentData(),
                              kinds=frozenset({kind}) if kind else None)

    def window(self) -> Window:
        """The days the current view shows."""
        if self.view == "month":
            days = month_grid(self.current.year, self.current.month)
            return Window(days[0], days[-1] + dt.timedelta(days=1))
        if self.view == "week":
            monday = self.current - dt.timedelta(days=self.current.weekday())
            return Window(monday, monday + dt.timedelta(days=7))
        first = self.current.replace(day=1)
        return Window(first, add_months(first, 1))

    def reload_officers(self) -> None:
        current = self.officer.currentData()
        self.officer.blockSignals(True)
        self.officer.clear()
        self.officer.addItem(ANY, None)
        for name in RegisterQuery(self.vault).officers():
            self.officer.addItem(name, name)
        self.officer.setCurrentIndex(max(self.officer.findData(current), 0))
        self.officer.blockSignals(False)

    def refresh(self) -> None:
        """Read the items again (after a change, or when the page is shown)."""
        if self._fixed_today is None:
            self.today = dt.date.today()
        self.loaded = self._loading = None
        self._show()

    def _show(self) -> None:
        window = self.window()
        if self.loaded is None or not (self.loaded.start <= window.start
                                       and window.end <= self.loaded.end):
            # Load the month grid around the current day: moving within it reads nothing.
            days = month_grid(self.current.year, self.current.month)
            wide = Window(min(days[0], window.start),
                          max(days[-1] + dt.timedelta(days=1), window.end))
            if self.session is None:
                self._loaded(wide, load_items(self.vault, wide, self.today))
            elif self._loading != wide:
                self._loading = wide
                today = self.today
                self.status.setText("Reading the calendar…")
                self.session.run(lambda vault, progress: load_items(vault, wide, today,
                                                                    progress),
                                 label="Reading the calendar…", cancellable=True,
                                 on_success=lambda items: self._loaded(wide, items),
                                 on_cancel=self._load_stopped, parent=self)
            return
        self.apply_filter()

    def _loaded(self, wide: Window, items: list[CalendarItem]) -> None:
        if self._loading not in (None, wide):
            return  # the person moved on: a newer read is on its way
        self._loading = None
        self.items, self.loaded = items, wide
        self._show()

    def _load_stopped(self) -> None:
        self._loading = None
        self.status.setText("Reading the calendar was cancelled.")

    def apply_filter(self) -> None:
        f = self.current_filter()
        window = self.window()
        self.shown = [i for i in self.items if i.date in window and f.keeps(i)]
        if self.view == "month":
            self.month.set_days(month_grid(self.current.year, self.current.month),
                                self.current.month, self.current, self.today)
            self.month.set_items(self.shown)
        elif self.view == "week":
            self.week.set_days([window.start + dt.timedelta(days=i) for i in range(7)], None,
                               self.current, self.today)
            self.week.set_items(self.shown)
        else:
            self.agenda.agenda.set_items(self.shown)
            self.agenda.show_day(self.current)
        self.period.setText(self._period_text(window))
        late = sum(1 for i in self.shown if i.overdue)
        self.status.setText(f"{len(self.shown):,} item{'s' if len(self.shown) != 1 else ''}"
                            + (f", {late:,} overdue" if late else ""))

    def _period_text(self, window: Window) -> str:
        if self.view == "week":
            last = window.end - dt.timedelta(days=1)
            return (f"Week of {window.start.day} {window.start:%B} – "
                    f"{last.day} {last:%B %Y}")
        return f"{self.current:%B %Y}"

    # ------------------------------------------------------------------ moving
    def go_to(self, day: dt.date) -> None:
        self.current = day
        self._show()

    def step(self, direction: int) -> None:
        if self.view == "week":
            self.go_to(self.current + dt.timedelta(weeks=direction))
        else:
            self.go_to(add_months(self.current, direction))

    def set_view(self, name: str) -> None:
        self.view = name
        self.view_buttons[name].setChecked(True)
        self.stack.setCurrentIndex(VIEWS.index(name))
        self._show()
        self.stack.currentWidget().setFocus()

    def open_day(self, day: dt.date) -> None:
        """A day's full list: the agenda at that day."""
        self.current = day
        self.set_view("agenda")

    def activate(self, item: CalendarItem) -> None:
        if item.meeting_id is not None:
            self.open_meeting.emit(item.meeting_id)
        elif item.case_id is not None:
            self.open_case.emit(item.case_id)

    # ------------------------------------------------------------------ export
    def export_dialog(self) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, "Export the calendar", "rrdesk-calendar.ics",
                                              "iCalendar (*.ics)")
        if not path:
            return None
        return self.export_to(Path(path))

    def export_to(self, path: Path) -> Path:
        if path.suffix.lower() != ".ics":
            path = path.with_name(path.name + ".ics")
        window, f, initials, today = (default_window(self.today), self.current_filter(),
                                      self.with_initials(), self.today)

        def job(vault: Vault, progress: Progress | None = None) -> int:
            return export_ics(vault, path, window, f=f, with_initials=initials,
                              overwrite=True, today=today, progress=progress)

        def done(count: int) -> None:
            self.status.setText(f"{count:,} events exported to {path.name} "
                                "(OFFICIAL-SENSITIVE: handle accordingly)")

        def failed(e: BaseException) -> None:
            reason = getattr(e, "strerror", None) or "error"
            self.status.setText(f"{path.name} could not be written ({reason}); "
                                "nothing was exported")

        if self.session is None:
            try:
                done(job(self.vault))
            except OSError as e:
                failed(e)
        else:
            self.session.run(job, label="Exporting the calendar…", on_success=done,
                             on_failure=failed, parent=self)
        return path

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        self.reload_officers()
        self.refresh()
        super().showEvent(event)


def calendar_page(session: VaultSession) -> QWidget:
    """The page, wired to the shared workspace; the due summary shows on each unlock."""
    from rrdesk.ui.register.workspace import workspace_for

    workspace = workspace_for(session)
    page = CalendarPage(session.vault,
                        with_initials=lambda: session.settings.calendar_initials,
                        session=session)
    page.open_case.connect(workspace.open_case)
    page.open_meeting.connect(workspace.open_meeting)
    workspace.case_changed.connect(lambda _id: page.isVisible() and page.refresh())
    workspace.meeting_changed.connect(lambda _id: page.isVisible() and page.refresh())
    summary = DueSummaryDialog(page)
    summary.show_cases.connect(workspace.show_cases)
    page.summary_dialog = summary

    def show_summary(on_unlock: bool = False) -> None:
        if session.is_locked:
            return
        if summary.load(session.vault).is_clear() and on_unlock:
            return  # nothing to say: no window in the way
        if summary.isHidden():
            summary.show()
        summary.raise_()

    page.summary_requested.connect(show_summary)
    session.unlocked.connect(lambda: show_summary(on_unlock=True))
    session.unlocked.connect(lambda: page.isVisible() and page.refresh())
    return page
