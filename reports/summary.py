"""The summary report (:class:`equipinv.listing.SummaryReport`) as a PDF with vector charts.

Five parts, each a table of the figures followed by its chart: benchmark levels by category,
age against design life, mandatory eliminations with their deadlines, the plan's investment
and savings by year, and the plans' targets (now → projected → target). A part without data says
"无" instead of drawing an empty chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, Flowable, Table

from equipinv.listing import SummaryReport
from equipinv.targets.rows import RegionTargets, TargetRow

from . import cells, charts
from .fonts import ResolvedFont
from .layout import (
    FRAME_WIDTH,
    RenderResult,
    Styles,
    end_with_sign_off,
    filler_block,
    font_for,
    make_styles,
    mark_missing,
    para,
    render_story,
)


def _texts(report: SummaryReport) -> list[str]:
    f = report.filler
    texts = [report.title, report.scope, f.unit, f.person, f.phone, *report.notes, *report.levels()]
    texts += [c.category_label for c in report.level_counts] + [c.level_label for c in report.level_counts]
    texts += [a.category_label for a in report.age]
    texts += [t for e in report.eliminations for t in (e.category_label, e.basis, e.deadline)]
    texts += [c.basis_kind_label for c in report.basis_counts]
    texts += [report.targets_note or ""] + [t for r in report.targets for t in (r.title, r.headline, r.lines)]
    texts += [t for r in report.targets for row in r.rows for t in target_cells(row)]
    return texts


TARGET_HEADER = ("目标", "规划原文", "基准", "现值", "按已接受计划预计", "目标值", "差距或缺少的数据")


def target_cells(row: TargetRow) -> list[str]:
    """A target's cells in the summary's table (the XLSX writes the same), the closers' texts after them."""
    projected = "；".join(f"{y}年 {v}" for y, v in row.projected) or "—"
    outcome = row.outcome + (f"。{row.note}" if row.note else "")
    closers = [t for line in row.closers.rows for t in line] if row.closers else []
    return [f"{row.label}（{row.year}年）", row.quote, row.baseline, row.now, projected, row.target, outcome,
            *closers]


class _Builder:
    """Holds the styles and the missing-character marker while the story is assembled."""

    def __init__(self, styles: Styles, font: str, missing: frozenset[str]) -> None:
        self.styles, self.font, self.missing = styles, font, missing

    def p(self, text: str, style: Any = None) -> Flowable:
        return para(mark_missing(text, self.missing), style or self.styles.cell)

    def table(self, header: Sequence[str], rows: list[list[Any]], widths: Sequence[float],
              total_row: bool = False, decimals: Sequence[int] = ()) -> Table:
        """A ruled table of paragraphs; numbers (non-str cells) are formatted and right-aligned.

        ``decimals[i]`` is the number of decimals of column ``i`` (0 where not given).
        """
        places = list(decimals) + [0] * len(header)

        def cell(i: int, v: Any) -> Any:
            if isinstance(v, str):
                return self.p(v)
            return cells.MISSING if v is None else f"{v:,.{places[i]}f}"
        data = [[self.p(h, self.styles.cell_center) for h in header]]
        empty = [[self.p(cells.EMPTY_TEXT)] + [""] * (len(header) - 1)]
        data += [[cell(i, v) for i, v in enumerate(row)] for row in rows] or empty
        style: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), self.font, 8, 10),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9D9D9")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ]
        if not rows:
            style.append(("SPAN", (0, 1), (-1, 1)))
        if total_row and rows:
            style.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#F5F5F5")))
        total = sum(widths)
        return Table(data, colWidths=[FRAME_WIDTH * w / total for w in widths], repeatRows=1,
                     style=style, hAlign="LEFT")

    def heading(self, text: str) -> list[Flowable]:
        return [CondPageBreak(120), self.p(text, self.styles.heading)]


def _levels(b: _Builder, report: SummaryReport) -> list[Flowable]:
    table, levels = report.level_table(), report.levels()
    rows: list[list[Any]] = [[cat, *(counts[level] for level in levels), sum(counts.values())]
                             for cat, counts in table.items()]
    if table:
        per_level = [sum(counts[level] for counts in table.values()) for level in levels]
        rows.append(["合计", *per_level, sum(per_level)])
    out = b.heading("一、主要用能设备能效水平分布（台/套）")
    out.append(b.table(["设备类别", *levels, "合计"], rows, [2.2] + [1.0] * (len(levels) + 1),
                       total_row=True))
    if table:
        out.append(charts.level_chart(table, levels, b.font, width=FRAME_WIDTH))
    return out


def _ages(b: _Builder, report: SummaryReport) -> list[Flowable]:
    out = b.heading("二、设备役龄与设计年限")
    rows = [[a.category_label, a.design_life_years, sum(a.counts), a.past_design_life]
            for a in report.age]
    out.append(b.table(["设备类别", "设计年限（年）", "台数（台/套）", "超过设计年限（台/套）"], rows, [2.2, 1, 1, 1.2]))
    drawings = [charts.age_chart(a, b.font) for a in report.age if a.counts]
    for i in range(0, len(drawings), 2):  # two small charts per row
        pair = drawings[i:i + 2]
        out.append(Table([pair], colWidths=[FRAME_WIDTH / 2] * len(pair), hAlign="LEFT",
                         style=[("FONT", (0, 0), (-1, -1), b.font)]))  # else Helvetica, unembedded
    return out


def _eliminations(b: _Builder, report: SummaryReport) -> list[Flowable]:
    """The elimination total made up by basis kind (rows and pieces, as the list states it), then by deadline."""
    out = b.heading("三、依法依规强制淘汰设备及期限")
    kinds: list[list[Any]] = [[c.basis_kind_label, c.rows, c.pieces] for c in report.basis_counts]
    if kinds:
        kinds.append(["合计", sum(c.rows for c in report.basis_counts), sum(c.pieces for c in report.basis_counts)])
        out.append(b.p("淘汰总数按依据类别构成（与《设备淘汰清单》一致；每台设备只计一次，计入最强的依据类别）："))
    out.append(b.table(["依据类别", "台账行数（行）", "设备数（台/套）"], kinds, [2.2, 1, 1], total_row=True))
    rows = [[e.category_label, e.basis, e.units, e.deadline] for e in report.eliminations]
    if rows:
        rows.append(["合计", "", sum(e.units for e in report.eliminations), ""])
    out.append(b.p("按设备类别、依据和期限（台/套）："))
    out.append(b.table(["设备类别", "淘汰标准", "台数", "淘汰时间表"], rows, [1.6, 4.5, 0.8, 1.4],
                       total_row=True))
    return out


def _plan(b: _Builder, report: SummaryReport) -> list[Flowable]:
    out = b.heading("四、更新计划投资与节能降碳（按年度）")
    ys = report.plan_years
    rows: list[list[Any]] = [[str(y.year), y.units, y.investment_yuan, y.saving_tce, y.reduction_tco2]
                             for y in ys]
    if rows:
        rows.append(["合计", sum(y.units for y in ys), sum(y.investment_yuan for y in ys),
                     sum(y.saving_tce for y in ys), sum(y.reduction_tco2 for y in ys)])
    out.append(b.table(["年度", "更新台数（台/套）", "投资（元）", "年节能量（tce）", "年减碳量（tCO2）"], rows,
                       [1, 1, 1.5, 1.5, 1.5], total_row=True, decimals=[0, 0, 0, 2, 2]))
    if ys:
        out.append(charts.plan_charts(ys, b.font, width=FRAME_WIDTH))
    return out


def _region_targets(b: _Builder, region: RegionTargets) -> list[Flowable]:
    out = [b.p(f"{region.title}：{region.headline}"), b.p(region.lines)]
    document = None
    for row in region.rows:
        if row.document != document:
            document = row.document
            rows = [target_cells(r)[:len(TARGET_HEADER)] for r in region.rows if r.document == document]
            out += [b.p(f"【{document}】"), b.table(TARGET_HEADER, [list(r) for r in rows],
                                                   [1.4, 3.2, 1.3, 0.7, 1.3, 0.8, 2.6])]
            for r in region.rows:
                if r.document == document and r.closers:
                    out += [b.p(f"{r.label}：最低成本的补足措施"),
                            b.table(r.closers.header, [list(c) for c in r.closers.rows], [1.0] * len(r.closers.header))]
    drawings = [charts.target_chart(r, b.font) for r in region.rows if r.charted]
    for i in range(0, len(drawings), 2):  # two small charts per row, as the ages
        pair = drawings[i:i + 2]
        out.append(Table([pair], colWidths=[FRAME_WIDTH / 2] * len(pair), hAlign="LEFT",
                         style=[("FONT", (0, 0), (-1, -1), b.font)]))
    return out


def _targets(b: _Builder, report: SummaryReport) -> list[Flowable]:
    out = b.heading("五、规划目标进度（现值 → 按计划预计 → 目标）")
    if not report.targets:
        out.append(b.p(report.targets_note or cells.EMPTY_TEXT))
    for region in report.targets:
        out += _region_targets(b, region)
    return out


def render_summary_pdf(
    report: SummaryReport,
    path: str | Path,
    font: ResolvedFont | str | None = None,
) -> RenderResult:
    """Write the summary report with its charts to ``path`` (landscape A4, numbered pages)."""
    resolved = font_for(font)
    missing = resolved.missing_chars(_texts(report))
    mark = frozenset(missing)
    styles = make_styles(resolved.name)
    b = _Builder(styles, resolved.name, mark)
    story: list[Flowable] = [
        b.p(report.title, styles.title),
        filler_block(report.filler, report.scope, styles, lambda t: mark_missing(t, mark)),
        *_levels(b, report), *_ages(b, report), *_eliminations(b, report), *_plan(b, report),
        *_targets(b, report),
    ]
    story += [b.p(f"注{i}：{n}", styles.note) for i, n in enumerate(report.notes, start=1)]
    end_with_sign_off(story, report.filler, styles, lambda t: mark_missing(t, mark))
    return render_story(path, story, title=report.title, author=report.filler.unit, font=resolved,
                        running_head=mark_missing(f"{report.title}（续）  {report.filler.unit}", mark), missing=missing,
                        rows=len(report.level_counts))
