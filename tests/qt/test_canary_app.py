"""Canary through the app and the CLI: a marker passphrase and a marker name, typed into the
windows and given to the headless commands, never reach any file outside the vault's
encryption: not the vault, its WAL, its backups or lock file, not the settings, state or
logs, and not the temp folder."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt

from rrdesk.cli import main as cli_main
from rrdesk.services.app_log import configure_logging
from rrdesk.ui.register.workspace import workspace_for
from tests.qt.conftest import settle

CANARY_PASSPHRASE = "canary-passphrase Qwmzrt-5521"
CANARY_FAMILY = "Canarywick-Markername"
CLI_FAMILY = "Canaryby-Clionly"
LEFT = Qt.MouseButton.LeftButton


def _files(folder: Path) -> dict[Path, int]:
    found = {}
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(root) / name
            try:
                found[path] = path.stat().st_mtime_ns
            except OSError:
                continue
    return found


def _leaks(paths: list[Path]) -> list[str]:
    markers = []
    for marker in (CANARY_PASSPHRASE, CANARY_FAMILY, CLI_FAMILY):
        markers += [marker.encode(), marker.lower().encode(), marker.encode("utf-16-le")]
    leaks = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        leaks += [f"{path.name}: {m[:10]!r}" for m in markers if m in data]
    return leaks


def test_markers_typed_into_the_app_never_reach_a_file(qtbot, make_controller, tmp_path,
                                                       rrdesk_home, monkeypatch) -> None:
    system_tmp = Path(tempfile.gettempdir())
    tmp_before = _files(system_tmp)
    configure_logging()  # the app's log is on, as when it runs for real
    vaults = tmp_path / "vaults"
    vaults.mkdir()
    vault_path = vaults / "canary.rrvault"

    # Create the vault through the window
    controller = make_controller()
    window = controller.unlock_window
    window.show_create()
    qtbot.keyClicks(window.new_path_edit, str(vault_path))
    qtbot.keyClicks(window.officer_edit, "Officer Testcase")
    qtbot.keyClicks(window.new_passphrase_edit, CANARY_PASSPHRASE)
    qtbot.keyClicks(window.repeat_passphrase_edit, CANARY_PASSPHRASE)
    qtbot.mouseClick(window.create_button, LEFT)
    settle(qtbot, window.controller)
    main = controller.main_window
    assert main is not None and main.isVisible()

    # A person with the marker name, through the case form
    page = main.show_page("cases")
    qtbot.mouseClick(page.new_button, LEFT)
    form_window = workspace_for(controller.session).form_windows[-1]
    qtbot.keyClicks(form_window.page.form.editor("family_name").edit, CANARY_FAMILY)
    qtbot.mouseClick(form_window.page.save_button, LEFT)
    assert page.count_label.text() == "1 case"

    # Back up from the File menu, then lock and quit
    dialog = main.open_backup()
    qtbot.keyClicks(dialog.passphrase_edit, CANARY_PASSPHRASE)
    dialog.back_up()
    settle(qtbot, controller)
    assert dialog.done_label.text().startswith("Backup written")
    controller.lock()
    controller.quit()

    # The same vault through the headless commands
    monkeypatch.setenv("RRDESK_PASSPHRASE", CANARY_PASSPHRASE)
    csv = tmp_path / "in.csv"
    csv.write_text(f"family_name\n{CLI_FAMILY}\n", encoding="utf-8")
    assert cli_main(["cases", "import", "--vault", str(vault_path), "--csv", str(csv)]) == 0
    csv.unlink()  # the person's own input file, not rrdesk's
    assert cli_main(["backup", "--vault", str(vault_path),
                     "--out", str(vaults / "cli-backup.rrvault")]) == 0
    assert cli_main(["check", "--vault", str(vault_path)]) == 0
    for handler in logging.getLogger("rrdesk").handlers:
        handler.flush()

    written = list(_files(vaults)) + list(_files(rrdesk_home))
    assert len(list(vaults.iterdir())) >= 3  # vault and two backups
    assert any(p.name == "rrdesk.log" for p in written)
    changed_tmp = [p for p, m in _files(system_tmp).items() if tmp_before.get(p) != m
                   and tmp_path not in p.parents]
    assert _leaks(written + changed_tmp) == []
