"""Benchmark: decode 1,000,000 model designations (型号) of a ledger (issue 13).

The ledger's models are drawn from a pool of distinct designations of the six decodable categories,
written the ways ledgers write them (lower case, full-width characters, spaces, Chinese labels, suffixes,
garbled ones). The fast path is `designations.decode_many` (each distinct (category, model) read once);
the naive baseline reads every row's string afresh (`read_designation` per row, no cache), timed in the
same run on a sample and extrapolated linearly; both paths' answers are compared on the sample.

    .venv/bin/python bench/bench_designations.py [--units 1000000] [--pool 20000] [--sample 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time

from equipinv.designations import decode_many
from equipinv.designations.decode import read_designation


def _written(model: str, rng: random.Random) -> str:
    """One model as some ledger writes it."""
    style = rng.random()
    if style < 0.15:
        return model.lower()
    if style < 0.22:
        return model.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})  # full-width
    if style < 0.30:
        return model.replace("-", " ")
    if style < 0.35:
        return "型号" + model + "型"
    return model


def model_pool(size: int, rng: random.Random) -> list[tuple[str, str]]:
    frames = ["80M1", "90L", "112M", "132S", "132M", "160M", "160L", "180L", "200L", "225M", "250M", "280S", "315M"]
    makers = {
        "motor": lambda: f"{rng.choice(['Y', 'Y2-', 'Y3-', 'YE2-', 'YE3-', 'YE4-', 'YX3-', 'YB2-', 'YBK2-'])}"
                         f"{rng.choice(frames)}-{rng.choice([2, 4, 6, 8])}" + rng.choice(["", "", " B3", " B35", "-W"]),
        "transformer": lambda: f"{rng.choice(['S7', 'S9', 'S11-M', 'S13-M', 'SH15-M', 'SCB10', 'SCB13', 'SZ11'])}-"
                               f"{rng.choice([100, 200, 315, 400, 500, 630, 800, 1000, 1250, 1600, 2000])}/"
                               f"{rng.choice(['10', '10-0.4', '10/0.4', '35'])}",
        "fan": lambda: f"{rng.choice(['', 'Y', 'G', 'B'])}{rng.choice(['4-72', '9-19', '5-47', '4-73', '9-26'])}"
                       f"{rng.choice(['', '-11', '-12'])}No.{rng.choice(['4A', '5A', '6C', '8C', '10D', '12D', '6.3A'])}",
        "pump": lambda: rng.choice([f"IS{rng.choice([50, 65, 80, 100])}-{rng.choice([32, 50, 65, 80])}-{rng.choice([125, 160, 200, 250])}",
                                    f"D{rng.choice([12, 25, 46, 85, 155])}-{rng.choice([25, 30, 45, 67])}×{rng.randint(2, 10)}",
                                    f"{rng.choice([150, 200, 250])}S{rng.choice([32, 50, 65])}"]),
        "boiler": lambda: f"{rng.choice(['DZL', 'SZL', 'SHL', 'DHL', 'WNS', 'SZS'])}{rng.choice([2, 4, 6, 10, 20])}-"
                          f"{rng.choice(['0.7', '1.0', '1.25', '1.6'])}-{rng.choice(['AII', 'AⅡ', 'AIII', 'Q', 'Y(Q)'])}",
        "air_compressor": lambda: f"{rng.choice(['LG', 'W', 'V', 'L'])}-{rng.choice([0.9, 3, 6, 10, 20, 40])}/"
                                  f"{rng.choice(['7', '8', '0.8', '1.0'])}",
    }
    pool: set[tuple[str, str]] = set()
    while len(pool) < size:
        category = rng.choice(list(makers))
        model = makers[category]() if rng.random() < 0.97 else rng.choice(["Y-?", "S9-/10", "型号不详", "?", ""])
        pool.add((category, _written(model, rng) + (f"-{rng.randint(1, 999)}" if rng.random() < 0.3 else "")))
    return sorted(pool)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--pool", type=int, default=20_000)
    parser.add_argument("--sample", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(13)
    pool = model_pool(args.pool, rng)
    rows = [pool[rng.randrange(len(pool))] for _ in range(args.units)]
    categories, models = [c for c, _ in rows], [m for _, m in rows]  # a ledger's two columns
    del rows
    print(f"{args.units:,} rows, {len(pool):,} distinct designations; load average {os.getloadavg()[0]:.2f}")
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        answers = decode_many(categories, models)
        times.append(time.perf_counter() - start)
    decoded = sum(a is not None for a in answers)
    print(f"decode_many: median {statistics.median(times):.3f} s (min {min(times):.3f}, max {max(times):.3f}) "
          f"over {args.repeat} runs; {decoded:,} rows decoded ({decoded / args.units:.1%})")
    sample = min(args.sample, args.units)
    start = time.perf_counter()
    naive = [read_designation(c, m) for c, m in zip(categories[:sample], models[:sample], strict=True)]
    per_row = (time.perf_counter() - start) / sample
    assert naive == answers[:sample], "the naive loop and decode_many disagree"
    extrapolated = per_row * args.units
    print(f"naive per-string loop: {per_row * 1e6:.1f} µs/row on {sample:,} rows -> {extrapolated:.1f} s for "
          f"{args.units:,} (extrapolated); ratio {extrapolated / statistics.median(times):.0f}x; answers identical "
          f"on the sample; load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
