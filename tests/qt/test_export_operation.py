"""Exporting the caseload from the Cases page runs as an operation: the window keeps
answering, a progress bar shows, Cancel leaves no file and no audit entry."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from rrdesk.services import case_io
from rrdesk.services.case_io import import_cases
from rrdesk.services.vaults import Vault
from rrdesk.tables import xlsx_writer
from rrdesk.tables.files import Record
from rrdesk.ui.operations import ProgressDialog
from rrdesk.ui.register import workspace as workspace_module
from tests.conftest import PASSPHRASE
from tests.qt.conftest import OFFICER

LEFT = Qt.MouseButton.LeftButton
CASES = 600


def _dialogs() -> list[ProgressDialog]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, ProgressDialog) and w.isVisible()]


@pytest.fixture
def caseload(vault_path: Path) -> Path:
    vault = Vault.create(vault_path, PASSPHRASE, OFFICER)
    import_cases(vault, "fictional.csv", [
        Record(i + 2, {"family_name": f"Exportdemo-{i:04d}", "given_names": "Fictional"})
        for i in range(CASES)])
    vault.close()
    return vault_path


@pytest.fixture
def slow_export(monkeypatch):
    """The real export, held at each progress report until released (so the test sees it
    under way); progress every 10 rows."""
    release = threading.Event()
    real = case_io.build_xlsx
    monkeypatch.setattr(xlsx_writer, "PROGRESS_EVERY", 10)

    def build(*args, progress=None, **kw):  # noqa: ANN002, ANN003, ANN202
        def held(done: int, total: int) -> None:
            release.wait(0.02)
            progress(done, total)

        return real(*args, progress=held, **kw)

    monkeypatch.setattr(case_io, "build_xlsx", build)
    return release


def _disclosures(vault: Vault) -> int:
    from rrdesk.services.vaults import audit_rows

    return sum(1 for e in audit_rows(vault) if e.action == "disclosure")


def _start_export(qtbot, main, tmp_path: Path, monkeypatch) -> tuple[object, Path]:
    target = tmp_path / "exports" / "caseload.xlsx"
    target.parent.mkdir()
    monkeypatch.setattr(workspace_module.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    page = main.show_page("cases")
    qtbot.mouseClick(page.export_button, LEFT)
    return page, target


def test_the_window_answers_while_the_caseload_exports(qtbot, make_controller,
                                                       type_passphrase, caseload, tmp_path,
                                                       monkeypatch, slow_export) -> None:
    main = type_passphrase(make_controller(caseload))
    page, target = _start_export(qtbot, main, tmp_path, monkeypatch)
    qtbot.waitUntil(lambda: len(_dialogs()) == 1, timeout=5000)
    dialog = _dialogs()[0]
    assert dialog.label.text() == "Exporting the caseload to caseload.xlsx…"
    qtbot.waitUntil(lambda: dialog.bar.maximum() == CASES and dialog.bar.value() > 0,
                    timeout=5000)
    qtbot.keyClicks(page.search, "exportdemo-000")  # the page still answers
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.model.total == 10
    assert not target.exists()
    slow_export.set()
    qtbot.waitUntil(lambda: target.exists() and _dialogs() == [], timeout=20000)
    qtbot.waitUntil(lambda: "exported to caseload.xlsx" in page.count_label.text())
    assert page.count_label.text().startswith(f"{CASES:,} cases exported")


def test_cancel_leaves_no_file_and_no_audit_entry(qtbot, make_controller, type_passphrase,
                                                  caseload, tmp_path, monkeypatch,
                                                  slow_export) -> None:
    main = type_passphrase(make_controller(caseload))
    before = _disclosures(main.session.vault)
    _page, target = _start_export(qtbot, main, tmp_path, monkeypatch)
    qtbot.waitUntil(lambda: len(_dialogs()) == 1, timeout=5000)
    dialog = _dialogs()[0]
    qtbot.waitUntil(lambda: dialog.bar.value() > 0, timeout=5000)
    qtbot.mouseClick(dialog.cancel_button, LEFT)
    qtbot.waitUntil(lambda: _dialogs() == [], timeout=10000)
    assert list(target.parent.iterdir()) == []
    assert _disclosures(main.session.vault) == before
