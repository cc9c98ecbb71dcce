"""The case window opens the person's pathway plan in the document preview."""

from __future__ import annotations

from PySide6.QtCore import Qt

from rrdesk.services.demo import fill_demo
from rrdesk.ui.register.case_window import CaseWindow
from tests.documents.pdf_text import flat, page_texts


def test_the_case_window_previews_the_pathway_plan(qtbot, vault) -> None:  # noqa: ANN001
    fill_demo(vault, cases=2, seed=3)
    window = CaseWindow(vault, 1)
    qtbot.addWidget(window)
    window.show()
    qtbot.mouseClick(window.pathway_plan_button, Qt.MouseButton.LeftButton)
    preview = window.preview
    assert preview.doc.kind == "pathways" and preview.doc.reference == "Case 1"
    assert "ŁUKASIEWICZ-O'BRIEN, Zoë" in flat(page_texts(preview.doc.data)[0])
    assert preview.page_labels
