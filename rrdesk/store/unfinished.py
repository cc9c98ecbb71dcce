"""Temporary files of writes still under way, so a write cut short (a kill, a power cut)
leaves nothing behind for long: the next start of rrdesk removes them.

A temporary file (an export, a backup, a printed PDF, before it is renamed into place) is
named here before its first byte is written and forgotten once it is in place or removed.
The list holds the temporary files' paths only, in a file readable by its owner only.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

from rrdesk.store import paths

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt
else:
    import fcntl


def _journal() -> Path:
    return paths.state_dir() / "unfinished-writes.json"


@contextlib.contextmanager
def _locked() -> Iterator[list[str]]:
    """The list, read and written back under a lock (several rrdesk processes at once)."""
    journal = _journal()
    fd = os.open(journal.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if os.name == "nt":  # pragma: no cover
            msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
        else:
            fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            names = list(json.loads(journal.read_text()))
        except (OSError, ValueError, TypeError):
            names = []
        before = list(names)
        yield names
        if names != before:
            tmp = journal.with_suffix(".tmp")
            with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
                           "w") as f:
                f.write(json.dumps(names))
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, journal)
    finally:
        os.close(fd)


def begin(tmp: Path) -> None:
    """``tmp`` is about to be written: remove it at the next start if it is still there."""
    with _locked() as names:
        names.append(str(Path(tmp).absolute()))


def end(tmp: Path) -> None:
    """``tmp`` is in place (renamed) or removed."""
    with contextlib.suppress(OSError), _locked() as names:
        target = str(Path(tmp).absolute())
        while target in names:
            names.remove(target)


def sweep() -> int:
    """Remove what writes cut short left behind; how many files were removed.

    A file another rrdesk process is writing right now is on the list too, so only files
    untouched for a minute are removed.
    """
    import time

    removed = 0
    with contextlib.suppress(OSError), _locked() as names:
        for name in list(names):
            path = Path(name)
            try:
                age = time.time() - path.stat().st_mtime
            except FileNotFoundError:
                names.remove(name)
                continue
            except OSError:
                continue
            if age < 60:
                continue  # perhaps another rrdesk is writing it right now
            for side in (path, *(Path(name + s) for s in ("-journal", "-wal", "-shm"))):
                with contextlib.suppress(FileNotFoundError):
                    side.unlink()
                    removed += 1
            names.remove(name)
    return removed
