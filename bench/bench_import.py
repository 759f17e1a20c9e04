"""Excel ledger import benchmark (issue 4, item 7, import half).

    python bench/bench_import.py [--rows 100000] [--sample 2000]

Writes a ledger .xlsx with openpyxl (write_only), times `import_ledger` into SQLite, and compares with
adding a sample of the same rows one by one through `ledger.add_equipment` (extrapolated, stated as
such). Target: 100,000 rows < 30 s, memory < 1 GB. The ledger writer and the timing live in
bench_survey.py (shared with the consolidation benchmark); this script is the import case on its own, so
its peak RSS covers the import only.
"""

from __future__ import annotations

import argparse

from bench_survey import bench_import


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2_000)
    args = parser.parse_args()
    bench_import(args.rows, args.sample)


if __name__ == "__main__":
    main()
