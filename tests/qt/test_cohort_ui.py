"""The cohort view: figures match the caseload and click through to the cases."""

import datetime as dt

from PySide6.QtCore import Qt

from rrdesk.domain.case import CaseDetails
from rrdesk.domain.pathways import NeedLevel, Pathway, Rag
from rrdesk.services.cases import CaseService
from rrdesk.services.pathways import ActionDetails, NeedAssessment, PathwayService
from rrdesk.ui.register.case_list_dialog import CaseListDialog
from rrdesk.ui.register.cohort_page import CohortPage
from rrdesk.ui.session import VaultSession

TODAY = dt.date(2026, 11, 23)


def test_cohort_figures_click_through_to_cases(qtbot, vault) -> None:
    cases, pathways = CaseService(vault), PathwayService(vault)
    fixed = cases.add(CaseDetails(family_name="Emberwick-Demo", given_names="Jon",
                                  iom_cohort="fixed", offender_manager="PO Example Echo"))
    flex = cases.add(CaseDetails(family_name="Larchgate-Demo", given_names="Priya",
                                 iom_cohort="flex", offender_manager="PO Example Echo"))
    pathways.assess(fixed, NeedAssessment(Pathway.ACCOMMODATION, NeedLevel.HIGH,
                                          assessed_on=dt.date(2026, 11, 2)))
    pathways.add_action(fixed, ActionDetails(Pathway.ACCOMMODATION, "Housing referral",
                                             rag=Rag.RED, target_date=dt.date(2026, 11, 1)))

    session = VaultSession.for_vault(vault)
    page = CohortPage(session, today=TODAY)
    qtbot.addWidget(page)
    page.show()
    # The summary is read in the background; the page says so meanwhile.
    qtbot.waitUntil(lambda: page.heading.text() == "2 active people", timeout=10000)
    accommodation = list(Pathway).index(Pathway.ACCOMMODATION)
    assert page.table.item(accommodation, 4).text() == "1"  # high
    assert page.table.item(accommodation, 0).text() == "1"  # not assessed
    assert page.buttons["overdue"].text() == "Overdue actions: 1"
    assert page.buttons["stale"].text() == "No assessment in 6 months: 1"

    with qtbot.waitSignal(page.show_cases) as shown:
        rect = page.table.visualItemRect(page.table.item(accommodation, 4))
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert shown.args == [[fixed], "Accommodation: high"]
    with qtbot.waitSignal(page.show_cases) as shown:
        qtbot.mouseClick(page.buttons["stale"], Qt.MouseButton.LeftButton)
    assert shown.args[0] == [flex]

    dialog = CaseListDialog(vault, *shown.args)
    qtbot.addWidget(dialog)
    assert dialog.table.item(0, 0).text() == "Larchgate-Demo, Priya"
    with qtbot.waitSignal(dialog.open_case) as opened:
        dialog.table.cellDoubleClicked.emit(0, 0)
    assert opened.args == [flex]

    page.cohort.setCurrentIndex(page.cohort.findData("flex"))
    qtbot.waitUntil(lambda: page.heading.text() == "1 active person", timeout=10000)
    assert page.buttons["overdue"].text() == "Overdue actions: 0"


def test_large_cohort_figures_are_written_with_thousands_separators(qtbot, vault) -> None:
    """A 20,000-case team reads "11,576", as the register's count does, not "11576"."""
    from rrdesk.services.cohort import NOT_ASSESSED, CohortSummary

    page = CohortPage(VaultSession.for_vault(vault), today=TODAY)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitUntil(lambda: page.heading.text() == "0 active people", timeout=10000)
    many = list(range(11_576))
    page.show_summary(CohortSummary(
        people=many, needs={(Pathway.ACCOMMODATION, NOT_ASSESSED): many},
        actions_by_rag={Rag.RED: many[:5_632]}, overdue=many[:1_000],
        no_recent_assessment=many[:999], flags={"prolific": many[:2_345]}))
    accommodation = list(Pathway).index(Pathway.ACCOMMODATION)
    assert page.heading.text() == "11,576 active people"
    assert page.table.item(accommodation, 0).text() == "11,576"
    assert page.buttons["red"].text() == "Red actions: 5,632"
    assert page.buttons["overdue"].text() == "Overdue actions: 1,000"
    assert page.buttons["stale"].text() == "No assessment in 6 months: 999"
    assert page.flag_table.item(0, 0).text() == "2,345"  # prolific comes first
