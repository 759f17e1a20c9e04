"""Each target metric computed from the stored ledger of a region: the value now, the value each plan year
reaches under the accepted plan, and, where the ledger cannot tell, what is missing and for how many units.

Every count is in units (台/套: a ledger row's `quantity`), and every query aggregates in SQL over the
region's enterprises, so a province answers as fast as a county. A metric never reports 0 % or 100 % for
want of data: it reports "insufficient data" with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

import efficiency_tables as et
from equipinv import codes, labels
from equipinv.models import EliminationRecord, Enterprise, Equipment, PlanItem
from equipinv.targets.plans import CampaignPlan, PlanTarget, in_key_industry, nev_definition

# Plan actions that put a new unit in place: the plans require replacements at the energy-saving level or
# better, so a replaced unit counts at that level from its plan year on ("advanced" at the advanced level).
REPLACING_ACTIONS = ("energy_saving", "advanced", "right_size", "replace_now", "replace_at_failure")
# The campaign began with the national plan of March 2024: units commissioned since count as 新增及更新.
CAMPAIGN_START = dt.date(2024, 1, 1)
SINCE_CAMPAIGN_START = "2024年起累计，起点为 0"
NO_2023_RECORD = "未记录2023年数值"
NEW_SINCE_START = "统计2024年起新增及更新的车辆"

METRIC_LABELS: dict[str, str] = {
    "equipment_investment_growth": "设备投资规模较2023年增长",
    "key_industry_energy_saving_share": "重点行业主要用能设备节能水平及以上占比",
    "digital_rd_tool_rate": "规模以上工业企业数字化研发设计工具普及率",
    "key_process_cnc_rate": "关键工序数控化率",
    "benchmark_capacity_share": "工业重点领域标杆水平产能比例",
    "baseline_capacity_share": "工业重点领域能效达到基准水平以上的产能比例",
    "farm_machines_scrapped": "累计报废农业机械（台）",
    "farm_machine_subsidy_coverage": "农机报废更新补贴实施覆盖率",
    "nev_share_bus": "新增及更新公交车中新能源车比例",
    "nev_share_taxi": "新增及更新出租车中新能源车比例",
    "nev_heavy_trucks": "新增及更新新能源重型货车（辆）",
}


@dataclass(frozen=True)
class MetricValue:
    """A metric's value now and per plan year; `value is None` means the ledger cannot tell (`missing` says why)."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    missing: str | None = None
    projected: dict[int, float] = field(default_factory=dict)
    kind: str = "share"  # share | count
    note: str | None = None
    baseline: str = NO_2023_RECORD  # what the target is measured from, as the user reads it


@dataclass(frozen=True)
class TargetStatus:
    """One target of one plan as a county reads it on the dashboard."""

    plan: CampaignPlan
    target: PlanTarget
    result: MetricValue

    @property
    def label(self) -> str:
        return METRIC_LABELS[self.target.metric]

    @property
    def status(self) -> str:
        """met | not_met | no_threshold | insufficient_data."""
        if self.result.value is None:
            return "insufficient_data"
        if self.target.threshold is None:
            return "no_threshold"
        return "met" if self.result.value >= self.target.threshold else "not_met"

    @property
    def gap(self) -> float | None:
        if self.result.value is None or self.target.threshold is None:
            return None
        return max(0.0, self.target.threshold - self.result.value)


@dataclass(frozen=True)
class RegionScope:
    """The enterprises of a region (and its subdivisions) as a SQL condition, and the renewal plan whose
    accepted items project the targets (`renewal_plan_for`; None: no projection)."""

    region_code: str
    codes_below: tuple[str, ...]
    renewal_plan_id: int | None = None

    @classmethod
    def of(cls, region_code: str, renewal_plan_id: int | None = None) -> RegionScope:
        return cls(region_code, tuple(sorted(codes.region_descendants(region_code))), renewal_plan_id)

    def enterprise_condition(self) -> sa.ColumnElement[bool]:
        return _ent.c.region_code.in_(self.codes_below)


_eq = Equipment.__table__  # type: ignore[attr-defined]
_ent = Enterprise.__table__  # type: ignore[attr-defined]
_item = PlanItem.__table__  # type: ignore[attr-defined]
_elim = EliminationRecord.__table__  # type: ignore[attr-defined]
_IN_LEDGER = _eq.c.status != "eliminated"


def _units(session: Session, scope: RegionScope, *conditions: sa.ColumnElement[bool],
           group_by: sa.ColumnElement[object] | None = None) -> dict[object, float]:
    """Sum of `quantity` over the region's units matching `conditions`, grouped by one column (or one total)."""
    key = group_by if group_by is not None else sa.literal("all")
    stmt = (sa.select(key, sa.func.coalesce(sa.func.sum(_eq.c.quantity), 0))
            .select_from(_eq.join(_ent, _eq.c.enterprise_id == _ent.c.id))
            .where(scope.enterprise_condition(), *conditions).group_by(key))
    return {k: float(n) for k, n in session.execute(stmt)}


def _year_of_commissioning() -> sa.ColumnElement[object]:
    return sa.func.coalesce(sa.extract("year", _eq.c.commissioning_date), _eq.c.year_made)


def _accepted_plan_items(session: Session, scope: RegionScope,
                         *conditions: sa.ColumnElement[bool]) -> list[tuple[Any, ...]]:
    """(unit id, action, year, quantity, level) of the region's units in the renewal plan the targets use."""
    if scope.renewal_plan_id is None:
        return []
    stmt = (sa.select(_item.c.equipment_id, _item.c.action, _item.c.year, _eq.c.quantity, _eq.c.benchmark_level)
            .select_from(_item.join(_eq, _eq.c.id == _item.c.equipment_id).join(_ent, _eq.c.enterprise_id == _ent.c.id))
            .where(_item.c.plan_id == scope.renewal_plan_id, scope.enterprise_condition(), _IN_LEDGER, *conditions))
    return [tuple(r) for r in session.execute(stmt)]


def key_industry_energy_saving_share(session: Session, scope: RegionScope, plan: CampaignPlan,
                                     as_of: dt.date) -> MetricValue:
    """Share of the key industries' graded main energy-using units at the energy-saving level or better."""
    prefixes = plan.industry_prefixes()
    industries = [c for c in session.execute(sa.select(_ent.c.industry_code).distinct()
                                             .where(scope.enterprise_condition())).scalars()
                  if in_key_industry(c, prefixes)]
    if not industries:
        return MetricValue(None, missing="区域内没有该规划所列重点行业的企业 (no enterprise of the plan's key industries)")
    in_key = _ent.c.industry_code.in_(industries)
    main = _eq.c.category.in_(tuple(et.PARAMETERS))
    by_level = _units(session, scope, in_key, main, _IN_LEDGER, group_by=_eq.c.benchmark_level)
    good = by_level.get("advanced", 0.0) + by_level.get("energy_saving", 0.0)
    graded = good + by_level.get("access", 0.0) + by_level.get("below_access", 0.0)
    ungraded = sum(by_level.values()) - graded
    if graded == 0:
        return MetricValue(None, missing=f"重点行业主要用能设备 {ungraded:g} 台均未分级 (no graded unit)")
    projected = _projected_share(session, scope, (in_key, main), good, graded, as_of)
    note = f"另有 {ungraded:g} 台未分级，不计入分母" if ungraded else None
    return MetricValue(good / graded, good, graded, projected=projected, note=note)


def _projected_share(session: Session, scope: RegionScope, conditions: tuple[sa.ColumnElement[bool], ...],
                     good: float, graded: float, as_of: dt.date) -> dict[int, float]:
    """The share after each plan year: replaced units join the energy-saving level, eliminated ones leave."""
    items = _accepted_plan_items(session, scope, *conditions)
    years = sorted({y for _, _, y, _, _ in items if y is not None and y >= as_of.year})
    projected = {}
    for year in years:
        g, n = good, graded
        for _, action, item_year, quantity, level in items:
            if item_year is None or item_year > year:
                continue
            was_good = level in ("advanced", "energy_saving")
            was_graded = was_good or level in ("access", "below_access")
            if action in REPLACING_ACTIONS:
                g += quantity * (not was_good)
                n += quantity * (not was_graded)
            elif action == "eliminate" and was_graded:
                g -= quantity * was_good
                n -= quantity
        if n:
            projected[year] = g / n
    return projected


def equipment_investment_growth(session: Session, scope: RegionScope, plan: CampaignPlan,
                                as_of: dt.date) -> MetricValue:
    """Yearly equipment investment against the 2023 baseline of the enterprises that recorded one."""
    baseline_col = _ent.c.equipment_investment_2023_yuan
    row = session.execute(sa.select(sa.func.count(), sa.func.count(baseline_col), sa.func.sum(baseline_col))
                          .where(scope.enterprise_condition())).one()
    enterprises, with_baseline, baseline = int(row[0]), int(row[1]), float(row[2] or 0.0)
    if with_baseline == 0 or baseline <= 0:
        return MetricValue(None, missing=f"{enterprises} 家企业均未填报2023年设备投资额（基准缺失） (baseline missing)")
    stmt = (sa.select(_item.c.year, sa.func.sum(_item.c.investment_yuan))
            .select_from(_item.join(_eq, _eq.c.id == _item.c.equipment_id).join(_ent, _eq.c.enterprise_id == _ent.c.id))
            .where(scope.enterprise_condition(), baseline_col.is_not(None), _item.c.plan_id == scope.renewal_plan_id,
                   _item.c.year.is_not(None))
            .group_by(_item.c.year))
    by_year = {int(y): float(v or 0.0) for y, v in session.execute(stmt)}
    projected = {y: v / baseline - 1.0 for y, v in sorted(by_year.items()) if y >= as_of.year}
    current = by_year.get(as_of.year)
    base = f"2023年设备投资 {baseline / 1e4:,.1f} 万元（{with_baseline}/{enterprises} 家企业填报）"
    note = "年度投资取已接受计划的排程投资（台账外的设备投资不在其中）"
    if current is None:
        return MetricValue(None, denominator=baseline, projected=projected, note=note, baseline=base,
                           missing=f"{as_of.year} 年没有已接受计划的排程投资 (no planned investment this year)")
    return MetricValue(current / baseline - 1.0, current, baseline, projected=projected, note=note, baseline=base)


def key_process_cnc_rate(session: Session, scope: RegionScope, plan: CampaignPlan, as_of: dt.date) -> MetricValue:
    """Share of key-process machine tools that are CNC (数控化率 counted in units)."""
    tools = (_eq.c.category == "machine_tool", _IN_LEDGER)
    key = _units(session, scope, *tools, _eq.c.key_process.is_(True), group_by=_eq.c.cnc)
    unflagged = _units(session, scope, *tools, _eq.c.key_process.is_(None)).get("all", 0.0)
    known = key.get(True, 0.0) + key.get(False, 0.0)
    unknown_cnc = key.get(None, 0.0)
    if known == 0:
        return MetricValue(None, missing=f"没有标明数控与否的关键工序机床（未标关键工序 {unflagged:g} 台，"
                                         f"关键工序未标数控 {unknown_cnc:g} 台） (no key-process machine tool with a CNC flag)")
    note = f"未标关键工序的机床 {unflagged:g} 台、未标数控的 {unknown_cnc:g} 台不计入" if unflagged or unknown_cnc else None
    return MetricValue(key.get(True, 0.0) / known, key.get(True, 0.0), known, note=note)


def farm_machines_scrapped(session: Session, scope: RegionScope, plan: CampaignPlan, as_of: dt.date) -> MetricValue:
    """Farm machines whose elimination was done (or verified) since the campaign began, in units."""
    stmt = (sa.select(sa.func.coalesce(sa.func.sum(_eq.c.quantity), 0))
            .select_from(_elim.join(_eq, _eq.c.id == _elim.c.equipment_id).join(_ent, _eq.c.enterprise_id == _ent.c.id))
            .where(scope.enterprise_condition(), _eq.c.category == "farm_machine",
                   _elim.c.status.in_(("done", "verified")), _elim.c.done_date >= CAMPAIGN_START,
                   _elim.c.done_date <= as_of))
    done = float(session.execute(stmt).scalar_one())
    open_stmt = (sa.select(sa.extract("year", _elim.c.deadline), sa.func.sum(_eq.c.quantity))
                 .select_from(_elim.join(_eq, _eq.c.id == _elim.c.equipment_id)
                              .join(_ent, _eq.c.enterprise_id == _ent.c.id))
                 .where(scope.enterprise_condition(), _eq.c.category == "farm_machine", _elim.c.status == "planned")
                 .group_by(sa.extract("year", _elim.c.deadline)))
    planned = {int(y) if y is not None else as_of.year: float(n) for y, n in session.execute(open_stmt)}
    projected, running = {}, done
    for year in sorted(y for y in planned if y >= as_of.year):
        running += planned[year]
        projected[year] = running
    return MetricValue(done, kind="count", projected=projected, baseline=SINCE_CAMPAIGN_START,
                       note="按对账销号记录中已完成/已核验的农业机械计（2024年起）；预计值加上各年期限内计划淘汰的农业机械")


def _new_vehicles(session: Session, scope: RegionScope, *kind: sa.ColumnElement[bool]) -> dict[object, float]:
    """Vehicles of a kind added or renewed since the campaign began, in units by fuel kind."""
    return _units(session, scope, *kind, _year_of_commissioning() >= CAMPAIGN_START.year, group_by=_eq.c.fuel)


def _used_as(use: str, type_word: str) -> sa.ColumnElement[bool]:
    """A vehicle of this use (车辆用途); one with no use recorded is read from its type's word (公交客运汽车 …)."""
    return sa.or_(_eq.c.vehicle_use == use, sa.and_(_eq.c.vehicle_use.is_(None), _eq.c.vehicle_type.like(f"%{type_word}%")))


def _nev_note(by_fuel: dict[object, float]) -> str:
    """How the fuels were counted: unrecorded and not-new-energy kinds (methanol, HEV …) named with their count."""
    nev = nev_definition()
    others = {labels.label("fuel", str(f)): n for f, n in by_fuel.items() if f is not None and f not in nev.fuels}
    kinds = "、".join(labels.label("fuel", f) for f in nev.fuels)
    parts = [f"新能源汽车按{kinds}计（{nev.source}）"]
    if others:
        parts.append("不计为新能源：" + "、".join(f"{k} {n:g} 辆" for k, n in others.items()))
    if unknown := by_fuel.get(None, 0.0):
        parts.append(f"其中 {unknown:g} 辆未填燃料类型，按非新能源计")
    return "；".join(parts)


def _nev_share(kind_zh: str, use: str, type_word: str) -> Callable[[Session, RegionScope, CampaignPlan, dt.date],
                                                                    MetricValue]:
    def metric(session: Session, scope: RegionScope, plan: CampaignPlan, as_of: dt.date) -> MetricValue:
        by_fuel = _new_vehicles(session, scope, _used_as(use, type_word))
        total = sum(by_fuel.values())
        if total == 0:
            return MetricValue(None, baseline=NEW_SINCE_START, missing=(
                f"台账中没有2024年起新增或更新的{kind_zh}（车辆用途为“{labels.label('vehicle_use', use)}”，"
                f"或未填用途而车辆类型含“{type_word}”） (no {use} added or renewed since 2024)"))
        nev = sum(n for f, n in by_fuel.items() if f in nev_definition().fuels)
        return MetricValue(nev / total, nev, total, note=_nev_note(by_fuel), baseline=NEW_SINCE_START)
    metric.__doc__ = f"Share of new-energy vehicles among the {kind_zh} added or renewed since 2024."
    return metric


HEAVY_TRUCK = sa.and_(_eq.c.category == "truck", sa.or_(_eq.c.vehicle_type.like("%重型%"),
                                                        _eq.c.vehicle_type == "truck_heavy"))


def nev_heavy_trucks(session: Session, scope: RegionScope, plan: CampaignPlan, as_of: dt.date) -> MetricValue:
    """New-energy heavy trucks (the scrapping standard's class 重型载货汽车) added or renewed since 2024."""
    by_fuel = _new_vehicles(session, scope, HEAVY_TRUCK)
    return MetricValue(sum(n for f, n in by_fuel.items() if f in nev_definition().fuels), kind="count",
                       baseline=SINCE_CAMPAIGN_START,
                       note="车辆类型为重型载货汽车、2024年起投运的货车；" + _nev_note(by_fuel))


def _not_recorded(what: str) -> Callable[[Session, RegionScope, CampaignPlan, dt.date], MetricValue]:
    def metric(session: Session, scope: RegionScope, plan: CampaignPlan, as_of: dt.date) -> MetricValue:
        return MetricValue(None, missing=f"{what}未在台账中记录，equipinv 无法计算 (not recorded in the ledger)")
    metric.__doc__ = f"Not computable: {what} is not recorded."
    return metric


METRICS: dict[str, Callable[[Session, RegionScope, CampaignPlan, dt.date], MetricValue]] = {
    "equipment_investment_growth": equipment_investment_growth,
    "key_industry_energy_saving_share": key_industry_energy_saving_share,
    "digital_rd_tool_rate": _not_recorded("企业数字化研发设计工具的使用情况"),
    "key_process_cnc_rate": key_process_cnc_rate,
    "farm_machines_scrapped": farm_machines_scrapped,
    "farm_machine_subsidy_coverage": _not_recorded("农机报废更新补贴的实施情况"),
    "nev_share_bus": _nev_share("公交车", "bus", "公交"),
    "nev_share_taxi": _nev_share("出租车", "taxi", "出租"),
    "nev_heavy_trucks": nev_heavy_trucks,
}
