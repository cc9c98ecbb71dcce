"""How each kind of item looks: a colour and a small painted icon (shape), one per kind.

Shapes as well as colours, so the kinds stay apart for people who do not see colour.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from rrdesk.domain.calendar import Kind

KIND_COLOURS = {
    Kind.REVIEW: QColor("#1f5fa8"),  # blue
    Kind.LEVEL1_REVIEW: QColor("#5b8fd1"),  # light blue
    Kind.MEETING: QColor("#6a3d9a"),  # purple
    Kind.RMP_ACTION: QColor("#b15928"),  # brown
    Kind.PATHWAY_ACTION: QColor("#1b7f5a"),  # green
    Kind.PLAN_ACTION: QColor("#5f7f1b"),  # olive
    Kind.SENTENCE_END: QColor("#555f6b"),  # slate
    Kind.LICENCE_END: QColor("#8a5a00"),  # ochre
    Kind.REQUIREMENT_END: QColor("#9c4a87"),  # plum
}
OVERDUE = QColor("#c0261b")
OVERDUE_FILL = QColor("#fde3e0")
WEEKEND_FILL = QColor("#f3f4f6")
HOLIDAY_FILL = QColor("#ece6f5")
TODAY_FILL = QColor("#fff6d6")
SELECTED = QColor("#1f5fa8")
GRID = QColor("#d5d9de")
TEXT = QColor("#20262d")
MUTED = QColor("#6b737c")


def _polygon(points: list[tuple[float, float]], r: QRectF) -> QPolygonF:
    return QPolygonF([QPointF(r.left() + x * r.width(), r.top() + y * r.height())
                      for x, y in points])


def paint_icon(painter: QPainter, rect: QRectF, kind: Kind, colour: QColor | None = None) -> None:
    """The kind's shape in ``rect`` (square), filled with its colour."""
    colour = colour or KIND_COLOURS[kind]
    r = rect.adjusted(1, 1, -1, -1)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    if kind == Kind.REVIEW:
        painter.drawEllipse(r)
    elif kind == Kind.LEVEL1_REVIEW:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(colour, max(1.5, r.width() / 5)))
        painter.drawEllipse(r.adjusted(1, 1, -1, -1))
    elif kind == Kind.MEETING:
        painter.drawRoundedRect(r, r.width() / 4, r.width() / 4)
    elif kind == Kind.RMP_ACTION:
        painter.drawPolygon(_polygon([(0.5, 0), (1, 0.5), (0.5, 1), (0, 0.5)], r))
    elif kind == Kind.PATHWAY_ACTION:
        painter.drawPolygon(_polygon([(0.5, 0.05), (1, 0.95), (0, 0.95)], r))
    elif kind == Kind.PLAN_ACTION:
        painter.drawPolygon(_polygon([(0, 0.05), (1, 0.5), (0, 0.95)], r))
    else:  # the three end dates: a flag on a pole
        path = QPainterPath()
        path.addPolygon(_polygon([(0.2, 0.05), (1, 0.3), (0.2, 0.55)], r))
        painter.drawPath(path)
        painter.setPen(QPen(colour, max(1.2, r.width() / 8)))
        painter.drawLine(QPointF(r.left() + 0.2 * r.width(), r.top()),
                         QPointF(r.left() + 0.2 * r.width(), r.bottom()))
        if kind == Kind.LICENCE_END:
            painter.drawLine(QPointF(r.left() + 0.5 * r.width(), r.bottom() - 1),
                             QPointF(r.right(), r.bottom() - 1))
        elif kind == Kind.REQUIREMENT_END:
            painter.drawEllipse(QPointF(r.left() + 0.7 * r.width(), r.bottom() - 2), 1.5, 1.5)
    painter.restore()


_ICONS: dict[Kind, QIcon] = {}


def kind_icon(kind: Kind) -> QIcon:
    if kind not in _ICONS:
        pixmap = QPixmap(16, 16)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        paint_icon(painter, QRectF(1, 1, 14, 14), kind)
        painter.end()
        _ICONS[kind] = QIcon(pixmap)
    return _ICONS[kind]


_PIXMAPS: dict[tuple[Kind, int, float], QPixmap] = {}


def icon_pixmap(kind: Kind, size: int, ratio: float = 1.0) -> QPixmap:
    """The kind's icon, painted once per size: a grid of thousands of items only copies it."""
    key = (kind, size, ratio)
    if key not in _PIXMAPS:
        pixmap = QPixmap(round(size * ratio), round(size * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        paint_icon(painter, QRectF(0, 0, size, size), kind)
        painter.end()
        _PIXMAPS[key] = pixmap
    return _PIXMAPS[key]
