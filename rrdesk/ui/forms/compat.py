"""Work around a reference-count bug of PySide6 6.12 (abi3 wheels) on CPython 3.11.

Every call of a void Qt method (``QLabel.clear()``, ``QWidget.hide()`` ...) returns ``None``
without the reference it owes, and some signals carrying a ``bool`` do the same to
``True``/``False``. On Python 3.12+ these objects are immortal and nothing happens; on 3.11
their counts drift down until the interpreter aborts ("none_dealloc" / "bool_dealloc"),
typically at exit or after a long session. We give the three singletons a huge head start,
which is what Python 3.12 does for them anyway. Nothing else is touched.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40


def keep_singletons_alive() -> None:
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for obj in (None, True, False):
        # ob_refcnt is the first field of every object in a release build of CPython 3.11.
        ref = ctypes.c_ssize_t.from_address(id(obj))
        if ref.value < _HEADROOM:
            ref.value += _HEADROOM
