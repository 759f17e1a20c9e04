"""A list (:class:`equipinv.listing.ListDocument`) as a landscape-A4 government form in PDF.

The table is paginated here rather than by reportlab's table splitting, whose cost grows with the
square of the row count: every row's text is broken into lines once (:mod:`reports.wrap`), its
height follows, and rows are packed into one table per page, each starting with the header row.
A spanning row opens each section (enterprise or industry), a 小计 row closes it and a 合计 row
ends the list; a row taller than a whole page continues on the next page. An empty list prints
one row saying "无".
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate, Spacer, Table

from equipinv.listing import Column, ListDocument

from . import cells
from .columns import column_widths
from .fonts import ResolvedFont
from .layout import (
    FRAME_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAGE_SIZE,
    ProgressCallback,
    RenderResult,
    end_with_sign_off,
    filler_block,
    font_for,
    make_styles,
    mark_missing,
    missing_chars_warning,
    numbered_canvas,
    para,
)
from .wrap import Wrapper

FRAME_HEIGHT = PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM
CELL_SIZE = 8.0
LEADING = CELL_SIZE * 1.25
PAD_X, PAD_Y = 3.0, 2.0
CELL_PAD = 0.5
"""Points a cell's lines keep clear of its padding, against rounding."""
SEQ_WIDTH = 30.0
SLACK = 2.0
"""Points kept free on each page so rounding never pushes a page's table over the frame."""

HEADER_BG = colors.HexColor("#D9D9D9")
SECTION_BG = colors.HexColor("#EEF3F8")
TOTAL_BG = colors.HexColor("#F5F5F5")


@dataclass
class _Row:
    """One table row, already broken into lines per cell; ``kind`` decides its style."""

    kind: str  # "header", "data", "section", "sum" or "empty"
    cells: list[list[str]]

    @property
    def height(self) -> float:
        return max(len(c) for c in self.cells) * LEADING + 2 * PAD_Y

    def split(self, max_lines: int) -> tuple[_Row, _Row]:
        """The first ``max_lines`` lines of every cell, and the rest (for a row taller than a page)."""
        return (_Row(self.kind, [c[:max_lines] for c in self.cells]),
                _Row(self.kind, [c[max_lines:] or [""] for c in self.cells]))


class _Rows:
    """Builds the document's rows: header, sections, subtotals, total."""

    def __init__(self, doc: ListDocument, font_name: str, missing: frozenset[str]) -> None:
        self.doc, self.missing = doc, missing
        self.columns = doc.printed_columns()
        self.wrapper = Wrapper(font_name, CELL_SIZE)
        totals = doc.totals()
        sums = [[cells.format_number(c, totals[c.key]) if c.key in totals else "" for c in self.columns]]
        data = ([self._text(cells.format_cell(c, values.get(c.key))) for c in self.columns]
                for section in doc.sections for values in section.rows)
        self.widths = [SEQ_WIDTH] + column_widths(self.columns, chain(data, sums), self.wrapper,
                                                  FRAME_WIDTH - SEQ_WIDTH, 2 * PAD_X + CELL_PAD)

    def _text(self, text: str) -> str:
        text = cells.clean_text(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
        return mark_missing(text, self.missing)

    def _lines(self, text: str, width: float) -> list[str]:
        return self.wrapper.lines(self._text(text), width - 2 * PAD_X - CELL_PAD)

    def _row(self, kind: str, texts: list[str]) -> _Row:
        return _Row(kind, [self._lines(t, w) for t, w in zip(texts, self.widths, strict=True)])

    def header(self) -> _Row:
        return self._row("header", [cells.SEQ_HEADER] + [c.header for c in self.columns])

    def _spanning(self, kind: str, text: str) -> _Row:
        blanks = [[""] for _ in self.columns]
        return _Row(kind, [self._lines(text, FRAME_WIDTH)] + blanks)

    def _sums(self, label: str, sums: dict[str, float]) -> _Row:
        texts = [label] + [
            cells.format_number(c, sums[c.key]) if c.key in sums else "" for c in self.columns
        ]
        return self._row("sum", texts)

    def body(self) -> list[_Row]:
        doc, rows, seq = self.doc, [], 0
        for section in doc.sections:
            if doc.titled:
                rows.append(self._spanning("section", cells.section_heading(doc, section.title)))
            for values in section.rows:
                seq += 1
                texts = [str(seq)] + [cells.format_cell(c, values.get(c.key)) for c in self.columns]
                rows.append(self._row("data", texts))
            if len(doc.sections) > 1 and section.show_subtotal:
                rows.append(self._sums(cells.SUBTOTAL_LABEL, section.subtotal(self.columns)))
        if seq == 0:
            rows.append(self._spanning("empty", cells.EMPTY_TEXT))
        else:
            rows.append(self._sums(cells.TOTAL_LABEL, doc.totals()))
        return rows


def table_widths(doc: ListDocument, font: ResolvedFont) -> list[float]:
    """The widths of the table's columns (序号 first) as :func:`render_list_pdf` draws them."""
    return _Rows(doc, font.name, frozenset(font.missing_chars(cells.document_texts(doc)))).widths


def _paginate(header: _Row, rows: list[_Row], first_room: float) -> list[list[_Row]]:
    """Pack rows into pages of at most the frame's height, each page starting with ``header``.

    A row that does not fit moves to the next page, unless it is taller than a whole page or the
    page would otherwise stay empty: then it is split and continues on the next page.
    """
    whole_page = FRAME_HEIGHT - SLACK - header.height
    pages: list[list[_Row]] = []
    page: list[_Row] = []
    room = first_room - header.height
    pending = list(reversed(rows))
    while pending:
        row = pending.pop()
        if row.height <= room:
            page.append(row)
            room -= row.height
            continue
        fit_lines = int((room - 2 * PAD_Y) // LEADING)
        if fit_lines >= 1 and (row.height > whole_page or not page):
            head, rest = row.split(fit_lines)
            page.append(head)
            pending.append(rest)
        else:
            pending.append(row)
        pages.append(page)
        page, room = [], whole_page
    pages.append(page)
    return pages


def _page_table(header: _Row, page: list[_Row], widths: list[float], columns: list[Column],
                font_name: str) -> Table:
    rows = [header, *page]
    data = [["\n".join(c) for c in r.cells] for r in rows]
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), font_name, CELL_SIZE, LEADING),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X), ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_Y), ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("ALIGN", (0, 1), (0, -1), "CENTER"),
    ]
    for i, col in enumerate(columns, start=1):
        if col.numeric:
            style.append(("ALIGN", (i, 1), (i, -1), "RIGHT"))
        elif col.kind == "date":
            style.append(("ALIGN", (i, 1), (i, -1), "CENTER"))
    first_text = columns[0].total if columns else True
    for r, row in enumerate(rows):
        if row.kind in ("section", "empty"):
            style += [("SPAN", (0, r), (-1, r)), ("ALIGN", (0, r), (-1, r),
                                                    "CENTER" if row.kind == "empty" else "LEFT")]
            if row.kind == "section":
                style.append(("BACKGROUND", (0, r), (-1, r), SECTION_BG))
        elif row.kind == "sum":
            style.append(("BACKGROUND", (0, r), (-1, r), TOTAL_BG))
            if not first_text:
                style.append(("SPAN", (0, r), (1, r)))
    table = Table(data, colWidths=widths, rowHeights=[r.height for r in rows], repeatRows=1,
                  style=style)
    table.equipinv_rows = sum(r.kind == "data" for r in page)
    return table


class _ListTemplate(BaseDocTemplate):
    """Reports placed data rows to the progress callback as each page's table lands."""

    def __init__(self, path: str, total_rows: int, progress: ProgressCallback | None,
                 **kwargs: Any) -> None:
        super().__init__(path, **kwargs)
        self.total_rows, self.progress, self.rows_done = total_rows, progress, 0

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's name
        done = getattr(flowable, "equipinv_rows", None)
        if self.progress is not None and done is not None:
            self.rows_done += done
            self.progress(self.rows_done, self.total_rows)


def render_list_pdf(
    doc: ListDocument,
    path: str | Path,
    font: ResolvedFont | str | None = None,
    progress: ProgressCallback | None = None,
) -> RenderResult:
    """Write ``doc`` as a PDF form to ``path``.

    ``font``: a resolved font, a config value "path[,index]" or None (see :mod:`reports.fonts`).
    ``progress(done, total)`` is called with data rows placed so far as pages are laid out.
    """
    resolved = font_for(font)
    missing = resolved.missing_chars(cells.document_texts(doc))
    mark = frozenset(missing)
    styles = make_styles(resolved.name)
    builder = _Rows(doc, resolved.name, mark)
    header, rows = builder.header(), builder.body()

    head: list[Flowable] = [
        para(mark_missing(doc.title, mark), styles.title),
        filler_block(doc.filler, doc.scope, styles, lambda t: mark_missing(t, mark)),
        Spacer(1, 4),
    ]
    used = sum(f.wrap(FRAME_WIDTH, FRAME_HEIGHT)[1] + f.getSpaceAfter() for f in head)
    pages = _paginate(header, rows, FRAME_HEIGHT - used - SLACK)
    story = list(head)
    for n, page in enumerate(pages):
        if n:
            story.append(PageBreak())
        story.append(_page_table(header, page, builder.widths, builder.columns, resolved.name))
    for i, note in enumerate(doc.notes, start=1):
        story.append(para(mark_missing(f"注{i}：{note}", mark), styles.note))

    end_with_sign_off(story, doc.filler, styles, lambda t: mark_missing(t, mark))
    out = Path(path)
    template = _ListTemplate(
        str(out), doc.row_count, progress, pagesize=PAGE_SIZE, title=doc.title, pageCompression=1,
        author=doc.filler.unit, creator="equipinv", leftMargin=MARGIN_X, rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
    )
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, FRAME_WIDTH, FRAME_HEIGHT, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    template.addPageTemplates([PageTemplate("form", [frame])])
    running_head = mark_missing(f"{doc.title}（续）  {doc.filler.unit}", mark)
    template.build(story, canvasmaker=numbered_canvas(resolved.name, running_head))
    warnings = list(resolved.warnings)
    if missing:
        warnings.append(missing_chars_warning(resolved, missing))
    return RenderResult(out, template.page, doc.row_count, resolved.name, missing, warnings)
