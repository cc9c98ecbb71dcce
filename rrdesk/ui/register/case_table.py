"""The register list, and how its rows are painted: plain text, each laid out once and kept.

After every search the register repaints about 300 cells. A ``QTableView`` paints each
cell on its own: the style draws the cell's panel (through the app's style sheet), then the
item delegate is called, and a delegate written in Python costs a call across the binding
per cell. At 1280x800 on an office laptop that was about 10 ms of a keystroke's 25 ms
budget (issue 8). These cells are plain text in rows, so the view paints them itself, a row
at a time in one Python call: the alternating row colour, the chosen row, the grid, and each
text from a layout made once (``QStaticText``), with an ellipsis when a column is too narrow.
Everything else (selection, keys, scrolling, tooltips, accessibility) is ``QTableView``'s.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette, QStaticText, QTransform
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QTableView

from rrdesk.ui.register.model import CaseRegisterModel

MARGIN = 4  # pixels either side of the text, as Fusion leaves them
MAX_KEPT = 4000  # laid-out texts kept: a few screenfuls of names, PNC IDs and dates
_ELIDED = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_Laid = tuple[QStaticText, float, float]  # the text laid out, its width and height


class CaseTable(QTableView):
    """The register list: Enter or a double click opens the current case."""

    activated_case = Signal(int)

    def __init__(self, model: CaseRegisterModel) -> None:
        super().__init__()
        self._cases = model
        self._texts: dict[str, _Laid] = {}
        self._colours: dict[str, QColor] = {}
        self._font: QFont | None = None  # the font texts were laid out in
        self.setModel(model)

    def keyPressEvent(self, event) -> None:  # noqa: ANN001, N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_case.emit(self._cases.case_id(self.currentIndex().row()))
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._texts.clear()  # laid out in another font
            self._font = None
        super().changeEvent(event)

    def _laid_out(self, text: str, font: QFont) -> _Laid:
        laid = self._texts.get(text)
        if laid is None:
            if len(self._texts) >= MAX_KEPT:
                self._texts.clear()
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)  # a "<" in a name is not markup
            static.prepare(QTransform(), font)
            size = static.size()
            laid = self._texts[text] = (static, size.width(), size.height())
        return laid

    def _grid_colour(self) -> QColor:
        option = QStyleOptionViewItem()
        option.initFrom(self)
        rgb = self.style().styleHint(QStyle.StyleHint.SH_Table_GridLineColor, option, self)
        return QColor.fromRgba(rgb & 0xFFFFFFFF) if rgb != -1 else self.palette().color(
            QPalette.ColorRole.Mid)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        # Called on every repaint: as few calls into Qt per cell as will do.
        model = self._cases
        rows = model.rowCount()
        area = event.rect()
        if rows == 0:
            return
        first, last = self.rowAt(area.top()), self.rowAt(area.bottom())
        if first < 0:
            return  # below the last row: nothing but background
        last = rows - 1 if last < 0 else last
        header = self.horizontalHeader()
        columns = []  # (column, x, width) of those in the area, left to right
        for visual in range(header.count()):
            column = header.logicalIndex(visual)
            if header.isSectionHidden(column):
                continue
            x, width = header.sectionViewportPosition(column), header.sectionSize(column)
            if x + width > area.left() and x <= area.right():
                columns.append((column, x, width))
        if not columns:
            return
        if self._font is None:
            self._font = QFont(self.font())
        font = self._font
        palette = self.palette()
        group = (QPalette.ColorGroup.Active if self.isActiveWindow()
                 else QPalette.ColorGroup.Inactive)
        text_colour = palette.color(group, QPalette.ColorRole.Text)
        chosen_colour = palette.color(group, QPalette.ColorRole.HighlightedText)
        highlight = palette.brush(group, QPalette.ColorRole.Highlight)
        alternate = palette.brush(group, QPalette.ColorRole.AlternateBase)
        chosen = {i.row() for i in self.selectionModel().selectedRows()}
        left, right = columns[0][1], columns[-1][1] + columns[-1][2]
        grid = 1 if self.showGrid() else 0
        painter = QPainter(self.viewport())
        painter.setFont(font)
        metrics = self.fontMetrics()
        texts = self._texts
        alternating = self.alternatingRowColors()
        lines = []  # the bottom edge of each row painted, for the grid
        pen = None
        for row in range(first, last + 1):
            y, h = self.rowViewportPosition(row), self.rowHeight(row) - grid
            lines.append(y + h + grid - 1)
            selected = row in chosen
            if selected:
                painter.fillRect(left, y, right - left, h, highlight)
            elif alternating and row % 2:
                painter.fillRect(left, y, right - left, h, alternate)
            shown, special = model.row_texts(row), model.row_colours(row)
            for column, x, width in columns:
                text = shown[column]
                if not text:
                    continue
                colour = (chosen_colour if selected else
                          self._colour(special[column]) if column in special else text_colour)
                if colour is not pen:  # most cells keep the pen they find
                    painter.setPen(colour)
                    pen = colour
                laid = texts.get(text) or self._laid_out(text, font)
                room = width - grid - 2 * MARGIN
                if laid[1] > room:  # rare: a long name in a narrowed column
                    elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
                    painter.drawText(x + MARGIN, y, room, h, _ELIDED, elided)
                    continue
                # A QPointF: the (x, y) overload costs more to choose than to draw with.
                painter.drawStaticText(QPointF(x + MARGIN, y + int((h - laid[2]) / 2)), laid[0])
        if grid:
            painter.setPen(self._grid_colour())
            top, bottom = self.rowViewportPosition(first), lines[-1]
            for line in lines:
                painter.drawLine(left, line, right - 1, line)
            for _column, x, width in columns:
                painter.drawLine(x + width - 1, top, x + width - 1, bottom)
        painter.end()

    def _colour(self, name: str) -> QColor:
        colour = self._colours.get(name)
        if colour is None:
            colour = self._colours[name] = QColor(name)
        return colour
