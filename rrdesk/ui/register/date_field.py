"""A date typed as people in England and Wales write it (dd/mm/yyyy), which may be left empty."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLineEdit, QWidget

from rrdesk.domain.dates import format_uk, parse_date


class OptionalDateEdit(QLineEdit):
    def __init__(self, field: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setPlaceholderText("dd/mm/yyyy")
        self.setMaxLength(10)

    def date(self) -> dt.date | None:
        """The date typed, or None when empty; raises FieldError naming the field."""
        return parse_date(self.text(), self.field)

    def set_date(self, value: dt.date | None) -> None:
        self.setText(format_uk(value))
