"""The partnership plan screen: import, read grouped by need, edit, export."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from rrdesk.services.plan import PlanService
from rrdesk.ui.plan.page import PlanPage
from rrdesk.ui.session import VaultSession

PLAN_CSV = (
    "Need,Priority issue,Action,Owner,Timescale,RAG rating\n"
    "Accommodation,Release without an address,Referral to supported housing,"
    "Probation Service,March 2027,Red\n"
    ",,Duty to refer on release,Local authority housing,Ongoing,Green\n"
    "Drugs and alcohol,Opiate use,Structured treatment,Drug service (demo),April 2027,"
    "On track but waiting list is long\n"
)


def groups(page: PlanPage) -> dict[str, list[list[str]]]:
    tree = page.tree
    out = {}
    for g in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(g)
        out[group.text(0)] = [[group.child(c).text(col) for col in range(5)]
                              for c in range(group.childCount())]
    return out


def shown_page(qtbot, vault, tmp_path) -> PlanPage:  # noqa: ANN001
    """The plan page on screen, the example plan imported through it."""
    source = tmp_path / "plan.csv"
    source.write_text(PLAN_CSV, encoding="utf-8")
    page = PlanPage(VaultSession.for_vault(vault))
    qtbot.addWidget(page)
    page.show()
    assert _file_job(qtbot, page, page.import_from, source)
    return page


def _file_job(qtbot, page: PlanPage, start, path) -> bool:  # noqa: ANN001
    """Start an import or export (it runs in the background) and wait for its end."""
    with qtbot.waitSignal(page.file_done, timeout=10000) as done:
        start(path)
    return done.args[0]


def test_plan_imports_groups_edits_and_exports(qtbot, vault, tmp_path) -> None:
    page = shown_page(qtbot, vault, tmp_path)
    shown = groups(page)
    assert list(shown) == ["Accommodation", "Drugs and alcohol"]
    # the blank priority issue repeats the row above; free-text RAG kept as written
    assert shown["Accommodation"][1][0] == "Release without an address"
    assert shown["Drugs and alcohol"][0][4] == "On track but waiting list is long"

    item = page.tree.topLevelItem(0).child(1)
    page.tree.setCurrentItem(item, 3)
    page.tree.editItem(item, 3)
    editor = page.tree.viewport().findChild(QLineEdit)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "June 2027")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: groups(page)["Accommodation"][1][3] == "June 2027")
    assert PlanService(vault).lines()[1].timescale == "June 2027"
    assert PlanService(vault).lines()[1].priority_issue == ""  # still inherited as written

    page.tree.setCurrentItem(page.tree.topLevelItem(0).child(0))
    page.add_row()
    assert len(groups(page)["Accommodation"]) == 3
    page.delete_row()
    assert len(groups(page)["Accommodation"]) == 2

    out = tmp_path / "out.csv"
    assert _file_job(qtbot, page, page.export_to, out)
    assert "June 2027" in out.read_text(encoding="utf-8-sig")


def test_a_bad_plan_file_says_why_and_keeps_the_plan(qtbot, vault, tmp_path) -> None:
    page = shown_page(qtbot, vault, tmp_path)
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a spreadsheet")
    assert not _file_job(qtbot, page, page.import_from, bad)
    assert "Nothing was imported" in page.message.text()
    assert "bad.xlsx" in page.message.text()
    assert list(groups(page)) == ["Accommodation", "Drugs and alcohol"]


def test_rows_move_within_their_need_by_keyboard_and_button(qtbot, vault, tmp_path) -> None:
    page = shown_page(qtbot, vault, tmp_path)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.tree.setFocus()
    page.tree.setCurrentItem(page.tree.topLevelItem(0).child(1))  # "Duty to refer on release"
    qtbot.keyClick(page.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    actions = [row[1] for row in groups(page)["Accommodation"]]
    assert actions == ["Duty to refer on release", "Referral to supported housing"]
    # it still reads as part of the same issue, and stays the chosen row
    assert groups(page)["Accommodation"][0][0] == "Release without an address"
    assert page.selected_row().text(1) == "Duty to refer on release"
    assert [line.action for line in PlanService(vault).lines()][:2] == actions

    qtbot.keyClick(page.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert page.message.text() == "That row is already the first row of its need."
    qtbot.mouseClick(page.down, Qt.MouseButton.LeftButton)
    assert [row[1] for row in groups(page)["Accommodation"]] == [
        "Referral to supported housing", "Duty to refer on release"]
    assert page.message.text() == ""
    page.grab().save(str(tmp_path / "plan-moved.png"))
