"""A larger lookaside pool for each vault connection, so memory security costs little.

With ``cipher_memory_security`` on, SQLCipher locks (``mlock``) every allocation SQLite
makes and wipes and unlocks it when freed: two system calls, each changing the process's
memory map. SQLite serves most small allocations from a per-connection pool, its
lookaside, without calling the allocator at all; the pool itself is allocated once, so it
is locked once and wiped when the connection closes. The bundled SQLite's pool has about
120 slots, which the statements the driver keeps prepared soon fill: from then on every
cursor of every statement run is a locked allocation, and the app's own work ran at about
2x plain SQLite. With a pool of ``SLOTS`` it runs at about 1.1x
(``python -m benchmarks.vault_bench``).

What memory security promises still holds. Slots are reused without a wipe between uses
(as in SQLite's own pool), but the pool is one locked block, wiped when the connection
closes, which is when the vault locks; until then the page cache holds the same
decrypted records anyway.

Python's sqlite3 API cannot size the pool, so this calls SQLite's ``sqlite3_db_config``
through ctypes where the driver's library exports it (Linux; the Windows build exports
only the module's entry point, and macOS passes variadic arguments differently). Anything
unexpected leaves the connection as it is: the pool is a speed-up, never a requirement.
"""

from __future__ import annotations

import ctypes
import functools
import sys

import sqlcipher3
from sqlcipher3 import _sqlite3 as driver

SQLITE_DBCONFIG_LOOKASIDE = 1001
SLOT_SIZE = 1200  # SQLite's own default slot size
# 2.4 MB per connection (SQLite splits it into 1,200- and 128-byte slots): the benchmark's
# import of 2,000 rows, the heaviest work measured, never finds it full; at 1,000 it did.
SLOTS = 2000
# A PyObject's header (reference count, type) comes before the driver's own fields.
_OBJECT_HEADER = ctypes.sizeof(ctypes.c_ssize_t) + ctypes.sizeof(ctypes.c_void_p)


@functools.cache
def _library(module_file: str) -> ctypes.CDLL | None:
    if sys.platform != "linux":
        return None
    try:
        lib = ctypes.CDLL(module_file)  # the already loaded driver, not another copy
        config, find_vfs = lib.sqlite3_db_config, lib.sqlite3_vfs_find
    except (OSError, AttributeError):
        return None
    config.restype = ctypes.c_int
    config.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_int,
                       ctypes.c_int]
    find_vfs.restype = ctypes.c_void_p
    find_vfs.argtypes = [ctypes.c_char_p]
    return lib


def available(module_file: str = driver.__file__) -> bool:
    """Whether this platform's driver lets the pool be set at all."""
    return _library(module_file) is not None


def _handle(lib: ctypes.CDLL, conn: sqlcipher3.Connection) -> int | None:
    """The connection's ``sqlite3 *``, or None when it cannot be trusted to be one.

    The driver's Connection object (CPython's sqlite3 layout) holds it as its first field.
    A ``sqlite3`` struct in turn starts with its VFS, which for a file opened the usual way
    is SQLite's default one: the check that the pointer is what it should be, made
    without calling into SQLite with it.
    """
    db = ctypes.c_void_p.from_address(id(conn) + _OBJECT_HEADER).value
    if not db or db < 4096 or db % ctypes.alignment(ctypes.c_void_p):
        return None  # not a heap pointer: never read through it
    default_vfs = lib.sqlite3_vfs_find(None)
    if not default_vfs or ctypes.c_void_p.from_address(db).value != default_vfs:
        return None
    return db


def enlarge(conn: sqlcipher3.Connection, slots: int | None = None,
            module_file: str = driver.__file__) -> bool:
    """Give a connection that has run nothing yet a pool of ``slots`` slots (``SLOTS``
    when not given); True when SQLite took it. ``module_file``: the driver's compiled
    module (the benchmark passes the standard library's, for plain SQLite)."""
    slots = SLOTS if slots is None else slots
    lib = _library(module_file)
    if lib is None or slots <= 0:
        return False
    db = _handle(lib, conn)
    if db is None:
        return False
    # SQLite allocates the pool itself (NULL buffer); it refuses while any slot is in use.
    return lib.sqlite3_db_config(db, SQLITE_DBCONFIG_LOOKASIDE, None, SLOT_SIZE, slots) == 0
