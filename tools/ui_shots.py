"""Screenshots of the app shell, for looking at: python tools/ui_shots.py [out folder].

Runs headless on a throwaway vault of fictional data under a temporary RRDESK_HOME.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

PASSPHRASE = "screenshot only passphrase"


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots")
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="rrdesk-shots-"))
    os.environ["RRDESK_HOME"] = str(home)
    app = QApplication.instance() or QApplication(sys.argv)

    from rrdesk.ui.app import setup_application
    from rrdesk.ui.controller import AppController

    setup_application(app)

    def shot(widget: QWidget, name: str) -> None:
        for _ in range(3):
            app.processEvents()
        widget.grab().save(str(out / f"ui-{name}.png"))

    def settle() -> None:
        """Let the operations under way (unlocking, counting ...) finish."""
        while c.operations.busy:
            app.processEvents()
            time.sleep(0.01)
        for _ in range(3):
            app.processEvents()

    vault = home / "Team-Quillfeather-Demo.rrvault"
    c = AppController(vault)
    c.start()
    shot(c.unlock_window, "unlock")
    c.unlock_window.show_create()
    c.unlock_window.new_path_edit.setText(str(vault))
    c.unlock_window.officer_edit.setText("PO Example Bravo")
    c.unlock_window.new_passphrase_edit.setText("too short")
    c.unlock_window.repeat_passphrase_edit.setText("too short")
    c.unlock_window.submit_create()
    settle()
    shot(c.unlock_window, "create-error")
    c.unlock_window.new_passphrase_edit.setText(PASSPHRASE)
    c.unlock_window.repeat_passphrase_edit.setText(PASSPHRASE)
    c.unlock_window.submit_create()
    shot(c.unlock_window, "creating")  # the window while the key is derived
    settle()
    main_window = c.main_window
    assert main_window is not None
    main_window.resize(1366, 768)
    from rrdesk.services.demo import fill_demo
    from rrdesk.ui.register.workspace import workspace_for

    fill_demo(c.vault, cases=120, seed=3, mappa=True)
    main_window.show_page("cases").reload()
    for key in main_window.page_keys:
        main_window.show_page(key)
        settle()
        shot(main_window, f"main-{key}")
    pathways = main_window.show_page("pathways")
    pathways.setCurrentIndex(1)
    shot(main_window, "main-pathways-plan")
    workspace = workspace_for(c.session)
    case_window = workspace.open_case(1)
    for index in range(case_window.tabs.count()):
        case_window.tabs.setCurrentIndex(index)
        name = case_window.tabs.tabText(index).lower().split()[0]
        shot(case_window, f"case-{name}")
    form_window = workspace.new_case()
    form_window.page.form.editor("family_name").edit.setText("Quillfeather-Demo")
    form_window.page.form.editor("pnc").edit.setText("19/9000001A")
    form_window.page.save()
    shot(form_window, "new-case-errors")
    form_window.close()
    main_window.show_page(main_window.page_keys[0])
    release = threading.Event()

    def slow(_vault, progress):  # noqa: ANN001, ANN202 - stands in for a long export
        for i in range(1000):
            if release.wait(0.01):
                return
            progress(min(i, 420), 1000)

    c.session.run(slow, label="Exporting the caseload…", cancellable=True, parent=main_window)
    time.sleep(0.6)
    from rrdesk.ui.operations import ProgressDialog

    for _ in range(5):
        app.processEvents()
    dialogs = [w for w in app.topLevelWidgets() if isinstance(w, ProgressDialog)]
    if dialogs:
        shot(dialogs[0], "progress")
    shot(main_window, "main-while-exporting")
    release.set()
    settle()
    shot(main_window.open_backup(), "backup")
    main_window.backup_dialog.reject()
    shot(main_window.open_settings(), "settings")
    main_window.settings_dialog.reject()
    shot(main_window.open_local_rules(), "local-rules")
    main_window.rules_dialog.reject()
    shot(main_window.open_about(), "about")
    main_window.about_dialog.reject()
    c.lock()
    c.unlock_window.passphrase_edit.setText("not the passphrase at all")
    c.unlock_window.submit_unlock()
    settle()
    shot(c.unlock_window, "locked-wrong")
    c.shutdown()
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main()
