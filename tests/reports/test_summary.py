"""The summary PDF: its tables carry the report's figures and its charts are drawn as vectors."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from equipinv.listing import SummaryReport
from reports.summary import render_summary_pdf

from .samples import FILLER, dark_fraction, page_texts, summary_report


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory):
    report = summary_report()
    path = tmp_path_factory.mktemp("summary") / "summary.pdf"
    return report, path, render_summary_pdf(report, path)


def test_tables_hold_the_figures(summary) -> None:
    report, path, result = summary
    whole = "".join(page_texts(path))
    assert result.pages == len(PdfReader(path).pages) >= 2
    table = report.level_table()
    for category, counts in table.items():
        row = category + "".join(str(counts[lv]) for lv in report.level_labels) + str(sum(counts.values()))
        assert row in whole, row
    per_level = [sum(counts[lv] for counts in table.values()) for lv in report.level_labels]
    total_row = "合计" + "".join(map(str, per_level)) + str(sum(c.units for c in report.level_counts))
    assert total_row in whole
    for e in report.eliminations:
        assert "".join(e.basis.split()) in whole and e.deadline in whole
    invest = sum(y.investment_yuan for y in report.plan_years)
    tce = sum(y.saving_tce for y in report.plan_years)
    assert f"合计25{invest:,.0f}{tce:,.2f}" in whole


def test_charts_are_vector_with_design_life_markers(summary) -> None:
    report, path, _ = summary
    whole = "".join(page_texts(path))
    assert "各类设备能效水平分布（台）" in whole and "更新计划投资（万元）" in whole
    for age in report.age:
        assert f"{age.category_label}：役龄分布（台）" in whole
        assert f"设计年限{age.design_life_years:g}年" in whole
    for page in PdfReader(path).pages:
        xobjects = page["/Resources"].get("/XObject", {})
        assert all(x.get_object()["/Subtype"] != "/Image" for x in xobjects.values())
    assert dark_fraction(path, 1) > 0.01


def test_empty_summary_says_none_in_each_part(tmp_path: Path) -> None:
    result = render_summary_pdf(SummaryReport("某企业设备汇总", "山西吕梁离石焦化有限公司", FILLER),
                                tmp_path / "empty.pdf")
    (text,) = page_texts(tmp_path / "empty.pdf")
    assert result.pages == 1 and text.count("无") >= 4
    assert "设计年限" in text and "役龄分布" not in text
