"""The Calendar page as a person uses it: items on their days, keys, clicks, filters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from rrdesk.domain.calendar import Kind
from rrdesk.domain.case import CaseDetails
from rrdesk.domain.pathways import ActionDetails, Pathway, Rag
from rrdesk.services.cases import CaseService
from rrdesk.services.pathways import PathwayService
from rrdesk.ui.calendar.page import CalendarPage
from rrdesk.ui.calendar.summary import DueSummaryDialog

TODAY = dt.date(2026, 11, 16)  # a Monday


@pytest.fixture
def caseload(vault):
    cases = CaseService(vault)
    mo = cases.add(CaseDetails(family_name="Quillfeather-Demo", given_names="Mohammed",
                               mappa_category=2, mappa_level=3,
                               last_review=dt.date(2026, 9, 30),  # due Wed 25 November
                               offender_manager="PC Example Alpha"))
    steve = cases.add(CaseDetails(family_name="Thistlecombe-Demo", given_names="Stephen",
                                  mappa_category=1, mappa_level=2,
                                  last_review=dt.date(2026, 7, 22),  # due Wed 11 November
                                  offender_manager="PO Example Bravo"))
    PathwayService(vault).add_action(steve, ActionDetails(
        Pathway.HEALTH, "GP registration", target_date=dt.date(2026, 11, 25), rag=Rag.AMBER))
    return {"mo": mo, "steve": steve}


@pytest.fixture
def page(qtbot, vault, caseload) -> CalendarPage:
    page = CalendarPage(vault, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    return page


def click_item(qtbot, grid, case_id: int, kind: Kind) -> None:
    item = next(i for i in grid.by_day[i_date(grid, case_id, kind)]
                if i.case_id == case_id and i.kind == kind)
    rect = grid.item_rect(item)
    assert rect is not None, "the item is painted"
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())


def i_date(grid, case_id: int, kind: Kind) -> dt.date:
    return next(d for d, items in grid.by_day.items()
                if any(i.case_id == case_id and i.kind == kind for i in items))


def test_the_month_shows_each_item_on_its_day(page, caseload) -> None:
    assert page.period.text() == "November 2026"
    grid = page.month
    on_25 = grid.items_on(dt.date(2026, 11, 25))
    assert {(i.case_id, i.kind) for i in on_25} == {
        (caseload["mo"], Kind.REVIEW), (caseload["steve"], Kind.PATHWAY_ACTION)}
    late = grid.items_on(dt.date(2026, 11, 11))
    assert [(i.case_id, i.kind, i.overdue) for i in late] == [
        (caseload["steve"], Kind.REVIEW, True)]
    grid.repaint()
    assert all(grid.item_rect(i) is not None for i in on_25 + late)
    # painted inside the right day's cell
    cell = grid.cell_rect(grid.days.index(dt.date(2026, 11, 25)))
    assert cell.contains(grid.item_rect(on_25[0]).center())
    assert page.status.text() == "3 items, 1 overdue"


def test_keys_move_the_day_and_the_month(qtbot, page) -> None:
    grid = page.month
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert page.current == dt.date(2026, 11, 17)
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    assert page.current == dt.date(2026, 11, 24)
    qtbot.keyClick(grid, Qt.Key.Key_PageDown)
    assert page.current == dt.date(2026, 12, 24) and page.period.text() == "December 2026"
    assert dt.date(2026, 11, 25) not in grid.by_day or grid.month == 12
    qtbot.keyClick(grid, Qt.Key.Key_Left)
    qtbot.keyClick(grid, Qt.Key.Key_PageUp)
    assert page.current == dt.date(2026, 11, 23)
    qtbot.keyClick(grid, Qt.Key.Key_Up)
    assert page.current == dt.date(2026, 11, 16)
    qtbot.keyClick(grid, Qt.Key.Key_PageDown)
    qtbot.keyClick(grid, Qt.Key.Key_T)
    assert page.current == TODAY and page.period.text() == "November 2026"


def test_a_click_on_an_item_opens_its_case(qtbot, page, caseload) -> None:
    with qtbot.waitSignal(page.open_case) as opened:
        click_item(qtbot, page.month, caseload["mo"], Kind.REVIEW)
    assert opened.args == [caseload["mo"]]
    assert page.current == dt.date(2026, 11, 25)


def test_filters_and_views(qtbot, page, caseload) -> None:
    page.officer.setCurrentIndex(page.officer.findData("PC Example Alpha"))
    assert {i.case_id for i in page.shown} == {caseload["mo"]}
    page.officer.setCurrentIndex(0)
    page.kind.setCurrentIndex(page.kind.findData(Kind.PATHWAY_ACTION))
    assert [i.kind for i in page.shown] == [Kind.PATHWAY_ACTION]
    page.kind.setCurrentIndex(0)
    page.level.setCurrentIndex(page.level.findData(2))
    assert {i.case_id for i in page.shown} == {caseload["steve"]}
    page.level.setCurrentIndex(0)

    qtbot.mouseClick(page.view_buttons["week"], Qt.MouseButton.LeftButton)
    assert page.period.text() == "Week of 16 November – 22 November 2026"
    assert page.shown == []  # nothing that week
    qtbot.keyClick(page.week, Qt.Key.Key_Down)
    assert {i.date for i in page.shown} == {dt.date(2026, 11, 25)}

    qtbot.mouseClick(page.view_buttons["agenda"], Qt.MouseButton.LeftButton)
    model = page.agenda.agenda
    rows = [(model.index(r, 0).data(), model.index(r, 2).data(), model.index(r, 5).data())
            for r in range(model.rowCount())]
    steve = f"C-{caseload['steve']:05d}"
    assert rows[0] == ("Wed 11 Nov 2026", steve, "Overdue")
    assert len(rows) == 3
    page.agenda.setFocus()
    page.agenda.selectRow(0)
    with qtbot.waitSignal(page.open_case) as opened:
        qtbot.keyClick(page.agenda, Qt.Key.Key_Return)
    assert opened.args == [caseload["steve"]]


def test_the_due_summary_links_to_the_people(qtbot, vault, caseload) -> None:
    dialog = DueSummaryDialog()
    qtbot.addWidget(dialog)
    dialog.load(vault, TODAY)
    dialog.show()
    assert dialog.links["reviews_overdue"].text() == "1 case"
    assert dialog.links["reviews_due_soon"].text() == "1 case"
    assert not dialog.links["no_review_date"].isEnabled()
    with qtbot.waitSignal(dialog.show_cases) as shown:
        qtbot.mouseClick(dialog.links["reviews_overdue"], Qt.MouseButton.LeftButton)
    assert shown.args == [[caseload["steve"]], "MAPPA reviews overdue"]


def test_export_from_the_page_writes_the_ics(page, tmp_path: Path) -> None:
    out = page.export_to(tmp_path / "mine")
    assert out.name == "mine.ics"
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert "Quillfeather" not in out.read_text()
    assert page.status.text().startswith("3 events exported to mine.ics")


def test_screenshots_of_the_three_views(qtbot, page) -> None:
    folder = Path("/tmp/shots")
    folder.mkdir(exist_ok=True)
    shown = {"month": page.month, "week": page.week, "agenda": page.agenda}
    for view, widget in shown.items():
        page.set_view(view)
        qtbot.wait(10)
        assert page.stack.currentWidget() is widget and widget.isVisible()
        image = page.grab()
        assert (image.width(), image.height()) == (1366, 768)
        assert image.save(str(folder / f"calendar-{view}.png"))


def test_the_register_lists_reviews_due_within_n_days(qtbot, vault) -> None:
    from rrdesk.ui.register.page import CaseRegisterPage
    from rrdesk.ui.session import VaultSession

    today = dt.date.today()
    cases = CaseService(vault)
    soon = cases.add(CaseDetails(family_name="Larchgate-Demo", given_names="Priya",
                                 mappa_category=2, mappa_level=3,
                                 last_review=today - dt.timedelta(weeks=8, days=-3)))
    cases.add(CaseDetails(family_name="Mossfield-Demo", given_names="Rhys", mappa_category=2,
                          mappa_level=2, last_review=today))  # due in 16 weeks
    page = CaseRegisterPage(VaultSession.for_vault(vault))
    qtbot.addWidget(page)
    page.show()
    assert page.model.total == 2
    page.review_due.setCurrentIndex(page.review_due.findText("Within 7 days"))
    assert page.model.total == 1 and page.model.case_id(0) == soon
    assert page.count_label.text() == "1 case"


def test_unlock_shows_what_is_due_and_export_follows_the_initials_setting(
        qtbot, make_controller, type_passphrase, vault_path, vault_template, tmp_path) -> None:
    import shutil

    from rrdesk.services.vaults import Vault
    from tests.conftest import PASSPHRASE

    shutil.copyfile(vault_template, vault_path)
    with Vault.open(vault_path, PASSPHRASE) as vault:
        CaseService(vault).add(CaseDetails(  # reviewed long ago: its review is overdue
            family_name="Quillfeather-Demo", given_names="Mohammed", mappa_category=2,
            mappa_level=3, last_review=dt.date.today() - dt.timedelta(weeks=10)))
    controller = make_controller(vault_path)
    main = type_passphrase(controller)
    page = main.show_page("calendar")
    qtbot.waitUntil(page.summary_dialog.isVisible)
    assert page.summary_dialog.links["reviews_overdue"].text() == "1 case"
    page.summary_dialog.close()

    dialog = main.open_settings()
    qtbot.waitExposed(dialog)
    assert not dialog.initials_check.isChecked()
    qtbot.mouseClick(dialog.initials_check, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.loaded is not None)  # read as an operation, then shown
    assert page.period.text() == f"{dt.date.today():%B %Y}"
    out = page.export_to(tmp_path / "mine.ics")  # an operation too: the file comes after
    qtbot.waitUntil(lambda: "exported" in page.status.text())
    text = out.read_text()
    assert "(MQ)" in text and "Quillfeather" not in text and "Mohammed" not in text


# ----------------------------------------------------------------------- meetings and RMPs
@pytest.fixture
def mappa_page(qtbot, vault):
    """The page as the app makes it (read as an operation, wired to the workspace), on a
    demo caseload with MAPPA meetings and approved RMPs."""
    from rrdesk.services.demo import fill_demo
    from rrdesk.ui.calendar.page import calendar_page
    from rrdesk.ui.session import VaultSession

    fill_demo(vault, cases=30, seed=5, today=TODAY, mappa=True)
    session = VaultSession.for_vault(vault)
    page = calendar_page(session)
    page.session_kept = session
    page._fixed_today = page.today = page.current = TODAY
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.loaded is not None and bool(page.shown), timeout=20000)
    yield page, session
    session.operations.wait()


def test_a_click_on_a_meeting_opens_its_meeting_window(qtbot, mappa_page) -> None:
    from rrdesk.ui.register.workspace import workspace_for

    page, session = mappa_page
    assert {Kind.MEETING, Kind.RMP_ACTION} <= set(page.legend.kinds)
    grid = page.month
    meeting = next(i for items in grid.by_day.values() for i in items
                   if i.kind == Kind.MEETING)
    assert meeting.time is not None and meeting.case_id is None
    grid.repaint()
    rect = grid.item_rect(meeting)
    assert rect is not None, "the meeting is painted"
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    windows = workspace_for(session).meeting_windows
    assert list(windows) == [meeting.meeting_id]
    window = windows[meeting.meeting_id]
    qtbot.addWidget(window)
    assert window.isVisible() and window.meeting.id == meeting.meeting_id
    assert window.heading.text().endswith(f"{meeting.date:%d/%m/%Y} at {meeting.time:%H:%M}")


def test_screenshots_with_meetings_and_rmp_actions(qtbot, mappa_page) -> None:
    page, _session = mappa_page
    kinds = {i.kind for i in page.shown}
    assert {Kind.MEETING, Kind.RMP_ACTION} <= kinds
    assert any(i.overdue for i in page.shown if i.kind == Kind.RMP_ACTION)
    folder = Path("/tmp/shots")
    folder.mkdir(exist_ok=True)
    meeting = next(i for i in page.shown if i.kind == Kind.MEETING)
    page.go_to(meeting.date)
    for view in ("month", "week", "agenda"):
        page.set_view(view)
        qtbot.waitUntil(lambda: page._loading is None)
        assert page.grab().save(str(folder / f"calendar-mappa-{view}.png"))
    rows = page.agenda.agenda
    texts = [rows.index(r, 0).data() for r in range(rows.rowCount())]
    day = meeting.date
    assert f"{day:%a} {day.day} {day:%b %Y} {meeting.time:%H:%M}" in texts
