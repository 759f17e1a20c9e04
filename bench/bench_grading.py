"""Benchmark: grade 1,000,000 mixed units with `grade_ledger`, against `grade_unit` called in a loop.

Targets (issue 3): < 2 s for 1,000,000 units on the 2-core machine, >= 50x faster than the per-unit loop
measured in the same run, < 500 MB. The loop is timed on a sample (default 20,000 units) and
extrapolated linearly; the printout says so. Run: .venv/bin/python bench/bench_grading.py [N] [LOOP_N]
"""

from __future__ import annotations

import resource
import sys
import time
import tracemalloc
from datetime import date

import numpy as np

from efficiency_tables import GRADES, grade_ledger, grade_unit

ON = date(2026, 6, 1)
CATEGORIES = np.array(["motor", "transformer", "air_compressor", "boiler", "fan", "pump", "submersible_pump",
                       "blower", "hv_motor", "pm_motor", "welder", "motor"])


def mixed_ledger(n: int, seed: int = 1, strings: str = "object") -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Random units over every category, some with missing or bad values (as real ledgers have)."""
    rng = np.random.default_rng(seed)
    str_dtype = object if strings == "object" else str
    cats = CATEGORIES.astype(str_dtype)[rng.integers(0, len(CATEGORIES), n)]

    def pick(values: list[object]) -> np.ndarray:
        dtype = str_dtype if isinstance(values[0], str) else float
        return np.asarray(values, dtype=dtype)[rng.integers(0, len(values), n)]

    def holes(a: np.ndarray, share: float = 0.02) -> np.ndarray:
        a = a.copy()
        a[rng.random(n) < share] = np.nan if a.dtype.kind == "f" else (None if a.dtype.kind == "O" else "")
        return a

    cols: dict[str, np.ndarray] = {
        "rated_power_kw": holes(rng.choice([0.75, 5.5, 11, 37, 75, 90, 100, 160, 250, 315, 500, 1000, 1800], n) *
                                rng.choice([1.0, 1.0, 1.07], n)),
        "poles": holes(pick([2.0, 4.0, 6.0, 8.0])),
        "efficiency_pct": rng.uniform(70, 99, n),
        "voltage_kv": pick([0.38, 6.0, 10.0, np.nan]),
        "cooling_ic": pick(["IC411", "IC611", "IC81W", ""]),
        "starting": pick(["line_start", "vf"]),
        "capacity_kva": holes(pick([30.0, 100, 315, 400, 630, 1000, 1250, 2500, 3150, 10000])),
        "transformer_type": pick(["oil", "dry"]),
        "core_material": pick(["steel", "amorphous"]),
        "connection_group": pick(["Dyn11", "Yyn0"]),
        "insulation_class": pick(["F", "H", "B"]),
        "tap_changer": pick(["off_circuit", "on_load"]),
        "no_load_loss_w": rng.uniform(20, 9000, n),
        "load_loss_w": rng.uniform(400, 90000, n),
        "compressor_type": pick(["rotary_fixed", "rotary_vsd", "piston", "piston_oil_free"]),
        "cooling": pick(["air", "liquid"]),
        "pressure_mpa": pick([0.5, 0.7, 0.8, 1.0, 1.25]),
        "specific_power_kw_per_m3_min": rng.uniform(4, 12, n),
        "fuel": pick(["coal", "gas", "oil", "biomass", "electric"]),
        "firing": pick(["grate", "fluidized_bed", "chamber"]),
        "coal_class": pick(["bituminous_2", "lean", "lignite"]),
        "condensing": pick(["yes", "no"]),
        "capacity_t_h": pick([4.0, 10, 20, 35, np.nan]),
        "capacity_mw": pick([np.nan, 2.8, 14, 29]),
        "thermal_efficiency_pct": rng.uniform(75, 104, n),
        "fan_type": pick(["centrifugal", "axial"]),
        "pressure_coefficient": rng.uniform(0.3, 1.5, n),
        "specific_speed": rng.uniform(10, 80, n),
        "hub_ratio": rng.uniform(0.2, 0.7, n),
        "machine_number": rng.uniform(2.5, 16, n),
        "pump_type": pick(["end_suction", "double_suction", "inline", "multistage", "small", "well"]),
        "subtype": pick(["QDX和QD", "离心式", "充水式", "旋流式"]),
        "flow_m3_h": rng.uniform(5, 2000, n),
        "head_m": rng.uniform(10, 120, n),
        "speed_rpm": pick([1450.0, 2900.0]),
        "stages": pick([1.0, 2, 3, 4]),
        "specified_efficiency_pct": rng.uniform(55, 80, n),
        "efficiency_tolerance_pct": pick([2.0, 3.0]),
        "blower_type": pick(["single_stage_low_speed", "multistage_low_speed", "multistage_high_speed"]),
        "b2_over_d2": pick([0.015, 0.025, 0.035, 0.055, 0.07]),
        "impeller_d2_mm": pick([250.0, 350, 500, 700, 900]),
        "polytropic_efficiency_pct": rng.uniform(50, 90, n),
    }
    return cats, cols


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    loop_n = int(sys.argv[2]) if len(sys.argv) > 2 else 20_000
    strings = sys.argv[3] if len(sys.argv) > 3 else "object"
    cats, cols = mixed_ledger(n, strings=strings)
    input_mb = (cats.nbytes + sum(v.nbytes for v in cols.values())) / 2**20
    grade_ledger(cats[:1000], {k: v[:1000] for k, v in cols.items()}, ON)  # load the tables once
    rss_before = _rss_mb()

    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        res = grade_ledger(cats, cols, ON)
        times.append(time.perf_counter() - t0)
    t_array = min(times)
    rss_after = _rss_mb()

    tracemalloc.start()
    grade_ledger(cats, cols, ON)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    t0 = time.perf_counter()
    for i in range(loop_n):
        grade_unit(str(cats[i]), {k: v[i] for k, v in cols.items()}, ON)
    t_loop = time.perf_counter() - t0
    loop_per_unit = t_loop / loop_n

    graded = int((res.level > 0).sum())
    print(f"units: {n:,} (string columns as {strings} arrays)  graded: {graded:,}  ungradable: {n - graded:,}")
    print("grades:", {str(GRADES[c]): int((res.grade == c).sum()) for c in range(5)})
    print(f"grade_ledger (arrays): best of 3 {t_array:.3f} s (runs: {', '.join(f'{t:.3f}' for t in times)}) "
          f"for {n:,} units = {t_array / n * 1e6:.2f} µs/unit")
    print(f"grade_unit loop: {t_loop:.3f} s for {loop_n:,} units = {loop_per_unit * 1e6:.1f} µs/unit; "
          f"extrapolated linearly to {n:,} units: {loop_per_unit * n:.0f} s")
    print(f"speed-up (extrapolated loop / arrays): {loop_per_unit * n / t_array:.0f}x")
    print(f"memory: input ledger arrays {input_mb:.0f} MB; peak allocated by grade_ledger (tracemalloc) "
          f"{peak / 2**20:.0f} MB; process max RSS {rss_before:.0f} MB before grading, {rss_after:.0f} MB after")


if __name__ == "__main__":
    main()
