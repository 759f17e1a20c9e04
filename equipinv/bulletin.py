"""旬调度 / 月通报 as a document: the progress of eliminations, safety assessments and renewal items.

Built from the closure loop (`equipinv.bureau.closure.progress`), the safety assessments and the plan
items' progress, as plain `ListDocument` tables plus a trend across the last periods, so the reports
package renders it (PDF with a chart, XLSX one sheet per table) and computes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import Session, col, select

from equipinv import codes
from equipinv.bureau.closure import Progress, ProgressRow, period_bounds, progress
from equipinv.bureau.renewal_progress import latest_plan
from equipinv.elimination_basis import needs_assessment
from equipinv.elimination_list import enterprises_latest_assessments
from equipinv.listing import Column, FillerInfo, ListDocument, ListSection, Row
from equipinv.lists import Scope
from equipinv.models import EliminationRecord, Enterprise, Equipment, Finding, PlanItem

PERIOD_TITLES = {"dekad": "旬调度", "month": "月通报"}
TREND_PERIODS = 6

_PROGRESS_COLUMNS = [
    Column("label", "", width=1.6), Column("total", "淘汰任务", "int", total=True),
    Column("planned", "未完成", "int", total=True), Column("done", "已完成待核验", "int", total=True),
    Column("verified", "已核验销号", "int", total=True), Column("overdue", "逾期", "int", total=True),
    Column("done_in_period", "本期完成", "int", total=True), Column("verified_in_period", "本期销号", "int", total=True),
]
_PROBLEM_COLUMNS = [
    Column("problem", "问题", width=1.4), Column("enterprise", "企业", width=1.6), Column("asset_no", "资产编号"),
    Column("equipment_name", "设备", width=1.2), Column("deadline", "淘汰期限", "date"), Column("basis", "依据", width=3.0),
]
_SAFETY_COLUMNS = [Column("label", "评估状态", width=2.0), Column("units", "台数", "int", total=True)]
_RENEWAL_COLUMNS = [
    Column("label", "", width=1.6), Column("items", "更新项目", "int", total=True),
    Column("done", "已完成", "int", total=True), Column("done_in_period", "本期完成", "int", total=True),
    Column("planned_yuan", "计划投资（元）", "yuan", total=True), Column("spent_yuan", "已完成实际投资（元）", "yuan", total=True),
]
_TREND_COLUMNS = [
    Column("label", "周期", width=1.6), Column("total", "淘汰任务", "int"), Column("planned", "未完成", "int"),
    Column("done", "已完成待核验", "int"), Column("verified", "已核验销号", "int"), Column("overdue", "逾期", "int"),
]


@dataclass
class TrendPoint:
    """The closure figures as they stood at the end of one period."""

    label: str
    end: dt.date
    total: int
    planned: int
    done: int
    verified: int
    overdue: int


@dataclass
class Bulletin:
    title: str
    scope: str
    period: str
    start: dt.date
    end: dt.date
    filler: FillerInfo
    progress: Progress
    tables: list[ListDocument] = field(default_factory=list)
    trend: list[TrendPoint] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _table(list_id: str, title: str, columns: list[Column], rows: list[Row]) -> ListDocument:
    return ListDocument(list_id, title, columns, [ListSection("", rows, show_subtotal=False)])


def _progress_rows(rows: list[ProgressRow]) -> list[Row]:
    return [{"label": r.label, "total": r.total, "planned": r.planned, "done": r.done, "verified": r.verified,
             "overdue": r.overdue, "done_in_period": r.done_in_period, "verified_in_period": r.verified_in_period}
            for r in rows]


def period_label(start: dt.date, end: dt.date, period: str) -> str:
    if period == "month":
        return f"{start.year}年{start.month}月"
    return f"{start.year}年{start.month}月{'上中下'[(start.day - 1) // 10]}旬"


def _previous_end(start: dt.date) -> dt.date:
    return start - dt.timedelta(days=1)


def trend(session: Session, scope: Scope, as_of: dt.date, period: str, periods: int = TREND_PERIODS) -> list[TrendPoint]:
    """The figures at the end of each of the last `periods` periods, oldest first (the current one as of `as_of`)."""
    points: list[TrendPoint] = []
    day = as_of
    for _ in range(periods):
        start, end = period_bounds(day, period)
        cut = min(end, as_of)
        t = progress(session, as_of=cut, period=period, enterprise_ids=list(scope.enterprise_ids)).total
        points.append(TrendPoint(period_label(start, end, period), cut, t.total, t.planned, t.done, t.verified, t.overdue))
        day = _previous_end(start)
    return points[::-1]


def _safety_rows(session: Session, scope: Scope, end: dt.date) -> list[Row]:
    """Units a rule sends for a safety assessment, by where their assessment stands at `end`."""
    ids = list(scope.enterprise_ids)
    latest = enterprises_latest_assessments(session, ids)
    counts: Counter[str] = Counter()
    table = Finding.__table__  # type: ignore[attr-defined]
    units = Equipment.__table__  # type: ignore[attr-defined]
    query = (sa.select(Finding).join(units, units.c.id == table.c.equipment_id)
             .where(units.c.enterprise_id.in_(ids)).order_by(table.c.equipment_id))
    by_unit: dict[int, list[Finding]] = {}
    for (finding,) in session.execute(query):
        by_unit.setdefault(finding.equipment_id, []).append(finding)
    for unit_id, findings in by_unit.items():
        if not needs_assessment(findings):
            continue
        a = latest.get(unit_id)
        if a is None or a.assessed_date > end:
            counts["待评估"] += 1
        elif a.outcome == "pass":
            counts["评估合格，复评逾期" if a.next_review_date and a.next_review_date < end else "评估合格"] += 1
        elif a.outcome == "repair":
            counts["维修后继续使用"] += 1
        else:
            counts["评估不合格，转入淘汰"] += 1
    order = ["待评估", "评估合格", "评估合格，复评逾期", "维修后继续使用", "评估不合格，转入淘汰"]
    return [{"label": k, "units": counts[k]} for k in order if counts[k]]


def _renewal_rows(session: Session, scope: Scope, start: dt.date, end: dt.date) -> list[Row]:
    """The plan's renewal items (units with no elimination record) by county: done, and money spent."""
    plan = latest_plan(session)
    if plan is None:
        return []
    ids = list(scope.enterprise_ids)
    query = (select(PlanItem, Enterprise.region_code).join(Equipment, col(Equipment.id) == PlanItem.equipment_id)
             .join(Enterprise, col(Enterprise.id) == Equipment.enterprise_id)
             .outerjoin(EliminationRecord, col(EliminationRecord.equipment_id) == PlanItem.equipment_id)
             .where(PlanItem.plan_id == plan.id, PlanItem.action != "keep", col(EliminationRecord.id).is_(None),
                    col(Enterprise.id).in_(ids)))
    rows: dict[str, Row] = {}
    for item, region_code in session.exec(query):
        region = codes.regions().get(region_code)
        row = rows.setdefault(region_code, {"label": region.name if region else region_code, "items": 0, "done": 0,
                                            "done_in_period": 0, "planned_yuan": 0.0, "spent_yuan": 0.0})
        row["items"] += 1
        row["planned_yuan"] += item.investment_yuan
        if item.status == "done" and item.completed_date and item.completed_date <= end:
            row["done"] += 1
            row["done_in_period"] += item.completed_date >= start
            row["spent_yuan"] += item.actual_cost_yuan or 0.0
    return [rows[k] for k in sorted(rows)]


def build_bulletin(session: Session, scope: Scope, *, as_of: dt.date, period: str) -> Bulletin:
    """The dekad or month bulletin of `scope` for the period containing `as_of`."""
    figures = progress(session, as_of=as_of, period=period, enterprise_ids=list(scope.enterprise_ids))
    label = period_label(figures.start, figures.end, period)
    title = f"设备更新和淘汰工作{PERIOD_TITLES[period]}（{label}）"
    problems = [{k: p[k] for k in ("problem", "enterprise", "asset_no", "equipment_name", "deadline", "basis")}
                for p in figures.problems]
    tables = [
        _table("progress_county", "一、淘汰任务进度（按县（市、区））", _PROGRESS_COLUMNS, _progress_rows(figures.by_county)),
        _table("progress_industry", "二、淘汰任务进度（按行业）", _PROGRESS_COLUMNS,
               _progress_rows(figures.by_industry)),
        _table("progress_kind", "三、淘汰任务进度（按淘汰依据类别）", _PROGRESS_COLUMNS,
               _progress_rows(figures.by_kind)),
        _table("problems", f"四、问题清单（{len(problems)}项）", _PROBLEM_COLUMNS, problems),
        _table("safety", "五、压力容器、电梯安全风险评估", _SAFETY_COLUMNS, _safety_rows(session, scope, figures.end)),
        _table("renewal_progress", "六、鼓励更新项目进展与投资完成", _RENEWAL_COLUMNS,
               _renewal_rows(session, scope, figures.start, figures.end)),
    ]
    notes = [f"统计周期 {figures.start.isoformat()}～{figures.end.isoformat()}，截至 {as_of.isoformat()}；"
             "“逾期”为期限已过仍未完成；已完成须经主管部门核验后销号。",
             "淘汰任务只含依法依规淘汰设备（设备淘汰清单）；鼓励更新项目另列（第六部分）。"]
    return Bulletin(title, scope.description, period, figures.start, figures.end,
                    FillerInfo(unit=scope.filler_unit, date=as_of), figures, tables,
                    trend(session, scope, as_of, period), notes)


def trend_table(b: Bulletin) -> ListDocument:
    """The trend as a table (the XLSX sheet beside the chart of the PDF)."""
    rows = [{"label": p.label, "total": p.total, "planned": p.planned, "done": p.done, "verified": p.verified,
             "overdue": p.overdue} for p in b.trend]
    return _table("trend", f"七、近{len(b.trend)}期进度趋势", _TREND_COLUMNS, rows)
