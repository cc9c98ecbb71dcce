"""A painted grid of days (six weeks for a month, one for a week) with the items of each.

One widget paints everything (no widget per item): a month of 2,000 items paints what
fits in each day and "+N more" for the rest. Weekends and England and Wales bank holidays
are shaded, overdue items are red with a red bar, today is tinted, the selected day framed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from rrdesk.domain.calendar import CalendarItem, add_months, bank_holiday_names
from rrdesk.ui.calendar.kinds import (
    GRID,
    HOLIDAY_FILL,
    KIND_COLOURS,
    MUTED,
    OVERDUE,
    OVERDUE_FILL,
    SELECTED,
    TEXT,
    TODAY_FILL,
    WEEKEND_FILL,
    icon_pixmap,
)

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
HEADER_H = 24.0
PAD = 4.0


def holiday_name(day: dt.date) -> str:
    """The bank holiday's name, '' on other days."""
    return bank_holiday_names(day.year).get(day, "")


def _cell_order(item: CalendarItem) -> tuple:
    return (not item.overdue, item.time or dt.time.min, item.kind.value, item.title)


class DayGrid(QWidget):
    """``date_requested``: the person moved (keys); ``item_activated``: clicked an item;
    ``day_opened``: asked for a day's full list ("+N more", Enter, double click)."""

    date_requested = Signal(object)
    item_activated = Signal(object)
    day_opened = Signal(object)

    def __init__(self, weeks: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.weeks = weeks
        self.days: list[dt.date] = []
        self.month: int | None = None  # days of other months are muted (month view)
        self.selected: dt.date | None = None
        self.today = dt.date.today()
        self.by_day: dict[dt.date, list[CalendarItem]] = {}
        self._hits: list[tuple[QRectF, CalendarItem]] = []
        self._more: list[tuple[QRectF, dt.date]] = []
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(560, 320)
        self.setAccessibleName("Month calendar" if weeks > 1 else "Week calendar")

    # ------------------------------------------------------------------ data
    def set_days(self, days: Sequence[dt.date], month: int | None, selected: dt.date,
                 today: dt.date) -> None:
        self.days = list(days)
        self.month = month
        self.selected = selected
        self.today = today
        self.update()

    def set_items(self, items: Sequence[CalendarItem]) -> None:
        """Group by day: overdue first, then by kind, as the cells show them."""
        by_day: dict[dt.date, list[CalendarItem]] = {}
        for item in items:
            by_day.setdefault(item.date, []).append(item)
        for day_items in by_day.values():
            day_items.sort(key=_cell_order)
        self.by_day = by_day
        self.update()

    def items_on(self, day: dt.date) -> list[CalendarItem]:
        return self.by_day.get(day, [])

    # ------------------------------------------------------------------ geometry
    def cell_rect(self, index: int) -> QRectF:
        w = (self.width() - 1) / 7
        h = (self.height() - HEADER_H - 1) / self.weeks
        row, col = divmod(index, 7)
        return QRectF(col * w, HEADER_H + row * h, w, h)

    def day_at(self, pos: QPointF) -> dt.date | None:
        for i, day in enumerate(self.days):
            if self.cell_rect(i).contains(pos):
                return day
        return None

    def item_rect(self, item: CalendarItem) -> QRectF | None:
        """Where ``item`` was last painted (for tests and tooltips)."""
        for rect, painted in self._hits:
            if painted is item:
                return rect
        return None

    # ------------------------------------------------------------------ painting
    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        self._hits, self._more = [], []
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        font = QFont(self.font())
        bold = QFont(font)
        bold.setBold(True)
        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        fm = QFontMetricsF(font)
        sfm = QFontMetricsF(small)
        line_h = fm.height() + 3
        # weekday header
        painter.setPen(MUTED)
        painter.setFont(bold)
        for col, name in enumerate(WEEKDAYS):
            r = QRectF(self.cell_rect(col).left(), 0, self.cell_rect(col).width(), HEADER_H)
            label = name if r.width() > 90 else name[:3]
            painter.drawText(r.adjusted(PAD, 0, -PAD, 0), Qt.AlignmentFlag.AlignVCenter
                             | Qt.AlignmentFlag.AlignLeft, label)
        for i, day in enumerate(self.days):
            self._paint_day(painter, self.cell_rect(i), day, font, bold, small, fm, sfm,
                            line_h)
        painter.setPen(QPen(GRID, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for i in range(len(self.days)):
            painter.drawRect(self.cell_rect(i))
        if self.selected in self.days:
            r = self.cell_rect(self.days.index(self.selected)).adjusted(1, 1, -1, -1)
            painter.setPen(QPen(SELECTED, 2.5 if self.hasFocus() else 1.5))
            painter.drawRect(r)
        painter.end()

    def _paint_day(self, painter: QPainter, r: QRectF, day: dt.date, font: QFont,
                   bold: QFont, small: QFont, fm: QFontMetricsF, sfm: QFontMetricsF,
                   line_h: float) -> None:
        holiday = holiday_name(day)
        if day == self.today:
            painter.fillRect(r, TODAY_FILL)
        elif holiday:
            painter.fillRect(r, HOLIDAY_FILL)
        elif day.weekday() >= 5:
            painter.fillRect(r, WEEKEND_FILL)
        other_month = self.month is not None and day.month != self.month
        painter.setFont(bold if day == self.today else font)
        painter.setPen(MUTED if other_month else TEXT)
        label = str(day.day) if self.weeks > 1 else f"{day.day} {day:%b}"
        if self.weeks > 1 and day.day == 1:
            label = f"1 {day:%b}"
        head = QRectF(r.left() + PAD, r.top() + 2, r.width() - 2 * PAD, line_h)
        painter.drawText(head, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         label)
        if holiday:
            painter.setFont(small)
            painter.setPen(QColor("#5b3f8c"))
            used = fm.horizontalAdvance(label) + 8
            painter.drawText(head.adjusted(used, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter
                             | Qt.AlignmentFlag.AlignRight,
                             sfm.elidedText(holiday, Qt.TextElideMode.ElideRight,
                                            head.width() - used))
        items = self.by_day.get(day, [])
        if not items:
            return
        top = head.bottom() + 1
        room = int((r.bottom() - top - 2) // line_h)
        shown = items if len(items) <= room else items[:max(room - 1, 0)]
        painter.setFont(font)
        icon = min(line_h - 5, 12.0)
        for n, item in enumerate(shown):
            line = QRectF(r.left() + 2, top + n * line_h, r.width() - 4, line_h - 1)
            self._paint_item(painter, line, item, fm, icon)
            self._hits.append((line, item))
        hidden = len(items) - len(shown)
        if hidden:
            more = QRectF(r.left() + PAD, top + len(shown) * line_h, r.width() - 2 * PAD,
                          line_h - 1)
            late = sum(1 for i in items[len(shown):] if i.overdue)
            painter.setPen(OVERDUE if late else SELECTED)
            painter.drawText(more, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             f"+{hidden} more" + (f" ({late} overdue)" if late else ""))
            self._more.append((more, day))

    def _paint_item(self, painter: QPainter, line: QRectF, item: CalendarItem,
                    fm: QFontMetricsF, icon: float) -> None:
        if item.overdue:
            painter.fillRect(line, OVERDUE_FILL)
            painter.fillRect(QRectF(line.left(), line.top(), 3, line.height()), OVERDUE)
        x = line.left() + 5
        size = int(icon)
        painter.drawPixmap(QPointF(x, line.center().y() - size / 2),
                           icon_pixmap(item.kind, size, self.devicePixelRatioF()))
        x += size + 4
        text = item.short_title
        if item.time is not None:
            text = f"{item.time:%H:%M} {text}"
        painter.setPen(OVERDUE if item.overdue else KIND_COLOURS[item.kind].darker(130))
        painter.drawText(QRectF(x, line.top(), line.right() - x - 2, line.height()),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         fm.elidedText(text, Qt.TextElideMode.ElideRight, line.right() - x - 2))

    # ------------------------------------------------------------------ input
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            pos = QPointF(event.pos())
            item = next((i for r, i in self._hits if r.contains(pos)), None)
            if item is None:
                QToolTip.hideText()
            else:
                extra = " · ".join(x for x in (item.person, item.officer) if x)
                late = " — OVERDUE" if item.overdue else ""
                QToolTip.showText(event.globalPos(),
                                  f"{item.title}{late}" + (f"\n{extra}" if extra else ""), self)
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position()
        for rect, item in self._hits:
            if rect.contains(pos):
                self.date_requested.emit(item.date)
                self.item_activated.emit(item)
                return
        for rect, day in self._more:
            if rect.contains(pos):
                self.date_requested.emit(day)
                self.day_opened.emit(day)
                return
        day = self.day_at(pos)
        if day is not None:
            self.date_requested.emit(day)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        day = self.day_at(event.position())
        if day is not None and not any(r.contains(event.position()) for r, _ in self._hits):
            self.day_opened.emit(day)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        day = self.selected or self.today
        key = event.key()
        steps = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -7,
                 Qt.Key.Key_Down: 7}
        if key in steps:
            self.date_requested.emit(day + dt.timedelta(days=steps[key]))
        elif key == Qt.Key.Key_PageUp:
            self.date_requested.emit(add_months(day, -1))
        elif key == Qt.Key.Key_PageDown:
            self.date_requested.emit(add_months(day, 1))
        elif key == Qt.Key.Key_T and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.date_requested.emit(self.today)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            items = self.items_on(day)
            if len(items) == 1:
                self.item_activated.emit(items[0])
            else:
                self.day_opened.emit(day)
        else:
            super().keyPressEvent(event)
