"""How the register's cells are painted: plain text, each laid out once and kept.

After every search the register repaints about 330 cells. Qt's own delegate asks the model
for a dozen roles per cell and lays every text out again through the style (through the
app's style sheet, too): about 15 ms at 1280x800 on an office laptop, most of a keystroke's
budget (issue 8). These cells are plain text, so this delegate draws what the style draws
for them (the selection, the text colour, an ellipsis when a column is too narrow) from text
laid out once (``QStaticText``), in about a third of the time. Tooltips, accessibility and
copying still read the model's roles.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QStaticText, QTransform
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from rrdesk.ui.register.model import CaseRegisterModel

MARGIN = 4  # pixels either side of the text, as Fusion leaves them
MAX_KEPT = 4000  # laid-out texts kept: a few screenfuls of names, PNC IDs and dates
_SELECTED = QStyle.StateFlag.State_Selected.value
_ACTIVE = QStyle.StateFlag.State_Active.value
_ELIDED = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_GROUPS = {True: QPalette.ColorGroup.Active, False: QPalette.ColorGroup.Inactive}
_Laid = tuple[QStaticText, float, float]  # the text laid out, its width and height


class RegisterDelegate(QStyledItemDelegate):
    def __init__(self, model: CaseRegisterModel, view: QWidget) -> None:
        super().__init__(view)
        self._model = model
        self._texts: dict[str, _Laid] = {}
        self._font: QFont | None = None
        self._colours: dict[bool, QColor] = {}  # text colour when active / inactive
        view.installEventFilter(self)  # a new palette or style: colours read again

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._colours.clear()
        return False

    def _laid_out(self, text: str, font: QFont) -> _Laid:
        if font != self._font:  # another font (a style or zoom change): lay out again
            self._texts.clear()
            self._font = QFont(font)
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

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        # Called for every visible cell on every repaint: kept to what these cells need.
        row, column = index.row(), index.column()
        state, rect = option.state.value, option.rect
        active = bool(state & _ACTIVE)
        if state & _SELECTED:
            group = _GROUPS[active]
            painter.fillRect(rect, option.palette.brush(group, QPalette.ColorRole.Highlight))
            colour = option.palette.color(group, QPalette.ColorRole.HighlightedText)
        else:
            special = self._model.text_colour(row, column)
            colour = QColor(special) if special else self._colours.get(active)
            if colour is None:
                colour = self._colours[active] = option.palette.color(
                    _GROUPS[active], QPalette.ColorRole.Text)
        text = self._model.display_text(row, column)
        if not text:
            return
        font = option.font
        static, width, height = self._laid_out(text, font)
        painter.setPen(colour)
        painter.setFont(font)
        room = rect.width() - 2 * MARGIN
        if width > room:  # rare: a long name in a narrowed column
            elided = option.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
            painter.drawText(rect.adjusted(MARGIN, 0, -MARGIN, 0), _ELIDED, elided)
            return
        painter.drawStaticText(QPointF(rect.x() + MARGIN, rect.y() + (rect.height() - height) / 2),
                               static)
