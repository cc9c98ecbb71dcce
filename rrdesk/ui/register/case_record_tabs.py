"""The case window's record tabs: sentence, requirements and licence conditions, recalls and
breaches; flags, gender and ethnicity, IOM selection. Each entry is added or changed in a
small dialog that names any field that is wrong.

A tab reads nothing itself: it shows the ``CaseFile`` the window gives it (``show``), and
after a change it says so (``changed``) and the window reads the case again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from rrdesk.domain.case_record import (
    ETHNICITY,
    FLAG_LABELS,
    IOM_FIXED_CRIME_TYPES,
    CaseEvent,
    EventKind,
    Flag,
    FlagEntry,
    Gender,
    IomSelection,
    Profile,
    Requirement,
    RequirementKind,
    Sentence,
    SentenceType,
    derived_flags,
)
from rrdesk.domain.dates import format_uk
from rrdesk.services.case_file import CaseFile
from rrdesk.services.case_record import CaseRecordService
from rrdesk.ui.register.record_dialog import Field, RecordDialog

COHORTS = [("Fixed", "fixed"), ("Flex", "flex"), ("Free", "free")]


def _fill(table: QTableWidget, rows: list[list[str]], item: Callable) -> None:  # noqa: ANN001
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            table.setItem(r, c, item(text))


def _buttons(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    for b in buttons:
        row.addWidget(b)
    return row


class RecordTab(QWidget):
    """Shared by the two tabs: the service, the open dialog, and a ``changed`` signal (the
    window then reads the case again and shows it on every tab)."""

    changed = Signal()
    file: CaseFile

    def __init__(self, record: CaseRecordService, case_id: int, make_table: Callable,
                 make_item: Callable, today: dt.date) -> None:
        super().__init__()
        self.record, self.case_id, self.today = record, case_id, today
        self._table, self._item = make_table, make_item
        self.dialog: RecordDialog | None = None

    def _open(self, title: str, fields: list[Field], save: Callable[[dict[str, Any]], None],
              values: dict[str, Any] | None = None) -> RecordDialog:
        def saved(v: dict[str, Any]) -> None:
            save(v)
            self.changed.emit()

        self.dialog = RecordDialog(title, fields, saved, values, self)
        self.dialog.open()
        return self.dialog

    def fill(self, file: CaseFile) -> None:  # pragma: no cover - each tab has its own
        raise NotImplementedError


class SentenceTab(RecordTab):
    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.sentence_label = QLabel()
        self.sentence_label.setWordWrap(True)
        self.sentence_label.setAccessibleName("Sentence")
        edit_sentence = QPushButton("Record sentence…")
        edit_sentence.clicked.connect(self.edit_sentence)
        sentence_box = QGroupBox("Sentence or supervision")
        box = QHBoxLayout(sentence_box)
        box.addWidget(self.sentence_label, 1)
        box.addWidget(edit_sentence)
        self.requirements_table = self._table(
            ["Requirement or licence condition", "Start", "End", "Now", "Notes"],
            "Requirements and licence conditions")
        self.requirements_table.doubleClicked.connect(lambda _i: self.edit_requirement())
        add_req = QPushButton("Add requirement…")
        add_req.clicked.connect(self.add_requirement)
        edit_req = QPushButton("Change requirement…")
        edit_req.clicked.connect(self.edit_requirement)
        self.events_table = self._table(["Recall or breach", "Date", "Notes"],
                                        "Recalls and breaches")
        self.events_table.setMaximumHeight(130)
        add_event = QPushButton("Record recall or breach…")
        add_event.clicked.connect(self.add_event)
        layout = QVBoxLayout(self)
        layout.addWidget(sentence_box)
        layout.addWidget(self.requirements_table, 2)
        layout.addLayout(_buttons(edit_req, add_req))
        layout.addWidget(self.events_table, 1)
        layout.addLayout(_buttons(add_event))

    def fill(self, file: CaseFile) -> None:
        self.file = file
        s = file.sentence
        if s is None:
            self.sentence_label.setText("No sentence recorded.")
        else:
            bits = [s.type.label, f"from {format_uk(s.start)}" if s.start else "",
                    f"to {format_uk(s.end)}" if s.end else "",
                    f"· licence ends {format_uk(s.licence_end)}" if s.licence_end else "",
                    f"· sentence expiry {format_uk(s.sentence_expiry)}"
                    if s.sentence_expiry else ""]
            self.sentence_label.setText(" ".join(b for b in bits if b)
                                        + (f"\n{s.notes}" if s.notes else ""))
        self._requirements = file.requirements
        _fill(self.requirements_table, [
            [r.kind.label, format_uk(r.start), format_uk(r.end),
             "Active" if r.active(self.today) else
             ("Ended" if r.end and r.end < self.today else "Not begun"), r.notes]
            for r in self._requirements], self._item)
        _fill(self.events_table, [[e.kind.value.capitalize(), format_uk(e.on), e.notes]
                                  for e in file.events], self._item)

    def edit_sentence(self) -> RecordDialog:
        s = self.file.sentence
        fields = [Field("type", "Type", "choice", [(t.label, t.value) for t in SentenceType]),
                  Field("start", "Start", "date"), Field("end", "End", "date"),
                  Field("licence_end", "Licence end", "date"),
                  Field("sentence_expiry", "Sentence expiry", "date"),
                  Field("notes", "Notes", "long")]
        values = vars(s) if s else {}
        return self._open("Sentence", fields, lambda v: self.record.set_sentence(
            self.case_id, Sentence(**v)), values)

    def _requirement_fields(self) -> list[Field]:
        return [Field("kind", "Kind", "choice", [(k.label, k.value) for k in RequirementKind]),
                Field("start", "Start", "date"), Field("end", "End (last day)", "date"),
                Field("notes", "Notes", "long")]

    def add_requirement(self) -> RecordDialog:
        return self._open("New requirement or licence condition", self._requirement_fields(),
                          lambda v: self.record.save_requirement(self.case_id,
                                                                 Requirement(**v)),
                          {"start": self.today})

    def edit_requirement(self) -> RecordDialog | None:
        row = self.requirements_table.currentRow()
        if row < 0:
            return None
        current = self._requirements[row]
        return self._open("Change requirement or licence condition",
                          self._requirement_fields(),
                          lambda v: self.record.save_requirement(
                              self.case_id, Requirement(**v, id=current.id)),
                          {"kind": current.kind.value, "start": current.start,
                           "end": current.end, "notes": current.notes})

    def add_event(self) -> RecordDialog:
        fields = [Field("kind", "What", "choice", [("Recall", "recall"), ("Breach", "breach")]),
                  Field("on", "Date", "date"), Field("notes", "Notes", "long")]
        return self._open("Recall or breach", fields, lambda v: self.record.add_event(
            self.case_id, CaseEvent(EventKind(v["kind"]), v["on"], v["notes"])),
            {"on": self.today})


class FlagsTab(RecordTab):
    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.flags_table = self._table(["Flag", "Since", "Until", "Now", "Notes"], "Flags")
        self.flags_table.doubleClicked.connect(lambda _i: self.edit_flag())
        self.derived_label = QLabel()
        add_flag = QPushButton("Add flag…")
        add_flag.clicked.connect(self.add_flag)
        edit_flag = QPushButton("Change flag…")
        edit_flag.clicked.connect(self.edit_flag)
        flags_row = _buttons(edit_flag, add_flag)
        flags_row.insertWidget(0, self.derived_label)
        self.profile_label = QLabel()
        self.profile_label.setWordWrap(True)
        edit_profile = QPushButton("Gender and ethnicity…")
        edit_profile.clicked.connect(self.edit_profile)
        profile_box = QGroupBox("Gender and ethnicity")
        p = QHBoxLayout(profile_box)
        p.addWidget(self.profile_label, 1)
        p.addWidget(edit_profile)
        self.iom_label = QLabel()
        self.iom_label.setWordWrap(True)
        self.iom_table = self._table(["Cohort", "Selected", "Crime type", "Reason",
                                      "De-selected", "Why"], "IOM cohort history")
        self.select_button = QPushButton("Select for IOM…")
        self.select_button.clicked.connect(self.select_for_iom)
        self.deselect_button = QPushButton("De-select…")
        self.deselect_button.clicked.connect(self.deselect)
        iom_box = QGroupBox("IOM selection")
        i = QVBoxLayout(iom_box)
        i.addWidget(self.iom_label)
        i.addWidget(self.iom_table, 1)
        i.addLayout(_buttons(self.deselect_button, self.select_button))
        layout = QVBoxLayout(self)
        layout.addWidget(self.flags_table, 2)
        layout.addLayout(flags_row)
        layout.addWidget(profile_box)
        layout.addWidget(iom_box, 2)

    def fill(self, file: CaseFile) -> None:
        self.file = file
        self._flags = file.flags
        _fill(self.flags_table, [
            [f.flag.label, format_uk(f.since), format_uk(f.until),
             "Applies" if f.active(self.today) else "Not now", f.notes]
            for f in self._flags], self._item)
        derived = [FLAG_LABELS[d.value]
                   for d in derived_flags(file.details.date_of_birth, self.today)]
        self.derived_label.setText("From the date of birth: " + ", ".join(derived)
                                   if derived else "")
        p = file.profile
        gender = p.gender.label if p.gender else "Not recorded"
        if p.gender_words:
            gender += f" (“{p.gender_words}”)"
        ethnicity = ETHNICITY.get(p.ethnicity or "", "Not recorded")
        if p.ethnicity_words:
            ethnicity += f" (“{p.ethnicity_words}”)"
        self.profile_label.setText(f"Gender: {gender}\nEthnicity: {ethnicity}")
        self._selections = file.selections
        current = next((s for s in self._selections if s.deselected_on is None), None)
        self.iom_label.setText(
            f"On the {current.cohort} cohort since {format_uk(current.selected_on)}"
            f" ({current.crime_type or 'no crime type'})" if current else "Not on the IOM cohort.")
        self.select_button.setEnabled(current is None)
        self.deselect_button.setEnabled(current is not None)
        _fill(self.iom_table, [
            [s.cohort.capitalize(), format_uk(s.selected_on), s.crime_type, s.reason,
             format_uk(s.deselected_on), s.deselection_reason] for s in self._selections],
            self._item)

    def _flag_fields(self) -> list[Field]:
        return [Field("flag", "Flag", "choice", [(f.label, f.value) for f in Flag]),
                Field("since", "Since", "date"), Field("until", "Until (last day)", "date"),
                Field("notes", "Notes", "long")]

    def add_flag(self) -> RecordDialog:
        return self._open("New flag", self._flag_fields(), lambda v: self.record.save_flag(
            self.case_id, FlagEntry(**v)), {"since": self.today})

    def edit_flag(self) -> RecordDialog | None:
        row = self.flags_table.currentRow()
        if row < 0:
            return None
        f = self._flags[row]
        return self._open("Change flag", self._flag_fields(), lambda v: self.record.save_flag(
            self.case_id, FlagEntry(**v, id=f.id)),
            {"flag": f.flag.value, "since": f.since, "until": f.until, "notes": f.notes})

    def edit_profile(self) -> RecordDialog:
        p = self.file.profile
        fields = [Field("gender", "Gender", "choice",
                        [("Not recorded", None), *[(g.label, g.value) for g in Gender]]),
                  Field("gender_words", "In their words"),
                  Field("ethnicity", "Ethnicity (2021 census)", "choice",
                        [("Not recorded", None), *[(v, k) for k, v in ETHNICITY.items()]]),
                  Field("ethnicity_words", "In their words")]
        values = {"gender": p.gender.value if p.gender else None,
                  "gender_words": p.gender_words, "ethnicity": p.ethnicity,
                  "ethnicity_words": p.ethnicity_words}
        return self._open("Gender and ethnicity", fields, lambda v: self.record.set_profile(
            self.case_id, Profile(**v)), values)

    def select_for_iom(self) -> RecordDialog:
        flex = self.file.rules.iom_flex_crime_types
        crime_types = [(c, c) for c in [*IOM_FIXED_CRIME_TYPES, *flex]]
        fields = [Field("cohort", "Cohort", "choice", COHORTS),
                  Field("selected_on", "Selected on", "date"),
                  Field("crime_type", "Crime type", "choice", crime_types, editable=True),
                  Field("reason", "Reason", "long")]
        return self._open("Select for IOM", fields, lambda v: self.record.select_for_iom(
            self.case_id, IomSelection(**v)), {"selected_on": self.today})

    def deselect(self) -> RecordDialog:
        fields = [Field("deselected_on", "De-selected on", "date"),
                  Field("deselection_reason", "Reason", "long")]
        return self._open("De-select from IOM", fields, lambda v: self.record.deselect_from_iom(
            self.case_id, v["deselected_on"], v["deselection_reason"]),
            {"deselected_on": self.today})
