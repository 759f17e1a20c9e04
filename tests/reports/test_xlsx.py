"""The XLSX lists read back with openpyxl: layout, numbers and formats, totals, no formulas."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from equipinv.listing import ListSection, standard_list
from reports.xlsx import HEADER_ROW, display_width, render_list_xlsx

from .samples import FILLER, demand_doc, elimination_doc, elimination_rows


@pytest.fixture(scope="module")
def demand_sheet(tmp_path_factory: pytest.TempPathFactory):
    doc = demand_doc(rows_per_industry=6)
    path = tmp_path_factory.mktemp("xlsx") / "demand.xlsx"
    result = render_list_xlsx(doc, path)
    return doc, result, openpyxl.load_workbook(path).worksheets[0]


def _header(ws) -> list[str]:
    return [c.value for c in ws[HEADER_ROW]]


def test_title_filler_and_headers(demand_sheet) -> None:
    doc, result, ws = demand_sheet
    assert result.sheets == [ws.title] == ["设备更新和技术改造需求清单"]
    assert ws["A1"].value == doc.title and ws["A1"].font.b
    assert ws["A2"].value == f"填报单位（盖章）：{FILLER.unit}"
    assert "填报日期：2026年11月20日" in ws["A3"].value and "0358-8221234" in ws["A3"].value
    assert _header(ws) == ["序号", "行业"] + [c.header for c in doc.columns]
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"


def test_numbers_are_numbers_with_formats(demand_sheet) -> None:
    doc, _, ws = demand_sheet
    header = _header(ws)
    first = ws[HEADER_ROW + 1]
    row = doc.sections[0].rows[0]
    by_key = {c.key: first[header.index(c.header)] for c in doc.columns}
    assert by_key["investment_yuan"].value == row["investment_yuan"]
    assert by_key["investment_yuan"].number_format == "#,##0"
    assert by_key["annual_saving_tce"].number_format == "#,##0.00"
    assert by_key["annual_reduction_tco2"].data_type == "n"
    assert by_key["payback_years"].value is None, "a missing number stays empty, not 0"
    assert by_key["quantity"].value == 2 and first[0].value == 1 and first[1].value == "C2521 炼焦"


def test_subtotals_and_total_rows(demand_sheet) -> None:
    doc, _, ws = demand_sheet
    header = _header(ws)
    col = header.index("投资估算（元）")
    sums = {r[1].value: r[col].value for r in ws.iter_rows(min_row=HEADER_ROW + 1)
            if isinstance(r[1].value, str) and r[1].value.endswith(("小计", "合计"))}
    for section in doc.sections:
        assert sums[f"{section.title} 小计"] == pytest.approx(section.subtotal(doc.columns)["investment_yuan"])
    assert sums["合计"] == pytest.approx(doc.totals()["investment_yuan"])
    assert sums["合计"] == pytest.approx(sum(r["investment_yuan"] for s in doc.sections for r in s.rows))


def test_widths_fit_and_count_chinese_double(demand_sheet) -> None:
    doc, _, ws = demand_sheet
    widths = {ws.cell(HEADER_ROW, i + 1).value: ws.column_dimensions[chr(ord("A") + i)].width
              for i in range(len(_header(ws)))}
    longest_enterprise = max(display_width(r["enterprise"]) for s in doc.sections for r in s.rows)
    assert widths["项目单位"] >= longest_enterprise >= 2 * len("孝义市金达煤化工有限责任公司")
    assert widths["型号"] < widths["项目单位"]


def test_text_a_spreadsheet_would_run_stays_text(tmp_path: Path) -> None:
    rows = elimination_rows("山西吕梁离石焦化有限公司", 4)
    risky = ["=HYPERLINK(\"http://x\",\"点我\")", "+86-358-1234", "-Y2-315", "@SUM(A1)"]
    for row, text in zip(rows, risky, strict=True):
        row["model"] = text
    rows[0]["remark"] = "含控制字符\x07的备注"
    doc = standard_list("elimination", [ListSection("", rows)], filler=FILLER)
    render_list_xlsx(doc, tmp_path / "risky.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "risky.xlsx").worksheets[0]
    model = _header(ws).index("型号")
    cells = [ws.cell(HEADER_ROW + 1 + i, model + 1) for i in range(4)]
    assert [c.value for c in cells] == risky
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    formulas = [c.coordinate for r in ws.iter_rows() for c in r if c.data_type == "f"]
    assert formulas == []
    remark = ws.cell(HEADER_ROW + 1, _header(ws).index("备注") + 1).value
    assert remark == "含控制字符的备注"


def test_dates_and_phrases_in_the_timetable(tmp_path: Path) -> None:
    doc = elimination_doc(per_enterprise=2)
    render_list_xlsx(doc, tmp_path / "e.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "e.xlsx").worksheets[0]
    col = _header(ws).index("淘汰时间表") + 1
    values = [ws.cell(HEADER_ROW + 1 + i, col) for i in range(2)]
    kinds = {type(c.value) for c in values}
    assert str in kinds and dt.datetime in kinds
    assert [c.number_format for c in values if isinstance(c.value, dt.datetime)] == ["yyyy-mm-dd"]


def test_several_lists_one_sheet_each_and_empty_says_none(tmp_path: Path) -> None:
    empty = standard_list("new_project", [], filler=FILLER)
    result = render_list_xlsx([elimination_doc(2), empty], tmp_path / "all.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "all.xlsx")
    assert wb.sheetnames == result.sheets == ["设备淘汰清单", "新建项目设备清单"]
    ws = wb["新建项目设备清单"]
    assert _header(ws)[0] == "序号" and ws.cell(HEADER_ROW + 1, 1).value == "无"
    assert result.rows == 6


def test_large_list_streams_with_progress_and_reads_back(tmp_path: Path) -> None:
    doc = elimination_doc(per_enterprise=4000)
    calls: list[tuple[int, int]] = []
    result = render_list_xlsx(doc, tmp_path / "big.xlsx", progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (12000, 12000) and [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert len(calls) > 2, "progress is reported while writing, not only at the end"
    ws = openpyxl.load_workbook(tmp_path / "big.xlsx", read_only=True).worksheets[0]
    rows = list(ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    data = [r for r in rows if isinstance(r[0], int)]
    assert len(data) == result.rows == 12000
    assert data[-1][0] == 12000 and data[-1][2] == doc.sections[-1].rows[-1]["enterprise"]


def test_text_only_columns_need_no_number_formats(tmp_path: Path) -> None:
    from equipinv.listing import Column, ListDocument

    doc = ListDocument("problems", "问题清单", [Column("issue", "问题"), Column("owner", "责任单位")],
                       [ListSection("", [{"issue": "电机未达准入水平", "owner": "离石区工信局"}])])
    render_list_xlsx(doc, tmp_path / "p.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "p.xlsx").worksheets[0]
    assert _header(ws) == ["序号", "问题", "责任单位"]
    assert [c.value for c in ws[HEADER_ROW + 1]] == [1, "电机未达准入水平", "离石区工信局"]


def test_print_setup_filter_and_sign_off_block(tmp_path: Path) -> None:
    doc = elimination_doc(per_enterprise=3)
    render_list_xlsx(doc, tmp_path / "print.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "print.xlsx").worksheets[0]
    setup = ws.page_setup
    assert setup.orientation == "landscape" and setup.paperSize == 9
    # fitToWidth is left out when it is 1, its default in ECMA-376
    assert ws.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth in (None, 1) and setup.fitToHeight == 0
    assert ws.print_title_rows.replace("$", "") == "1:5", "the title rows and the header repeat on every printed page"
    last_data = HEADER_ROW + doc.row_count + (len(doc.sections) if len(doc.sections) > 1 else 0)
    assert ws.auto_filter.ref.startswith(f"A{HEADER_ROW}:")
    assert int("".join(ch for ch in ws.auto_filter.ref.split(":")[1] if ch.isdigit())) <= last_data
    texts = [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
    sign_off = [t for t in texts if t.startswith("填报单位（盖章）：") and "审核人：" in t]
    assert len(sign_off) == 1 and FILLER.unit in sign_off[0] and "填报人：" in sign_off[0] and FILLER.phone in sign_off[0]
    assert "填报日期：2026年11月20日" in sign_off[0]
    assert texts.index(sign_off[0]) == len(texts) - 1, "the form ends with its sign-off block"


def test_whole_numbers_are_integers_and_long_text_wraps(tmp_path: Path) -> None:
    rows = elimination_rows("山西吕梁离石焦化有限公司", 3)
    rows[0]["quantity"] = 2.0
    rows[1]["remark"] = "备注" * 60  # wider than a column may grow
    doc = standard_list("elimination", [ListSection("", rows)], filler=FILLER)
    render_list_xlsx(doc, tmp_path / "ints.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "ints.xlsx").worksheets[0]
    header = _header(ws)
    quantity = ws.cell(HEADER_ROW + 1, header.index("数量") + 1)
    assert quantity.value == 2 and isinstance(quantity.value, int)
    total = [r for r in ws.iter_rows(min_row=HEADER_ROW + 1) if r[0].value == "合计"][0]
    assert isinstance(total[header.index("数量")].value, int)
    remark = ws.cell(HEADER_ROW + 2, header.index("备注") + 1)
    assert remark.alignment.wrap_text
    assert not ws.cell(HEADER_ROW + 2, header.index("型号") + 1).alignment.wrap_text
