"""The summary report's figures for an enterprise or a region (rendered by reports, shown by tui).

Counts by category and benchmark level, age against design life, legal eliminations (each unit once, by its strongest basis) grouped by
basis and deadline, and the accepted plan's investment and savings by year.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import numpy as np
from sqlmodel import Session, col, select

from equipinv import labels
from equipinv.elimination_basis import BASIS_KINDS, legal_findings, timetable
from equipinv.ledger_stats import years_in_service
from equipinv.listing import AgeDistribution, EliminationDeadline, FillerInfo, LevelCount, PlanYear, SummaryReport
from equipinv.lists import Scope
from equipinv.models import Equipment, Finding, Plan, PlanItem
from equipinv.plans import accepted_plan_for, plan_reference

_AGE_EDGES = [0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 40.0, 60.0]


def build_summary(session: Session, scope: Scope, *, today: dt.date | None = None) -> SummaryReport:
    today = today or dt.date.today()
    ids = list(scope.enterprise_ids)
    units = list(session.exec(select(Equipment).where(col(Equipment.enterprise_id).in_(ids),
                                                      Equipment.status != "eliminated")))
    level_counts: Counter[tuple[str, str]] = Counter()
    ages: dict[str, list[float]] = defaultdict(list)
    lives: dict[str, list[float]] = defaultdict(list)
    past: Counter[str] = Counter()
    for u in units:
        category = labels.label("category", u.category)
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
    unit_ids = [u.id for u in units]
    category_of = {u.id: labels.label("category", u.category) for u in units}
    groups: Counter[tuple[str, str, str]] = Counter()
    findings: dict[int, list[Finding]] = defaultdict(list)
    for f in session.exec(select(Finding).where(col(Finding.equipment_id).in_(unit_ids), Finding.outcome == "match")):
        findings[f.equipment_id].append(f)
    for unit_id, found in findings.items():  # each unit once, under its strongest legal basis
        legal = legal_findings(found)
        if legal:
            kind, lead = legal[0]
            when = timetable([f for _k, f in legal], None, None, today)
            groups[(category_of[unit_id], f"{BASIS_KINDS[kind]}：{lead.citation}", when.text)] += 1
    eliminations = [EliminationDeadline(c, basis, n, deadline) for (c, basis, deadline), n in
                    sorted(groups.items(), key=lambda kv: (kv[0][2], -kv[1]))]
    plan = accepted_plan_for(session, scope)
    return SummaryReport(
        title="设备更新和淘汰工作汇总", scope=scope.description,
        filler=FillerInfo(unit=scope.filler_unit, date=today),
        level_labels=[labels.LEVELS[k] for k in labels.LEVELS],
        level_counts=[LevelCount(c, lv, n) for (c, lv), n in sorted(level_counts.items())],
        age=age, eliminations=eliminations, plan_years=_plan_years(session, plan, unit_ids),
        notes=[f"统计日期 {today.isoformat()}；使用年限按投运日期计算；设计年限标记取该类设备设计年限的中位数。",
               f"依据更新计划：{plan_reference(plan)}" if plan else f"{scope.description}尚未制定更新计划。"],
    )


def _plan_years(session: Session, plan: Plan | None, unit_ids: list[int | None]) -> list[PlanYear]:
    if plan is None:
        return []
    per_year: dict[int, list[PlanItem]] = defaultdict(list)
    for item in session.exec(select(PlanItem).where(PlanItem.plan_id == plan.id, PlanItem.action != "keep",
                                                    col(PlanItem.equipment_id).in_(unit_ids))):
        if item.year is not None:
            per_year[item.year].append(item)
    return [PlanYear(year, len(items), sum(i.investment_yuan for i in items), sum(i.annual_saving_tce for i in items),
                     sum(i.annual_saving_tco2 for i in items)) for year, items in sorted(per_year.items())]
