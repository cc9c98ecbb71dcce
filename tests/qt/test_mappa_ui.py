"""A MAPPA coordinator's week in the app: accept a referral, schedule a meeting, add the
suggested cases, mark attendance once, minute a review, approve, amend; the case shows it."""

from __future__ import annotations

import datetime as dt
import shutil

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from rrdesk.domain.case import CaseDetails
from rrdesk.domain.mappa import Heading
from rrdesk.services.cases import CaseService
from rrdesk.store import audit
from rrdesk.store.vault import Vault
from rrdesk.ui.register.workspace import workspace_for
from tests.conftest import PASSPHRASE

LEFT = Qt.MouseButton.LeftButton
TODAY = dt.date(2026, 11, 20)
MEETING = dt.date(2026, 11, 9)  # a Monday; level 3 at most 8 weeks: 4 January 2027


def _vault(vault_path, vault_template) -> tuple:
    shutil.copyfile(vault_template, vault_path)
    vault = Vault.open(vault_path, PASSPHRASE)
    cases = CaseService(vault)
    referred = cases.add(CaseDetails(family_name="Quillfeather-Demo", given_names="Aoife",
                                     crn="X900001", date_of_birth=dt.date(1988, 3, 4)))
    # Level 2, last reviewed 6 July 2026: due 26 October 2026, before the meeting.
    late = cases.add(CaseDetails(family_name="Brambleby-Demo", given_names="Jon",
                                 crn="X900002", mappa_category=1, mappa_level=2,
                                 last_review=dt.date(2026, 7, 6)))
    vault.close()
    return vault_path, referred, late


def _type(qtbot, widget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def _choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def test_a_coordinator_runs_a_meeting_from_referral_to_amended_minutes(
        qtbot, make_controller, type_passphrase, vault_path, vault_template) -> None:
    path, referred, late = _vault(vault_path, vault_template)
    controller = make_controller(path)
    main = type_passphrase(controller)
    page = main.show_page("mappa_meetings")
    page._today = dt.date(2026, 11, 5)  # the referral is decided before the meeting
    workspace = workspace_for(controller.session)

    # Schedule a level 2 meeting.
    page.tabs.setCurrentIndex(0)
    qtbot.mouseClick(page.schedule_button, LEFT)
    dialog = page.schedule_dialog
    _type(qtbot, dialog.date, "09/11/2026")
    _choose(dialog.level, 2)
    _type(qtbot, dialog.area, "Demoshire MAPPA area")
    _type(qtbot, dialog.place, "Demo Police HQ, Room 2")
    _type(qtbot, dialog.chair, "DCI Example Chair")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert not dialog.isVisible(), dialog.error.text()
    meeting_window = next(iter(workspace.meeting_windows.values()))
    meeting_window._now = dt.datetime.combine(TODAY, dt.time(16, 30))
    meeting_window.hide()

    # A referral (category 2, level 2 proposed), accepted for that meeting: IOM is prompted.
    page.tabs.setCurrentIndex(1)
    qtbot.mouseClick(page.new_referral_button, LEFT)
    referral = page.referral_dialog
    _choose(referral.person, referred)
    referral.referral_date.clear()
    _type(qtbot, referral.referral_date, "02/11/2026")
    referral.referring_agency.setCurrentText("Probation Service")
    _choose(referral.category, 2)
    _choose(referral.proposed_level, 2)
    qtbot.mouseClick(referral.ok_button, LEFT)
    assert "Criteria met: tick at least one criterion" in referral.error.text()
    referral.criteria[next(iter(referral.criteria))].setChecked(True)
    _type(qtbot, referral.index_offence, "Wounding (fictional), 2019: 4 years")
    qtbot.mouseClick(referral.ok_button, LEFT)
    assert not referral.isVisible(), referral.error.text()
    assert page.referral_table.item(0, 5).text() == "Pending"
    page.referral_table.selectRow(0)
    qtbot.mouseClick(page.accept_button, LEFT)
    accept = page.accept_dialog
    assert accept.first_meeting.currentText().startswith("09/11/2026 10:00")
    qtbot.mouseClick(accept.ok_button, LEFT)
    assert page.referral_table.item(0, 5).text() == "Accepted"
    assert "IOM cohort" in page.prompt_box.text()
    assert "Critical Public Protection" not in page.prompt_box.text()  # level 2
    page.prompt_box.button(QMessageBox.StandardButton.Ok).click()
    page._today = TODAY
    # Review dates (read off the GUI thread): the referred case is due at its first meeting.
    qtbot.waitUntil(lambda: page.review_table.rowCount() == 2)
    due = {page.review_table.item(r, 0).text(): page.review_table.item(r, 4).text()
           for r in range(2)}
    assert due == {"QUILLFEATHER-DEMO, Aoife (X900001)": "09/11/2026",
                   "BRAMBLEBY-DEMO, Jon (X900002)": "26/10/2026"}

    # The meeting: the referred case is on the agenda; the late case is suggested, flagged.
    page.tabs.setCurrentIndex(0)
    page.meeting_table.selectRow(0)
    qtbot.mouseClick(page.open_button, LEFT)
    window = workspace.meeting_windows[meeting_window.meeting_id]
    assert window.agenda.count() == 1
    qtbot.mouseClick(window.suggest_button, LEFT)
    suggested = window.suggested_dialog
    rows = {suggested.table.item(r, 1).text(): suggested.table.item(r, 5).text()
            for r in range(suggested.table.rowCount())}
    assert rows == {"BRAMBLEBY-DEMO, Jon (X900002)": "Would be reviewed LATE (due 26/10/2026)"}
    qtbot.mouseClick(suggested.ok_button, LEFT)
    assert window.agenda.count() == 2

    # Attendance once for the meeting, and the statement.
    window.tabs.setCurrentIndex(0)
    qtbot.mouseClick(window.attendance.add_button, LEFT)
    qtbot.mouseClick(window.attendance.add_button, LEFT)
    for row, (name, role, agency, status) in enumerate([
            ("PO Example Bravo", "Offender manager", "Probation Service", "present"),
            ("DC Example Delta", "MAPPA police lead", "Police", "report_sent")]):
        window.attendance.set_cell(row, "name", name)
        window.attendance.set_cell(row, "role", role)
        window.attendance.set_cell(row, "agency", agency)
        window.attendance.set_cell(row, "status", status)
    qtbot.mouseClick(window.save_attendance_button, LEFT)
    assert window.attendance_status.text() == "Saved: 2 recorded."
    qtbot.mouseClick(window.statement_agreed, LEFT, pos=QPoint(8, 10))  # the box itself
    assert window.statement_status.text().startswith("Recorded as read and agreed")

    # Typed minutes are kept when moving to another case on the agenda.
    people = [window.agenda.item(i).text() for i in range(window.agenda.count())]
    window.agenda.setCurrentRow(next(i for i, t in enumerate(people) if "BRAMBLEBY" in t))
    _type(qtbot, window.editor.sections["information_shared"], "Police: nothing new (demo).")

    # Minute the referred person's review.
    window.agenda.setCurrentRow(next(i for i, t in enumerate(people) if "QUILLFEATHER" in t))
    assert window.tabs.currentIndex() == 0
    window.tabs.setCurrentIndex(1)
    editor = window.editor
    assert "Present: PO Example Bravo" in editor.attendance_line.text()
    assert "report sent: DC Example Delta" in editor.attendance_line.text()
    assert editor.sections["index_offence"].toPlainText() == "Wounding (fictional), 2019: 4 years"
    _type(qtbot, editor.sections["risk_assessment"], "RoSH high to a known adult (fictional)")
    qtbot.mouseClick(editor.risks.add_button, LEFT)
    editor.risks.set_cell(0, "nature", "Violence towards a former partner (fictional)")
    for row, heading in enumerate(Heading):
        qtbot.mouseClick(editor.actions.add_button, LEFT)
        editor.actions.set_cell(row, "heading", heading.value)
        editor.actions.set_cell(row, "what", f"Demo action: {heading.label}")
        editor.actions.set_cell(row, "agency", "Probation Service")
        editor.actions.set_cell(row, "owner", "PO Example Bravo")
        editor.actions.set_cell(row, "due", "07/12/2026")
    qtbot.mouseClick(editor.disclosures.add_button, LEFT)
    editor.disclosures.set_cell(0, "disclose", False)
    editor.disclosures.set_cell(0, "rationale", "No third party at risk now (fictional).")
    _choose(editor.level_decision, "increase")
    assert editor.new_level.currentData() == 3
    _type(qtbot, editor.decision_reason, "Senior resources needed at short notice.")
    assert "on or before 04/01/2027" not in editor.rule_line.text()  # level 2 until saved
    _type(qtbot, editor.next_review, "05/01/2027")
    qtbot.mouseClick(window.save_button, LEFT)
    assert "Next review: must be on or before 04 January 2027" in window.review_error.text()
    editor.next_review.clear()
    qtbot.mouseClick(window.save_button, LEFT)
    assert window.review_status.text() == "Draft saved.", window.review_error.text()
    assert "on or before 04/01/2027" in editor.rule_line.text()

    # Approve: who and when.
    qtbot.mouseClick(window.approve_button, LEFT)
    approve = window.approve_dialog
    assert approve.approved_by.text() == "DCI Example Chair"
    qtbot.mouseClick(approve.ok_button, LEFT)
    assert not approve.isVisible(), approve.error.text()
    assert window.review_status.text() == (
        "Approved. The case is now level 3; last review 09/11/2026, next review 04/01/2027; "
        "RMP version 1.")
    assert editor.read_only and not window.save_button.isEnabled()

    # Amend after approval: who, when, why, shown with the minutes.
    qtbot.mouseClick(window.amend_button, LEFT)
    amend = window.amend_dialog
    _choose(amend.part, "decision_reason")
    amend.new_value.clear()
    _type(qtbot, amend.new_value, "Senior resources and media interest (fictional).")
    qtbot.mouseClick(amend.ok_button, LEFT)
    assert "Reason: say why the approved minutes are amended" in amend.error.text()
    _type(qtbot, amend.reason, "Chair's correction")
    qtbot.mouseClick(amend.ok_button, LEFT)
    assert not amend.isVisible(), amend.error.text()
    assert editor.amendments.isVisible()
    assert editor.amendments.cell_text(0, "reason") == "Chair's correction"
    assert editor.amendments.cell_text(0, "new") == \
        "Senior resources and media interest (fictional)."
    assert editor.decision_reason.toPlainText() == \
        "Senior resources and media interest (fictional)."
    assert "1 amendment(s)" in window.review_status.text()

    # The case shows what happened.
    case_window = workspace.open_case(referred)
    tab = case_window.mappa_tab
    assert "MAPPA category 2 level 3" in case_window.summary.text()
    assert "Next review by 04/01/2027" in case_window.summary.text()
    assert tab.summary.text() == ("Level 3 · last review 09/11/2026 · next MAPPA review by "
                                  "04/01/2027")
    levels = [[tab.level_table.item(r, c).text() for c in range(4)]
              for r in range(tab.level_table.rowCount())]
    assert levels == [["09/11/2026", "Level 2", "Level 3",  # newest first
                       "Senior resources needed at short notice."],
                      ["05/11/2026", "None", "Level 2", "referral accepted"]]
    assert tab.version_table.rowCount() == 1
    assert tab.version_table.item(0, 0).text() == "1"
    assert tab.version_table.item(0, 1).text() == "Current"
    plan = tab.plan_view.toPlainText()
    for heading in Heading:
        assert f"Demo action: {heading.label}" in plan
    assert tab.review_table.item(0, 3).text() == "Increase the level"
    assert tab.review_table.item(0, 7).text() == "1"  # the amendment
    # ... and lists the referral, the minutes and the RMP version with its forms.
    forms = case_window.forms_tab
    listed = {forms.table.item(r, 0).text(): [forms.table.item(r, c).text() for c in (1, 2, 3)]
              for r in range(forms.table.rowCount())}
    assert listed["MAPPA referral"] == ["", "Accepted", "02/11/2026"]
    assert listed["MAPPA minutes (level 2 meeting)"] == ["", "Approved, 1 amendment(s)",
                                                         "09/11/2026"]
    assert listed["Risk Management Plan"] == ["1", "Current", "20/11/2026"]
    window.hide()
    forms.table.selectRow(next(r for r in range(forms.table.rowCount())
                               if forms.table.item(r, 0).text().startswith("MAPPA minutes")))
    assert not forms.print_button.isEnabled()  # printed as minutes, not as a form
    qtbot.mouseClick(forms.open_button, LEFT)
    assert window.isVisible() and window.tabs.currentIndex() == 1
    with controller.vault.read_session() as s:
        details = [e.detail for e in audit.entries(s)]
    assert "approved; level 2 -> 3; RMP version 1" in details
    assert "amended: decision_reason" in details
    assert "accepted at level 2" in details
    window.agenda.setCurrentRow(next(i for i, t in enumerate(people) if "BRAMBLEBY" in t))
    assert editor.sections["information_shared"].toPlainText() == "Police: nothing new (demo)."


def _approved_review(vault: Vault, case_id: int) -> None:
    """A level 2 meeting on 9 November 2026 whose approved minutes leave an RMP of five
    actions (one a heading each, and a contingency)."""
    from rrdesk.services.mappa_records import MeetingDetails, MinutesEdit
    from rrdesk.services.meetings import MeetingService
    from rrdesk.services.minutes import MinutesService
    from rrdesk.services.rmp import RmpActionItem, RmpPlan, RmpRiskItem

    meetings, minutes = MeetingService(vault), MinutesService(vault)
    meeting = meetings.schedule(MeetingDetails(dt.datetime(2026, 11, 9, 10), 2,
                                               place="Demo room", chair="DCI Example Chair"))
    review = meetings.add_to_agenda(meeting, [case_id])[0]
    meetings.record_statement(meeting, True)
    plan = RmpPlan(case_id, risks=[RmpRiskItem("Violence (fictional)")], actions=[
        RmpActionItem(h, f"Demo action: {h.label}", "Probation Service", "PO Example Bravo",
                      dt.date(2026, 12, 7)) for h in Heading])
    minutes.save(review, MinutesEdit(level_decision="remain", decision_reason="Demo reason.",
                                     rmp=plan))
    minutes.approve(review, "DCI Example Chair", dt.datetime(2026, 11, 10, 9))


def test_open_actions_of_the_last_plan_come_into_the_next_review(qtbot, vault: Vault,
                                                                 tmp_path) -> None:
    from rrdesk.services.mappa_records import MeetingDetails
    from rrdesk.services.meetings import MeetingService
    from rrdesk.ui.mappa.meeting_window import MeetingWindow

    case_id = CaseService(vault).add(CaseDetails(family_name="Quillfeather-Demo",
                                                 given_names="Aoife", crn="X900001",
                                                 mappa_category=2, mappa_level=2))
    _approved_review(vault, case_id)
    meetings = MeetingService(vault)
    second = meetings.schedule(MeetingDetails(dt.datetime(2026, 12, 14, 10), 2, online=True,
                                                       chair="DCI Example Chair"))
    meetings.add_to_agenda(second, [case_id])

    window = MeetingWindow(vault, second)
    qtbot.addWidget(window)
    window.tabs.setCurrentIndex(1)
    editor = window.editor
    assert editor.last_actions.isVisibleTo(window)
    shown = [editor.last_actions.cell_text(r, "what")
             for r in range(editor.last_actions.table.rowCount())]
    assert shown == [f"Demo action: {h.label}" for h in Heading]
    editor.last_actions.set_cell(0, "mark", "done")
    editor.last_actions.set_cell(0, "note", "Completed (fictional)")
    for row in range(1, len(shown)):
        editor.last_actions.set_cell(row, "mark", "in_progress")
    qtbot.mouseClick(window.save_button, LEFT)
    assert window.review_status.text() == "Draft saved.", window.review_error.text()
    # The done one leaves the plan; the open ones carry over, in progress.
    report = tmp_path / "police-report.pdf"
    report.write_bytes(b"%PDF-1.4\n% a fictional report\n")
    assert window.attach(report)
    assert editor.attachments_line.text().startswith(
        "Attached to this review: police-report.pdf (Officer Testcase, ")
    carried = [(editor.actions.cell_text(r, "what"), editor.actions.cell_text(r, "status"))
               for r in range(editor.actions.table.rowCount())]
    assert carried == [(f"Demo action: {h.label}", "In progress") for h in list(Heading)[1:]]
    assert editor.last_actions.cell_text(0, "note") == "Completed (fictional)"


def test_files_attach_to_a_case_and_open_through_a_temporary_copy(qtbot, vault: Vault,
                                                                   tmp_path) -> None:
    import stat

    from rrdesk.ui.register.case_window import CaseWindow

    case_id = CaseService(vault).add(CaseDetails(family_name="Quillfeather-Demo",
                                                 mappa_category=2, mappa_level=2))
    window = CaseWindow(vault, case_id)
    qtbot.addWidget(window)
    tab = window.mappa_tab
    assert "problem: level 2 or 3 with no review date" in tab.summary.text()
    report = tmp_path / "agency-report.pdf"
    report.write_bytes(b"%PDF-1.4\n% a fictional report\n")
    assert tab.add_file(report)
    assert tab.attachment_table.item(0, 0).text() == "agency-report.pdf"
    assert tab.attachment_table.item(0, 3).text() == "Officer Testcase"
    program = tmp_path / "notes.exe"
    program.write_bytes(b"MZ not a report")
    assert not tab.add_file(program)
    assert tab.attachment_status.text().startswith("Not attached: File:")
    assert tab.attachment_table.rowCount() == 1

    opened = []
    tab.opener = opened.append
    tab.attachment_table.selectRow(0)
    qtbot.mouseClick(tab.open_file_button, LEFT)
    copy = opened[0]
    assert copy.read_bytes() == report.read_bytes()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert copy.name != report.name  # named by its id, not the person's file name
    window.close()
    assert not copy.exists()


def test_a_level_3_acceptance_prompts_a_cppc_and_a_decline_needs_a_reason(
        qtbot, vault: Vault) -> None:
    from rrdesk.services.mappa_records import ReferralDetails
    from rrdesk.services.referrals import ReferralService
    from rrdesk.ui.mappa.page import MeetingsPage

    cases = CaseService(vault)
    referrals = ReferralService(vault)
    for name, crn in (("Quillfeather-Demo", "X900001"), ("Brambleby-Demo", "X900002")):
        referrals.create(ReferralDetails(cases.add(CaseDetails(family_name=name, crn=crn)),
                                         dt.date(2026, 11, 2), "Police", 3, 3,
                                         criteria=["high_rosh"]), TODAY)
    page = MeetingsPage(vault, today=TODAY)
    qtbot.addWidget(page)
    page.reload()
    page.tabs.setCurrentIndex(1)
    page.referral_table.selectRow(0)
    qtbot.mouseClick(page.accept_button, LEFT)
    accept = page.accept_dialog
    assert accept.first_meeting.currentText() == "None yet (schedule one later)"
    qtbot.mouseClick(accept.ok_button, LEFT)
    assert "Critical Public Protection Case" in page.prompt_box.text()
    assert "IOM cohort" in page.prompt_box.text()  # category 3
    page.prompt_box.close()

    page.referral_table.selectRow(next(r for r in range(2)
                                       if page.referral_table.item(r, 5).text() == "Pending"))
    qtbot.mouseClick(page.decline_button, LEFT)
    decline = page.decline_dialog
    qtbot.mouseClick(decline.ok_button, LEFT)
    assert decline.error.text() == "Reason: say why the referral is declined"
    _type(qtbot, decline.reason, "Level 1 management is defensible (fictional).")
    qtbot.mouseClick(decline.ok_button, LEFT)
    statuses = sorted(page.referral_table.item(r, 5).text() for r in range(2))
    assert statuses == ["Accepted", "Declined"]
