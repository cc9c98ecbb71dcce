"""Add or change one pathway action."""

from __future__ import annotations

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
from rrdesk.domain.pathways import Pathway, Rag
from rrdesk.services.pathways import ActionDetails
from rrdesk.ui.register.date_field import OptionalDateEdit

FIELD_LABELS = {"pathway": "Pathway", "what": "Action", "owner_agency": "Owner agency",
                "named_person": "Named person", "target_date": "Target date",
                "rag": "RAG rating", "outcome": "Outcome"}


class ActionDialog(QDialog):
    """Collects an action; ``save`` (given by the caller) stores it or raises errors."""

    def __init__(self, save, action: ActionDetails | None = None,  # noqa: ANN001
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Change action" if action and action.id else "New action")
        self._save = save
        self.pathway = QComboBox()
        for p in Pathway:
            self.pathway.addItem(p.label, p.value)
        self.what = QLineEdit()
        self.owner_agency = QLineEdit()
        self.named_person = QLineEdit()
        self.target_date = OptionalDateEdit("target_date")
        self.rag = QComboBox()
        for r in Rag:
            self.rag.addItem(r.value.capitalize(), r.value)
        self.outcome = QPlainTextEdit()
        self.outcome.setTabChangesFocus(True)
        self.outcome.setFixedHeight(70)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        form = QFormLayout()
        for name in ("pathway", "what", "owner_agency", "named_person", "target_date", "rag",
                     "outcome"):
            widget = getattr(self, name)
            widget.setAccessibleName(FIELD_LABELS[name])
            form.addRow(FIELD_LABELS[name], widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(480, 360)
        if action:
            self.pathway.setCurrentIndex(self.pathway.findData(Pathway(action.pathway).value))
            self.what.setText(action.what)
            self.owner_agency.setText(action.owner_agency)
            self.named_person.setText(action.named_person)
            self.target_date.set_date(action.target_date)
            self.rag.setCurrentIndex(self.rag.findData(Rag(action.rag).value))
            self.outcome.setPlainText(action.outcome)
        self.action_id = action.id if action else None

    def values(self) -> ActionDetails:
        return ActionDetails(
            pathway=Pathway(self.pathway.currentData()), what=self.what.text(),
            owner_agency=self.owner_agency.text().strip(),
            named_person=self.named_person.text().strip(),
            target_date=self.target_date.date(), rag=Rag(self.rag.currentData()),
            outcome=self.outcome.toPlainText().strip(), id=self.action_id)

    def try_save(self) -> None:
        try:
            self._save(self.values())
        except ValidationErrors as e:
            self.show_errors(e.errors)
            return
        except FieldError as e:
            self.show_errors([e])
            return
        self.accept()

    def show_errors(self, errors: list[FieldError]) -> None:
        self.error.setText("\n".join(f"{FIELD_LABELS.get(e.field, e.field)}: {e.message}"
                                     for e in errors))
        first = getattr(self, errors[0].field, None)
        if isinstance(first, QWidget):
            first.setFocus()
