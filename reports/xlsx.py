"""Lists as XLSX workbooks: the PDF's columns and Chinese headers, as numbers a bureau can sum.

One sheet per list, streamed by :mod:`reports.xlsx_writer` so 100,000 rows take seconds and little
memory. Layout of a sheet: title, filler block, scope, the header row (frozen with everything
above it), then rows; sections show in a column of their own (e.g. 企业 or 行业) and close with a
小计 row, the list ends with a 合计 row. Numbers are numeric cells with the column's format; a
missing number is an empty cell, never 0. No cell is ever a formula: every text is a string cell,
and text starting with = + - @ also carries Excel's quote prefix, so editing it does not run it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from equipinv.listing import Column, ListDocument

from . import cells
from .layout import ProgressCallback
from .xlsx_writer import BOLD, HEADER, PLAIN, QUOTED, TITLE, Styles, WorkbookWriter

HEADER_ROW = 5
"""Rows 1-4 hold title, filler and scope; the header is row 5 and rows 1-5 stay frozen."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH, MIN_WIDTH = 60, 6

Cell = tuple[Any, int] | None


def number_format(column: Column) -> str:
    """The Excel format of a column: thousands separators for money and energy."""
    d = column.shown_decimals
    frac = "." + "0" * d if d else ""
    if column.kind == "date":
        return "yyyy-mm-dd"
    if column.kind == "percent":
        return f'0{frac}"%"'
    if column.kind in ("yuan", "tce", "tco2"):
        return f"#,##0{frac}"
    return f"0{frac}"


def display_width(text: str) -> int:
    """Columns a string needs: CJK characters (3 UTF-8 bytes) count double."""
    n = len(text)
    return n + (len(text.encode("utf-8")) - n) // 2


def text_cell(value: str, style: int = PLAIN) -> Cell:
    """A string cell; one a spreadsheet might take for a formula gets the quote prefix."""
    return (value, QUOTED if style == PLAIN and value.startswith(FORMULA_STARTS) else style)


class _Sheet:
    """Turns one document into cell rows: head, sections, subtotals, total, notes."""

    def __init__(self, doc: ListDocument, styles: Styles) -> None:
        self.doc = doc
        self.titled = len(doc.sections) > 1 or any(s.title for s in doc.sections)
        lead = [cells.SEQ_HEADER] + ([doc.section_label or "分组"] if self.titled else [])
        self.lead = len(lead)
        self.headers = lead + [c.header for c in doc.columns]
        self.plain = [styles.number(number_format(c)) for c in doc.columns]
        self.bold = [styles.number(number_format(c), bold=True) for c in doc.columns]

    def _value(self, i: int, col: Column, value: Any, bold: bool = False) -> Cell:
        if value is None or value == "":
            return None
        is_number = col.numeric and isinstance(value, (int, float)) and not isinstance(value, bool)
        if is_number or isinstance(value, dt.date):
            return (value, (self.bold if bold else self.plain)[i])
        return text_cell(str(value), BOLD if bold else PLAIN)

    def head(self) -> list[list[Cell]]:
        doc, f = self.doc, self.doc.filler
        return [
            [text_cell(doc.title, TITLE)],
            [text_cell(f"填报单位（盖章）：{f.unit}")],
            [text_cell(f"填报人：{f.person}    联系电话：{f.phone}    "
                       f"填报日期：{cells.format_filing_date(f.date)}")],
            [text_cell(f"范围：{doc.scope}")] if doc.scope else [],
            [text_cell(h, HEADER) for h in self.headers],
        ]

    def _sum_row(self, label: str, sums: dict[str, float]) -> list[Cell]:
        lead: list[Cell] = [None, text_cell(label, BOLD)] if self.titled else [text_cell(label, BOLD)]
        return lead + [self._value(i, c, sums.get(c.key), bold=True) for i, c in enumerate(self.doc.columns)]

    def rows(self) -> Iterator[tuple[list[Cell], bool]]:
        """Yields (cells, is_data_row) for every row below the header."""
        doc, cols, seq = self.doc, self.doc.columns, 0
        for section in doc.sections:
            lead = [text_cell(section.title)] if self.titled else []
            for row in section.rows:
                seq += 1
                yield [(seq, PLAIN), *lead, *(self._value(i, c, row.get(c.key)) for i, c in enumerate(cols))], True
            if self.titled and len(doc.sections) > 1 and section.show_subtotal:
                yield self._sum_row(f"{section.title} {cells.SUBTOTAL_LABEL}".strip(),
                                    section.subtotal(cols)), False
        if seq == 0:
            yield [text_cell(cells.EMPTY_TEXT, BOLD)], False
        else:
            yield self._sum_row(cells.TOTAL_LABEL, doc.totals()), False
        for i, note in enumerate(doc.notes, start=1):
            yield [text_cell(f"注{i}：{note}")], False

    def widths(self) -> list[float]:
        """Column widths that fit the header and every value as printed (CJK counts double)."""
        doc = self.doc
        widths = [display_width(h) + 2 for h in self.headers]
        widths[0] = max(widths[0], len(str(doc.row_count)) + 2)
        for section in doc.sections:
            if self.titled:
                widths[1] = max(widths[1], display_width(section.title) + 6)
            for i, col in enumerate(doc.columns, start=self.lead):
                texts = (cells.format_cell(col, r.get(col.key)) for r in section.rows)
                widths[i] = max(widths[i], max(map(display_width, texts), default=0) + 2)
        return [max(MIN_WIDTH, min(MAX_WIDTH, w)) for w in widths]


def _sheet_title(title: str, used: set[str]) -> str:
    base = "".join(c for c in title if c not in "[]:*?/\\")[:28] or "清单"
    name, n = base, 2
    while name in used:
        name, n = f"{base}{n}", n + 1
    used.add(name)
    return name


@dataclass
class XlsxResult:
    """What :func:`render_list_xlsx` wrote."""

    path: Path
    sheets: list[str]
    rows: int


def render_list_xlsx(
    docs: ListDocument | Sequence[ListDocument],
    path: str | Path,
    progress: ProgressCallback | None = None,
) -> XlsxResult:
    """Write one list, or several (one sheet each), to an XLSX workbook at ``path``.

    ``progress(done, total)`` is called every 5,000 data rows and once at the end.
    """
    documents = [docs] if isinstance(docs, ListDocument) else list(docs)
    total = sum(d.row_count for d in documents)
    out = Path(path)
    book = WorkbookWriter(out, title=documents[0].title if documents else "")
    used: set[str] = set()
    done = 0
    try:
        for doc in documents:
            sheet = _Sheet(doc, book.styles)
            writer = book.sheet(_sheet_title(doc.title, used), sheet.widths(), frozen_rows=HEADER_ROW)
            for row in sheet.head():
                writer.row(row)
            for row, is_data in sheet.rows():
                writer.row(row)
                done += is_data
                if progress is not None and is_data and done % 5000 == 0:
                    progress(done, total)
            writer.close()
    except BaseException:
        book.abort()
        raise
    book.close()
    if progress is not None:
        progress(done, total)
    return XlsxResult(out, list(book.sheets), total)
