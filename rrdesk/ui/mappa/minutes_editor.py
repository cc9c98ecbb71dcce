"""The minutes of one case review, in the order of DOMAIN.md, filled in from the case.

Draft minutes are edited here and saved as a whole (``edit()`` gives the service's
``MinutesEdit``); approved minutes are shown read-only with their amendments.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from rrdesk.domain.dates import format_uk
from rrdesk.domain.mappa import (
    CATEGORY_LABELS,
    PILLARS,
    ActionStatus,
    AttendanceStatus,
    Heading,
    LevelDecision,
    MinutesStatus,
    ReviewType,
)
from rrdesk.services.mappa_records import (
    SECTION_TITLES,
    DisclosureItem,
    Minutes,
    MinutesEdit,
)
from rrdesk.services.rmp import RmpActionItem, RmpPlan, RmpRiskItem
from rrdesk.ui.mappa.common import ERROR_STYLE, NOTE_STYLE, uk_datetime
from rrdesk.ui.mappa.rows import CHOICE, DATE, Column, RowsTable
from rrdesk.ui.register.date_field import OptionalDateEdit

# The text sections under each numbered part of the minutes (DOMAIN.md order).
PARTS: list[tuple[str, list[str]]] = [
    ("3. The person", ["ethnicity", "visor_ref", "areas_of_links", "approved_address"]),
    ("4. Offending", ["index_offence", "previous_offences", "relevant_dates", "hospital"]),
    ("5. Reason for referral or review", ["reason"]),
    ("6. Information shared", ["information_shared", "declined_to_share"]),
    ("7. Risk assessment", ["risk_assessment", "risk_factors", "victim_diversity"]),
]
SHORT_SECTIONS = {"ethnicity", "visor_ref", "areas_of_links"}
MARK_OPTIONS = [("Not yet marked", None), ("Done", ActionStatus.DONE.value),
                ("In progress", ActionStatus.IN_PROGRESS.value),
                ("Not done", ActionStatus.NOT_DONE.value)]
STATUS_OPTIONS = [("Not started", ActionStatus.NOT_STARTED.value),
                  ("In progress", ActionStatus.IN_PROGRESS.value),
                  ("Done", ActionStatus.DONE.value), ("Not done", ActionStatus.NOT_DONE.value)]
HEADING_OPTIONS = [(h.label, h.value) for h in Heading]
ATTENDANCE_WORDS = {AttendanceStatus.PRESENT: "Present", AttendanceStatus.APOLOGIES: "Apologies",
                    AttendanceStatus.REPORT_SENT: "Apologies, report sent"}


def _text(height: int = 58) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


def _group(title: str) -> tuple[QGroupBox, QVBoxLayout]:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    return box, layout


def _note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class MinutesEditor(QWidget):
    """One case review's minutes; ``changed`` when something is typed."""

    changed = Signal()

    def __init__(self, agencies: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.minutes: Minutes | None = None
        self.read_only = False
        self._loading = False
        agency_options = [(a, a) for a in agencies]
        body = QWidget()
        layout = QVBoxLayout(body)

        self.title = QLabel()
        self.title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.state = _note()
        layout.addWidget(self.title)
        layout.addWidget(self.state)

        box, inner = _group("1. Meeting details")
        self.meeting_line = _note()
        self.review_type = QComboBox()
        self.review_type.setAccessibleName("Type of meeting")
        self.review_type.addItem("Initial", ReviewType.INITIAL.value)
        self.review_type.addItem("Review", ReviewType.REVIEW.value)
        self.attendance_line = _note()
        row = QHBoxLayout()
        row.addWidget(QLabel("Type of meeting"))
        row.addWidget(self.review_type)
        row.addStretch(1)
        inner.addWidget(self.meeting_line)
        inner.addLayout(row)
        inner.addWidget(self.attendance_line)
        self.attachments_line = _note()
        self.attachments_line.setAccessibleName("Files attached to this review")
        inner.addWidget(self.attachments_line)
        layout.addWidget(box)

        box, inner = _group("2. Confidentiality and diversity statement")
        self.statement_line = _note()
        inner.addWidget(self.statement_line)
        layout.addWidget(box)

        self.sections: dict[str, QLineEdit | QPlainTextEdit] = {}
        for title, keys in PARTS:
            box, inner = _group(title)
            if keys[0] == "ethnicity":
                self.person_grid = QGridLayout()
                inner.addLayout(self.person_grid)
            form = QFormLayout()
            for key in keys:
                editor = QLineEdit() if key in SHORT_SECTIONS else _text(
                    80 if key in ("information_shared", "risk_assessment") else 58)
                editor.setAccessibleName(SECTION_TITLES[key])
                self.sections[key] = editor
                form.addRow(SECTION_TITLES[key], editor)
            inner.addLayout(form)
            layout.addWidget(box)

        box, inner = _group("8. Review of the last actions")
        self.last_actions_note = _note()
        self.last_actions = RowsTable(
            [Column("heading", "Heading", width=150, read_only=True),
             Column("what", "Action", read_only=True),
             Column("agency", "Agency", width=130, read_only=True),
             Column("owner", "Owner", width=110, read_only=True),
             Column("due", "Due", DATE, width=96, read_only=True),
             Column("mark", "Now", CHOICE, MARK_OPTIONS, width=120),
             Column("note", "Note", width=180)],
            "Review of the last actions", can_add=False, visible_rows=1)
        inner.addWidget(self.last_actions_note)
        inner.addWidget(self.last_actions)
        self.last_actions.hide()
        layout.addWidget(box)

        box, inner = _group("9. Risk Management Plan")
        self.risks = RowsTable([Column("nature", "Risk (nature)"),
                                Column("who_at_risk", "Who is at risk", width=150),
                                Column("when", "When", width=120),
                                Column("circumstances", "In what circumstances", width=200)],
                               "Risks managed", add_label="Add risk", visible_rows=1)
        self.protective = _text(50)
        self.protective.setAccessibleName("Protective factors")
        self.actions = RowsTable(
            [Column("heading", "Heading", CHOICE, HEADING_OPTIONS, width=175),
             Column("what", "What"),
             Column("agency", "Agency", CHOICE, agency_options, editable_choice=True,
                    width=170),
             Column("owner", "Named owner", width=120),
             Column("due", "Due", DATE, width=96),
             Column("status", "Status", CHOICE, STATUS_OPTIONS, width=110)],
            "RMP actions", add_label="Add action", visible_rows=4)
        self.no_action: dict[Heading, QLineEdit] = {}
        reasons = QFormLayout()
        for heading in PILLARS:
            edit = QLineEdit()
            edit.setAccessibleName(f"No {heading.label} action because")
            edit.setPlaceholderText("only when this heading has no action")
            self.no_action[heading] = edit
            reasons.addRow(f"No {heading.label.lower()} action because", edit)
        self.licence = _text(80)
        self.licence.setAccessibleName("Licence conditions")
        self.licence.setPlaceholderText("one condition a line")
        self.shared_line = _note()
        inner.addWidget(QLabel("Risks the plan manages"))
        inner.addWidget(self.risks)
        form = QFormLayout()
        form.addRow("Protective factors", self.protective)
        inner.addLayout(form)
        inner.addWidget(QLabel("Actions under the four headings, and contingency"))
        inner.addWidget(self.actions)
        inner.addLayout(reasons)
        form = QFormLayout()
        form.addRow("Licence conditions", self.licence)
        inner.addLayout(form)
        inner.addWidget(self.shared_line)
        layout.addWidget(box)

        box, inner = _group("10. Disclosure")
        self.disclosures = RowsTable(
            [Column("disclose", "Decision", CHOICE,
                    [("Disclose", True), ("Do not disclose", False)], width=130),
             Column("to_whom", "To whom", width=140), Column("by_whom", "By whom", width=120),
             Column("how", "How", width=110), Column("when", "When", DATE, width=96),
             Column("rationale", "Rationale")],
            "Disclosure decisions", add_label="Add decision", visible_rows=1)
        inner.addWidget(self.disclosures)
        layout.addWidget(box)

        box, inner = _group("11. Level decision")
        self.level_decision = QComboBox()
        self.level_decision.setAccessibleName("Level decision")
        self.level_decision.addItem("—", None)
        for d in LevelDecision:
            self.level_decision.addItem(d.label, d.value)
        self.new_level = QComboBox()
        self.new_level.setAccessibleName("New level")
        for level in (1, 2, 3):
            self.new_level.addItem(f"Level {level}", level)
        self.decision_reason = _text(50)
        self.decision_reason.setAccessibleName("Reason for the level decision")
        self.dissent = _text(40)
        self.dissent.setAccessibleName("Dissent")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("Decision", self.level_decision)
        form.addRow("New level", self.new_level)
        form.addRow("Reason", self.decision_reason)
        form.addRow("Dissent, if any", self.dissent)
        inner.addLayout(form)
        layout.addWidget(box)
        self.level_decision.currentIndexChanged.connect(self._decision_changed)

        box, inner = _group("12. Next review")
        self.next_review = OptionalDateEdit("next_review")
        self.next_review.setAccessibleName("Next review")
        self.rule_line = _note()
        self.rule_line.setStyleSheet(NOTE_STYLE)
        row = QHBoxLayout()
        row.addWidget(QLabel("Next review date"))
        row.addWidget(self.next_review)
        row.addWidget(self.rule_line, 1)
        inner.addLayout(row)
        layout.addWidget(box)

        box, inner = _group("Approval and amendments")
        self.approval_line = _note()
        self.amendments = RowsTable(
            [Column("at", "When", read_only=True, width=120),
             Column("by", "Who", read_only=True, width=130),
             Column("field", "Part", read_only=True, width=150),
             Column("old", "Was", read_only=True), Column("new", "Now", read_only=True),
             Column("reason", "Why", read_only=True)],
            "Amendments", can_add=False, visible_rows=1)
        inner.addWidget(self.approval_line)
        inner.addWidget(self.amendments)
        layout.addWidget(box)
        layout.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.scroll = scroll
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        for editor in self.sections.values():
            editor.textChanged.connect(self._changed)
        for w in (self.protective, self.licence, self.decision_reason, self.dissent):
            w.textChanged.connect(self._changed)
        for w in (*self.no_action.values(), self.next_review):
            w.textChanged.connect(self._changed)
        for w in (self.review_type, self.level_decision, self.new_level):
            w.currentIndexChanged.connect(self._changed)
        for t in (self.last_actions, self.risks, self.actions, self.disclosures):
            t.changed.connect(self._changed)

    def _changed(self) -> None:
        if not self._loading:
            self.changed.emit()

    # ----------------------------------------------------------------- showing
    def load(self, m: Minutes) -> None:
        self._loading = True
        try:
            self._load(m)
        finally:
            self._loading = False

    def _load(self, m: Minutes) -> None:
        self.minutes = m
        p = m.person
        self.title.setText(f"{p.names or 'Case review'}"
                           f"{' (' + p.crn + ')' if p.crn else ''} — minutes")
        approved = m.status is not MinutesStatus.DRAFT
        state = {MinutesStatus.DRAFT: "Draft: edit and save; approve when the meeting has "
                 "agreed them.",
                 MinutesStatus.APPROVED: "Approved: not edited again; a change is an "
                 "amendment.",
                 MinutesStatus.LOCKED: "Locked (distributed): a change is an amendment."}
        self.state.setText(state[m.status])
        where = "Online" + (f" ({m.place})" if m.place else "") if m.online else m.place
        self.meeting_line.setText(
            f"{format_uk(m.meeting_date)} at {m.meeting_time:%H:%M} · level {m.meeting_level}"
            f" meeting · {where or 'place not given'} · chair {m.chair or '—'} · minute "
            f"taker {m.minute_taker or '—'}")
        self.review_type.setCurrentIndex(self.review_type.findData(m.review_type.value))
        groups: dict[AttendanceStatus, list[str]] = {}
        for a in m.attendees:
            groups.setdefault(AttendanceStatus(a.status), []).append(
                f"{a.name} ({a.role + ', ' if a.role else ''}{a.agency})")
        self.attendance_line.setText(
            "\n".join(f"{ATTENDANCE_WORDS[s]}: {'; '.join(names)}"
                      for s, names in groups.items())
            or "Attendance not recorded yet (once for all cases, on the Attendance tab).")
        if m.statement_agreed:
            self.statement_line.setStyleSheet("")
            self.statement_line.setText(f"Read and agreed by all present.\n“{m.statement_text}”")
        else:
            self.statement_line.setStyleSheet(ERROR_STYLE)
            self.statement_line.setText("Not yet recorded as read and agreed (Attendance tab): "
                                        "the minutes cannot be approved until it is.")
        self._fill_person(m)
        for key, editor in self.sections.items():
            text = m.sections.get(key, "")
            if isinstance(editor, QLineEdit):
                editor.setText(text)
            else:
                editor.setPlainText(text)
        self.last_actions.set_rows([
            {"heading": a.heading.label, "what": a.what, "agency": a.agency, "owner": a.owner,
             "due": a.due, "mark": a.status.value if a.status else None, "note": a.note}
            for a in m.action_reviews])
        for row, a in enumerate(m.action_reviews):
            self.last_actions.set_row_data(row, a.id)
        self.last_actions.setVisible(bool(m.action_reviews))
        self.last_actions_note.setText(
            "The open actions of the current plan: mark each done, in progress or not done. "
            "Open ones carry over into the plan below." if m.action_reviews else
            "No open actions from a previous plan.")
        self._fill_plan(m.rmp)
        self.disclosures.set_rows([
            {"disclose": d.disclose, "to_whom": d.to_whom, "by_whom": d.by_whom, "how": d.how,
             "when": d.when, "rationale": d.rationale} for d in m.disclosures])
        self.level_decision.setCurrentIndex(self.level_decision.findData(
            m.level_decision.value if m.level_decision else None))
        level = m.new_level if m.new_level is not None else m.level_before
        self.new_level.setCurrentIndex(max(self.new_level.findData(level), 0))
        self.decision_reason.setPlainText(m.decision_reason)
        self.dissent.setPlainText(m.dissent)
        self.next_review.set_date(m.next_review)
        self._show_rule(m)
        self.approval_line.setText(
            f"Approved by {m.approved_by} on {uk_datetime(m.approved_at)}." if approved
            else "Not approved yet.")
        self.amendments.set_rows([
            {"at": uk_datetime(a.at), "by": a.by, "field": self.part_label(a.field),
             "old": a.old_value, "new": a.new_value, "reason": a.reason}
            for a in m.amendments])
        self.amendments.setVisible(bool(m.amendments))
        self.set_read_only(approved)

    def _fill_person(self, m: Minutes) -> None:
        while self.person_grid.count():
            self.person_grid.takeAt(0).widget().deleteLater()
        p = m.person
        rows = [("Names", p.names), ("Aliases", p.aliases),
                ("Date of birth", format_uk(p.date_of_birth)), ("PNC ID", p.pnc or ""),
                ("CRN", p.crn or ""),
                ("Category", CATEGORY_LABELS.get(p.category, "") if p.category else ""),
                ("Level", f"Level {p.level}" if p.level else "")]
        for i, (label, value) in enumerate(rows):
            caption = QLabel(label)
            caption.setStyleSheet(NOTE_STYLE)
            shown = QLabel(value or "—")
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.person_grid.addWidget(caption, i % 4, (i // 4) * 2)
            self.person_grid.addWidget(shown, i % 4, (i // 4) * 2 + 1)

    def _fill_plan(self, plan: RmpPlan | None) -> None:
        plan = plan or RmpPlan(case_id=0)
        self.plan_base = plan
        self.risks.set_rows([vars(r) for r in plan.risks])
        self.protective.setPlainText(plan.protective_factors)
        self.actions.set_rows([
            {"heading": a.heading.value, "what": a.what, "agency": a.agency, "owner": a.owner,
             "due": a.due, "status": ActionStatus(a.status).value} for a in plan.actions])
        for row, a in enumerate(plan.actions):
            self.actions.set_row_data(row, a.carried_from_id)
        for heading, edit in self.no_action.items():
            edit.setText(plan.no_action_reasons.get(heading.value, ""))
        self.licence.setPlainText("\n".join(plan.licence_conditions))
        shared = "; ".join(f"{s.agency} on {format_uk(s.shared_on)}" for s in plan.shared_with)
        self.shared_line.setText(f"Shared with: {shared}" if shared else
                                 "Shared with: not yet (recorded from the case window once "
                                 "the plan is approved).")

    def _show_rule(self, m: Minutes) -> None:
        if m.latest_next_review is None:
            self.rule_line.setText("Level 1: no MAPPA review date (the lead agency reviews).")
        else:
            self.rule_line.setText(
                f"The rule: on or before {format_uk(m.latest_next_review)}. Left empty, that "
                "date is used; an earlier date may be chosen, never a later one.")

    def _decision_changed(self) -> None:
        if self._loading or self.minutes is None:
            return
        decision = self.level_decision.currentData()
        before = self.minutes.level_before
        suggested = {"remain": before, "exit": 1,
                     "increase": min((before or 1) + 1, 3),
                     "reduce": max((before or 2) - 1, 1)}.get(decision)
        if suggested is not None:
            self.new_level.setCurrentIndex(self.new_level.findData(suggested))

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for editor in [*self.sections.values(), self.protective, self.licence,
                       self.decision_reason, self.dissent, *self.no_action.values(),
                       self.next_review]:
            editor.setReadOnly(read_only)
        for combo in (self.review_type, self.level_decision, self.new_level):
            combo.setEnabled(not read_only)
        for table in (self.last_actions, self.risks, self.actions, self.disclosures):
            table.set_read_only(read_only)

    @staticmethod
    def part_label(field: str) -> str:
        if field.startswith("sections."):
            return SECTION_TITLES.get(field.removeprefix("sections."), field)
        return {"decision_reason": "Reason for the level decision", "dissent": "Dissent",
                "next_review": "Next review"}.get(field, field)

    # ----------------------------------------------------------------- reading
    def edit(self) -> MinutesEdit:
        """What is on screen as a change to the draft; ``FieldError`` names a bad date."""
        m = self.minutes
        assert m is not None
        sections = {key: (e.text() if isinstance(e, QLineEdit) else e.toPlainText()).strip()
                    for key, e in self.sections.items()}
        marks = {}
        for values in self.last_actions.values("action_reviews"):
            if values["mark"]:
                marks[self.last_actions.row_data(values["_row"])] = (values["mark"],
                                                                     values["note"])
        disclosures = [DisclosureItem(bool(v["disclose"]), v["rationale"], v["to_whom"],
                                      v["by_whom"], v["how"], v["when"])
                       for v in self.disclosures.values("disclosures")]
        actions = []
        for v in self.actions.values("rmp.actions"):
            actions.append(RmpActionItem(Heading(v["heading"]), v["what"], v["agency"] or "",
                                         v["owner"], v["due"], ActionStatus(v["status"]),
                                         carried_from_id=self.actions.row_data(v["_row"])))
        plan = RmpPlan(
            case_id=m.case_id,
            risks=[RmpRiskItem(v["nature"], v["who_at_risk"], v["when"], v["circumstances"])
                   for v in self.risks.values("rmp.risks")],
            protective_factors=self.protective.toPlainText().strip(), actions=actions,
            licence_conditions=[c.strip() for c in self.licence.toPlainText().splitlines()
                                if c.strip()],
            no_action_reasons={h.value: e.text().strip() for h, e in self.no_action.items()
                               if e.text().strip()},
            shared_with=list(self.plan_base.shared_with))
        decision = self.level_decision.currentData()
        next_review = self.next_review.date()
        return MinutesEdit(
            review_type=ReviewType(self.review_type.currentData()), sections=sections,
            action_marks=marks, disclosures=disclosures,
            level_decision=decision, new_level=self.new_level.currentData() if decision
            else None, decision_reason=self.decision_reason.toPlainText().strip(),
            dissent=self.dissent.toPlainText().strip(), next_review=next_review,
            clear_next_review=next_review is None, rmp=plan)

    def amendable(self) -> tuple[list[tuple[str, str]], dict[str, str]]:
        """The parts of approved minutes an amendment may change, and their current text."""
        m = self.minutes
        assert m is not None
        parts = [("decision_reason", "Reason for the level decision"), ("dissent", "Dissent"),
                 ("next_review", "Next review")]
        parts += [(f"sections.{k}", t) for k, t in SECTION_TITLES.items()]
        current = {"decision_reason": m.decision_reason, "dissent": m.dissent,
                   "next_review": format_uk(m.next_review)}
        current.update({f"sections.{k}": v for k, v in m.sections.items()})
        return parts, current

