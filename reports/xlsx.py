"""Lists as XLSX workbooks: the PDF's columns and Chinese headers, as numbers a bureau can sum and print.

Written by `reports.spreadsheetml`: rows stream to disk as they are made, each distinct value of a column
turned into its cell once (a list repeats its bases, timetables and enterprises), so a 1,000,000-unit
elimination list takes seconds beyond reading the ledger, and memory is one batch of rows (measured by
bench/bench_reports.py and bench/bench_e2e.py; XlsxWriter, used before, spent 0.1 ms per row in its cell calls).
Layout of a sheet: title, 填报单位, 填报日期, scope, the header row (frozen with everything above it and
repeated on every printed page), then rows; sections show in a column of their own (e.g. 企业 or 行业)
and close with a 小计 row, the list ends with a 合计 row, the notes, and the form's sign-off block
(填报单位（盖章） / 填报人 / 审核人 / 联系电话 / 填报日期, `reports.cells.sign_off_fields`, the PDF's too).
Printing: A4 landscape, fit to the page width, autofilter on the header. Numbers are numeric cells with
the column's format, whole numbers as integers; a missing number is an empty cell, never 0. No cell is
ever a formula: every text is a string cell, and text starting with = + - @ also carries Excel's quote
prefix, so editing it does not run it. A list longer than a worksheet is refused before a file is written.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from equipinv.errors import BadInput
from equipinv.listing import Column, ListDocument

from . import cells
from .layout import ProgressCallback
from .spreadsheetml import MAX_ROWS, CellStyle, SheetLayout, StreamingWorkbook, Styles, cell_xml, column_letter
from .spreadsheetml import Sheet as SheetStream

HEADER_ROW = 5
"""Rows 1-4 hold title, filler, filing date and scope; the header is row 5 and rows 1-5 stay frozen."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH, MIN_WIDTH = 60, 6

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


def quoted(text: str) -> bool:
    """Text a spreadsheet might take for a formula: written with the quote prefix."""
    return text.startswith(FORMULA_STARTS)


def text_cell(value: str, style: str = "plain") -> Cell:
    """A string cell; one a spreadsheet might take for a formula gets the quote prefix."""
    return (value, "quoted" if style in ("plain", "wrap") and quoted(value) else style)


class _Styles:
    """The workbook's cell styles by name, plus one per (number format, bold) a column needs."""

    def __init__(self, styles: Styles) -> None:
        self.styles = styles
        self.named: dict[str, int] = {
            "plain": styles.style(CellStyle()),
            "quoted": styles.style(CellStyle(quote_prefix=True)),
            "bold": styles.style(CellStyle(bold=True)),
            "title": styles.style(CellStyle(bold=True, size=16)),
            "header": styles.style(CellStyle(bold=True, fill="#D9D9D9", border=True, horizontal="center",
                                             vertical="center", wrap=True)),
        }

    def get(self, name: str) -> int:
        if name not in self.named:
            fmt, bold = name.removeprefix("num:").rsplit("|", 1)
            self.named[name] = self.styles.style(CellStyle(num_format=fmt, bold=bold == "b"))
        return self.named[name]

    def column_text(self, name: str) -> None:
        """A text column's own style: it wraps once the column turns out to reach the maximum width."""
        self.named[name] = self.styles.private(CellStyle())

    def wrap(self, name: str) -> None:
        self.styles.restyle(self.named[name], wrap=True, vertical="top")

    def cell(self, cell: Cell) -> str:
        """A cell's XML after its reference (:func:`reports.spreadsheetml.cell_xml`), '' for no cell."""
        if cell is None:
            return ""
        value, style = cell
        return cell_xml(cells.clean_text(value) if isinstance(value, str) else value, self.get(style))


_MEMO_LIMIT = 65_536
"""Distinct values remembered per column: a list repeats its bases, timetables and enterprises."""


class _Column:
    """One printed column of the data rows: its letter, and each distinct value's cell XML remembered."""

    def __init__(self, sheet: _Sheet, index: int, column: Column) -> None:
        self.sheet, self.index, self.column = sheet, index, column
        self.key = column.key
        self.letter = column_letter(index + sheet.lead)
        self.memo: dict[Any, str] = {}

    def xml(self, value: Any) -> str:
        """The cell's XML after its reference; the column's width grows to the value as printed."""
        sheet = self.sheet
        tail = sheet.styles.cell(sheet.value(self.index, self.column, value))
        position = self.index + sheet.lead
        width = display_width(cells.format_cell(self.column, value)) + 2
        sheet.widths[position] = max(sheet.widths[position], width)
        if type(value) is str or (self.column.numeric and type(value) in (int, float)):
            if len(self.memo) >= _MEMO_LIMIT:
                self.memo.clear()
            self.memo[value] = tail  # not a date, a bool or text of a number: no two of them share a key
        return tail


class _Sheet:
    """Writes one document as a sheet: head, sections, subtotals, total, notes, sign-off."""

    def __init__(self, doc: ListDocument, styles: _Styles, number: int) -> None:
        self.doc, self.styles = doc, styles
        self.columns = doc.printed_columns()
        self.titled = doc.titled
        lead = [cells.SEQ_HEADER] + ([doc.section_label or "分组"] if self.titled else [])
        self.lead = len(lead)
        self.headers = lead + [c.header for c in self.columns]
        self.plain = [f"num:{number_format(c)}|n" for c in self.columns]
        self.bold = [f"num:{number_format(c)}|b" for c in self.columns]
        self.text_style = [f"text:{number}:{i}" for i in range(len(self.columns))]
        for name, column in zip(self.text_style, self.columns, strict=True):
            if not column.numeric:
                styles.column_text(name)
        self.widths: list[float] = [display_width(h) + 2 for h in self.headers]
        self.widths[0] = max(self.widths[0], len(str(doc.row_count)) + 2)

    def value(self, i: int, col: Column, value: Any, bold: bool = False) -> Cell:
        if value is None or value == "":
            return None
        if isinstance(value, float) and not math.isfinite(value):
            return None
        is_number = col.numeric and isinstance(value, (int, float)) and not isinstance(value, bool)
        if is_number:
            return (value, (self.bold if bold else self.plain)[i])  # a whole float is written as an integer
        if isinstance(value, dt.date):
            return (value, (self.bold if bold else self.plain)[i])
        text = str(value)
        return text_cell(text, "bold") if bold else (text, "quoted" if quoted(text) else self.text_style[i])

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
        return lead + [self.value(i, c, sums.get(c.key), bold=True) for i, c in enumerate(self.columns)]

    def row_xml(self, r: int, row: list[Cell]) -> str:
        """A row of a few cells given one by one (head, sums, notes): no memo, no width."""
        rn = r + 1
        body = "".join(f'<c r="{column_letter(c)}{rn}"{tail}'
                       for c, tail in enumerate(map(self.styles.cell, row)) if tail)
        return f'<row r="{rn}">{body}</row>' if body else ""

    def data_rows(self, first: int, rows: Iterable[dict[str, Any]], seq: int, lead: str) -> Iterator[str]:
        """Each data row's XML, from row ``first`` (0-based) and 序号 ``seq`` + 1 on: the hot path."""
        columns = [_Column(self, i, c) for i, c in enumerate(self.columns)]
        specs = [(c.key, c.letter, c.memo, c.xml) for c in columns]
        seq_style = self.styles.get("plain")
        lead_tail = self.styles.cell(text_cell(lead)) if self.titled else ""
        rn = first
        for row in rows:
            rn += 1
            seq += 1
            get = row.get
            parts = [f'<row r="{rn}"><c r="A{rn}" s="{seq_style}"><v>{seq}</v></c>']
            if lead_tail:
                parts.append(f'<c r="B{rn}"{lead_tail}')
            for key, letter, memo, miss in specs:
                value = get(key)
                if value is None:
                    continue
                try:
                    tail = memo.get(value)
                except TypeError:  # an unhashable value: its cell is made each time
                    tail = None
                if tail is None:
                    tail = miss(value)
                if tail:
                    parts.append(f'<c r="{letter}{rn}"{tail}')
            parts.append("</row>")
            yield "".join(parts)

    def write(self, sheet: SheetStream, progress: Callable[[int], None]) -> None:
        """Every row of the document in order; then the layout that depends on them (widths, filter, wrap)."""
        doc, cols, r, seq = self.doc, self.columns, 0, 0
        for row in self.head():
            sheet.write(self.row_xml(r, row))
            r += 1
        last_data = HEADER_ROW - 1
        for section in doc.sections:
            if self.titled:
                self.widths[1] = max(self.widths[1], display_width(section.title) + 6)
            batch: list[str] = []
            for text in self.data_rows(r, section.rows, seq, section.title):
                batch.append(text)
                if len(batch) == _BATCH:
                    sheet.write("".join(batch))
                    batch.clear()
                    progress(_BATCH)
            sheet.write("".join(batch))
            progress(len(batch))
            rows = len(section.rows)
            r, seq, last_data = r + rows, seq + rows, (r + rows - 1 if rows else last_data)
            if self.titled and len(doc.sections) > 1 and section.show_subtotal:
                sums = self._sum_row(f"{section.title} {cells.SUBTOTAL_LABEL}".strip(), section.subtotal(cols))
                sheet.write(self.row_xml(r, sums))
                r += 1
        tail = [[text_cell(cells.EMPTY_TEXT, "bold")]] if seq == 0 else [self._sum_row(cells.TOTAL_LABEL, doc.totals())]
        tail += [[text_cell(f"注{i}：{note}")] for i, note in enumerate(doc.notes, start=1)]
        for row in tail + self.sign_off():
            sheet.write(self.row_xml(r, row))
            r += 1
        widths = [max(MIN_WIDTH, min(MAX_WIDTH, w)) for w in self.widths]
        for i, column in enumerate(cols):
            if not column.numeric and widths[i + self.lead] >= MAX_WIDTH:
                self.styles.wrap(self.text_style[i])
        last_column = len(self.headers) - 1
        sheet.finish(SheetLayout(
            widths=widths, extent=(r - 1, last_column), frozen_rows=HEADER_ROW, title_rows=HEADER_ROW,
            footer="&C第 &P 页，共 &N 页",
            autofilter=(HEADER_ROW - 1, 0, last_data, last_column) if last_data >= HEADER_ROW else None))


_BATCH = 1024
"""Data rows joined into one write."""


def _refuse_beyond_a_sheet(doc: ListDocument) -> None:
    """A list longer than a worksheet is refused before any file is written, with the size and the limit."""
    subtotals = len(doc.sections) if doc.titled and len(doc.sections) > 1 else 0
    needed = HEADER_ROW + doc.row_count + subtotals + 1 + len(doc.notes) + 2
    if needed > MAX_ROWS:
        raise BadInput(f"“{doc.title}”需 {needed:,} 行，超过 Excel 工作表上限 {MAX_ROWS:,} 行：请按企业或地区分别导出，"
                       "或导出 CSV", f"{needed:,} rows exceed an Excel sheet's {MAX_ROWS:,}: export per enterprise "
                       "or region, or as CSV", field="rows", value=needed)


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

    ``progress(done, total)`` is called every 5,000 data rows and once at the end. On an error the
    half-written file is removed.
    """
    documents = [docs] if isinstance(docs, ListDocument) else list(docs)
    total = sum(d.row_count for d in documents)
    out = Path(path)
    done = 0

    def advance(rows: int) -> None:
        nonlocal done
        before, done = done, done + rows
        if progress is not None and done // 5000 > before // 5000:
            progress(done, total)

    for doc in documents:
        _refuse_beyond_a_sheet(doc)
    title = cells.clean_text(documents[0].title) if documents else ""
    used: set[str] = set()
    names = [_sheet_title(doc.title, used) for doc in documents]
    with StreamingWorkbook(out, title=title, author="equipinv") as book:
        styles = _Styles(book.styles)
        for number, (doc, name) in enumerate(zip(documents, names, strict=True)):
            _Sheet(doc, styles, number).write(book.add_sheet(name), advance)
    if progress is not None:
        progress(done, total)
    return XlsxResult(out, names, total)
