"""Benchmark of the ledger table's filters at 100,000 units (issue 18): `load_page` per filter, by hand.

    PYTHONPATH=. .venv/bin/python bench/bench_tui_filter.py /tmp/tui100k.sqlite [REPS]
    PYTHONPATH=. .venv/bin/python bench/bench_tui_filter.py postgresql+psycopg://u:p@host/db

The ledger is `equipinv demo --synthetic 100000` (graded and checked). For every filter — none, each
category, each level, each status, has finding, mandatory, past design life, text searches of 1–4
characters, each sortable column both ways, and combinations — it prints the median milliseconds of
`load_page` (first page, count and pieces, finding badges) over REPS runs, and checks the page, the total
and the pieces against the plain-Python reference (tests/tui/ledger_reference.py). The naive baseline in
the same run is that reference itself: every unit read into Python and filtered there.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

from sqlmodel import Session

from equipinv import labels
from equipinv.db import open_database
from equipinv.demo import DEMO_TODAY
from tests.tui.ledger_reference import expected, read_ledger
from tui.ledger_columns import LedgerColumns
from tui.ledger_query import SORTABLE, LedgerFilter, LedgerPage, load_page

NAIVE_CASES = ("none", "category=motor", "text 'y2'", "mandatory", "past_design_life", "sort name desc")


def cases(present: list[str]) -> dict[str, LedgerFilter]:
    """Every filter timed; `present`: the categories the ledger holds (the registry has ~35)."""
    plain = LedgerFilter()
    found = {"none": plain}
    found |= {f"category={c}": plain.with_(category=c) for c in present}
    found |= {"category=pm_motor (none here)": plain.with_(category="pm_motor")}
    found |= {f"level={v}": plain.with_(level=v) for v in labels.LEVELS}
    found |= {f"status={s}": plain.with_(status=s) for s in labels.STATUSES}
    found |= {"has_finding": plain.with_(has_finding=True), "mandatory": plain.with_(mandatory=True),
              "past_design_life": plain.with_(past_design_life=True),
              "exclude_eliminated": plain.with_(exclude_eliminated=True)}
    found |= {f"text '{t}'": plain.with_(text=t) for t in ("1", "y", "合", "y2", "se", "160", "ye3-", "设备99", "zzzz")}
    for key in SORTABLE:
        found |= {f"sort {key} asc": plain.with_(sort_key=key), f"sort {key} desc": plain.with_(sort_key=key, descending=True)}
    found |= {
        "motor + below_access": plain.with_(category="motor", level="below_access"),
        "motor + text 'ye3' + sort name desc": plain.with_(category="motor", text="ye3", sort_key="name", descending=True),
        "mandatory + sort commissioned desc": plain.with_(mandatory=True, sort_key="commissioned", descending=True),
        "pump + past_design_life": plain.with_(category="pump", past_design_life=True),
        "has_finding + advanced + sort rating": plain.with_(has_finding=True, level="advanced", sort_key="rating"),
        "enterprise 7 + in_use + text '1'": plain.with_(enterprise_id=7, status="in_use", text="1"),
        "page 3 of category=fan": plain.with_(category="fan"),
    }
    return found


def median_ms(run: Callable[[], object], reps: int) -> float:
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main(db: str, reps: int) -> None:
    engine = open_database(db, create=False)
    offsets = {"page 3 of category=fan": 200}
    with Session(engine) as session:
        started = time.perf_counter()
        ledger = read_ledger(session)
        print(f"{len(ledger.units):,} units; reading them all into Python: {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        columns = LedgerColumns.load(session)
        print(f"loading the filter columns into memory: {time.perf_counter() - started:.2f} s")
        paths: dict[str, Callable[[LedgerFilter, int], LedgerPage]] = {
            "sql": lambda flt, offset: load_page(session, flt, offset, today=DEMO_TODAY),
            "memory": lambda flt, offset: load_page(session, flt, offset, today=DEMO_TODAY, columns=columns)}
        print(f"{'filter':40} {'rows':>7} " + " ".join(f"{name + ' ms':>10}" for name in paths) + f" {'naive ms':>10}")
        present = sorted({u["category"] for u in ledger.units})
        for label, flt in cases(present).items():
            ids, pieces = expected(ledger, flt, DEMO_TODAY)
            offset = offsets.get(label, 0)
            figures = []
            for name, path in paths.items():
                page = path(flt, offset)
                assert (page.total, page.pieces) == (len(ids), pieces), (name, label, page.total, len(ids))
                assert [r.id for r in page.rows] == ids[offset:offset + 100], (name, label)
                figures.append(median_ms(lambda: path(flt, offset), reps))
            naive = (f"{median_ms(lambda: expected(read_ledger(session), flt, DEMO_TODAY), 3):10.0f}"
                     if label in NAIVE_CASES else f"{'':>10}")
            print(f"{label:40} {len(ids):7,} " + " ".join(f"{ms:10.1f}" for ms in figures) + f" {naive}", flush=True)
    engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/tui100k.sqlite", int(sys.argv[2]) if len(sys.argv) > 2 else 5)
