"""The rendering contract: totals skip missing values, standard lists, no renderer imports."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from equipinv.listing import STANDARD_LISTS, ListSection, standard_list
from reports.cells import format_cell
from reports.fonts import resolve_font
from reports.wrap import NO_LINE_START, Wrapper

from .samples import elimination_doc


def test_totals_sum_totalled_columns_and_skip_missing() -> None:
    doc = standard_list("demand", [
        ListSection("C2521 炼焦", [{"quantity": 2, "investment_yuan": 100.5}, {"quantity": None}]),
        ListSection("C1512 白酒制造", [{"quantity": 3, "investment_yuan": 50.0, "payback_years": 2.0}]),
    ])
    assert doc.totals() == {"quantity": 5.0, "investment_yuan": 150.5, "annual_saving_tce": 0.0,
                            "annual_reduction_tco2": 0.0}
    assert doc.sections[0].subtotal(doc.columns)["quantity"] == 2.0
    assert "payback_years" not in doc.totals(), "a payback period is not summed"
    assert doc.row_count == 3


def test_standard_lists_follow_the_task_split() -> None:
    elimination = [c.header for c in STANDARD_LISTS["elimination"][1]]
    for header in ("淘汰设备名称", "服务年限（年）", "淘汰标准", "淘汰时间表", "更新设备名称"):
        assert header in elimination
    current = [c.header for c in STANDARD_LISTS["current_state"][1]]
    for header in ("项目单位", "项目投产时间", "设计年限（年）", "使用年限（年）", "运行情况", "能效水平"):
        assert header in current
    with pytest.raises(ValueError, match="未知的清单"):
        standard_list("nonsense")


def test_missing_numbers_show_as_missing_not_zero() -> None:
    doc = elimination_doc(1)
    assert format_cell(doc.column("quantity"), None) == "—"
    assert format_cell(doc.column("remark"), None) == ""
    assert format_cell(doc.column("years_in_service"), 12.25) == "12.2"


def test_listing_imports_no_renderer() -> None:
    code = ("import sys, equipinv.listing; print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('reportlab', 'openpyxl', 'textual', 'reports', 'tui')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_wrapper_keeps_lines_within_width_and_words_whole() -> None:
    wrapper = Wrapper(resolve_font().name, 8)
    text = "YE4-315M-4 超高效三相异步电动机，能效1级（GB 18613-2020）。《目录（第二批）》）" * 3
    lines = wrapper.lines(text, 60)
    assert len(lines) > 3
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for width in range(40, 160, 3):  # some width puts closing punctuation at a line end
        for line in wrapper.lines(text, width):
            assert wrapper.text_width(line) <= width, (width, line)
            assert line[0] not in NO_LINE_START, (width, line)
    words = set(re.findall(r"[A-Za-z0-9]+", text))
    for line in lines:
        assert set(re.findall(r"[A-Za-z0-9]+", line)) <= words, f"a Latin word was cut: {line}"


def test_number_kinds_print_with_their_units_decimals() -> None:
    from equipinv.listing import Column
    from reports.xlsx import number_format

    cases = [
        (Column("efficiency_pct", "效率", "percent"), 92.456, "92.5%", '0.0"%"'),
        (Column("investment_yuan", "投资（元）", "yuan"), 1234567.4, "1,234,567", "#,##0"),
        (Column("saving_tce", "节能量（tce）", "tce"), 1234.5, "1,234.50", "#,##0.00"),
        (Column("quantity", "数量", "int"), 12345, "12,345", "0"),
        (Column("rated_power_kw", "功率（kW）", "float", decimals=2), 7.5, "7.50", "0.00"),
    ]
    for column, value, printed, excel in cases:
        assert format_cell(column, value) == printed
        assert number_format(column) == excel


def test_summary_levels_keep_units_of_unnamed_levels() -> None:
    from equipinv.listing import LevelCount, SummaryReport

    report = SummaryReport("汇总", "某县", level_labels=["先进水平", "节能水平"], level_counts=[
        LevelCount("三相异步电动机", "先进水平", 3), LevelCount("三相异步电动机", "未分级", 2),
        LevelCount("电力变压器", "节能水平", 1), LevelCount("三相异步电动机", "先进水平", 1)])
    assert report.levels() == ["先进水平", "节能水平", "未分级"]
    assert report.level_table() == {"三相异步电动机": {"先进水平": 4, "节能水平": 0, "未分级": 2},
                                    "电力变压器": {"先进水平": 0, "节能水平": 1, "未分级": 0}}
