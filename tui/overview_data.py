"""The figures of the overview screen, counted in SQL (GROUP BY), so they stay quick on a large ledger.

No Textual here. Units in use or idle by category and benchmark level, units past their design life,
open mandatory eliminations with the nearest deadlines, and the newest accepted plan by year.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import Session

from equipinv.models import EliminationRecord, PlanItem
from equipinv.plans import PlanScope, accepted_plan_for
from tui.ledger_query import EQ, past_life_clause

ELIM = EliminationRecord.__table__  # type: ignore[attr-defined]
ITEM = PlanItem.__table__  # type: ignore[attr-defined]
LEVEL_ORDER = ("advanced", "energy_saving", "access", "below_access", "ungraded")


@dataclass
class DeadlineGroup:
    deadline: dt.date | None
    units: int
    basis: str


@dataclass
class PlanYearFigures:
    year: int
    units: int
    investment_yuan: float
    saving_tce: float
    saving_tco2: float


@dataclass
class Overview:
    units: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    by_level: dict[str, int] = field(default_factory=dict)
    past_life_by_category: dict[str, int] = field(default_factory=dict)
    eliminations_open: int = 0
    eliminations_done: int = 0
    eliminations_verified: int = 0
    deadlines: list[DeadlineGroup] = field(default_factory=list)
    plan_id: int | None = None
    plan_years: list[PlanYearFigures] = field(default_factory=list)

    @property
    def past_life(self) -> int:
        return sum(self.past_life_by_category.values())


def load_overview(session: Session, *, today: dt.date | None = None, enterprise_id: int | None = None,
                  nearest: int = 5) -> Overview:
    """Every figure of the overview in a handful of aggregate queries."""
    today = today or dt.date.today()
    live = EQ.c.status != "eliminated"
    if enterprise_id is not None:
        live = sa.and_(live, EQ.c.enterprise_id == enterprise_id)
    result = Overview()
    for category, level, n in session.execute(
            sa.select(EQ.c.category, EQ.c.benchmark_level, sa.func.count()).where(live)
            .group_by(EQ.c.category, EQ.c.benchmark_level)):
        result.units += n
        result.by_category[category] = result.by_category.get(category, 0) + n
        key = level or "ungraded"
        result.by_level[key] = result.by_level.get(key, 0) + n
    result.by_category = dict(sorted(result.by_category.items(), key=lambda kv: -kv[1]))
    result.by_level = {k: result.by_level[k] for k in LEVEL_ORDER if k in result.by_level}
    dialect = session.get_bind().dialect.name
    result.past_life_by_category = dict(sorted(session.execute(
        sa.select(EQ.c.category, sa.func.count()).where(live, past_life_clause(dialect, today))
        .group_by(EQ.c.category)).all(), key=lambda kv: -kv[1]))
    elim_scope = ELIM.c.enterprise_id == enterprise_id if enterprise_id is not None else sa.true()
    counts = dict(session.execute(sa.select(ELIM.c.status, sa.func.count()).where(elim_scope)
                                  .group_by(ELIM.c.status)).all())
    result.eliminations_open = counts.get("planned", 0)
    result.eliminations_done = counts.get("done", 0)
    result.eliminations_verified = counts.get("verified", 0)
    groups = session.execute(
        sa.select(ELIM.c.deadline, sa.func.count(), sa.func.min(ELIM.c.basis))
        .where(elim_scope, ELIM.c.status == "planned").group_by(ELIM.c.deadline)
        .order_by(ELIM.c.deadline.is_(None), ELIM.c.deadline).limit(nearest))
    result.deadlines = [DeadlineGroup(d, n, basis) for d, n, basis in groups]
    plan = accepted_plan_for(session, PlanScope("all") if enterprise_id is None
                             else PlanScope("enterprise", str(enterprise_id)))
    result.plan_id = plan.id if plan else None
    if result.plan_id is not None:
        years: dict[int, list[float]] = defaultdict(lambda: [0, 0.0, 0.0, 0.0])
        for year, n, money, tce, tco2 in session.execute(
                sa.select(ITEM.c.year, sa.func.count(), sa.func.sum(ITEM.c.investment_yuan),
                          sa.func.sum(ITEM.c.annual_saving_tce), sa.func.sum(ITEM.c.annual_saving_tco2))
                .where(ITEM.c.plan_id == result.plan_id, ITEM.c.action != "keep", ITEM.c.year.is_not(None))
                .group_by(ITEM.c.year).order_by(ITEM.c.year)):
            years[year] = [n, money or 0.0, tce or 0.0, tco2 or 0.0]
        result.plan_years = [PlanYearFigures(y, int(v[0]), v[1], v[2], v[3]) for y, v in sorted(years.items())]
    return result
