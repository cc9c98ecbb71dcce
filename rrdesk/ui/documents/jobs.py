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
# run(job, label, on_success, on_failure): job gets a progress callback.
Runner = Callable[[Job, str, Done, Failed], None]


def run_now(job: Job, label: str, on_success: Done, on_failure: Failed) -> None:
    """On the GUI thread, with a busy cursor (quick documents; tests)."""
    del label
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        result = job(None)
    except Cancelled:
        return
    except (KeyError, ValueError) as e:
        error: BaseException | None = e
    else:
        error = None
    finally:
        QGuiApplication.restoreOverrideCursor()
    if error is not None:
        on_failure(error)
    else:
        on_success(result)


def session_runner(session: VaultSession, parent: QWidget) -> Runner:
    """Documents built as operations of ``session`` (cancellable; nothing is written)."""

    def run(job: Job, label: str, on_success: Done, on_failure: Failed) -> None:
        session.run(lambda _vault, progress: job(progress), label=label, cancellable=True,
                    on_success=on_success, on_failure=on_failure, parent=parent)

    return run
