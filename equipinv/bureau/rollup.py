"""Roll-up by region (county -> city -> province, GB/T 2260) and by industry (GB/T 4754 division).

"One table per domain": for a region, one row per child region (or per industry division) with the
units, their benchmark levels, units past design life, open mandatory eliminations, and the accepted
plan's investment and savings. Rows partition the region's enterprises, so the total row is the sum
of the rows (the tests hold it to that). A staff login that may not see the whole region gets a total
labelled as covering only what it sees, never the region's name alone.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from equipinv import codes
from equipinv.bureau.security import login_scope
from equipinv.errors import BadInput
from equipinv.ledger_stats import years_in_service
from equipinv.models import EliminationRecord, Enterprise, Equipment, PlanItem
from equipinv.plans import PlanScope, accepted_plan_for

LEVEL_KEYS = ("advanced", "energy_saving", "access", "below_access", "ungraded")


@dataclass
class RollupRow:
    key: str
    label: str
    enterprises: int = 0
    units: int = 0
    """Ledger rows (行)."""
    pieces: int = 0
    """Units as pieces (台/套: the rows' 数量); the levels and past design life count pieces too."""
    levels: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVEL_KEYS, 0))
    past_design_life: int = 0
    open_eliminations: int = 0
    plan_investment_yuan: float = 0.0
    plan_saving_tce: float = 0.0
    plan_saving_tco2: float = 0.0
    partial: bool = False  # covers only the enterprises the login may see, not the whole region

    def add(self, other: RollupRow) -> None:
        for name in ("enterprises", "units", "pieces", "past_design_life", "open_eliminations", "plan_investment_yuan",
                     "plan_saving_tce", "plan_saving_tco2"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for level, n in other.levels.items():
            self.levels[level] += n

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "enterprises": self.enterprises, "units": self.units,
                "pieces": self.pieces, "levels": self.levels, "past_design_life": self.past_design_life,
                "open_eliminations": self.open_eliminations, "plan_investment_yuan": round(self.plan_investment_yuan, 2),
                "plan_saving_tce": round(self.plan_saving_tce, 4), "plan_saving_tco2": round(self.plan_saving_tco2, 4),
                "partial": self.partial}


def _group_of(enterprise: Enterprise, region_code: str, by: str) -> tuple[str, str]:
    """The row an enterprise falls in: the child region of `region_code` it lies in, or its industry division."""
    if by == "industry":
        division = codes.industry_division(enterprise.industry_code)
        return division.full_code, division.name
    chain = codes.region_chain(enterprise.region_code)
    codes_up = [r.code for r in chain]
    position = codes_up.index(region_code)
    child = chain[position - 1] if position > 0 else chain[0]
    return child.code, child.name


def rollup(session: Session, region_code: str, *, by: str, today: dt.date | None = None) -> tuple[list[RollupRow], RollupRow]:
    """Rows for the region's children (by="region") or industries (by="industry"), and the total."""
    if by not in ("region", "industry"):
        raise BadInput(f'汇总方式 "{by}" 未知（可选 region、industry） (error: unknown grouping "{by}")')
    today = today or dt.date.today()
    region = codes.region(region_code)
    inside = codes.region_descendants(region_code)
    enterprises = list(session.exec(select(Enterprise).where(col(Enterprise.region_code).in_(inside))))
    group_of = {e.id: _group_of(e, region.code, by) for e in enterprises}
    rows: dict[str, RollupRow] = {}
    for e in enterprises:
        key, label = group_of[e.id]
        rows.setdefault(key, RollupRow(key, label)).enterprises += 1
    ids = sa.select(col(Enterprise.id)).where(col(Enterprise.region_code).in_(inside))  # a subquery, not an id list
    units = session.execute(sa.select(col(Equipment.enterprise_id), col(Equipment.quantity), col(Equipment.benchmark_level),
                                      col(Equipment.commissioning_date), col(Equipment.design_life_years))
                            .where(col(Equipment.enterprise_id).in_(ids), col(Equipment.status) != "eliminated"))
    for enterprise_id, quantity, level, commissioned, life in units:
        row, pieces = rows[group_of[enterprise_id][0]], int(quantity or 1)
        row.units += 1
        row.pieces += pieces
        row.levels[level if level in LEVEL_KEYS else "ungraded"] += pieces
        served = years_in_service(commissioned, today)
        if served is not None and life is not None and served >= life:
            row.past_design_life += pieces
    open_counts = session.execute(sa.select(col(EliminationRecord.enterprise_id), sa.func.count())
                                  .where(col(EliminationRecord.enterprise_id).in_(ids),
                                         col(EliminationRecord.status) != "verified")
                                  .group_by(col(EliminationRecord.enterprise_id)))
    for enterprise_id, n in open_counts:
        rows[group_of[enterprise_id][0]].open_eliminations += n
    _add_plan(session, region.code, ids, group_of, rows)
    ordered = [rows[k] for k in sorted(rows)]
    visible = login_scope(session.connection(), write=False)
    partial = visible is not None and region.code not in visible
    total = RollupRow(region.code, f"{region.name}（仅本登录可见部分）合计" if partial else f"{region.name}合计",
                      partial=partial)
    for row in ordered:
        total.add(row)
    return ordered, total


def _add_plan(session: Session, region_code: str, ids: sa.Select[Any], group_of: dict[int | None, tuple[str, str]],
              rows: dict[str, RollupRow]) -> None:
    """The actions of the plan accepted for this region, for its enterprises' units."""
    plan = accepted_plan_for(session, PlanScope("region", region_code))
    if plan is None:
        return
    items = session.execute(sa.select(col(Equipment.enterprise_id), col(PlanItem.investment_yuan),
                                      col(PlanItem.annual_saving_tce), col(PlanItem.annual_saving_tco2))
                            .join(Equipment, col(Equipment.id) == PlanItem.equipment_id)
                            .where(col(PlanItem.plan_id) == plan.id, col(Equipment.enterprise_id).in_(ids)))
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for enterprise_id, invest, tce, tco2 in items:
        acc = totals[group_of[enterprise_id][0]]
        acc[0] += invest
        acc[1] += tce
        acc[2] += tco2
    for key, (invest, tce, tco2) in totals.items():
        rows[key].plan_investment_yuan, rows[key].plan_saving_tce, rows[key].plan_saving_tco2 = invest, tce, tco2
