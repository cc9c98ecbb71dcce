"""How the app builds a document: one small function, so moving it onto the operations
layer (worker thread, progress, cancel) is a change here only."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from rrdesk.services.progress import Progress

T = TypeVar("T")


def run_build(parent: QWidget | None, title: str, job: Callable[[Progress | None], T]) -> T:
    """Run ``job`` (a service call taking a progress callback) and return its result."""
    del parent, title  # used by the operations layer (its progress dialog's owner and title)
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return job(None)
    finally:
        QGuiApplication.restoreOverrideCursor()
