"""Keyboard shortcuts shared by more than one window."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

LOCK_KEYS = QKeySequence("Ctrl+L")  # lock now, from any window of the app
