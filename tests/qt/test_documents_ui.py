"""The Documents page as a person uses it: choose, preview, save (with or without a
password), print to a PDF printer."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

from rrdesk.services.demo import fill_demo
from rrdesk.store import audit
from rrdesk.ui.documents.page import DocumentsPage
from rrdesk.ui.documents.preview import DocumentPreview
from tests.documents.pdf_text import flat

SHOTS = Path("/tmp/shots")


@pytest.fixture
def page(qtbot, vault) -> DocumentsPage:  # noqa: ANN001
    fill_demo(vault, cases=4, seed=3)
    page = DocumentsPage(vault)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    return page


def disclosures(vault) -> list[str]:  # noqa: ANN001
    with vault.read_session() as s:
        return [e.detail for e in audit.entries(s) if e.action == "disclosure"]


def _choose_first_person(qtbot, page: DocumentsPage) -> str:  # noqa: ANN001
    # Picked from the list (typing opens the completer's popup, which the offscreen
    # platform cannot show).
    page.case_box.setCurrentIndex(0)
    return page.case_box.currentText()


def test_preview_then_save_a_pathway_plan_where_the_person_chooses(qtbot, page, vault,
                                                                    tmp_path, monkeypatch
                                                                    ) -> None:
    label = _choose_first_person(qtbot, page)
    qtbot.mouseClick(page.pathway_button, Qt.MouseButton.LeftButton)
    preview = page.preview
    assert isinstance(preview, DocumentPreview)
    qtbot.waitExposed(preview)
    assert len(preview.page_labels) >= 1
    assert not preview.page_labels[0].pixmap().isNull()
    assert "page" in preview.info.text()
    if SHOTS.is_dir():
        preview.resize(1366, 768)
        preview.grab().save(str(SHOTS / "docs_preview.png"))
    # Nothing is written until the person saves, and then only where they chose.
    target = tmp_path / "chosen" / "plan"
    target.parent.mkdir()
    suggested = []

    def fake_dialog(_parent, _title, start, _filter):  # noqa: ANN001, ANN202
        suggested.append(start)
        return str(target), "PDF document (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_dialog)
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    saved = target.with_name("plan.pdf")
    assert saved.exists() and stat.S_IMODE(saved.stat().st_mode) == 0o600
    case_id = page.case_box.currentData()
    assert Path(suggested[0]).name == f"Pathway-plan-C-{case_id:05d}.pdf"
    text = flat(" ".join(p.extract_text() for p in PdfReader(saved).pages))
    assert label.split(" (")[0] in text
    assert "Saved to" in preview.status.text()
    assert disclosures(vault) == ["pathways saved as PDF to plan.pdf"]
    assert [p.name for p in target.parent.iterdir()] == ["plan.pdf"]


def test_a_password_protected_save_needs_the_password_to_open(qtbot, page, vault,
                                                              tmp_path) -> None:
    qtbot.mouseClick(page.plan_button, Qt.MouseButton.LeftButton)
    preview = page.preview
    preview.protect.setChecked(True)
    qtbot.keyClicks(preview.password, "short")
    assert preview.save_to(tmp_path / "plan.pdf") is None
    assert "password" in preview.status.text() and not (tmp_path / "plan.pdf").exists()
    preview.password.clear()
    qtbot.keyClicks(preview.password, "test-only pdf password")
    assert preview.save_to(tmp_path / "plan.pdf") == tmp_path / "plan.pdf"
    reader = PdfReader(tmp_path / "plan.pdf")
    assert reader.is_encrypted
    assert reader.decrypt("wrong password") == 0
    assert reader.decrypt("test-only pdf password") != 0
    encrypt = reader.trailer["/Encrypt"].get_object()
    assert (encrypt["/V"], encrypt["/R"]) == (5, 6)  # AES-256, the PDF 2.0 handler
    assert "Partnership delivery plan" in reader.pages[0].extract_text()
    assert disclosures(vault) == ["plan saved as PDF to plan.pdf, password-protected"]


def test_an_existing_file_is_not_replaced_without_asking(qtbot, page, tmp_path) -> None:
    qtbot.mouseClick(page.plan_button, Qt.MouseButton.LeftButton)
    (tmp_path / "plan.pdf").write_bytes(b"kept")
    assert page.preview.save_to(tmp_path / "plan.pdf") is None
    assert (tmp_path / "plan.pdf").read_bytes() == b"kept"
    assert "already exists" in page.preview.status.text()


def test_print_through_the_print_dialog_to_a_pdf_printer(qtbot, page, vault, tmp_path,
                                                         monkeypatch) -> None:
    qtbot.mouseClick(page.plan_button, Qt.MouseButton.LeftButton)
    preview = page.preview
    out = tmp_path / "printed.pdf"

    def accept(dialog) -> int:  # noqa: ANN001 - the person picks a PDF printer and OK
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted

    from PySide6.QtPrintSupport import QPrintDialog

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    assert out.exists()
    assert len(PdfReader(out).pages) == len(preview.page_labels)
    assert f"Sent {len(preview.page_labels)} page(s)" in preview.status.text()
    assert disclosures(vault) == ["plan printed"]


def test_a_person_must_be_chosen_first(qtbot, page) -> None:
    if SHOTS.is_dir():
        page.grab().save(str(SHOTS / "docs_page.png"))
    page.case_box.setEditText("nobody of that name")
    qtbot.mouseClick(page.pathway_button, Qt.MouseButton.LeftButton)
    assert page.preview is None
    assert "Choose a person" in page.message.text()


def test_in_the_app_a_document_is_built_as_an_operation(qtbot, make_controller,
                                                        type_passphrase, closed_vault
                                                        ) -> None:  # noqa: ANN001
    from tests.qt.conftest import settle

    controller = make_controller(closed_vault)
    main = type_passphrase(controller)
    settle(qtbot, controller)
    page = main.show_page("documents")
    assert isinstance(page, DocumentsPage)
    qtbot.mouseClick(page.plan_button, Qt.MouseButton.LeftButton)
    settle(qtbot, controller)
    qtbot.waitUntil(lambda: page.preview is not None, timeout=10000)
    assert page.preview.doc.kind == "plan"
    assert page.message.text() == ""
    if SHOTS.is_dir():
        main.resize(1366, 768)
        main.grab().save(str(SHOTS / "docs_main_documents.png"))


def test_cancelling_a_print_sends_nothing_and_logs_nothing(qtbot, page, vault, tmp_path
                                                           ) -> None:  # noqa: ANN001
    """Cancel pressed in the progress window while the pages go to the printer."""
    from rrdesk.services.progress import Cancelled
    from rrdesk.ui.documents.jobs import run_now

    qtbot.mouseClick(page.plan_button, Qt.MouseButton.LeftButton)
    preview = page.preview

    def cancel_at_once(done: int, total: int = 0) -> None:
        raise Cancelled()

    preview.run = lambda job, label, ok, failed, stopped: run_now(
        lambda _p: job(cancel_at_once), label, ok, failed, stopped)
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    preview.print_to(printer)
    assert preview.status.text() == "Printing cancelled."
    assert preview.print_button.isEnabled()
    assert disclosures(vault) == []
