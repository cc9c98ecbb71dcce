"""A form on a page of its own: the form, Save and Cancel, and a draft kept in the vault.

Unsaved input is saved as an encrypted draft every few seconds (when something changed)
and whenever ``save_draft()`` is called: the app shell connects its ``about_to_lock`` signal
to it, so nothing typed is lost when the vault locks. Opening the form again offers the
draft back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from rrdesk.domain.errors import ValidationErrors
from rrdesk.forms.model import FormDefinition
from rrdesk.services.errors import VaultError
from rrdesk.services.forms import Draft, FormService
from rrdesk.ui.forms.editors import Lookups
from rrdesk.ui.forms.renderer import FormWidget

log = logging.getLogger(__name__)
AUTOSAVE_MS = 5000
BANNER_STYLE = ("QFrame#draftBanner { background: #fff4d6; border: 1px solid #e0b84c; "
                "border-radius: 4px; }")


def record_key(record_id: int | None, case_id: int | None) -> str:
    if record_id is not None:
        return f"record:{record_id}"
    return f"case:{case_id}" if case_id is not None else "new"


class FormPage(QWidget):
    saved = Signal(int)  # the record id
    cancelled = Signal()

    def __init__(self, service: FormService, definition: FormDefinition,
                 values: Mapping[str, Any] | None = None, *, record_id: int | None = None,
                 case_id: int | None = None, lookups: Lookups | None = None,
                 autosave_ms: int = AUTOSAVE_MS, today: dt.date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service, self.definition = service, definition
        self.record_id, self.case_id = record_id, case_id
        self.today = today
        # Asked before a save with the values; False stops it (e.g. to warn of a duplicate).
        self.before_save: Callable[[dict[str, Any]], bool] | None = None
        self.key = record_key(record_id, case_id)
        self.dirty = False
        self.setAccessibleName(definition.title)

        title = QLabel(definition.title)
        title.setObjectName("formTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        subtitle = QLabel(f"Version {definition.version}. Fields marked "
                          '<span style="color:#b00020;">*</span> are required.')
        subtitle.setTextFormat(Qt.TextFormat.RichText)

        self.banner = QFrame()
        self.banner.setObjectName("draftBanner")
        self.banner.setStyleSheet(BANNER_STYLE)
        banner_row = QHBoxLayout(self.banner)
        self.banner_text = QLabel()
        self.restore_button = QPushButton("Restore draft")
        self.discard_button = QPushButton("Discard draft")
        banner_row.addWidget(self.banner_text, 1)
        banner_row.addWidget(self.restore_button)
        banner_row.addWidget(self.discard_button)
        self.banner.hide()
        self.restore_button.clicked.connect(self.restore_draft)
        self.discard_button.clicked.connect(self.discard_draft)

        self.form = FormWidget(definition, lookups, today=today)
        if values:
            self.form.set_values(values)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form)

        self.status = QLabel()
        self.status.setAccessibleName("Form status")
        self.save_button = QPushButton("Save")
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel")
        # Slots return None: PySide6 mishandles a bool returned to a signal (refcount).
        self.save_button.clicked.connect(self._save_clicked)
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

        self.form.changed.connect(self._changed)
        self.timer = QTimer(self)
        self.timer.setInterval(autosave_ms)
        self.timer.timeout.connect(self._autosave)
        self.timer.start()
        self._draft: Draft | None = None
        self._offer_draft()

    # ----------------------------------------------------------------- drafts
    def _offer_draft(self) -> None:
        try:
            draft = self.service.load_draft(self.definition.form_id, self.key)
        except VaultError:
            return
        if draft is None or draft.form_version != self.definition.version:
            return
        self._draft = draft
        local = draft.saved_at.replace(tzinfo=dt.UTC).astimezone()
        self.banner_text.setText(
            f"Input not saved on {local:%d/%m/%Y} at {local:%H:%M} was kept as a draft.")
        self.banner.show()

    def restore_draft(self) -> None:
        if self._draft is not None:
            self.form.set_values(self._draft.values)
            self.dirty = True
        self.banner.hide()
        self.status.setText("Draft restored: check it and save.")

    def discard_draft(self) -> None:
        with contextlib.suppress(VaultError):
            self.service.discard_draft(self.definition.form_id, self.key)
        self._draft = None
        self.banner.hide()

    def _changed(self) -> None:
        self.dirty = True

    def _autosave(self) -> None:
        if self.dirty and not self.service.vault.is_locked:
            self.save_draft()

    def save_draft(self) -> bool:
        """Keep what is typed as an encrypted draft (connect ``about_to_lock`` here)."""
        if not self.dirty:
            return False
        try:
            self.service.save_draft(self.definition, self.key, self.form.values())
        except VaultError:
            # Locked already, or the disk is full: the input stays on screen.
            log.warning("a form draft could not be saved")
            return False
        self.dirty = False
        self.status.setText("Draft kept.")
        return True

    # ----------------------------------------------------------------- save / cancel
    def save(self, *, confirmed: bool = False) -> bool:
        errors = self.form.validate()
        if errors:
            n = len({e.field.split("[", 1)[0] for e in errors})
            self.status.setText(f"Not saved: {n} field{'s need' if n != 1 else ' needs'} "
                                "attention.")
            return False
        if not confirmed and self.before_save is not None and not self.before_save(
                self.form.values()):
            return False
        try:
            saved = self.service.save(self.definition, self.form.values(),
                                      record_id=self.record_id, case_id=self.case_id,
                                      draft_key=self.key, today=self.today)
        except ValidationErrors as e:
            self.form.show_errors(e.errors)
            self.status.setText("Not saved: see the messages beside the fields.")
            return False
        except VaultError as e:
            self.status.setText(f"Not saved: {e}")
            return False
        self.record_id, self.case_id = saved.record_id, saved.case_id
        self.key = record_key(self.record_id, self.case_id)
        self._draft = None
        self.dirty = False
        self.banner.hide()
        self.status.setText("Saved.")
        self.saved.emit(saved.record_id)
        return True

    def _save_clicked(self) -> None:
        self.save()

    def cancel(self) -> None:
        """Leave without saving: the input is dropped, draft included."""
        self.dirty = False
        self.discard_draft()
        self.cancelled.emit()
