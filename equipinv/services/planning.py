"""Planning use cases for every front: rank the units of a scope, solve a budgeted plan, accept it.

The CLI's `recommend` / `plan` and the TUI's planning screen call these with the scope the user chose
and the `Context` built at start-up (so `--config` sets the prices, coefficients and economics of
both); the plan is stored for that scope and supersedes only the accepted plan of the same scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from equipinv.db import session_scope
from equipinv.lists import Scope
from equipinv.models import Plan
from equipinv.planner import (
    PlanningData,
    PlanResult,
    Recommendation,
    RecommendationLines,
    energy_saving_target,
    load_planning_data,
    make_plan,
    rank_recommendations,
)
from equipinv.planning.line_candidates import LineCandidate, candidates_for_scope
from equipinv.planning.target_shares import TargetReached, shares_reached
from equipinv.services.context import Context
from equipinv.services.scopes import ScopeRequest


@dataclass(frozen=True)
class PlanRequest:
    """What the user asks the optimiser for (budgets in yuan by year; targets as (year, share))."""

    budgets: dict[int, float]
    objective: str = "npv"
    targets: tuple[tuple[int, float], ...] = ()
    method: str = "auto"
    strict: bool = False  # refuse a budget below the mandatory work instead of listing what stays unfunded


@dataclass
class SolvedPlan:
    """A solved plan, stored or not, with the names of the units it schedules and the scope it is for."""

    result: PlanResult
    request: PlanRequest
    chosen: ScopeRequest
    scope: Scope
    stored: bool
    names: dict[int, tuple[str, str]] = field(default_factory=dict)  # unit id -> (asset no, name)
    targets_reached: list[TargetReached] = field(default_factory=list)  # each policy target's share per plan year
    line_candidates: list[LineCandidate] = field(default_factory=list)  # lines below 基准, beside the unit schedule


def _data(session: Session, ctx: Context, scope: Scope) -> PlanningData:
    return load_planning_data(session, scope, ctx.config, on=ctx.today)


def recommendations(ctx: Context, chosen: ScopeRequest, *, score_kind: str = "npv_per_yuan") -> list[Recommendation]:
    """Every unit of the scope ranked: mandatory first (by deadline), then safety, then the economic score."""
    return list(recommendation_lines(ctx, chosen, score_kind=score_kind))


def recommendation_lines(ctx: Context, chosen: ScopeRequest, *,
                         score_kind: str = "npv_per_yuan") -> RecommendationLines:
    """`recommendations`, each line built when read: a page or a stream holds only its own lines, never a
    `Recommendation` per unit of a province (at 1 M units the list alone took some 0.5 GB)."""
    with Session(ctx.engine) as session:
        data = _data(session, ctx, chosen.resolve(session))
    return rank_recommendations(data, score_kind=score_kind, config=ctx.config)[1]


def solve_plan(ctx: Context, chosen: ScopeRequest, request: PlanRequest, *, store: bool) -> SolvedPlan:
    """Solve the schedule of the scope; with `store` it is saved as the scope's accepted plan."""
    with session_scope(ctx.engine) as session:
        scope = chosen.resolve(session)
        data = _data(session, ctx, scope)
        targets = tuple(energy_saving_target(data, year, share) for year, share in request.targets)
        result = make_plan(session, data, request.budgets, objective=request.objective, config=ctx.config,
                           current_year=ctx.today.year, scope=scope, targets=targets, method=request.method,
                           store=store, strict=request.strict)
        names = {int(u.id or 0): (u.asset_no, u.name) for u in data.units}
        lines = candidates_for_scope(session, scope, first_year=min(request.budgets))
        if result.plan_id is not None and lines:  # stored with the plan's inputs: what the plan was told
            plan = session.get(Plan, result.plan_id)
            assert plan is not None
            plan.inputs = {**plan.inputs, "line_candidates": [c.to_dict() for c in lines]}
            session.add(plan)
        return SolvedPlan(result, request, chosen, scope, store, names, shares_reached(result.schedule, targets),
                          lines)
