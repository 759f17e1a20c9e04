"""The summary report as an XLSX workbook: the PDF's five parts, one sheet each, as cells a bureau can sum.

Sheets: 能效水平, 役龄, 强制淘汰, 更新计划, 目标进度. Each starts with the title, the scope and the filing date,
then a header row (frozen) and the figures. The targets sheet has one block per region and per plan, with
the cells the PDF's table shows (`reports.summary.target_cells`) and the closers' table under a target when
present, then the PDF's now → projected → target chart as native Excel column charts: one for the share
targets (in %) and one for the count targets (台、辆), each drawn from a block of numeric cells above it, so a
bureau can restyle the chart or reuse its figures (`_target_charts`). Numbers are numeric cells, texts
string cells (quote-prefixed where a spreadsheet might read a formula, `reports.xlsx.text_cell`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from equipinv.listing import SummaryReport
from equipinv.targets.rows import RegionTargets

from . import palette
from .summary import TARGET_HEADER, target_cells
from .xlsx import display_width, text_cell

_WIDTHS = {"目标进度": (24, 50, 24, 10, 28, 12, 50)}
CHART_HEADER = ("目标（文号）", "现值", "按计划预计", "目标值", "预计年份")
CHARTS = (("share", "比例目标：现值 → 按计划预计 → 目标（%）", "percent"),
          ("count", "数量目标：现值 → 按计划预计 → 目标（台、辆）", "number"))
_CHART_ROWS = 18  # rows the chart covers below its figures (y_scale 1.2 of XlsxWriter's 288 px at 20 px a row)
_FONT = {"name": "等线"}


class _Sheet:
    """One sheet being written row by row, remembering the widest text of each column."""

    def __init__(self, book: xlsxwriter.Workbook, name: str, report: SummaryReport, formats: dict[str, Any]) -> None:
        self.ws: Worksheet = book.add_worksheet(name)
        self.formats, self.row, self.widths = formats, 0, [8] * 12
        self.name = name
        for text in (report.title, report.scope, f"填报日期：{report.filler.date.isoformat()}"):
            self.line([text], "title" if text == report.title else "plain")

    def line(self, values: Sequence[Any], style: str = "plain", number: str = "number") -> None:
        for col, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, str):
                text, name = text_cell(value, style) or (value, style)
                self.ws.write_string(self.row, col, text, self.formats[name])
                self.widths[col] = max(self.widths[col], min(display_width(value) + 2, 50))
            else:
                self.ws.write_number(self.row, col, value, self.formats[number])
        self.row += 1

    def header(self, names: Sequence[str]) -> None:
        self.line(names, "header")

    def finish(self) -> None:
        widths = _WIDTHS.get(self.name, self.widths)
        for col, width in enumerate(widths):
            self.ws.set_column(col, col, width)
        self.ws.freeze_panes(3, 0)


def _target_charts(sheet: _Sheet, book: xlsxwriter.Workbook, region: RegionTargets) -> None:
    """The region's targets the PDF charts (`TargetRow.charted`), as figures and a clustered column chart per
    kind: 现值, 按计划预计 and 目标值 of each target side by side. A figure the data cannot give stays an empty
    cell (no bar), never 0."""
    for kind, title, number in CHARTS:
        rows = [r for r in region.rows if r.kind == kind and r.charted]
        if not rows:
            continue
        sheet.line([f"图：{region.title}{title}"], "bold")
        sheet.header(CHART_HEADER)
        first = sheet.row
        for r in rows:
            sheet.line([f"{r.label}（{r.document_number}）", r.now_value, r.projected_value, r.target_value,
                        f"{r.projected_year}年" if r.projected_year else "计划未涉及"], number=number)
        last = sheet.row - 1
        chart = book.add_chart({"type": "column"})
        share = kind == "share"
        for col, fill in zip((1, 2, 3), palette.TARGET_BARS, strict=True):
            chart.add_series({"name": [sheet.name, first - 1, col], "categories": [sheet.name, first, 0, last, 0],
                              "values": [sheet.name, first, col, last, col], "fill": {"color": fill},
                              "data_labels": {"value": True, "num_format": "0.0%" if share else "#,##0",
                                              "font": _FONT}})
        values = [v for r in rows for v in (r.now_value, r.projected_value, r.target_value) if v is not None]
        chart.set_title({"name": f"{region.title}{title}", "name_font": {**_FONT, "size": 12}})
        chart.set_x_axis({"num_font": _FONT})
        chart.set_y_axis({"min": 0, "num_font": _FONT, "num_format": "0%" if share else "#,##0",
                          **({"max": max([1.0, *values])} if share else {})})
        chart.set_legend({"position": "bottom", "font": _FONT})
        sheet.ws.insert_chart(sheet.row, 0, chart, {"x_scale": 2.0, "y_scale": 1.2})
        sheet.row += _CHART_ROWS


def _targets(sheet: _Sheet, book: xlsxwriter.Workbook, report: SummaryReport) -> None:
    if not report.targets:
        sheet.line([report.targets_note or "无"])
    for region in report.targets:
        sheet.line([f"{region.title}：{region.headline}"], "bold")
        sheet.line([region.lines])
        document = None
        for row in region.rows:
            if row.document != document:
                document = row.document
                sheet.line([f"【{document}】"], "bold")
                sheet.header(TARGET_HEADER)
            sheet.line(target_cells(row)[:len(TARGET_HEADER)], "wrap")
            if row.closers:
                sheet.line([f"{row.label}：最低成本的补足措施"], "bold")
                sheet.header(row.closers.header)
                for closer in row.closers.rows:
                    sheet.line(closer, "wrap")
        sheet.line([])
        _target_charts(sheet, book, region)


def render_summary_xlsx(report: SummaryReport, path: str | Path) -> dict[str, Any]:
    """Write the summary's five parts to `path`; returns the file, its sheets and rows."""
    book = xlsxwriter.Workbook(str(path))
    base = {"font_name": "等线", "font_size": 11}
    formats = {"plain": book.add_format(base), "quoted": book.add_format({**base, "quote_prefix": True}),
               "wrap": book.add_format({**base, "text_wrap": True, "valign": "top"}),
               "title": book.add_format({**base, "bold": True, "font_size": 14}),
               "bold": book.add_format({**base, "bold": True}),
               "header": book.add_format({**base, "bold": True, "border": 1, "bg_color": "#D9D9D9", "text_wrap": True}),
               "number": book.add_format({**base, "num_format": "#,##0.##"}),
               "percent": book.add_format({**base, "num_format": "0.0%"})}
    parts: list[tuple[str, Sequence[str], list[list[Any]]]] = [
        ("能效水平", ["设备类别", *report.levels(), "合计"],
         [[cat, *(counts[lv] for lv in report.levels()), sum(counts.values())]
          for cat, counts in report.level_table().items()]),
        ("役龄", ["设备类别", "设计年限（年）", "台数", "超过设计年限（台）"],
         [[a.category_label, a.design_life_years, sum(a.counts), a.past_design_life] for a in report.age]),
        ("强制淘汰", ["设备类别", "淘汰标准", "台数", "淘汰时间表"],
         [[e.category_label, e.basis, e.units, e.deadline] for e in report.eliminations]),
        ("更新计划", ["年度", "更新台数", "投资（元）", "年节能量（tce）", "年减碳量（tCO2）"],
         [[str(y.year), y.units, y.investment_yuan, y.saving_tce, y.reduction_tco2] for y in report.plan_years]),
    ]
    rows = 0
    for name, header, body in parts:
        sheet = _Sheet(book, name, report, formats)
        sheet.header(header)
        for values in body or [["无"]]:
            sheet.line(values)
        rows += len(body)
        sheet.finish()
    sheet = _Sheet(book, "目标进度", report, formats)
    _targets(sheet, book, report)
    for i, note in enumerate(report.notes, start=1):
        sheet.line([f"注{i}：{note}"])
    sheet.finish()
    rows += sum(len(r.rows) for r in report.targets)
    book.close()
    return {"path": str(Path(path).resolve()), "sheets": [p[0] for p in parts] + ["目标进度"], "rows": rows}
