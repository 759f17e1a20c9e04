"""The summary report's figures for an enterprise or a region (rendered by reports, shown by tui).

Counts by category and benchmark level, age against design life, legal eliminations (each unit once, by its
strongest basis) grouped by basis and deadline, and the investment and savings by year of the plan accepted
for the scope.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter, defaultdict
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlmodel import Session

from equipinv import labels
from equipinv.elimination_basis import BASIS_KINDS, legal_findings, timetable
from equipinv.ledger_reader import EnterpriseFilter, stream, unit_query
from equipinv.ledger_stats import years_in_service
from equipinv.listing import AgeDistribution, EliminationDeadline, FillerInfo, LevelCount, PlanYear, SummaryReport
from equipinv.lists import Scope
from equipinv.models import Equipment, Finding, Plan, PlanItem
from equipinv.plans import accepted_plan_for, plan_reference
from equipinv.targets.rows import scope_targets

_UNITS = Equipment.__table__  # type: ignore[attr-defined]
_FINDINGS = Finding.__table__  # type: ignore[attr-defined]
_ITEMS = PlanItem.__table__  # type: ignore[attr-defined]
_AGE_EDGES = [0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 40.0, 60.0]


def build_summary(session: Session, scope: Scope, *, today: dt.date | None = None) -> SummaryReport:
    today = today or dt.date.today()
    in_use = sa.and_(EnterpriseFilter(session, scope.enterprise_ids).of(_UNITS.c.enterprise_id),
                     _UNITS.c.status != "eliminated")  # the scope in SQL: no list of unit ids
    units = stream(session, unit_query(("id", "category", "benchmark_level", "commissioning_date",
                                        "design_life_years"), in_use))
    category_of: dict[int, str] = {}
    level_counts: Counter[tuple[str, str]] = Counter()
    ages: dict[str, list[float]] = defaultdict(list)
    lives: dict[str, list[float]] = defaultdict(list)
    past: Counter[str] = Counter()
    for u in units:
        category = labels.label("category", u.category)
        category_of[u.id] = category
        level_counts[(category, labels.label("benchmark_level", u.benchmark_level or "ungraded"))] += 1
        served = years_in_service(u.commissioning_date, today)
        if served is not None:
            ages[category].append(served)
            if u.design_life_years is not None and served >= u.design_life_years:
                past[category] += 1
        if u.design_life_years is not None:
            lives[category].append(u.design_life_years)
    age = [AgeDistribution(category, _AGE_EDGES, np.histogram(np.clip(values, 0, _AGE_EDGES[-1] - 1e-9),
                                                              bins=_AGE_EDGES)[0].tolist(),
                           float(np.median(lives[category])) if lives[category] else None, past[category])
           for category, values in sorted(ages.items(), key=lambda kv: -len(kv[1]))]
    groups: Counter[tuple[str, str, str]] = Counter()
    columns = [c for c in _FINDINGS.columns if not isinstance(c.type, sa.JSON)]
    findings = (sa.select(*columns).join(_UNITS, _UNITS.c.id == _FINDINGS.c.equipment_id)
                .where(in_use, _FINDINGS.c.outcome == "match").order_by(_FINDINGS.c.equipment_id))
    for unit_id, found in itertools.groupby(stream(session, findings), key=lambda f: f.equipment_id):
        legal = legal_findings(list(found))  # each unit once, under its strongest legal basis
        if legal:
            kind, lead = legal[0]
            when = timetable([f for _k, f in legal], None, None, today)
            groups[(category_of[unit_id], f"{BASIS_KINDS[kind]}：{lead.citation}", when.text)] += 1
    eliminations = [EliminationDeadline(c, basis, n, deadline) for (c, basis, deadline), n in
                    sorted(groups.items(), key=lambda kv: (kv[0][2], -kv[1]))]
    plan = accepted_plan_for(session, scope)
    targets, targets_note = scope_targets(session, scope.kind, scope.key, today)
    return SummaryReport(
        title="设备更新和淘汰工作汇总", scope=scope.description,
        filler=FillerInfo(unit=scope.filler_unit, date=today),
        level_labels=[labels.LEVELS[k] for k in labels.LEVELS],
        level_counts=[LevelCount(c, lv, n) for (c, lv), n in sorted(level_counts.items())],
        age=age, eliminations=eliminations, plan_years=_plan_years(session, plan, in_use),
        targets=targets, targets_note=targets_note,
        notes=[f"统计日期 {today.isoformat()}；使用年限按投运日期计算；设计年限标记取该类设备设计年限的中位数。",
               f"依据更新计划：{plan_reference(plan)}" if plan else f"{scope.description}尚未制定更新计划。"],
    )


def _plan_years(session: Session, plan: Plan | None, in_use: Any) -> list[PlanYear]:
    """The plan's actions on the units `in_use` selects, added up per year in SQL."""
    if plan is None:
        return []
    per_year = session.execute(
        sa.select(_ITEMS.c.year, sa.func.count(), sa.func.sum(_ITEMS.c.investment_yuan),
                  sa.func.sum(_ITEMS.c.annual_saving_tce), sa.func.sum(_ITEMS.c.annual_saving_tco2))
        .join(_UNITS, _UNITS.c.id == _ITEMS.c.equipment_id)
        .where(_ITEMS.c.plan_id == plan.id, _ITEMS.c.action != "keep", _ITEMS.c.year.is_not(None), in_use)
        .group_by(_ITEMS.c.year).order_by(_ITEMS.c.year))
    return [PlanYear(int(year), int(n), float(invest), float(tce), float(tco2))
            for year, n, invest, tce, tco2 in per_year]
