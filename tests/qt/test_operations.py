"""Long work runs as an operation: the window keeps answering, progress shows, Cancel and
locking leave the vault whole."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from rrdesk.domain.case import CaseDetails
from rrdesk.services.cases import CaseService
from rrdesk.services.progress import Cancelled
from rrdesk.services.register import RegisterQuery
from rrdesk.ui.operations import ProgressDialog
from tests.qt.conftest import settle

LEFT = Qt.MouseButton.LeftButton


def _dialogs() -> list[ProgressDialog]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, ProgressDialog) and w.isVisible()]


def _click_nav(qtbot, main, title: str) -> None:
    item = main.nav.findItems(title, Qt.MatchFlag.MatchExactly)[0]
    rect = main.nav.visualItemRect(item)
    qtbot.mouseClick(main.nav.viewport(), LEFT, pos=rect.center())


def _add_in(s, name: str) -> None:
    """A case added inside a transaction the test holds (the model, as services do)."""
    from rrdesk.store.models import Case, utc_now

    now = utc_now()
    s.add(Case(family_name=name, given_names="", created_at=now, updated_at=now))
    s.flush()


def _slow_job(release: threading.Event, steps: int = 50):
    """A job of the vault that reports progress until ``release`` is set."""

    def job(_vault, progress):
        done = 0
        while not release.wait(0.02):
            done = min(done + 1, steps - 1)
            progress(done, steps)
        progress(steps, steps)
        return "finished"

    return job


def test_window_answers_and_progress_shows_while_an_operation_runs(
        qtbot, make_controller, type_passphrase, closed_vault):
    controller = make_controller(closed_vault)
    main = type_passphrase(controller)
    release = threading.Event()
    results: list[str] = []
    main.session.run(_slow_job(release), label="Exporting the caseload…",
                     on_success=results.append, parent=main)

    qtbot.waitUntil(lambda: len(_dialogs()) == 1, timeout=3000)
    dialog = _dialogs()[0]
    assert dialog.label.text() == "Exporting the caseload…"
    qtbot.waitUntil(lambda: dialog.bar.maximum() == 50 and dialog.bar.value() > 0,
                    timeout=3000)
    assert not dialog.cancel_button.isVisible()  # this one cannot be cancelled

    # A click on another page works while it runs.
    _click_nav(qtbot, main, "Pathways")
    assert main.stack.currentIndex() == main.page_keys.index("pathways")
    assert results == []

    release.set()
    qtbot.waitUntil(lambda: results == ["finished"], timeout=5000)
    assert _dialogs() == []


def test_cancel_stops_the_job_and_keeps_nothing(qtbot, make_controller, type_passphrase,
                                                closed_vault):
    controller = make_controller(closed_vault)
    main = type_passphrase(controller)
    outcome: list[str] = []

    def add_cases(vault, progress):
        # One transaction: Cancelled from progress rolls the whole of it back.
        with vault.transaction() as s:
            for i in range(10_000):
                _add_in(s, f"Cancelfixture-{i}")
                progress(i, 10_000)
                threading.Event().wait(0.005)
        return "added"

    main.session.run(add_cases, label="Adding…", write=True, cancellable=True,
                     on_success=outcome.append, on_cancel=lambda: outcome.append("cancelled"),
                     parent=main)
    qtbot.waitUntil(lambda: len(_dialogs()) == 1, timeout=3000)
    dialog = _dialogs()[0]
    qtbot.mouseClick(dialog.cancel_button, LEFT)
    qtbot.waitUntil(lambda: outcome == ["cancelled"], timeout=5000)
    assert _dialogs() == []
    assert RegisterQuery(main.session.vault).count() == 0


def test_an_error_is_shown_in_words(qtbot, make_controller, type_passphrase, closed_vault):
    from rrdesk.services.errors import VaultFull

    controller = make_controller(closed_vault)
    main = type_passphrase(controller)
    errors: list[BaseException] = []

    def fails(_vault, _progress):
        raise VaultFull()

    main.session.run(fails, on_failure=errors.append)
    settle(qtbot, controller)
    assert len(errors) == 1 and "disk or the vault is full" in str(errors[0])


def test_writes_run_one_at_a_time(qtbot, make_controller, type_passphrase, closed_vault):
    controller = make_controller(closed_vault)
    main = type_passphrase(controller)
    order: list[str] = []
    inside = threading.Lock()

    def write(name):
        def job(_vault, _progress):
            assert inside.acquire(blocking=False), "two writes ran at once"
            order.append(f"{name} start")
            threading.Event().wait(0.1)
            order.append(f"{name} end")
            inside.release()
        return job

    for name in "abc":
        main.session.run(write(name), write=True)
    settle(qtbot, controller)
    assert order == ["a start", "a end", "b start", "b end", "c start", "c end"]


def test_locking_during_an_operation_cancels_it_and_leaves_the_vault_whole(
        qtbot, make_controller, type_passphrase, closed_vault):
    controller = make_controller(closed_vault)
    main = type_passphrase(controller)
    CaseService(main.session.vault).add(CaseDetails(family_name="Keptfixture"))
    started = threading.Event()
    outcome: list[str] = []

    def add_many(vault, progress):
        with vault.transaction() as s:
            for i in range(100_000):
                _add_in(s, f"Lockfixture-{i}")
                started.set()
                progress(i, 100_000)
        return "added"

    main.session.run(add_many, write=True, cancellable=True, on_success=outcome.append,
                     on_cancel=lambda: outcome.append("cancelled"))
    assert started.wait(10)
    controller.lock()
    assert controller.vault.is_locked
    assert not controller.operations.busy

    type_passphrase(controller)
    vault = main.session.vault
    assert vault.check().ok
    assert [r.family_name for r in RegisterQuery(vault).all_rows()] == ["Keptfixture"]
    assert outcome == ["cancelled"]  # a job stopped by the lock is told so, nothing else


def test_locking_waits_for_a_job_that_cannot_be_cancelled(qtbot, make_controller,
                                                         type_passphrase, closed_vault):
    controller = make_controller(closed_vault)
    main = type_passphrase(controller)
    started = threading.Event()

    def add_some(vault, progress):
        with vault.transaction() as s:
            for i in range(200):
                _add_in(s, f"Waitfixture-{i}")
                started.set()
                progress(i, 200)
                threading.Event().wait(0.002)

    main.session.run(add_some, write=True, cancellable=False)
    assert started.wait(10)
    controller.lock()
    type_passphrase(controller)
    assert RegisterQuery(main.session.vault).count() == 200


def test_unlock_runs_off_the_gui_thread(qtbot, make_controller, closed_vault):
    controller = make_controller(closed_vault)
    window = controller.unlock_window
    qtbot.keyClicks(window.passphrase_edit, "test-only passphrase one")
    qtbot.mouseClick(window.unlock_button, LEFT)
    # The click returns at once; the button says what is happening until the vault is open.
    assert controller.main_window is None
    assert not window.unlock_button.isEnabled()
    settle(qtbot, controller)
    assert controller.main_window is not None and controller.main_window.isVisible()


def test_a_failed_job_is_told_in_a_message(qtbot, make_controller, type_passphrase,
                                           closed_vault, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _parent, _title, text: shown.append(text))
    controller = make_controller(closed_vault)
    main = type_passphrase(controller)

    def cancelled_by_itself(_vault, _progress):
        raise Cancelled()

    def broken(_vault, _progress):
        raise ValueError("a value that must not reach the screen: Quillfeather-Demo")

    main.session.run(cancelled_by_itself)
    main.session.run(broken)
    settle(qtbot, controller)
    assert len(shown) == 1
    assert "Quillfeather" not in shown[0] and "nothing from this step was kept" in shown[0]
