"""The rendering contract between the planner and the renderers: plain data, no layout.

The planner fills these objects; ``reports`` (PDF, XLSX) and ``tui`` draw them. Nothing here
knows about reportlab, openpyxl or Textual, and nothing here computes a plan: a row is a dict keyed
by :attr:`Column.key` whose values are already what a person should read (Chinese labels for
enum values, numbers in the unit the column's kind names). The four standard column sets follow
the Lüliang task split (tasks 1, 2, 3 and 7) and the lists DESIGN.md names.

Value conventions by :attr:`Column.kind`:

* ``text``: ``str`` (``None`` is an empty cell);
* ``int``, ``float``: plain numbers; ``yuan`` (money, 元), ``tce`` (吨标准煤), ``tco2`` (吨二氧化碳):
  ``float`` in that unit; ``percent``: percentage points (``92.5`` means 92.5 %), like ``*_pct``
  fields; a number column holding ``None`` shows as missing ("—"), never as zero;
* ``date``: ``datetime.date`` or a ``str`` such as "2025年底前" (a timetable may be a phrase).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from equipinv.errors import BadInput

if TYPE_CHECKING:
    from equipinv.targets.rows import RegionTargets

ColumnKind = Literal["text", "int", "float", "yuan", "tce", "tco2", "date", "percent"]

NUMERIC_KINDS: frozenset[str] = frozenset({"int", "float", "yuan", "tce", "tco2", "percent"})

#: Decimals shown when a column does not say: money in whole yuan, energy and CO2 to 0.01 t.
DEFAULT_DECIMALS: dict[str, int] = {
    "int": 0, "float": 1, "yuan": 0, "tce": 2, "tco2": 2, "percent": 1,
}

Row = dict[str, Any]


@dataclass(frozen=True)
class Column:
    """One column of a list: the row key, its Chinese header and how to show its values."""

    key: str
    header: str
    kind: ColumnKind = "text"
    decimals: int | None = None
    width: float = 1.0
    """Relative width hint; renderers share the page width in proportion to it."""
    total: bool = False
    """Whether subtotal and total rows sum this column (numeric kinds only)."""
    in_heading: bool = False
    """The section heading already says this value (the elimination list's 依据类别): a renderer that prints
    section headings leaves the column out; CSV and JSON, which have no headings, keep it."""

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS

    @property
    def shown_decimals(self) -> int:
        return DEFAULT_DECIMALS.get(self.kind, 0) if self.decimals is None else self.decimals


def _sum_rows(columns: list[Column], rows: Iterable[Row]) -> dict[str, float]:
    """Sum every totalled column in one pass over the rows; a missing value (None or absent) adds nothing."""
    keys = [col.key for col in columns if col.total and col.numeric]
    sums: dict[str, float] = dict.fromkeys(keys, 0)  # 0 with no values, as sum() gives
    for r in rows:
        for key in keys:
            if (v := r.get(key)) is not None:
                sums[key] += float(v)
    return {key: round(total, 6) for key, total in sums.items()}  # drop binary noise (0.1 + 0.2), keep every real digit


@dataclass
class ListSection:
    """A block of rows under one heading: an enterprise, an industry or a project."""

    title: str
    rows: Sequence[Row] = field(default_factory=list)
    """A list, or rows kept on disk (`equipinv.row_spool.SpooledRows`) for a long list: read, never changed."""
    show_subtotal: bool = True

    def subtotal(self, columns: list[Column]) -> dict[str, float]:
        return _sum_rows(columns, self.rows)


@dataclass
class FillerInfo:
    """The form's filler block: who files it and how to reach them."""

    unit: str = ""
    """填报单位 (the enterprise or bureau that stamps the form)."""
    person: str = ""
    """填报人"""
    phone: str = ""
    """联系电话"""
    date: _dt.date | None = None
    """填报日期"""


@dataclass
class ListDocument:
    """One list as filed: title, filler block, scope, columns and sectioned rows."""

    list_id: str
    title: str
    columns: list[Column]
    sections: list[ListSection] = field(default_factory=list)
    filler: FillerInfo = field(default_factory=FillerInfo)
    scope: str = ""
    """What the list covers, e.g. "企业：某某焦化有限公司" or "地区：吕梁市（141100）"."""
    section_label: str = ""
    """What a section is ("企业", "行业"); empty when the list has one untitled section."""
    notes: list[str] = field(default_factory=list)
    """Footnotes printed under the table (sources, coefficients used)."""

    @property
    def titled(self) -> bool:
        """Whether the sections carry headings (several sections, or one with a title)."""
        return len(self.sections) > 1 or any(s.title for s in self.sections)

    def printed_columns(self) -> list[Column]:
        """The columns a renderer with section headings prints: those the heading says are left out."""
        return [c for c in self.columns if not (self.titled and c.in_heading)]

    @property
    def row_count(self) -> int:
        return sum(len(s.rows) for s in self.sections)

    def totals(self) -> dict[str, float]:
        """Sums of the totalled columns over every row of every section."""
        return _sum_rows(self.columns, (r for s in self.sections for r in s.rows))

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)


# --- the four standard lists -------------------------------------------------------------------

CURRENT_STATE_COLUMNS: tuple[Column, ...] = (
    Column("enterprise", "项目单位", width=2.0),
    Column("project_commissioning_date", "项目投产时间", "date", width=1.1),
    Column("equipment_name", "设备名称", width=1.6),
    Column("model", "型号", width=1.6),
    Column("spec", "主要参数", width=1.2),
    Column("quantity", "数量", "int", width=0.6, total=True),
    Column("design_life_years", "设计年限（年）", "float", decimals=0, width=0.8),
    Column("years_in_service", "使用年限（年）", "float", decimals=1, width=0.8),
    Column("condition_label", "运行情况", width=0.8),
    Column("efficiency_level_label", "能效水平", width=1.1),
    Column("remark", "备注", width=1.2),
)

DEMAND_COLUMNS: tuple[Column, ...] = (
    Column("enterprise", "项目单位", width=1.8),
    Column("equipment_name", "现有设备名称", width=1.4),
    Column("model", "型号", width=1.3),
    Column("quantity", "数量", "int", width=0.6, total=True),
    Column("efficiency_level_label", "现有能效水平", width=1.0),
    Column("measure_label", "更新改造方式", width=1.0),
    Column("target_equipment", "拟更新设备", width=1.5),
    Column("target_level_label", "目标能效水平", width=1.0),
    Column("planned_year", "计划年度", "int", width=0.7),
    Column("investment_yuan", "投资估算（元）", "yuan", width=1.1, total=True),
    Column("annual_saving_tce", "年节能量（tce）", "tce", width=1.0, total=True),
    Column("annual_reduction_tco2", "年减碳量（tCO2）", "tco2", width=1.0, total=True),
    Column("payback_years", "回收期（年）", "float", decimals=1, width=0.8),
    Column("source_label", "需求来源", width=0.9),
)

NEW_PROJECT_COLUMNS: tuple[Column, ...] = (
    Column("enterprise", "项目单位", width=1.8),
    Column("project_name", "项目名称", width=1.6),
    Column("project_commissioning_date", "计划投产时间", "date", width=1.0),
    Column("equipment_name", "设备名称", width=1.4),
    Column("model", "型号", width=1.4),
    Column("spec", "主要参数", width=1.1),
    Column("quantity", "数量", "int", width=0.6, total=True),
    Column("efficiency_level_label", "能效水平", width=1.0),
    Column("compliance_label", "是否达到节能水平", width=1.0),
    Column("investment_yuan", "设备投资（元）", "yuan", width=1.1, total=True),
    Column("remark", "备注", width=1.1),
)

ELIMINATION_COLUMNS: tuple[Column, ...] = (
    Column("enterprise", "项目单位", width=1.4),
    Column("equipment_name", "淘汰设备名称", width=1.4),
    Column("model", "型号", width=1.3),
    Column("quantity", "数量", "int", width=0.6, total=True),
    Column("years_in_service", "服务年限（年）", "float", decimals=1, width=0.8),
    Column("basis_kind_label", "依据类别", width=0.9, in_heading=True),
    Column("basis", "淘汰标准", width=4.6),
    Column("deadline", "淘汰时间表", "date", width=1.0),
    Column("replacement_name", "更新设备名称", width=1.6),
    Column("remark", "备注", width=0.8),
)

RENEWAL_COLUMNS: tuple[Column, ...] = (
    Column("enterprise", "项目单位", width=1.4),
    Column("equipment_name", "设备名称", width=1.3),
    Column("model", "型号", width=1.2),
    Column("quantity", "数量", "int", width=0.5, total=True),
    Column("years_in_service", "服务年限（年）", "float", decimals=1, width=0.7),
    Column("efficiency_level_label", "现有能效水平", width=1.0),
    Column("reason", "更新理由", width=2.0),
    Column("measure_label", "更新改造方式", width=1.0),
    Column("target_equipment", "拟更新设备", width=1.3),
    Column("planned_year", "计划年度", "int", width=0.6),
    Column("investment_yuan", "投资估算（元）", "yuan", width=1.0, total=True),
    Column("annual_saving_tce", "年节能量（tce）", "tce", width=0.9, total=True),
    Column("annual_reduction_tco2", "年减碳量（tCO2）", "tco2", width=0.9, total=True),
    Column("progress_label", "进展", width=0.6),
)

#: list_id -> (title, columns) of the four lists the Lüliang task split asks for.
STANDARD_LISTS: dict[str, tuple[str, tuple[Column, ...]]] = {
    "current_state": ("设备使用现状清单", CURRENT_STATE_COLUMNS),
    "demand": ("设备更新和技术改造需求清单", DEMAND_COLUMNS),
    "new_project": ("新建项目设备清单", NEW_PROJECT_COLUMNS),
    "elimination": ("设备淘汰清单", ELIMINATION_COLUMNS),
    "renewal": ("鼓励更新清单", RENEWAL_COLUMNS),
}


def standard_list(
    list_id: str,
    sections: list[ListSection] | None = None,
    *,
    filler: FillerInfo | None = None,
    scope: str = "",
    section_label: str = "",
    notes: list[str] | None = None,
) -> ListDocument:
    """A :class:`ListDocument` with the standard title and columns of ``list_id``."""
    try:
        title, columns = STANDARD_LISTS[list_id]
    except KeyError:
        known = "、".join(STANDARD_LISTS)
        raise BadInput(
            f"未知的清单 \"{list_id}\"，可选：{known} (error: unknown list \"{list_id}\")"
        ) from None
    return ListDocument(
        list_id=list_id, title=title, columns=list(columns), sections=sections or [],
        filler=filler or FillerInfo(), scope=scope, section_label=section_label,
        notes=notes or [],
    )


# --- the summary report ------------------------------------------------------------------------

@dataclass
class LevelCount:
    """Pieces (台/套) of one category at one benchmark level (先进水平, 节能水平, 准入水平, ...)."""

    category_label: str
    level_label: str
    units: int


@dataclass
class AgeDistribution:
    """Histogram of years in service for one category, with its design life as a marker."""

    category_label: str
    bin_edges_years: list[float]
    """``len(counts) + 1`` ascending edges; bin i is [edge i, edge i+1)."""
    counts: list[int]
    design_life_years: float | None = None
    past_design_life: int = 0
    """Units already past their own design life (each unit judged by its own)."""


@dataclass
class EliminationDeadline:
    """Legal eliminations grouped by category, basis and deadline; `units` counts pieces (台/套)."""

    category_label: str
    basis: str
    units: int
    deadline: str
    """A date "2025-12-31" or a phrase "2025年底前", as the basis states it."""


@dataclass
class BasisCount:
    """How many rows and pieces of the elimination list one kind of legal basis holds."""

    basis_kind_label: str
    rows: int
    pieces: int
    """台/套: the rows' 数量 added up."""


@dataclass
class PlanYear:
    """One year of the plan: what it costs and what it saves."""

    year: int
    units: int
    investment_yuan: float
    saving_tce: float
    reduction_tco2: float


@dataclass
class SummaryReport:
    """The figures of an enterprise's or a region's summary, with the labels to print."""

    title: str
    scope: str
    filler: FillerInfo = field(default_factory=FillerInfo)
    level_labels: list[str] = field(default_factory=list)
    """Order of the level columns and chart stacks, best level first."""
    level_counts: list[LevelCount] = field(default_factory=list)
    age: list[AgeDistribution] = field(default_factory=list)
    eliminations: list[EliminationDeadline] = field(default_factory=list)
    plan_years: list[PlanYear] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    basis_counts: list[BasisCount] = field(default_factory=list)
    """The elimination total by kind of legal basis (淘汰目录, 煤矿禁用目录, 强制报废年限, …)."""
    targets: list[RegionTargets] = field(default_factory=list)
    """The plans' targets of the scope's region(s) (`equipinv.targets.rows.scope_targets`)."""
    targets_note: str | None = None
    """Why there are no targets to show, when there are none."""

    def categories(self) -> list[str]:
        """Category labels in first-seen order of :attr:`level_counts`."""
        return list(dict.fromkeys(c.category_label for c in self.level_counts))

    def levels(self) -> list[str]:
        """:attr:`level_labels`, then any level the counts use that it does not name."""
        seen = dict.fromkeys(self.level_labels)
        seen.update(dict.fromkeys(c.level_label for c in self.level_counts))
        return list(seen)

    def level_table(self) -> dict[str, dict[str, int]]:
        """category label -> level label -> units, every level of :meth:`levels` present (0 if none)."""
        table = {cat: dict.fromkeys(self.levels(), 0) for cat in self.categories()}
        for c in self.level_counts:
            table[c.category_label][c.level_label] += c.units
        return table
