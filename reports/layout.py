"""Page furniture shared by every PDF: landscape A4, the form's head, page numbers, results.

"第 X 页 共 Y 页" needs the page count before the last page is known; instead of laying the
document out twice, :func:`numbered_canvas` keeps each finished page's state and draws the
footers when the canvas is saved (the usual reportlab canvasmaker recipe), so a 400-page list
is laid out once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Paragraph, Table, TableStyle

from equipinv.listing import FillerInfo

from .cells import format_filing_date, sign_off_fields
from .fonts import ResolvedFont, resolve_font

PAGE_SIZE = landscape(A4)
MARGIN_X = 12 * mm
MARGIN_TOP = 14 * mm
MARGIN_BOTTOM = 14 * mm
FRAME_WIDTH = PAGE_SIZE[0] - 2 * MARGIN_X

ProgressCallback = Callable[[int, int], None]


@dataclass
class RenderResult:
    """What a renderer wrote and what the user should be told about it."""

    path: Path
    pages: int
    rows: int
    font_name: str
    missing_chars: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def font_for(font: ResolvedFont | str | None) -> ResolvedFont:
    """Accept a resolved font, a config spec ("path[,index]") or None (resolve from scratch)."""
    return font if isinstance(font, ResolvedFont) else resolve_font(font)


def missing_chars_warning(font: ResolvedFont, missing: list[str]) -> str:
    """Names every character the font lacks (up to 40) and how to get them drawn."""
    shown = " ".join(f"{c}(U+{ord(c):04X})" for c in missing[:40])
    more = f" 等 {len(missing)} 个" if len(missing) > 40 else ""
    return (
        f"警告：字体 {font.label} 缺少以下字符，PDF 中以 [U+XXXX] 标出：{shown}{more}；"
        "可在环境变量 EQUIPINV_PDF_FONT 或配置文件 [pdf] font 中指定包含这些字符的 .ttf/.ttc 字体"
        f" (warning: {len(missing)} characters are not in the font; marked as [U+XXXX])"
    )


def mark_missing(text: str, missing: frozenset[str]) -> str:
    """Replace characters the font cannot draw by a visible code instead of a blank box."""
    if not missing or missing.isdisjoint(text):
        return text
    return "".join(f"[U+{ord(c):04X}]" if c in missing else c for c in text)


@dataclass(frozen=True)
class Styles:
    """Paragraph styles of one font; CJK word wrap everywhere so long strings break anywhere."""

    title: ParagraphStyle
    info: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    heading: ParagraphStyle
    note: ParagraphStyle


def make_styles(font_name: str, cell_size: float = 8.0) -> Styles:
    base = ParagraphStyle("base", fontName=font_name, fontSize=cell_size, leading=cell_size * 1.25,
                          wordWrap="CJK")
    return Styles(
        title=ParagraphStyle("title", parent=base, fontSize=18, leading=24, alignment=TA_CENTER,
                             spaceAfter=4),
        info=ParagraphStyle("info", parent=base, fontSize=10, leading=14),
        cell=base,
        cell_center=ParagraphStyle("cellc", parent=base, alignment=TA_CENTER),
        heading=ParagraphStyle("heading", parent=base, fontSize=12, leading=16, spaceBefore=8,
                               spaceAfter=4),
        note=ParagraphStyle("note", parent=base, fontSize=8, leading=11, spaceBefore=2),
    )


def para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def filler_block(filler: FillerInfo, scope: str, styles: Styles, mark: Callable[[str], str]) -> Table:
    """The form's head: 填报单位（盖章） and 填报日期 as one borderless row, scope under it (the people who sign
    are in :func:`end_with_sign_off`)."""
    cells = [f"填报单位（盖章）：{filler.unit}", f"填报日期：{format_filing_date(filler.date)}"]
    rows = [[para(mark(c), styles.info) for c in cells]]
    if scope:
        rows.append([para(mark(f"范围：{scope}"), styles.info), ""])
    style: list[tuple[Any, ...]] = [("LEFTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                                    ("FONT", (0, 0), (-1, -1), styles.info.fontName)]  # blank cells: not Helvetica
    if scope:
        style.append(("SPAN", (0, 1), (-1, 1)))
    return Table(rows, colWidths=[FRAME_WIDTH * 0.6, FRAME_WIDTH * 0.4], style=TableStyle(style), hAlign="LEFT")


def end_with_sign_off(story: list[Flowable], filler: FillerInfo, styles: Styles, mark: Callable[[str], str]) -> None:
    """Close `story` with the block every government form ends with, from the same fields as the XLSX
    (`cells.sign_off_fields`); it keeps the story's last flowable (the last note) on its page, so it never
    stands alone on a page of its own."""
    row = [para(mark(f"{label}：{value}"), styles.info) for label, value in sign_off_fields(filler)]
    style = [("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 10),
             ("FONT", (0, 0), (-1, -1), styles.info.fontName)]
    widths = [FRAME_WIDTH * w for w in (0.30, 0.16, 0.16, 0.18, 0.20)]
    block = Table([row], colWidths=widths, style=TableStyle(style), hAlign="LEFT")
    last = [story.pop()] if story and isinstance(story[-1], Paragraph) else []
    story.append(KeepTogether([*last, block]))


def numbered_canvas(font_name: str, running_head: str) -> type[rl_canvas.Canvas]:
    """A canvas class that writes "第 X 页 共 Y 页" on every page and ``running_head`` from page 2."""

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            # reportlab opens every page with Helvetica, which is never embedded: start in ours
            kwargs["initialFontName"] = kwargs.get("initialFontName") or font_name
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, object]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._furniture(number, total)
                super().showPage()
            super().save()

        def _furniture(self, number: int, total: int) -> None:
            width, _ = self._pagesize
            self.saveState()
            self.setFont(font_name, 9)
            self.setFillColor(colors.black)
            self.drawCentredString(width / 2, MARGIN_BOTTOM / 2, f"第 {number} 页 共 {total} 页")
            if number > 1 and running_head:
                self.setFillColor(colors.HexColor("#555555"))
                self.drawString(MARGIN_X, PAGE_SIZE[1] - MARGIN_TOP / 2 - 3, running_head)
            self.restoreState()

    return NumberedCanvas


def render_story(path: str | Path, story: list[Any], *, title: str, author: str, font: ResolvedFont,
                 running_head: str, missing: list[str], rows: int) -> RenderResult:
    """Lay out a flowing document (the summary, the bulletin) on A4 landscape with numbered pages and a
    running head, and say what was written and what the reader should be told."""
    out = Path(path)
    template = BaseDocTemplate(str(out), pagesize=PAGE_SIZE, title=title, author=author, creator="equipinv",
                               pageCompression=1, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
                               bottomMargin=MARGIN_BOTTOM)
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, FRAME_WIDTH, PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    template.addPageTemplates([PageTemplate("body", [frame])])
    template.build(story, canvasmaker=numbered_canvas(font.name, running_head))
    warnings = list(font.warnings)
    if missing:
        warnings.append(missing_chars_warning(font, missing))
    return RenderResult(out, template.page, rows, font.name, missing, warnings)
