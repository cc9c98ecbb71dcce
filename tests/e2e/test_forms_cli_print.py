"""End to end: ``rrdesk forms check`` and a printed record (marking, page N of M, names)."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from rrdesk.cli import main
from rrdesk.forms.bundled import bundled_forms
from rrdesk.services.forms import FormService, load_forms
from rrdesk.store.vault import Vault

ROOT = Path(__file__).resolve().parents[2]
BROKEN = ROOT / "tests" / "data" / "forms_broken"
TODAY = dt.date(2026, 11, 23)
PRINTED_AT = dt.datetime(2026, 11, 23, 9, 30)


@pytest.mark.slow
def test_forms_check_passes_on_the_bundled_definitions() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "rrdesk", "forms", "check"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    # pathway_needs v1 and v2, mappa_referral v1 and v2
    assert run.stdout.startswith("ok: 7 definition file(s)")


def test_forms_check_lists_every_problem_and_exits_5(capsys) -> None:
    assert main(["forms", "check", str(BROKEN)]) == 5
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 9
    for line in lines:  # file:line: field: message
        assert re.match(rf"^{re.escape(str(BROKEN))}/\w+\.toml:\d+: [\w.]+: \S", line), line
    assert f"{BROKEN}/bad_column.toml:20: shoe_size: stored in case.shoe_size" in out
    assert "9 problem(s); 7 of 7 definition file(s) refused" in err


MANY_IN_ONE = """\
form = "risk_notes"
title = "Risk note"
version = 1

[[sections]]
id = "main"
title = "Main"

[[sections.fields]]
id = "a"
type = "text"
label = "A"

[[sections.fields]]
id = "a"
type = "txet"
label = "A again"

[[sections.fields]]
id = "b"
type = "choice"
label = "B"
options = ["x", "x"]
max_length = 5

[[sections]]
id = "main"
title = ""
"""


def test_forms_check_lists_every_problem_of_one_file_in_line_order(capsys, tmp_path) -> None:
    folder = tmp_path / "risk_note"
    folder.mkdir()
    (folder / "v2.toml").write_text(MANY_IN_ONE, encoding="utf-8")
    assert main(["forms", "check", str(tmp_path)]) == 5
    out, err = capsys.readouterr()
    where = f"{folder / 'v2.toml'}:"
    assert [line.removeprefix(where) for line in out.splitlines()] == [
        "1: form: form id does not match its folder risk_note",
        "3: form: version 1 does not match the file name v2.toml",
        "14: a: field id is used twice in this form (also on line 9)",
        "16: a: unknown type 'txet' (use one of: text, long_text, date, datetime, integer, "
        "choice, multi_choice, yes_no, agency, staff, person, table)",
        "23: b: option 2 repeats a value",
        "24: b: min_length and max_length apply only to text fields",
        "26: section main: has no fields",
        "26: section main: section id is used twice",
        "28: section main: title must be a non-empty text",
    ]
    assert "9 problem(s); 1 of 1 definition file(s) refused" in err


def test_forms_check_of_a_folder_with_no_definitions_is_not_ok(capsys, tmp_path) -> None:
    assert main(["forms", "check", str(tmp_path)]) == 5
    out, err = capsys.readouterr()
    assert out == ""
    assert f"no form definitions found (looked in {tmp_path})" in err


def test_forms_check_of_one_good_file(capsys) -> None:
    assert main(["forms", "check", str(bundled_forms() / "mappa_minutes" / "v1.toml")]) == 0
    assert "mappa_minutes" in capsys.readouterr().out


def _minutes(service: FormService, case_id: int, rows: int) -> dict:
    return {
        "meeting_date": dt.date(2026, 11, 2), "place": "Fictional Police Station, Room 1",
        "meeting_type": "review", "chair": "DI Example Chair", "minute_taker": "Ms Example",
        "attendance": [{"name": f"Attendee Example {i}", "role": "Representative",
                        "agency": "Police"} for i in range(rows)],
        "statement_read": True, "statement_agreed": True, "person": case_id, "category": 2,
        "current_level": 2, "index_offence": "A fictional summary.\nSecond line.",
        "reason": "Scheduled review.", "nature_of_risk": "Fictional risk narrative.",
        "supervision": [{"action": "Weekly contact", "agency": "Probation Service",
                         "owner": "PO Example", "due": dt.date(2026, 12, 1),
                         "status": "in_progress"}],
        "contingency": "Recall if conditions are breached.", "disclosure_considered": False,
        "level_decision": "remain", "new_level": 2, "decision_reason": "Stable.",
        "next_review": dt.date(2027, 2, 22), "minutes_status": "approved",
        "approved_by": "DI Example Chair", "approved_at": dt.datetime(2026, 11, 3, 9, 0),
    }


def test_a_printed_record_carries_marking_pages_and_names(vault: Vault, tmp_path: Path) -> None:
    service = FormService(vault, load_forms([bundled_forms()]))
    case = service.save(service.definition("case_details"),
                        {"family_name": "Łukasiewicz-O'Brien", "given_names": "Zoë",
                         "iom_cohort": "none", "status": "active"}, today=TODAY)
    saved = service.save(service.definition("mappa_minutes"),
                         _minutes(service, case.case_id, rows=40), today=TODAY)
    out = tmp_path / "minutes.pdf"
    service.print_record(saved.record_id, out, printed_at=PRINTED_AT, invariant=True)

    reader = PdfReader(out)
    pages = [p.extract_text() for p in reader.pages]
    total = len(pages)
    assert total >= 3
    for number, text in enumerate(pages, start=1):
        assert text.count("OFFICIAL-SENSITIVE") >= 2, number  # header and footer
        assert f"Page {number} of {total}" in text
        assert f"Ref. mappa_minutes-{saved.record_id}" in text
        assert "Printed 23/11/2026 09:30 by Officer Testcase" in text
    everything = "\n".join(pages)
    assert "ŁUKASIEWICZ-O'BRIEN, Zoë" in everything
    assert "02/11/2026" in everything and "22/02/2027" in everything
    assert "03/11/2026 09:00" in everything
    assert "Attendee Example 39" in everything
    fonts = {str(f.get_object()["/BaseFont"]) for page in reader.pages
             for f in page["/Resources"]["/Font"].values()}
    assert any("DejaVuSans" in f for f in fonts)  # embedded, not a standard 14 font
    # Printing is a disclosure, and is logged without the content.
    with vault.read_session() as s:
        from rrdesk.store import audit

        last = audit.entries(s)[-1]
    assert (last.action, last.record_type) == ("disclosure", "form_record")


def test_printing_is_deterministic_with_invariant(vault: Vault) -> None:
    service = FormService(vault, load_forms([bundled_forms()]))
    case = service.save(service.definition("case_details"),
                        {"family_name": "Testperson", "iom_cohort": "none", "status": "active"},
                        today=TODAY)
    outputs = []
    for _ in range(2):
        buffer = io.BytesIO()
        service.print_record(case.record_id, buffer, printed_at=PRINTED_AT, invariant=True)
        outputs.append(buffer.getvalue())
    assert outputs[0] == outputs[1] and outputs[0].startswith(b"%PDF")


def test_forms_print_from_the_command_line(vault: Vault, vault_path: Path, tmp_path: Path,
                                           monkeypatch, capsys) -> None:
    from tests.conftest import PASSPHRASE

    service = FormService(vault)
    case = service.save(service.definition("case_details"),
                        {"family_name": "Testperson", "given_names": "Zoë",
                         "iom_cohort": "none", "status": "active"}, today=TODAY)
    vault.close()
    monkeypatch.setenv("RRDESK_PASSPHRASE", PASSPHRASE)
    out = tmp_path / "case.pdf"
    args = ["forms", "print", "--vault", str(vault_path), "--record", str(case.record_id),
            "--out", str(out), "--printed-at", "2026-11-23T09:30"]
    assert main(args) == 0
    text = PdfReader(out).pages[0].extract_text()
    assert "Page 1 of 1" in text and "Zoë" in text and "23/11/2026 09:30" in text
    assert main(args) == 2  # never overwrites
    missing = [*args[:5], "999", "--out", str(tmp_path / "none.pdf")]
    assert main(missing) == 5
    assert not (tmp_path / "none.pdf").exists()
    assert list(tmp_path.glob(".*partial")) == []
    capsys.readouterr()
    assert main(["forms", "records", "--vault", str(vault_path)]) == 0
    assert f"{case.record_id}  case_details" in capsys.readouterr().out


def test_forms_print_into_a_read_only_folder_is_a_message(vault: Vault, vault_path: Path,
                                                          tmp_path: Path, monkeypatch,
                                                          capsys) -> None:
    from e2e_support import read_only_folder

    from rrdesk.store import audit
    from tests.conftest import PASSPHRASE

    service = FormService(vault)
    case = service.save(service.definition("case_details"),
                        {"family_name": "Testperson", "given_names": "Zoë",
                         "iom_cohort": "none", "status": "active"}, today=TODAY)
    with vault.read_session() as s:
        entries = len(audit.entries(s))
    vault.close()
    monkeypatch.setenv("RRDESK_PASSPHRASE", PASSPHRASE)
    folder = read_only_folder(tmp_path / "shared-drive", monkeypatch)
    out = folder / "case.pdf"
    code = main(["forms", "print", "--vault", str(vault_path), "--record",
                 str(case.record_id), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2, err  # where to write is the person's choice: a usage error
    assert err == f"rrdesk: {out} could not be written (Permission denied); nothing was " \
                  "printed\n"
    assert list(folder.iterdir()) == []
    with Vault.open(vault_path, PASSPHRASE) as again, again.read_session() as s:
        assert len(audit.entries(s)) == entries  # no disclosure logged for it
