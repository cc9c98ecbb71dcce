"""Python's cycle collector held off while a bulk job builds many objects at once.

Reading 50,000 spreadsheet rows or checking 50,000 cases creates millions of objects that
all stay alive until the job ends; the collector walks them again and again meanwhile
(a third of an XLSX import's time) and finds nothing to free. Jobs here hold it off for
their length; it runs again when the last of them ends, wherever they run (one flag for the
whole process, counted under a lock).
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_holders = 0
_was_enabled = False


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()
