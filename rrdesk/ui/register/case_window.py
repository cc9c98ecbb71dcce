"""One case: details, pathway needs, actions, sentence, flags, forms, MAPPA and history.

Opening it is one read (``open_case``), logged as one consultation; every tab fills from
that ``CaseFile``. After a change made in any tab the window reads the case again once
(``read_case``) and refills every tab; no tab reads on its own.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rrdesk.domain.case import CaseDetails
from rrdesk.domain.case_record import FLAG_LABELS, derived_flags
from rrdesk.domain.dates import format_uk
from rrdesk.domain.errors import FieldError, ValidationErrors
from rrdesk.domain.pathways import NeedLevel, Pathway
from rrdesk.services.case_file import open_case, read_case
from rrdesk.services.case_record import CaseRecordService
from rrdesk.services.cases import CaseService
from rrdesk.services.documents import DocumentService
from rrdesk.services.forms import FormService
from rrdesk.services.pathways import ActionDetails, NeedAssessment, PathwayService
from rrdesk.services.vaults import Vault
from rrdesk.ui.documents.actions import DocumentActions
from rrdesk.ui.documents.jobs import Runner, run_now
from rrdesk.ui.mappa.case_tab import CaseMappaTab
from rrdesk.ui.register.action_dialog import ActionDialog
from rrdesk.ui.register.case_forms import CaseFormsTab
from rrdesk.ui.register.case_record_tabs import FlagsTab, SentenceTab
from rrdesk.ui.register.date_field import OptionalDateEdit
from rrdesk.ui.register.merge_dialogs import MergeDialog
from rrdesk.ui.register.tables import item as _item
from rrdesk.ui.register.tables import read_only_table as _table

FIELD_NAMES = {"mappa_level": "MAPPA level", "mappa_category": "MAPPA category",
               "rosh": "Risk of serious harm", "iom_cohort": "IOM cohort", "pnc": "PNC ID",
               "crn": "CRN", "offence_count": "Recorded offences",
               "last_review": "Last MAPPA review"}


def _shown(field: str, value: str) -> str:
    """A stored value as a person reads it (dates as dd/mm/yyyy, nothing as a dash)."""
    if not value:
        return "—"
    if field in ("date_of_birth", "opened_on", "closed_on", "last_review"):
        try:
            return format_uk(dt.date.fromisoformat(value))
        except ValueError:
            return value
    return value


RAG_COLOURS = {"red": "#f4c7c3", "amber": "#fce8b2", "green": "#c8e6c9", "complete": "#e0e0e0"}


class CaseWindow(QWidget):
    """A top-level window for one case (the shell hides it with the others on lock)."""

    changed = Signal(int)
    edit_details = Signal(int)

    def __init__(self, vault: Vault, case_id: int, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.case_id = case_id
        self.today = today or dt.date.today()
        self.cases = CaseService(vault)
        self.pathways = PathwayService(vault)
        self.documents = DocumentService(vault)
        self.record = CaseRecordService(vault, self.today)
        self.forms = FormService(vault)
        self.vault = vault
        # Everything this window shows of the case, in one read (logged as a consultation).
        self.file = open_case(vault, case_id, self.today, self.forms.library)
        self.details = self.file.details

        self.heading = QLabel()
        self.heading.setObjectName("caseHeading")
        self.heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._details_tab(), "Details")
        self.sentence_tab = SentenceTab(self.record, case_id, _table, _item, self.today)
        self.flags_tab = FlagsTab(self.record, case_id, _table, _item, self.today)
        for tab in (self.sentence_tab, self.flags_tab):
            tab.changed.connect(self._record_changed)
        self.tabs.addTab(self._needs_tab(), "Pathway needs")
        self.tabs.addTab(self._actions_tab(), "Actions")
        self.tabs.addTab(self.sentence_tab, "Sentence and requirements")
        self.tabs.addTab(self.flags_tab, "Flags and IOM")
        self.forms_tab = CaseFormsTab(self.forms, case_id)
        self.tabs.addTab(self.forms_tab, "Forms")
        self.mappa_tab = CaseMappaTab(vault, case_id, self.today)
        self.mappa_tab.changed.connect(self._record_changed)
        self.tabs.addTab(self.mappa_tab, "MAPPA")
        self.tabs.addTab(self._history_tab(), "History")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        self.resize(1120, 660)
        self.refresh()

    # ----------------------------------------------------------------- building
    def _details_tab(self) -> QWidget:
        page = QWidget()
        self.details_grid = QGridLayout()
        edit = QPushButton("Edit details…")
        edit.clicked.connect(lambda: self.edit_details.emit(self.case_id))
        merge = QPushButton("Merge with another record…")
        merge.clicked.connect(self.start_merge)
        layout = QVBoxLayout(page)
        layout.addLayout(self.details_grid)
        layout.addStretch(1)
        self.pathway_plan_button = QPushButton("Pathway plan…")
        self.pathway_plan_button.clicked.connect(self.print_pathway_plan)
        self.rmp_button = QPushButton("RMP…")
        self.rmp_button.setToolTip("The case's current Risk Management Plan and its history: "
                                   "preview, save as PDF or print")
        self.rmp_button.clicked.connect(self.print_rmp)
        row = QHBoxLayout()
        row.addWidget(merge)
        row.addWidget(self.pathway_plan_button)
        row.addWidget(self.rmp_button)
        row.addStretch(1)
        row.addWidget(edit)
        layout.addLayout(row)
        return page

    # How documents are built: the workspace gives the session's operations.
    documents_run: Runner = staticmethod(run_now)

    def _document_actions(self) -> DocumentActions:
        actions = DocumentActions(self, self.documents, run=self.documents_run)
        self.document_actions = actions  # its preview is kept for tests
        return actions

    def print_pathway_plan(self) -> None:
        """Preview this person's pathway plan, to save or print it."""
        self._document_actions().pathway_plan(self.case_id)

    def print_rmp(self) -> None:
        """Preview the current RMP (a case with none yet is told so)."""
        self._document_actions().rmp(self.case_id, plan_required=True)

    def _needs_tab(self) -> QWidget:
        page = QWidget()
        self.needs_table = _table(["Pathway", "Need", "Assessed", "By", "Notes"],
                                  "Pathway needs")
        self.needs_table.itemSelectionChanged.connect(self._need_selected)
        box = QGroupBox("New assessment of the selected pathway")
        self.need_pathway = QLabel()
        self.need_level = QComboBox()
        self.need_level.setAccessibleName("Need level")
        for level in NeedLevel:
            self.need_level.addItem(level.value.capitalize(), level.value)
        self.need_assessed_on = OptionalDateEdit("assessed_on")
        self.need_assessed_on.setAccessibleName("Date assessed")
        self.need_assessed_by = QLineEdit()
        self.need_assessed_by.setAccessibleName("Assessed by")
        self.need_notes = QPlainTextEdit()
        self.need_notes.setAccessibleName("Notes")
        self.need_notes.setTabChangesFocus(True)
        self.need_notes.setFixedHeight(64)
        self.need_error = QLabel()
        self.need_error.setStyleSheet("color: #b3261e;")
        self.need_save = QPushButton("Save assessment")
        self.need_save.clicked.connect(self.save_need)
        form = QFormLayout(box)
        form.addRow("Pathway", self.need_pathway)
        form.addRow("Need level", self.need_level)
        form.addRow("Date assessed", self.need_assessed_on)
        form.addRow("Assessed by", self.need_assessed_by)
        form.addRow("Notes", self.need_notes)
        form.addRow(self.need_error, self.need_save)
        layout = QVBoxLayout(page)
        layout.addWidget(self.needs_table, 1)
        layout.addWidget(box)
        return page

    def _actions_tab(self) -> QWidget:
        page = QWidget()
        self.actions_table = _table(["Pathway", "Action", "Owner", "Named person",
                                     "Target date", "RAG", "Outcome"], "Actions", stretch=1,
                                    widths=[200, 0, 150, 130, 90, 80, 130])
        self.actions_table.doubleClicked.connect(lambda _i: self.edit_action())
        add = QPushButton("Add action…")
        add.clicked.connect(self.add_action)
        edit = QPushButton("Change action…")
        edit.clicked.connect(self.edit_action)
        self.overdue_label = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.overdue_label)
        buttons.addStretch(1)
        buttons.addWidget(edit)
        buttons.addWidget(add)
        layout = QVBoxLayout(page)
        layout.addWidget(self.actions_table, 1)
        layout.addLayout(buttons)
        return page

    def _history_tab(self) -> QWidget:
        page = QWidget()
        self.changes_table = _table(["When (UTC)", "Field", "Change", "By"],
                                    "Changes to the case details", stretch=2)
        self.history_table = _table(["When (UTC)", "Who", "What", "Detail"], "History")
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("Changes to the case details, with the values before and after"))
        layout.addWidget(self.changes_table, 1)
        layout.addWidget(QLabel("Everything done with this case (the audit log)"))
        layout.addWidget(self.history_table, 1)
        return page

    # ----------------------------------------------------------------- filling
    def refresh(self) -> None:
        d = self.details
        next_review = self.file.next_review
        self.setWindowTitle(f"{d.family_name}, {d.given_names} — rrdesk")
        self.heading.setText(f"{d.family_name}, {d.given_names}".strip(", "))
        bits = [f"Born {format_uk(d.date_of_birth)}" if d.date_of_birth else "",
                f"PNC {d.pnc}" if d.pnc else "", f"CRN {d.crn}" if d.crn else "",
                f"MAPPA category {d.mappa_category} level {d.mappa_level}"
                if d.mappa_level else "",
                f"RoSH {d.rosh}" if d.rosh else "",
                "Prolific" if self.file.prolific else "",
                f"Next review by {format_uk(next_review)}" if next_review else ""]
        self.summary.setText("  ·  ".join(b for b in bits if b))
        self._fill_details(d)
        self.sentence_tab.fill(self.file)
        self.flags_tab.fill(self.file)
        self.mappa_tab.fill(self.file)
        self.forms_tab.fill(self.file, self.mappa_tab.records)  # MAPPA records listed too
        self._fill_needs()
        self._fill_actions()
        self._fill_history()

    def _fill_details(self, d: CaseDetails) -> None:
        while self.details_grid.count():
            self.details_grid.takeAt(0).widget().deleteLater()
        rows = [("Family name", d.family_name), ("Given names", d.given_names),
                ("Aliases", d.aliases), ("Date of birth", format_uk(d.date_of_birth)),
                ("PNC ID", d.pnc or ""), ("CRN", d.crn or ""), ("Lead agency", d.lead_agency),
                ("Offender manager", d.offender_manager),
                ("IOM cohort", str(d.iom_cohort).capitalize()),
                ("MAPPA category", str(d.mappa_category or "None")),
                ("MAPPA level", str(d.mappa_level or "None")),
                ("Risk of serious harm", str(d.rosh or "Not recorded").capitalize()),
                ("Recorded offences", str(d.offence_count)),
                ("Last MAPPA review", format_uk(d.last_review)),
                ("Status", str(d.status).capitalize()), ("Opened", format_uk(d.opened_on)),
                ("Closed", format_uk(d.closed_on)), ("Flags now", self._flags_now())]
        for i, (label, value) in enumerate(rows):
            caption = QLabel(label)
            caption.setStyleSheet("color: #555;")
            shown = QLabel(value or "—")
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.details_grid.addWidget(caption, i % 9, (i // 9) * 2)
            self.details_grid.addWidget(shown, i % 9, (i // 9) * 2 + 1)

    def _flags_now(self) -> str:
        """The recorded flags that apply today, then those worked out from the age."""
        recorded = sorted({f.flag for f in self.file.flags if f.active(self.today)})
        derived = derived_flags(self.details.date_of_birth, self.today)
        return ", ".join(FLAG_LABELS[f] for f in [*recorded, *derived])

    def _fill_needs(self) -> None:
        current = self.file.needs
        selected = self.needs_table.currentRow()
        self.needs_table.setRowCount(len(Pathway))
        for row, pathway in enumerate(Pathway):
            need = current.get(pathway)
            values = [pathway.label, need.need_level.value.capitalize() if need else
                      "Not assessed", format_uk(need.assessed_on) if need else "",
                      need.assessed_by if need else "", need.notes if need else ""]
            for col, text in enumerate(values):
                self.needs_table.setItem(row, col, _item(text))
        self.needs_table.selectRow(max(selected, 0))

    def _fill_actions(self) -> None:
        self._actions = self.file.actions
        self.actions_table.setRowCount(len(self._actions))
        overdue = 0
        for row, a in enumerate(self._actions):
            late = a.overdue(self.today)
            overdue += late
            values = [Pathway(a.pathway).label, a.what, a.owner_agency, a.named_person,
                      format_uk(a.target_date) + (" (overdue)" if late else ""),
                      a.rag.value.capitalize(), a.outcome]
            for col, text in enumerate(values):
                item = _item(text)
                if col == 5:
                    item.setBackground(QColor(RAG_COLOURS[a.rag.value]))
                self.actions_table.setItem(row, col, item)
        self.overdue_label.setText(f"{overdue} overdue" if overdue else "")

    def _fill_history(self) -> None:
        changes = list(reversed(self.file.changes))
        self.changes_table.setRowCount(len(changes))
        for row, c in enumerate(changes):
            label = FIELD_NAMES.get(c.field, c.field.replace("_", " ").capitalize())
            for col, text in enumerate([c.on.strftime("%d/%m/%Y %H:%M"), label,
                                        f"{_shown(c.field, c.old)} → {_shown(c.field, c.new)}",
                                        c.by]):
                self.changes_table.setItem(row, col, _item(text))
        items = self.file.history
        self.history_table.setRowCount(len(items))
        for row, h in enumerate(items):
            when = h.at[:16].replace("T", " ")
            when = f"{when[8:10]}/{when[5:7]}/{when[0:4]} {when[11:16]}"
            for col, text in enumerate([when, h.actor, h.action, h.what]):
                self.history_table.setItem(row, col, _item(text))

    # ----------------------------------------------------------------- acting
    def _need_selected(self) -> None:
        row = self.needs_table.currentRow()
        if row < 0:
            return
        pathway = list(Pathway)[row]
        need = self.file.needs.get(pathway)  # as read when the window filled: no read here
        self.need_pathway.setText(pathway.label)
        self.need_level.setCurrentIndex(self.need_level.findData(
            need.need_level.value if need else NeedLevel.NO_NEED.value))
        self.need_assessed_on.set_date(self.today)
        self.need_assessed_by.setText(need.assessed_by if need else "")
        self.need_notes.setPlainText(need.notes if need else "")
        self.need_error.clear()

    def save_need(self) -> None:
        row = self.needs_table.currentRow()
        if row < 0:
            self.need_error.setText("Choose a pathway in the list first.")
            return
        try:
            self.pathways.assess(self.case_id, NeedAssessment(
                list(Pathway)[row], NeedLevel(self.need_level.currentData()),
                self.need_notes.toPlainText().strip(), self.need_assessed_on.date(),
                self.need_assessed_by.text().strip()))
        except (ValidationErrors, FieldError) as e:
            errors = e.errors if isinstance(e, ValidationErrors) else [e]
            self.need_error.setText("; ".join(f"{err.field.replace('_', ' ')}: {err.message}"
                                              for err in errors))
            return
        self.need_error.clear()
        self._record_changed()

    def _open_action_dialog(self, action: ActionDetails | None) -> ActionDialog:
        def save(values: ActionDetails) -> None:
            if values.id is None:
                self.pathways.add_action(self.case_id, values)
            else:
                self.pathways.update_action(values.id, values)
            self._record_changed()

        dialog = ActionDialog(save, action, self)
        dialog.open()
        self.action_dialog = dialog  # kept for tests and so it is not collected
        return dialog

    def add_action(self) -> ActionDialog:
        return self._open_action_dialog(None)

    def edit_action(self) -> ActionDialog | None:
        row = self.actions_table.currentRow()
        if row < 0:
            return None
        return self._open_action_dialog(self._actions[row])

    def start_merge(self) -> MergeDialog:
        dialog = MergeDialog(self.pathways.vault, self.case_id,
                             f"{self.details.given_names} {self.details.family_name}", self)
        dialog.merged.connect(lambda *_: (self.reload_details(),
                                          self.changed.emit(self.case_id)))
        dialog.open()
        self.merge_dialog = dialog
        return dialog

    def _record_changed(self) -> None:
        """A change made in this window: the case again, shown on every tab."""
        self.reload()
        self.changed.emit(self.case_id)

    def reload(self) -> None:
        """The case again after a change (not a new consultation), refilling every tab."""
        self.file = read_case(self.vault, self.case_id, self.today, self.forms.library)
        self.details = self.file.details
        self.refresh()

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        self.mappa_tab.remove_copies()  # temporary copies of attachments opened from here
        super().closeEvent(event)

    def reload_details(self) -> None:
        """The case opened again (a new consultation): everything read and shown anew."""
        self.file = open_case(self.vault, self.case_id, self.today, self.forms.library)
        self.details = self.file.details
        self.refresh()
