"""Files attached to a case or a case review (agency reports, letters, photographs).

The bytes live inside the encrypted vault, never as loose files. A file is checked before
it is stored: its size against ``MAX_BYTES`` and its type (PDF, Word, PNG, JPEG, GIF) by its
first bytes as well as its name. Opening one writes a temporary owner-only copy (0600, in an
owner-only folder, named by its id, not its original name) that is removed afterwards;
copies left by a crash are removed by ``remove_stale_copies`` (at unlock and at lock).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from rrdesk.domain.errors import FieldError
from rrdesk.store import paths
from rrdesk.store.audit import AuditAction, append
from rrdesk.store.mappa_models import Attachment, CaseReview
from rrdesk.store.models import Case, utc_now
from rrdesk.store.vault import Vault

RECORD = "attachment"
MAX_BYTES = 20 * 1024 * 1024
# kind -> (file name endings, how the file starts)
KINDS: dict[str, tuple[tuple[str, ...], tuple[bytes, ...]]] = {
    "pdf": ((".pdf",), (b"%PDF-",)),
    "docx": ((".docx",), (b"PK\x03\x04",)),
    "doc": ((".doc",), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    "png": ((".png",), (b"\x89PNG\r\n\x1a\n",)),
    "jpeg": ((".jpg", ".jpeg"), (b"\xff\xd8\xff",)),
    "gif": ((".gif",), (b"GIF87a", b"GIF89a")),
}
ALLOWED = "PDF, Word (.doc, .docx) or an image (.png, .jpg, .gif)"


@dataclass
class AttachmentInfo:
    id: int
    case_id: int
    review_id: int | None
    filename: str
    kind: str
    size: int
    description: str
    added_by: str
    added_at: dt.datetime


def kind_of(filename: str, head: bytes) -> str:
    """The file's kind; ``FieldError`` on ``file`` when its name or content is not allowed."""
    name = filename.lower()
    for kind, (endings, magics) in KINDS.items():
        if name.endswith(endings):
            if not head.startswith(magics):
                raise FieldError("file", f"is named .{name.rsplit('.', 1)[-1]} but its content "
                                         "is not that kind of file")
            return kind
    raise FieldError("file", f"this type of file cannot be attached: use {ALLOWED}")


def check_size(size: int) -> None:
    if size == 0:
        raise FieldError("file", "is empty")
    if size > MAX_BYTES:
        raise FieldError("file", f"is {size / 1024 / 1024:.1f} MB; the limit is "
                                 f"{MAX_BYTES // 1024 // 1024} MB")


def _info(a: Attachment) -> AttachmentInfo:
    return AttachmentInfo(a.id, a.case_id, a.review_id, a.filename, a.kind, a.size,
                          a.description, a.added_by, a.added_at)


def attachments_in(s: Session, case_id: int | None = None, review_id: int | None = None
                   ) -> list[AttachmentInfo]:
    """What is attached (not the bytes), newest first, in the caller's session."""
    query = select(Attachment)
    if case_id is not None:
        query = query.where(Attachment.case_id == case_id)
    if review_id is not None:
        query = query.where(Attachment.review_id == review_id)
    return [_info(a) for a in s.scalars(query.order_by(Attachment.added_at.desc(),
                                                       Attachment.id.desc()))]


def copies_dir() -> Path:
    folder = paths.state_dir() / "open-copies"
    folder.mkdir(mode=0o700, exist_ok=True)
    os.chmod(folder, 0o700)
    return folder


def remove_stale_copies() -> int:
    """Remove temporary copies a crash left behind; how many were removed."""
    folder = paths.state_dir() / "open-copies"
    if not folder.exists():
        return 0
    count = 0
    for item in folder.iterdir():
        with contextlib.suppress(OSError):
            if item.is_dir():
                shutil.rmtree(item)
            else:
                item.unlink()
            count += 1
    return count


@dataclass
class TemporaryCopy:
    """A decrypted copy for a viewer; call ``remove`` when the person is done with it."""

    path: Path
    attachment_id: int

    def remove(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


class AttachmentService:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def add(self, case_id: int, source: Path, *, review_id: int | None = None,
            description: str = "", filename: str | None = None) -> int:
        """Store a file (checked: size, type) inside the vault; returns its id."""
        source = Path(source)
        try:
            size = source.stat().st_size
        except OSError:
            raise FieldError("file", "cannot be read (moved, or no permission)") from None
        check_size(size)
        try:
            data = source.read_bytes()
        except OSError:
            raise FieldError("file", "cannot be read (moved, or no permission)") from None
        return self.add_bytes(case_id, filename or source.name, data, review_id=review_id,
                              description=description)

    def add_bytes(self, case_id: int, filename: str, data: bytes, *,
                  review_id: int | None = None, description: str = "") -> int:
        check_size(len(data))
        filename = (filename or "").strip()
        if not filename:
            raise FieldError("file", "has no name")
        kind = kind_of(filename, data[:16])
        if len(description) > 300:
            raise FieldError("description", "must be at most 300 characters")
        with self.vault.transaction() as s:
            if s.get(Case, case_id) is None:
                raise FieldError("case_id", "names a person who is not on the register")
            if review_id is not None:
                review = s.get(CaseReview, review_id)
                if review is None or review.case_id != case_id:
                    raise FieldError("review_id", "is not a review of this case")
            row = Attachment(case_id=case_id, review_id=review_id, filename=filename[-255:],
                             kind=kind, size=len(data),
                             sha256=hashlib.sha256(data).hexdigest(),
                             description=description.strip(), added_by=self.vault.actor,
                             added_at=utc_now(), content=data)
            s.add(row)
            s.flush()
            # The file name may name a person: the log keeps the kind and size only.
            append(s, self.vault.actor, AuditAction.COLLECTION, RECORD, row.id,
                   f"{kind} attached to case {case_id}"
                   + (f" review {review_id}" if review_id else ""))
            return row.id

    def list(self, case_id: int | None = None, review_id: int | None = None
             ) -> list[AttachmentInfo]:
        """Attachments of a case (all, its reviews' too) or of one review, newest first."""
        with self.vault.read_session() as s:
            return attachments_in(s, case_id, review_id)

    def content(self, attachment_id: int) -> bytes:
        """The file's bytes (a consultation, logged)."""
        with self.vault.transaction() as s:
            row = s.get(Attachment, attachment_id)
            if row is None:
                raise KeyError(f"there is no attachment {attachment_id}")
            append(s, self.vault.actor, AuditAction.CONSULTATION, RECORD, attachment_id)
            return row.content

    def open_copy(self, attachment_id: int) -> TemporaryCopy:
        """A temporary owner-only copy to hand to a viewer; the caller removes it."""
        with self.vault.read_session() as s:
            row = s.get(Attachment, attachment_id)
            if row is None:
                raise KeyError(f"there is no attachment {attachment_id}")
            kind = row.kind
        data = self.content(attachment_id)
        ending = KINDS[kind][0][0]
        folder = copies_dir()
        path = folder / f"attachment-{attachment_id}-{os.urandom(4).hex()}{ending}"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return TemporaryCopy(path, attachment_id)

    @contextlib.contextmanager
    def opened(self, attachment_id: int) -> Iterator[Path]:
        """``with service.opened(id) as path:`` the copy exists only inside the block."""
        copy = self.open_copy(attachment_id)
        try:
            yield copy.path
        finally:
            copy.remove()
