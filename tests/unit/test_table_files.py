"""Reading and writing tables (CSV and XLSX): headings, encodings, limits, atomic writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rrdesk.tables.files import (
    Column,
    SheetInfo,
    TableError,
    read_records,
    read_table,
    write_csv,
    write_xlsx,
)

# ---------------------------------------------------------------------------- table files
COLUMNS = (Column("name", "Name", ("Full name",), required=True),
           Column("rag", "RAG rating", ("RAG",)))


def test_headings_match_without_case_or_spacing_and_title_rows_are_skipped(
        tmp_path: Path) -> None:
    f = tmp_path / "t.csv"
    f.write_text("Quarterly plan (fictional)\n\n  full   NAME ,rag\nTestperson,amber\n",
                 encoding="utf-8")
    records = read_records(f, COLUMNS)
    assert [(r.row, r.values) for r in records] == [
        (4, {"name": "Testperson", "rag": "amber"})]


def test_utf8_with_and_without_bom_read_the_same(tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_bytes("Name\r\nZoë Quillfeather-Demo\r\n".encode("utf-8-sig"))
    b.write_bytes("Name\nZoë Quillfeather-Demo\n".encode())
    assert read_table(a).rows[1].cells == read_table(b).rows[1].cells == ["Zoë Quillfeather-Demo"]


def test_bad_bytes_name_the_csv_record_they_are_in(tmp_path: Path) -> None:
    f = tmp_path / "t.csv"
    f.write_bytes(b'Name\r\n"Two\r\nlines"\r\nQuill\xe9by\r\n')
    with pytest.raises(TableError) as e:
        read_table(f)
    assert str(e.value.problems[0]).startswith("t.csv:3: ")
    assert "UTF-8" in str(e.value.problems[0])


def test_unknown_and_missing_columns_are_each_reported(tmp_path: Path) -> None:
    f = tmp_path / "t.csv"
    f.write_text("Colour,RAG\nred,x\n", encoding="utf-8")
    with pytest.raises(TableError) as e:
        read_records(f, COLUMNS)
    text = [str(p) for p in e.value.problems]
    assert "t.csv:1:Colour: is not a column rrdesk knows; the columns are Name, RAG rating" \
        in text
    assert "t.csv:1:Name: required column is missing" in text


def test_write_csv_refuses_to_overwrite_and_leaves_no_temp_file(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    f = folder / "out.csv"
    write_csv(f, ["Name"], [["Testperson"]])
    with pytest.raises(FileExistsError):
        write_csv(f, ["Name"], [["Other"]])
    write_csv(f, ["Name"], [["Replaced"]], overwrite=True)
    assert f.read_bytes() == "\ufeffName\r\nReplaced\r\n".encode()
    assert sorted(p.name for p in folder.iterdir()) == ["out.csv"]


def test_a_failed_write_removes_its_temporary_file(tmp_path: Path) -> None:
    class Boom(Exception):
        pass

    def rows():
        yield ["one"]
        raise Boom

    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(Boom):
        write_csv(folder / "out.csv", ["Name"], rows())
    assert list(folder.iterdir()) == []


def test_data_without_a_heading_row_is_reported_without_repeating_it(tmp_path: Path) -> None:
    f = tmp_path / "t.csv"
    f.write_text("Testperson Quillfeather-Demo,amber\n", encoding="utf-8")
    with pytest.raises(TableError) as e:
        read_records(f, COLUMNS)
    text = str(e.value)
    assert text.startswith("t.csv:1: no heading row found")
    assert "Testperson" not in text


def test_a_long_unknown_heading_is_named_by_its_column_letter(tmp_path: Path) -> None:
    f = tmp_path / "t.csv"
    f.write_text("Name,RAG," + "A very long heading " * 5 + "\nTestperson,,\n",
                 encoding="utf-8")
    with pytest.raises(TableError) as e:
        read_records(f, COLUMNS)
    assert str(e.value.problems[0]).startswith("t.csv:1:column C: is not a column")


def test_a_column_given_twice_is_reported(tmp_path: Path) -> None:
    f = tmp_path / "t.csv"
    f.write_text("Name,Full name\nTestperson,Testperson\n", encoding="utf-8")
    with pytest.raises(TableError) as e:
        read_records(f, COLUMNS)
    assert [str(p) for p in e.value.problems] == ["t.csv:1:Name: appears twice in the heading row"]


def test_spreadsheet_values_become_text_as_a_person_reads_them(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["Name", "RAG"])
    wb.active.append([dt.datetime(2027, 3, 31), 3.0])
    wb.active.append([2.5, True])
    wb.save(tmp_path / "t.xlsx")
    records = read_records(tmp_path / "t.xlsx", COLUMNS)
    assert [r.values for r in records] == [{"name": "31/03/2027", "rag": "3"},
                                           {"name": "2.5", "rag": "TRUE"}]
    assert [r.row for r in records] == [2, 3]


# Any text a plan may hold: everything but the control characters and noncharacters
# (U+FFFE, U+FFFF) a spreadsheet refuses, and "\r" (line breaks are stored as "\n", as
# spreadsheets keep them).
CELL = st.text(st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\n",
                             blacklist_characters="\ufffe\uffff"),
               max_size=12)
ROWS = st.lists(st.tuples(CELL, CELL).filter(lambda r: any(c.strip() for c in r)),
                min_size=1, max_size=4)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=ROWS, kind=st.sampled_from(["csv", "xlsx"]))
def test_whatever_is_written_reads_back_the_same(tmp_path: Path, rows, kind) -> None:
    folder = tmp_path / "rt"
    folder.mkdir(exist_ok=True)
    f = folder / f"t.{kind}"
    f.unlink(missing_ok=True)
    if kind == "csv":
        write_csv(f, ["Name", "RAG rating"], rows)
    else:
        write_xlsx(f, ["Name", "RAG rating"], rows, SheetInfo("Fictional"))
    got = [(r.values["name"], r.values["rag"]) for r in read_records(f, COLUMNS)]
    assert got == rows


def test_xlsx_shows_text_no_spreadsheet_could_store_as_a_replacement_character(
    tmp_path: Path
) -> None:
    write_xlsx(tmp_path / "t.xlsx", ["Name"], [["bad\ufffe\x1b"]], SheetInfo("Fictional"))
    got = [r.values["name"] for r in read_records(tmp_path / "t.xlsx",
                                                  [Column("name", "Name")])]
    assert got == ["bad\ufffd\ufffd"]
