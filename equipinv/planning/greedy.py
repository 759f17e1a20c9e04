"""Greedy schedule for instances too large for the MILP, with its gap against the LP bound.

Price-directed (the default): the LP relaxation of a random sample of units (HiGHS) gives a price
λ_y per yuan of each year's budget and μ_t per unit counted towards each policy target; every unit
then takes the action and year with the highest value − λ_y·cost + Σ μ_t (mandatory units must take
one within their deadline); units are added where a target still falls short; years over budget drop
their lowest value-per-yuan items that neither a deadline nor a target needs; the leftover is filled
greedily.
Deadline-first (the fallback when that plan cannot hold): forced work — mandatory eliminations, then
the cheapest units each target needs — in deadline order, each unit's cheapest action in the
earliest year with room; then year by year every free unit's best value-per-yuan action while the
budget lasts, and upgrades where the leftover allows.
The bound is the Lagrangian dual of the budget and target rows, L(λ, μ) = Σ λ_y B_y − Σ μ_t N_t +
Σ_u max(0, max_{k,y} v − λ_y c + Σ μ_t [counts]) (mandatory units without the 0), equal to the
LP-relaxation bound at its minimum and a valid upper bound at any λ, μ ≥ 0; it is taken at the
sample's prices and improved by a few Polyak subgradient steps.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.optimize import linprog

from equipinv.planning.optimiser import (
    InfeasiblePlanError,
    PolicyTarget,
    Problem,
    Schedule,
    schedule_from,
    target_rows,
    variables,
)

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]

FILL_PASSES = 3
BOUND_ITERATIONS = 10
SAMPLE_UNITS = 10_000


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
        counted = np.concatenate(units)[np.concatenate(last) <= ok_year]
        already = int((members & ~met)[counted].sum())
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
    prices = sample_prices(p)
    plan = None if prices is None else price_directed(p, prices)
    act, yr = plan if plan is not None else _deadline_first(p)
    chosen = np.flatnonzero(yr >= 0)
    u, k, y = chosen, act[chosen], yr[chosen]
    for t, mask, need in zip(p.targets, *target_rows(p, u, k, y), strict=True):
        if mask.sum() < need:
            raise InfeasiblePlanError(
                f"错误：启发式算法未能满足政策目标“{t.label}”（{t.year} 年 ≥ {t.share:.0%}），"
                f"请用 MILP 求解或调整预算 (error: the greedy missed the target '{t.year} "
                f">= {t.share:.0%}'; use the MILP or change the budget)")
    objective = float(p.value[u, k, y].sum())
    bound = lagrangian_bound(p, objective, prices)
    method = "price_directed" if plan is not None else "deadline_first"
    return schedule_from(p, u, k, y, bound, "greedy", method, start)


def _deadline_first(p: Problem) -> tuple[Ints, Ints]:
    """Forced work first in deadline order (earliest year with room), then the budget fill."""
    n = p.forced.shape[0]
    act = np.zeros(n, dtype=np.int64)
    yr = np.full(n, -1, dtype=np.int64)
    forced, last = _forced_units(p)
    order = np.argsort(last, kind="stable")
    rem = p.budget.astype(float).tolist()
    for u, d in zip(forced[order].tolist(), last[order].tolist(), strict=True):
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
    fill_budget(p, act, yr, np.asarray(rem))
    return act, yr


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


@dataclass
class Prices:
    """Lagrange multipliers: yuan of value per yuan of each year's budget, and per unit counted
    towards each policy target."""

    budget: Floats
    target: Floats


class _Vars:
    """Flattened variables of a problem, grouped by unit, for Lagrangian pricing."""

    def __init__(self, p: Problem):
        self.u, self.k, self.y = variables(p)
        self.v, self.c = p.value[self.u, self.k, self.y], p.cost[self.u, self.k]
        self.starts = np.flatnonzero(np.r_[True, self.u[1:] != self.u[:-1]]) if self.u.size else \
            np.zeros(0, dtype=np.int64)
        self.seg = np.repeat(np.arange(self.starts.size), np.diff(np.r_[self.starts, self.u.size]))
        self.floor = np.where(p.forced[self.u[self.starts]], -np.inf, 0.0)
        self.budget, self.ny = p.budget, len(p.years)
        masks, need = target_rows(p, self.u, self.k, self.y)
        self.counts = np.array(masks, dtype=bool).reshape(len(masks), self.u.size)
        self.need = np.asarray(need, dtype=float)

    def price(self, prices: Prices) -> tuple[float, Ints]:
        """L(λ, μ) and, per unit that acts at these prices, the index of its best variable."""
        lam, mu = prices.budget, prices.target
        base = float(lam @ self.budget - mu @ self.need)
        if self.u.size == 0:
            return base, np.zeros(0, dtype=np.int64)
        reduced = self.v - lam[self.y] * self.c + mu @ self.counts
        top = np.maximum.reduceat(reduced, self.starts)
        value = base + float(np.maximum(top, self.floor).sum())
        hit = np.flatnonzero((reduced == top[self.seg]) & ((top[self.seg] > 0) | np.isneginf(
            self.floor[self.seg])))
        first = hit[np.r_[True, self.seg[hit][1:] != self.seg[hit][:-1]]] if hit.size else hit
        return value, first

    def spend(self, first: Ints) -> Floats:
        return np.bincount(self.y[first], weights=self.c[first], minlength=self.ny).astype(float)


def sample_prices(p: Problem, rng_seed: int = 0) -> Prices | None:
    """Prices from the duals of the LP relaxation on a random sample of units.

    The sample gets its share of each budget and the targets over its own members; HiGHS solves
    its LP and reports the duals.  None when the sample's LP has no solution (its mandatory work
    may not fit a scaled budget).
    """
    n = p.forced.shape[0]
    pick = np.sort(np.random.default_rng(rng_seed).choice(n, min(n, SAMPLE_UNITS), replace=False))
    targets = [PolicyTarget(t.year, t.share, np.asarray(t.units, bool)[pick],
                            np.asarray(t.already_met, bool)[pick], t.actions, t.label)
               for t in p.targets]
    sub = Problem(p.value[pick], p.cost[pick], p.allowed[pick], p.forced[pick], p.years,
                  p.budget * pick.size / n, targets)
    u, k, y = variables(sub)
    m, ns, ny, nt = u.size, pick.size, len(p.years), len(targets)
    if m == 0:
        return Prices(np.zeros(ny), np.zeros(nt))
    cols = np.arange(m)
    units = sparse.csr_matrix((np.ones(m), (u, cols)), shape=(ns, m))
    budget = sparse.csr_matrix((sub.cost[u, k], (y, cols)), shape=(ny, m))
    masks, need = target_rows(sub, u, k, y)
    counts = sparse.csr_matrix(np.array(masks, dtype=float).reshape(nt, m))
    free = ~sub.forced
    res = linprog(-sub.value[u, k, y], A_ub=sparse.vstack([units[free], budget, -counts]).tocsr(),
                  b_ub=np.r_[np.ones(int(free.sum())), sub.budget, -np.asarray(need, dtype=float)],
                  A_eq=units[sub.forced] if sub.forced.any() else None,
                  b_eq=np.ones(int(sub.forced.sum())) if sub.forced.any() else None,
                  bounds=(0, 1), method="highs")
    if res.status != 0:
        return None
    duals = np.maximum(-np.asarray(res.ineqlin.marginals), 0.0)
    start = int(free.sum())
    return Prices(duals[start:start + ny], duals[start + ny:])


def price_directed(p: Problem, prices: Prices) -> tuple[Ints, Ints] | None:
    """Each unit's best action at the prices, topped up to the policy targets, trimmed to the
    budgets (mandatory and target-counting units are kept), then filled greedily.

    None when that cannot hold the budgets or the targets (the deadline-first greedy then tries).
    """
    n = p.forced.shape[0]
    vs = _Vars(p)
    _, first = vs.price(prices)
    scheduled = np.zeros(n, dtype=bool)
    scheduled[vs.u[first]] = True
    for t in range(vs.need.size):
        deficit = int(math.ceil(vs.need[t] - vs.counts[t, first].sum() - 1e-9))
        if deficit <= 0:
            continue
        eligible = np.flatnonzero(vs.counts[t] & ~scheduled[vs.u])
        score = vs.v[eligible] - prices.budget[vs.y[eligible]] * vs.c[eligible]
        eligible = eligible[np.argsort(-score, kind="stable")]
        _, once = np.unique(vs.u[eligible], return_index=True)
        add = eligible[np.sort(once)][:deficit]
        if add.size < deficit:
            return None
        first = np.r_[first, add]
        scheduled[vs.u[add]] = True
    units = vs.u[first]
    protected = p.forced[units].copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        worth = np.where(vs.c[first] > 0, vs.v[first] / vs.c[first], np.inf)
    for t in np.flatnonzero(vs.need > 0).tolist():  # keep the best units each target needs, no more
        counting = np.flatnonzero(vs.counts[t, first])
        still = int(math.ceil(vs.need[t] - 1e-9)) - int(protected[counting].sum())
        if still > 0:
            rest = counting[~protected[counting]]
            protected[rest[np.argsort(-worth[rest], kind="stable")[:still]]] = True
    keep = np.ones(first.size, dtype=bool)
    spend = vs.spend(first)
    for j in np.flatnonzero(spend > p.budget + 1e-6):
        excess = spend[j] - p.budget[j]
        items = np.flatnonzero((vs.y[first] == j) & ~protected)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = vs.v[first[items]] / vs.c[first[items]]
        items = items[np.argsort(ratio, kind="stable")]
        cum = np.cumsum(vs.c[first[items]])
        cut = int(np.searchsorted(cum, excess - 1e-6)) + 1
        if cut > items.size:
            return None
        keep[items[:cut]] = False
    first = first[keep]
    act = np.zeros(n, dtype=np.int64)
    yr = np.full(n, -1, dtype=np.int64)
    act[vs.u[first]], yr[vs.u[first]] = vs.k[first], vs.y[first]
    fill_budget(p, act, yr, p.budget - vs.spend(first))
    return act, yr


def lagrangian_bound(p: Problem, incumbent: float, prices: Prices | None = None) -> float:
    """Upper bound on the optimum from the Lagrangian dual of the budget and target rows."""
    vs = _Vars(p)
    if vs.u.size == 0:
        return 0.0
    lam = np.zeros(vs.ny) if prices is None else prices.budget.copy()
    mu = np.zeros(vs.need.size) if prices is None else prices.target.copy()
    best = math.inf
    for _ in range(BOUND_ITERATIONS):
        value, first = vs.price(Prices(lam, mu))
        best = min(best, value)
        grad = np.r_[p.budget - vs.spend(first), vs.counts[:, first].sum(axis=1) - vs.need]
        norm = float(grad @ grad)
        if norm < 1e-12 or best - incumbent <= 1e-9 * max(abs(incumbent), 1.0):
            break
        step = (value - incumbent) / norm * grad
        lam = np.maximum(lam - step[: vs.ny], 0.0)
        mu = np.maximum(mu - step[vs.ny:], 0.0)
    return best
