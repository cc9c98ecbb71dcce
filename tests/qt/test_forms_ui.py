"""The rendered form, driven like a person: typing, clicking, saving, reopening, drafts."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from rrdesk.forms.bundled import bundled_forms
from rrdesk.services.forms import FormService, load_forms
from rrdesk.store.models import Case
from rrdesk.store.vault import Vault
from rrdesk.ui.forms.editors import Lookups
from rrdesk.ui.forms.page import FormPage
from tests.conftest import PASSPHRASE

TODAY = dt.date(2026, 11, 23)
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def service(vault: Vault) -> FormService:
    return FormService(vault, load_forms([bundled_forms()]))


def _page(qtbot, service: FormService, form_id: str, **kw) -> FormPage:
    kw.setdefault("autosave_ms", 60_000)
    page = FormPage(service, service.definition(form_id, kw.pop("version", None)),
                    lookups=Lookups(staff=["PO Example Bravo"], people=service.people()),
                    today=TODAY, **kw)
    qtbot.addWidget(page)
    page.resize(900, 800)
    page.show()
    qtbot.waitExposed(page)
    return page


def _type(qtbot, widget, text: str) -> None:
    """keyClicks, plus key events carrying letters QTest cannot type (Ł, ë)."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                         ch))


def _down(qtbot, combo, times: int) -> None:
    combo.setFocus()
    for _ in range(times):
        qtbot.keyClick(combo, Qt.Key.Key_Down)


def test_fill_save_and_reopen_shows_the_same_values(qtbot, service: FormService) -> None:
    page = _page(qtbot, service, "case_details")
    form = page.form
    _type(qtbot, form.editor("family_name").edit, "Testperson-Łukasiewicz")
    _type(qtbot, form.editor("given_names").edit, "Zoë")
    qtbot.keyClicks(form.editor("date_of_birth").edit, "03041990")
    qtbot.keyClicks(form.editor("crn").edit, "x900123")
    qtbot.keyClicks(form.editor("lead_agency").combo.lineEdit(), "Police")
    assert form.editor("status").combo.currentText() == "Active"  # the default
    _down(qtbot, form.editor("iom_cohort").combo, 1)  # from the default to Fixed
    _down(qtbot, form.editor("mappa_category").combo, 2)  # 2 - violent offender
    _down(qtbot, form.editor("mappa_level").combo, 2)  # Level 2
    qtbot.mouseClick(form.editor("drug_testing").yes, LEFT)
    address = form.editor("approved_address").edit
    qtbot.keyClicks(address, "1 Fictional Row")
    qtbot.keyClick(address, Qt.Key.Key_Return)
    qtbot.keyClicks(address, "Demo Town")

    with qtbot.waitSignal(page.saved) as saved:
        qtbot.mouseClick(page.save_button, LEFT)
    assert page.status.text() == "Saved."
    record_id = saved.args[0]

    opened = service.open(record_id)
    again = _page(qtbot, service, "case_details", values=opened.values, record_id=record_id,
                  case_id=opened.case_id)
    form = again.form
    assert form.editor("family_name").edit.text() == "Testperson-Łukasiewicz"
    assert form.editor("given_names").edit.text() == "Zoë"
    assert form.editor("date_of_birth").edit.text() == "03/04/1990"
    assert form.editor("crn").edit.text() == "X900123"  # normalised by the domain rule
    assert form.editor("lead_agency").combo.currentText() == "Police"
    assert form.editor("iom_cohort").combo.currentText() == "Fixed (neighbourhood crime)"
    assert form.editor("mappa_category").combo.currentText() == "2 - violent offender"
    assert form.editor("mappa_level").combo.currentText() == "Level 2"
    assert form.editor("drug_testing").yes.isChecked()
    assert form.editor("electronic_monitoring").value() is None
    assert form.editor("approved_address").edit.toPlainText() == "1 Fictional Row\nDemo Town"
    assert not again.banner.isVisible()


def test_a_required_field_left_empty_shows_its_error_beside_it(qtbot, service: FormService,
                                                               vault: Vault) -> None:
    page = _page(qtbot, service, "case_details")
    form = page.form
    qtbot.keyClicks(form.editor("date_of_birth").edit, "31/02/1990")
    qtbot.mouseClick(page.save_button, LEFT)

    error = form.error_label("family_name")
    assert error.isVisible() and error.text() == "Family name is required."
    # Beside the field: directly under its editor, in the same row.
    editor = form.editor("family_name")
    assert error.parentWidget() is editor.parentWidget()
    assert 0 <= error.y() - (editor.y() + editor.height()) <= 10
    assert form.error_label("date_of_birth").text().startswith(
        "Date of birth is not a date that exists")
    assert not form.error_label("given_names").isVisible()
    assert page.status.text() == "Not saved: 2 fields need attention."
    assert service.records() == []
    with vault.read_session() as s:
        assert s.query(Case).count() == 0
    # Putting it right clears the message.
    qtbot.keyClicks(editor.edit, "Testperson")
    assert not error.isVisible()


def test_a_rule_checked_on_saving_shows_beside_its_field(qtbot, service: FormService) -> None:
    page = _page(qtbot, service, "case_details")
    qtbot.keyClicks(page.form.editor("family_name").edit, "Testperson")
    _down(qtbot, page.form.editor("mappa_level").combo, 3)  # a level without a category
    qtbot.mouseClick(page.save_button, LEFT)
    assert page.form.error_label("mappa_level").text() == "MAPPA level needs a MAPPA category."
    assert service.records() == []


def test_table_rows_are_added_typed_and_removed(qtbot, service: FormService) -> None:
    page = _page(qtbot, service, "mappa_minutes")
    table = page.form.editor("attendance")
    qtbot.mouseClick(table.add_button, LEFT)
    qtbot.mouseClick(table.add_button, LEFT)
    name, role, agency = table.rows[0]
    qtbot.keyClicks(name.edit, "PO Example")
    qtbot.keyClicks(role.edit, "Offender manager")
    qtbot.keyClicks(agency.combo.lineEdit(), "Probation Service")
    qtbot.keyClicks(table.rows[1][0].edit, "Second Example")
    table.rows[1][0].edit.setFocus()
    qtbot.mouseClick(table.remove_button, LEFT)
    assert table.value() == [{"name": "PO Example", "role": "Offender manager",
                              "agency": "Probation Service"}]
    qtbot.mouseClick(table.add_button, LEFT)
    qtbot.keyClicks(table.rows[1][0].edit, "No Agency Example")
    qtbot.mouseClick(page.save_button, LEFT)
    assert "Row 2, Agency is required" in page.form.error_label("attendance").text()


def test_long_text_in_a_table_cell_takes_several_lines_and_its_row_grows(
        qtbot, service: FormService) -> None:
    page = _page(qtbot, service, "mappa_minutes")
    table = page.form.editor("information_shared")
    qtbot.mouseClick(table.add_button, LEFT)
    agency, information = table.rows[0]
    before = table.table.rowHeight(0)
    qtbot.keyClicks(agency.combo.lineEdit(), "Police")
    lines = ["Arrested 01/10/2026 (fictional).", "Bail conditions: no contact.",
             "Next hearing in December."]
    for n, line in enumerate(lines):
        qtbot.keyClicks(information.edit, line)
        if n < len(lines) - 1:
            qtbot.keyClick(information.edit, Qt.Key.Key_Return)
    assert table.value() == [{"agency": "Police", "information": "\n".join(lines)}]
    assert information.edit.lines_shown() >= 3
    assert table.table.rowHeight(0) > before  # the row grew around the text: nothing hidden
    assert table.table.rowHeight(0) >= information.sizeHint().height()


def test_a_draft_is_kept_and_offered_back_after_lock_and_restart(
        qtbot, service: FormService, vault: Vault, vault_path) -> None:
    page = _page(qtbot, service, "case_details", autosave_ms=30)
    qtbot.keyClicks(page.form.editor("family_name").edit, "Draftperson")
    qtbot.waitUntil(lambda: service.load_draft("case_details", "new") is not None, timeout=3000)
    qtbot.keyClicks(page.form.editor("given_names").edit, "Unsaved")
    page.timer.stop()
    assert page.save_draft()  # what the shell's about_to_lock does
    vault.lock()
    vault.unlock(PASSPHRASE)
    page.close()

    again = _page(qtbot, service, "case_details")
    assert again.banner.isVisible() and "kept as a draft" in again.banner_text.text()
    qtbot.mouseClick(again.restore_button, LEFT)
    assert again.form.editor("family_name").value() == "Draftperson"
    assert again.form.editor("given_names").value() == "Unsaved"
    again.close()

    vault.close()  # an application restart
    reopened = Vault.open(vault_path, PASSPHRASE)
    try:
        restarted = FormService(reopened, load_forms([bundled_forms()]))
        third = _page(qtbot, restarted, "case_details")
        assert third.banner.isVisible()
        qtbot.mouseClick(third.discard_button, LEFT)
        assert not third.banner.isVisible()
        assert restarted.load_draft("case_details", "new") is None
    finally:
        reopened.close()


def test_long_text_grows_as_lines_are_typed(qtbot, service: FormService) -> None:
    page = _page(qtbot, service, "case_details")
    edit = page.form.editor("licence_conditions").edit
    before = edit.height()
    for i in range(8):
        qtbot.keyClicks(edit, f"Condition {i + 1}")
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.height() > before
    assert edit.lines_shown() >= 8


def test_labels_are_accessible_and_tab_follows_the_definition(qtbot,
                                                              service: FormService) -> None:
    page = _page(qtbot, service, "case_details")
    form = page.form
    family = form.editor("family_name").edit
    assert family.accessibleName() == "Family name"
    assert family.accessibleDescription().startswith("Required.")
    assert form.labels["family_name"].buddy() is family
    assert "*" in form.labels["family_name"].text()
    assert "*" not in form.labels["given_names"].text()
    assert form.editor("drug_testing").yes.accessibleName() == "Drug testing on licence: Yes"
    page.activateWindow()
    family.setFocus()
    qtbot.waitUntil(family.hasFocus)
    qtbot.keyClick(family, Qt.Key.Key_Tab)
    assert form.editor("given_names").edit.hasFocus()



def test_a_refused_definition_is_explained_and_the_rest_still_work(qtbot, tmp_path,
                                                                   monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from rrdesk.ui.forms.problems import show_refused

    local = tmp_path / "local" / "mappa_minutes"
    local.mkdir(parents=True)
    broken = (bundled_forms() / "mappa_minutes" / "v1.toml").read_text(encoding="utf-8")
    (local / "v2.toml").write_text(broken.replace("version = 1", "version = 2")
                                   .replace('label = "Chair"', 'lable = "Chair"'),
                                   encoding="utf-8")
    library = load_forms([bundled_forms(), tmp_path / "local"])
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[1:]))
    show_refused(None, library)
    (title, text), = shown
    assert title == "Some forms were left out"
    assert text.startswith("1 form definition file was left out")
    assert "v2.toml:" in text and ": chair: unknown key 'lable'" in text
    assert library.latest("mappa_minutes").version == 1


def test_numbers_ticks_times_and_people_are_entered_and_kept(qtbot, service: FormService) -> None:
    case_id = service.save(service.definition("case_details"),
                           {"family_name": "Testperson", "crn": "X900001",
                            "iom_cohort": "none", "status": "active"}, today=TODAY).case_id
    page = _page(qtbot, service, "mappa_minutes")
    form = page.form
    reports = dict(form.editor("reports_from").boxes)
    for name in ("Police", "Housing"):  # on the box itself, as a person would
        box = reports[name]
        qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))
    qtbot.keyClicks(form.editor("approved_at").edit, "03/11/2026 09:15")
    assert form.editor("reports_from").value() == ["Police", "Housing"]
    assert form.editor("approved_at").value() == dt.datetime(2026, 11, 3, 9, 15)
    person = form.editor("person").combo
    qtbot.keyClicks(person.lineEdit(), "TESTPERSON (X900001)")
    qtbot.keyClick(person.lineEdit(), Qt.Key.Key_Escape)
    assert form.editor("person").value() == case_id

    case_page = _page(qtbot, service, "case_details")
    offences = case_page.form.editor("recorded_offences")
    assert offences.value() is None  # blank, not 0
    offences.spin.setFocus()
    offences.spin.lineEdit().selectAll()
    qtbot.keyClicks(offences.spin, "17")
    assert offences.value() == 17
