"""The summary report as an XLSX workbook: the PDF's five parts, one sheet each, as cells a bureau can sum.

Sheets: 能效水平, 役龄, 强制淘汰, 更新计划, 目标进度. Each starts with the title, the scope and the filing date,
then a header row (frozen) and the figures. The targets sheet has one block per region and per plan, with
the cells the PDF's table shows (`reports.summary.target_cells`) and the closers' table under a target when
present. Numbers are numeric cells, texts string cells (quote-prefixed where a spreadsheet might read a
formula, `reports.xlsx.text_cell`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from equipinv.listing import SummaryReport

from .summary import TARGET_HEADER, target_cells
from .xlsx import display_width, text_cell

_WIDTHS = {"目标进度": (24, 50, 24, 10, 28, 12, 50)}


class _Sheet:
    """One sheet being written row by row, remembering the widest text of each column."""

    def __init__(self, book: xlsxwriter.Workbook, name: str, report: SummaryReport, formats: dict[str, Any]) -> None:
        self.ws: Worksheet = book.add_worksheet(name)
        self.formats, self.row, self.widths = formats, 0, [8] * 12
        self.name = name
        for text in (report.title, report.scope, f"填报日期：{report.filler.date.isoformat()}"):
            self.line([text], "title" if text == report.title else "plain")

    def line(self, values: Sequence[Any], style: str = "plain") -> None:
        for col, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, str):
                text, name = text_cell(value, style) or (value, style)
                self.ws.write_string(self.row, col, text, self.formats[name])
                self.widths[col] = max(self.widths[col], min(display_width(value) + 2, 50))
            else:
                self.ws.write_number(self.row, col, value, self.formats["number"])
        self.row += 1

    def header(self, names: Sequence[str]) -> None:
        self.line(names, "header")

    def finish(self) -> None:
        widths = _WIDTHS.get(self.name, self.widths)
        for col, width in enumerate(widths):
            self.ws.set_column(col, col, width)
        self.ws.freeze_panes(3, 0)


def _targets(sheet: _Sheet, report: SummaryReport) -> None:
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


def render_summary_xlsx(report: SummaryReport, path: str | Path) -> dict[str, Any]:
    """Write the summary's five parts to `path`; returns the file, its sheets and rows."""
    book = xlsxwriter.Workbook(str(path))
    base = {"font_name": "等线", "font_size": 11}
    formats = {"plain": book.add_format(base), "quoted": book.add_format({**base, "quote_prefix": True}),
               "wrap": book.add_format({**base, "text_wrap": True, "valign": "top"}),
               "title": book.add_format({**base, "bold": True, "font_size": 14}),
               "bold": book.add_format({**base, "bold": True}),
               "header": book.add_format({**base, "bold": True, "border": 1, "bg_color": "#D9D9D9", "text_wrap": True}),
               "number": book.add_format({**base, "num_format": "#,##0.##"})}
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
    _targets(sheet, report)
    for i, note in enumerate(report.notes, start=1):
        sheet.line([f"注{i}：{note}"])
    sheet.finish()
    rows += sum(len(r.rows) for r in report.targets)
    book.close()
    return {"path": str(Path(path).resolve()), "sheets": [p[0] for p in parts] + ["目标进度"], "rows": rows}
