"""A meeting's documents from the Documents page: minutes, extract, pack, distribution."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from rrdesk.services.demo import fill_demo
from rrdesk.services.meetings import MeetingService
from rrdesk.ui.documents.page import DocumentsPage
from tests.documents.pdf_text import flat, page_texts

TODAY = dt.date(2026, 11, 23)
SHOTS = Path("/tmp/shots")


@pytest.fixture
def page(qtbot, vault) -> DocumentsPage:  # noqa: ANN001
    fill_demo(vault, cases=30, seed=5, today=TODAY, mappa=True)
    page = DocumentsPage(vault)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    return page


def choose_held_meeting(page: DocumentsPage, vault) -> int:  # noqa: ANN001
    for m in MeetingService(vault).list():
        if m.cases and m.approved == m.cases and m.date < TODAY:
            page.meeting_box.setCurrentIndex(page.meeting_box.findData(m.id))
            return m.id
    raise AssertionError("no held meeting")


def test_record_distribution_then_the_minutes_show_it(qtbot, page, vault) -> None:
    choose_held_meeting(page, vault)
    if SHOTS.is_dir():
        page.grab().save(str(SHOTS / "docs_page_meetings.png"))
    qtbot.mouseClick(page.distribution_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "name" in dialog.message.text() and dialog.table.rowCount() == 0
    qtbot.keyClicks(dialog.name, "Ffion Example")
    qtbot.keyClicks(dialog.agency, "Housing authority")
    qtbot.keyClicks(dialog.method, "Secure email")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == "Ffion Example"
    if SHOTS.is_dir():
        dialog.grab().save(str(SHOTS / "docs_distribution.png"))
    dialog.reject()
    qtbot.mouseClick(page.minutes_button, Qt.MouseButton.LeftButton)
    whole = flat(" ".join(page_texts(page.preview.doc.data)))
    assert "Ffion Example" in whole and "Secure email" in whole
    assert len(page.preview.page_labels) == len(page_texts(page.preview.doc.data))


def test_an_extract_leaves_out_the_parts_unticked(qtbot, page, vault) -> None:
    choose_held_meeting(page, vault)
    page.extract()
    dialog = page.dialog
    assert not dialog.checks["victim_diversity"].isChecked()
    assert dialog.checks["level"].isChecked()
    qtbot.keyClicks(dialog.recipient, "Demo Housing Association")
    dialog._accept()
    text = flat(" ".join(page_texts(page.preview.doc.data)))
    assert "This is an extract of the minutes" in text
    assert "Demo Housing Association" in text
    assert "Victim and diversity issues" not in text
    assert "Level decision and next review" in text


def test_the_meeting_pack_previews(qtbot, page, vault) -> None:
    meeting_id = choose_held_meeting(page, vault)
    qtbot.mouseClick(page.pack_button, Qt.MouseButton.LeftButton)
    assert page.preview.doc.reference == f"Meeting {meeting_id}"
    assert "Agenda" in page_texts(page.preview.doc.data)[1]
