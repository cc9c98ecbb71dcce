"""The case window's sentence, requirements, flags, IOM and history, as a person uses them."""

import datetime as dt
import os
from pathlib import Path

import pytest

from rrdesk.domain.case import CaseDetails
from rrdesk.services.case_record import CaseRecordService
from rrdesk.services.cases import CaseService
from rrdesk.ui.register.case_window import CaseWindow

TODAY = dt.date(2026, 11, 23)
# Screenshots to look at: RRDESK_SHOTS=/tmp/shots/caserec pytest ... (none saved otherwise)
SHOTS = Path(os.environ["RRDESK_SHOTS"]) if os.environ.get("RRDESK_SHOTS") else None


def shot(widget, name: str) -> None:
    widget.resize(1366, 768)
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / f"{name}.png"))


@pytest.fixture
def window(qtbot, vault):
    case_id = CaseService(vault).add(CaseDetails(
        family_name="Quillfeather-Demo", given_names="Zoë", date_of_birth=dt.date(2004, 5, 1),
        mappa_category=2, mappa_level=2))
    w = CaseWindow(vault, case_id, today=TODAY)
    qtbot.addWidget(w)
    w.show()
    return w


def type_into(qtbot, dialog, name: str, text: str) -> None:
    editor = dialog.editors[name]
    editor.clear()
    qtbot.keyClicks(editor, text)


def test_add_a_tag_with_a_bad_date_then_a_good_one(qtbot, window) -> None:
    window.tabs.setCurrentWidget(window.sentence_tab)
    dialog = window.sentence_tab.add_requirement()
    combo = dialog.editors["kind"]
    combo.setCurrentIndex(combo.findData("em"))
    type_into(qtbot, dialog, "start", "20/11/2026")
    type_into(qtbot, dialog, "end", "01/11/2026")
    assert not dialog.try_save()
    assert "End (last day): is before the start" in dialog.error_text()
    assert dialog.isVisible()
    assert window.sentence_tab.requirements_table.rowCount() == 0  # nothing saved
    type_into(qtbot, dialog, "end", "30/11/2026")
    assert dialog.try_save()
    table = window.sentence_tab.requirements_table
    assert table.item(0, 0).text() == "Electronic monitoring (tag)"
    assert table.item(0, 2).text() == "30/11/2026"
    assert table.item(0, 3).text() == "Active"
    shot(window, "case_window_sentence")


def test_record_a_sentence_and_a_flag(qtbot, window) -> None:
    dialog = window.sentence_tab.edit_sentence()
    combo = dialog.editors["type"]
    combo.setCurrentIndex(combo.findData("licence"))
    type_into(qtbot, dialog, "start", "01/01/2026")
    type_into(qtbot, dialog, "licence_end", "31/13/2026")
    assert not dialog.try_save()
    assert "Licence end" in dialog.error_text()
    type_into(qtbot, dialog, "licence_end", "31/12/2026")
    assert dialog.try_save()
    assert "licence ends 31/12/2026" in window.sentence_tab.sentence_label.text()

    window.tabs.setCurrentWidget(window.flags_tab)
    dialog = window.flags_tab.add_flag()
    combo = dialog.editors["flag"]
    combo.setCurrentIndex(combo.findData("veteran"))
    assert dialog.try_save()
    assert window.flags_tab.flags_table.item(0, 0).text() == "Veteran"
    assert "Young adult" in window.flags_tab.derived_label.text()
    shot(window, "case_window_flags")


def test_select_and_deselect_for_iom(qtbot, window) -> None:
    tab = window.flags_tab
    dialog = tab.select_for_iom()
    combo = dialog.editors["cohort"]
    combo.setCurrentIndex(combo.findData("fixed"))
    dialog.editors["crime_type"].setEditText("Arson")
    assert not dialog.try_save()
    assert "Crime type" in dialog.error_text()
    crime = dialog.editors["crime_type"]
    crime.setCurrentIndex(crime.findData("Burglary"))
    assert dialog.try_save()
    assert "fixed cohort" in tab.iom_label.text()
    assert "IOM cohort fixed" not in window.summary.text()
    assert window.details.iom_cohort == "fixed"
    dialog = tab.deselect()
    type_into(qtbot, dialog, "deselection_reason", "Stopped offending")
    assert dialog.try_save()
    assert tab.iom_table.item(0, 4).text() == "23/11/2026"
    assert tab.select_button.isEnabled()


def test_level_history_shows_old_and_new_values(qtbot, window, vault) -> None:
    cases = CaseService(vault)
    details = cases.get(window.case_id)
    details.mappa_level = 3
    cases.update(window.case_id, details)
    window.reload_details()
    window.tabs.setCurrentIndex(window.tabs.count() - 1)
    table = window.changes_table
    rows = [(table.item(r, 1).text(), table.item(r, 2).text(), table.item(r, 3).text())
            for r in range(table.rowCount())]
    assert ("MAPPA level", "2 → 3", "Officer Testcase") in rows
    assert ("MAPPA level", "— → 2", "Officer Testcase") in rows
    assert CaseRecordService(vault).field_history(window.case_id, "mappa_level")[-1].new == "3"
    shot(window, "case_window_history")
