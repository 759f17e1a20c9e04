"""The targets as every front shows them: one row per target with its texts formatted once.

`equipinv targets`, the summary report (PDF and XLSX) and the TUI overview's panel all read these rows,
built from `assess_targets`, so the three say the same thing. A row carries the numbers its chart needs
(now → projected → target) and an optional table of the units or lines that close its gap at least cost
(`Closers`, filled by the closers when they are computed; the fronts draw it when present).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session

from equipinv.targets import STATUS_LABELS, TargetsReport, TargetStatus, assess_targets, target_regions
from equipinv.targets.closers import TargetClosers, closers_for

INSUFFICIENT = "数据不足"
SHOWN_CLOSERS = 10  # per target in a document's table; `equipinv targets --json` gives all


@dataclass(frozen=True)
class Closers:
    """What closes a target's gap at least cost, as a small table (header and rows of texts)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class TargetRow:
    """One target of one plan, formatted: 现值, 按计划预计, 目标, 差距 or 数据不足 with what is missing."""

    plan_id: str
    document: str
    document_number: str  # the 文号 (晋政发〔2024〕10号), for where the whole title does not fit
    metric: str
    label: str
    year: int
    quote: str
    baseline: str
    now: str
    projected: tuple[tuple[int, str], ...]
    target: str
    status: str  # met | not_met | no_threshold | insufficient_data
    status_label: str
    gap: str
    missing: str | None
    note: str | None
    kind: str  # share | count
    now_value: float | None
    projected_value: float | None  # the projection for the target's year, else the last one
    projected_year: int | None
    target_value: float | None
    closers: Closers | None = None

    @property
    def charted(self) -> bool:
        """Whether a chart of this target shows anything: a value now or a projection (not just the target)."""
        return self.now_value is not None or self.projected_value is not None

    @property
    def outcome(self) -> str:
        """The gap, or the status when there is none to give (数据不足 with what is missing)."""
        if self.status == "insufficient_data":
            return f"{INSUFFICIENT}：{self.missing}"
        return f"{self.status_label}，差距 {self.gap}" if self.status == "not_met" else self.status_label

    @property
    def short_outcome(self) -> str:
        """The outcome in Chinese alone (the English gloss a CLI error gives dropped), for a narrow panel."""
        text = self.outcome
        return text[:text.rindex(" (")] if text.endswith(")") and " (" in text else text


@dataclass(frozen=True)
class RegionTargets:
    """The targets of the plans covering one region, with the region's headline figures."""

    region_code: str
    title: str
    headline: str
    lines: str
    rows: tuple[TargetRow, ...]


def format_value(value: float | None, kind: str) -> str:
    """A share as a percentage, a count as a whole number; "—" when there is none."""
    if value is None:
        return "—"
    return f"{value:,.0f}" if kind == "count" else f"{value * 100:.1f}%"


def document_number(document: str) -> str:
    """The 文号 a plan's title ends with in brackets ("…的通知（晋政发〔2024〕10号）"), else the whole title."""
    if document.endswith("）") and "（" in document:
        return document[document.rindex("（") + 1:-1]
    return document


def _projection(s: TargetStatus) -> tuple[int | None, float | None]:
    projected = s.result.projected
    if not projected:
        return None, None
    year = s.target.year if s.target.year in projected else max(projected)
    return year, projected[year]


def target_row(s: TargetStatus, closers: Closers | None = None) -> TargetRow:
    r, kind = s.result, s.result.kind
    year, value = _projection(s)
    return TargetRow(
        plan_id=s.plan.id, document=s.plan.document, document_number=document_number(s.plan.document),
        metric=s.target.metric, label=s.label, year=s.target.year,
        quote=s.target.quote, baseline=r.baseline, now=format_value(r.value, kind),
        projected=tuple((y, format_value(v, kind)) for y, v in r.projected.items()),
        target=format_value(s.target.threshold, kind),
        status=s.status, status_label=STATUS_LABELS[s.status],
        gap=format_value(s.gap, kind) if s.gap is not None else "—", missing=r.missing, note=r.note, kind=kind,
        now_value=r.value, projected_value=value, projected_year=year, target_value=s.target.threshold,
        closers=closers)


def lines_text(report: TargetsReport) -> str:
    """The region's production lines against 标杆/基准 in one sentence."""
    lines = report.lines
    if lines.graded == 0:
        return f"生产线（工序）：没有可分级的生产线（未分级 {lines.ungraded_lines} 条）"
    benchmark, baseline = lines.at_benchmark / lines.graded, lines.at_or_above_baseline / lines.graded
    return (f"生产线（工序）：已分级 {lines.graded_lines} 条，产能 {lines.graded / 1e4:,.1f} 万t/a；"
            f"标杆 {benchmark * 100:.1f}%，基准以上 {baseline * 100:.1f}%"
            + (f"；未分级 {lines.ungraded_lines} 条" if lines.ungraded_lines else ""))


def region_targets(report: TargetsReport,
                   closers: Mapping[tuple[str, str], Closers] | None = None) -> RegionTargets:
    """The rows of a region's report; `closers` by (plan id, metric) where they were computed."""
    closers = closers or {}
    headline = (f"统计日期 {report.as_of}：企业 {report.enterprises} 家，其中重点用能单位 {report.key_energy_users} 家"
                f"（另有 {report.designable_energy_users} 家在可指定范围）；{report.renewal_plan}")
    rows = tuple(target_row(s, closers.get((s.plan.id, s.target.metric))) for s in report.statuses)
    return RegionTargets(report.region_code, f"{report.region_name}（{report.region_code}）", headline,
                         lines_text(report), rows)


def scope_targets(session: Session, kind: str, key: str | None, as_of: dt.date, *,
                  with_closers: bool = False) -> tuple[list[RegionTargets], str | None]:
    """The targets a document of this scope shows, and a note when it shows none.

    A region's document shows that region's targets; the whole database shows each planned region its
    enterprises are in; an enterprise's document shows none (the targets are a region's, not a firm's).
    `with_closers` adds each unmet target's least-cost closers (a planning pass per region: documents ask
    for them, the TUI panel does not show them).
    """
    if kind == "enterprise":
        return [], "目标进度按地区统计，企业汇总不列（见地区汇总或 equipinv targets --region）"
    regions = (key,) if kind == "region" and key else target_regions(session)
    reports = [assess_targets(session, code, as_of) for code in regions]
    found = [_with_closers(session, r) if with_closers else region_targets(r) for r in reports]
    found = [r for r in found if r.rows]
    return found, None if found else "没有覆盖该范围的规划目标数据"


def _with_closers(session: Session, report: TargetsReport) -> RegionTargets:
    """A region's rows with the table of what closes each unmet target at least cost."""
    tables = {(c.plan_id, c.metric): closers_table(c) for c in closers_for(session, report.region_code, report=report)}
    return region_targets(report, tables)


def closers_table(found: TargetClosers) -> Closers:
    """The first closers of one target as a document's table; a last row says what is left out or missing."""
    header = ("企业", "设备或生产线", "现状", "措施", "数量", "投资（元）", "缩小差距")
    rows = [(c.enterprise, f"{c.ref} {c.name}", c.current, c.action_label,
             f"{c.amount:g} 台" if c.kind == "unit" else f"{c.amount / 1e4:g} 万t/a",
             "投资未知" if c.cost_yuan is None else f"{c.cost_yuan:,.0f}", f"{c.gap_closed * 100:.2f}%")
            for c in found.closers[:SHOWN_CLOSERS]]
    summary = found.missing or (f"共 {len(found.closers)} 项，合计 {found.total_cost_yuan:,.0f} 元"
                                + (f"（另 {found.unpriced} 项无投资来源）" if found.unpriced else "")
                                + (f"；{found.note}" if found.note else ""))
    rows.append(("最低成本措施", summary, "", "", "", "", ""))
    return Closers(header, tuple(rows))
