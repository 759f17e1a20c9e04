"""Greedy schedule for instances too large for the MILP, with its gap against the LP bound.

Steps: (1) forced work — mandatory eliminations, then the cheapest units needed for each policy
target — in deadline order, each unit's cheapest action in the earliest year with room; (2) year
by year, every free unit's best value-per-yuan action, taken in ratio order while the year's budget
lasts (a few passes fill the leftover with smaller items); (3) upgrades to a unit's highest-value
action where the leftover allows.  The bound is the Lagrangian dual of the budget rows,
L(λ) = Σ λ_y B_y + Σ_u max(0, max_{k,y} v − λ_y c), which equals the LP-relaxation bound at its
minimum and is a valid upper bound at any λ ≥ 0; λ starts at the greedy's marginal ratios and is
improved by Polyak subgradient steps.  Policy targets are left out of the bound (still valid).
"""

from __future__ import annotations

import math
import time

import numpy as np
from numpy.typing import NDArray

from equipinv.planning.optimiser import (
    InfeasiblePlanError,
    Problem,
    Schedule,
    _schedule,
    variables,
)

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]

FILL_PASSES = 3
BOUND_ITERATIONS = 25


def _forced_units(p: Problem) -> tuple[Ints, Ints]:
    """Units that must act and the latest year index each may use (targets: their year)."""
    units = [np.flatnonzero(p.forced)]
    last = [p.allowed[p.forced].any(axis=1).cumsum(axis=1).argmax(axis=1)]
    taken = p.forced.copy()
    years = np.asarray(p.years)
    for t in p.targets:
        members = np.asarray(t.units, dtype=bool)
        met = np.asarray(t.already_met, dtype=bool) & members
        ok_year = int(np.searchsorted(years, t.year, side="right")) - 1
        need = math.ceil(t.share * int(members.sum()) - 1e-9) - int(met.sum())
        already = int((taken & members & ~met).sum())
        need -= already
        if need <= 0 or ok_year < 0:
            continue
        pool = np.flatnonzero(members & ~met & ~taken)
        acts = list(t.actions)
        can = p.allowed[pool][:, acts, : ok_year + 1].any(axis=2)
        price = np.where(can, p.cost[pool][:, acts], np.inf).min(axis=1)
        pick = pool[np.argsort(price, kind="stable")[:need]]
        pick = pick[np.isfinite(np.sort(price)[:need])]
        if pick.size < need:
            raise InfeasiblePlanError(f"错误：政策目标“{t.label}”无法达成：可更新设备不足 "
                                      f"(error: target '{t.label}' cannot be met: too few candidates)")
        taken[pick] = True
        units.append(pick)
        last.append(np.full(pick.size, ok_year))
    return np.concatenate(units), np.concatenate(last)


def solve_greedy(p: Problem) -> Schedule:
    """Heuristic schedule (see module docstring); raises when forced work does not fit."""
    start = time.perf_counter()
    n, nk, ny = p.allowed.shape
    left = p.budget.astype(float).copy()
    act = np.zeros(n, dtype=np.int64)
    yr = np.full(n, -1, dtype=np.int64)
    forced, last = _forced_units(p)
    order = np.argsort(last, kind="stable")
    rem = left.tolist()
    for u, d in zip(forced[order].tolist(), last[order].tolist()):
        usable = p.allowed[u, :, : d + 1]
        price = np.where(usable.any(axis=1), p.cost[u], np.inf)
        k = int(np.argmin(price))
        c = float(price[k])
        for j in range(d + 1):
            if usable[k, j] and rem[j] >= c - 1e-6:
                rem[j] -= c
                act[u], yr[u] = k, j
                break
        else:
            raise InfeasiblePlanError(
                f"错误：贪心算法无法在 {p.years[d]} 年前为强制设备 {u} 安排预算 "
                f"(error: greedy cannot fit mandatory unit {u} by {p.years[d]})")
    left = np.asarray(rem)
    fill_budget(p, act, yr, left)
    chosen = np.flatnonzero(yr >= 0)
    u, k, y = chosen, act[chosen], yr[chosen]
    objective = float(p.value[u, k, y].sum())
    bound = lagrangian_bound(p, objective)
    return _schedule(p, u, k, y, bound, "greedy", "heuristic", start)


def fill_budget(p: Problem, act: Ints, yr: Ints, left: Floats) -> None:
    """Year by year, give unscheduled units (yr < 0) their best value-per-yuan action in ratio
    order while the budget lasts, then upgrade where the leftover allows.  Works in place."""
    cost = p.cost
    for j in range(len(p.years)):
        cand = np.flatnonzero(yr < 0)
        v = np.where(p.allowed[cand, :, j] & (p.value[cand, :, j] > 0), p.value[cand, :, j], -np.inf)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(np.isfinite(v), v / np.maximum(cost[cand], 1e-9), -np.inf)
        best = ratio.argmax(axis=1)
        r = ratio[np.arange(cand.size), best]
        good = np.isfinite(r)
        order = np.argsort(-r[good], kind="stable")
        cand, best = cand[good][order], best[good][order]
        c = cost[cand, best]
        for _ in range(FILL_PASSES):
            take = np.cumsum(c) <= left[j] + 1e-6
            if not take.any():
                break
            left[j] -= c[take].sum()
            act[cand[take]], yr[cand[take]] = best[take], j
            rest = ~take & (c <= left[j])
            cand, best, c = cand[rest], best[rest], c[rest]
        _upgrade(p, act, yr, left, j)


def _upgrade(p: Problem, act: Ints, yr: Ints, left: Floats, j: int) -> None:
    """Move units scheduled in year j to their highest-value action while the leftover allows."""
    units = np.flatnonzero(yr == j)
    if units.size == 0:
        return
    v = np.where(p.allowed[units, :, j], p.value[units, :, j], -np.inf)
    top = v.argmax(axis=1)
    dv = v[np.arange(units.size), top] - p.value[units, act[units], j]
    dc = p.cost[units, top] - p.cost[units, act[units]]
    ok = (dv > 0) & (top != act[units])
    units, top, dv, dc = units[ok], top[ok], dv[ok], dc[ok]
    free_gain = dc <= 0
    act[units[free_gain]] = top[free_gain]
    left[j] -= dc[free_gain].sum()
    units, top, dv, dc = units[~free_gain], top[~free_gain], dv[~free_gain], dc[~free_gain]
    order = np.argsort(-dv / dc, kind="stable")
    units, top, dc = units[order], top[order], dc[order]
    take = np.cumsum(dc) <= left[j] + 1e-6
    act[units[take]] = top[take]
    left[j] -= dc[take].sum()


def lagrangian_bound(p: Problem, incumbent: float) -> float:
    """Upper bound on the optimum from the budget rows' Lagrangian dual (see module docstring)."""
    u, k, y = variables(p)  # sorted by unit
    if u.size == 0:
        return 0.0
    v, c = p.value[u, k, y], p.cost[u, k]
    ny = len(p.years)
    starts = np.flatnonzero(np.r_[True, u[1:] != u[:-1]])
    seg = np.repeat(np.arange(starts.size), np.diff(np.r_[starts, u.size]))
    floor = np.where(p.forced[u[starts]], -np.inf, 0.0)
    lam = np.zeros(ny)
    for j in range(ny):  # start: the value-per-yuan at which this year's budget runs out
        pick = (y == j) & (v > 0) & (c > 0)
        if pick.any():
            ratio = v[pick] / c[pick]
            order = np.argsort(-ratio, kind="stable")
            pos = int(np.searchsorted(np.cumsum(c[pick][order]), p.budget[j], side="right"))
            lam[j] = ratio[order][pos] if pos < order.size else 0.0
    best = math.inf
    for _ in range(BOUND_ITERATIONS):
        reduced = v - lam[y] * c
        top = np.maximum.reduceat(reduced, starts)
        value = float(lam @ p.budget + np.maximum(top, floor).sum())
        best = min(best, value)
        hit = np.flatnonzero((reduced == top[seg]) & (top[seg] >= floor[seg]))
        first = hit[np.r_[True, seg[hit][1:] != seg[hit][:-1]]]
        grad = p.budget - np.bincount(y[first], weights=c[first], minlength=ny)
        norm = float(grad @ grad)
        if norm < 1e-12 or best - incumbent <= 1e-9 * max(abs(incumbent), 1.0):
            break
        lam = np.maximum(lam - (value - incumbent) / norm * grad, 0.0)
    return best
