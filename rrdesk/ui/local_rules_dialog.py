"""The team's local rules, one settings page built from their declaration
(``domain.local_rules.RULES``): numbers as spin boxes, lists as editable lists, the
statement as long text. Saved in the vault; a rule that is wrong is named beside it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from rrdesk.domain.errors import FieldError
from rrdesk.domain.local_rules import RULES, LocalRules
from rrdesk.services.local_rules import load_rules, save_rules
from rrdesk.services.vaults import Vault

ERROR_STYLE = "color: #b3261e;"


class ListEditor(QWidget):
    """An editable list: double-click (or F2) an entry to change it, Add and Remove."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.list = QListWidget()
        self.list.setAccessibleName(name)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.list.setMaximumHeight(120)
        add = QPushButton("Add")
        add.clicked.connect(self.add_entry)
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove_entry)
        buttons = QVBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def set_items(self, items: list[str]) -> None:
        self.list.clear()
        for text in items:
            self._append(text)

    def _append(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.list.addItem(item)
        return item

    def items(self) -> list[str]:
        return [self.list.item(i).text().strip() for i in range(self.list.count())]

    def add_entry(self, text: str = "") -> None:
        item = self._append(text or "")
        self.list.setCurrentItem(item)
        if not text:
            self.list.editItem(item)

    def remove_entry(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)


class LocalRulesDialog(QDialog):
    """``on_saved`` is called after the rules are stored (the screens recompute)."""

    def __init__(self, vault: Vault, on_saved: Callable[[], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.on_saved = on_saved
        self.setWindowTitle("Local rules")
        self.types = {f.name: f.type for f in fields(LocalRules)}
        self.labels = {spec.name: spec.label for spec in RULES}
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for spec in RULES:
            editor = self._editor(spec.name)
            editor.setToolTip(spec.help)
            editor.setAccessibleName(spec.label)
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setVisible(False)
            help_text = QLabel(spec.help)
            help_text.setObjectName("Subtle")
            help_text.setWordWrap(True)
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(editor)
            box.addWidget(help_text)
            box.addWidget(error)
            form.addRow(spec.label, box)
            self.editors[spec.name], self.errors[spec.name] = editor, error
        inner = QWidget()
        inner.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        note = QLabel("These rules belong to the team and are kept in this vault: the "
                      "prolific flag, review intervals, IOM flex crime types and the agencies "
                      "offered. The register and the cohort view follow them at once.")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(720, 680)
        self.load()

    def _editor(self, name: str) -> QWidget:
        kind = str(self.types[name])
        if kind == "int":
            spin = QSpinBox()
            spin.setRange(0, 999)
            spin.setMaximumWidth(120)
            return spin
        if kind.startswith("list"):
            return ListEditor(name)
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(110)
        return edit

    def load(self) -> None:
        self.show_rules(load_rules(self.vault))

    def show_rules(self, rules: LocalRules) -> None:
        for name, editor in self.editors.items():
            value = getattr(rules, name)
            if isinstance(editor, QSpinBox):
                editor.setValue(value)
            elif isinstance(editor, ListEditor):
                editor.set_items(list(value))
            else:
                editor.setPlainText(value)
        self._clear_errors()

    def rules(self) -> LocalRules:
        values = {}
        for name, editor in self.editors.items():
            if isinstance(editor, QSpinBox):
                values[name] = editor.value()
            elif isinstance(editor, ListEditor):
                values[name] = editor.items()
            else:
                values[name] = editor.toPlainText().strip()
        return LocalRules(**values)

    def _clear_errors(self) -> None:
        for label in self.errors.values():
            label.setVisible(False)

    def save(self) -> bool:
        self._clear_errors()
        try:
            save_rules(self.vault, self.rules())
        except FieldError as e:
            label = self.errors.get(e.field)
            if label is not None:
                label.setText(f"{self.labels[e.field]}: {e.message}")
                label.setVisible(True)
                self.editors[e.field].setFocus()
            return False
        if self.on_saved is not None:
            self.on_saved()
        self.accept()
        return True

    def error_text(self) -> str:
        return "\n".join(label.text() for label in self.errors.values() if not label.isHidden())
