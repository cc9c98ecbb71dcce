"""One editor widget per field type, each with ``value()``, ``set_value()`` and ``changed``.

Editors hand back what the person entered, typed where it can be (a date, a number) and as
text where it cannot (a half-typed date): ``rrdesk.forms.values`` then judges it with the
same rules a file import uses, so the message a person sees is the one the CLI prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QDate, QSize, Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from rrdesk.domain.dates import format_uk
from rrdesk.forms import model as m
from rrdesk.forms.choices import AGENCIES
from rrdesk.forms.values import INT_LIMIT, max_length


@dataclass
class Lookups:
    """Lists the editors offer: agencies, staff names, people on the register."""

    agencies: Sequence[str] = AGENCIES
    staff: Sequence[str] = ()
    people: Sequence[tuple[int, str]] = ()  # (case id, label)
    resolve: Callable[[int], str] | None = None  # a label for someone not in ``people``

    person_labels: dict[int, str] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.person_labels = dict(self.people)

    def person_label(self, case_id: Any) -> str:
        label = self.person_labels.get(case_id, "")
        if not label and self.resolve is not None and isinstance(case_id, int):
            label = self.resolve(case_id)
        return label


class Editor(QWidget):
    """Base: a widget for one field. ``focus_widgets`` lists its stops in tab order."""

    changed = Signal()

    def __init__(self, f: m.Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = f
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)

    def _hold(self, widget: QWidget, changed: SignalInstance, stretch: bool = False) -> None:
        """Lay out the widget a person types or picks in (``stretch``: at its own width),
        give it the editor's focus and pass its change signal on."""
        self.layout_.addWidget(widget)
        if stretch:
            self.layout_.addStretch(1)
        self.setFocusProxy(widget)
        changed.connect(self.changed)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def focus_widgets(self) -> list[QWidget]:
        return [self.focusProxy() or self]

    def fill_width(self) -> None:
        """Drop the trailing stretch, so the editor fills a table cell."""
        for i in reversed(range(self.layout_.count())):
            if self.layout_.itemAt(i).spacerItem() is not None:
                self.layout_.takeAt(i)

    def set_accessible(self, name: str, description: str) -> None:
        for w in self.focus_widgets():
            w.setAccessibleName(name)
            w.setAccessibleDescription(description)


# ----------------------------------------------------------------------------- text
class TextEditor(Editor):
    def __init__(self, f: m.Field, parent: QWidget | None = None,
                 suggestions: Sequence[str] = ()) -> None:
        super().__init__(f, parent)
        self.edit = QLineEdit()
        self.edit.setMaxLength(max_length(f) + 50)  # room to show the "too long" message
        if suggestions:
            completer = QCompleter(list(suggestions), self.edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            self.edit.setCompleter(completer)
        self._hold(self.edit, self.edit.textChanged)

    def value(self) -> str:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))


class GrowingTextEdit(QPlainTextEdit):
    """Plain text that grows with what is typed (``min_lines`` to ``max_lines``), then
    scrolls. ``resized`` tells a table to fit the row around it."""

    resized = Signal()

    def __init__(self, parent: QWidget | None = None, min_lines: int = 3,
                 max_lines: int = 15) -> None:
        super().__init__(parent)
        self.min_lines, self.max_lines = min_lines, max_lines
        self.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def _fit(self, *_: object) -> None:
        lines = int(self.document().documentLayout().documentSize().height())
        lines = max(self.min_lines, min(self.max_lines, lines))
        margins = self.contentsMargins()
        height = (lines * self.fontMetrics().lineSpacing()
                  + 2 * self.document().documentMargin() + margins.top() + margins.bottom()
                  + 2 * self.frameWidth())
        if int(height) != self.minimumHeight() or int(height) != self.maximumHeight():
            self.setFixedHeight(int(height))
            self.resized.emit()

    def lines_shown(self) -> int:
        return round((self.height() - 2 * self.frameWidth()
                      - 2 * self.document().documentMargin())
                     / self.fontMetrics().lineSpacing())


class LongTextEditor(Editor):
    def __init__(self, f: m.Field, parent: QWidget | None = None, min_lines: int = 3,
                 max_lines: int = 15) -> None:
        super().__init__(f, parent)
        self.edit = GrowingTextEdit(min_lines=min_lines, max_lines=max_lines)
        self._hold(self.edit, self.edit.textChanged)

    def value(self) -> str:
        return self.edit.toPlainText()

    def set_value(self, value: Any) -> None:
        self.edit.setPlainText("" if value is None else str(value))


# ----------------------------------------------------------------------------- dates
class DateEditor(Editor):
    """dd/mm/yyyy typed, or picked from a calendar; an empty box means no date."""

    FORMAT = "dd/mm/yyyy"

    def __init__(self, f: m.Field, parent: QWidget | None = None) -> None:
        super().__init__(f, parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.FORMAT)
        self.edit.setMaxLength(16)
        self.edit.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        metrics = self.edit.fontMetrics()  # room for the digits and for the "dd/mm/yyyy" hint
        self.edit.setFixedWidth(max(metrics.horizontalAdvance("00/00/00000"),
                                    metrics.horizontalAdvance(self.FORMAT + "0")) + 16)
        self.pick = QToolButton()
        self.pick.setText("▾")
        self.pick.setToolTip("Choose from a calendar")
        self.pick.setAccessibleName(f"{f.label}: choose from a calendar")
        self.pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.pick.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        self.pick.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # keyboard users type the date
        menu = QMenu(self.pick)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._sync_calendar)
        self.calendar.clicked.connect(self._picked)
        self.pick.setMenu(menu)
        self._hold(self.edit, self.edit.textChanged)
        self.layout_.addWidget(self.pick)
        self.layout_.addStretch(1)
        self.edit.editingFinished.connect(self._tidy)

    def _tidy(self) -> None:
        # 03042026 -> 03/04/2026: people type dates without slashes too.
        text = self.edit.text().strip()
        if len(text) == 8 and text.isdigit():
            self.edit.setText(f"{text[:2]}/{text[2:4]}/{text[4:]}")

    def _sync_calendar(self) -> None:
        value = self.value()
        if isinstance(value, dt.date):
            self.calendar.setSelectedDate(QDate(value.year, value.month, value.day))

    def _picked(self, date: QDate) -> None:
        self.set_value(dt.date(date.year(), date.month(), date.day()))
        self.pick.menu().hide()
        self.edit.setFocus()

    def value(self) -> dt.date | str | None:
        text = self.edit.text().strip()
        if not text:
            return None
        if len(text) == 8 and text.isdigit():
            text = f"{text[:2]}/{text[2:4]}/{text[4:]}"
        try:
            return dt.datetime.strptime(text, "%d/%m/%Y").date()
        except ValueError:
            return text  # the validator says what is wrong with it

    def set_value(self, value: Any) -> None:
        if isinstance(value, dt.datetime):
            value = value.date()
        self.edit.setText(format_uk(value) if isinstance(value, dt.date)
                          else "" if value is None else str(value))

    def focus_widgets(self) -> list[QWidget]:
        return [self.edit]


class DateTimeEditor(Editor):
    FORMAT = "dd/mm/yyyy hh:mm"

    def __init__(self, f: m.Field, parent: QWidget | None = None) -> None:
        super().__init__(f, parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.FORMAT)
        self.edit.setMaxLength(24)
        self.edit.setFixedWidth(self.edit.fontMetrics().horizontalAdvance("00/00/0000 00:000")
                                + 16)
        self._hold(self.edit, self.edit.textChanged, stretch=True)

    def value(self) -> dt.datetime | str | None:
        text = " ".join(self.edit.text().split())
        if not text:
            return None
        try:
            return dt.datetime.strptime(text, "%d/%m/%Y %H:%M")
        except ValueError:
            return text

    def set_value(self, value: Any) -> None:
        self.edit.setText(value.strftime("%d/%m/%Y %H:%M") if isinstance(value, dt.datetime)
                          else "" if value is None else str(value))


# ----------------------------------------------------------------------------- numbers
class IntegerEditor(Editor):
    """A spin box whose lowest step shows as blank: no number given."""

    def __init__(self, f: m.Field, parent: QWidget | None = None) -> None:
        super().__init__(f, parent)
        self.low = f.min if f.min is not None else -INT_LIMIT
        high = f.max if f.max is not None else INT_LIMIT
        self.spin = QSpinBox()
        self.spin.setRange(self.low - 1, high)
        self.spin.setSpecialValueText(" ")
        self.spin.setValue(self.low - 1)
        self.spin.setMinimumWidth(110)
        self._hold(self.spin, self.spin.valueChanged, stretch=True)

    def value(self) -> int | None:
        v = self.spin.value()
        return None if v == self.low - 1 else v

    def set_value(self, value: Any) -> None:
        ok = isinstance(value, int) and not isinstance(value, bool)
        self.spin.setValue(value if ok and self.low <= value <= self.spin.maximum()
                           else self.low - 1)


# ----------------------------------------------------------------------------- choices
NOT_ANSWERED = "—"


class ChoiceEditor(Editor):
    def __init__(self, f: m.Field, parent: QWidget | None = None,
                 options: Sequence[tuple[Any, str]] | None = None) -> None:
        super().__init__(f, parent)
        self.combo = QComboBox()
        self.combo.addItem(NOT_ANSWERED, None)
        for value, label in options if options is not None else \
                [(o.value, o.label) for o in f.options]:
            self.combo.addItem(label, value)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._hold(self.combo, self.combo.currentIndexChanged, stretch=True)

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        for i in range(self.combo.count()):
            data = self.combo.itemData(i)
            if data == value or (value is not None and str(data) == str(value)):
                self.combo.setCurrentIndex(i)
                return
        if value is None or value == "":
            self.combo.setCurrentIndex(0)
            return
        # A stored value the list no longer offers is shown, not silently dropped.
        self.combo.addItem(self._unlisted_label(value), value)
        self.combo.setCurrentIndex(self.combo.count() - 1)

    def _unlisted_label(self, value: Any) -> str:
        return f"{value} (not in the list)"


class PersonEditor(ChoiceEditor):
    """A person on the register; type to search the list by any part of the name."""

    def __init__(self, f: m.Field, parent: QWidget | None, lookups: Lookups) -> None:
        self.lookups = lookups
        super().__init__(f, parent, options=list(lookups.people))
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.combo.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.combo.setMinimumContentsLength(28)
        self.combo.setItemText(0, "")  # typed into, so "no one" is an empty box
        self.combo.lineEdit().setPlaceholderText("Type part of a name or CRN")

    def _unlisted_label(self, value: Any) -> str:
        label = self.lookups.person_label(value)
        return label or f"case {value}"

    def value(self) -> Any:
        text = self.combo.currentText().strip()
        if not text or text == NOT_ANSWERED:
            return None
        index = self.combo.findText(text, Qt.MatchFlag.MatchFixedString)
        return self.combo.itemData(index) if index > 0 else text


class AgencyEditor(Editor):
    """An agency from the list, or another typed in (local partners vary)."""

    def __init__(self, f: m.Field, parent: QWidget | None, lookups: Lookups) -> None:
        super().__init__(f, parent)
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.addItems([""] + [o.label for o in f.options] if f.options
                            else [""] + list(lookups.agencies))
        self.combo.setMinimumContentsLength(22)
        self.combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self._hold(self.combo, self.combo.currentTextChanged, stretch=True)

    def value(self) -> str:
        return self.combo.currentText()

    def set_value(self, value: Any) -> None:
        self.combo.setCurrentText("" if value is None else str(value))


class MultiChoiceEditor(Editor):
    def __init__(self, f: m.Field, parent: QWidget | None = None) -> None:
        super().__init__(f, parent)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        self.boxes: list[tuple[Any, QCheckBox]] = []
        per_column = (len(f.options) + 1) // 2
        for i, option in enumerate(f.options):
            box = QCheckBox(option.label)
            box.toggled.connect(self.changed)
            grid.addWidget(box, i % per_column, i // per_column)
            self.boxes.append((option.value, box))
        self.layout_.addLayout(grid)
        self.layout_.addStretch(1)

    def value(self) -> list:
        return [value for value, box in self.boxes if box.isChecked()]

    def set_value(self, value: Any) -> None:
        chosen = {str(v) for v in (value or [])} if isinstance(value, list | tuple) else set()
        for v, box in self.boxes:
            box.setChecked(str(v) in chosen)

    def focus_widgets(self) -> list[QWidget]:
        return [box for _, box in self.boxes]

    def set_accessible(self, name: str, description: str) -> None:
        for _, box in self.boxes:
            box.setAccessibleName(f"{name}: {box.text()}")
            box.setAccessibleDescription(description)


class YesNoEditor(Editor):
    def __init__(self, f: m.Field, parent: QWidget | None = None) -> None:
        super().__init__(f, parent)
        self.group = QButtonGroup(self)
        self.yes, self.no = QRadioButton("Yes"), QRadioButton("No")
        self.buttons = [self.yes, self.no]
        self.unknown: QRadioButton | None = None
        if not f.required:  # a way back to "not recorded" once one was clicked
            self.unknown = QRadioButton("Not recorded")
            self.buttons.append(self.unknown)
        for b in self.buttons:
            self.group.addButton(b)
            self.layout_.addWidget(b)
            # Not QButtonGroup.buttonToggled: under PySide6 6.12 its bool argument loses a
            # reference on every emission (Python aborts at exit).
            b.toggled.connect(self.changed)
        self.layout_.addStretch(1)

    def value(self) -> bool | None:
        return True if self.yes.isChecked() else False if self.no.isChecked() else None

    def set_value(self, value: Any) -> None:
        target = self.yes if value is True else self.no if value is False else self.unknown
        if target is not None:
            target.setChecked(True)
            return
        self.group.setExclusive(False)
        for b in self.buttons:
            b.setChecked(False)
        self.group.setExclusive(True)

    def focus_widgets(self) -> list[QWidget]:
        return list(self.buttons)

    def set_accessible(self, name: str, description: str) -> None:
        for b in self.buttons:
            b.setAccessibleName(f"{name}: {b.text()}")
            b.setAccessibleDescription(description)


# ----------------------------------------------------------------------------- tables
COLUMN_WIDTHS = {m.DATE: 150, m.DATETIME: 160, m.AGENCY: 210, m.STAFF: 160, m.CHOICE: 150,
                 m.PERSON: 220, m.INTEGER: 100, m.YES_NO: 190}


ROW_HEIGHT = 34
CELL_MAX_LINES = 8  # a long text cell grows to this many lines, then scrolls


class TableEditor(Editor):
    """Rows of cells, each cell an editor of its column's type; Add row / Remove row."""

    def __init__(self, f: m.Field, parent: QWidget | None, lookups: Lookups) -> None:
        super().__init__(f, parent)
        self.lookups = lookups
        self.rows: list[list[Editor]] = []
        box = QVBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(f.columns))
        self.table.setHorizontalHeaderLabels([c.label + (" *" if c.required else "")
                                              for c in f.columns])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # focus goes to the cells
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(60)
        header.setStretchLastSection(True)
        for i, c in enumerate(f.columns):
            if c.type in (m.TEXT, m.LONG_TEXT):
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
            else:  # room for the editor even while the table is empty
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(i, COLUMN_WIDTHS.get(c.type, 140))
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add row")
        self.remove_button = QPushButton("Remove row")
        self.add_button.setAccessibleName(f"{f.label}: add row")
        self.remove_button.setAccessibleName(f"{f.label}: remove row")
        self.add_button.clicked.connect(self._add_clicked)
        self.remove_button.clicked.connect(self.remove_current_row)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        box.addWidget(self.table)
        box.addLayout(buttons)
        self.layout_.addLayout(box)
        self._fit()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(600, super().sizeHint().height())

    def _fit(self) -> None:
        """Each row as tall as its tallest cell (long text grows as it is typed); the
        table as tall as its rows, so the form scrolls rather than the table."""
        for r, cells in enumerate(self.rows):
            tallest = max(cell.sizeHint().height() for cell in cells)
            self.table.setRowHeight(r, max(ROW_HEIGHT, tallest + 4))
        header = self.table.horizontalHeader().height() or 26
        rows = sum(self.table.rowHeight(r) for r in range(len(self.rows))) or ROW_HEIGHT
        self.table.setFixedHeight(header + rows + 2 * self.table.frameWidth() + 18)
        self.remove_button.setEnabled(bool(self.rows))

    def _add_clicked(self) -> None:
        cells = self.add_row()
        cells[0].focus_widgets()[0].setFocus()

    def add_row(self, values: dict | None = None) -> list[Editor]:
        row = self.table.rowCount()
        self.table.insertRow(row)
        cells = []
        for col, c in enumerate(self.field.columns):
            if c.type == m.LONG_TEXT:  # one line to start with, growing as it is typed
                editor = LongTextEditor(c, min_lines=1, max_lines=CELL_MAX_LINES)
                editor.edit.resized.connect(self._fit)
            else:
                editor = make_editor(c, self.lookups)
            editor.fill_width()
            editor.set_accessible(f"{self.field.label}, row {row + 1}, {c.label}",
                                  "Required." if c.required else "")
            if values is not None:
                editor.set_value(values.get(c.id))
            editor.changed.connect(self.changed)
            self.table.setCellWidget(row, col, editor)
            cells.append(editor)
        self.rows.append(cells)
        self._fit()
        self.changed.emit()
        return cells

    def _focused_row(self) -> int:
        focus = self.window().focusWidget() if self.window() else None
        for r, cells in enumerate(self.rows):
            for cell in cells:
                if focus is not None and (focus is cell or cell.isAncestorOf(focus)):
                    return r
        selected = self.table.currentRow()
        return selected if selected >= 0 else len(self.rows) - 1

    def remove_current_row(self) -> None:
        if not self.rows:
            return
        row = self._focused_row()
        self.table.removeRow(row)
        del self.rows[row]
        self._fit()
        self.changed.emit()

    def value(self) -> list[dict]:
        return [{c.id: cell.value() for c, cell in zip(self.field.columns, cells, strict=True)}
                for cells in self.rows]

    def set_value(self, value: Any) -> None:
        self.table.setRowCount(0)
        self.rows.clear()
        for row in value or []:
            if isinstance(row, dict):
                self.add_row(row)
        self._fit()

    def focus_widgets(self) -> list[QWidget]:
        stops = [w for cells in self.rows for cell in cells for w in cell.focus_widgets()]
        return [*stops, self.add_button, self.remove_button]

    def set_accessible(self, name: str, description: str) -> None:
        self.table.setAccessibleName(name)
        self.table.setAccessibleDescription(description)


# Editors made from the field alone; the rest also take the lookups.
PLAIN_EDITORS: dict[str, type[Editor]] = {
    m.TEXT: TextEditor, m.LONG_TEXT: LongTextEditor, m.DATE: DateEditor,
    m.DATETIME: DateTimeEditor, m.INTEGER: IntegerEditor, m.CHOICE: ChoiceEditor,
    m.MULTI_CHOICE: MultiChoiceEditor, m.YES_NO: YesNoEditor,
}
LOOKUP_EDITORS: dict[str, type[Editor]] = {
    m.AGENCY: AgencyEditor, m.PERSON: PersonEditor, m.TABLE: TableEditor,
}


def make_editor(f: m.Field, lookups: Lookups, parent: QWidget | None = None) -> Editor:
    if f.type in PLAIN_EDITORS:
        return PLAIN_EDITORS[f.type](f, parent)
    if f.type in LOOKUP_EDITORS:
        return LOOKUP_EDITORS[f.type](f, parent, lookups)
    if f.type == m.STAFF:
        return TextEditor(f, parent, suggestions=[o.label for o in f.options] or lookups.staff)
    raise ValueError(f"no editor for field type {f.type}")
