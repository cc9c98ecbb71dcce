"""Starting the app: what a write cut short by a kill left behind is removed, as by commands."""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from rrdesk.store import unfinished


def test_the_app_start_removes_what_a_killed_write_left(qtbot, closed_vault: Path,
                                                        tmp_path: Path) -> None:
    from rrdesk.ui.app import launch

    chosen = tmp_path / "exports"
    chosen.mkdir()
    partial = chosen / ".caseload.csv.a1b2.partial"  # as atomic_write names its file
    unfinished.begin(partial)  # the export was killed between these two lines
    partial.write_bytes(b"Zzexample,Testy\r\n")
    old = time.time() - 3600  # the laptop restarted an hour later
    os.utime(partial, (old, old))
    keep = chosen / "caseload-earlier.csv"  # a finished export: never touched
    keep.write_bytes(b"done")

    controller = launch(closed_vault)
    try:
        qtbot.waitExposed(controller.unlock_window)
        qtbot.waitUntil(lambda: not partial.exists(), timeout=10000)
        assert sorted(p.name for p in chosen.iterdir()) == ["caseload-earlier.csv"]
        assert controller.unlock_window.isVisible()
    finally:
        controller.shutdown()
        QApplication.processEvents()
