"""The 旬调度 / 月通报 bulletin (:class:`equipinv.bulletin.Bulletin`) as PDF and XLSX.

The PDF prints each table of the bulletin (with a 合计 row where the columns sum) and a line chart of
the closure figures across the last periods; the XLSX holds one sheet per table plus the trend. Both
take the bulletin's plain rows and compute nothing but the sums the columns ask for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.platypus import Flowable

from equipinv.bulletin import Bulletin, trend_table
from equipinv.listing import ListDocument

from . import cells
from .charts import PALETTE
from .fonts import ResolvedFont
from .layout import (
    FRAME_WIDTH,
    RenderResult,
    end_with_sign_off,
    filler_block,
    font_for,
    make_styles,
    mark_missing,
    render_story,
)
from .summary import _Builder
from .xlsx import XlsxResult, render_list_xlsx

_SERIES = (("planned", "未完成"), ("done", "已完成待核验"), ("verified", "已核验销号"), ("overdue", "逾期"))


def _texts(b: Bulletin) -> list[str]:
    texts = [b.title, b.scope, b.filler.unit, *b.notes, *(p.label for p in b.trend)]
    for doc in b.tables:
        texts += [doc.title, *(c.header for c in doc.columns)]
        texts += [str(v) for s in doc.sections for r in s.rows for v in r.values() if isinstance(v, str)]
    return texts


def _rows(doc: ListDocument) -> tuple[list[list[Any]], bool]:
    """The table's cells, and whether a 合计 row closes it."""
    rows = [[cells.format_cell(c, r.get(c.key)) if not c.numeric else r.get(c.key) for c in doc.columns]
            for s in doc.sections for r in s.rows]
    summed = bool(rows) and any(c.total for c in doc.columns)
    if summed:
        sums = doc.totals()
        rows.append([cells.TOTAL_LABEL if i == 0 else sums.get(c.key, "") for i, c in enumerate(doc.columns)])
    return rows, summed


def trend_chart(b: Bulletin, font: str, width: float = FRAME_WIDTH, height: float = 190) -> Drawing:
    """Lines of the closure figures at the end of each period, oldest period first."""
    d = Drawing(width, height, initialFontName=font)  # not the unembedded Helvetica
    d.add(String(width / 2, height - 14, f"近{len(b.trend)}期淘汰任务进度趋势（台）", fontName=font, fontSize=10,
                 textAnchor="middle"))
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 50, 30, width - 220, height - 70
    chart.data = [[getattr(p, key) for p in b.trend] or [0] for key, _name in _SERIES]
    chart.categoryAxis.categoryNames = [p.label for p in b.trend] or ["—"]
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName, axis.labels.fontSize = font, 7
    chart.valueAxis.valueMin = 0
    for i in range(len(_SERIES)):
        chart.lines[i].strokeColor = PALETTE[[1, 5, 0, 3][i]]
        chart.lines[i].strokeWidth = 1.5
    d.add(chart)
    legend = Legend()
    legend.x, legend.y, legend.fontName, legend.fontSize, legend.boxAnchor = width - 150, height - 40, font, 8, "nw"
    legend.colorNamePairs = [(PALETTE[[1, 5, 0, 3][i]], name) for i, (_k, name) in enumerate(_SERIES)]
    d.add(legend)
    return d


def render_bulletin_pdf(b: Bulletin, path: str | Path, font: ResolvedFont | str | None = None) -> RenderResult:
    """Write the bulletin to ``path`` (landscape A4, numbered pages)."""
    resolved = font_for(font)
    missing = resolved.missing_chars(_texts(b))
    mark = frozenset(missing)
    styles = make_styles(resolved.name)
    builder = _Builder(styles, resolved.name, mark)
    story: list[Flowable] = [builder.p(b.title, styles.title),
                             filler_block(b.filler, b.scope, styles, lambda t: mark_missing(t, mark))]
    rows_total = 0
    for doc in b.tables:
        rows, summed = _rows(doc)
        rows_total += doc.row_count
        story += builder.heading(doc.title)
        story.append(builder.table([c.header or "" for c in doc.columns], rows, [c.width for c in doc.columns],
                                   total_row=summed, decimals=[c.shown_decimals for c in doc.columns]))
    story += builder.heading(f"七、近{len(b.trend)}期进度趋势")
    story.append(trend_chart(b, resolved.name))
    story += [builder.p(f"注{i}：{n}", styles.note) for i, n in enumerate(b.notes, start=1)]
    end_with_sign_off(story, b.filler, styles, lambda t: mark_missing(t, mark))
    return render_story(path, story, title=b.title, author=b.filler.unit, font=resolved,
                        running_head=mark_missing(f"{b.title}（续）", mark), missing=missing, rows=rows_total)


def render_bulletin_xlsx(b: Bulletin, path: str | Path) -> XlsxResult:
    """One sheet per table of the bulletin, and the trend."""
    docs = [ListDocument(d.list_id, d.title, d.columns, d.sections, b.filler, b.scope, notes=[]) for d in b.tables]
    trend = trend_table(b)
    docs.append(ListDocument(trend.list_id, trend.title, trend.columns, trend.sections, b.filler, b.scope,
                             notes=b.notes))
    return render_list_xlsx(docs, path)
