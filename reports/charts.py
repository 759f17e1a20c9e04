"""Vector charts of the summary report, drawn with reportlab.graphics.

Each function takes the summary's plain figures and returns a ``Drawing`` the summary PDF places
like any flowable: level distribution per category (stacked bars), age distribution of one
category with its design life marked, the plan's investment and savings by year, and one target's
value now, projected by the plan and set by the plan (now → projected → target).
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors

from equipinv.listing import AgeDistribution, PlanYear
from equipinv.targets.rows import TargetRow

from . import palette

PALETTE = [colors.HexColor(c) for c in palette.LEVELS]
"""Best level first: green (先进) to red (below access), then grey for ungraded."""


def _title(d: Drawing, text: str, font: str) -> None:
    d.add(String(d.width / 2, d.height - 14, text, fontName=font, fontSize=10, textAnchor="middle"))


def _legend(x: float, y: float, names: Sequence[str], font: str) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = font, 7
    legend.alignment = "right"
    legend.columnMaximum = 8
    legend.boxAnchor = "nw"
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], n) for i, n in enumerate(names)]
    return legend


def level_chart(table: dict[str, dict[str, int]], levels: Sequence[str], font: str,
                width: float = 520, title: str = "各类设备能效水平分布（台）") -> Drawing:
    """Stacked horizontal bars: one bar per category, one stack per level (best first)."""
    categories = list(table)
    height = max(120.0, 40 + 18 * len(categories))
    d = Drawing(width, height, initialFontName=font)  # not the unembedded Helvetica
    _title(d, title, font)
    chart = HorizontalBarChart()
    chart.x, chart.y = 110, 20
    chart.width, chart.height = width - 230, height - 50
    chart.data = [[table[c].get(level, 0) for c in categories] for level in levels] or [[0]]
    chart.categoryAxis.categoryNames = categories
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.categoryAxis.reverseDirection = 1  # first category on top, as in the table
    for i in range(len(levels)):
        chart.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        chart.bars[i].strokeColor = None
    d.add(chart)
    d.add(_legend(width - 110, height - 24, levels, font))
    return d


def age_chart(age: AgeDistribution, font: str, width: float = 360, height: float = 170) -> Drawing:
    """Units per age bin for one category, with a dashed line at its design life."""
    d = Drawing(width, height, initialFontName=font)  # not the unembedded Helvetica
    _title(d, f"{age.category_label}：役龄分布（台）", font)
    edges = age.bin_edges_years
    chart = VerticalBarChart()
    chart.x, chart.y = 36, 34
    chart.width, chart.height = width - 56, height - 70  # room above for the design-life label
    chart.data = [list(age.counts) or [0]]
    chart.categoryAxis.categoryNames = [f"{edges[i]:g}–{edges[i + 1]:g}" for i in range(len(age.counts))]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 6
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = PALETTE[5]
    chart.bars[0].strokeColor = None
    d.add(chart)
    d.add(String(chart.x + chart.width / 2, 6, "使用年限（年）", fontName=font, fontSize=7,
                 textAnchor="middle"))
    life = age.design_life_years
    if life is not None and len(edges) >= 2:
        x = chart.x + chart.width * _bin_position(edges, life)
        d.add(Line(x, chart.y, x, chart.y + chart.height, strokeColor=PALETTE[3], strokeWidth=1.2,
                   strokeDashArray=[3, 2]))
        # The label sits just above the plot area, where no bar can hide it.
        d.add(String(x, chart.y + chart.height + 3, f"设计年限 {life:g} 年", fontName=font,
                     fontSize=7, fillColor=PALETTE[3], textAnchor="middle"))
    return d


def _bin_position(edges: Sequence[float], value: float) -> float:
    """Where ``value`` falls along a row of equal-width bins, as a fraction 0..1 of the axis."""
    n = len(edges) - 1
    if value <= edges[0]:
        return 0.0
    for i in range(n):
        lo, hi = edges[i], edges[i + 1]
        if value < hi:
            return (i + (value - lo) / (hi - lo)) / n
    return 1.0


def plan_charts(years: Sequence[PlanYear], font: str, width: float = 760) -> Drawing:
    """Two bar charts side by side: investment (万元) and savings (tce, tCO2) per plan year."""
    height = 190.0
    d = Drawing(width, height, initialFontName=font)  # not the unembedded Helvetica
    labels = [str(y.year) for y in years] or ["—"]
    half = width / 2
    panels = (
        ("更新计划投资（万元）", [[y.investment_yuan / 1e4 for y in years] or [0]], ["投资"],
         [PALETTE[5]]),
        ("年节能量与减碳量", [[y.saving_tce for y in years] or [0], [y.reduction_tco2 for y in years] or [0]],
         ["节能量（tce）", "减碳量（tCO2）"], PALETTE[:2]),
    )
    for n, (title, data, names, fills) in enumerate(panels):
        x0 = n * half
        d.add(String(x0 + half / 2, height - 14, title, fontName=font, fontSize=10, textAnchor="middle"))
        chart = VerticalBarChart()
        chart.x, chart.y = x0 + 50, 24
        chart.width = half - (80 if len(names) == 1 else 190)  # room for the legend on the right
        chart.height = height - 64
        chart.data = data
        chart.categoryAxis.categoryNames = labels
        for axis in (chart.categoryAxis, chart.valueAxis):
            axis.labels.fontName, axis.labels.fontSize = font, 7
        chart.valueAxis.valueMin = 0
        for i, fill in enumerate(fills):
            chart.bars[i].fillColor = fill
            chart.bars[i].strokeColor = None
        d.add(chart)
        if len(names) > 1:
            legend = _legend(x0 + half - 125, height - 40, names, font)
            legend.colorNamePairs = list(zip(fills, names, strict=False))
            d.add(legend)
    return d


def target_chart(row: TargetRow, font: str, width: float = 360, height: float = 150) -> Drawing:
    """Three bars for one target in its own unit (% or 台/辆): now, projected by the plan, and the target.

    A bar the figures cannot give (no projection, no number in the document) is drawn at 0 and labelled so.
    """
    d = Drawing(width, height, initialFontName=font)  # not the unembedded Helvetica
    _title(d, row.label, font)
    scale = 1.0 if row.kind == "count" else 100.0
    projected = f"预计{row.projected_year}年" if row.projected_year else "预计（计划未涉及）"
    values = [row.now_value, row.projected_value, row.target_value]
    texts = [row.now, dict(row.projected).get(row.projected_year, "无") if row.projected_year else "无",
             row.target if row.target_value is not None else "未给数值"]
    chart = VerticalBarChart()
    chart.x, chart.y = 46, 22
    chart.width, chart.height = width - 70, height - 58
    chart.data = [[(v or 0.0) * scale for v in values]]
    chart.categoryAxis.categoryNames = ["现值", projected, f"{row.year}年目标"]
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName, axis.labels.fontSize = font, 7
    chart.valueAxis.valueMin = 0
    if row.kind != "count":
        chart.valueAxis.valueMax = max(100.0, *(v * scale for v in values if v is not None))
    chart.bars[0].strokeColor = None
    for i, fill in enumerate(palette.TARGET_BARS):
        chart.bars[(0, i)].fillColor = colors.HexColor(fill)
    chart.barLabelFormat = "values"
    chart.barLabelArray = [texts]
    chart.barLabels.fontName, chart.barLabels.fontSize = font, 7
    chart.barLabels.nudge = 7
    d.add(chart)
    return d
