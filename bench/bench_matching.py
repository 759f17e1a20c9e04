"""Benchmark: match 1,000,000 ledger units against every catalogue and rule (target < 5 s, >= 20x naive).

The ledger is synthetic but shaped like a real one: models drawn from a pool of distinct model
strings (catalogued series and models written in the ways people write them, plus look-alikes and
current models that must not match), realistic categories, years, dates and vehicle fields.
The naive baseline is the per-unit reference path (every rule checked for every unit); it is timed
on a sample and extrapolated to the full ledger, and both paths' answers are compared on the sample.

    .venv/bin/python bench/bench_matching.py [--units 1000000] [--pool 100000] [--sample 2000]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import time
import tracemalloc
from datetime import date

import numpy as np

from catalog import UnitFacts, match_arrays, match_unit, rules

AS_OF = date(2026, 11, 22)
CATEGORIES = ["motor", "motor", "motor", "pump", "fan", "transformer", "air_compressor", "boiler", "welder",
              "machine_tool", "truck", "vehicle", "pressure_vessel", "elevator", "farm_machine", "other"]
VEHICLE_TYPES = ["truck_heavy", "truck_light_medium", "truck_mini", "taxi_small", "passenger_private_small", "bus_public"]


def model_pool(size: int, rng: random.Random) -> list[str]:
    """Distinct model strings: catalogued ones in several spellings, plus many that must not match."""
    catalogued = sorted({p for s in rules() for p in s.patterns})
    pool: set[str] = set()
    frames = ["80M1", "90S", "100L", "112M", "132S", "132M", "160M", "160L", "200L", "225M", "280S", "315L"]
    while len(pool) < size:
        r = rng.random()
        if r < 0.25:
            p = rng.choice(catalogued)
            written = rng.choice([p, p.lower(), p.replace("-", " "), "型号" + p, p + "型"])
            pool.add(written + rng.choice(["", f"-{rng.randint(1, 9)}"]))
        else:
            series = rng.choice(["Y", "Y2", "YE2", "YE3", "YE4", "YX3", "YB", "YBX3", "YBK2", "S11-M", "S13-M", "SCB10",
                                 "ISW", "IS", "XBD", "JK", "ZX7", "NB"])
            pool.add(f"{series}-{rng.choice(frames)}-{rng.choice([2, 4, 6, 8])}-{rng.randint(1, 99999)}"
                     if r < 0.97 else f"{series}{rng.choice(frames)}-{rng.choice([2, 4, 6])}")
    return sorted(pool)


def ledger(n: int, pool_size: int, seed: int = 7) -> dict[str, np.ndarray]:
    rng = random.Random(seed)
    g = np.random.default_rng(seed)
    pool = np.array(model_pool(pool_size, rng), dtype=object)
    days = g.integers(0, 40 * 365, n)
    comm = (np.datetime64("1985-01-01") + days.astype("timedelta64[D]")).astype("datetime64[D]")
    comm[g.random(n) < 0.05] = np.datetime64("NaT")
    year = (comm.astype("datetime64[Y]").astype(np.int64) + 1970 - g.integers(0, 2, n)).astype(float)
    year[np.isnat(comm)] = np.nan
    return {
        "category": g.choice(np.array(CATEGORIES, dtype=object), n),
        "model": pool[g.integers(0, len(pool), n)],
        "product_name": g.choice(np.array([None, "三相异步电动机", "固定炉排燃煤锅炉", "离心泵", "铝芯电缆"], dtype=object), n),
        "rated_power_kw": g.choice([5.5, 11.0, 75.0, np.nan], n),
        "capacity_kva": g.choice([200.0, 630.0, 2000.0, np.nan], n),
        "capacity_t_h": g.choice([1.0, 4.0, 20.0, np.nan], n),
        "voltage_kv": g.choice([0.38, 0.66, 6.0, 10.0, np.nan], n),
        "year_made": year,
        "commissioning_date": comm,
        "design_life_years": g.choice([10.0, 15.0, 20.0, np.nan], n),
        "vehicle_type": g.choice(np.array(VEHICLE_TYPES + [None], dtype=object), n),
        "fuel": g.choice(np.array(["coal", "gas", "diesel", "petrol", "electric", None], dtype=object), n),
        "emission_standard": g.choice(np.array(["china_3", "china_4", "china_5", "china_6", None], dtype=object), n),
        "mileage_km": g.choice([50_000.0, 300_000.0, 800_000.0, np.nan], n),
        "benchmark_level": g.choice(np.array(["advanced", "energy_saving", "access", "below_access", None], dtype=object), n),
        "status": g.choice(np.array(["in_use", "in_use", "idle", "eliminated"], dtype=object), n),
        "operating": g.choice(np.array([True, False, None], dtype=object), n),
        "underground_coal_mine": g.choice(np.array([True, False, None], dtype=object), n),
    }


def unit_at(cols: dict[str, np.ndarray], i: int) -> UnitFacts:
    kw = {}
    for k, v in cols.items():
        x = v[i]
        if isinstance(x, np.datetime64):
            x = None if np.isnat(x) else x.astype(object)
        elif isinstance(x, float) and np.isnan(x):
            x = None
        kw[k] = x
    return UnitFacts(**kw)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=1_000_000)
    ap.add_argument("--pool", type=int, default=100_000)
    ap.add_argument("--sample", type=int, default=2_000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    cols = ledger(a.units, a.pool)
    rules()  # load the data once, outside the timing (as a long-running process would)
    times = []
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        res = match_arrays(cols, AS_OF)
        times.append(time.perf_counter() - t0)
    t_vec = statistics.median(times)
    tracemalloc.start()  # a second run for memory: tracing slows Python, so it is not the timed one
    match_arrays(cols, AS_OF)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    matches = int((res.outcome == 0).sum())
    print(f"units: {a.units:,}  model pool: {a.pool:,}  distinct models in the ledger: {len(set(cols['model'].tolist())):,}"
          f"  rules: {len(rules())}")
    print(f"load average (1 min, read after timing): {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"vectorised: median {t_vec:.2f} s of {a.repeat} runs (min {min(times):.2f} s)  "
          f"({len(res):,} answers: {matches:,} match, {len(res) - matches:,} cannot decide)")
    print(f"peak traced memory during matching: {peak / 2**20:.0f} MiB; process max RSS: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    rng = random.Random(3)
    sample = sorted(rng.sample(range(a.units), a.sample))
    units = [unit_at(cols, i) for i in sample]
    t0 = time.perf_counter()
    naive = [match_unit(u, AS_OF) for u in units]
    t_naive = (time.perf_counter() - t0) / a.sample * a.units
    same = all(naive[j] == res.for_unit(i) for j, i in enumerate(sample))
    print(f"naive loop (every rule for every unit): {t_naive:.0f} s for {a.units:,} units, "
          f"extrapolated from a timed sample of {a.sample:,} units")
    print(f"speed-up: {t_naive / t_vec:.0f}x   sample answers identical: {same}")


if __name__ == "__main__":
    main()
