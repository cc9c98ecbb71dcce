"""A small dialog for one entry of the case record (a requirement, a flag, a sentence ...),
declared as a list of fields; a save that fails names each field that is wrong beside it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from rrdesk.domain.errors import FieldError, ValidationErrors
from rrdesk.ui.register.date_field import OptionalDateEdit

ERROR_STYLE = "color: #b3261e;"
BAD_FIELD = "border: 1px solid #b3261e;"


@dataclass(frozen=True)
class Field:
    name: str  # the FieldError.field the service uses
    label: str
    kind: str = "text"  # text, long, date, choice
    choices: list[tuple[str, object]] = field(default_factory=list)  # (shown, value)
    editable: bool = False  # a choice that also takes typed text


class RecordDialog(QDialog):
    """``save(values)`` stores the values or raises ``ValidationErrors``/``FieldError``."""

    def __init__(self, title: str, fields: list[Field], save: Callable[[dict[str, Any]], None],
                 values: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.fields = {f.name: f for f in fields}
        self._save = save
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for f in fields:
            editor = self._editor(f)
            editor.setAccessibleName(f.label)
            self.editors[f.name] = editor
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.setVisible(False)
            self.errors[f.name] = error
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(editor)
            box.addWidget(error)
            form.addRow(f.label, box)
        self.general_error = QLabel()
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        for name, value in (values or {}).items():
            if name in self.editors:
                self.set_value(name, value)

    @staticmethod
    def _editor(f: Field) -> QWidget:
        if f.kind == "date":
            return OptionalDateEdit(f.name)
        if f.kind == "choice":
            combo = QComboBox()
            combo.setEditable(f.editable)
            for text, value in f.choices:
                combo.addItem(text, value)
            return combo
        if f.kind == "long":
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(70)
            return edit
        return QLineEdit()

    def set_value(self, name: str, value: Any) -> None:
        editor = self.editors[name]
        if isinstance(editor, OptionalDateEdit):
            editor.set_date(value)
        elif isinstance(editor, QComboBox):
            index = editor.findData(value)
            if index >= 0:
                editor.setCurrentIndex(index)
            elif editor.isEditable():
                editor.setEditText("" if value is None else str(value))
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(value or "")
        else:
            editor.setText("" if value is None else str(value))

    def values(self) -> dict[str, Any]:
        """What was entered; ``ValidationErrors`` for dates that cannot be read."""
        found: dict[str, Any] = {}
        errors: list[FieldError] = []
        for name, editor in self.editors.items():
            if isinstance(editor, OptionalDateEdit):
                try:
                    found[name] = editor.date()
                except FieldError as e:
                    errors.append(e)
            elif isinstance(editor, QComboBox):
                data = editor.currentData()
                typed = editor.currentText().strip()
                found[name] = typed if editor.isEditable() and (
                    data is None or editor.itemText(editor.currentIndex()) != typed) else data
            elif isinstance(editor, QPlainTextEdit):
                found[name] = editor.toPlainText().strip()
            else:
                found[name] = editor.text().strip()
        if errors:
            raise ValidationErrors(errors)
        return found

    def try_save(self) -> bool:
        self.clear_errors()
        try:
            self._save(self.values())
        except ValidationErrors as e:
            self.show_errors(e.errors)
            return False
        except FieldError as e:
            self.show_errors([e])
            return False
        self.accept()
        return True

    def clear_errors(self) -> None:
        for name, label in self.errors.items():
            label.setVisible(False)
            self.editors[name].setStyleSheet("")
        self.general_error.setVisible(False)

    def show_errors(self, errors: list[FieldError]) -> None:
        other = []
        for e in errors:
            label = self.errors.get(e.field)
            if label is None:
                other.append(f"{e.field.replace('_', ' ').capitalize()}: {e.message}")
                continue
            label.setText(f"{self.fields[e.field].label}: {e.message}")
            label.setVisible(True)
            self.editors[e.field].setStyleSheet(BAD_FIELD)
        if other:
            self.general_error.setText("\n".join(other))
            self.general_error.setVisible(True)
        first = self.editors.get(errors[0].field) if errors else None
        if first is not None:
            first.setFocus()

    def error_text(self) -> str:
        """Every error shown (for tests and screen readers)."""
        shown = [label.text() for label in self.errors.values() if not label.isHidden()]
        if not self.general_error.isHidden():
            shown.append(self.general_error.text())
        return "\n".join(shown)
