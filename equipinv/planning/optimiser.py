"""The multi-year replacement schedule: one action and one year per unit under yearly budgets.

A MILP solved by ``scipy.optimize.milp`` (HiGHS).  Binary x[u, k, y] = unit u takes action k
(column k ≥ 1 of the candidate arrays; column 0 is "keep", worth 0 and free) in year y.  Maximise
Σ value·x subject to: at most one action per unit (exactly one, by its deadline, for a mandatory
elimination), Σ cost·x ≤ budget in every year, and optional policy targets ("by year Y at least
X % of these units at the energy-saving level or better").  Mandatory work that the budget cannot
cover is reported with the shortfall per year before any solver runs (:class:`InfeasiblePlanError`).
The LP relaxation is solved first; a plan built from it (``equipinv.planning.lp_plans``) that is
already within ``mip_rel_gap`` of the LP bound is returned without branch and bound.  Instances
above ``milp_max_units`` (or ``method="greedy"``) go to the greedy heuristic of
``equipinv.planning.greedy``, whose gap is measured against a Lagrangian (LP) bound.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from equipinv.errors import BadInput

if TYPE_CHECKING:
    from scipy.optimize import LinearConstraint

# scipy.optimize (some 0.4 s to import) is imported by the two functions that solve: the planner, and so
# `recommend`, use this module's types and never solve.

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]
Ints = NDArray[np.int64]

MILP_MAX_UNITS = 50_000


class InfeasiblePlanError(BadInput, ValueError):
    """The constraints cannot all hold; ``shortfall_yuan_by_year`` says by how much, where known."""

    def __init__(self, message: str, shortfall_yuan_by_year: dict[int, float] | None = None):
        super().__init__(message)
        self.shortfall_yuan_by_year = shortfall_yuan_by_year or {}


@dataclass(frozen=True)
class PolicyTarget:
    """By ``year``, at least ``share`` of ``units`` at the level reached by ``actions``.

    ``already_met`` marks units that meet the level today (they count without action).
    """

    year: int
    share: float
    units: Bools
    already_met: Bools
    actions: tuple[int, ...] = (1, 2)
    label: str = "重点用能设备达到节能水平及以上"


@dataclass
class Schedule:
    """A plan: per unit the action column (0 = keep) and its year (0 when kept)."""

    action: NDArray[np.int8]
    year: Ints
    objective: float
    bound: float
    gap: float
    method: str
    status: str
    years: list[int]
    budget_yuan: list[float]
    spend_yuan: list[float]
    binding_budget_years: list[int]
    binding_targets: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class Problem:
    """Validated arrays shared by the MILP and the greedy heuristic."""

    value: Floats          # (n, K, Y), column 0 unused
    cost: Floats           # (n, K)
    allowed: Bools         # (n, K, Y)
    forced: Bools          # (n,) must take an action within the plan (mandatory, deadline inside)
    years: list[int]
    budget: Floats         # (Y,)
    targets: Sequence[PolicyTarget]


def _fmt(yuan: float) -> str:
    return f"{yuan:,.0f}"


def prepare(value: ArrayLike, cost: ArrayLike, years: Sequence[int], budget_yuan: Sequence[float],
            current_year: int, mandatory: ArrayLike | None = None,
            deadline_year: ArrayLike | None = None, allowed: ArrayLike | None = None,
            discount_rate: float = 0.0, targets: Sequence[PolicyTarget] = ()) -> Problem:
    """Validate the inputs and expand them to (unit, action, year) arrays.

    ``value`` (n, K) is the worth of an action taken in ``current_year``, discounted by
    ``discount_rate`` for later years; a (n, K, Y) array is used as given.  NaN value or cost makes
    the (unit, action) unavailable.  A mandatory unit's deadline before the first plan year means
    "first year", none given (NaN) means "within the plan", and one after the last year leaves the
    unit free within this plan.  A mandatory unit's deadline before the first plan year means
    "first year"; one after the last year leaves the unit free within this plan.
    """
    yrs = [int(y) for y in years]
    for y in yrs:
        if y < current_year:
            raise BadInput(f"错误：计划年份 {y} 已过去（当前 {current_year} 年） "
                             f"(error: plan year {y} is before the current year {current_year})")
    if len(set(yrs)) != len(yrs) or yrs != sorted(yrs) or not yrs:
        raise BadInput(f"错误：计划年份 {yrs} 应递增且不重复 (error: plan years {yrs} must increase)")
    budget = np.asarray(budget_yuan, dtype=float)
    if budget.shape != (len(yrs),):
        raise BadInput(f"错误：预算个数 {budget.size} 与年份个数 {len(yrs)} 不符 "
                         f"(error: {budget.size} budgets for {len(yrs)} years)")
    for y, b in zip(yrs, budget, strict=True):
        if not (b >= 0 and math.isfinite(b)):
            raise BadInput(f"错误：{y} 年预算 {b} 不是非负数 (error: budget {y} = {b} is not non-negative)")
    if not 0.0 <= discount_rate <= 1.0:
        raise BadInput(f"错误：折现率 {discount_rate} 应在 [0, 1] 范围内 "
                         f"(error: discount_rate = {discount_rate} must lie in [0, 1])")
    c = np.asarray(cost, dtype=float)
    n, k = c.shape
    v = np.asarray(value, dtype=float)
    if v.ndim == 2:
        factor = (1.0 + discount_rate) ** -(np.asarray(yrs, dtype=float) - current_year)
        v = v[:, :, None] * factor[None, None, :]
    ok = ~np.isnan(v) & ~np.isnan(c)[:, :, None] & (c >= 0)[:, :, None]
    if allowed is not None:
        ok &= np.asarray(allowed, dtype=bool).reshape(n, k, -1)
    ok[:, 0, :] = False
    must = np.zeros(n, bool) if mandatory is None else np.asarray(mandatory, dtype=bool)
    forced = must.copy()
    if must.any():
        dl = np.full(n, np.nan) if deadline_year is None else np.asarray(deadline_year, dtype=float)
        dl = np.where(np.isnan(dl), yrs[-1], dl)
        forced = must & (dl <= yrs[-1])
        late = np.asarray(yrs)[None, :] > np.maximum(dl, yrs[0])[:, None]
        ok &= ~(forced[:, None, None] & late[:, None, :])
    return Problem(np.where(ok, v, 0.0), np.where(np.isnan(c), 0.0, c), ok, forced, yrs, budget,
                   list(targets))


def check_mandatory(p: Problem) -> None:
    """Raise :class:`InfeasiblePlanError` when the mandatory work alone cannot fit the budget.

    Necessary conditions, checked without a solver: every forced unit has an available action
    within its deadline, no single one costs more than the largest budget year it may use, and for
    every year the cheapest mandatory work due by then fits the budgets up to then.
    """
    idx = np.flatnonzero(p.forced)
    if idx.size == 0:
        return
    usable: Bools = np.any(p.allowed[idx], axis=1)                # (m, Y)
    none = ~usable.any(axis=1)
    if none.any():
        units = ", ".join(str(u) for u in idx[none][:10])
        raise InfeasiblePlanError(
            f"错误：{int(none.sum())} 台强制淘汰设备缺少价格或更新方案数据，无法排入计划（设备序号 {units}）"
            f" (error: {int(none.sum())} mandatory units have no priced action: units {units})")
    cheapest = np.where(p.allowed[idx].any(axis=2), p.cost[idx], np.inf).min(axis=1)
    last = usable.shape[1] - 1 - np.argmax(usable[:, ::-1], axis=1)  # latest usable year index
    need = np.bincount(last, weights=cheapest, minlength=len(p.years)).cumsum()
    have = p.budget.cumsum()
    short = np.zeros(len(p.years))
    for j in range(len(p.years)):  # extra money each year so the work due by then fits
        short[j] = max(need[j] - have[j] - short[:j].sum(), 0.0)
    best_single = np.maximum.accumulate(p.budget + short)[last]
    short += np.bincount(last, weights=np.maximum(cheapest - best_single, 0.0),
                         minlength=len(p.years))
    if (short > 0.5).any():
        gaps = {y: float(s) for y, s in zip(p.years, short, strict=True) if s > 0.5}
        zh = "；".join(f"{y} 年缺口 {_fmt(s)} 元" for y, s in gaps.items())
        en = "; ".join(f"{y} short by {s:.0f} yuan" for y, s in gaps.items())
        raise InfeasiblePlanError(f"错误：仅强制淘汰任务所需投资即超出预算：{zh} "
                                  f"(error: mandatory eliminations alone exceed the budget: {en})", gaps)


def target_rows(p: Problem, units: Ints, acts: Ints, yidx: Ints) -> tuple[list[Bools], list[float]]:
    """Per policy target (one each, in order): which variables count, and how many more units it
    needs beyond those already at the level (≤ 0 when already met)."""
    rows, need = [], []
    for t in p.targets:
        members = np.asarray(t.units, dtype=bool)
        met = np.asarray(t.already_met, dtype=bool) & members
        required = math.ceil(t.share * int(members.sum()) - 1e-9) - int(met.sum())
        counts = members[units] & ~met[units] & np.isin(acts, t.actions) & (
            np.asarray(p.years)[yidx] <= t.year)
        rows.append(counts)
        need.append(float(required))
    return rows, need


def variables(p: Problem) -> tuple[Ints, Ints, Ints]:
    """(unit, action, year index) of every variable worth keeping.

    An optional action with value ≤ 0 can only spend budget, so it is dropped unless the unit
    counts towards a policy target.
    """
    in_target = np.zeros(p.forced.shape[0], dtype=bool)
    for t in p.targets:
        in_target |= np.asarray(t.units, dtype=bool)
    keep = p.allowed & ((p.value > 0) | (p.forced | in_target)[:, None, None])
    u, k, y = np.nonzero(keep)
    return u.astype(np.int64), k.astype(np.int64), y.astype(np.int64)


def binding_years(p: Problem, spend: Floats, chosen: Bools) -> list[int]:
    """Years whose leftover budget cannot pay for any still-unchosen positive-value action."""
    left = p.budget - spend
    free = p.allowed & (p.value > 0) & ~chosen[:, None, None]
    cheapest = np.where(free, p.cost[:, :, None], np.inf).min(axis=(0, 1), initial=np.inf)
    return [y for y, rest, c in zip(p.years, left, cheapest, strict=True) if np.isfinite(c) and rest < c]


def model(p: Problem) -> tuple[Ints, Ints, Ints, LinearConstraint]:
    """Variables and rows: one action per unit, budget per year, policy targets."""
    from scipy import sparse
    from scipy.optimize import LinearConstraint

    n = p.forced.shape[0]
    u, k, y = variables(p)
    m = u.size
    cols = np.arange(m)
    blocks = [sparse.csr_matrix((np.ones(m), (u, cols)), shape=(n, m)),
              sparse.csr_matrix((p.cost[u, k], (y, cols)), shape=(len(p.years), m))]
    lb = [p.forced.astype(float), np.full(len(p.years), -np.inf)]
    ub = [np.ones(n), p.budget]
    for mask, need in zip(*target_rows(p, u, k, y), strict=True):
        blocks.append(sparse.csr_matrix(mask.astype(float)[None, :]))
        lb.append(np.array([need]))
        ub.append(np.array([np.inf]))
    A = sparse.vstack(blocks).tocsr()
    return u, k, y, LinearConstraint(A, np.concatenate(lb), np.concatenate(ub))


def solve_milp(p: Problem, time_limit_s: float = 30.0, mip_rel_gap: float = 1e-3) -> Schedule:
    """Solve the schedule to ``mip_rel_gap`` with HiGHS.

    First the LP relaxation (``milp`` without integrality): its value is a proven upper bound,
    and at most one fractional unit per budget or target row can remain, so rounding it down and
    filling the leftover greedily usually lands close.  Without policy targets two improvements
    follow while the gap exceeds a tenth of ``mip_rel_gap``: the price-directed plan at the LP's
    budget duals, then an exact re-optimisation of the marginal units (``lp_plans.improve_core``).
    A plan within ``mip_rel_gap`` of the LP bound is returned with that gap
    (status "optimal_within_gap"); otherwise HiGHS's branch and bound runs on the full MILP.
    """
    from scipy.optimize import Bounds, milp

    start = time.perf_counter()
    u, k, y, constraint = model(p)
    c = -p.value[u, k, y]
    lp = milp(c, constraints=constraint, integrality=np.zeros(u.size), bounds=Bounds(0, 1),
              options={"time_limit": time_limit_s, "disp": False})
    if lp.status == 2:
        raise InfeasiblePlanError(
            "错误：在预算内无法同时满足强制淘汰期限和政策目标（目标过高或预算不足） "
            "(error: the budget cannot meet the deadlines and policy targets together)")
    if lp.x is not None:
        from equipinv.planning.lp_plans import heuristic_plan, round_lp

        plan = heuristic_plan(p, round_lp(p, u, k, y, lp.x), -float(lp.fun), time_limit_s, mip_rel_gap)
        if plan is not None:
            act, yr, gap = plan
            chosen = np.flatnonzero(yr >= 0)
            return schedule_from(p, chosen, act[chosen], yr[chosen], -float(lp.fun), "milp",
                                 "optimal_within_gap", start, gap)
    remaining = max(time_limit_s - (time.perf_counter() - start), 1.0)
    res = milp(c, constraints=constraint, integrality=np.ones(u.size), bounds=Bounds(0, 1),
               options={"time_limit": remaining, "mip_rel_gap": mip_rel_gap, "disp": False})
    if res.x is None:
        if res.status == 2:
            raise InfeasiblePlanError(
                "错误：在预算内无法同时满足强制淘汰期限和政策目标（设备投资不可拆分） "
                "(error: the budget cannot meet the deadlines and policy targets together: "
                "investments are indivisible)")
        raise RuntimeError(f"错误：求解器未给出方案：{res.message} (error: solver returned no plan)")
    chosen_x = res.x > 0.5
    status = "optimal" if res.status == 0 else "time_limit"
    return schedule_from(p, u[chosen_x], k[chosen_x], y[chosen_x], -float(res.mip_dual_bound), "milp",
                     status, start, float(res.mip_gap))


def schedule_from(p: Problem, u: Ints, k: Ints, y: Ints, bound: float, method: str, status: str,
              start: float, gap: float | None = None) -> Schedule:
    n = p.forced.shape[0]
    action = np.zeros(n, dtype=np.int8)
    year = np.zeros(n, dtype=np.int64)
    action[u] = k
    year[u] = np.asarray(p.years)[y]
    objective = float(p.value[u, k, y].sum())
    spend = np.bincount(y, weights=p.cost[u, k], minlength=len(p.years)).astype(float)
    if gap is None:
        gap = max(bound - objective, 0.0) / max(abs(objective), 1e-9)
    chosen = np.zeros(n, dtype=bool)
    chosen[u] = True
    binding_targets = []
    tm, need = target_rows(p, u, k, y)
    for t, mask, req in zip(p.targets, tm, need, strict=True):
        if req > 0 and mask.sum() <= req + 0.5:
            binding_targets.append(f"{t.year} {t.label} ≥ {t.share:.0%}")
    return Schedule(action, year, objective, bound, gap, method, status, list(p.years),
                    p.budget.tolist(), spend.tolist(), binding_years(p, spend, chosen),
                    binding_targets, time.perf_counter() - start)


def tce_objective(annual_tce_saved: ArrayLike, years: Sequence[int], horizon_end_year: int) -> Floats:
    """(n, K, Y) values for a tce objective: annual tce × the years it runs until the horizon ends.

    An action in year y saves from year y + 1 to ``horizon_end_year`` inclusive; NaN stays NaN
    (the action is then unavailable).
    """
    tce = np.asarray(annual_tce_saved, dtype=float)
    running = np.maximum(horizon_end_year - np.asarray(years, dtype=float), 0.0)
    return tce[:, :, None] * running[None, None, :]


def plan_schedule(value: ArrayLike, cost: ArrayLike, years: Sequence[int],
                  budget_yuan: Sequence[float], *, current_year: int,
                  mandatory: ArrayLike | None = None, deadline_year: ArrayLike | None = None,
                  allowed: ArrayLike | None = None, discount_rate: float = 0.0,
                  targets: Sequence[PolicyTarget] = (), method: str = "auto",
                  time_limit_s: float = 30.0, mip_rel_gap: float = 1e-3,
                  milp_max_units: int = MILP_MAX_UNITS) -> Schedule:
    """Choose one action and year per unit; see the module docstring.  method: auto|milp|greedy."""
    p = prepare(value, cost, years, budget_yuan, current_year, mandatory, deadline_year, allowed,
                discount_rate, targets)
    check_mandatory(p)
    if method not in ("auto", "milp", "greedy"):
        raise BadInput(f"错误：求解方法 {method!r} 未知 (error: unknown method {method!r})")
    if variables(p)[0].size == 0:  # nothing worth doing and nothing required: keep everything
        none = np.zeros(0, dtype=np.int64)
        return schedule_from(p, none, none, none, 0.0, method, "optimal", time.perf_counter(), 0.0)
    if method == "greedy" or (method == "auto" and p.forced.shape[0] > milp_max_units):
        from equipinv.planning.greedy import solve_greedy

        return solve_greedy(p)
    return solve_milp(p, time_limit_s, mip_rel_gap)
