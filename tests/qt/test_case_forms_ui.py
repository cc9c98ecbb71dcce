"""Every form reachable from the case window: list, start, draft, reopen, save, print."""

from __future__ import annotations

import shutil
import stat

from pypdf import PdfReader
from PySide6.QtCore import Qt

from rrdesk.domain.case import CaseDetails
from rrdesk.services.cases import CaseService
from rrdesk.services.forms import FormService
from rrdesk.store.vault import Vault
from rrdesk.ui.register.workspace import workspace_for
from tests.conftest import PASSPHRASE
from tests.qt.conftest import OFFICER

LEFT = Qt.MouseButton.LeftButton


def _vault_with_a_person(vault_path, vault_template) -> tuple:
    shutil.copyfile(vault_template, vault_path)
    vault = Vault.open(vault_path, PASSPHRASE)
    case_id = CaseService(vault).add(CaseDetails(family_name="Quillfeather-Demo",
                                                 given_names="Aoife", crn="X900001"))
    vault.close()
    return vault_path, case_id


def _start(window, title: str) -> None:
    tab = window.forms_tab
    action = next(a for a in tab.new_menu.actions() if a.text() == title)
    action.trigger()


def _rows(tab) -> list[list[str]]:
    return [[tab.table.item(r, c).text() for c in range(tab.table.columnCount())]
            for r in range(tab.table.rowCount())]


def test_a_form_is_started_kept_as_a_draft_reopened_saved_and_printed(
        qtbot, make_controller, type_passphrase, vault_path, vault_template, tmp_path) -> None:
    path, case_id = _vault_with_a_person(vault_path, vault_template)
    controller = make_controller(path)
    type_passphrase(controller)
    workspace = workspace_for(controller.session)
    window = workspace.open_case(case_id)
    tab = window.forms_tab
    window.tabs.setCurrentWidget(tab)
    assert tab.table.rowCount() == 0
    titles = [a.text() for a in tab.new_menu.actions()]
    assert {"MAPPA referral", "MAPPA meeting minutes", "Risk management plan",
            "Pathway needs assessment"} <= set(titles)
    assert "Case details" not in titles  # edited with "Edit details…"

    # Start a needs assessment: the person is filled in; close it half done.
    _start(window, "Pathway needs assessment")
    form_window = workspace.form_windows[-1]
    form = form_window.page.form
    assert "QUILLFEATHER-DEMO, Aoife (X900001)" in form.editor("person").combo.currentText()
    qtbot.keyClicks(form.editor("assessor").edit, "PO Example Bravo")
    form_window.close()
    version = str(FormService(controller.vault).definition("pathway_needs").version)
    assert _rows(tab)[0][:3] == ["Pathway needs assessment", version, "Draft"]
    tab.table.selectRow(0)
    assert not tab.print_button.isEnabled()  # nothing saved to print yet

    # The draft reopens as typed; finish and save it.
    qtbot.mouseClick(tab.open_button, LEFT)
    form_window = workspace.form_windows[-1]
    form = form_window.page.form
    assert form.editor("assessor").edit.text() == "PO Example Bravo"
    qtbot.keyClicks(form.editor("assessed_on").edit, "02/11/2026")
    qtbot.mouseClick(form_window.page.save_button, LEFT)
    assert not form_window.isVisible()
    assert _rows(tab) == [["Pathway needs assessment", version, "Saved", "02/11/2026", OFFICER]]

    # Reopened: the saved values.
    tab.table.selectRow(0)
    qtbot.mouseClick(tab.open_button, LEFT)
    form_window = workspace.form_windows[-1]
    assert form_window.page.form.editor("assessor").edit.text() == "PO Example Bravo"
    assert form_window.page.record_id == tab.rows[0].record_id
    form_window.close()

    # Printed to a PDF the person names: owner-only, marked, the person on it.
    tab.table.selectRow(0)
    assert tab.print_button.isEnabled()
    out = tmp_path / "needs"
    tab.print_to(tab.rows[0].record_id, out)
    printed = tmp_path / "needs.pdf"
    assert stat.S_IMODE(printed.stat().st_mode) == 0o600
    text = PdfReader(printed).pages[0].extract_text()
    assert "OFFICIAL-SENSITIVE" in text and "QUILLFEATHER-DEMO, Aoife" in text
    assert tab.status.text().startswith("Printed to needs.pdf")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
