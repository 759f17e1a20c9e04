"""Plans built from the LP relaxation of the schedule, so most instances need no branch and bound.

The LP optimum leaves at most one fractional unit per budget or target row: rounding it down and
refilling the leftover gives a near-optimal plan; the price-directed plan at the LP duals is a second
candidate; without policy targets the ~``CORE_UNITS`` most marginal units are then re-optimised
exactly (the "core" of a knapsack).  :func:`heuristic_plan` returns the best of them when it lies
within the requested gap of the LP bound.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, milp

from equipinv.planning.greedy import fill_budget, price_directed, sample_prices
from equipinv.planning.optimiser import Problem, model, target_rows

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]

CORE_UNITS = 1_000


def round_lp(p: Problem, u: Ints, k: Ints, y: Ints, x: Floats) -> tuple[Ints, Ints] | None:
    """Integral part of an LP solution plus a greedy fill; None if that breaks a hard row."""
    n = p.forced.shape[0]
    act = np.zeros(n, dtype=np.int64)
    yr = np.full(n, -1, dtype=np.int64)
    whole = x > 1.0 - 1e-6
    act[u[whole]], yr[u[whole]] = k[whole], y[whole]
    if (p.forced & (yr < 0)).any():
        return None
    left = p.budget - np.bincount(yr[yr >= 0], weights=p.cost[np.flatnonzero(yr >= 0), act[yr >= 0]],
                                  minlength=len(p.years))
    fill_budget(p, act, yr, left)
    chosen = np.flatnonzero(yr >= 0)
    masks, need = target_rows(p, chosen, act[chosen], yr[chosen])
    if any(mask.sum() < req for mask, req in zip(masks, need, strict=True)):
        return None
    return act, yr


def improve_core(p: Problem, act: Ints, yr: Ints, lam: Floats, time_limit_s: float,
                  mip_rel_gap: float) -> tuple[Ints, Ints]:
    """Re-optimise the marginal units exactly, the others fixed (the "core" of a knapsack).

    At the budget prices λ each unit's options have reduced values v − λ_y·c; a unit whose best
    and second-best option (keeping counts as 0 unless it is mandatory) are close is marginal.
    The ``CORE_UNITS`` most marginal units form a small MILP over the budgets the others leave.
    Keeps the better plan.
    """
    n = p.forced.shape[0]
    reduced = np.where(p.allowed, p.value - lam[None, None, :] * p.cost[:, :, None], -np.inf)
    flat = reduced.reshape(n, -1)
    flat = np.concatenate([flat, np.where(p.forced, -np.inf, 0.0)[:, None]], axis=1)
    top2 = -np.partition(-flat, 1, axis=1)[:, :2]
    distance = top2[:, 0] - top2[:, 1]
    distance[~np.isfinite(distance)] = np.inf
    sched = yr >= 0
    core = np.zeros(n, dtype=bool)
    core[np.argsort(distance, kind="stable")[:CORE_UNITS]] = True
    fixed = sched & ~core
    spend = np.bincount(yr[fixed], weights=p.cost[np.flatnonzero(fixed), act[fixed]],
                        minlength=len(p.years))
    sub = Problem(p.value[core], p.cost[core], p.allowed[core], p.forced[core], p.years,
                  np.maximum(p.budget - spend, 0.0), [])
    u, k, y, constraint = model(sub)
    res = milp(-sub.value[u, k, y], constraints=constraint, integrality=np.ones(u.size),
               bounds=Bounds(0, 1),
               options={"time_limit": max(time_limit_s, 1.0), "mip_rel_gap": mip_rel_gap, "disp": False})
    if res.x is None:
        return act, yr
    idx = np.flatnonzero(core)
    new_act, new_yr = act.copy(), yr.copy()
    new_act[idx], new_yr[idx] = 0, -1
    pick = res.x > 0.5
    new_act[idx[u[pick]]], new_yr[idx[u[pick]]] = k[pick], y[pick]
    return (new_act, new_yr) if total(p, new_act, new_yr) > total(p, act, yr) else (act, yr)


def total(p: Problem, act: Ints, yr: Ints) -> float:
    """Objective of a plan given per unit as (action, year index or −1)."""
    s = np.flatnonzero(yr >= 0)
    return float(p.value[s, act[s], yr[s]].sum())


def heuristic_plan(p: Problem, rounded: tuple[Ints, Ints] | None, bound: float,
                    time_limit_s: float, mip_rel_gap: float) -> tuple[Ints, Ints, float] | None:
    """Best of the rounded LP plan, the price-directed plan and (without targets) the core
    re-optimisation, if it lies within ``mip_rel_gap`` of the LP bound; else None."""
    def gap_of(plan: tuple[Ints, Ints] | None) -> float:
        if plan is None:
            return math.inf
        value = total(p, *plan)
        return max(bound - value, 0.0) / max(abs(value), 1e-9)

    best, gap = rounded, gap_of(rounded)
    prices = sample_prices(p) if gap > mip_rel_gap / 10 else None
    if prices is not None:
        alt = price_directed(p, prices)
        if gap_of(alt) < gap:
            best, gap = alt, gap_of(alt)
        if best is not None and gap > mip_rel_gap / 10 and not p.targets:
            alt = improve_core(p, *best, prices.budget, time_limit_s / 3, mip_rel_gap)
            if gap_of(alt) < gap:
                best, gap = alt, gap_of(alt)
    if best is None or gap > mip_rel_gap:
        return None
    return best[0], best[1], gap
