"""How the app builds a document: as an operation of the session (worker thread, progress
dialog, Cancel; the window keeps answering), or at once where there is no session."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from rrdesk.services.progress import Cancelled, Progress

if TYPE_CHECKING:
    from rrdesk.ui.session import VaultSession

Job = Callable[[Progress | None], Any]
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]
Stopped = Callable[[], None]
# run(job, label, on_success, on_failure[, on_cancel]): job gets a progress callback.
Runner = Callable[..., None]


def run_now(job: Job, label: str, on_success: Done, on_failure: Failed,
            on_cancel: Stopped | None = None) -> None:
    """On the GUI thread, with a busy cursor (quick documents; tests)."""
    del label
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    cancelled = False
    try:
        result = job(None)
    except Cancelled:
        cancelled = True
    except (KeyError, ValueError) as e:
        error: BaseException | None = e
    else:
        error = None
    finally:
        QGuiApplication.restoreOverrideCursor()
    if cancelled:
        if on_cancel is not None:
            on_cancel()
    elif error is not None:
        on_failure(error)
    else:
        on_success(result)


def session_runner(session: VaultSession, parent: QWidget) -> Runner:
    """Documents built (and printed) as operations of ``session``: a worker thread, a
    progress window after a moment, Cancel; nothing is written when cancelled."""

    def run(job: Job, label: str, on_success: Done, on_failure: Failed,
            on_cancel: Stopped | None = None) -> None:
        session.run(lambda _vault, progress: job(progress), label=label, cancellable=True,
                    on_success=on_success, on_failure=on_failure, on_cancel=on_cancel,
                    parent=parent)

    return run
