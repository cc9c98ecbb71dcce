"""`rrdesk cases ...` as a scheduled job or a person at a terminal would run it."""

import datetime as dt
import json

import pytest

from rrdesk.cli import main
from rrdesk.domain.case import CaseDetails
from rrdesk.services.cases import CaseService
from tests.conftest import PASSPHRASE


@pytest.fixture
def cli_vault(vault, vault_path, monkeypatch):
    cases = CaseService(vault)
    cases.add(CaseDetails(family_name="Łukasiewicz-O'Brien", given_names="Zoë",
                          pnc="19/9000001Y", crn="x900001", mappa_category=1, mappa_level=3,
                          offence_count=20, last_review=dt.date(2026, 10, 30),
                          date_of_birth=dt.date(1990, 1, 2)))
    cases.add(CaseDetails(family_name="Quillfeather", given_names="Mohammed"))
    vault.close()
    monkeypatch.setenv("RRDESK_PASSPHRASE", PASSPHRASE)
    return vault_path


def test_cases_list_json_has_the_documented_fields(cli_vault, capsys) -> None:
    assert main(["cases", "list", "--vault", str(cli_vault), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["family_name"] for r in rows] == ["Łukasiewicz-O'Brien", "Quillfeather"]
    zoe = rows[0]
    assert zoe == {
        "id": zoe["id"], "family_name": "Łukasiewicz-O'Brien", "given_names": "Zoë",
        "date_of_birth": "1990-01-02", "pnc": "2019/9000001Y", "crn": "X900001",
        "iom_cohort": "none", "mappa_category": 1, "mappa_level": 3, "rosh": None,
        "offence_count": 20, "prolific": True, "status": "active",
        "next_review": "2026-12-24", "aliases": "", "lead_agency": "",
        "offender_manager": "", "opened_on": None, "closed_on": None,
        "last_review": "2026-10-30", "flags": [],
        "last_meeting": None, "last_decision": None, "last_meeting_id": None,
    }
    from rrdesk.services.case_io import COLUMNS

    # every column of the cases CSV (flags among them), and the last MAPPA meeting
    assert set(zoe) == set(COLUMNS) | {"last_meeting", "last_decision", "last_meeting_id"}
    assert rows[1]["next_review"] is None and rows[1]["mappa_level"] is None


def test_cases_list_search_is_accent_blind(cli_vault, capsys) -> None:
    assert main(["cases", "list", "--vault", str(cli_vault), "--json", "--search",
                 "lukasiewicz"]) == 0
    assert [r["given_names"] for r in json.loads(capsys.readouterr().out)] == ["Zoë"]
    assert main(["cases", "list", "--vault", str(cli_vault), "--search", "muhammad"]) == 0
    out = capsys.readouterr().out
    assert "Quillfeather" in out and "1 case(s)" in out


HEADER = ("family_name,given_names,date_of_birth,pnc,crn,iom_cohort,mappa_category,"
          "mappa_level,rosh,offence_count,status,last_review\n")
GOOD_ROW = "Marrowby-Demo,Ffion,03/04/1991,,,flex,2,2,high,3,active,2026-10-01\n"


def vault_export(vault_path, tmp_path, name: str) -> str:
    out = tmp_path / name
    assert main(["cases", "export", "--vault", str(vault_path), "--csv", str(out)]) == 0
    return out.read_text(encoding="utf-8-sig")


def test_import_export_round_trip_is_lossless(cli_vault, tmp_path, monkeypatch) -> None:
    first = vault_export(cli_vault, tmp_path, "first.csv")
    other = tmp_path / "other.rrvault"
    assert main(["init", "--vault", str(other)]) == 0
    assert main(["cases", "import", "--vault", str(other), "--csv",
                 str(tmp_path / "first.csv")]) == 0
    second = vault_export(other, tmp_path, "second.csv")

    def without_ids(text: str) -> list[str]:
        return [line.split(",", 1)[1] for line in text.splitlines()]

    assert without_ids(second) == without_ids(first)
    assert "Łukasiewicz-O'Brien,Zoë" in second


def test_xlsx_export_holds_the_caseload_and_the_marking(cli_vault, tmp_path) -> None:
    import openpyxl

    out = tmp_path / "caseload.xlsx"
    assert main(["cases", "export", "--vault", str(cli_vault), "--xlsx", str(out)]) == 0
    ws = openpyxl.load_workbook(out).active
    assert ws["B1"].value == "family_name" and ws["B2"].value == "Łukasiewicz-O'Brien"
    assert "OFFICIAL-SENSITIVE" in ws.oddHeader.center.text


@pytest.mark.parametrize(("row", "expected"), [
    ("Marrowby-Demo,Ffion,,19/9000001A,,,,,,,,\n", "bad.csv:3:pnc: check letter does not match"),
    ("Marrowby-Demo,Ffion,01/01/2090,,,,,,,,,\n", "bad.csv:3:date_of_birth: is in the future"),
    ("Marrowby-Demo,Ffion,,,,,2,4,,,,\n", "bad.csv:3:mappa_level: must be 1, 2 or 3"),
    ("Marrowby-Demo,Ffion,,,,unknown,,,,,,\n", "bad.csv:3:iom_cohort: must be none, fixed"),
    ("Marrowby-Demo,Ffion,31/02/1990,,,,,,,,,\n",
     "bad.csv:3:date_of_birth: is not a date that exists"),
    (",Ffion,,,,,,,,,,\n", "bad.csv:3:family_name: is required"),
    ("Marrowby-Demo,Ffion,,,,,,,,lots,,\n", "bad.csv:3:offence_count: must be a whole"),
])
def test_each_bad_row_is_named_and_nothing_is_imported(cli_vault, tmp_path, capsys, row,
                                                       expected) -> None:
    before = vault_export(cli_vault, tmp_path, "before.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + GOOD_ROW + row, encoding="utf-8")
    assert main(["cases", "import", "--vault", str(cli_vault), "--csv", str(bad)]) == 5
    err = capsys.readouterr().err
    assert expected in err
    assert "no case was imported" in err
    assert vault_export(cli_vault, tmp_path, "after.csv") == before


def test_duplicate_pnc_in_the_file_names_both_rows(cli_vault, tmp_path, capsys) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "A-Demo,One,,2019/9000002Z,,,,,,,,\n"
                   + "B-Demo,Two,,19/9000002Z,,,,,,,,\n", encoding="utf-8")
    assert main(["cases", "import", "--vault", str(cli_vault), "--csv", str(bad)]) == 5
    assert "bad.csv:3:pnc: is the same as in row 2" in capsys.readouterr().err


def test_a_10_mb_cell_is_refused_without_a_traceback(cli_vault, tmp_path, capsys) -> None:
    bad = tmp_path / "huge.csv"
    bad.write_text(HEADER + "Huge-Demo," + "x" * 10_000_000 + ",,,,,,,,,,\n", encoding="utf-8")
    assert main(["cases", "import", "--vault", str(cli_vault), "--csv", str(bad)]) == 5
    err = capsys.readouterr().err
    assert "huge.csv:2:given_names: the cell is longer than" in err
    assert "Traceback" not in err


def test_wrong_encoding_names_the_row(cli_vault, tmp_path, capsys) -> None:
    bad = tmp_path / "latin1.csv"
    bad.write_bytes((HEADER + GOOD_ROW + "Zoë-Demo,Siân,,,,,,,,,,\n").encode("latin-1"))
    assert main(["cases", "import", "--vault", str(cli_vault), "--csv", str(bad)]) == 5
    err = capsys.readouterr().err
    assert "latin1.csv:3: the text is not UTF-8" in err


def test_unknown_column_is_named(cli_vault, tmp_path, capsys) -> None:
    bad = tmp_path / "cols.csv"
    bad.write_text("family_name,shoe_size\nDemo-Person,9\n", encoding="utf-8")
    assert main(["cases", "import", "--vault", str(cli_vault), "--csv", str(bad)]) == 5
    assert "cols.csv:1:shoe_size: is not a column rrdesk knows" in capsys.readouterr().err


def test_export_refuses_to_overwrite(cli_vault, tmp_path, capsys) -> None:
    out = tmp_path / "exists.csv"
    out.write_text("keep me")
    assert main(["cases", "export", "--vault", str(cli_vault), "--csv", str(out)]) == 2
    assert out.read_text() == "keep me"


def test_cases_show_and_list_filters_give_the_case_record(vault, vault_path, monkeypatch,
                                                          capsys) -> None:
    from rrdesk.domain.case_record import (
        Flag,
        FlagEntry,
        IomSelection,
        Requirement,
        RequirementKind,
        Sentence,
        SentenceType,
    )
    from rrdesk.services.case_record import CaseRecordService

    today = dt.date.today()
    cases = CaseService(vault)
    tagged = cases.add(CaseDetails(family_name="Tagwell-Demo", given_names="Ada",
                                   mappa_category=2, mappa_level=2))
    cases.add(CaseDetails(family_name="Plainby-Demo", given_names="Ben"))
    record = CaseRecordService(vault)
    record.set_sentence(tagged, Sentence(SentenceType.LICENCE, today - dt.timedelta(100),
                                         licence_end=today + dt.timedelta(20)))
    record.save_requirement(tagged, Requirement(RequirementKind.EM, today - dt.timedelta(9),
                                                today + dt.timedelta(7)))
    record.save_flag(tagged, FlagEntry(Flag.VETERAN, today - dt.timedelta(9)))
    record.select_for_iom(tagged, IomSelection("fixed", today, "neighbourhood crime",
                                               "Robbery"))
    details = cases.get(tagged)
    details.mappa_level = 3
    cases.update(tagged, details)
    vault.close()
    monkeypatch.setenv("RRDESK_PASSPHRASE", PASSPHRASE)

    def listed(*args: str) -> list[str]:
        assert main(["cases", "list", "--vault", str(vault_path), "--json", *args]) == 0
        return [r["family_name"] for r in json.loads(capsys.readouterr().out)]

    assert listed("--requirement", "em") == ["Tagwell-Demo"]
    assert listed("--flag", "veteran") == ["Tagwell-Demo"]
    assert listed("--licence-ends-within-days", "30") == ["Tagwell-Demo"]
    assert listed("--licence-ends-within-days", "19") == []
    assert main(["cases", "show", "--vault", str(vault_path), "--case", str(tagged),
                 "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["flags"] == [{"flag": "veteran", "since": (today - dt.timedelta(9)).isoformat(),
                               "until": None}]
    assert shown["requirements"][0]["kind"] == "em"
    assert shown["sentence"]["type"] == "licence"
    assert shown["iom"]["cohort"] == "fixed" and shown["iom"]["crime_type"] == "Robbery"
    levels = [(h["old"], h["new"]) for h in shown["history"] if h["field"] == "mappa_level"]
    assert levels == [("", "2"), ("2", "3")]
    assert all(h["by"] == "Officer Testcase" for h in shown["history"])
    assert main(["cases", "show", "--vault", str(vault_path), "--case", "999"]) == 5
    assert "no case 999" in capsys.readouterr().err


def test_flags_column_is_exported_and_imported(cli_vault, tmp_path, capsys) -> None:
    source = tmp_path / "in.csv"
    source.write_text("family_name,flags\nFlagford-Demo,marac; veteran\n"
                      "Badflag-Demo,notaflag\n", encoding="utf-8")
    assert main(["cases", "import", "--vault", str(cli_vault), "--csv", str(source)]) == 5
    assert "in.csv:3:flags" in capsys.readouterr().err
    source.write_text("family_name,flags\nFlagford-Demo,marac; veteran\n", encoding="utf-8")
    assert main(["cases", "import", "--vault", str(cli_vault), "--csv", str(source)]) == 0
    text = vault_export(cli_vault, tmp_path, "out.csv")
    assert text.splitlines()[0].endswith(",flags")
    assert [line for line in text.splitlines() if "Flagford" in line][0].endswith(
        ",marac;veteran")


def test_an_exported_xlsx_imports_again_whole(cli_vault, tmp_path, capsys) -> None:
    first = vault_export(cli_vault, tmp_path, "first.csv")
    xlsx = tmp_path / "caseload.xlsx"
    assert main(["cases", "export", "--vault", str(cli_vault), "--xlsx", str(xlsx)]) == 0
    other = tmp_path / "other.rrvault"
    assert main(["init", "--vault", str(other)]) == 0
    capsys.readouterr()
    assert main(["cases", "import", "--vault", str(other), "--xlsx", str(xlsx)]) == 0
    assert capsys.readouterr().out == "Imported 2 case(s) from caseload.xlsx\n"
    second = vault_export(other, tmp_path, "second.csv")

    def without_ids(text: str) -> list[str]:
        return [line.split(",", 1)[1] for line in text.splitlines()]

    assert without_ids(second) == without_ids(first)


def test_a_piped_import_and_export_print_no_progress(cli_vault, tmp_path, capsys) -> None:
    src = tmp_path / "new.csv"
    src.write_text(HEADER + GOOD_ROW, encoding="utf-8")
    assert main(["cases", "import", "--vault", str(cli_vault), "--csv", str(src)]) == 0
    assert main(["cases", "export", "--vault", str(cli_vault), "--xlsx",
                 str(tmp_path / "out.xlsx")]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""  # no progress characters in a log or a pipe
    assert "\r" not in captured.out and "%" not in captured.out
