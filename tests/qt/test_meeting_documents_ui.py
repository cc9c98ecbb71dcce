"""A meeting's documents, from the Documents page and from the meeting window: minutes,
extract, pack, distribution; previewed, saved and printed."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog

from rrdesk.services.demo import fill_demo
from rrdesk.services.documents import case_reference
from rrdesk.services.meetings import MeetingService
from rrdesk.store import audit
from rrdesk.ui.documents.jobs import session_runner
from rrdesk.ui.documents.page import DocumentsPage
from rrdesk.ui.mappa.meeting_window import MeetingWindow
from rrdesk.ui.session import VaultSession
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


# ----------------------------------------------------------------------- the meeting window
def held_meeting(vault) -> int:  # noqa: ANN001
    for m in MeetingService(vault).list():
        if m.cases >= 2 and m.approved == m.cases and m.date < TODAY:
            return m.id
    raise AssertionError("no held meeting")


@pytest.fixture
def window(qtbot, vault) -> MeetingWindow:  # noqa: ANN001
    """A held meeting's window as the app opens it: documents built as operations."""
    fill_demo(vault, cases=30, seed=5, today=TODAY, mappa=True)
    session = VaultSession.for_vault(vault)
    window = MeetingWindow(vault, held_meeting(vault))
    window.documents.run = session_runner(session, window)
    window.session = session  # kept alive with the window
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    yield window
    session.operations.wait()


def built_preview(qtbot, window: MeetingWindow, button) -> object:  # noqa: ANN001
    window.documents.preview = None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.documents.preview is not None, timeout=20000)
    return window.documents.preview


def disclosures(vault) -> list[str]:  # noqa: ANN001
    with vault.read_session() as s:
        return [e.detail for e in audit.entries(s) if e.action == "disclosure"]


def test_from_the_meeting_window_preview_save_and_print_the_minutes(
        qtbot, window, vault, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    if SHOTS.is_dir():
        window.grab().save(str(SHOTS / "meeting_window_documents.png"))
    preview = built_preview(qtbot, window, window.minutes_doc_button)
    assert window.documents_status.text() == ""
    assert preview.doc.kind == "minutes"
    pages = page_texts(preview.doc.data)
    assert len(preview.page_labels) == len(pages) >= 2
    assert all(not label.pixmap().isNull() for label in preview.page_labels)
    if SHOTS.is_dir():
        preview.resize(1366, 768)
        preview.grab().save(str(SHOTS / "meeting_minutes_preview.png"))

    # Save where the person chooses: owner-only, the meeting's cases in it.
    target = tmp_path / "out" / "minutes.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_a: (str(target), "PDF document (*.pdf)"))
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = flat(" ".join(p.extract_text() for p in PdfReader(target).pages))
    agenda = window.meeting.agenda
    assert len(agenda) >= 2
    for item in agenda:
        family = item.person.split(",")[0]
        assert family.lower() in text.lower(), family
        assert case_reference(item.case_id) in text

    # Print through the print dialog to a PDF printer.
    printed = tmp_path / "printed.pdf"

    def accept(dialog: QPrintDialog) -> int:
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    assert not preview.print_button.isEnabled()  # printing in the background
    qtbot.waitUntil(lambda: preview.status.text().startswith("Sent"), timeout=20000)
    assert preview.print_button.isEnabled()
    assert printed.exists() and len(PdfReader(printed).pages) == len(pages)
    assert disclosures(vault) == ["minutes saved as PDF to minutes.pdf", "minutes printed"]


def test_from_the_meeting_window_record_distribution(qtbot, window) -> None:  # noqa: ANN001
    qtbot.mouseClick(window.distribution_button, Qt.MouseButton.LeftButton)
    dialog = window.documents.dialog
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.name, "Ffion Example")
    qtbot.keyClicks(dialog.agency, "Children's social care")
    qtbot.keyClicks(dialog.method, "Secure email")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert [dialog.table.item(0, c).text() for c in (0, 1, 4)] == [
        "Ffion Example", "Children's social care", "Secure email"]
    if SHOTS.is_dir():
        dialog.grab().save(str(SHOTS / "meeting_distribution.png"))
    dialog.reject()
    preview = built_preview(qtbot, window, window.minutes_doc_button)
    assert "Ffion Example" in flat(" ".join(page_texts(preview.doc.data)))


def test_from_the_meeting_window_the_pack_and_an_extract(qtbot, window) -> None:  # noqa: ANN001
    pack = built_preview(qtbot, window, window.pack_button)
    assert pack.doc.kind == "pack" and pack.doc.reference == f"Meeting {window.meeting_id}"
    if SHOTS.is_dir():
        pack.resize(1366, 768)
        pack.grab().save(str(SHOTS / "meeting_pack_preview.png"))
    window.documents.preview = None
    qtbot.mouseClick(window.extract_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.documents.dialog is not None, timeout=20000)
    dialog = window.documents.dialog
    qtbot.keyClicks(dialog.recipient, "Demo Housing Association")
    qtbot.mouseClick(dialog.checks["level"], Qt.MouseButton.LeftButton)  # left out
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(
        QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.documents.preview is not None, timeout=20000)
    text = flat(" ".join(page_texts(window.documents.preview.doc.data)))
    assert "This is an extract of the minutes" in text and "Demo Housing Association" in text
    assert "Level decision and next review" not in text
