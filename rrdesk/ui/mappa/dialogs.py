"""The MAPPA dialogs: schedule a meeting, a referral, accept or decline it, approve and amend
minutes. Each collects values and hands them to a ``save`` callback given by its caller; an
error raised there is shown in the dialog naming the field, and the dialog stays open."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from rrdesk.domain.dates import parse_date
from rrdesk.domain.errors import FieldError, ValidationErrors
from rrdesk.domain.mappa import CATEGORY_LABELS, ReferralCriterion
from rrdesk.services.forms import FormService
from rrdesk.services.mappa_records import MeetingDetails, MeetingSummary, ReferralDetails
from rrdesk.services.referrals import ReferralService
from rrdesk.services.vaults import Vault
from rrdesk.ui.mappa.common import agencies, error_label, problem_text, uk_datetime
from rrdesk.ui.register.date_field import OptionalDateEdit


def _text_box(height: int = 64) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


def agency_combo(names: Sequence[str], current: str = "") -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.addItems(list(names))
    combo.setCurrentText(current)
    return combo


class SaveDialog(QDialog):
    """Rows of a form, a line for problems, Save and Cancel."""

    def __init__(self, title: str, save: Callable[[Any], Any], parent: QWidget | None,
                 ok_text: str = "Save") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._save = save
        self.result_value: Any = None
        self.form = QFormLayout()
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def row(self, label: str, widget: QWidget) -> QWidget:
        widget.setAccessibleName(label)
        self.form.addRow(label, widget)
        return widget

    def values(self) -> Any:  # pragma: no cover - each dialog says
        raise NotImplementedError

    def try_save(self) -> None:
        try:
            self.result_value = self._save(self.values())
        except (ValidationErrors, FieldError, KeyError, ValueError) as e:
            self.error.setText(problem_text(e))
            return
        self.accept()


class ScheduleMeetingDialog(SaveDialog):
    def __init__(self, save: Callable[[MeetingDetails], Any], *, staff_default: str = "",
                 parent: QWidget | None = None, day: dt.date | None = None) -> None:
        super().__init__("Schedule a MAPPA meeting", save, parent, "Schedule")
        self.date = self.row("Date", OptionalDateEdit("held_at"))
        self.date.set_date(day)
        self.time = self.row("Time", QTimeEdit(QTime(10, 0)))
        self.time.setDisplayFormat("HH:mm")
        self.level = self.row("Level", QComboBox())
        self.level.addItem("Level 2", 2)
        self.level.addItem("Level 3", 3)
        self.area = self.row("MAPPA area", QLineEdit())
        self.place = self.row("Place (room, or the online meeting)", QLineEdit())
        self.online = self.row("Online", QCheckBox("Held online"))
        self.chair = self.row("Chair", QLineEdit())
        self.minute_taker = self.row("Minute taker", QLineEdit(staff_default))
        self.resize(460, 340)

    def values(self) -> MeetingDetails:
        day = self.date.date()
        if day is None:
            raise FieldError("held_at", "give the date of the meeting")
        t = self.time.time()
        return MeetingDetails(
            held_at=dt.datetime.combine(day, dt.time(t.hour(), t.minute())),
            level=int(self.level.currentData()), area=self.area.text().strip(),
            place=self.place.text().strip(), online=self.online.isChecked(),
            chair=self.chair.text().strip(), minute_taker=self.minute_taker.text().strip())


class ReferralDialog(SaveDialog):
    """A referral (MAPPA A): the person, category, proposed level, criteria met, agency."""

    def __init__(self, save: Callable[[ReferralDetails], Any],
                 people: Sequence[tuple[int, str]], agencies: Sequence[str], *,
                 case_id: int | None = None, today: dt.date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("New MAPPA referral", save, parent)
        self.person = self.row("Person", QComboBox())
        for pid, label in people:
            self.person.addItem(label, pid)
        if case_id is not None:
            self.person.setCurrentIndex(max(self.person.findData(case_id), 0))
        self.referral_date = self.row("Date of referral", OptionalDateEdit("referral_date"))
        self.referral_date.set_date(today or dt.date.today())
        self.referring_agency = self.row("Referring agency", agency_combo(agencies))
        self.referrer = self.row("Referred by", QLineEdit())
        self.category = self.row("Category", QComboBox())
        for number, label in CATEGORY_LABELS.items():
            self.category.addItem(label, number)
        self.proposed_level = self.row("Proposed level", QComboBox())
        self.proposed_level.addItem("Level 2", 2)
        self.proposed_level.addItem("Level 3", 3)
        criteria = QWidget()
        box = QVBoxLayout(criteria)
        box.setContentsMargins(0, 0, 0, 0)
        self.criteria: dict[ReferralCriterion, QCheckBox] = {}
        for c in ReferralCriterion:
            check = QCheckBox(c.label)
            self.criteria[c] = check
            box.addWidget(check)
        self.row("Criteria met", criteria)
        self.index_offence = self.row("Index offence (short summary)", _text_box(52))
        self.reason = self.row("Reason for referral", _text_box(70))
        self.resize(620, 560)

    def values(self) -> ReferralDetails:
        return ReferralDetails(
            case_id=self.person.currentData(),
            referral_date=self.referral_date.date(),
            referring_agency=self.referring_agency.currentText().strip(),
            category=int(self.category.currentData()),
            proposed_level=int(self.proposed_level.currentData()),
            criteria=[c for c, check in self.criteria.items() if check.isChecked()],
            referrer=self.referrer.text().strip(), reason=self.reason.toPlainText().strip(),
            index_offence=self.index_offence.toPlainText().strip())


class AcceptReferralDialog(SaveDialog):
    """Accept at a level, with the first meeting (a scheduled meeting of that level)."""

    def __init__(self, save: Callable[[tuple[int, int | None]], Any], proposed_level: int,
                 meetings: Sequence[MeetingSummary], parent: QWidget | None = None) -> None:
        super().__init__("Accept the referral", save, parent, "Accept")
        self.meetings = list(meetings)
        self.level = self.row("Level", QComboBox())
        self.level.addItem("Level 2", 2)
        self.level.addItem("Level 3", 3)
        self.level.setCurrentIndex(max(self.level.findData(proposed_level), 0))
        self.first_meeting = self.row("First meeting", QComboBox())
        self.level.currentIndexChanged.connect(self._fill_meetings)
        self._fill_meetings()
        self.resize(460, 160)

    def _fill_meetings(self) -> None:
        level = self.level.currentData()
        self.first_meeting.clear()
        self.first_meeting.addItem("None yet (schedule one later)", None)
        for m in self.meetings:
            if m.level == level and m.status == "scheduled":
                self.first_meeting.addItem(f"{uk_datetime(m.held_at)} · {m.area or 'level '}"
                                           f"{'' if m.area else m.level}"
                                           f"{' · ' + m.place if m.place else ''}", m.id)
        if self.first_meeting.count() > 1:
            self.first_meeting.setCurrentIndex(1)

    def values(self) -> tuple[int, int | None]:
        return int(self.level.currentData()), self.first_meeting.currentData()


class DeclineReferralDialog(SaveDialog):
    def __init__(self, save: Callable[[str], Any], parent: QWidget | None = None) -> None:
        super().__init__("Decline the referral", save, parent, "Decline")
        self.reason = self.row("Reason", _text_box(90))
        self.resize(460, 200)

    def values(self) -> str:
        return self.reason.toPlainText().strip()


class ApproveDialog(SaveDialog):
    """Who approves the minutes, and when (both required)."""

    def __init__(self, save: Callable[[tuple[str, dt.datetime | None]], Any], chair: str,
                 now: dt.datetime, parent: QWidget | None = None) -> None:
        super().__init__("Approve the minutes", save, parent, "Approve")
        self.approved_by = self.row("Approved by", QLineEdit(chair))
        self.approved_on = self.row("Approved on", OptionalDateEdit("approved_at"))
        self.approved_on.set_date(now.date())
        self.approved_time = self.row("Time", QTimeEdit(QTime(now.hour, now.minute)))
        self.approved_time.setDisplayFormat("HH:mm")
        note = QLabel("Approved minutes are not edited again: a later change is recorded as "
                      "an amendment, with who, when and why.")
        note.setWordWrap(True)
        self.form.addRow(note)
        self.resize(460, 220)

    def values(self) -> tuple[str, dt.datetime | None]:
        day = self.approved_on.date()
        t = self.approved_time.time()
        when = dt.datetime.combine(day, dt.time(t.hour(), t.minute())) if day else None
        return self.approved_by.text().strip(), when


class AmendDialog(SaveDialog):
    """A change to approved minutes: which part, the new text or date, and why."""

    def __init__(self, save: Callable[[tuple[str, Any, str]], Any],
                 parts: Sequence[tuple[str, str]], current: dict[str, str],
                 parent: QWidget | None = None) -> None:
        super().__init__("Amend approved minutes", save, parent, "Record amendment")
        self.current = current
        self.part = self.row("Part to amend", QComboBox())
        for key, label in parts:
            self.part.addItem(label, key)
        self.new_value = self.row("New text or date", _text_box(90))
        self.reason = self.row("Reason", _text_box(60))
        self.part.currentIndexChanged.connect(self._show_current)
        self._show_current()
        self.resize(560, 320)

    def _show_current(self) -> None:
        self.new_value.setPlainText(self.current.get(self.part.currentData(), ""))

    def values(self) -> tuple[str, Any, str]:
        key = self.part.currentData()
        text = self.new_value.toPlainText().strip()
        value: Any = text
        if key == "next_review":
            value = parse_date(text, "next_review")
        return key, value, self.reason.toPlainText().strip()


def new_referral(vault: Vault, parent: QWidget | None, case_id: int | None = None,
                 today: dt.date | None = None) -> ReferralDialog:
    """Open the referral dialog; saving creates the referral (pending a decision)."""
    service = ReferralService(vault)
    dialog = ReferralDialog(lambda d: service.create(d, today), FormService(vault).people(),
                            agencies(vault), case_id=case_id, today=today, parent=parent)
    dialog.open()
    return dialog
