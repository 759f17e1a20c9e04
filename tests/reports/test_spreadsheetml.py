"""The streaming XLSX writer: a well-formed package, cells remembered per value without mixing types, and
lists longer than a worksheet refused before a file is written."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest

from equipinv.errors import BadInput
from equipinv.listing import Column, ListDocument, ListSection, standard_list
from reports import xlsx
from reports.spreadsheetml import CellStyle, SheetLayout, StreamingWorkbook, cell_xml, column_letter
from reports.xlsx import HEADER_ROW, render_list_xlsx

from .samples import FILLER, elimination_doc, elimination_rows


def test_every_part_parses_and_is_declared(tmp_path: Path) -> None:
    path = tmp_path / "two.xlsx"
    render_list_xlsx([elimination_doc(3), standard_list("new_project", [], filler=FILLER)], path)
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        for name in names:
            ElementTree.fromstring(package.read(name))  # raises on malformed XML
        types = ElementTree.fromstring(package.read("[Content_Types].xml"))
    declared = {t.get("PartName") for t in types if t.get("PartName")}
    assert declared == {"/" + n for n in names if not n.endswith(".rels") and n != "[Content_Types].xml"}
    assert {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/styles.xml"} <= set(names)


def test_column_letters_past_z() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]


def test_cells_of_each_type_read_back(tmp_path: Path) -> None:
    path = tmp_path / "types.xlsx"
    with StreamingWorkbook(path, title="类型", author="equipinv") as book:
        date_style = book.styles.style(CellStyle(num_format="yyyy-mm-dd"))
        sheet = book.add_sheet("类型")
        values = [" 前后有空格 ", "a<b&c>d", 3.0, 2.5, -7, True, dt.date(2027, 12, 31), dt.datetime(2026, 6, 1, 12)]
        styles = [0] * 6 + [date_style] * 2
        pairs = enumerate(zip(values, styles, strict=True))
        cells = "".join(f'<c r="{column_letter(i)}1"{cell_xml(v, s)}' for i, (v, s) in pairs)
        sheet.write(f'<row r="1">{cells}</row>')
        sheet.finish(SheetLayout(widths=[10] * len(values), extent=(0, len(values) - 1)))
    got = [c.value for c in openpyxl.load_workbook(path).worksheets[0][1]]
    assert got == [" 前后有空格 ", "a<b&c>d", 3, 2.5, -7, True, dt.datetime(2027, 12, 31), dt.datetime(2026, 6, 1, 12)]
    assert isinstance(got[2], int), "a whole float is written as an integer"


def test_a_remembered_cell_never_stands_for_another_type(tmp_path: Path) -> None:
    """1, 1.0, True and "1" are equal keys to a dict; in a text column each must keep its own text."""
    doc = ListDocument("t", "混合值", [Column("v", "值"), Column("n", "数量", kind="int")],
                       [ListSection("", [{"v": v, "n": n} for v, n in
                                         [("1", 1), (1, 1.0), (1.0, 2), (True, 2.0), ("1", 1)]])])
    render_list_xlsx(doc, tmp_path / "mixed.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "mixed.xlsx").worksheets[0]
    rows = [[c.value for c in r][1:3] for r in ws.iter_rows(min_row=HEADER_ROW + 1, max_row=HEADER_ROW + 5)]
    assert rows == [["1", 1], ["1", 1], ["1.0", 2], ["True", 2], ["1", 1]]


def test_a_column_wraps_when_a_late_row_reaches_the_maximum_width(tmp_path: Path) -> None:
    rows = elimination_rows("山西吕梁离石焦化有限公司", 300)
    rows[-1]["remark"] = "很长的备注" * 20
    doc = standard_list("elimination", [ListSection("", rows)], filler=FILLER)
    render_list_xlsx(doc, tmp_path / "late.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "late.xlsx").worksheets[0]
    remark = [c.value for c in ws[HEADER_ROW]].index("备注") + 1
    assert ws.cell(HEADER_ROW + 1, remark).alignment.wrap_text, "the first row's cell wraps too: one column style"
    assert ws.column_dimensions[column_letter(remark - 1)].width >= xlsx.MAX_WIDTH


def test_a_list_longer_than_a_sheet_is_refused_before_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_ROWS", 20)
    path = tmp_path / "long.xlsx"
    path.write_bytes(b"kept")
    with pytest.raises(BadInput) as refused:
        render_list_xlsx(elimination_doc(per_enterprise=5), path)
    assert refused.value.field == "rows" and "Excel" in str(refused.value) and "20" in str(refused.value)
    assert path.read_bytes() == b"kept", "nothing already there is lost"


def test_a_sheet_without_widths_has_no_empty_cols(tmp_path: Path) -> None:
    """ECMA-376: `<cols>` holds at least one `<col>`; a sheet with no widths leaves it out."""
    path = tmp_path / "bare.xlsx"
    with StreamingWorkbook(path) as book:
        sheet = book.add_sheet("空")
        sheet.write(f'<row r="1"><c r="A1"{cell_xml("只有一格", 0)}</row>')
        sheet.finish(SheetLayout(widths=[]))
    with zipfile.ZipFile(path) as package:
        assert b"<cols" not in package.read("xl/worksheets/sheet1.xml")
    assert openpyxl.load_workbook(path).worksheets[0]["A1"].value == "只有一格"
