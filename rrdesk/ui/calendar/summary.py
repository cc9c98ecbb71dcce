"""What is due, shown on unlock: reviews overdue and due soon, level 2 and 3 cases with no
review date, actions overdue. Each figure is a link to the people behind it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rrdesk.services.calendar import DueSummary, due_summary
from rrdesk.services.vaults import Vault


def _people(n: int) -> str:
    return f"{n} {'case' if n == 1 else 'cases'}"


class DueSummaryDialog(QDialog):
    """``show_cases(ids, title)`` asks the workspace to list those cases."""

    show_cases = Signal(list, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("What is due")
        self.summary = DueSummary()
        self.heading = QLabel()
        self.heading.setObjectName("Heading")
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(8)
        self.links: dict[str, QPushButton] = {}
        self.all_clear = QLabel("Nothing is overdue and no review falls due soon.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.grid)
        layout.addWidget(self.all_clear)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def load(self, vault: Vault, today: dt.date | None = None) -> DueSummary:
        today = today or dt.date.today()
        self.summary = summary = due_summary(vault, today=today)
        self.heading.setText(f"What is due: {today:%A} {today.day} {today:%B %Y}")
        rows = [
            ("reviews_overdue", "MAPPA reviews overdue", summary.reviews_overdue, True),
            ("reviews_due_soon", f"MAPPA reviews due in the next {summary.soon_days} days",
             summary.reviews_due_soon, False),
            ("no_review_date", "Level 2 and 3 cases with no review date",
             summary.no_review_date, True),
            ("actions_overdue", "Cases with actions overdue", summary.actions_overdue, True),
        ]
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.links = {}
        for r, (key, title, ids, alarming) in enumerate(rows):
            label = QLabel(title)
            link = QPushButton(_people(len(ids)))
            link.setObjectName("Link")
            link.setEnabled(bool(ids))
            link.setAccessibleName(title)
            link.setCursor(Qt.CursorShape.PointingHandCursor)
            if ids and alarming:
                link.setStyleSheet("color: #a61b1b; font-weight: 600;")
            link.clicked.connect(lambda _=False, ids=ids, title=title:
                                 self.show_cases.emit(list(ids), title))
            self.grid.addWidget(label, r, 0)
            self.grid.addWidget(link, r, 1, Qt.AlignmentFlag.AlignLeft)
            self.links[key] = link
        self.all_clear.setVisible(summary.is_clear())
        self.adjustSize()
        return summary
