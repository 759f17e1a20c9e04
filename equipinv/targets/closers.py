"""Least-cost closers of each target gap: which units or lines, done first, close the gap for the least money.

Public API (shared by `equipinv targets` and the summary report's targets section):

    closers_for(session_or_context, region, as_of=None, *, report=None) -> list[TargetClosers]

For every target of the plans covering `region` that is not met (a computed value below its threshold):
- 重点行业主要用能设备节能水平及以上占比: the key industries' graded main units below the energy-saving level,
  replaced at that level, cheapest per unit first by the price table (the planner's "energy_saving" candidate
  cost, `[prices]` of the configuration); units without a price are counted, not listed;
- 标杆水平产能比例 / 基准水平以上产能比例: the key industries' lines not yet at 标杆 (renewed to 标杆) or below 基准
  (retrofitted to 基准), cheapest per tonne of capacity first where the enterprise declared an investment, then
  the largest lines (fewest to do) where none is declared, said so on each line;
- 关键工序数控化率: the key-process machine tools without CNC, replaced by CNC ones, oldest first (the price
  table has no machine tools: no cost, said on each);
- every other metric: no closer is modelled, and the result says why.
A target the plan states without a number (山西: 重点行业主要用能设备能效"基本达到"节能水平) gets the closers of bringing
every unit there (100 %), and its note says that this reading is equipinv's, not the plan's.
The selection is greedy by cost per unit of gap closed; it stops when the gap is closed, or when the candidates
run out (`remaining_gap` > 0 says by how much the ledger cannot close it). The gap is measured from the value
now, not from the accepted plan's projection.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import sqlalchemy as sa
from sqlmodel import Session

import efficiency_tables as et
from equipinv.config import Config
from equipinv.models import Enterprise, Equipment
from equipinv.planning.line_candidates import LINE_ACTIONS, declared_cost, declared_line_needs
from equipinv.production_lines import grade_of, lines_where
from equipinv.targets import TargetsReport, TargetStatus, assess_targets
from equipinv.targets.metrics import RegionScope
from equipinv.targets.plans import in_key_industry

if TYPE_CHECKING:
    from equipinv.planner import PlanningData
    from equipinv.services.context import Context

_BELOW_SAVING = ("access", "below_access")
_EQ = Equipment.__table__  # type: ignore[attr-defined]
_ENT = Enterprise.__table__  # type: ignore[attr-defined]
LEVEL_LABELS = {"access": "准入水平", "below_access": "低于准入水平"}


@dataclass(frozen=True)
class Closer:
    """One unit (a ledger row, maybe a batch) or line in the order it is best done, with what it closes."""

    kind: str  # unit | line
    enterprise: str
    ref: str  # asset number or line name
    name: str
    action: str
    action_label: str
    amount: float  # units (台/套) or capacity (t/a) moved into the target's numerator
    cost_yuan: float | None
    cost_source: str
    gap_closed: float  # share of the target's denominator this closer adds
    current: str  # the unit's level or the line's kgce/t and grade now


@dataclass(frozen=True)
class TargetClosers:
    """The closers of one unmet target (`closers` empty with `missing` saying why when none is modelled)."""

    plan_id: str
    metric: str
    metric_label: str
    year: int
    threshold: float | None
    value: float | None
    gap: float
    closers: list[Closer] = field(default_factory=list)
    remaining_gap: float = 0.0
    missing: str | None = None
    note: str | None = None

    @property
    def total_cost_yuan(self) -> float:
        return sum(c.cost_yuan for c in self.closers if c.cost_yuan is not None)

    @property
    def unpriced(self) -> int:
        return sum(c.cost_yuan is None for c in self.closers)

    def to_dict(self) -> dict[str, Any]:
        return {**{k: v for k, v in asdict(self).items() if k != "closers"},
                "closers": [asdict(c) for c in self.closers], "total_cost_yuan": round(self.total_cost_yuan, 2),
                "unpriced_closers": self.unpriced}


@dataclass
class _Run:
    """What every closer finder of one `closers_for` call reads, with the planning data it has built."""

    session: Session
    scope: RegionScope
    config: Config
    as_of: dt.date
    planning: dict[tuple[int, ...], PlanningData] = field(default_factory=dict)


@contextmanager
def _session(source: Session | Context) -> Iterator[tuple[Session, Config]]:
    if isinstance(source, Session):
        yield source, Config()
        return
    with Session(source.engine) as session:
        yield session, source.config


def closers_for(session_or_context: Session | Context, region: str, as_of: dt.date | None = None, *,
                report: TargetsReport | None = None) -> list[TargetClosers]:
    """The least-cost closers of every unmet target of `region` (see the module docstring). A Session uses the
    default price table; a `services.context.Context` its configured one. `report`: the region's targets
    already assessed (saves assessing them again)."""
    with _session(session_or_context) as (session, config):
        report = report or assess_targets(session, region, as_of)
        run = _Run(session, RegionScope.of(region), config, report.as_of)
        out = []
        for status in report.statuses:
            finder = _FINDERS.get(status.target.metric)
            value = status.result.value
            if status.status == "not_met" and status.gap:
                goal = float(status.target.threshold or 0.0)
            elif status.status == "no_threshold" and finder is not None and value is not None and value < 1.0:
                goal = 1.0  # "基本达到" with no number: what bringing every one there takes, said in the note
            else:
                continue
            if finder is None:
                out.append(_result(status, [], goal - float(value or 0.0), missing=(
                    "该目标没有按设备或生产线计算最低成本措施的模型 (no least-cost closer is modelled for this target)")))
            else:
                out.append(finder(run, status, goal))
        return out


def _result(status: TargetStatus, closers: list[Closer], remaining: float, *, missing: str | None = None,
            note: str | None = None, goal: float | None = None) -> TargetClosers:
    if status.target.threshold is None:
        note = "；".join(filter(None, ["规划未给出数值目标，按全部达到（100%）列出所需措施，供取舍", note]))
    gap = float(status.gap) if status.gap is not None else max(0.0, (goal or 0.0) - float(status.result.value or 0.0))
    return TargetClosers(status.plan.id, status.target.metric, status.label, status.target.year,
                         status.target.threshold, status.result.value, gap, closers, max(0.0, remaining), missing,
                         note or None)


def _greedy(status: TargetStatus, goal: float, options: list[tuple[Any, Closer]], needed: float, denominator: float,
            note: str | None) -> TargetClosers:
    """Take the options in the order of their sort key until `needed` (in the numerator's unit) is covered."""
    chosen: list[Closer] = []
    covered = 0.0
    for _, option in sorted(options, key=lambda o: o[0]):
        if covered >= needed - 1e-9:
            break
        chosen.append(option)
        covered += option.amount
    remaining = (needed - covered) / denominator if denominator else 0.0
    return _result(status, chosen, remaining, note=note, goal=goal)


def _energy_saving_units(run: _Run, status: TargetStatus, goal: float) -> TargetClosers:
    from equipinv.lists import Scope
    from equipinv.planner import load_planning_data

    session, scope, config = run.session, run.scope, run.config

    result = status.result
    assert result.numerator is not None and result.denominator is not None
    needed = math.ceil(goal * result.denominator - result.numerator - 1e-9)
    prefixes = status.plan.industry_prefixes()
    names = {int(i): (str(n), str(c)) for i, n, c in session.execute(
        sa.select(_ENT.c.id, _ENT.c.name, _ENT.c.industry_code).where(scope.enterprise_condition()))}
    key_ids = tuple(i for i, (_, code) in names.items() if in_key_industry(code, prefixes))
    if key_ids not in run.planning:  # two plans covering the region often name the same industries
        run.planning[key_ids] = load_planning_data(session, Scope(key_ids, "key industries", ""), config, on=run.as_of)
    data = run.planning[key_ids]
    # the owner of each unit below the level (the planner's rows do not carry it), joined, not an id list
    owner = {int(u): int(e) for u, e in session.execute(
        sa.select(_EQ.c.id, _EQ.c.enterprise_id).select_from(_EQ.join(_ENT, _EQ.c.enterprise_id == _ENT.c.id))
        .where(scope.enterprise_condition(), _EQ.c.benchmark_level.in_(_BELOW_SAVING)))}
    cost = data.scaled(data.candidates.investment_yuan)[:, 1]  # ACTIONS[1] == "energy_saving"
    options, unpriced = [], 0.0
    for i, unit in enumerate(data.units):
        if unit.benchmark_level not in _BELOW_SAVING or unit.category not in et.PARAMETERS:
            continue
        quantity = float(data.quantity[i])
        if not np.isfinite(cost[i]):
            unpriced += quantity
            continue
        options.append((float(cost[i]) / quantity, Closer(
            "unit", names[owner[unit.id]][0], unit.asset_no, unit.name, "energy_saving", "更换为节能水平", quantity,
            round(float(cost[i]), 2), f"价格表 {config.prices.edition}", quantity / result.denominator,
            LEVEL_LABELS[unit.benchmark_level])))
    note = f"另有 {unpriced:g} 台低于节能水平的设备缺少价格，未列入" if unpriced else None
    return _greedy(status, goal, options, needed, result.denominator, note)


Finder = Callable[["_Run", TargetStatus, float], TargetClosers]


def _line_closers(action: str, short_of: tuple[str, ...]) -> Finder:
    """Closers of a capacity share: the key-industry lines whose grade is in `short_of`, moved by `action`."""
    def finder(run: _Run, status: TargetStatus, goal: float) -> TargetClosers:
        session, scope, result = run.session, run.scope, status.result
        assert result.numerator is not None and result.denominator is not None
        needed = goal * result.denominator - result.numerator
        prefixes = status.plan.industry_prefixes()
        condition = scope.enterprise_condition()
        needs = declared_line_needs(session, condition)
        options = []
        for line, enterprise in lines_where(session, condition):
            grade = grade_of(line)
            if grade.level not in short_of or not in_key_industry(enterprise.industry_code, prefixes):
                continue
            cost, source = declared_cost(needs, line, action)
            # declared costs first, cheapest per tonne; then undeclared ones, the largest first (fewest lines)
            key = cost / line.capacity_t_a if cost is not None else math.inf
            options.append(((key, -line.capacity_t_a), Closer(
                "line", enterprise.name, line.name, line.kind, action, LINE_ACTIONS[action], line.capacity_t_a, cost,
                source or "无投资来源：企业未申报该生产线的同类需求投资 (no investment declared)",
                line.capacity_t_a / result.denominator, f"{line.unit_energy_kgce_t:g} kgce/t，{grade.label}")))
        undeclared = sum(c.cost_yuan is None for _, c in options)
        return _greedy(status, goal, options, needed, result.denominator,
                       f"{undeclared} 条候选生产线未申报投资，按产能从大到小排在有投资的之后" if undeclared else None)
    return finder


def _cnc_machine_tools(run: _Run, status: TargetStatus, goal: float) -> TargetClosers:
    """Key-process machine tools without CNC, replaced by CNC ones. The price table has no machine tools, so
    no cost is known: the oldest go first (the ones due anyway), then the larger batches."""
    session, scope, result = run.session, run.scope, status.result
    assert result.numerator is not None and result.denominator is not None
    needed = math.ceil(goal * result.denominator - result.numerator - 1e-9)
    rows = session.execute(
        sa.select(_EQ.c.asset_no, _EQ.c.name, _EQ.c.quantity, _EQ.c.commissioning_date, _EQ.c.year_made, _ENT.c.name)
        .select_from(_EQ.join(_ENT, _EQ.c.enterprise_id == _ENT.c.id))
        .where(scope.enterprise_condition(), _EQ.c.category == "machine_tool", _EQ.c.status != "eliminated",
               _EQ.c.key_process.is_(True), _EQ.c.cnc.is_(False)))
    options = []
    for asset_no, name, quantity, commissioned, made, enterprise in rows:
        year = commissioned.year if commissioned else made
        options.append(((year or 9999, -quantity), Closer(
            "unit", enterprise, asset_no, name, "replace_with_cnc", "更换为数控机床", float(quantity), None,
            "价格表无机床价格 (no machine-tool price in the price table)", quantity / result.denominator,
            f"非数控，{year or '年份未知'}年")))
    return _greedy(status, goal, options, needed, result.denominator, "无机床价格：按投用年份从早到晚排列")


_FINDERS: dict[str, Finder] = {
    "key_industry_energy_saving_share": _energy_saving_units,
    "benchmark_capacity_share": _line_closers("renew_to_benchmark", ("between", "below_baseline")),
    "baseline_capacity_share": _line_closers("retrofit_to_baseline", ("below_baseline",)),
    "key_process_cnc_rate": _cnc_machine_tools,
}
