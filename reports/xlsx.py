"""Lists as XLSX workbooks: the PDF's columns and Chinese headers, as numbers a bureau can sum and print.

Written with XlsxWriter in constant_memory mode: rows stream to disk as they are made, so a 100,000-row
list takes seconds and little memory (measured by bench/bench_reports.py against the 20 s target; the
hand-written SpreadsheetML writer this replaced was faster but had no print setup, filter or wrapping).
Layout of a sheet: title, 填报单位, 填报日期, scope, the header row (frozen with everything above it and
repeated on every printed page), then rows; sections show in a column of their own (e.g. 企业 or 行业)
and close with a 小计 row, the list ends with a 合计 row, the notes, and the form's sign-off block
(填报单位（盖章） / 填报人 / 审核人 / 联系电话 / 填报日期, `reports.cells.sign_off_fields`, the PDF's too).
Printing: A4 landscape, fit to the page width, autofilter on the header. Numbers are numeric cells with the column's format, whole numbers as integers; a missing number
is an empty cell, never 0. No cell is ever a formula: every text is a string cell, and text starting
with = + - @ also carries Excel's quote prefix, so editing it does not run it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from equipinv.listing import Column, ListDocument

from . import cells
from .layout import ProgressCallback

HEADER_ROW = 5
"""Rows 1-4 hold title, filler, filing date and scope; the header is row 5 and rows 1-5 stay frozen."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH, MIN_WIDTH = 60, 6
_A4 = 9

Cell = tuple[Any, str] | None
"""(value, style name) — the styles are made once per workbook (see :class:`_Formats`)."""


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


def text_cell(value: str, style: str = "plain") -> Cell:
    """A string cell; one a spreadsheet might take for a formula gets the quote prefix."""
    return (value, "quoted" if style in ("plain", "wrap") and value.startswith(FORMULA_STARTS) else style)


def _whole(value: float | int) -> float | int:
    """3.0 is written as the integer 3 (Excel and readers then show and read a count, not a float)."""
    return int(value) if isinstance(value, float) and value.is_integer() and abs(value) < 2**53 else value


class _Formats:
    """The workbook's cell formats by name, plus one per (number format, bold) a column needs."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.book = book
        base = {"font_name": "等线", "font_size": 11}
        self.named: dict[str, Format] = {
            "plain": book.add_format(base),
            "wrap": book.add_format({**base, "text_wrap": True, "valign": "top"}),
            "quoted": book.add_format({**base, "quote_prefix": True}),
            "bold": book.add_format({**base, "bold": True}),
            "title": book.add_format({**base, "bold": True, "font_size": 16}),
            "header": book.add_format({**base, "bold": True, "bg_color": "#D9D9D9", "border": 1, "align": "center",
                                       "valign": "vcenter", "text_wrap": True}),
        }

    def get(self, name: str) -> Format:
        if name not in self.named:
            fmt, bold = name.removeprefix("num:").rsplit("|", 1)
            self.named[name] = self.book.add_format({"font_name": "等线", "font_size": 11, "num_format": fmt,
                                                     "bold": bold == "b"})
        return self.named[name]


class _Sheet:
    """Turns one document into cell rows: head, sections, subtotals, total, notes, sign-off."""

    def __init__(self, doc: ListDocument) -> None:
        self.doc = doc
        self.columns = doc.printed_columns()
        self.titled = doc.titled
        lead = [cells.SEQ_HEADER] + ([doc.section_label or "分组"] if self.titled else [])
        self.lead = len(lead)
        self.headers = lead + [c.header for c in self.columns]
        self.plain = [f"num:{number_format(c)}|n" for c in self.columns]
        self.bold = [f"num:{number_format(c)}|b" for c in self.columns]
        self._widths = self._fit_widths()
        # text columns cut at the maximum width wrap instead of running under their neighbours
        self.text_style = ["wrap" if not c.numeric and self._widths[i + self.lead] >= MAX_WIDTH else "plain"
                           for i, c in enumerate(self.columns)]

    def _value(self, i: int, col: Column, value: Any, bold: bool = False) -> Cell:
        if value is None or value == "":
            return None
        if isinstance(value, float) and not math.isfinite(value):
            return None
        is_number = col.numeric and isinstance(value, (int, float)) and not isinstance(value, bool)
        if is_number:
            return (_whole(value), (self.bold if bold else self.plain)[i])
        if isinstance(value, dt.date):
            return (value, (self.bold if bold else self.plain)[i])
        return text_cell(str(value), "bold" if bold else self.text_style[i])

    def head(self) -> list[list[Cell]]:
        doc, f = self.doc, self.doc.filler
        return [
            [text_cell(doc.title, "title")],
            [text_cell(f"填报单位（盖章）：{f.unit}")],
            [text_cell(f"填报日期：{cells.format_filing_date(f.date)}    联系电话：{f.phone}")],
            [text_cell(f"范围：{doc.scope}")] if doc.scope else [],
            [text_cell(h, "header") for h in self.headers],
        ]

    def sign_off(self) -> list[list[Cell]]:
        """The block a government form ends with; blanks are for the people who sign."""
        fields = cells.sign_off_fields(self.doc.filler)
        return [[], [text_cell("    ".join(f"{label}：{value}" for label, value in fields))]]

    def _sum_row(self, label: str, sums: dict[str, float]) -> list[Cell]:
        lead: list[Cell] = [None, text_cell(label, "bold")] if self.titled else [text_cell(label, "bold")]
        return lead + [self._value(i, c, sums.get(c.key), bold=True) for i, c in enumerate(self.columns)]

    def rows(self) -> Iterator[tuple[list[Cell], bool]]:
        """Yields (cells, is_data_row) for every row below the header."""
        doc, cols, seq = self.doc, self.columns, 0
        for section in doc.sections:
            lead = [text_cell(section.title)] if self.titled else []
            for row in section.rows:
                seq += 1
                yield [(seq, "plain"), *lead, *(self._value(i, c, row.get(c.key)) for i, c in enumerate(cols))], True
            if self.titled and len(doc.sections) > 1 and section.show_subtotal:
                yield self._sum_row(f"{section.title} {cells.SUBTOTAL_LABEL}".strip(),
                                    section.subtotal(cols)), False
        if seq == 0:
            yield [text_cell(cells.EMPTY_TEXT, "bold")], False
        else:
            yield self._sum_row(cells.TOTAL_LABEL, doc.totals()), False
        for i, note in enumerate(doc.notes, start=1):
            yield [text_cell(f"注{i}：{note}")], False
        for row in self.sign_off():
            yield row, False

    def widths(self) -> list[float]:
        return self._widths

    def _fit_widths(self) -> list[float]:
        """Column widths that fit the header and every value as printed (CJK counts double)."""
        doc = self.doc
        widths = [display_width(h) + 2 for h in self.headers]
        widths[0] = max(widths[0], len(str(doc.row_count)) + 2)
        for section in doc.sections:
            if self.titled:
                widths[1] = max(widths[1], display_width(section.title) + 6)
            for i, col in enumerate(self.columns, start=self.lead):
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


def _write_row(ws: Worksheet, formats: _Formats, r: int, row: Sequence[Cell]) -> None:
    for c, cell in enumerate(row):
        if cell is None:
            continue
        value, style = cell
        fmt = formats.get(style)
        if isinstance(value, str):
            ws.write_string(r, c, cells.clean_text(value), fmt)
        elif isinstance(value, bool):
            ws.write_boolean(r, c, value, fmt)
        elif isinstance(value, (int, float)):
            ws.write_number(r, c, value, fmt)
        elif isinstance(value, dt.datetime):
            ws.write_datetime(r, c, value, fmt)
        elif isinstance(value, dt.date):
            ws.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), fmt)
        else:
            raise TypeError(f"cannot write {type(value).__name__} to a cell")


def _print_setup(ws: Worksheet, columns: int, last_data_row: int) -> None:
    """A4 landscape, one page wide, the title rows on every page, a filter on the header."""
    ws.set_paper(_A4)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0, HEADER_ROW - 1)
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.set_footer("&C第 &P 页，共 &N 页")
    if last_data_row >= HEADER_ROW:
        ws.autofilter(HEADER_ROW - 1, 0, last_data_row, columns - 1)


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

    ``progress(done, total)`` is called every 5,000 data rows and once at the end. On an error the
    half-written file is removed.
    """
    documents = [docs] if isinstance(docs, ListDocument) else list(docs)
    total = sum(d.row_count for d in documents)
    out = Path(path)
    book = xlsxwriter.Workbook(str(out), {"constant_memory": True, "strings_to_numbers": False,
                                          "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"title": cells.clean_text(documents[0].title) if documents else "", "author": "equipinv"})
    formats = _Formats(book)
    used: set[str] = set()
    sheets: list[str] = []
    done = 0
    try:
        for doc in documents:
            sheet = _Sheet(doc)
            name = _sheet_title(doc.title, used)
            sheets.append(name)
            ws = book.add_worksheet(name)
            for c, width in enumerate(sheet.widths()):
                ws.set_column(c, c, width)
            ws.freeze_panes(HEADER_ROW, 0)
            r = 0
            for row in sheet.head():
                _write_row(ws, formats, r, row)
                r += 1
            last_data = HEADER_ROW - 1
            for row, is_data in sheet.rows():
                _write_row(ws, formats, r, row)
                if is_data:
                    last_data = r
                    done += 1
                    if progress is not None and done % 5000 == 0:
                        progress(done, total)
                r += 1
            _print_setup(ws, len(sheet.headers), last_data)
        book.close()
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    if progress is not None:
        progress(done, total)
    return XlsxResult(out, sheets, total)
