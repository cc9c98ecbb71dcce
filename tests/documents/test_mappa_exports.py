"""MAPPA documents from a vault: ``rrdesk export minutes|rmp|pack``, distribution, extract."""

from __future__ import annotations

import datetime as dt
import shutil
import stat
from pathlib import Path

import pytest

from rrdesk.cli import main
from rrdesk.documents.model import RMP_HEADINGS, Recipient
from rrdesk.services.attachments import AttachmentService
from rrdesk.services.demo import fill_demo
from rrdesk.services.distribution import DistributionService
from rrdesk.services.documents import DocumentService, case_reference
from rrdesk.services.meetings import MeetingService
from rrdesk.services.minutes import MinutesService
from rrdesk.store import audit
from rrdesk.store.vault import Vault
from tests.conftest import PASSPHRASE
from tests.documents.pdf_text import assert_framed, flat, page_texts
from tests.documents.samples import agency_pdf

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def mappa_vault(vault_path: Path, vault_template: Path, monkeypatch: pytest.MonkeyPatch
                ) -> Path:
    shutil.copyfile(vault_template, vault_path)
    with Vault.open(vault_path, PASSPHRASE) as v:
        fill_demo(v, cases=30, seed=5, today=TODAY, mappa=True)
    monkeypatch.setenv("RRDESK_PASSPHRASE", PASSPHRASE)
    return vault_path


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def a_held_meeting(vault: Vault) -> int:
    """A past meeting whose minutes are approved."""
    for m in MeetingService(vault).list():
        if m.cases and m.approved == m.cases and m.date < TODAY:
            return m.id
    raise AssertionError("the demo has no held meeting with approved minutes")


def test_export_minutes_holds_every_attendee_review_and_action_as_recorded(
        mappa_vault, out_dir) -> None:
    with Vault.open(mappa_vault, PASSPHRASE) as v:
        meeting_id = a_held_meeting(v)
        view = MeetingService(v).get(meeting_id)
        minutes = MinutesService(v).meeting_minutes(meeting_id)
    out = out_dir / "minutes.pdf"
    assert main(["export", "minutes", "--vault", str(mappa_vault), "--meeting",
                 str(meeting_id), "--out", str(out), "--date", "2026-11-23"]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    texts = assert_framed(out.read_bytes(), "MAPPA meeting minutes", f"Meeting {meeting_id}")
    whole = flat(" ".join(texts))
    for a in view.attendees:
        assert a.name in whole
    for m in minutes:
        assert m.person.names in whole
        for action in m.rmp.actions if m.rmp else []:
            assert flat(action.what) in whole
    for name in RMP_HEADINGS:
        assert name in whole
    assert "DRAFT" not in whole
    again = out_dir / "again.pdf"
    assert main(["export", "minutes", "--vault", str(mappa_vault), "--meeting",
                 str(meeting_id), "--out", str(again), "--date", "2026-11-23"]) == 0
    assert again.read_bytes() == out.read_bytes()


def test_export_rmp_and_pack_with_an_agency_report_stamped_in_place(mappa_vault,
                                                                    out_dir) -> None:
    with Vault.open(mappa_vault, PASSPHRASE) as v:
        meeting_id = a_held_meeting(v)
        item = MeetingService(v).get(meeting_id).agenda[0]
        AttachmentService(v).add_bytes(item.case_id, "police.pdf",
                                       agency_pdf("Police report demo", 2),
                                       review_id=item.review_id, description="Police report")
    rmp = out_dir / "rmp.pdf"
    assert main(["export", "rmp", "--vault", str(mappa_vault), "--case", str(item.case_id),
                 "--out", str(rmp)]) == 0
    assert_framed(rmp.read_bytes(), "Risk Management Plan",
                  case_reference(item.case_id))
    pack = out_dir / "pack.pdf"
    assert main(["export", "pack", "--vault", str(mappa_vault), "--meeting",
                 str(meeting_id), "--out", str(pack)]) == 0
    texts = assert_framed(pack.read_bytes(), "MAPPA meeting pack", f"Meeting {meeting_id}")
    report = [i for i, t in enumerate(texts) if "Police report demo body text" in t]
    assert len(report) == 2
    assert "Agency report: Police report" in flat(texts[report[0]])


def test_export_minutes_of_no_such_meeting_is_exit_5(mappa_vault, out_dir, capsys) -> None:
    assert main(["export", "minutes", "--vault", str(mappa_vault), "--meeting", "999",
                 "--out", str(out_dir / "x.pdf")]) == 5
    assert "there is no meeting 999" in capsys.readouterr().err
    assert list(out_dir.iterdir()) == []


def test_distribution_is_audited_per_recipient_and_printed_in_the_minutes(vault) -> None:
    fill_demo(vault, cases=30, seed=5, today=TODAY, mappa=True)
    meeting_id = a_held_meeting(vault)
    service = DistributionService(vault)
    service.record(meeting_id, [
        Recipient("Ffion Example", "Housing authority", TODAY, method="Secure email"),
        Recipient("Kwame Example", "Youth Justice Service", TODAY, what="Extract")])
    with vault.read_session() as s:
        details = [e.detail for e in audit.entries(s) if e.action == "disclosure"]
    assert len([d for d in details if "distributed to recipient" in d]) == 2
    assert not any("Ffion" in d for d in details)  # the log names rows, never people
    doc = DocumentService(vault).minutes(meeting_id)
    whole = flat(" ".join(page_texts(doc.data)))
    assert whole.index("Distribution") < whole.index("Ffion Example") < \
        whole.index("Kwame Example")
    assert "Secure email" in whole


def test_a_pack_summarises_each_case_as_it_is_now_beside_its_last_minutes(vault) -> None:
    """The last minutes print the person as recorded then; the case's summary in the pack
    shows the case's details today (once it showed the old minutes' name and aliases)."""
    from rrdesk.services.cases import CaseService
    from rrdesk.services.mappa_documents import MappaDocuments

    fill_demo(vault, cases=30, seed=5, today=TODAY, mappa=True)
    upcoming = next(m for m in MeetingService(vault).list() if m.date >= TODAY and m.cases)
    pack = MappaDocuments(vault).pack(upcoming.id)
    reviewed = next(c for c in pack.cases if c.last_review is not None)
    case_id = int(reviewed.reference.removeprefix("C-"))
    cases = CaseService(vault)
    details = cases.get(case_id)
    details.aliases = "Fictional Newalias"
    cases.update(case_id, details)

    pack = MappaDocuments(vault).pack(upcoming.id)
    case = next(c for c in pack.cases if c.reference == reviewed.reference)
    assert case.person.aliases == "Fictional Newalias"
    assert case.person.name == f"{details.family_name.upper()}, {details.given_names}"
    assert case.last_review.person.aliases != "Fictional Newalias"  # as recorded then
    text = flat(" ".join(page_texts(DocumentService(vault).pack(upcoming.id).data)))
    assert f"{case.person.name} ({case.reference})" in text
    assert "Also known as Fictional Newalias" in text
