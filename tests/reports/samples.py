"""Hand-built list documents with realistic Chinese rows, and readers for the files they become."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

from pypdf import PdfReader

from equipinv.listing import (
    AgeDistribution,
    EliminationDeadline,
    FillerInfo,
    LevelCount,
    ListDocument,
    ListSection,
    PlanYear,
    SummaryReport,
    standard_list,
)

FILLER = FillerInfo("吕梁市离石区工业和信息化局", "王建国", "0358-8221234", dt.date(2026, 11, 20))
ENTERPRISES = ("山西吕梁离石焦化有限公司", "孝义市金达煤化工有限责任公司", "汾阳市杏花村酿造有限公司")
BASES = (
    "《高耗能落后机电设备（产品）淘汰目录（第一批）》（工节〔2009〕第67号）：Y系列（IP44）三相异步电动机",
    "GB 18613-2020 低于能效3级（准入水平），依法淘汰",
    "国四及以下排放标准营运类柴油货车（吕梁市分解任务第16项）",
)


def elimination_rows(enterprise: str, n: int, start: int = 0) -> list[dict[str, object]]:
    return [
        {
            "enterprise": enterprise,
            "equipment_name": ("三相异步电动机", "离心通风机", "重型柴油货车")[i % 3],
            "model": f"Y2-{280 + i % 7}M-4",
            "quantity": 1 + (start + i) % 4,
            "years_in_service": 10.0 + (i % 9) * 1.5,
            "basis": BASES[i % 3],
            "deadline": dt.date(2025, 12, 31) if i % 2 else "2026年底前",
            "replacement_name": f"YE4-{280 + i % 7}M-4 超高效三相异步电动机（能效1级）",
            "remark": "企业自报" if i % 5 == 0 else None,
        }
        for i in range(n)
    ]


def elimination_doc(per_enterprise: int = 30) -> ListDocument:
    sections = [ListSection(e, elimination_rows(e, per_enterprise, k)) for k, e in enumerate(ENTERPRISES)]
    return standard_list("elimination", sections, filler=FILLER, scope="吕梁市离石区（141102）",
                         section_label="企业", notes=["淘汰标准按工业和信息化部公告及强制性国家标准。"])


def demand_doc(rows_per_industry: int = 8) -> ListDocument:
    industries = ("C2521 炼焦", "C1512 白酒制造")
    sections = []
    for k, industry in enumerate(industries):
        rows = [
            {
                "enterprise": ENTERPRISES[k], "equipment_name": "离心鼓风机", "model": f"C{300 + i}-1.8",
                "quantity": 2, "efficiency_level_label": "准入水平", "measure_label": "更新",
                "target_equipment": "磁悬浮离心鼓风机", "target_level_label": "先进水平",
                "planned_year": 2025 + i % 3, "investment_yuan": 850000.0 + 1000 * i,
                "annual_saving_tce": 35.25 + i, "annual_reduction_tco2": 87.5 + i,
                "payback_years": 3.4 if i % 4 else None,
            }
            for i in range(rows_per_industry)
        ]
        sections.append(ListSection(industry, rows))
    return standard_list("demand", sections, filler=FILLER, scope="吕梁市离石区（141102）",
                         section_label="行业")


def summary_report() -> SummaryReport:
    levels = ["先进水平", "节能水平", "准入水平", "低于准入水平", "未分级"]
    counts = [LevelCount(cat, lv, (3 * i + 5 * j) % 11)
              for i, cat in enumerate(("三相异步电动机", "电力变压器", "清水离心泵", "工业锅炉"))
              for j, lv in enumerate(levels)]
    ages = [AgeDistribution("三相异步电动机", [0, 5, 10, 15, 20, 25], [8, 14, 9, 6, 2], 20.0, 2),
            AgeDistribution("电力变压器", [0, 10, 20, 30, 40], [3, 5, 2, 1], 25.0, 1)]
    elims = [EliminationDeadline("三相异步电动机", BASES[0], 12, "2025年底前"),
             EliminationDeadline("载货汽车", BASES[2], 4, "2027-12-31")]
    years = [PlanYear(2025, 16, 2_400_000.0, 310.25, 771.5), PlanYear(2026, 9, 1_150_000.0, 120.5, 300.0)]
    return SummaryReport("离石区设备更新和淘汰汇总", "吕梁市离石区（141102）", FILLER, levels, counts,
                         ages, elims, years, ["二氧化碳按 2023 年全国电网平均排放因子折算。"])


def page_texts(path: Path) -> list[str]:
    """Text of each page with all whitespace removed (wrapped cell lines join back up)."""
    return ["".join(p.extract_text().split()) for p in PdfReader(path).pages]


def squash(text: str) -> str:
    return "".join(text.split())


def dark_fraction(pdf: Path, page: int = 1) -> float:
    """Share of dark pixels of ``page`` rendered by poppler (grey PGM, read by hand)."""
    out = subprocess.run(
        ["pdftoppm", "-gray", "-r", "40", "-f", str(page), "-l", str(page), str(pdf)],
        check=True, capture_output=True,
    ).stdout
    head = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", out)
    assert head, "pdftoppm -gray writes a binary PGM"
    width, height = int(head[1]), int(head[2])
    raster = out[head.end():]
    assert len(raster) == width * height
    return sum(1 for px in raster if px < 128) / (width * height)


FORM_HEAD = ("填报单位", "填报人", "联系电话", "填报日期", "范围：", "注1", "注2")
FOOTER = re.compile(r"第 \d+ 页 共 \d+ 页")


def column_lines(pdf: Path, doc: ListDocument, key: str) -> list[tuple[float, str]]:
    """(x, text) of every table line starting in column ``key``; headers and the form head left out.

    The column's edges come from the widths the renderer computes and its page constants.
    """
    index = [c.key for c in doc.printed_columns()].index(key)
    right = column_right_edge(doc, key)
    left = column_right_edge(doc, doc.printed_columns()[index - 1].key) if index else _first_left()
    found: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        x = tm[4] + cm[4]
        line = text.strip()
        if line and left <= x < right and line != doc.printed_columns()[index].header and not line.startswith(FORM_HEAD) \
                and not FOOTER.fullmatch(line):
            found.append((x, line))

    for page in PdfReader(pdf).pages:
        page.extract_text(visitor_text=visit)
    return found


def _first_left() -> float:
    from reports.layout import MARGIN_X
    from reports.pdf import SEQ_WIDTH

    return MARGIN_X + SEQ_WIDTH


def column_right_edge(doc: ListDocument, key: str) -> float:
    """Where column ``key`` ends on the page, from the widths the renderer computes for ``doc``."""
    from reports.fonts import resolve_font
    from reports.layout import MARGIN_X
    from reports.pdf import table_widths

    index = [c.key for c in doc.printed_columns()].index(key)
    return MARGIN_X + sum(table_widths(doc, resolve_font())[: index + 2])

def ink_cells(pdf: Path, page: int, top_pt: float, height_pt: float, size_pt: float, count: int,
              env: dict[str, str] | None = None, dpi: int = 144) -> list[list[str]]:
    """The ``count`` glyph cells of a line of full-width characters, as rows of '#' (ink) and '.'.

    poppler renders (no anti-aliasing) the band ``top_pt`` .. ``top_pt + height_pt`` from the top
    of ``page``; the line starts at its first inked column and each character takes ``size_pt``.
    Every cell is cropped to its own ink, so the same glyph drawn at another sub-pixel offset
    compares equal (see :func:`same_shape`).
    """
    out = subprocess.run(
        ["pdftoppm", "-gray", "-aa", "no", "-aaVector", "no", "-r", str(dpi), "-f", str(page), "-l", str(page),
         "-y", str(round(top_pt * dpi / 72)), "-H", str(round(height_pt * dpi / 72)), "-x", "0", "-W", "100000",
         str(pdf)],
        check=True, capture_output=True, env=env,
    ).stdout
    head = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", out)
    assert head, "pdftoppm -gray writes a binary PGM"
    width, height = int(head[1]), int(head[2])
    raster = out[head.end():]
    rows = ["".join("#" if raster[y * width + x] < 128 else "." for x in range(width)) for y in range(height)]
    inked = [x for x in range(width) if any(r[x] == "#" for r in rows)]
    if not inked:
        return [[] for _ in range(count)]
    pitch = size_pt * dpi / 72
    cells = []
    for i in range(count):
        lo, hi = round(inked[0] + i * pitch), round(inked[0] + (i + 1) * pitch)
        cell = [r[lo:hi] for r in rows]
        ys = [y for y, r in enumerate(cell) if "#" in r]
        xs = [x for r in cell for x, c in enumerate(r) if c == "#"]
        cells.append([r[min(xs):max(xs) + 1] for r in cell[min(ys):max(ys) + 1]] if ys else [])
    return cells


def same_shape(a: list[str], b: list[str]) -> bool:
    """Two cropped cells show the same glyph: sizes within a pixel and under 10% of their ink differs."""
    if not a or not b:
        return not a and not b
    if abs(len(a) - len(b)) > 1 or abs(len(a[0]) - len(b[0])) > 1:
        return False
    h, w = min(len(a), len(b)), min(len(a[0]), len(b[0]))
    differ = sum(a[y][x] != b[y][x] for y in range(h) for x in range(w))
    ink = sum(r.count("#") for r in a + b) / 2
    return differ < 0.1 * ink


def layout_lines(pdf: Path, env: dict[str, str] | None = None) -> list[str]:
    """pdftotext -layout's lines: cells keep their columns, a wrapped cell its lines."""
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, env=env,
                          check=True).stdout.splitlines()


def reads_back(name: str, lines: list[str]) -> bool:
    """``name`` on one line, or its head and its tail at the same column a few lines apart.

    (pdftotext -layout puts a vertically centred neighbour cell on a line between the two.)
    """
    if any(name in line for line in lines):
        return True
    for n, upper in enumerate(lines):
        for cut in range(2, len(name) - 1):  # at least two characters on each line
            at = upper.find(name[:cut])
            if at >= 0 and any(lower[at:at + len(name) - cut] == name[cut:] for lower in lines[n + 1:n + 4]):
                return True
    return False
