"""Benchmarks of the planning core (run by hand: `.venv/bin/python bench/bench_planning.py`).

Targets (issue 8): rank 1,000,000 units < 3 s; MILP 10,000 units x 3 actions x 4 years to
optimality or gap <= 0.1 % < 30 s; greedy on 1,000,000 units < 10 s; memory < 2 GB.
Each case runs in its own process so its peak RSS is its own; inputs are random but seeded, and
generating them is not timed.  `--only NAME` runs one case in this process.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time

import numpy as np

CASES = ("candidates_1m", "rank_1m", "milp_10k", "milp_10k_target", "greedy_1m")
YEARS = [2026, 2027, 2028, 2029]


def _schedule_inputs(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    inv = rng.lognormal(10, 1, n)
    cost = np.c_[np.zeros(n), inv, inv * rng.uniform(1.2, 1.5, n)]
    annual = inv * rng.uniform(0.02, 0.3, n)
    value = np.c_[np.zeros(n), annual * 8 - inv, annual * 10 - cost[:, 2]]
    mandatory = rng.random(n) < 0.03
    deadline = np.where(mandatory, rng.choice(YEARS, n), np.nan)
    budget = [inv.sum() * 0.08] * len(YEARS)
    return value, cost, budget, mandatory, deadline


def candidates_1m() -> str:
    from equipinv.planning.candidates import build_candidates

    n = 1_000_000
    rng = np.random.default_rng(1)
    kw = rng.choice([5.5, 11, 22, 37, 55, 75, 110, 160], n)
    old = {"rated_power_kw": kw, "operating_hours_per_year": rng.uniform(2000, 8000, n),
           "load_factor": rng.uniform(0.3, 0.95, n), "efficiency_pct": rng.uniform(85, 93, n)}
    new = {"energy_saving": {"efficiency_pct": np.full(n, 94.0)},
           "advanced": {"efficiency_pct": np.full(n, 95.5)}}
    t = time.perf_counter()
    c = build_candidates(np.full(n, "motor"), old, new)
    dt = time.perf_counter() - t
    return f"savings + prices + appraisal, 1,000,000 motors x 3 actions: {dt:.2f} s " \
           f"(complete {int(c.complete.all(axis=1).sum()):,})"


def rank_1m() -> str:
    from equipinv.planning.ranking import economic_score, rank_units

    n = 1_000_000
    rng = np.random.default_rng(2)
    npv, inv = rng.normal(1e4, 3e4, n), rng.uniform(1e3, 1e5, n)
    tce, payback = rng.uniform(0, 5, n), rng.uniform(1, 20, n)
    must = rng.random(n) < 0.05
    deadline = rng.choice([2026, 2027, 2028], n).astype(float)
    safety, graded = rng.random(n) < 0.01, rng.random(n) < 0.95
    t = time.perf_counter()
    score = economic_score("npv_per_yuan", npv, inv, tce, payback)
    r = rank_units(mandatory=must, deadline_year=deadline, safety=safety, graded=graded,
                   score=score, mandatory_basis="列入淘汰目录")
    dt = time.perf_counter() - t
    return f"rank 1,000,000 units with reasons: {dt:.2f} s (target < 3 s; ranked " \
           f"{r.order.size:,}, excluded {r.excluded.size:,})"


def milp_10k() -> str:
    from equipinv.planning.optimiser import plan_schedule

    lines = []
    for seed in range(4):
        value, cost, budget, must, deadline = _schedule_inputs(10_000, seed)
        t = time.perf_counter()
        s = plan_schedule(value, cost, YEARS, budget, current_year=2026, mandatory=must,
                          deadline_year=deadline, discount_rate=0.08, method="milp",
                          time_limit_s=30.0, mip_rel_gap=1e-3)
        dt = time.perf_counter() - t
        lines.append(f"MILP 10,000 units x 3 actions x 4 years (seed {seed}): {dt:.2f} s, "
                     f"status {s.status}, gap {s.gap:.4%} (target <= 0.1 % in < 30 s), "
                     f"binding budget years {s.binding_budget_years}")
    return "\n".join(lines)


def milp_10k_target() -> str:
    from equipinv.planning.optimiser import PolicyTarget, plan_schedule

    value, cost, budget, must, deadline = _schedule_inputs(10_000)
    rng = np.random.default_rng(5)
    key = rng.random(10_000) < 0.3
    met = key & (rng.random(10_000) < 0.3)
    lines = []
    for share in (0.5, 0.7):
        target = PolicyTarget(2027, share, key, met)
        t = time.perf_counter()
        s = plan_schedule(value, cost, YEARS, budget, current_year=2026, mandatory=must,
                          deadline_year=deadline, discount_rate=0.08, targets=[target],
                          method="milp", time_limit_s=30.0, mip_rel_gap=1e-3)
        dt = time.perf_counter() - t
        lines.append(f"MILP 10,000 x 3 x 4 with 'by 2027 >= {share:.0%} of key units at the "
                     f"energy-saving level': {dt:.2f} s, status {s.status}, gap {s.gap:.4%}, "
                     f"binding targets {len(s.binding_targets)}")
    return "\n".join(lines)


def greedy_1m() -> str:
    from equipinv.planning.optimiser import PolicyTarget, plan_schedule

    value, cost, budget, must, deadline = _schedule_inputs(1_000_000)
    rng = np.random.default_rng(5)
    key = rng.random(1_000_000) < 0.3
    lines = []
    for targets in ([], [PolicyTarget(2027, 0.5, key, key & (rng.random(1_000_000) < 0.3))]):
        t = time.perf_counter()
        s = plan_schedule(value, cost, YEARS, budget, current_year=2026, mandatory=must,
                          deadline_year=deadline, discount_rate=0.08, targets=targets,
                          method="greedy")
        dt = time.perf_counter() - t
        what = "with the 50 % target" if targets else "no target"
        lines.append(f"greedy 1,000,000 units x 3 actions x 4 years, {what}: {dt:.2f} s "
                     f"(target < 10 s), {s.status}, gap against the Lagrangian/LP bound {s.gap:.3%}")
    return "\n".join(lines)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=CASES)
    args = parser.parse_args()
    if args.only:
        print(globals()[args.only]())
        print(f"  peak memory {args.only}: {_peak_mb():,.0f} MB (target < 2 GB)")
        return
    for case in CASES:
        out = subprocess.run([sys.executable, __file__, "--only", case], capture_output=True,
                             text=True, check=False)
        print(out.stdout.rstrip() or out.stderr.rstrip(), flush=True)


if __name__ == "__main__":
    main()
