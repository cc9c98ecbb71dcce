"""Dialogs for a meeting's documents: choose what an extract holds; record distribution."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rrdesk.documents.model import Recipient
from rrdesk.domain.errors import FieldError, ValidationErrors
from rrdesk.services.distribution import KINDS, DistributionService

# Left out of an extract unless the person ticks them: what a third party rarely needs.
LEFT_OUT_BY_DEFAULT = {"victim_diversity", "attendance", "distribution", "amendments",
                       "information_shared", "declined_to_share", "previous_offences"}


class ExtractDialog(QDialog):
    """Which parts of the minutes go into the extract, for whom, and which case."""

    def __init__(self, parts: dict[str, str], cases: list[tuple[str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Extract of the minutes for a third party")
        self.checks: dict[str, QCheckBox] = {}
        box = QGroupBox("Parts that go in (everything else is left out)")
        grid = QGridLayout(box)
        for i, (key, title) in enumerate(parts.items()):
            check = QCheckBox(title)
            check.setChecked(key not in LEFT_OUT_BY_DEFAULT)
            self.checks[key] = check
            grid.addWidget(check, i // 2, i % 2)
        self.recipient = QLineEdit()
        self.recipient.setPlaceholderText("e.g. Demo Housing Association")
        self.purpose = QLineEdit()
        self.case = QComboBox()
        self.case.addItem("Every case reviewed", None)
        for reference, name in cases:
            self.case.addItem(f"{name} ({reference})", reference)
        form = QFormLayout()
        form.addRow("For", self.recipient)
        form.addRow("Purpose", self.purpose)
        form.addRow("Case", self.case)
        self.error = QLabel()
        self.error.setStyleSheet("color: #a4262c;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Preview extract")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(box)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def chosen(self) -> frozenset[str]:
        return frozenset(k for k, c in self.checks.items() if c.isChecked())

    def case_references(self) -> frozenset[str] | None:
        reference = self.case.currentData()
        return None if reference is None else frozenset({reference})

    def _accept(self) -> None:
        if not self.recipient.text().strip():
            self.error.setText("Say who the extract is for.")
            self.recipient.setFocus()
            return
        self.accept()


class DistributionDialog(QDialog):
    """To whom a meeting's minutes (or an extract) went: the list, and a new entry."""

    def __init__(self, service: DistributionService, meeting_id: int,
                 parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.service, self.meeting_id = service, meeting_id
        self.setWindowTitle("Distribution of the minutes")
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Recipient", "Agency", "Sent", "On", "How"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.name = QLineEdit()
        self.agency = QLineEdit()
        self.what = QComboBox()
        self.what.addItems(list(KINDS))
        self.method = QLineEdit()
        self.method.setPlaceholderText("e.g. secure email")
        today = today or dt.date.today()
        self.sent_on = QDateEdit(QDate(today.year, today.month, today.day))
        self.sent_on.setCalendarPopup(True)
        self.sent_on.setDisplayFormat("dd/MM/yyyy")
        form = QFormLayout()
        form.addRow("Recipient", self.name)
        form.addRow("Agency", self.agency)
        form.addRow("Sent", self.what)
        form.addRow("How", self.method)
        form.addRow("On", self.sent_on)
        self.add_button = QPushButton("Record as sent")
        self.add_button.clicked.connect(self.record)
        self.message = QLabel()
        self.message.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Each recipient is recorded in the audit log as a disclosure "
                                "and printed in the minutes' distribution list."))
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.add_button)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.resize(720, 520)
        self.reload()

    def reload(self) -> None:
        rows = self.service.recipients(self.meeting_id)
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            for j, value in enumerate((r.name, r.agency, r.what,
                                       r.sent_on.strftime("%d/%m/%Y") if r.sent_on else "",
                                       r.method)):
                self.table.setItem(i, j, QTableWidgetItem(value))

    def record(self) -> bool:
        d = self.sent_on.date()
        recipient = Recipient(self.name.text(), self.agency.text(),
                              dt.date(d.year(), d.month(), d.day()), "",
                              self.what.currentText(), self.method.text())
        try:
            self.service.record(self.meeting_id, [recipient])
        except ValidationErrors as e:
            self.message.setText("; ".join(f"{x.field}: {x.message}" for x in e.errors))
            return False
        except FieldError as e:
            self.message.setText(f"{e.field}: {e.message}")
            return False
        self.message.setText(f"Recorded: sent to {recipient.name.strip()}.")
        self.name.clear()
        self.agency.clear()
        self.method.clear()
        self.reload()
        return True
