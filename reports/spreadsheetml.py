"""A streaming XLSX (SpreadsheetML) package writer for lists of a million rows.

XlsxWriter spent about 0.1 ms per row of a list in its cell calls: two minutes for the elimination list of a
million-unit ledger. Here a row is one string the caller builds from cell fragments (:func:`cell_xml`),
written to a temporary file as it comes; a sheet's part is assembled when the sheet ends, because the
column widths that open it are known only then. Memory is one batch of rows, whatever the sheet's length.

What a list sheet needs and this writes: inline strings, numbers, dates as serial numbers, cell styles
(font, fill, border, number format, alignment, quote prefix), column widths, frozen rows, an autofilter,
print titles, A4 landscape fitted to the page width, margins and a footer. A cell style may be defined
after the cells that use it (:meth:`Styles.restyle`): whether a text column wraps depends on its width.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

MAX_ROWS = 1_048_576
"""Rows a worksheet can hold (Excel's limit, ECMA-376)."""

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_EPOCH = dt.date(1899, 12, 30)
_SELECTED = ' tabSelected="1"'
_BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4}


def column_letter(index: int) -> str:
    """'A' for column 0, 'AA' for column 26."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text_xml(text: str) -> str:
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'<is><t{space}>{escape(text)}</t></is>'


def cell_xml(value: Any, style: int) -> str:
    """A cell's XML after its reference: ` s="3" t="inlineStr"><is><t>…</t></is></c>`.

    The reference (`<c r="B7"`) is left to the caller, so the rest can be remembered per value. Text must
    already be free of characters XML cannot hold; a date becomes its serial number (its style gives the
    date format); a whole float is written as an integer.
    """
    if isinstance(value, str):
        return f' s="{style}" t="inlineStr">{_text_xml(value)}</c>'
    if isinstance(value, bool):
        return f' s="{style}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f' s="{style}"><v>{value}</v></c>'
    if isinstance(value, float):
        number = int(value) if value.is_integer() and abs(value) < 2**53 else value
        return f' s="{style}"><v>{number!r}</v></c>'
    if isinstance(value, dt.datetime):
        day = (value - dt.datetime(1899, 12, 30)).total_seconds() / 86400
        return f' s="{style}"><v>{day!r}</v></c>'
    if isinstance(value, dt.date):
        return f' s="{style}"><v>{(value - _EPOCH).days}</v></c>'
    raise TypeError(f"cannot write {type(value).__name__} to a cell")


@dataclass(frozen=True)
class CellStyle:
    """What a cell looks like; :class:`Styles` turns each distinct one into a numbered `xf`."""

    font: str = "等线"
    size: int = 11
    bold: bool = False
    fill: str | None = None
    border: bool = False
    num_format: str = "General"
    wrap: bool = False
    horizontal: str | None = None
    vertical: str | None = None
    quote_prefix: bool = False


@dataclass
class Styles:
    """The workbook's cell styles, numbered in the order they are first asked for (0 is the default)."""

    xfs: list[CellStyle] = field(default_factory=lambda: [CellStyle()])
    _index: dict[CellStyle, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._index[self.xfs[0]] = 0

    def style(self, spec: CellStyle) -> int:
        """The number of ``spec``, shared by every cell that looks alike."""
        if spec not in self._index:
            self._index[spec] = len(self.xfs)
            self.xfs.append(spec)
        return self._index[spec]

    def private(self, spec: CellStyle) -> int:
        """A number of its own, for cells whose look is settled later (:meth:`restyle`)."""
        self.xfs.append(spec)
        return len(self.xfs) - 1

    def restyle(self, number: int, **changes: Any) -> None:
        self.xfs[number] = replace(self.xfs[number], **changes)

    def xml(self) -> str:
        # in order of first use: font 0, the default style's, is the workbook's default font
        fonts = list(dict.fromkeys((s.font, s.size, s.bold) for s in self.xfs))
        fills = [None, "gray125", *dict.fromkeys(s.fill for s in self.xfs if s.fill)]
        formats = list(dict.fromkeys(s.num_format for s in self.xfs if s.num_format not in _BUILTIN_FORMATS))
        format_ids = {**_BUILTIN_FORMATS, **{code: 164 + i for i, code in enumerate(formats)}}
        parts = [f'{_HEAD}<styleSheet xmlns="{_MAIN}">']
        if formats:
            parts.append(f'<numFmts count="{len(formats)}">')
            parts += [f'<numFmt numFmtId="{format_ids[c]}" formatCode={quoteattr(c)}/>' for c in formats]
            parts.append("</numFmts>")
        parts.append(f'<fonts count="{len(fonts)}">')
        parts += [f'<font>{"<b/>" if bold else ""}<sz val="{size}"/><name val={quoteattr(name)}/><family val="2"/></font>'
                  for name, size, bold in fonts]
        parts.append(f'</fonts><fills count="{len(fills)}"><fill><patternFill patternType="none"/></fill>'
                     '<fill><patternFill patternType="gray125"/></fill>')
        parts += [f'<fill><patternFill patternType="solid"><fgColor rgb="FF{c.lstrip("#").upper()}"/>'
                  '<bgColor indexed="64"/></patternFill></fill>' for c in fills[2:]]
        thin = "".join(f'<{side} style="thin"><color auto="1"/></{side}>' for side in ("left", "right", "top", "bottom"))
        parts.append(f'</fills><borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
                     f'<border>{thin}<diagonal/></border></borders>'
                     '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                     f'<cellXfs count="{len(self.xfs)}">')
        parts += [_xf_xml(s, format_ids[s.num_format], fonts.index((s.font, s.size, s.bold)),
                          fills.index(s.fill) if s.fill else 0) for s in self.xfs]
        parts.append('</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
                     '<dxfs count="0"/></styleSheet>')
        return "".join(parts)


def _xf_xml(s: CellStyle, number_format: int, font: int, fill: int) -> str:
    applied = "".join(f' {name}="1"' for name, used in (
        ("applyNumberFormat", number_format != 0), ("applyFont", True), ("applyFill", fill != 0),
        ("applyBorder", s.border), ("quotePrefix", s.quote_prefix),
        ("applyAlignment", bool(s.wrap or s.horizontal or s.vertical))) if used)
    align = "".join(f" {k}={quoteattr(v)}" for k, v in (
        ("horizontal", s.horizontal), ("vertical", s.vertical), ("wrapText", "1" if s.wrap else None)) if v)
    head = (f'<xf numFmtId="{number_format}" fontId="{font}" fillId="{fill}" borderId="{int(s.border)}" '
            f'xfId="0"{applied}')
    return f"{head}><alignment{align}/></xf>" if align else f"{head}/>"


@dataclass
class SheetLayout:
    """How a finished sheet opens and prints; known only after its rows (widths, the filter's extent)."""

    widths: list[float]
    extent: tuple[int, int] = (0, 0)
    """(last row, last column) written, 0-based: readers size the sheet by it."""
    frozen_rows: int = 0
    autofilter: tuple[int, int, int, int] | None = None
    """(first row, first column, last row, last column), 0-based."""
    title_rows: int = 0
    """Rows 1..n print on every page."""
    footer: str = ""


def _excel_width(chars: float) -> float:
    """The stored width that shows ``chars`` digits in Excel's default font (7 px a digit, 5 px padding)."""
    return int((int(chars * 7 + 0.5) + 5) / 7 * 256) / 256


def _range(first_row: int, first_col: int, last_row: int, last_col: int, absolute: bool = False) -> str:
    d = "$" if absolute else ""
    return f"{d}{column_letter(first_col)}{d}{first_row + 1}:{d}{column_letter(last_col)}{d}{last_row + 1}"


class Sheet:
    """One worksheet being written: rows go to a temporary file until :meth:`finish`."""

    def __init__(self, book: StreamingWorkbook, name: str, index: int) -> None:
        self.book, self.name, self.index = book, name, index
        # open until finish() copies it into the package (or the book is abandoned)
        self.rows: IO[bytes] = tempfile.TemporaryFile("w+b", buffering=1 << 20)  # noqa: SIM115
        self.layout: SheetLayout | None = None

    def write(self, xml: str) -> None:
        """Append row XML (one or several `<row>` elements, built with :func:`cell_xml`)."""
        self.rows.write(xml.encode())

    def finish(self, layout: SheetLayout) -> None:
        """Write the sheet's part into the package: its head, the rows as written, its print setup."""
        self.layout = layout
        head = [f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
                f'<dimension ref="{_range(0, 0, *layout.extent)}"/>',
                f'<sheetViews><sheetView{_SELECTED if self.index == 0 else ""} workbookViewId="0">']
        if layout.frozen_rows:
            top = f"A{layout.frozen_rows + 1}"
            head.append(f'<pane ySplit="{layout.frozen_rows}" topLeftCell="{top}" activePane="bottomLeft" '
                        f'state="frozen"/><selection pane="bottomLeft" activeCell="{top}" sqref="{top}"/>')
        head.append('</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>')
        if layout.widths:  # <cols> must hold at least one <col>
            head += ["<cols>", *(f'<col min="{i}" max="{i}" width="{_excel_width(w)}" customWidth="1"/>'
                                 for i, w in enumerate(layout.widths, start=1)), "</cols>"]
        head.append("<sheetData>")
        tail = ["</sheetData>"]
        if layout.autofilter:
            tail.append(f'<autoFilter ref="{_range(*layout.autofilter)}"/>')
        tail.append('<printOptions horizontalCentered="1"/>'
                    '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/>'
                    '<pageSetup paperSize="9" fitToHeight="0" orientation="landscape"/>')
        if layout.footer:
            tail.append(f"<headerFooter><oddFooter>{escape(layout.footer)}</oddFooter></headerFooter>")
        tail.append("</worksheet>")
        self.rows.seek(0)
        with self.book.zip.open(f"xl/worksheets/sheet{self.index + 1}.xml", "w", force_zip64=True) as part:
            part.write("".join(head).encode())
            shutil.copyfileobj(self.rows, part, 1 << 20)
            part.write("".join(tail).encode())
        self.rows.close()


class StreamingWorkbook:
    """An XLSX file written sheet by sheet: add a sheet, write its rows, finish it, then close the book."""

    def __init__(self, path: Path, *, title: str = "", author: str = "") -> None:
        self.path, self.title, self.author = path, title, author
        self.zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
        self.styles = Styles()
        self.sheets: list[Sheet] = []

    def __enter__(self) -> StreamingWorkbook:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if kind is None:
            self.close()
        else:
            self.zip.close()
            for sheet in self.sheets:
                sheet.rows.close()
            self.path.unlink(missing_ok=True)

    def add_sheet(self, name: str) -> Sheet:
        sheet = Sheet(self, name, len(self.sheets))
        self.sheets.append(sheet)
        return sheet

    def close(self) -> None:
        """Write the parts that list the sheets: workbook, relationships, styles, properties, content types."""
        unfinished = [s.name for s in self.sheets if s.layout is None]
        if unfinished:
            raise RuntimeError(f"sheets never finished: {unfinished}")
        parts = {
            "xl/workbook.xml": self._workbook_xml(),
            "xl/_rels/workbook.xml.rels": self._relationships(),
            "xl/styles.xml": self.styles.xml(),
            "docProps/core.xml": self._core_xml(),
            "_rels/.rels": (f'{_HEAD}<Relationships xmlns="{_PKG_REL}">'
                            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
                            f'<Relationship Id="rId2" Type="{_PKG_REL}/metadata/core-properties" '
                            'Target="docProps/core.xml"/></Relationships>'),
            "[Content_Types].xml": self._content_types(),
        }
        for name, text in parts.items():
            self.zip.writestr(name, text.encode())
        self.zip.close()

    def _workbook_xml(self) -> str:
        sheets = "".join(f'<sheet name={quoteattr(s.name)} sheetId="{s.index + 1}" r:id="rId{s.index + 1}"/>'
                         for s in self.sheets)
        names = []
        for s in self.sheets:
            quoted = "'" + s.name.replace("'", "''") + "'"
            layout = s.layout or SheetLayout([])
            if layout.autofilter:
                names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{s.index}" hidden="1">'
                             f"{escape(quoted)}!{_range(*layout.autofilter, absolute=True)}</definedName>")
            if layout.title_rows:
                names.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{s.index}">'
                             f"{escape(quoted)}!$1:${layout.title_rows}</definedName>")
        defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
        return (f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><workbookPr/><bookViews><workbookView/>'
                f'</bookViews><sheets>{sheets}</sheets>{defined}<calcPr calcId="124519"/></workbook>')

    def _relationships(self) -> str:
        rels = [f'<Relationship Id="rId{s.index + 1}" Type="{_REL}/worksheet" Target="worksheets/sheet{s.index + 1}.xml"/>'
                for s in self.sheets]
        rels.append(f'<Relationship Id="rId{len(self.sheets) + 1}" Type="{_REL}/styles" Target="styles.xml"/>')
        return f'{_HEAD}<Relationships xmlns="{_PKG_REL}">{"".join(rels)}</Relationships>'

    def _core_xml(self) -> str:
        now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return (f'{_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
                'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/'
                'terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
                f"<dc:title>{escape(self.title)}</dc:title><dc:creator>{escape(self.author)}</dc:creator>"
                f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
                f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified></cp:coreProperties>')

    def _content_types(self) -> str:
        office = "application/vnd.openxmlformats-officedocument"
        overrides = [("/xl/workbook.xml", f"{office}.spreadsheetml.sheet.main+xml"),
                     ("/xl/styles.xml", f"{office}.spreadsheetml.styles+xml"),
                     ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml")]
        overrides += [(f"/xl/worksheets/sheet{s.index + 1}.xml", f"{office}.spreadsheetml.worksheet+xml")
                      for s in self.sheets]
        return (f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                + "".join(f'<Override PartName="{p}" ContentType="{c}"/>' for p, c in overrides) + "</Types>")
