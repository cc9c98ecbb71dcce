"""`rrdesk plan import / export / list` as a person runs them, on synthetic plans."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from rrdesk.cli import main
from rrdesk.domain.plan import PlanLine
from rrdesk.services.plan import PlanService
from rrdesk.store import audit
from rrdesk.store.vault import Vault
from tests.conftest import PASSPHRASE

HEADINGS = "Need,Priority issue,Action,Owner,Timescale,RAG rating"

# Written the way rrdesk writes CSV (UTF-8 with BOM, CRLF, quotes only where needed), so a
# round trip can be compared byte for byte. Blank Need / Priority issue mean "as above".
PLAN_ROWS = [
    "Accommodation,Too few supported beds,Commission 20 beds for the cohort,"
    "Local authority housing,March 2027,amber",
    ',,"Agree a duty to refer pathway, with every releasing prison",Probation Service,'
    "September 2026,green",
    ',Rough sleeping on release,"Meet at the gate\nand go to the housing office",'
    'Probation Service,June 2026,"Started late; ""revised"" date agreed with the board"',
    # A formula-like cell as rrdesk writes it: shown as text by spreadsheets (apostrophe).
    "\"Education, training and employment\",Few employers,'=Employer fairs twice a year,"
    "DWP,0123,Red",
    "Health (mental and physical),,Liaison worker for Zoë Quillfeather-Demo's team,"
    "NHS integrated care board,,",
]
PLAN_CSV = ("\ufeff" + HEADINGS + "\r\n" + "".join(r + "\r\n" for r in PLAN_ROWS)).encode()


@pytest.fixture
def plan_vault(vault_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    Vault.create(vault_path, PASSPHRASE, "Officer Testcase").close()
    monkeypatch.setenv("RRDESK_PASSPHRASE", PASSPHRASE)
    return vault_path


@pytest.fixture
def files(tmp_path: Path) -> Path:
    folder = tmp_path / "files"
    folder.mkdir()
    return folder


def rrdesk(*argv: object) -> int:
    return main([str(a) for a in argv])


def state(vault_path: Path) -> tuple[list[PlanLine], int]:
    """The stored plan and the number of audit entries: what "unchanged" compares."""
    with Vault.open(vault_path, PASSPHRASE) as v, v.read_session() as s:
        return PlanService(v).lines(), len(audit.entries(s))


def test_csv_round_trip_is_byte_for_byte(plan_vault: Path, files: Path, capsys) -> None:
    src, out = files / "plan.csv", files / "out.csv"
    src.write_bytes(PLAN_CSV)
    assert rrdesk("plan", "import", "--vault", plan_vault, "--csv", src) == 0
    assert "Imported 5 plan rows" in capsys.readouterr().out
    assert rrdesk("plan", "export", "--vault", plan_vault, "--csv", out) == 0
    assert out.read_bytes() == PLAN_CSV


def test_csv_to_xlsx_and_back_keeps_every_cell(plan_vault: Path, files: Path) -> None:
    src, xlsx, out = files / "plan.csv", files / "plan.xlsx", files / "out.csv"
    src.write_bytes(PLAN_CSV)
    assert rrdesk("plan", "import", "--vault", plan_vault, "--csv", src) == 0
    assert rrdesk("plan", "export", "--vault", plan_vault, "--xlsx", xlsx) == 0
    assert rrdesk("plan", "import", "--vault", plan_vault, "--xlsx", xlsx) == 0
    assert rrdesk("plan", "export", "--vault", plan_vault, "--csv", out) == 0
    assert out.read_bytes() == PLAN_CSV


def test_xlsx_export_is_marked_and_readable(plan_vault: Path, files: Path) -> None:
    src, xlsx = files / "plan.csv", files / "plan.xlsx"
    src.write_bytes(PLAN_CSV)
    rrdesk("plan", "import", "--vault", plan_vault, "--csv", src)
    assert rrdesk("plan", "export", "--vault", plan_vault, "--xlsx", xlsx) == 0
    wb = openpyxl.load_workbook(xlsx)
    ws = wb.active
    assert [c.value for c in ws[1]] == HEADINGS.split(",")
    assert all(c.font.b for c in ws[1])
    # text stays text: not a formula, not a number
    assert ws["C5"].value == "=Employer fairs twice a year" and ws["C5"].data_type == "s"
    assert ws["E5"].value == "0123"
    assert ws.oddHeader.center.text == "OFFICIAL-SENSITIVE"
    assert ws.oddFooter.center.text == "OFFICIAL-SENSITIVE"
    assert wb.properties.title == "Partnership delivery plan"
    assert wb.properties.creator == "Officer Testcase"
    assert "OFFICIAL-SENSITIVE" in (wb.properties.keywords or "")


def test_list_json_fills_inherited_blanks_and_keeps_free_text_rag(
        plan_vault: Path, files: Path, capsys) -> None:
    src = files / "plan.csv"
    src.write_bytes(PLAN_CSV)
    rrdesk("plan", "import", "--vault", plan_vault, "--csv", src)
    capsys.readouterr()
    assert rrdesk("plan", "list", "--vault", plan_vault, "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 5
    assert rows[1] == {
        "need": "Accommodation", "priority_issue": "Too few supported beds",
        "action": "Agree a duty to refer pathway, with every releasing prison",
        "owner": "Probation Service", "timescale": "September 2026", "rag": "green"}
    assert rows[2]["need"] == "Accommodation"
    assert rows[2]["priority_issue"] == "Rough sleeping on release"
    assert rows[2]["rag"] == 'Started late; "revised" date agreed with the board'
    assert rows[3]["rag"] == "Red"  # kept as written
    assert rows[4]["priority_issue"] == ""  # a new need does not take the last need's issue
    assert rows[4]["timescale"] == "" and rows[4]["rag"] == ""  # never filled


def test_list_shows_the_plan_grouped_by_need(plan_vault: Path, files: Path, capsys) -> None:
    src = files / "plan.csv"
    src.write_bytes(PLAN_CSV)
    rrdesk("plan", "import", "--vault", plan_vault, "--csv", src)
    capsys.readouterr()
    assert rrdesk("plan", "list", "--vault", plan_vault) == 0
    out = capsys.readouterr().out
    assert out.index("Accommodation\n") < out.index("  Rough sleeping on release") \
        < out.index("Education, training and employment\n")
    assert out.count("Accommodation\n") == 1


def test_an_xlsx_written_elsewhere_with_a_title_row_imports(
        plan_vault: Path, files: Path, capsys) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Fictional Demo Borough partnership plan 2026-27"])
    ws.append([])
    ws.append(["NEED", "Priority  issue", "Action", "Owner", "Timescale", "RAG"])
    ws.append(["Drugs and alcohol", "Treatment not picked up", "Book appointments",
               "Treatment service", 2027, "amber"])
    ws.append([None, None, "Prescribing on release day", "NHS", None, "g"])
    wb.save(files / "theirs.xlsx")
    assert rrdesk("plan", "import", "--vault", plan_vault, "--xlsx", files / "theirs.xlsx") == 0
    capsys.readouterr()
    rrdesk("plan", "list", "--vault", plan_vault, "--json")
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["timescale"] == "2027"
    assert rows[1]["need"] == "Drugs and alcohol" and rows[1]["rag"] == "g"


def _long_cell(files: Path) -> Path:
    f = files / "long.csv"
    f.write_bytes((HEADINGS + "\nAccommodation,Beds,ok,,,\n,,"
                   + "x" * (10 * 1024 * 1024) + ",,,\n").encode())
    return f


def _long_xlsx_cell(files: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADINGS.split(","))
    ws.append(["Accommodation", "Beds", "ok", "", "", ""])
    ws.append(["", "", "", "", "", "z" * 200_000])
    wb.save(files / "long.xlsx")
    return files / "long.xlsx"


def _wrong_encoding(files: Path) -> Path:
    f = files / "latin.csv"
    f.write_bytes((HEADINGS + "\r\nAccommodation,Beds,ok,,,\r\n").encode()
                  + "Health,Café drop-in,Open it,,,\r\n".encode("cp1252"))
    return f


def _missing_column(files: Path) -> Path:
    f = files / "nocol.csv"
    f.write_text("Need,Priority issue,Owner\nAccommodation,Beds,Police\n", encoding="utf-8")
    return f


def _not_a_spreadsheet(files: Path) -> Path:
    f = files / "fake.xlsx"
    f.write_text(HEADINGS + "\nAccommodation,Beds,ok,,,\n", encoding="utf-8")
    return f


def _damaged_spreadsheet(files: Path) -> Path:
    f = files / "broken.xlsx"
    f.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    return f


def _empty(files: Path) -> Path:
    f = files / "empty.csv"
    f.write_bytes(b"")
    return f


def _bom_only(files: Path) -> Path:
    f = files / "bom.csv"
    f.write_bytes(b"\xef\xbb\xbf\r\n")
    return f


def _headings_only(files: Path) -> Path:
    f = files / "headings.csv"
    f.write_text(HEADINGS + "\n", encoding="utf-8")
    return f


BAD_INPUTS = [
    (_long_cell, "--csv", ["long.csv:3:Action: the cell is longer than 32,000 characters"]),
    (_long_xlsx_cell, "--xlsx",
     ["long.xlsx:3:RAG rating: the cell is longer than 32,000 characters"]),
    (_wrong_encoding, "--csv", ["latin.csv:3: the text is not UTF-8"]),
    (_missing_column, "--csv", ["nocol.csv:1:Action: required column is missing"]),
    (_not_a_spreadsheet, "--xlsx", ["fake.xlsx: this is not an XLSX spreadsheet"]),
    (_damaged_spreadsheet, "--xlsx", ["broken.xlsx: this is not an XLSX spreadsheet"]),
    (_empty, "--csv", ["empty.csv: the file is empty"]),
    (_bom_only, "--csv", ["bom.csv: the file is empty"]),
    (_headings_only, "--csv", ["headings.csv: the file has headings but no plan rows"]),
]


def test_each_bad_input_is_refused_with_its_message_and_the_vault_unchanged(
        plan_vault: Path, files: Path, capsys) -> None:
    good = files / "good.csv"
    good.write_bytes(PLAN_CSV)
    assert rrdesk("plan", "import", "--vault", plan_vault, "--csv", good) == 0
    before = state(plan_vault)
    assert len(before[0]) == 5
    # One vault for all the cases (unlocking is slow on purpose); any write by any of them
    # would show in the plan or in the audit count compared at the end.
    for make, flag, expected in BAD_INPUTS:
        capsys.readouterr()
        name = make.__name__
        assert rrdesk("plan", "import", "--vault", plan_vault, flag, make(files)) == 5, name
        err = capsys.readouterr().err
        for message in expected:
            assert message in err, name
        assert "Traceback" not in err, name
        assert "the plan was not changed" in err, name
    assert state(plan_vault) == before


def test_every_problem_in_a_file_is_listed_and_nothing_is_imported(
        plan_vault: Path, files: Path, capsys) -> None:
    f = files / "many.csv"
    f.write_bytes((HEADINGS + ",Comments\n"
                   ",Beds,no need on the first row,,,,\n"
                   "Health,Access,bell\x07 in text,,,,\n"
                   "Health,,ok,,,," + "y" * 32_001 + "\n").encode())
    before = state(plan_vault)
    assert rrdesk("plan", "import", "--vault", plan_vault, "--csv", f) == 5
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "many.csv:1:Comments: is not a column rrdesk knows; the columns are Need, Priority "
        "issue, Action, Owner, Timescale, RAG rating",
        "many.csv:2:Need: is blank in the first row, where there is no row above to repeat",
        "many.csv:3:Action: contains control characters that a spreadsheet cannot hold",
        "many.csv:4:Comments: the cell is longer than 32,000 characters",
        "rrdesk: 4 problems; the plan was not changed",
    ]
    assert "bell" not in err  # never the bad value
    assert state(plan_vault) == before


def test_csv_and_xlsx_together_or_neither_is_a_usage_error(
        plan_vault: Path, files: Path, capsys) -> None:
    f = files / "plan.csv"
    f.write_bytes(PLAN_CSV)
    assert rrdesk("plan", "import", "--vault", plan_vault, "--csv", f, "--xlsx", f) == 2
    assert rrdesk("plan", "import", "--vault", plan_vault) == 2
    assert rrdesk("plan", "export", "--vault", plan_vault) == 2
    assert state(plan_vault)[0] == []


def test_export_never_overwrites_without_force(plan_vault: Path, files: Path, capsys) -> None:
    src, out = files / "plan.csv", files / "out.csv"
    src.write_bytes(PLAN_CSV)
    out.write_text("keep me", encoding="utf-8")
    rrdesk("plan", "import", "--vault", plan_vault, "--csv", src)
    capsys.readouterr()
    assert rrdesk("plan", "export", "--vault", plan_vault, "--csv", out) == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep me"
    assert rrdesk("plan", "export", "--vault", plan_vault, "--csv", out, "--force") == 0
    assert out.read_bytes() == PLAN_CSV
    assert sorted(p.name for p in files.iterdir()) == ["out.csv", "plan.csv"]


def test_export_is_logged_as_a_disclosure_without_plan_text(
        plan_vault: Path, files: Path) -> None:
    src = files / "plan.csv"
    src.write_bytes(PLAN_CSV)
    rrdesk("plan", "import", "--vault", plan_vault, "--csv", src)
    rrdesk("plan", "export", "--vault", plan_vault, "--xlsx", files / "out.xlsx")
    with Vault.open(plan_vault, PASSPHRASE) as v, v.read_session() as s:
        entries = audit.entries(s)
    assert [(e.action, e.record_type) for e in entries[-2:]] == [
        ("collection", "plan"), ("disclosure", "plan")]
    assert entries[-1].detail == "5 rows exported as XLSX to out.xlsx"
    for e in entries:
        assert "Accommodation" not in e.detail and "beds" not in e.detail


def _workbook_with_formulas(path: Path, *, calculated: bool) -> Path:
    """A plan as a program writes it (openpyxl): formulas, and no calculated values unless
    ``calculated`` puts them in as Excel does when it saves the file."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Delivery plan"
    ws.append(["Fictional Demo Borough plan, printed", "=TODAY()"])  # above the headings
    ws.append(HEADINGS.split(","))
    ws.append(["Accommodation", "Beds", "Commission beds", "Housing", "March 2027", "amber"])
    for _ in range(4):
        ws.append(["Accommodation", "Beds", "Review the list", "Housing", "June 2027", "g"])
    ws.append(["Health (mental and physical)", "Access", "Book a clinic", "NHS",
               '="Dec"&"ember 2026"', "=LOWER(\"RED\")"])
    wb.save(path)
    if calculated:
        import zipfile

        member = "xl/worksheets/sheet1.xml"
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        xml = parts[member].decode()
        xml = xml.replace('<c r="B1"><f>TODAY()</f><v /></c>',
                          '<c r="B1"><f>TODAY()</f><v>46357</v></c>')
        xml = xml.replace('<c r="E8"><f>"Dec"&amp;"ember 2026"</f><v /></c>',
                          '<c r="E8" t="str"><f>"Dec"&amp;"ember 2026"</f>'
                          "<v>December 2026</v></c>")
        xml = xml.replace('<c r="F8"><f>LOWER("RED")</f><v /></c>',
                          '<c r="F8" t="str"><f>LOWER("RED")</f><v>red</v></c>')
        assert "<v />" not in xml
        parts[member] = xml.encode()
        with zipfile.ZipFile(path, "w") as z:
            for name, data in parts.items():
                z.writestr(name, data)
    return path


def test_a_formula_never_calculated_is_refused_naming_its_cell(
        plan_vault: Path, files: Path, capsys) -> None:
    good = files / "good.csv"
    good.write_bytes(PLAN_CSV)
    assert rrdesk("plan", "import", "--vault", plan_vault, "--csv", good) == 0
    before = state(plan_vault)
    f = _workbook_with_formulas(files / "program.xlsx", calculated=False)
    capsys.readouterr()
    assert rrdesk("plan", "import", "--vault", plan_vault, "--xlsx", f) == 5
    err = capsys.readouterr().err.splitlines()
    # the title's =TODAY() above the headings is not imported, so not a problem
    assert err[0].startswith('program.xlsx:8:Timescale: cell E8 on sheet "Delivery plan" '
                             "is a formula that was never calculated")
    assert err[1].startswith('program.xlsx:8:RAG rating: cell F8 on sheet "Delivery plan" '
                             "is a formula that was never calculated")
    assert "open it in Excel or LibreOffice, save it, and import it again" in err[0]
    assert err[2:] == ["rrdesk: 2 problems; the plan was not changed"]
    assert state(plan_vault) == before


def test_a_formula_with_its_calculated_value_imports_the_value(
        plan_vault: Path, files: Path, capsys) -> None:
    f = _workbook_with_formulas(files / "saved.xlsx", calculated=True)
    assert rrdesk("plan", "import", "--vault", plan_vault, "--xlsx", f) == 0
    capsys.readouterr()
    rrdesk("plan", "list", "--vault", plan_vault, "--json")
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 6
    assert (rows[-1]["timescale"], rows[-1]["rag"]) == ("December 2026", "red")
