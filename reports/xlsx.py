"""Lists as XLSX workbooks: the PDF's columns and Chinese headers, as numbers a bureau can sum.

One sheet per list, written in openpyxl's write-only (streaming) mode so 100,000 rows take
seconds and little memory. Layout of a sheet: title, filler block, scope, the header row (frozen
with everything above it), then rows; sections show in a column of their own (e.g. 企业 or 行业)
and close with a 小计 row, the list ends with a 合计 row. Numbers are cells of numeric type with
the column's format; a missing number is an empty cell, never 0. No cell is ever a formula: text
starting with = + - @ is stored as text with Excel's quote prefix, so editing it does not run it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from equipinv.listing import Column, ListDocument

from . import cells
from .layout import ProgressCallback

HEADER_ROW = 5
"""Rows 1-4 hold title, filler and scope; the header is row 5 and rows 1-5 stay frozen."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH, MIN_WIDTH = 60, 6

_THIN = Side(style="thin")
_TITLE_FONT = Font(bold=True, size=16)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_HEADER_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
_BOLD = Font(bold=True)


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


class _Sheet:
    """Writes one document into one write-only sheet."""

    def __init__(self, ws: WriteOnlyWorksheet, doc: ListDocument) -> None:
        self.ws, self.doc = ws, doc
        self.titled = len(doc.sections) > 1 or any(s.title for s in doc.sections)
        self.formats = [number_format(c) for c in doc.columns]
        lead = [cells.SEQ_HEADER] + ([doc.section_label or "分组"] if self.titled else [])
        self.lead = len(lead)
        self.headers = lead + [c.header for c in doc.columns]
        self.widths = [display_width(h) + 2 for h in self.headers]

    def _text(self, value: str, font: Font | None = None) -> Any:
        """A plain string, or a cell when it needs a font or must be kept from running."""
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        risky = value.startswith(FORMULA_STARTS)
        if not risky and font is None:
            return value
        cell = WriteOnlyCell(self.ws, value)
        if risky:
            cell.data_type = "s"
            cell.quotePrefix = True
        if font is not None:
            cell.font = font
        return cell

    def _value(self, i: int, col: Column, value: Any, font: Font | None = None) -> Any:
        if value is None or value == "":
            return None
        is_number = col.numeric and isinstance(value, (int, float)) and not isinstance(value, bool)
        if not (is_number or isinstance(value, (dt.date, dt.datetime))):
            return self._text(str(value), font)
        fmt = self.formats[i - self.lead]
        if fmt == "0" and font is None:  # whole numbers read the same in General: skip the style
            return value
        cell = WriteOnlyCell(self.ws, value)
        cell.number_format = fmt
        if font is not None:
            cell.font = font
        return cell

    def head(self) -> None:
        doc, f = self.doc, self.doc.filler
        self.ws.append([self._text(doc.title, _TITLE_FONT)])
        self.ws.append([self._text(f"填报单位（盖章）：{f.unit}")])
        self.ws.append([self._text(
            f"填报人：{f.person}    联系电话：{f.phone}    填报日期：{cells.format_filing_date(f.date)}"
        )])
        self.ws.append([self._text(f"范围：{doc.scope}")] if doc.scope else [])
        row = [self._text(h, _BOLD) for h in self.headers]
        for cell in row:
            cell.fill, cell.border, cell.alignment = _HEADER_FILL, _HEADER_BORDER, _HEADER_ALIGN
        self.ws.append(row)

    def _sum_row(self, label: str, sums: dict[str, float], section: str = "") -> None:
        lead: list[Any] = [self._text(label, _BOLD)] if not self.titled else [
            None, self._text(f"{section} {label}".strip(), _BOLD)]
        body = [self._value(i, c, sums.get(c.key), _BOLD)
                for i, c in enumerate(self.doc.columns, start=self.lead)]
        self.ws.append(lead + body)

    def body(self, progress: ProgressCallback | None, done: int, total: int) -> int:
        doc, cols, seq = self.doc, self.doc.columns, 0
        for section in doc.sections:
            lead: list[Any] = [self._text(section.title)] if self.titled else []
            for row in section.rows:
                seq += 1
                values = [self._value(i, c, row.get(c.key)) for i, c in enumerate(cols, start=self.lead)]
                self.ws.append([seq, *lead, *values])
                if progress is not None and (done + seq) % 5000 == 0:
                    progress(done + seq, total)
            if self.titled and len(doc.sections) > 1 and section.show_subtotal:
                self._sum_row(cells.SUBTOTAL_LABEL, section.subtotal(cols), section.title)
        if seq == 0:
            self.ws.append([self._text(cells.EMPTY_TEXT, _BOLD)])
        else:
            self._sum_row(cells.TOTAL_LABEL, doc.totals())
        for i, note in enumerate(doc.notes, start=1):
            self.ws.append([self._text(f"注{i}：{note}")])
        return seq


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
    """Write one list, or several (one sheet each), to an XLSX workbook at ``path``."""
    documents: Iterable[ListDocument] = [docs] if isinstance(docs, ListDocument) else list(docs)
    total = sum(d.row_count for d in documents)
    wb = Workbook(write_only=True)
    used: set[str] = set()
    names: list[str] = []
    done = 0
    for doc in documents:
        names.append(_sheet_title(doc.title, used))
        ws = wb.create_sheet(names[-1])
        sheet = _Sheet(ws, doc)
        # Write-only sheets need widths and panes before the first row is written: widths come
        # from a pass over the values, which costs far less than writing them.
        _fit_widths(sheet)
        ws.freeze_panes = f"A{HEADER_ROW + 1}"
        sheet.head()
        done += sheet.body(progress, done, total)
    if progress is not None:
        progress(done, total)
    out = Path(path)
    wb.save(out)
    return XlsxResult(out, names, total)


def _fit_widths(sheet: _Sheet) -> None:
    doc, widths = sheet.doc, sheet.widths
    for section in doc.sections:
        if sheet.titled:
            widths[1] = max(widths[1], display_width(section.title) + 2)
        for i, col in enumerate(doc.columns, start=sheet.lead):
            w = max((display_width(cells.format_cell(col, r.get(col.key))) for r in section.rows),
                    default=0)
            widths[i] = max(widths[i], w + 2)
    widths[0] = max(widths[0], len(str(doc.row_count)) + 2)
    for i, w in enumerate(widths, start=1):
        sheet.ws.column_dimensions[get_column_letter(i)].width = max(MIN_WIDTH, min(MAX_WIDTH, w))
