"""Survey-exchange benchmarks (issue 4): import a 100,000-row Excel ledger; consolidate many packages.

    python bench/bench_survey.py import [--rows 100000]
    python bench/bench_survey.py consolidate [--packages 1000] [--units 500] [--db URL] [--workers N]

Prints wall time, rows per second and peak memory. Targets: import < 30 s; consolidation of 1,000
packages / 500,000 units < 60 s into SQLite and into PostgreSQL; memory < 1 GB (for the consolidation:
the main process and its worker processes together). The naive baselines add the same rows one by one
through `ledger.add_equipment` (audited ORM inserts; for the consolidation also graded and checked one
by one), timed on a sample and extrapolated (stated as such).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import tempfile
import threading
import time
from pathlib import Path

from openpyxl import Workbook
from sqlmodel import Session, select

from equipinv.checking import check_one
from equipinv.codes import make_credit_code
from equipinv.db import open_database, session_scope
from equipinv.exchange.columns import COLUMNS
from equipinv.exchange.ledger_import import import_ledger
from equipinv.grading import grade_one
from equipinv.ledger import add_enterprise, add_equipment
from equipinv.models import Enterprise

CREDIT = make_credit_code("91141181MA0GX5K2L")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _row(i: int) -> dict[str, object]:
    return {"asset_no": f"DJ-{i:06d}", "name": "电动机", "category": "三相异步电动机", "model": f"YE3-{132 + i % 200}M-4",
            "year_made": 2000 + i % 24, "quantity": 1, "rated_power_kw": [5.5, 11, 22, 37, 55, 75][i % 6], "poles": 4,
            # commissioned a year after it was made
            "efficiency_pct": 90 + (i % 60) / 10, "commissioning_date": f"{2001 + i % 24}-0{1 + i % 9}",
            "design_life_years": 20, "status": "在用", "site": f"车间{i % 12}"}


def write_ledger(path: Path, rows: int) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("设备台账")
    ws.append([c.header for c in COLUMNS])
    for i in range(rows):
        row = _row(i)
        ws.append([row.get(c.field) for c in COLUMNS])
    wb.save(path)


def bench_import(rows: int, sample: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.xlsx"
        start = time.perf_counter()
        write_ledger(path, rows)
        print(f"wrote {rows:,} rows in {time.perf_counter() - start:.1f} s ({path.stat().st_size / 1e6:.1f} MB)")
        engine = open_database(Path(folder) / "ledger.sqlite")
        with session_scope(engine) as s:
            add_enterprise(s, {"credit_code": CREDIT, "name": "基准企业", "region_code": "141181", "industry_code": "2521"})
        start = time.perf_counter()
        with session_scope(engine) as s:
            report = import_ledger(s, path, enterprise_credit_code=CREDIT)
        elapsed = time.perf_counter() - start
        print(f"import_ledger: {report.accepted:,} rows in {elapsed:.1f} s = {report.accepted / elapsed:,.0f} rows/s, "
              f"rejected {len(report.rejected)}; peak RSS {_peak_mb():.0f} MB")
        naive = open_database(Path(folder) / "naive.sqlite")
        with session_scope(naive) as s:
            add_enterprise(s, {"credit_code": CREDIT, "name": "基准企业", "region_code": "141181", "industry_code": "2521"})
        start = time.perf_counter()
        with session_scope(naive) as s:
            enterprise = s.exec(select(Enterprise)).one()
            for i in range(sample):
                add_equipment(s, enterprise, {k: v for k, v in _row(i).items()})
        per_row = (time.perf_counter() - start) / sample
        print(f"naive add_equipment: {per_row * 1e3:.2f} ms/row on {sample:,} rows -> extrapolated "
              f"{per_row * rows:.0f} s for {rows:,}; ratio {per_row * rows / elapsed:.1f}x")


class TreeMemory:
    """Peak resident memory of this process plus its children (the consolidation's worker processes),
    sampled every 50 ms from /proc."""

    def __init__(self) -> None:
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(0.05):
            pids = [os.getpid(), *(p.pid for p in multiprocessing.active_children())]
            self.peak_mb = max(self.peak_mb, sum(_rss_mb(pid) for pid in pids))


def _rss_mb(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/statm").read_text().split()
    except OSError:
        return 0.0
    return int(fields[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _naive_per_unit(url: str | Path, sample: int) -> float:
    """Seconds per unit for the naive path: every unit added through the ORM (audited), then graded and
    checked one by one, as a ledger edit is."""
    engine = open_database(url, migrate=True)
    with session_scope(engine) as s:
        enterprise = add_enterprise(s, {"credit_code": make_credit_code("91141181MA0NAPE1K"), "name": "基准企业",
                                        "region_code": "141181", "industry_code": "2521"})
    start = time.perf_counter()
    with session_scope(engine) as s:
        for i in range(sample):
            unit = add_equipment(s, enterprise, {**_row(i), "asset_no": f"NAIVE-{i:06d}"})
            grade_one(s, unit)
            check_one(s, unit)
    engine.dispose()
    return (time.perf_counter() - start) / sample


def bench_consolidate(packages: int, units: int, url: str | None, workers: int | None, sample: int) -> None:
    from equipinv.bureau.consolidate import consolidate
    from equipinv.exchange.package import export_package
    from equipinv.synthetic import store_synthetic

    with tempfile.TemporaryDirectory() as folder:
        source = open_database(Path(folder) / "source.sqlite")
        start = time.perf_counter()
        store_synthetic(source, packages * units, enterprises=packages)
        inbox = Path(folder) / "inbox"
        inbox.mkdir()
        with Session(source) as s:
            for n, enterprise in enumerate(s.exec(select(Enterprise)).all()):
                export_package(s, enterprise, inbox / f"{n:05d}.zip", period="2026-11")
        size = sum(p.stat().st_size for p in inbox.iterdir()) / 1e6
        print(f"prepared {packages:,} packages / {packages * units:,} units ({size:.1f} MB) in "
              f"{time.perf_counter() - start:.1f} s")
        target_url = url or Path(folder) / "county.sqlite"
        target = open_database(target_url, migrate=True)
        with TreeMemory() as memory:
            start = time.perf_counter()
            report = consolidate(target, inbox, workers=workers)
            elapsed = time.perf_counter() - start
        stored = packages * units
        print(f"consolidate into {target.dialect.name}: {len(report.accepted):,} packages, rejected "
              f"{len(report.rejected)}, in {elapsed:.1f} s = {stored / elapsed:,.0f} units/s; peak memory of the "
              f"process and its workers {memory.peak_mb:.0f} MB")
        start = time.perf_counter()
        again = consolidate(target, inbox, workers=workers)
        print(f"rerun over the same inbox: {len(again.duplicates):,} duplicates, {len(again.accepted)} accepted, "
              f"in {time.perf_counter() - start:.1f} s")
        per_unit = _naive_per_unit(target_url, sample)
        print(f"naive per-unit ORM add + grade + check: {per_unit * 1e3:.2f} ms/unit on {sample:,} units -> "
              f"extrapolated {per_unit * stored:.0f} s for {stored:,}; ratio {per_unit * stored / elapsed:.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("case", choices=("import", "consolidate"))
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--packages", type=int, default=1_000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--db")
    parser.add_argument("--workers", type=int, help="reading processes (default: one per core; 0 = none)")
    args = parser.parse_args()
    if args.case == "import":
        bench_import(args.rows, args.sample)
    else:
        bench_consolidate(args.packages, args.units, args.db, args.workers, args.sample)


if __name__ == "__main__":
    main()
