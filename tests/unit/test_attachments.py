"""Attachments: stored inside the vault, checked for size and type, opened through a
temporary owner-only copy that is removed afterwards."""

from __future__ import annotations

import stat

import pytest

from rrdesk.domain.errors import FieldError
from rrdesk.services import attachments as att
from rrdesk.services.attachments import AttachmentService, remove_stale_copies
from tests.unit.test_mappa_services import add_case

PDF = b"%PDF-1.4\n% fictional agency report\n%%EOF\n"


def test_attach_list_and_open_a_copy_that_is_removed(vault, tmp_path) -> None:
    case_id = add_case(vault)
    source = tmp_path / "Police report.pdf"
    source.write_bytes(PDF)
    service = AttachmentService(vault)
    attachment_id = service.add(case_id, source, description="Police report")
    (info,) = service.list(case_id)
    assert (info.filename, info.kind, info.size, info.added_by) == (
        "Police report.pdf", "pdf", len(PDF), "Officer Testcase")
    with service.opened(attachment_id) as path:
        assert path.read_bytes() == PDF
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        assert "Police" not in path.name  # named by id, not by the original name
    assert not path.exists()
    # The bytes are in the vault, not beside it.
    for side in ("", "-wal"):
        stored = vault.path.with_name(vault.path.name + side)
        if stored.exists():
            assert b"fictional agency report" not in stored.read_bytes()


def test_wrong_type_empty_and_too_big_are_refused_with_a_message(vault, tmp_path,
                                                                monkeypatch) -> None:
    case_id = add_case(vault)
    service = AttachmentService(vault)
    with pytest.raises(FieldError, match="cannot be attached: use PDF"):
        service.add_bytes(case_id, "script.exe", b"MZ....")
    with pytest.raises(FieldError, match="not that kind of file"):
        service.add_bytes(case_id, "report.pdf", b"PK\x03\x04 not a pdf")
    with pytest.raises(FieldError, match="is empty"):
        service.add_bytes(case_id, "report.pdf", b"")
    monkeypatch.setattr(att, "MAX_BYTES", 1024)
    big = tmp_path / "big.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 4096)
    with pytest.raises(FieldError, match="the limit is"):
        service.add(case_id, big)
    assert service.list(case_id) == []


def test_stale_copies_are_removed(vault) -> None:
    case_id = add_case(vault)
    service = AttachmentService(vault)
    copy = service.open_copy(service.add_bytes(case_id, "photo.jpg", b"\xff\xd8\xff\xe0jpeg"))
    assert copy.path.exists()
    assert remove_stale_copies() == 1
    assert not copy.path.exists()
