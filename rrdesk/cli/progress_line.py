"""A progress line for long commands: redrawn in place on a terminal, nothing otherwise.

It goes to standard error, so the command's output stays clean, and only when standard
error is a terminal: piped or redirected output (a scheduled job's log) gets no progress
characters at all.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

REDRAW_SECONDS = 0.1


class ProgressLine:
    """``ProgressLine("Importing caseload.csv")`` is a ``Progress`` callback; use it as a
    context manager so the line is cleared when the step ends (or fails)."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        try:
            self.enabled = self.stream.isatty()
        except (AttributeError, ValueError):
            self.enabled = False
        self._shown = ""
        self._drawn_at = 0.0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        finished = total > 0 and done >= total
        if not finished and now - self._drawn_at < REDRAW_SECONDS:
            return
        if total > 0:
            text = f"{self.label}: {min(done, total) * 100 // total}% ({done:,} of {total:,})"
        else:
            text = f"{self.label}: {done:,}"
        if text != self._shown:
            pad = " " * max(0, len(self._shown) - len(text))
            self.stream.write(f"\r{text}{pad}")
            self.stream.flush()
            self._shown = text
            self._drawn_at = now

    def clear(self) -> None:
        if self.enabled and self._shown:
            self.stream.write("\r" + " " * len(self._shown) + "\r")
            self.stream.flush()
            self._shown = ""

    def __enter__(self) -> ProgressLine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.clear()
