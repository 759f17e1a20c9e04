"""The line targets: 标杆水平产能比例 and 能效达到基准水平以上, capacity-weighted over the key industries' lines.

Kept apart from `metrics.py` (units counted in SQL) because lines are few and graded in Python against
the data file; both answer with the same `MetricValue`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlmodel import Session

from equipinv.production_lines import LineCapacity, capacity_summary, lines_where
from equipinv.targets.metrics import MetricValue, RegionScope
from equipinv.targets.plans import CampaignPlan, in_key_industry


def region_lines(session: Session, scope: RegionScope, plan: CampaignPlan | None = None) -> LineCapacity:
    """The capacity summary of a region's lines; with a plan, only those of its key industries."""
    pairs = lines_where(session, scope.enterprise_condition())
    if plan is not None:
        prefixes = plan.industry_prefixes()
        pairs = [(line, e) for line, e in pairs if in_key_industry(e.industry_code, prefixes)]
    return capacity_summary(pairs)


def findings_text(summary: LineCapacity) -> str | None:
    """The lines below 基准, each with its enterprise, figure and the document's deadline."""
    if not summary.below_baseline:
        return None
    return "；".join(f"{e.name}{line.name}（{line.unit_energy_kgce_t:g} kgce/t，{line.energy_year}年，"
                    f"基准 {g.baseline:g}）低于基准，{g.deadline}" for line, e, g in summary.below_baseline)


def _line_share(part: Callable[[LineCapacity], float]) -> Callable[[Session, RegionScope, CampaignPlan, dt.date],
                                                                    MetricValue]:
    def metric(session: Session, scope: RegionScope, plan: CampaignPlan, as_of: dt.date) -> MetricValue:
        summary = region_lines(session, scope, plan)
        if summary.graded == 0:
            return MetricValue(None, missing=(
                f"区域内重点行业没有可分级的生产线（未分级 {summary.ungraded_lines} 条：未登记生产线、"
                "未填单位产品能耗或该类型无标杆/基准数值） (no graded production line in the key industries)"))
        notes = ["按产能加权：" + "；".join(summary.bases)]
        if summary.ungraded_lines:
            notes.append(f"另有 {summary.ungraded_lines} 条生产线未分级，不计入分母")
        if findings := findings_text(summary):
            notes.append(findings)
        numerator = part(summary)
        return MetricValue(numerator / summary.graded, numerator, summary.graded, note="。".join(notes))
    return metric


LINE_METRICS: dict[str, Callable[[Session, RegionScope, CampaignPlan, dt.date], MetricValue]] = {
    "benchmark_capacity_share": _line_share(lambda s: s.at_benchmark),
    "baseline_capacity_share": _line_share(lambda s: s.at_or_above_baseline),
}
