"""How a long service call reports progress and learns it should stop.

A service that can take a while takes ``progress: Progress | None = None`` and calls it as
``progress(done, total)`` (``total`` 0 when unknown) between safe steps. The caller (the
app's operation layer, or a terminal progress line) may raise ``Cancelled`` from inside
that call to stop the job; the service then undoes what it started (rolls back its
transaction, removes its partial file) and lets ``Cancelled`` propagate. No Qt here.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]


class Cancelled(Exception):
    """The person cancelled a long job; nothing it started is kept."""


def report(progress: Progress | None, done: int, total: int = 0) -> None:
    if progress is not None:
        progress(done, total)
