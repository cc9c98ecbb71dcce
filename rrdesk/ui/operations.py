"""Operations: long work on a worker thread, its result or error back on the GUI thread.

Every job that can take more than about 200 ms (unlock, backup, import, export, the cohort
view, printing ...) runs as an operation, so the window keeps answering. A page reaches
this through its session (``rrdesk.ui.session.VaultSession``)::

    def export(self) -> None:
        self.session.run(
            lambda vault, progress: export_cases(vault, path, kind, progress=progress),
            label="Exporting the caseload…",
            on_success=lambda _result: self.status.setText("Exported."),
            write=False,       # True for anything that changes the vault: one at a time
            cancellable=True,  # the service undoes its work when it gets Cancelled
            parent=self,
        )

- The job runs on a worker thread with ``progress(done, total)`` (``total`` 0 when
  unknown); when the person presses Cancel, the next ``progress`` call raises
  ``Cancelled`` inside the job, which undoes what it started and lets it propagate.
- After ``PROGRESS_DELAY_MS`` a small progress dialog shows (determinate once the job
  reports a total), with Cancel when the operation is ``cancellable``. It is not modal:
  the rest of the app keeps working.
- ``on_success(result)`` runs on the GUI thread. An error goes to ``on_failure(error)``
  when given; otherwise it is shown in a message box in the same words as everywhere
  (``error_text``). ``Cancelled`` calls neither: ``on_cancel()`` when given.
- Writes (``write=True``) run one at a time, in the order asked; reads run beside them
  (the vault's readers work while a write is under way).
- Locking the vault cancels what can be cancelled and waits for the rest
  (``Operations.stop_all``) before the key is dropped; an operation stopped that way calls
  only ``on_cancel`` (even when its job had finished), so a page can reset what it shows.

A job must not touch widgets: it gets plain values in (through its closure) and returns
plain values. The idea is Anki's ``CollectionOp``/``QueryOp`` (qt/aqt/operations).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rrdesk.domain.errors import FieldError, ValidationErrors
from rrdesk.services.app_log import safe_traceback
from rrdesk.services.errors import VaultError
from rrdesk.services.progress import Cancelled, Progress

log = logging.getLogger("rrdesk.operations")

PROGRESS_DELAY_MS = 300  # quicker jobs finish without a dialog flashing up
PROGRESS_EVERY_S = 0.05  # at most 20 progress updates a second reach the GUI thread

Job = Callable[[Progress], Any]


def describe_error(error: BaseException) -> str:
    """The words a person sees for an operation's error (never a traceback)."""
    if isinstance(error, FieldError):
        return f"{error.field}: {error.message}"
    if isinstance(error, ValidationErrors):
        return "\n".join(f"{e.field}: {e.message}" for e in error.errors[:10])
    if isinstance(error, VaultError):
        return str(error)
    if isinstance(error, OSError):
        reason = error.strerror or "the file system refused"
        return f"The file could not be used there ({reason.lower()})."
    return "Something went wrong; nothing from this step was kept. The app log has details."


class ProgressDialog(QDialog):
    """What an operation shows while it runs longer than a moment."""

    cancel_requested = Signal()

    def __init__(self, label: str, cancellable: bool, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("ProgressDialog")
        self.setWindowTitle(label.rstrip(".…") or "Working")  # what it is doing, not "Working"
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setMinimumWidth(380)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        self.label = QLabel(label)
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until a total is reported
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.clicked.connect(self._cancel)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignRight)

    def set_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setTextVisible(True)
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText("Cancelling…")
        self.cancel_requested.emit()

    def reject(self) -> None:  # Escape or the window's close button
        if self.cancel_button.isVisible() and self.cancel_button.isEnabled():
            self._cancel()


class _Runnable(QRunnable):
    def __init__(self, op: Operation) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.op = op

    def run(self) -> None:
        op = self.op
        self.op = None  # nothing of the job outlives it on this side
        op._work()


class Operation(QObject):
    """One job: made by ``Operations.run``; ``cancel()`` asks it to stop.

    A QObject of the GUI thread: its signals, emitted on the worker, arrive queued here."""

    progressed = Signal(int, int)
    finished = Signal(object, object)  # result, error

    def __init__(self, runner: Operations, job: Job, *, label: str, write: bool,
                 cancellable: bool, on_success: Callable[[Any], None] | None,
                 on_failure: Callable[[BaseException], None] | None,
                 on_cancel: Callable[[], None] | None, parent: QWidget | None) -> None:
        # Owned by the runner (GUI thread), deleted there once its result is delivered.
        super().__init__(runner)
        self.runner = runner
        self.job: Job | None = job
        self.label = label
        self.write = write
        self.cancellable = cancellable
        self.on_success = on_success
        self.on_failure = on_failure
        self.on_cancel = on_cancel
        self.parent_widget = parent
        self.cancelled = threading.Event()
        self.done = threading.Event()
        self.stopped = False  # stopped by a lock: no callbacks
        self.dialog: ProgressDialog | None = None
        self._last_report = 0.0
        self.progressed.connect(self._progressed)
        self.finished.connect(self._finished)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._show_dialog)

    @property
    def running(self) -> bool:
        return not self.done.is_set()

    def cancel(self) -> None:
        if self.cancellable:
            self.cancelled.set()

    # ---------------------------------------------------------------- worker thread
    def _progress(self, done: int, total: int = 0) -> None:
        if self.cancelled.is_set():
            raise Cancelled()
        now = time.monotonic()
        if now - self._last_report >= PROGRESS_EVERY_S or (total and done >= total):
            self._last_report = now
            self.progressed.emit(int(done), int(total))

    def _work(self) -> None:
        job, self.job = self.job, None
        result: Any = None
        error: BaseException | None = None
        try:
            result = job(self._progress)
        except BaseException as e:  # noqa: BLE001 - every error reaches the GUI thread
            error = e
            if not isinstance(e, Cancelled | VaultError | FieldError | ValidationErrors
                              | OSError):
                log.error("operation failed:\n%s", safe_traceback(type(e), e.__traceback__))
            # The frames hold the job's locals (a passphrase, rows): drop them here.
            e.__traceback__ = None
            e.__context__ = None
        finally:
            del job
            self.done.set()
            self.finished.emit(result, error)

    # ---------------------------------------------------------------- GUI thread
    def _show_dialog(self) -> None:
        if not self.running or self.stopped:
            return
        self.dialog = ProgressDialog(self.label, self.cancellable, self.parent_widget)
        self.dialog.cancel_requested.connect(self.cancel)
        self.dialog.show()

    def _progressed(self, done: int, total: int) -> None:
        if self.dialog is not None:
            self.dialog.set_progress(done, total)

    def _close_dialog(self) -> None:
        self.timer.stop()
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None

    def _finished(self, result: Any, error: BaseException | None) -> None:
        self._close_dialog()
        self.runner._ended(self)
        callbacks = (self.on_success, self.on_failure, self.on_cancel)
        self.on_success = self.on_failure = self.on_cancel = None
        self.deleteLater()
        on_success, on_failure, on_cancel = callbacks
        if self.stopped or isinstance(error, Cancelled):
            if on_cancel is not None:
                on_cancel()
        elif error is not None:
            if on_failure is not None:
                on_failure(error)
            else:
                QMessageBox.warning(self.parent_widget, "rrdesk", describe_error(error))
        elif on_success is not None:
            on_success(result)


class Operations(QObject):
    """Runs operations: reads at once, writes one at a time. One per app controller."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(3)
        self.running: list[Operation] = []
        self.waiting_writes: deque[Operation] = deque()

    @property
    def busy(self) -> bool:
        return bool(self.running or self.waiting_writes)

    @property
    def writing(self) -> bool:
        return any(op.write for op in self.running)

    def run(self, job: Job, *, label: str = "Working…", write: bool = False,
            cancellable: bool = False, on_success: Callable[[Any], None] | None = None,
            on_failure: Callable[[BaseException], None] | None = None,
            on_cancel: Callable[[], None] | None = None,
            parent: QWidget | None = None) -> Operation:
        """Start ``job(progress)`` on a worker thread (see the module's docstring)."""
        op = Operation(self, job, label=label, write=write, cancellable=cancellable,
                       on_success=on_success, on_failure=on_failure, on_cancel=on_cancel,
                       parent=parent)
        was_busy = self.busy
        if write and self.writing:
            self.waiting_writes.append(op)
        else:
            self._start(op)
        if not was_busy:
            self.busy_changed.emit(True)
        return op

    def _start(self, op: Operation) -> None:
        self.running.append(op)
        op.timer.start(PROGRESS_DELAY_MS)
        self.pool.start(_Runnable(op))

    def _ended(self, op: Operation) -> None:
        if op in self.running:
            self.running.remove(op)
        if op.write and self.waiting_writes and not self.writing:
            self._start(self.waiting_writes.popleft())
        if not self.busy:
            self.busy_changed.emit(False)

    def stop_all(self) -> None:
        """Before the vault locks: drop writes not yet started, cancel what can be
        cancelled, wait for the rest to finish. Each of them calls only ``on_cancel``."""
        never_started = list(self.waiting_writes)
        self.waiting_writes.clear()
        for op in never_started:
            op.stopped = True
            op.job = None
            op._finished(None, None)
        for op in list(self.running):
            op.stopped = True
            op.cancel()
            op._close_dialog()
        self.pool.waitForDone()
        stopped, self.running = self.running, []
        for op in stopped:
            op.done.wait()
        if stopped:
            self.busy_changed.emit(False)

    def wait(self, timeout_ms: int = -1) -> bool:
        """Block until every operation's job has ended (tests, shutting down)."""
        return self.pool.waitForDone(timeout_ms)
