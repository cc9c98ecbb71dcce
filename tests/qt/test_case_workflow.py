"""The register in the running app: add a person (with the duplicate warning), open, edit,
lock with unsaved input, and the Pathways page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from rrdesk.domain.case import CaseDetails
from rrdesk.services.cases import CaseService
from rrdesk.services.register import RegisterQuery
from rrdesk.store.vault import Vault
from rrdesk.ui.register.workspace import workspace_for
from tests.conftest import PASSPHRASE
from tests.qt.conftest import OFFICER

LEFT = Qt.MouseButton.LeftButton


def _vault_with_people(vault_path):
    vault = Vault.create(vault_path, PASSPHRASE, OFFICER)
    cases = CaseService(vault)
    cases.add(CaseDetails(family_name="Quillfeather-Demo", given_names="Aoife",
                          pnc="2019/9000001Y"))
    cases.add(CaseDetails(family_name="Brambleby-Demo", given_names="Jon"))
    vault.close()
    return vault_path


def test_add_open_and_edit_a_case_in_the_app(qtbot, make_controller, type_passphrase,
                                             vault_path) -> None:
    controller = make_controller(_vault_with_people(vault_path))
    main = type_passphrase(controller)
    page = main.show_page("cases")
    assert page.count_label.text() == "2 cases"
    workspace = workspace_for(controller.session)

    # A new person with the PNC ID of someone already there: warned, offered the existing case
    qtbot.mouseClick(page.new_button, LEFT)
    form_window = workspace.form_windows[-1]
    form = form_window.page.form
    qtbot.keyClicks(form.editor("family_name").edit, "Quillfeather")
    qtbot.keyClicks(form.editor("pnc").edit, "19/9000001Y")
    qtbot.mouseClick(form_window.page.save_button, LEFT)
    dialog = workspace.duplicate_dialog
    assert dialog.isVisible()
    assert "Quillfeather-Demo" in dialog.list.item(0).text()
    assert "same PNC ID" in dialog.list.item(0).text()
    qtbot.mouseClick(dialog.open_button, LEFT)
    assert not form_window.isVisible()
    existing = next(iter(workspace.case_windows.values()))
    assert existing.heading.text() == "Quillfeather-Demo, Aoife"
    assert RegisterQuery(controller.vault).count() == 2  # nothing was added

    # A new person who is not there: saved, opened, counted
    qtbot.mouseClick(page.new_button, LEFT)
    form_window = workspace.form_windows[-1]
    form = form_window.page.form
    qtbot.keyClicks(form.editor("family_name").edit, "Tinderwick-Demo")
    qtbot.keyClicks(form.editor("given_names").edit, "Kwame")
    qtbot.mouseClick(form_window.page.save_button, LEFT)
    assert not form_window.isVisible()
    assert page.count_label.text() == "3 cases"
    added = [w for w in workspace.case_windows.values()
             if w.heading.text() == "Tinderwick-Demo, Kwame"]
    assert added and added[0].isVisible()

    # Edit details through the case form: the register and the window follow
    added[0].tabs.setCurrentIndex(0)
    edit_button = [b for b in added[0].findChildren(QPushButton)
                   if b.text() == "Edit details…"][0]
    qtbot.mouseClick(edit_button, LEFT)
    edit_window = workspace.form_windows[-1]
    form = edit_window.page.form
    form.editor("given_names").edit.clear()
    qtbot.keyClicks(form.editor("given_names").edit, "Kwame Demo")
    qtbot.mouseClick(edit_window.page.save_button, LEFT)
    assert added[0].heading.text() == "Tinderwick-Demo, Kwame Demo"
    qtbot.keyClicks(page.search, "tinderwick")
    qtbot.waitUntil(lambda: page.model.data(page.model.index(0, 0))
                    == "Tinderwick-Demo, Kwame Demo")


def test_unsaved_case_form_survives_a_lock(qtbot, make_controller, type_passphrase,
                                           vault_path) -> None:
    controller = make_controller(_vault_with_people(vault_path))
    type_passphrase(controller)
    workspace = workspace_for(controller.session)
    form_window = workspace.new_case()
    qtbot.keyClicks(form_window.page.form.editor("family_name").edit, "Half-Typed-Demo")
    controller.lock()
    assert not form_window.isVisible()
    assert controller.vault.is_locked
    type_passphrase(controller)
    assert form_window.isVisible()
    assert form_window.page.form.editor("family_name").edit.text() == "Half-Typed-Demo"
    # and it was kept as an encrypted draft, offered when the form is opened again
    again = workspace.new_case()
    assert again.page.banner.isVisible()


def test_pathways_page_shows_the_cohort_and_the_plan(qtbot, make_controller, type_passphrase,
                                                     vault_path) -> None:
    controller = make_controller(_vault_with_people(vault_path))
    main = type_passphrase(controller)
    page = main.show_page("pathways")
    assert page.tabText(0) == "Cohort view" and page.tabText(1) == "Partnership plan"
    qtbot.waitUntil(lambda: page.cohort.heading.text() == "2 active people")
    workspace = workspace_for(controller.session)
    window = workspace.new_case()
    qtbot.keyClicks(window.page.form.editor("family_name").edit, "Saffronby-Demo")
    qtbot.mouseClick(window.page.save_button, LEFT)
    main.show_page("pathways")
    qtbot.waitUntil(lambda: page.cohort.heading.text() == "3 active people")
