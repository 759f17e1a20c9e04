"""The list PDF, checked from the file: pages, repeated headers, totals, text, wrapping, rendering."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from equipinv.listing import ListSection, standard_list
from reports.cells import format_number
from reports.fonts import resolve_font
from reports.pdf import render_list_pdf

from .samples import (
    FILLER,
    column_lines,
    column_right_edge,
    dark_fraction,
    demand_doc,
    elimination_doc,
    elimination_rows,
    page_texts,
    squash,
)


@pytest.fixture(scope="module")
def big_elimination(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, Path, object]:
    doc = elimination_doc(per_enterprise=40)
    path = tmp_path_factory.mktemp("pdf") / "elimination.pdf"
    calls: list[tuple[int, int]] = []
    result = render_list_pdf(doc, path, progress=lambda done, total: calls.append((done, total)))
    return doc, path, (result, calls)


def test_page_count_and_footer_on_every_page(big_elimination) -> None:
    doc, path, (result, _) = big_elimination
    pages = page_texts(path)
    assert len(PdfReader(path).pages) == result.pages == len(pages) > 3
    for number, text in enumerate(pages, start=1):
        assert f"第{number}页共{len(pages)}页" in text


def test_header_row_repeats_on_every_page(big_elimination) -> None:
    doc, path, _ = big_elimination
    headers = ["序号"] + [c.header for c in doc.printed_columns()]
    for number, text in enumerate(page_texts(path), start=1):
        missing = [h for h in headers if squash(h) not in text]
        assert not missing, f"page {number} lacks headers {missing}"


def test_every_row_string_is_extracted_as_written(big_elimination) -> None:
    doc, path, _ = big_elimination
    whole = "".join(page_texts(path))
    for section in doc.sections:
        assert squash(section.title) in whole
        for row in section.rows:
            for key in ("enterprise", "equipment_name", "model", "basis", "replacement_name"):
                assert squash(str(row[key])) in whole, (key, row[key])
    assert squash(doc.title) in whole and squash(FILLER.unit) in whole and "0358-8221234" in whole


def test_subtotals_and_total_match_the_rows(big_elimination) -> None:
    doc, path, _ = big_elimination
    whole = "".join(page_texts(path))
    quantity = doc.column("quantity")
    subtotals = [int(m) for m in re.findall(r"小计(\d+)", whole)]
    assert subtotals == [sum(r["quantity"] for r in s.rows) for s in doc.sections]
    total = re.search(r"合计(\d+)", whole)
    assert total and total.group(1) == format_number(quantity, doc.totals()["quantity"])
    assert int(total.group(1)) == sum(subtotals)


def test_progress_reports_rows_up_to_the_total(big_elimination) -> None:
    doc, _, (result, calls) = big_elimination
    assert calls, "progress was never called"
    done = [d for d, _ in calls]
    assert done == sorted(done) and calls[-1] == (doc.row_count, doc.row_count) == (result.rows, result.rows)


def test_first_page_renders_with_ink(big_elimination) -> None:
    _, path, _ = big_elimination
    share = dark_fraction(path, 1)
    assert 0.005 < share < 0.5, share


def test_font_is_embedded(big_elimination) -> None:
    _, path, (result, _) = big_elimination
    assert not result.warnings
    fonts = [f for page in PdfReader(path).pages for f in page["/Resources"]["/Font"].values()]
    descendant = [f.get_object()["/DescendantFonts"][0].get_object() if "/DescendantFonts" in f.get_object()
                  else f.get_object() for f in fonts]
    assert any("/FontFile2" in d["/FontDescriptor"].get_object() for d in descendant if "/FontDescriptor" in d)


def test_empty_list_says_none(tmp_path: Path) -> None:
    doc = standard_list("new_project", [], filler=FILLER, scope="山西吕梁离石焦化有限公司")
    result = render_list_pdf(doc, tmp_path / "empty.pdf")
    (text,) = page_texts(tmp_path / "empty.pdf")
    assert result.pages == 1 and result.rows == 0
    assert "新建项目设备清单" in text and "无" in text and "计划投产时间" in text
    assert "合计" not in text
    assert dark_fraction(tmp_path / "empty.pdf") > 0.002


def test_long_model_name_wraps_inside_its_column(tmp_path: Path) -> None:
    rows = elimination_rows("山西吕梁离石焦化有限公司", 3)
    long_model = ("YBX3-" + "".join(f"{i:03d}ABCDEFG-" for i in range(50)))[:500]
    rows[1]["model"] = long_model
    doc = standard_list("elimination", [ListSection("", rows)], filler=FILLER)
    font = resolve_font()
    render_list_pdf(doc, tmp_path / "long.pdf", font=font)
    lines = column_lines(tmp_path / "long.pdf", doc, "model")
    joined = "".join(t for _, t in lines)
    assert long_model in joined, "the whole model name is printed, in its own column"
    assert len(lines) > 10, "it wraps onto many lines"
    right = column_right_edge(doc, "model")
    for x, line in lines:
        assert x + stringWidth(line, font.name, 8) <= right, (line, x, right)


def test_row_taller_than_a_page_continues_on_the_next(tmp_path: Path) -> None:
    rows = elimination_rows("山西吕梁离石焦化有限公司", 2)
    basis = "依据《产业结构调整指导目录（2024年本）》淘汰类第十二项。" * 120
    rows[0]["basis"] = basis
    doc = standard_list("elimination", [ListSection("", rows)], filler=FILLER)
    result = render_list_pdf(doc, tmp_path / "tall.pdf")
    printed = "".join(t for _, t in column_lines(tmp_path / "tall.pdf", doc, "basis"))
    assert result.pages >= 2
    assert basis in printed and printed.count("第十二项") == 120, "no line is lost or repeated"


def test_sections_by_industry_with_money_totals(tmp_path: Path) -> None:
    doc = demand_doc()
    render_list_pdf(doc, tmp_path / "demand.pdf")
    whole = "".join(page_texts(tmp_path / "demand.pdf"))
    assert "行业：C2521炼焦" in whole and "行业：C1512白酒制造" in whole
    money = format_number(doc.column("investment_yuan"), doc.totals()["investment_yuan"])
    tce = format_number(doc.column("annual_saving_tce"), doc.totals()["annual_saving_tce"])
    assert f"合计{doc.totals()['quantity']:.0f}" in whole
    assert money in whole and tce in whole
    assert "—" in whole, "a missing payback shows as missing, not 0"


def test_pasted_control_characters_do_not_reach_the_page(tmp_path: Path) -> None:
    rows = elimination_rows("山西吕梁离石焦化有限公司", 1)
    rows[0]["remark"] = "铭牌\x07缺失\t待补\r\n现场核实"
    doc = standard_list("elimination", [ListSection("", rows)], filler=FILLER)
    render_list_pdf(doc, tmp_path / "ctl.pdf")
    text = PdfReader(tmp_path / "ctl.pdf").pages[0].extract_text()
    assert "铭牌缺失待补现场核实" in squash(text)
    assert not any(c in text for c in "\x07\t\r")
