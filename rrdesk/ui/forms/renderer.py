"""A form definition rendered as a Qt form: one group box per section, one row per field.

Each row: the label (with a red * when required, and a buddy for Alt-key access), the
editor, help text, and an error line under the editor that appears when the value breaks a
rule. Tab follows the definition's order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from rrdesk.domain.errors import FieldError
from rrdesk.forms.model import TABLE, Field, FormDefinition
from rrdesk.forms.values import safe_clean
from rrdesk.ui.forms.editors import Editor, Lookups, make_editor

ERROR_STYLE = "color: #b00020;"
HELP_STYLE = "color: #555555;"
REQUIRED_MARK = '<span style="color:#b00020;">&nbsp;*</span>'


class FieldRow(QWidget):
    """The editor of one field with its help and its error line."""

    def __init__(self, f: Field, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field, self.editor = f, editor
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(editor)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setAccessibleName(f"{f.label}: error")
        self.error.hide()
        box.addWidget(self.error)
        if f.help:
            help_label = QLabel(f.help)
            help_label.setStyleSheet(HELP_STYLE)
            help_label.setWordWrap(True)
            box.addWidget(help_label)

    def show_errors(self, errors: list[FieldError]) -> None:
        if not errors:
            self.error.clear()
            self.error.hide()
            return
        self.error.setText("\n".join(_sentence(self.field, e) for e in errors))
        self.error.show()


def _sentence(f: Field, error: FieldError) -> str:
    # Table cells already name their row and column; other messages read after the label.
    if f.type == TABLE and error.field != f.id:
        return error.message[:1].upper() + error.message[1:]
    return f"{f.label} {error.message}."


class FormWidget(QWidget):
    """The whole form. ``values()`` / ``set_values()`` / ``validate()``; emits ``changed``."""

    changed = Signal()

    def __init__(self, definition: FormDefinition, lookups: Lookups | None = None,
                 parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.definition = definition
        self.lookups = lookups or Lookups()
        self.today = today
        self.rows: dict[str, FieldRow] = {}
        self.labels: dict[str, QLabel] = {}
        self._shown_errors: set[str] = set()
        outer = QVBoxLayout(self)
        for section in definition.sections:
            group = QGroupBox(section.title)
            group.setAccessibleName(section.title)
            form = QFormLayout(group)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            if section.help:
                note = QLabel(section.help)
                note.setStyleSheet(HELP_STYLE)
                note.setWordWrap(True)
                form.addRow(note)
            for f in section.fields:
                self._add_field(form, f)
            outer.addWidget(group)
        outer.addStretch(1)
        self._align_labels()
        self._chain_tab_order()
        self.set_values(definition.defaults())

    def _add_field(self, form: QFormLayout, f: Field) -> None:
        editor = make_editor(f, self.lookups)
        description = " ".join(x for x in ("Required." if f.required else "", f.help) if x)
        editor.set_accessible(f.label, description)
        label = QLabel(f"{escape(f.label)}{REQUIRED_MARK if f.required else ''}")
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setAccessibleName(f.label + (" (required)" if f.required else ""))
        label.setBuddy(editor.focus_widgets()[0] if editor.focus_widgets() else editor)
        row = FieldRow(f, editor)
        editor.changed.connect(lambda f=f: self._field_changed(f))
        self.rows[f.id] = row
        self.labels[f.id] = label
        if f.type == TABLE:
            form.addRow(label)
            form.addRow(row)
        else:
            form.addRow(label, row)

    def _align_labels(self) -> None:
        # One label column for the whole form, not one per section.
        side = [lb for fid, lb in self.labels.items() if self.rows[fid].field.type != TABLE]
        width = max((lb.sizeHint().width() for lb in side), default=0)
        for lb in side:
            lb.setMinimumWidth(width)
            lb.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            lb.setContentsMargins(0, 4, 0, 0)  # level with the text inside the editor

    def _chain_tab_order(self) -> None:
        stops = [w for row in self.rows.values() for w in row.editor.focus_widgets()]
        for first, second in zip(stops, stops[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _field_changed(self, f: Field) -> None:
        if f.id in self._shown_errors:  # clear a message once the value is put right
            self.validate_field(f.id)
        if f.type == TABLE:
            self._chain_tab_order()
        self.changed.emit()

    # ----------------------------------------------------------------- values
    def editor(self, field_id: str) -> Editor:
        return self.rows[field_id].editor

    def error_label(self, field_id: str) -> QLabel:
        return self.rows[field_id].error

    def values(self) -> dict[str, Any]:
        return {fid: row.editor.value() for fid, row in self.rows.items()}

    def set_values(self, values: Mapping[str, Any]) -> None:
        for fid, row in self.rows.items():
            row.editor.blockSignals(True)
            try:
                row.editor.set_value(values.get(fid))
            finally:
                row.editor.blockSignals(False)
        self.show_errors([])
        if any(row.field.type == TABLE for row in self.rows.values()):
            self._chain_tab_order()

    # ----------------------------------------------------------------- checking
    def validate_field(self, field_id: str) -> list[FieldError]:
        row = self.rows[field_id]
        _, errors = safe_clean(row.field, row.editor.value(), self.today)
        row.show_errors(errors)
        (self._shown_errors.add if errors else self._shown_errors.discard)(field_id)
        return errors

    def validate(self) -> list[FieldError]:
        """Check every field, show each message beside its field, return them all."""
        errors: list[FieldError] = []
        for fid in self.rows:
            errors += self.validate_field(fid)
        self.focus_first_error()
        return errors

    def show_errors(self, errors: Iterable[FieldError]) -> None:
        """Show errors found elsewhere (the services' checks) beside their fields."""
        by_field: dict[str, list[FieldError]] = {}
        for e in errors:
            base = e.field.split("[", 1)[0].split(".", 1)[0]
            by_field.setdefault(base, []).append(e)
        for fid, row in self.rows.items():
            row.show_errors(by_field.get(fid, []))
        self._shown_errors = {fid for fid in by_field if fid in self.rows}
        self.focus_first_error()

    def focus_first_error(self) -> None:
        for fid, row in self.rows.items():
            if fid in self._shown_errors:
                stops = row.editor.focus_widgets()
                (stops[0] if stops else row.editor).setFocus()
                return
