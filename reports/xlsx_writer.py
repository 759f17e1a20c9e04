"""A minimal streaming SpreadsheetML (XLSX) writer: inline strings, numbers, dates, a few styles.

Why not openpyxl's write-only mode: on this project's machines (no lxml) it spends ~13 s just
serialising the 1.5 million cells of a 100,000-row list through its pure-Python XML tree, and
~20 s with number formats, over the 20 s target. The parts of the format a list needs are small:
one styles part, one worksheet per list with a frozen pane, column widths and rows. This module
writes exactly those, row by row, straight into the zip archive (ECMA-376 Part 1, §18). openpyxl
still reads what it writes (the tests do), as do Excel, WPS and LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

from .cells import clean_text

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_EPOCH = dt.datetime(1899, 12, 30)

# Fixed cell formats (cellXfs indexes); number formats get theirs on first use.
PLAIN, TITLE, BOLD, HEADER, QUOTED = 0, 1, 2, 3, 4
_FIXED_XFS = (
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" '
    'applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>',
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>',
)


@dataclass
class Styles:
    """The workbook's cell formats: the fixed ones plus one per (number format, bold) used."""

    _numfmts: dict[str, int] = field(default_factory=dict)
    _xfs: dict[tuple[str, bool], int] = field(default_factory=dict)

    def number(self, fmt: str, bold: bool = False) -> int:
        key = (fmt, bold)
        if key not in self._xfs:
            self._numfmts.setdefault(fmt, 164 + len(self._numfmts))
            self._xfs[key] = len(_FIXED_XFS) + len(self._xfs)
        return self._xfs[key]

    def xml(self) -> str:
        numfmts = "".join(f'<numFmt numFmtId="{i}" formatCode={quoteattr(f)}/>' for f, i in self._numfmts.items())
        xfs = list(_FIXED_XFS) + [
            f'<xf numFmtId="{self._numfmts[f]}" fontId="{1 if b else 0}" fillId="0" borderId="0" xfId="0" '
            f'applyNumberFormat="1" applyFont="{1 if b else 0}"/>'
            for f, b in self._xfs
        ]
        return (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="{_MAIN}">'
            + (f'<numFmts count="{len(self._numfmts)}">{numfmts}</numFmts>' if numfmts else "") +
            '<fonts count="3"><font><sz val="11"/><name val="等线"/></font>'
            '<font><b/><sz val="11"/><name val="等线"/></font>'
            '<font><b/><sz val="16"/><name val="等线"/></font></fonts>'
            '<fills count="3"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill>'
            '<fill><patternFill patternType="solid"><fgColor rgb="FFD9D9D9"/><bgColor indexed="64"/>'
            '</patternFill></fill></fills>'
            '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
            '<border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/>'
            '<diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            '</styleSheet>'
        )


class SheetWriter:
    """Streams one worksheet: call :meth:`row` per row, in order; the head is written first."""

    def __init__(self, out: IO[bytes], widths: Sequence[float], frozen_rows: int) -> None:
        self.out, self.n = out, 0
        self._buffer: list[str] = []
        self.letters = [get_column_letter(i) for i in range(1, len(widths) + 1)]
        cols = "".join(f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>'
                       for i, w in enumerate(widths, start=1))
        top = f"A{frozen_rows + 1}"
        pane = (f'<pane ySplit="{frozen_rows}" topLeftCell="{top}" activePane="bottomLeft" state="frozen"/>'
                f'<selection pane="bottomLeft" activeCell="{top}" sqref="{top}"/>') if frozen_rows else ""
        self._write(
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{_MAIN}" '
            f'xmlns:r="{_REL}"><sheetViews><sheetView workbookViewId="0">{pane}</sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/>{"<cols>" + cols + "</cols>" if cols else ""}<sheetData>'
        )

    def _write(self, text: str) -> None:
        self.out.write(text.encode("utf-8"))

    def row(self, cells: Sequence[tuple[Any, int] | None]) -> None:
        """Cells as (value, style index) pairs or None; values are str, int, float or date."""
        if len(cells) > len(self.letters):
            raise ValueError(f"row of {len(cells)} cells in a sheet of {len(self.letters)} columns")
        self.n += 1
        r = str(self.n)
        parts = [f'<row r="{r}">']
        for letter, cell in zip(self.letters, cells, strict=False):  # a row may end early
            if cell is None:
                continue
            value, style = cell
            s = f' s="{style}"' if style else ""
            if isinstance(value, str):
                parts.append(f'<c r="{letter}{r}"{s} t="inlineStr"><is><t xml:space="preserve">'
                             f'{escape(clean_text(value))}</t></is></c>')
            elif isinstance(value, bool):
                parts.append(f'<c r="{letter}{r}"{s} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, (int, float)):
                if isinstance(value, float) and not math.isfinite(value):
                    continue
                parts.append(f'<c r="{letter}{r}"{s}><v>{value!r}</v></c>')
            elif isinstance(value, dt.date):
                parts.append(f'<c r="{letter}{r}"{s}><v>{excel_serial(value)!r}</v></c>')
            else:
                raise TypeError(f"cannot write {type(value).__name__} to a cell")
        parts.append("</row>")
        self._buffer.append("".join(parts))
        if len(self._buffer) >= 500:
            self.flush()

    def flush(self) -> None:
        self._write("".join(self._buffer))
        self._buffer.clear()

    def close(self) -> None:
        self.flush()
        self._write("</sheetData></worksheet>")
        self.out.close()


def excel_serial(value: dt.date) -> float:
    """Days since Excel's 1900 epoch (as Excel counts them after February 1900)."""
    moment = value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
    delta = moment - _EPOCH
    return delta.days + delta.seconds / 86400 if delta.seconds else float(delta.days)


class WorkbookWriter:
    """Owns the zip archive: sheets are written one after another, the package parts at close."""

    def __init__(self, path: Path, title: str = "", creator: str = "equipinv") -> None:
        self.zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self.path = path
        self.styles = Styles()
        self.sheets: list[str] = []
        self._open: IO[bytes] | None = None
        self.title, self.creator = title, creator

    def sheet(self, name: str, widths: Sequence[float], frozen_rows: int) -> SheetWriter:
        """The next sheet; close it before asking for another (the archive writes one at a time)."""
        self.sheets.append(name)
        self._open = self.zip.open(f"xl/worksheets/sheet{len(self.sheets)}.xml", "w", force_zip64=True)
        return SheetWriter(self._open, widths, frozen_rows)

    def abort(self) -> None:
        """Give up after an error: close what is open and remove the half-written file."""
        if self._open is not None:
            self._open.close()
        self.zip.close()
        self.path.unlink(missing_ok=True)

    def close(self) -> None:
        n = len(self.sheets)
        sheet_types = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT}.worksheet+xml"/>'
            for i in range(1, n + 1))
        head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        self.zip.writestr("[Content_Types].xml", (
            f'{head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>{sheet_types}'
            f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>'))
        self.zip.writestr("_rels/.rels", (
            f'{head}<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
            'metadata/core-properties" Target="docProps/core.xml"/></Relationships>'))
        self.zip.writestr("docProps/core.xml", (
            f'{head}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f'<dc:title>{escape(clean_text(self.title))}</dc:title>'
            f'<dc:creator>{escape(clean_text(self.creator))}</dc:creator></cp:coreProperties>'))
        sheets = "".join(f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>'
                         for i, name in enumerate(self.sheets, start=1))
        self.zip.writestr("xl/workbook.xml", (
            f'{head}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews>'
            f'<sheets>{sheets}</sheets></workbook>'))
        rels = "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                       for i in range(1, n + 1))
        self.zip.writestr("xl/_rels/workbook.xml.rels", (
            f'{head}<Relationships xmlns="{_PKG_REL}">{rels}'
            f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'))
        self.zip.writestr("xl/styles.xml", self.styles.xml())
        self.zip.close()
