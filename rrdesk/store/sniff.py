"""Tell what kind of file sits at a path without a key.

SQLCipher cannot tell a wrong key from a damaged file, so we tell apart what can be told
from the bytes: an empty file, a plain SQLite file, a file whose length is not a whole
number of pages, and a text file are "not a vault".
"""

from __future__ import annotations

from pathlib import Path

from rrdesk.store.errors import NotAVault

PAGE_SIZE = 4096  # SQLCipher 4 default; we never change it
SQLITE_MAGIC = b"SQLite format 3\x00"


def check_looks_like_vault(path: Path) -> None:
    """Raise ``NotAVault`` when the bytes show the file cannot be a vault."""
    size = path.stat().st_size
    if size == 0:
        raise NotAVault(f"{path.name} is empty: it is not an rrdesk vault.")
    with path.open("rb") as f:
        head = f.read(PAGE_SIZE)
    if head.startswith(SQLITE_MAGIC):
        raise NotAVault(f"{path.name} is an unencrypted SQLite file, not an rrdesk vault.")
    if _looks_like_text(head):
        raise NotAVault(f"{path.name} is a text file, not an rrdesk vault.")
    if size % PAGE_SIZE:
        raise NotAVault(
            f"{path.name} is not a whole number of pages long: it is not a vault, "
            "or it has been cut short."
        )


def _looks_like_text(head: bytes) -> bool:
    if not head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        # A cut multi-byte character at the end of the sample is still text.
        try:
            head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return False
    printable = sum(1 for b in head if b in (9, 10, 13) or 32 <= b < 127 or b >= 128)
    return printable / len(head) > 0.97
