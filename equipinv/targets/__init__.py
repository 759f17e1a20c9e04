"""How far a region is from its plans' 2027 targets (目标进度): each target quoted, computed from the ledger.

Public API:
    assess_targets(session, region_code, as_of) -> TargetsReport
    target_regions(session) -> the most local planned region of each enterprise's region
    plans_covering(region_code), campaign_plans(), key_energy_user_rule()
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from equipinv import codes
from equipinv.models import Enterprise, Plan
from equipinv.plans import PlanScope, accepted_plan_for, plan_reference
from equipinv.production_lines import LineCapacity
from equipinv.targets.line_metrics import LINE_METRICS, findings_text, region_lines
from equipinv.targets.metrics import METRIC_LABELS, METRICS, MetricValue, RegionScope, TargetStatus
from equipinv.targets.plans import (
    CampaignPlan,
    KeyEnergyUserRule,
    PlanTarget,
    campaign_plans,
    in_key_industry,
    key_energy_user_rule,
    plans_covering,
)

__all__ = [
    "assess_targets", "TargetsReport", "TargetStatus", "MetricValue", "CampaignPlan", "PlanTarget",
    "KeyEnergyUserRule", "campaign_plans", "plans_covering", "key_energy_user_rule", "METRIC_LABELS",
    "target_regions",
]

STATUS_LABELS = {"met": "已达到", "not_met": "未达到", "no_threshold": "文件未给出数值", "insufficient_data": "数据不足"}


@dataclass(frozen=True)
class TargetsReport:
    """The targets of every plan covering a region, with the region's enterprise counts."""

    region_code: str
    as_of: dt.date
    enterprises: int
    key_energy_users: int
    designable_energy_users: int
    statuses: tuple[TargetStatus, ...]
    lines: LineCapacity  # every production line of the region, whatever its industry
    renewal_plan: str = "尚无已接受的更新计划，不作预计"  # which accepted plan the projections follow

    @property
    def region_name(self) -> str:
        return codes.region(self.region_code).name

    def to_dict(self) -> dict[str, Any]:
        rule = key_energy_user_rule()
        return {
            "region_code": self.region_code, "region_name": self.region_name, "as_of": self.as_of.isoformat(),
            "enterprises": self.enterprises, "key_energy_users": self.key_energy_users,
            "designable_energy_users": self.designable_energy_users,
            "key_energy_user_threshold_tce": rule.threshold_tce, "key_energy_user_source": rule.source,
            "renewal_plan": self.renewal_plan, "targets": [_status_dict(s) for s in self.statuses],
            "production_lines": _lines_dict(self.lines),
        }


def _status_dict(s: TargetStatus) -> dict[str, Any]:
    r = s.result
    return {
        "plan_id": s.plan.id, "document": s.plan.document, "plan_region_code": s.plan.region_code,
        "metric": s.target.metric, "metric_label": s.label, "year": s.target.year,
        "threshold": s.target.threshold, "quote": s.target.quote, "kind": r.kind,
        "value": r.value, "numerator": r.numerator, "denominator": r.denominator,
        "projected": {str(y): v for y, v in r.projected.items()}, "gap": s.gap,
        "status": s.status, "status_label": STATUS_LABELS[s.status], "missing": r.missing, "note": r.note,
        "baseline": r.baseline,
    }


def _lines_dict(lines: LineCapacity) -> dict[str, Any]:
    return {
        "graded_lines": lines.graded_lines, "ungraded_lines": lines.ungraded_lines, "graded_capacity_t_a": lines.graded,
        "benchmark_capacity_t_a": lines.at_benchmark, "baseline_or_better_capacity_t_a": lines.at_or_above_baseline,
        "bases": list(lines.bases),
        "below_baseline": [{"enterprise": e.name, "line": line.name, "kind": line.kind,
                            "unit_energy_kgce_t": line.unit_energy_kgce_t, "energy_year": line.energy_year,
                            "baseline": g.baseline, "deadline": g.deadline} for line, e, g in lines.below_baseline],
        "findings": findings_text(lines),
    }


def _enterprise_counts(session: Session, scope: RegionScope) -> tuple[int, int, int]:
    rule = key_energy_user_rule()
    ent = Enterprise.__table__  # type: ignore[attr-defined]
    tce = ent.c.annual_energy_tce
    row = session.execute(sa.select(
        sa.func.count(),
        sa.func.count().filter(tce >= rule.threshold_tce),
        sa.func.count().filter(sa.and_(tce >= rule.designation_band_tce, tce < rule.threshold_tce)),
    ).where(scope.enterprise_condition())).one()
    return int(row[0]), int(row[1]), int(row[2])


def renewal_plan_for(session: Session, region_code: str) -> tuple[Plan | None, str]:
    """The accepted renewal plan whose items project a region's targets, and how documents name it.

    The region's own plan (`plans.accepted_plan_for`, as its lists use); without one, the plan made for all
    enterprises of the database, which covers the region's units too, named as such.
    """
    own = accepted_plan_for(session, PlanScope("region", region_code))
    if own is not None:
        return own, f"按本地区已接受的更新计划{plan_reference(own)}预计"
    everyone = accepted_plan_for(session, PlanScope("all"))
    if everyone is not None:
        return everyone, f"本地区无自己的更新计划，按全部企业范围的已接受计划{plan_reference(everyone)}中本地区的设备预计"
    return None, "尚无已接受的更新计划，不作预计"


def assess_targets(session: Session, region_code: str, as_of: dt.date | None = None) -> TargetsReport:
    """Every target of the plans covering `region_code`, computed over the region's enterprises."""
    as_of = as_of or dt.date.today()
    plan, plan_text = renewal_plan_for(session, region_code)
    scope = RegionScope.of(region_code, plan.id if plan else None)
    metrics = METRICS | LINE_METRICS
    statuses = tuple(TargetStatus(plan, target, metrics[target.metric](session, scope, plan, as_of))
                     for plan in plans_covering(region_code) for target in plan.targets)
    enterprises, key_users, designable = _enterprise_counts(session, scope)
    return TargetsReport(region_code, as_of, enterprises, key_users, designable, statuses,
                         region_lines(session, scope), plan_text)


def target_regions(session: Session) -> tuple[str, ...]:
    """The most local region with a plan for each region the stored enterprises are in, in code order.

    A county database of Lüliang's counties gives ("141100",); one with 沁水 and 张家口 enterprises gives both.
    """
    stored = session.execute(sa.select(Enterprise.__table__.c.region_code).distinct()).scalars()  # type: ignore[attr-defined]
    return tuple(sorted({plans[0].region_code for code in stored if (plans := plans_covering(code))}))


def is_key_industry(plan: CampaignPlan, industry_code: str) -> bool:
    """Whether an enterprise of this GB/T 4754 class is in one of the plan's key industries."""
    return in_key_industry(industry_code, plan.industry_prefixes())
