"""The summary report's figures for an enterprise or a region (rendered by reports, shown by tui).

Counts (in pieces, 台/套) by category and benchmark level, age against design life, legal eliminations — the
elimination list's own rows, each unit once under its strongest basis — grouped by basis and deadline with how the
total is made up by basis kind, and the investment and savings by year of the plan accepted
for the scope.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlmodel import Session

from equipinv import labels
from equipinv.elimination_basis import BASIS_KINDS
from equipinv.elimination_list import EliminationCounts, elimination_counts
from equipinv.ledger_reader import EnterpriseFilter, stream, unit_query
from equipinv.ledger_stats import years_in_service
from equipinv.listing import (
    AgeDistribution,
    BasisCount,
    EliminationDeadline,
    FillerInfo,
    LevelCount,
    PlanYear,
    SummaryReport,
)
from equipinv.lists import Scope, build_list
from equipinv.models import Equipment, Plan, PlanItem
from equipinv.plans import accepted_plan_for, plan_reference
from equipinv.targets.rows import scope_targets

_UNITS = Equipment.__table__  # type: ignore[attr-defined]
_ITEMS = PlanItem.__table__  # type: ignore[attr-defined]
_AGE_EDGES = [0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 40.0, 60.0]


def build_summary(session: Session, scope: Scope, *, today: dt.date | None = None) -> SummaryReport:
    """Counts are pieces (台/套, a ledger row's 数量); the eliminations are the elimination list's own rows
    (`equipinv.elimination_list.elimination_counts`), so the summary, the list and the console agree."""
    today = today or dt.date.today()
    in_use = sa.and_(EnterpriseFilter(session, scope.enterprise_ids).of(_UNITS.c.enterprise_id),
                     _UNITS.c.status != "eliminated")  # the scope in SQL: no list of unit ids
    units = stream(session, unit_query(("id", "category", "quantity", "benchmark_level", "commissioning_date",
                                        "design_life_years"), in_use))
    level_counts: Counter[tuple[str, str]] = Counter()
    ages: dict[str, list[float]] = defaultdict(list)
    weights: dict[str, list[int]] = defaultdict(list)
    lives: dict[str, list[float]] = defaultdict(list)
    past: Counter[str] = Counter()
    for u in units:
        category, pieces = labels.label("category", u.category), int(u.quantity or 1)
        level_counts[(category, labels.label("benchmark_level", u.benchmark_level or "ungraded"))] += pieces
        served = years_in_service(u.commissioning_date, today)
        if served is not None:
            ages[category].append(served)
            weights[category].append(pieces)
            if u.design_life_years is not None and served >= u.design_life_years:
                past[category] += pieces
        if u.design_life_years is not None:
            lives[category].append(u.design_life_years)
    age = [AgeDistribution(category, _AGE_EDGES, np.histogram(np.clip(values, 0, _AGE_EDGES[-1] - 1e-9),
                                                              bins=_AGE_EDGES, weights=weights[category])[0]
                           .astype(int).tolist(),
                           float(np.median(lives[category])) if lives[category] else None, past[category])
           for category, values in sorted(ages.items(), key=lambda kv: -sum(weights[kv[0]]))]
    eliminations, counts = _eliminations(session, scope, today)
    plan = accepted_plan_for(session, scope)
    targets, targets_note = scope_targets(session, scope.kind, scope.key, today, with_closers=True)
    return SummaryReport(
        title="设备更新和淘汰工作汇总", scope=scope.description,
        filler=FillerInfo(unit=scope.filler_unit, date=today),
        level_labels=[labels.LEVELS[k] for k in labels.LEVELS],
        level_counts=[LevelCount(c, lv, n) for (c, lv), n in sorted(level_counts.items())],
        age=age, eliminations=eliminations, plan_years=_plan_years(session, plan, in_use),
        basis_counts=[BasisCount(BASIS_KINDS[k], rows, pieces) for k, (rows, pieces) in counts.by_kind.items()],
        targets=targets, targets_note=targets_note,
        notes=[f"统计日期 {today.isoformat()}；台数为设备台（套）数（台账一行可记多台）；使用年限按投运日期计算；"
               "设计年限标记取该类设备设计年限的中位数。",
               f"依法淘汰设备与《设备淘汰清单》一致：{counts.text()}；每台设备只计一次，计入其最强的依据类别。",
               f"依据更新计划：{plan_reference(plan)}" if plan else f"{scope.description}尚未制定更新计划。"],
    )


def _eliminations(session: Session, scope: Scope, today: dt.date) -> tuple[list[EliminationDeadline],
                                                                             EliminationCounts]:
    """The elimination list's rows grouped by category, basis and timetable (in pieces), and its counts."""
    document = build_list(session, "elimination", scope, today=today)
    rows = [r for section in document.sections for r in section.rows]
    groups: Counter[tuple[str, str, str]] = Counter()
    for r in rows:
        basis = f"{BASIS_KINDS[r['basis_kind']]}：{r['basis_citation']}"
        groups[(labels.label("category", r["category"]), basis, r["deadline"])] += int(r["quantity"] or 1)
    deadlines = [EliminationDeadline(c, basis, n, deadline) for (c, basis, deadline), n in
                 sorted(groups.items(), key=lambda kv: (kv[0][2], -kv[1]))]
    return deadlines, elimination_counts(rows)


def _plan_years(session: Session, plan: Plan | None, in_use: Any) -> list[PlanYear]:
    """The plan's actions on the units `in_use` selects, added up per year in SQL (units in pieces, 台/套)."""
    if plan is None:
        return []
    per_year = session.execute(
        sa.select(_ITEMS.c.year, sa.func.sum(_UNITS.c.quantity), sa.func.sum(_ITEMS.c.investment_yuan),
                  sa.func.sum(_ITEMS.c.annual_saving_tce), sa.func.sum(_ITEMS.c.annual_saving_tco2))
        .join(_UNITS, _UNITS.c.id == _ITEMS.c.equipment_id)
        .where(_ITEMS.c.plan_id == plan.id, _ITEMS.c.action != "keep", _ITEMS.c.year.is_not(None), in_use)
        .group_by(_ITEMS.c.year).order_by(_ITEMS.c.year))
    return [PlanYear(int(year), int(n), float(invest), float(tce), float(tco2))
            for year, n, invest, tce, tco2 in per_year]
