"""The Cases page and a case window, driven as a person would."""

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt

from rrdesk.domain.case import CaseDetails
from rrdesk.domain.pathways import NeedLevel, Pathway
from rrdesk.services.case_record import CaseRecordService
from rrdesk.services.cases import CaseService
from rrdesk.services.demo import fill_demo
from rrdesk.services.pathways import ActionDetails, NeedAssessment, PathwayService
from rrdesk.services.register import RegisterQuery
from rrdesk.store import audit
from rrdesk.store.vault import Vault
from rrdesk.ui.register import model as model_module
from rrdesk.ui.register.case_window import CaseWindow
from rrdesk.ui.register.page import SEARCH_PAUSE_MS, CaseRegisterPage
from rrdesk.ui.session import VaultSession
from tests.conftest import PASSPHRASE


@pytest.fixture
def filled(vault):
    cases = CaseService(vault)
    cases.add(CaseDetails(family_name="Łukasiewicz-O'Brien", given_names="Zoë",
                          iom_cohort="fixed", offender_manager="PO Example Bravo"))
    cases.add(CaseDetails(family_name="Quillfeather", given_names="Muhammad",
                          mappa_category=2, mappa_level=3, offender_manager="PC Example Alpha"))
    cases.add(CaseDetails(family_name="Quillfeather", given_names="Aoife", status="closed"))
    return vault


def shown_names(page: CaseRegisterPage) -> list[str]:
    m = page.table.model()
    return [m.data(m.index(r, 0)) for r in range(m.rowCount())]


@pytest.fixture
def register_model(qapp, vault, monkeypatch):
    fill_demo(vault, 30)
    monkeypatch.setattr(model_module, "PAGE_SIZE", 7)  # so fetchMore is exercised
    model = model_module.CaseRegisterModel(RegisterQuery(vault))
    model.refresh()
    yield model  # outlives the model tester, which is set up after it


def test_register_model_passes_qt_model_tester(register_model, qtmodeltester) -> None:
    qtmodeltester.check(register_model)
    while register_model.canFetchMore():
        register_model.fetchMore()
    assert register_model.rowCount() == register_model.total == 30
    register_model.sort(2, Qt.SortOrder.DescendingOrder)
    assert register_model.data(register_model.index(0, 2)) == "X900029"


def test_search_filter_sort_and_count(qtbot, filled) -> None:
    page = CaseRegisterPage(VaultSession.for_vault(filled))
    qtbot.addWidget(page)
    page.show()
    assert shown_names(page) == ["Łukasiewicz-O'Brien, Zoë", "Quillfeather, Muhammad"]
    assert page.count_label.text() == "2 cases"

    qtbot.keyClicks(page.search, "mohammed")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # Enter: no waiting for a pause
    assert shown_names(page) == ["Quillfeather, Muhammad"]
    assert page.count_label.text() == "1 case"
    page.search.clear()
    qtbot.keyClicks(page.search, "lukas")
    qtbot.waitUntil(lambda: shown_names(page) == ["Łukasiewicz-O'Brien, Zoë"])
    page.search.clear()
    qtbot.waitUntil(lambda: len(shown_names(page)) == 2)

    page.status.setCurrentIndex(page.status.findText("Any"))
    assert len(shown_names(page)) == 3
    page.level.setCurrentIndex(page.level.findText("Level 3"))
    assert shown_names(page) == ["Quillfeather, Muhammad"]
    page.level.setCurrentIndex(0)
    page.officer.setCurrentIndex(page.officer.findText("PO Example Bravo"))
    assert shown_names(page) == ["Łukasiewicz-O'Brien, Zoë"]
    page.officer.setCurrentIndex(0)

    header = page.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(0) + 20, 5))
    assert shown_names(page)[0].startswith("Quillfeather")  # name now descending


def test_typing_quickly_runs_one_search_for_the_final_text(qtbot, filled) -> None:
    page = CaseRegisterPage(VaultSession.for_vault(filled))
    qtbot.addWidget(page)
    page.show()
    searched: list[str] = []
    search = page.model.set_filter
    page.model.set_filter = lambda f: (searched.append(f.text), search(f))
    qtbot.keyClicks(page.search, "quill")  # five letters, no pause between them
    assert searched == []  # nothing yet: the list does not flicker letter by letter
    assert len(shown_names(page)) == 2
    qtbot.waitUntil(lambda: searched == ["quill"])
    assert shown_names(page) == ["Quillfeather, Muhammad"]
    assert page.count_label.text() == "1 case"
    qtbot.wait(SEARCH_PAUSE_MS * 2)
    assert searched == ["quill"]  # one search for the five keys

    qtbot.keyClicks(page.search, "x")  # "quillx": Enter searches at once, and only once
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert shown_names(page) == [] and page.count_label.text() == "0 cases"
    qtbot.wait(SEARCH_PAUSE_MS * 2)
    assert searched == ["quill", "quillx"]


def _audit(vault) -> list[tuple[str, str]]:
    with vault.read_session() as s:
        return [(e.action, e.record_id, e.detail or "") for e in audit.entries(s)]


def test_a_case_window_shows_what_was_saved_from_one_read(qtbot, filled, monkeypatch) -> None:
    case_id = CaseService(filled).add(CaseDetails(family_name="Wrenstead-Demo",
                                                  given_names="Siân", crn="X900123"))
    pathways = PathwayService(filled)
    pathways.assess(case_id, NeedAssessment(
        Pathway.ACCOMMODATION, NeedLevel.HIGH, "No fixed abode (fictional)",
        dt.date(2026, 10, 1), "PO Example Bravo"))
    pathways.add_action(case_id, ActionDetails(Pathway.ACCOMMODATION, "Housing referral",
                                               "Local authority housing"))
    reads = []

    def piecemeal(*args, **kwargs):
        reads.append(args)
        raise AssertionError("the case window read a piece of the case on its own")

    # The window's own parts come from one service call; none of these may be asked.
    for service, name in ((CaseService, "get"), (CaseService, "next_review"),
                          (CaseService, "history"), (PathwayService, "current_needs"),
                          (PathwayService, "actions"), (CaseRecordService, "field_history")):
        monkeypatch.setattr(service, name, piecemeal)
    before = len(_audit(filled))
    window = CaseWindow(filled, case_id)
    qtbot.addWidget(window)
    window.show()
    assert window.heading.text() == "Wrenstead-Demo, Siân"
    assert "CRN X900123" in window.summary.text()
    row = list(Pathway).index(Pathway.ACCOMMODATION)
    assert window.needs_table.item(row, 1).text() == "High"
    assert window.actions_table.item(0, 1).text() == "Housing referral"
    assert window.history_table.item(0, 2).text() == "consultation"  # this opening
    # one consultation for the whole case window, its MAPPA tab included
    assert _audit(filled)[before:] == [("consultation", str(case_id), "")]

    window.tabs.setCurrentIndex(1)  # choosing pathways shows what was read, reads nothing
    window.needs_table.selectRow(row + 1)
    window.needs_table.selectRow(row)
    assert window.need_level.currentText() == "High"
    assert window.need_notes.toPlainText() == "No fixed abode (fictional)"
    assert reads == []


def test_enter_opens_the_current_case(qtbot, filled) -> None:
    page = CaseRegisterPage(VaultSession.for_vault(filled))
    qtbot.addWidget(page)
    page.show()
    page.table.setFocus()
    page.table.selectRow(1)
    with qtbot.waitSignal(page.open_case) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [page.model.case_id(1)]


def test_edit_a_need_and_an_action_and_see_them_after_reopening(qtbot, filled, vault_path
                                                                ) -> None:
    case_id = CaseService(filled).add(CaseDetails(family_name="Marrowby-Demo"))
    window = CaseWindow(filled, case_id)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentIndex(1)
    window.needs_table.selectRow(list(Pathway).index(Pathway.FINANCE))
    window.need_level.setCurrentIndex(window.need_level.findText("High"))
    window.need_assessed_on.clear()
    qtbot.keyClicks(window.need_assessed_on, "02/11/2026")
    qtbot.keyClicks(window.need_assessed_by, "PO Example Echo")
    window.need_notes.clear()
    qtbot.keyClicks(window.need_notes, "Rent arrears")
    qtbot.mouseClick(window.need_save, Qt.MouseButton.LeftButton)
    assert window.need_error.text() == ""

    window.tabs.setCurrentIndex(2)
    dialog = window.add_action()
    dialog.pathway.setCurrentIndex(dialog.pathway.findData(Pathway.FINANCE.value))
    qtbot.keyClicks(dialog.what, "Debt advice appointment")
    qtbot.keyClicks(dialog.owner_agency, "Citizens Advice (demo)")
    qtbot.keyClicks(dialog.target_date, "31/02/2026")
    dialog.try_save()
    assert "Target date" in dialog.error.text()  # not a real date: named, nothing saved
    assert dialog.isVisible()
    dialog.target_date.clear()
    qtbot.keyClicks(dialog.target_date, "01/12/2026")
    dialog.rag.setCurrentIndex(dialog.rag.findData("red"))
    dialog.try_save()
    assert not dialog.isVisible()
    assert window.actions_table.item(0, 1).text() == "Debt advice appointment"
    window.close()
    filled.close()

    reopened = Vault.open(vault_path, PASSPHRASE)
    try:
        need = PathwayService(reopened).current_needs(case_id)[Pathway.FINANCE]
        assert (need.need_level.value, need.notes, need.assessed_on, need.assessed_by) == (
            "high", "Rent arrears", dt.date(2026, 11, 2), "PO Example Echo")
        action = PathwayService(reopened).actions(case_id)[0]
        assert (action.what, action.target_date, action.rag.value) == (
            "Debt advice appointment", dt.date(2026, 12, 1), "red")
        shown = CaseWindow(reopened, case_id)
        qtbot.addWidget(shown)
        assert shown.needs_table.item(list(Pathway).index(Pathway.FINANCE), 1).text() == "High"
        assert shown.actions_table.item(0, 5).text() == "Red"
        assert shown.history_table.rowCount() >= 3  # added, need assessed, action added
    finally:
        reopened.close()


def test_merge_from_the_case_window(qtbot, filled) -> None:
    cases = CaseService(filled)
    keep = cases.add(CaseDetails(family_name="Saffronley-Demo", given_names="Rhys"))
    other = cases.add(CaseDetails(family_name="Saffronly-Demo", given_names="Rhys",
                                  crn="X955555"))
    PathwayService(filled).add_action(other, _action("Housing referral"))
    window = CaseWindow(filled, keep)
    qtbot.addWidget(window)
    window.show()
    dialog = window.start_merge()
    qtbot.keyClicks(dialog.search, "saffronly")
    assert dialog.results.count() == 1
    assert not dialog.merge_button.isEnabled()
    dialog.results.setCurrentRow(0)
    assert "Saffronly-Demo" in dialog.confirm_label.text()
    with qtbot.waitSignal(dialog.merged):
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert window.details.crn == "X955555"  # blank filled from the other record
    assert window.actions_table.rowCount() == 1
    assert "Rhys Saffronly-Demo" in window.details.aliases


def test_duplicate_warning_offers_the_existing_case(qtbot, filled) -> None:
    from rrdesk.ui.register.merge_dialogs import DuplicateWarningDialog

    cases = CaseService(filled)
    existing = cases.add(CaseDetails(family_name="Fennelby-Demo", pnc="2019/9000001Y"))
    found = cases.possible_duplicates(CaseDetails(family_name="New", pnc="19/9000001Y"))
    dialog = DuplicateWarningDialog(found)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Fennelby-Demo" in dialog.list.item(0).text()
    assert "same PNC ID" in dialog.list.item(0).text()
    with qtbot.waitSignal(dialog.open_existing) as opened:
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [existing]


def _action(what: str):
    from rrdesk.services.pathways import ActionDetails

    return ActionDetails(Pathway.ACCOMMODATION, what)


def _pixels(image, rect, wanted) -> int:  # noqa: ANN001
    """How many pixels of ``rect`` in ``image`` are near the colour ``wanted``."""
    near = 0
    for x in range(rect.left(), rect.right() + 1):
        for y in range(rect.top(), rect.bottom() + 1):
            c = image.pixelColor(x, y)
            if (abs(c.red() - wanted.red()) + abs(c.green() - wanted.green())
                    + abs(c.blue() - wanted.blue())) < 60:
                near += 1
    return near


def test_the_register_paints_its_text_overdue_reviews_in_red_and_the_chosen_row(
        qtbot, filled) -> None:
    from PySide6.QtGui import QColor, QPalette

    CaseService(filled).add(CaseDetails(family_name="Overdue-Example", given_names="Ada",
                                        mappa_category=1, mappa_level=2,
                                        last_review=dt.date(2020, 1, 6)))
    page = CaseRegisterPage(VaultSession.for_vault(filled))
    qtbot.addWidget(page)
    page.resize(1280, 400)
    page.show()
    qtbot.waitExposed(page)
    names = shown_names(page)
    late, on_time = names.index("Overdue-Example, Ada"), names.index("Quillfeather, Muhammad")
    review = model_module.COLUMNS.index(model_module.Column.NEXT_REVIEW)
    model, table = page.model, page.table
    assert model.data(model.index(late, review)) == "27/04/2020"  # 16 weeks after the last
    red = QColor(model_module.OVERDUE_COLOUR)
    text = table.palette().color(QPalette.ColorRole.Text)

    image = table.viewport().grab().toImage()
    late_rect = table.visualRect(model.index(late, review))
    assert _pixels(image, late_rect, red) > 20  # the date is drawn, in red
    assert _pixels(image, table.visualRect(model.index(on_time, 0)), text) > 20  # the name
    assert _pixels(image, table.visualRect(model.index(on_time, 0)), red) == 0

    table.selectRow(on_time)
    image = table.viewport().grab().toImage()
    chosen = table.visualRect(model.index(on_time, 1))
    highlight = table.palette().color(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Highlight)
    assert _pixels(image, chosen, highlight) > chosen.width() * chosen.height() // 2

    # A name wider than its column ends in an ellipsis inside the column, not over the next.
    table.setColumnWidth(0, 60)
    image = table.viewport().grab().toImage()
    cell = table.visualRect(model.index(late, 0))
    edge = cell.adjusted(cell.width() - 3, 2, 0, -2)
    assert _pixels(image, cell, text) > 20
    assert _pixels(image, edge, text) == 0


def test_a_search_shows_its_rows_at_once_and_its_count_when_counted(
        qtbot, filled, monkeypatch) -> None:
    """The count of a search longer than a page runs on a worker thread (issue 8); a count
    that comes back after a newer search is not shown."""
    import threading

    monkeypatch.setattr(model_module, "PAGE_SIZE", 2)
    page = CaseRegisterPage(VaultSession.for_vault(filled))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.count_label.text() == "2 cases")  # the active ones
    real_count, counted_on, release = page.query.count, [], threading.Event()

    def slow_count(f):  # noqa: ANN001, ANN202
        counted_on.append(threading.current_thread())
        if f.text == "quill":
            release.wait(10)
        return real_count(f)

    monkeypatch.setattr(page.query, "count", slow_count)
    page.status.setCurrentIndex(page.status.findText("Any"))
    qtbot.waitUntil(lambda: page.count_label.text() == "3 cases")
    assert counted_on and threading.main_thread() not in counted_on

    qtbot.keyClicks(page.search, "quill")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert shown_names(page) == ["Quillfeather, Aoife", "Quillfeather, Muhammad"]  # at once
    assert page.count_label.text() == "3 cases"  # not counted yet
    page.search.clear()
    qtbot.keyClicks(page.search, "lukas")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.count_label.text() == "1 case"  # fits in a page: no count needed
    release.set()
    assert page.session.operations.wait(5000)
    qtbot.wait(50)  # the late count of "quill" arrives, and is dropped
    assert page.count_label.text() == "1 case"
    assert shown_names(page) == ["Łukasiewicz-O'Brien, Zoë"]


def test_a_name_or_flags_cut_short_by_a_narrow_column_show_whole_in_the_tooltip(
        qtbot, filled) -> None:
    """At 1366 pixels the Flags column is narrow: its tooltip, and the name's, say it all."""
    CaseService(filled).add(CaseDetails(
        family_name="Bramblecombe-Longname", given_names="Mohammed Example",
        date_of_birth=dt.date(1980, 5, 1), offence_count=20))
    page = CaseRegisterPage(VaultSession.for_vault(filled))
    qtbot.addWidget(page)
    page.resize(1000, 400)
    page.show()
    qtbot.waitExposed(page)
    model, table = page.model, page.table
    row = shown_names(page).index("Bramblecombe-Longname, Mohammed Example")
    name_column = model_module.COLUMNS.index(model_module.Column.NAME)
    flags_column = model_module.COLUMNS.index(model_module.Column.FLAGS)
    table.setColumnWidth(name_column, 80)
    tip = model.data(model.index(row, name_column), Qt.ItemDataRole.ToolTipRole)
    assert tip.splitlines()[:2] == ["Bramblecombe-Longname, Mohammed Example",
                                    "Born 01/05/1980"]
    assert model.data(model.index(row, flags_column), Qt.ItemDataRole.ToolTipRole) == "Prolific"
    quiet = shown_names(page).index("Quillfeather, Muhammad")
    assert model.data(model.index(quiet, flags_column), Qt.ItemDataRole.ToolTipRole) is None
