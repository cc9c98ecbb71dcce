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

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QStaticText, QTransform
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from rrdesk.ui.register.model import CaseRegisterModel

MARGIN = 4  # pixels either side of the text, as Fusion leaves them
MAX_KEPT = 4000  # laid-out texts kept: a few screenfuls of names, PNC IDs and dates
_SELECTED = QStyle.StateFlag.State_Selected.value
_ACTIVE = QStyle.StateFlag.State_Active.value
_ELIDED = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_GROUPS = {True: QPalette.ColorGroup.Active, False: QPalette.ColorGroup.Inactive}
_Laid = tuple[QStaticText, float, float]  # the text laid out, its width and height


class RegisterDelegate(QStyledItemDelegate):
    def __init__(self, model: CaseRegisterModel, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._model = model
        self._view = view
        self._texts: dict[str, _Laid] = {}
        self._font = QFont(view.font())  # the font the painter has in the list
        self._text_colour: QColor | None = None
        self._chosen = -1  # the row selected (one at most), painted highlighted
        view.installEventFilter(self)  # a new palette, style or font: read them again

    def watch_selection(self) -> None:
        """Follow the view's selection (call once its model is set)."""
        self._view.selectionModel().selectionChanged.connect(self._selection_changed)
        self._view.model().modelReset.connect(self._selection_changed)

    def _selection_changed(self) -> None:
        rows = self._view.selectionModel().selectedRows()
        self._chosen = rows[0].row() if rows else -1

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange,
                            QEvent.Type.FontChange):
            self._text_colour = None
            self._texts.clear()
            self._font = QFont(self._view.font())
        return False

    def _laid_out(self, text: str) -> _Laid:
        laid = self._texts.get(text)
        if laid is None:
            if len(self._texts) >= MAX_KEPT:
                self._texts.clear()
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)  # a "<" in a name is not markup
            static.prepare(QTransform(), self._font)
            size = static.size()
            laid = self._texts[text] = (static, size.width(), size.height())
        return laid

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        # Called for every visible cell on every repaint: as few calls into Qt as will do.
        row, column = index.row(), index.column()
        text = self._model.display_text(row, column)
        chosen = row == self._chosen
        if not text and not chosen:
            return
        x, y, w, h = option.rect.getRect()
        if chosen:
            state = option.state.value
            group = _GROUPS[bool(state & _ACTIVE)]
            if state & _SELECTED:
                painter.fillRect(x, y, w, h,
                                 option.palette.brush(group, QPalette.ColorRole.Highlight))
                colour = option.palette.color(group, QPalette.ColorRole.HighlightedText)
            else:  # chosen a moment ago; its selection is being redrawn
                colour = option.palette.color(group, QPalette.ColorRole.Text)
            if not text:
                return
        else:
            special = self._model.text_colour(row, column)
            colour = QColor(special) if special else self._text_colour
            if colour is None:
                colour = self._text_colour = option.palette.color(QPalette.ColorRole.Text)
        static, width, height = self._laid_out(text)
        painter.setPen(colour)
        room = w - 2 * MARGIN
        if width > room:  # rare: a long name in a narrowed column
            painter.setFont(self._font)
            elided = option.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
            painter.drawText(x + MARGIN, y, room, h, _ELIDED, elided)
            return
        painter.drawStaticText(x + MARGIN, y + int((h - height) / 2), static)
