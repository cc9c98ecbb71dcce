"""Bad input through the headless commands: formulas, control characters, headings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rrdesk.cli import main
from rrdesk.domain.case import CaseDetails
from rrdesk.services.cases import CaseService
from rrdesk.store.vault import Vault
from tests.conftest import PASSPHRASE

FORMULAS = ["=HYPERLINK(\"http://example.invalid\",\"x\")", "+cmd", "@SUM(1)", "-2+3",
            "'=already quoted", "\tTabbed-Demo"]


@pytest.fixture
def cli_vault(vault: Vault, vault_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    vault.close()
    monkeypatch.setenv("RRDESK_PASSPHRASE", PASSPHRASE)
    return vault_path


def _cases(vault_path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    capsys.readouterr()
    assert main(["cases", "list", "--vault", str(vault_path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_csv_export_writes_formulas_as_text_and_import_gives_them_back(
    cli_vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Vault.open(cli_vault, PASSPHRASE) as vault:
        for i, text in enumerate(FORMULAS):
            CaseService(vault).add(CaseDetails(family_name=f"Formula{i}-Demo",
                                               given_names=text))
    stored = sorted(c["given_names"] for c in _cases(cli_vault, capsys))
    assert "-2+3" in stored and "@SUM(1)" in stored
    out = tmp_path / "caseload.csv"
    assert main(["cases", "export", "--vault", str(cli_vault), "--csv", str(out)]) == 0
    import csv

    with out.open(encoding="utf-8-sig", newline="") as f:
        cells = [row[2] for row in list(csv.reader(f))[1:]]
    assert cells and all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    # Back in through an import (into a new vault), every value is as it was.
    other = tmp_path / "other.rrvault"
    import shutil

    shutil.copyfile(cli_vault, other)
    with Vault.open(other, PASSPHRASE) as vault, vault.transaction() as s:
        from rrdesk.store.models import Case

        s.query(Case).delete()
    assert main(["cases", "import", "--vault", str(other), "--csv", str(out)]) == 0
    given = sorted(c["given_names"] for c in _cases(other, capsys))
    assert given == stored


def test_control_characters_are_refused_on_import_naming_the_cell(
    cli_vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "people.csv"
    source.write_text("family_name,given_names\nGood-Demo,Ann\nBad-Demo,Esc\x1bape\n"
                      "Worse-Demo,Vertical\x0btab\nNul-Demo,Nul\x00here\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["cases", "import", "--vault", str(cli_vault), "--csv", str(source)]) == 5
    err = capsys.readouterr().err
    for row in (3, 4, 5):
        assert (f"people.csv:{row}:given_names: contains control characters that a "
                "spreadsheet cannot hold") in err
    assert _cases(cli_vault, capsys) == []  # nothing imported


def test_a_vault_that_holds_control_characters_still_exports_to_xlsx(
    cli_vault: Path, tmp_path: Path
) -> None:
    with Vault.open(cli_vault, PASSPHRASE) as vault:
        CaseService(vault).add(CaseDetails(family_name="Escape-Demo", given_names="A\x1bB"))
    out = tmp_path / "caseload.xlsx"
    assert main(["cases", "export", "--vault", str(cli_vault), "--xlsx", str(out)]) == 0
    import openpyxl

    values = [c.value for c in next(openpyxl.load_workbook(out).active.iter_rows(min_row=2))]
    assert "A\ufffdB" in values


def test_headings_match_without_case_spacing_or_underscores(
    cli_vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "people.csv"
    cases.write_text("Family Name,GIVEN_NAMES,Date of birth\nHeading-Demo,Ann,03/04/1991\n",
                     encoding="utf-8")
    assert main(["cases", "import", "--vault", str(cli_vault), "--csv", str(cases)]) == 0
    assert [c["family_name"] for c in _cases(cli_vault, capsys)] == ["Heading-Demo"]
    plan = tmp_path / "plan.csv"
    plan.write_text("Need,Priority_issue,Action,Owner,Time scale,RAG Rating\n"
                    "Accommodation,Homeless,Find a place,Council,March,Amber\n",
                    encoding="utf-8")
    capsys.readouterr()
    assert main(["plan", "import", "--vault", str(cli_vault), "--csv", str(plan)]) == 0, \
        capsys.readouterr().err


def test_a_passphrase_from_the_environment_ending_in_a_newline_opens(
    cli_vault: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RRDESK_PASSPHRASE", PASSPHRASE + "\n")
    assert main(["cases", "list", "--vault", str(cli_vault)]) == 0


def test_a_date_that_does_not_exist_is_named_as_such(
    cli_vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "people.csv"
    source.write_text("family_name,date_of_birth\nFebruary-Demo,31/02/2026\n"
                      "Garbled-Demo,soon\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["cases", "import", "--vault", str(cli_vault), "--csv", str(source)]) == 5
    err = capsys.readouterr().err
    assert "people.csv:2:date_of_birth: is not a date that exists" in err
    assert "people.csv:3:date_of_birth: must be a date written" in err


def test_plan_import_says_how_many_rows_it_replaced(
    cli_vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text("Need,Priority issue,Action,Owner,Timescale,RAG rating\n"
                    "Accommodation,Homeless,Find a place,Council,March,Amber\n"
                    ",,Second action,Council,April,Green\n", encoding="utf-8")
    assert main(["plan", "import", "--vault", str(cli_vault), "--csv", str(plan)]) == 0
    capsys.readouterr()
    assert main(["plan", "import", "--vault", str(cli_vault), "--csv", str(plan)]) == 0
    assert "replacing the 2 rows of the plan before" in capsys.readouterr().out


@pytest.mark.parametrize("count", ["-5", "lots", "100001"])
def test_demo_refuses_a_case_count_out_of_range(tmp_path: Path, count: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--vault", str(tmp_path / "d.rrvault"), "--cases", count]) == 2
    assert "--cases" in capsys.readouterr().err
    assert not (tmp_path / "d.rrvault").exists()


def test_the_demo_passphrase_is_refused_for_a_vault_of_ones_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from rrdesk.services.demo import DEMO_PASSPHRASE

    monkeypatch.setenv("RRDESK_PASSPHRASE", DEMO_PASSPHRASE)
    assert main(["init", "--vault", str(tmp_path / "team.rrvault")]) == 5
    assert "published passphrase" in capsys.readouterr().err
    assert not (tmp_path / "team.rrvault").exists()


def test_rekey_to_the_same_passphrase_is_refused(
    cli_vault: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RRDESK_NEW_PASSPHRASE", PASSPHRASE)
    assert main(["rekey", "--vault", str(cli_vault)]) == 5
    assert "already has" in capsys.readouterr().err


def test_restore_refuses_a_folder_or_a_file_that_is_not_a_vault(
    cli_vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "nightly.rrvault"
    assert main(["backup", "--vault", str(cli_vault), "--out", str(backup)]) == 0
    folder = tmp_path / "a-folder"
    folder.mkdir()
    notes = tmp_path / "notes.txt"
    notes.write_text("Meeting notes, not a vault\n")
    for args in (["--backup", str(folder), "--vault", str(cli_vault)],
                 ["--backup", str(backup), "--vault", str(folder)],
                 ["--backup", str(backup), "--vault", str(notes)]):
        capsys.readouterr()
        assert main(["restore", *args]) == 4, args
        err = capsys.readouterr().err
        assert "Traceback" not in err and err.startswith("rrdesk: ")
    assert notes.read_text() == "Meeting notes, not a vault\n"
    assert sorted(p.name for p in folder.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir() if "replaced" in p.name) == []


def test_listing_into_a_pipe_closed_early_is_quiet(cli_vault: Path) -> None:
    import os
    import subprocess
    import sys

    from rrdesk.services.demo import fill_demo

    with Vault.open(cli_vault, PASSPHRASE) as vault:
        fill_demo(vault, cases=1500)  # more than a pipe holds (64 KiB)
    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(repo)}
    result = subprocess.run(
        f"{sys.executable} -m rrdesk cases list --vault '{cli_vault}' | head -n 1",
        shell=True, cwd=repo, env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


def test_same_name_and_birth_date_is_reported_unless_allowed(
    cli_vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt

    with Vault.open(cli_vault, PASSPHRASE) as vault:
        in_vault = CaseService(vault).add(CaseDetails(
            family_name="Twinning-Demo", given_names="Ann", date_of_birth=dt.date(1990, 1, 2)))
    source = tmp_path / "people.csv"
    source.write_text("family_name,given_names,date_of_birth\n"
                      "Samename-Demo,Bo,03/04/1991\n"
                      "SAMENAME-DEMO,bo,1991-04-03\n"
                      "twinning-demo,Ann,02/01/1990\n"
                      "Samename-Demo,Bo,\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["cases", "import", "--vault", str(cli_vault), "--csv", str(source)]) == 5
    err = capsys.readouterr().err
    assert "people.csv:3:family_name: same name and date of birth as row 2" in err
    assert (f"people.csv:4:family_name: same name and date of birth as case {in_vault} "
            "in the vault") in err
    assert ":5:" not in err  # no date of birth: nothing to compare
    assert len(_cases(cli_vault, capsys)) == 1
    assert main(["cases", "import", "--vault", str(cli_vault), "--csv", str(source),
                 "--allow-same-name"]) == 0
    assert len(_cases(cli_vault, capsys)) == 5


@pytest.mark.parametrize("command", [
    ["backup", "--out", "{folder}/nightly.rrvault"],
    ["cases", "export", "--csv", "{folder}/caseload.csv"],
    ["cases", "export", "--xlsx", "{folder}/caseload.xlsx"],
    ["plan", "export", "--csv", "{folder}/plan.csv"],
])
def test_writing_into_a_read_only_folder_is_a_usage_message(
    cli_vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    """The folder the person chose cannot be written: exit 2 (as for any --out the person
    gives wrongly), never 4, which says the vault is damaged; nothing is left there."""
    from e2e_support import read_only_folder

    folder = read_only_folder(tmp_path / "shared-drive", monkeypatch)
    args = [a.format(folder=folder) for a in command]
    code = main([*args[:-2], "--vault", str(cli_vault), *args[-2:]])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Permission denied" in err and "Traceback" not in err
    assert "damaged" not in err
    assert list(folder.iterdir()) == []


def test_init_into_a_read_only_folder_is_a_message_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from e2e_support import read_only_folder

    folder = read_only_folder(tmp_path / "shared-drive", monkeypatch)
    monkeypatch.setenv("RRDESK_PASSPHRASE", PASSPHRASE)
    code = main(["init", "--vault", str(folder / "team.rrvault")])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("rrdesk: ") and len(err.splitlines()) == 1
    assert "Traceback" not in err and "permission denied" in err.lower()
    assert list(folder.iterdir()) == []
