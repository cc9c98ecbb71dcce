"""The case window opens the person's pathway plan and current RMP in the document preview;
in the app both are built as operations of the session."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from rrdesk.services.demo import fill_demo
from rrdesk.services.documents import case_reference
from rrdesk.services.rmp import RmpService
from rrdesk.ui.register.case_window import CaseWindow
from rrdesk.ui.register.workspace import workspace_for
from rrdesk.ui.session import VaultSession
from tests.documents.pdf_text import flat, page_texts

TODAY = dt.date(2026, 11, 23)


def test_the_case_window_previews_the_pathway_plan(qtbot, vault) -> None:  # noqa: ANN001
    fill_demo(vault, cases=2, seed=3)
    window = CaseWindow(vault, 1)
    qtbot.addWidget(window)
    window.show()
    qtbot.mouseClick(window.pathway_plan_button, Qt.MouseButton.LeftButton)
    preview = window.document_actions.preview
    assert preview.doc.kind == "pathways" and preview.doc.reference == case_reference(1)
    assert "ŁUKASIEWICZ-O'BRIEN, Zoë" in flat(page_texts(preview.doc.data)[0])
    assert preview.page_labels


def test_rmp_shows_the_current_plan_or_says_there_is_none(qtbot, vault,
                                                          monkeypatch) -> None:  # noqa: ANN001
    fill_demo(vault, cases=30, seed=5, today=TODAY, mappa=True)
    plans = RmpService(vault)
    with_plan = next(c for c in range(1, 31) if plans.current(c) is not None)
    without = next(c for c in range(1, 31) if plans.current(c) is None)
    session = VaultSession.for_vault(vault)
    workspace = workspace_for(session)

    window = workspace.open_case(with_plan)  # as the app opens it: built as an operation
    qtbot.addWidget(window)
    qtbot.mouseClick(window.rmp_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.document_actions.preview is not None, timeout=20000)
    preview = window.document_actions.preview
    assert preview.doc.kind == "rmp" and preview.doc.reference == case_reference(with_plan)
    text = flat(" ".join(page_texts(preview.doc.data)))
    plan = plans.current(with_plan)
    assert f"Version {plan.version}" in text or f"version {plan.version}" in text
    assert plan.actions[0].what in text
    preview.close()

    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _parent, _title, text, *_a: said.append(text))
    other = workspace.open_case(without)
    qtbot.addWidget(other)
    qtbot.mouseClick(other.rmp_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(said), timeout=20000)
    assert said[0].startswith("This case has no Risk Management Plan yet")
    assert other.document_actions.preview is None
    session.operations.wait()
