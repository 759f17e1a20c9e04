"""The summary's targets part: the rows `equipinv targets` computes, in the PDF (read back with pdftotext,
charts drawn as vectors) and the XLSX (read back with openpyxl), with the closers' table when there is one."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from openpyxl.chart import BarChart
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.worksheet import Worksheet
from pypdf import PdfReader
from sqlmodel import Session, select

from equipinv.codes import make_credit_code
from equipinv.db import open_database, session_scope
from equipinv.lists import Scope
from equipinv.models import Enterprise, Equipment, Plan, PlanItem
from equipinv.summary import build_summary
from equipinv.targets import assess_targets
from equipinv.targets.rows import Closers, region_targets
from reports.documents import write_document
from reports.summary import TARGET_HEADER, render_summary_pdf, target_cells
from reports.summary_xlsx import CHARTS, render_summary_xlsx

AS_OF = dt.date(2026, 12, 3)


def _squash(text: str) -> str:
    return "".join(text.split())


def _pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> sa.Engine:
    """A Zhangjiakou works: 5 key-process machine tools, 4 of them CNC; a 2023 baseline and its own plan."""
    engine = open_database(tmp_path_factory.mktemp("targets") / "ledger.sqlite")
    with session_scope(engine) as session:
        works = Enterprise(credit_code=make_credit_code("91130705MA0TEXT21"), name="宣化机械", region_code="130705",
                           industry_code="3431", equipment_investment_2023_yuan=1.0e7)
        session.add(works)
        session.flush()
        tools = [Equipment(enterprise_id=works.id, asset_no=f"JC-{i}", name="车床", category="machine_tool",
                           key_process=True, cnc=i < 4) for i in range(5)]
        session.add_all(tools)
        plan = Plan(objective="npv", model_version="test", status="accepted", scope_kind="region",
                    region_code="130700")
        session.add(plan)
        session.flush()
        session.add(PlanItem(plan_id=plan.id, equipment_id=tools[4].id, action="energy_saving", year=2027,
                             investment_yuan=1.3e7))
    return engine


@pytest.fixture(scope="module")
def summary(ledger: sa.Engine):
    with Session(ledger) as session:
        report = build_summary(session, Scope.region(session, "130700"), today=AS_OF)
        cli_rows = region_targets(assess_targets(session, "130700", AS_OF))
    return report, cli_rows


def test_the_pdf_shows_every_target_as_the_cli_computes_it(summary, tmp_path: Path) -> None:
    report, cli_rows = summary
    # one code path: the CLI's rows, to which the summary adds each target's closers' table
    assert [tuple(dataclasses.replace(r, closers=None) for r in t.rows) for t in report.targets] == [cli_rows.rows]
    path = tmp_path / "summary.pdf"
    render_summary_pdf(report, path)
    text = _pdftotext(path)
    flat = _squash(text)
    assert "五、规划目标进度" in text and "张家口市（130700）" in text and "张政规〔2024〕4号" in flat
    cnc = next(r for r in cli_rows.rows if r.metric == "key_process_cnc_rate")
    assert (cnc.now, cnc.target, cnc.status) == ("80.0%", "78.0%", "met")
    growth = next(r for r in cli_rows.rows if r.metric == "equipment_investment_growth")
    assert growth.projected == ((2027, "30.0%"),) and "1,000.0万元" in _squash(growth.baseline)
    for row in cli_rows.rows:
        assert _squash(row.quote)[:20] in flat and _squash(row.baseline) in flat
    assert "数据不足：企业数字化研发设计工具的使用情况未在台账中记录" in flat
    assert "2027年30.0%" in flat  # the projection by the region's plan, in the table
    # the charts: now -> projected -> target, drawn as vector text and bars, not images
    assert flat.count("2027年目标") >= 2 and "预计2027年" in flat and "现值" in flat
    for page in PdfReader(path).pages:
        xobjects = page["/Resources"].get("/XObject", {})
        assert all(x.get_object()["/Subtype"] != "/Image" for x in xobjects.values())


def test_the_xlsx_has_the_same_cells(summary, tmp_path: Path) -> None:
    report, cli_rows = summary
    result = write_document(report, "xlsx", tmp_path / "summary.xlsx", font=None)
    book = openpyxl.load_workbook(result["path"])
    assert book.sheetnames == ["能效水平", "役龄", "强制淘汰", "更新计划", "目标进度"]
    rows = [tuple(c for c in r if c is not None) for r in book["目标进度"].iter_rows(values_only=True)]
    assert TARGET_HEADER in rows
    for row in cli_rows.rows:
        assert tuple(target_cells(row)) in rows, row.label
    cnc = next(r for r in rows if r and str(r[0]).startswith("关键工序数控化率"))
    assert cnc[3:6] == ("80.0%", "—", "78.0%") and cnc[6].startswith("已达到")
    assert any("数据不足" in str(r[-1]) for r in rows if len(r) == len(TARGET_HEADER))


def _cells(sheet: Worksheet, ref: str) -> list[object]:
    """The values of the cells a chart's reference names ("'目标进度'!$B$12:$B$14"), read from the sheet."""
    name, _, cells = ref.rpartition("!")
    assert name.strip("'") == sheet.title
    low, top, high, bottom = range_boundaries(cells.replace("$", ""))
    return [sheet.cell(row, col).value for row in range(top, bottom + 1) for col in range(low, high + 1)]


def test_the_xlsx_charts_now_projected_target_natively_from_its_own_cells(summary, tmp_path: Path) -> None:
    report, cli_rows = summary
    path = Path(render_summary_xlsx(report, tmp_path / "charts.xlsx")["path"])
    sheet = openpyxl.load_workbook(path)["目标进度"]
    charts = sheet._charts
    charted = [r for r in cli_rows.rows if r.charted]
    kinds = [kind for kind, _, _ in CHARTS if any(r.kind == kind for r in charted)]
    assert len(charts) == len(kinds) >= 1 and all(isinstance(c, BarChart) and c.type == "col" for c in charts)
    for chart, kind in zip(charts, kinds, strict=True):
        rows = [r for r in charted if r.kind == kind]
        assert [_cells(sheet, s.tx.strRef.f) for s in chart.series] == [["现值"], ["按计划预计"], ["目标值"]]
        categories = [_cells(sheet, (s.cat.strRef or s.cat.numRef).f) for s in chart.series]
        assert categories == [[f"{r.label}（{r.document_number}）" for r in rows]] * 3
        expected = ([r.now_value for r in rows], [r.projected_value for r in rows], [r.target_value for r in rows])
        for series, figures in zip(chart.series, expected, strict=True):  # Excel keeps 15 digits: 0.3, not 0.30…04
            assert _cells(sheet, series.val.numRef.f) == pytest.approx(figures, rel=1e-12)
        assert chart.anchor._from.row > max(_rows_of(s.val.numRef.f) for s in chart.series)  # below its figures
    cnc = next(r for r in charted if r.metric == "key_process_cnc_rate")
    assert (cnc.now_value, cnc.target_value) == (0.8, 0.78)  # the figures charted are the CLI's, as numbers
    share = charts[kinds.index("share")]
    assert "0%" in share.y_axis.numFmt.formatCode and share.y_axis.scaling.min == 0
    with zipfile.ZipFile(path) as archive:  # the chart as Excel stores it: a native chart part, no image
        assert [n for n in archive.namelist() if n.startswith("xl/charts/")] == [
            f"xl/charts/chart{i}.xml" for i in range(1, len(kinds) + 1)]
        assert not [n for n in archive.namelist() if n.startswith("xl/media/")]


def _rows_of(ref: str) -> int:
    """The last row (0-based) a reference covers."""
    return range_boundaries(ref.rpartition("!")[2].replace("$", ""))[3] - 1


def test_closers_slot_in_as_a_table_under_their_target(summary, tmp_path: Path) -> None:
    report, _ = summary
    region = report.targets[0]
    closers = Closers(("设备", "措施", "投资（万元）"), (("JC-4 车床", "更新为数控机床", "12.0"),))
    rows = tuple(dataclasses.replace(r, closers=closers) if r.metric == "key_process_cnc_rate" else r
                 for r in region.rows)
    with_closers = dataclasses.replace(report, targets=[dataclasses.replace(region, rows=rows)])
    pdf = tmp_path / "closers.pdf"
    render_summary_pdf(with_closers, pdf)
    flat = _squash(_pdftotext(pdf))
    assert "关键工序数控化率：最低成本的补足措施" in flat
    assert all(cell in flat for cell in ("投资（万元）", "JC-4车床", "更新为数控机床", "12.0"))
    render_summary_xlsx(with_closers, tmp_path / "closers.xlsx")
    cells = [tuple(c for c in r if c is not None)
             for r in openpyxl.load_workbook(tmp_path / "closers.xlsx")["目标进度"].iter_rows(values_only=True)]
    assert ("设备", "措施", "投资（万元）") in cells and ("JC-4 车床", "更新为数控机床", "12.0") in cells


def test_an_enterprise_summary_says_where_the_targets_are(ledger: sa.Engine, tmp_path: Path) -> None:
    with Session(ledger) as session:
        works = session.exec(select(Enterprise)).one()
        report = build_summary(session, Scope.enterprise(works), today=AS_OF)
    assert report.targets == [] and "按地区统计" in (report.targets_note or "")
    render_summary_pdf(report, tmp_path / "enterprise.pdf")
    assert "目标进度按地区统计" in _squash(_pdftotext(tmp_path / "enterprise.pdf"))
