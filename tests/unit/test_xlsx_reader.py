"""The XLSX reader gives the values openpyxl would, from workbooks other programs write."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from rrdesk.tables.files import Table, TableError, _cells_to_row, read_table


def _as_openpyxl_reads(path: Path) -> list[tuple[int, list[str]]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    table = Table(path.name, [])
    for number, values in enumerate(wb.active.iter_rows(values_only=True), start=1):
        _cells_to_row(number, values, table)
    wb.close()
    return [(r.number, r.cells) for r in table.rows]


def _as_read(path: Path) -> list[tuple[int, list[str]]]:
    return [(r.number, r.cells) for r in read_table(path).rows]


def _varied_workbook(path: Path, *, mac_dates: bool = False) -> None:
    wb = openpyxl.Workbook()
    if mac_dates:
        wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    first = wb.active
    first.title = "Not this one"
    first.append(["Ignored", "sheet"])
    ws = wb.create_sheet("Fictional plan")
    ws.append(["Need", "When", "Count", "Done", "Note"])
    ws.append(["Accommodation", dt.date(2027, 3, 31), 3, True, "  spaced  "])
    ws.append(["Health", dt.datetime(2026, 11, 23, 14, 30), 2.5, False, "two\nlines"])
    ws.append(["Finance", dt.time(9, 15), 1e21, None, "Ünïcode – text"])
    ws["A6"] = "Far down"
    ws["H6"] = "far right"
    ws["B7"] = CellRichText("bold ", TextBlock(InlineFont(b=True), "and plain"))
    ws["C8"] = -0.125
    wb.active = 1
    wb.save(path)


@pytest.mark.parametrize("mac_dates", [False, True])
def test_a_workbook_reads_as_openpyxl_reads_it(tmp_path: Path, mac_dates: bool) -> None:
    f = tmp_path / "plan.xlsx"
    _varied_workbook(f, mac_dates=mac_dates)
    assert _as_read(f) == _as_openpyxl_reads(f)
    table = read_table(f)
    assert table.sheet == "Fictional plan"  # the sheet the workbook opens on
    assert table.rows[1].cells[:2] == ["Accommodation", "31/03/2027"]
    assert table.rows[2].cells[1] == "23/11/2026 14:30"


def _rewrite_sheet(path: Path, change, sheet: str = "sheet2") -> None:  # noqa: ANN001
    """``change`` (bytes -> bytes) applied to one sheet's XML."""
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    sheet = f"xl/worksheets/{sheet}.xml"
    assert sheet in parts
    parts[sheet] = change(parts[sheet])
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_comments_among_the_rows_are_read_past(tmp_path: Path) -> None:
    f = tmp_path / "plan.xlsx"
    _varied_workbook(f)
    _rewrite_sheet(f, lambda x: x.replace(b"</row>", b"</row><!-- a </row> note -->", 1))
    assert _as_read(f) == _as_openpyxl_reads(f)
    assert len(read_table(f).rows) == 7


def test_a_formula_saved_without_its_value_is_listed_not_read_as_text(tmp_path: Path) -> None:
    f = tmp_path / "plan.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Need", "When"])
    wb.active.append(["Health", "=TODAY()"])  # openpyxl saves no value with a formula
    wb.save(f)
    table = read_table(f)
    assert table.rows[1].cells == ["Health"]
    assert table.uncalculated == [(2, 1)]


def test_a_formula_saved_with_its_value_reads_as_that_value(tmp_path: Path) -> None:
    f = tmp_path / "plan.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Need", "Count"])
    wb.active.append(["Health", "=1+1"])
    wb.save(f)
    _rewrite_sheet(f, lambda x: x.replace(b"<f>1+1</f><v />", b"<f>1+1</f><v>2</v>"), "sheet1")
    table = read_table(f)
    assert table.rows[1].cells == ["Health", "2"]
    assert table.uncalculated == []


def test_a_sheet_with_a_dtd_is_refused_as_damaged(tmp_path: Path) -> None:
    f = tmp_path / "plan.xlsx"
    _varied_workbook(f)
    _rewrite_sheet(f, lambda x: b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>'
                   + x[x.index(b"<worksheet"):].replace(b"Accommodation", b"&a;"))
    with pytest.raises(TableError) as e:
        read_table(f)
    assert "damaged" in str(e.value)


def test_a_row_cut_short_is_refused_as_damaged(tmp_path: Path) -> None:
    f = tmp_path / "plan.xlsx"
    _varied_workbook(f)
    _rewrite_sheet(f, lambda x: x.replace(b"</c></row>", b"</row>", 1))
    with pytest.raises(TableError) as e:
        read_table(f)
    assert str(e.value) == "plan.xlsx: the spreadsheet is damaged and could not be read"


def test_a_zip_that_is_no_workbook_is_named_as_such(tmp_path: Path) -> None:
    f = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(f, "w") as z:
        z.writestr("word/document.xml", "<document/>")
    with pytest.raises(TableError) as e:
        read_table(f)
    assert "this is not an XLSX spreadsheet" in str(e.value)
