"""Survey-exchange benchmarks (issue 4): import a 100,000-row Excel ledger; consolidate many packages.

    python bench/bench_survey.py import [--rows 100000]
    python bench/bench_survey.py consolidate [--packages 1000] [--units 500] [--db URL]

Prints wall time, rows per second and peak RSS. Targets: import < 30 s; consolidation of 1,000
packages / 500,000 units < 60 s into SQLite and into PostgreSQL; memory < 1 GB. The naive baseline for
the import is adding the same rows one by one through `ledger.add_equipment` (audited ORM inserts),
timed on a sample and extrapolated (stated as such).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook
from sqlmodel import Session, select

from equipinv.codes import make_credit_code
from equipinv.db import open_database, session_scope
from equipinv.exchange.columns import COLUMNS
from equipinv.exchange.ledger_import import import_ledger
from equipinv.ledger import add_enterprise, add_equipment
from equipinv.models import Enterprise

CREDIT = make_credit_code("91141181MA0GX5K2L")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _row(i: int) -> dict[str, object]:
    return {"asset_no": f"DJ-{i:06d}", "name": "电动机", "category": "三相异步电动机", "model": f"YE3-{132 + i % 200}M-4",
            "year_made": 2000 + i % 24, "quantity": 1, "rated_power_kw": [5.5, 11, 22, 37, 55, 75][i % 6], "poles": 4,
            "efficiency_pct": 90 + (i % 60) / 10, "commissioning_date": f"{2001 + i % 24}-0{1 + i % 9}",  # a year after it was made
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


def bench_consolidate(packages: int, units: int, url: str | None) -> None:
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
        print(f"prepared {packages:,} packages / {packages * units:,} units in {time.perf_counter() - start:.1f} s")
        target = open_database(url or Path(folder) / "county.sqlite")
        start = time.perf_counter()
        report = consolidate(target, inbox)
        elapsed = time.perf_counter() - start
        print(f"consolidate into {target.dialect.name}: {len(report.accepted):,} packages, rejected "
              f"{len(report.rejected)}, in {elapsed:.1f} s = {packages * units / elapsed:,.0f} units/s; "
              f"peak RSS {_peak_mb():.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("case", choices=("import", "consolidate"))
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--packages", type=int, default=1_000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--db")
    args = parser.parse_args()
    if args.case == "import":
        bench_import(args.rows, args.sample)
    else:
        bench_consolidate(args.packages, args.units, args.db)


if __name__ == "__main__":
    main()
