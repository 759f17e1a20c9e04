"""End-to-end benchmark: the CLI as a user runs it, one process per step, a fresh database per size.

Run by hand: `.venv/bin/python bench/bench_e2e.py --sizes 10000,100000 [--pg URL] [--out results.json]`.
For each size and backend it builds a synthetic ledger (`equipinv demo --synthetic N`, not timed as a
step), then runs grade, check, recommend --json, plan --budget, lists elimination --csv and report
elimination xlsx, each in its own process, and records wall time, CPU time (user + system) and peak RSS
of that process (os.wait4). Beside each step it times the floor: the database alone reading the step's
input columns and writing its output (UPDATE / INSERT in a transaction rolled back), so a slow step is
told apart from a slow database. It prints a table per backend with the growth factor between sizes,
and for sizes n and 4n in the same run each step's wall and CPU ratio (planning is linear when the
plan step's stays well under 6×).

Start-up is counted apart: each step is also run once on an empty ledger (the schema, no units) of the
same backend; that run's wall time is the step's start-up (the interpreter, the imports the command makes,
opening and checking the database, writing empty output). The table gives each step's floor ratio twice:
wall ÷ floor, and (wall − start-up) ÷ floor, the work that grows with the ledger against the database's.

`--steps` runs only some steps; `--existing URL` times the steps on a database already built (its size
given by `--sizes`, one size) instead of building one. Pass `--equipinv` to time another tree's command
(e.g. before a change) on the same machine. The machine is shared: report the load average printed with
the figures (it is printed at the start and the end, and stored with each measure).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import sqlalchemy as sa

HERE = Path(__file__).resolve().parent.parent
GNU_TIME = "/usr/bin/time"  # GNU time (Debian package "time"): reports the child's own peak RSS
STEPS = ("grade", "check", "recommend_json", "plan", "lists_elimination_csv", "report_elimination_xlsx")


@dataclass
class Measure:
    step: str
    size: int
    backend: str
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    exit_status: int
    floor_s: float | None = None
    startup_s: float | None = None
    startup_cpu_s: float | None = None
    load_1min: float = 0.0
    note: str = ""

    def floor_ratios(self) -> str:
        """' (×raw, ×net of start-up)' against the floor, or '' without a floor."""
        if not self.floor_s:
            return ""
        if self.startup_s is None:
            return f" (×{self.wall_s / self.floor_s:.1f})"
        return f" (×{self.wall_s / self.floor_s:.1f}, net ×{max(self.wall_s - self.startup_s, 0.0) / self.floor_s:.1f})"


def _budget(size: int) -> str:
    """9,000 yuan per unit in 2027 (the overdue mandatory work fits), 3,000 in 2028 and 2029: choices remain."""
    return f"2027={size * 9000},2028={size * 3000},2029={size * 3000}"


def _arguments(step: str, size: int, out: Path) -> list[str]:
    return {
        "grade": ["grade", "--json"],
        "check": ["check", "--json"],
        "recommend_json": ["recommend", "--json"],
        "plan": ["plan", "--budget", _budget(size), "--json"],
        "lists_elimination_csv": ["lists", "elimination", "--csv", str(out / "elimination.csv")],
        "report_elimination_xlsx": ["report", "elimination", "-f", "xlsx", "-o", str(out / "elimination.xlsx")],
    }[step]


def run_process(argv: list[str], *, timeout: float, env: dict[str, str], cwd: Path) -> tuple[float, float, float, int]:
    """(wall s, CPU s, peak RSS MB, exit status) of one child process, its stdout discarded.

    The child runs under GNU time, which reports its peak RSS: `ru_maxrss` from `os.wait4` alone is not
    the child's own (Linux keeps the high-water mark of the address space a vfork()ed child replaced at
    exec, i.e. this benchmark's own peak). `cwd` is outside any source tree: `python -c` puts the current
    folder first on sys.path, which would otherwise win over the PYTHONPATH of the tree being timed.
    """
    peak_file = cwd / "peak_rss_kb.txt"
    start = time.perf_counter()
    child = subprocess.Popen([GNU_TIME, "-f", "%M", "-o", str(peak_file), *argv], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, env=env, cwd=cwd)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            child.kill()
            pid, status, usage = os.wait4(child.pid, 0)
            status = -9
            break
        time.sleep(0.05)
    wall = time.perf_counter() - start
    child.returncode = 0  # reaped above
    stderr = child.stderr.read().decode("utf-8", "replace") if child.stderr else ""
    code = status if status == -9 else os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.stderr.write(f"  exit {code}: {' '.join(argv[-4:])}: {stderr.strip()[-300:]}\n")
    lines = peak_file.read_text().split() if peak_file.exists() else []
    peak_mb = int(lines[-1]) / 1024.0 if lines and lines[-1].isdigit() else float("nan")
    return wall, usage.ru_utime + usage.ru_stime, peak_mb, code


# The floor of each step: SQL only (the columns it reads; its writes, rolled back).
_UNIT_READS = {
    "grade": "SELECT id, category, value_sources, rating_params, rated_power_kw, capacity_kva, poles, efficiency_pct,"
             " no_load_loss_w, load_loss_w, flow_m3_min, pressure_mpa, capacity_t_h, capacity_mw, fuel"
             " FROM equipment WHERE status != 'eliminated'",
    "check": "SELECT id, category, model, name, manufacturer, year_made, rated_power_kw, capacity_kva, "
             "benchmark_level, emission_standard, commissioning_date, design_life_years, fuel"
             " FROM equipment WHERE status != 'eliminated'",
    "plan_read": "SELECT id, enterprise_id, asset_no, name, category, quantity, rated_power_kw, capacity_kva,"
                 " capacity_t_h, capacity_mw, operating_hours_per_year, load_factor, efficiency_pct,"
                 " no_load_loss_w, load_loss_w, flow_m3_min, specific_power_kw_per_m3_min,"
                 " thermal_efficiency_pct, annual_distance_km, fuel_l_per_100km, fuel, design_life_years,"
                 " benchmark_level, grade_standard, rating_params, poles, transformer_type"
                 " FROM equipment WHERE status != 'eliminated'",
    "list_read": "SELECT e.id, e.enterprise_id, e.asset_no, e.name, e.model, e.quantity, e.commissioning_date,"
                 " f.kind, f.citation, f.reason, f.deadline, f.deadline_label, f.replacement"
                 " FROM equipment e JOIN finding f ON f.equipment_id = e.id WHERE f.outcome = 'match'",
}
_WRITES = {
    "grade": ["UPDATE equipment SET grade = grade, benchmark_level = benchmark_level,"
              " grade_standard = grade_standard, grade_detail = grade_detail, graded_at = graded_at"
              " WHERE status != 'eliminated'"],
    "check": ["CREATE TEMPORARY TABLE floor_f AS SELECT * FROM finding",
              "DELETE FROM finding", "INSERT INTO finding SELECT * FROM floor_f",
              "UPDATE equipment SET checked_at = checked_at WHERE status != 'eliminated'"],
    "plan": ["INSERT INTO planitem (plan_id, equipment_id, action, year, mandatory, investment_yuan,"
             " annual_saving_kwh, annual_saving_tce, annual_saving_tco2, reason)"
             " SELECT plan_id, equipment_id, action, year, mandatory, investment_yuan, annual_saving_kwh,"
             " annual_saving_tce, annual_saving_tco2, reason FROM planitem"],
}
_FLOOR_READS = {"grade": ["grade"], "check": ["check"], "recommend_json": ["plan_read", "list_read"],
                "plan": ["plan_read", "list_read"], "lists_elimination_csv": ["list_read"],
                "report_elimination_xlsx": ["list_read"]}


def floor_seconds(url: str, step: str) -> float:
    """The database alone: fetch the step's input columns as tuples, run its writes, roll back."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            start = time.perf_counter()
            for name in _FLOOR_READS[step]:
                result = connection.execute(sa.text(_UNIT_READS[name]).execution_options(yield_per=50_000))
                for _chunk in result.partitions():
                    pass
            for statement in _WRITES.get(step, []):
                connection.execute(sa.text(statement))
            elapsed = time.perf_counter() - start
            connection.rollback()
            return elapsed
    finally:
        engine.dispose()


def _fresh_database(backend: str, size: int, work: Path, pg_url: str | None) -> str:
    """A new empty database; on PostgreSQL its schema is created by the caller (`db upgrade`, as an admin would)."""
    if backend == "sqlite":
        return f"sqlite:///{work / f'ledger{size}.sqlite'}"
    assert pg_url is not None
    name = f"bench_e2e_{''.join(c for c in work.name if c.isalnum())}_{size}".lower()  # runs side by side differ
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return sa.make_url(pg_url).set(database=name).render_as_string(hide_password=False)


def _new_schema(equipinv: list[str], url: str, work: Path, env: dict[str, str]) -> None:
    """The schema of an empty ledger: `init` makes a SQLite file (`--db` opens existing files only), `db upgrade`
    migrates a new PostgreSQL database."""
    command = ["init"] if url.startswith("sqlite") else ["db", "upgrade"]
    wall, cpu, rss, code = run_process([*equipinv, "--db", url, *command], timeout=600, env=env, cwd=work)
    if code != 0:
        raise SystemExit(f"{' '.join(command)} failed on {url}")


def startups(equipinv: list[str], backend: str, steps: tuple[str, ...], work: Path, pg_url: str | None,
             env: dict[str, str]) -> dict[str, tuple[float, float]]:
    """(wall s, CPU s) of each step on an empty ledger of `backend`: what the step costs before any unit."""
    url = _fresh_database(backend, 0, work, pg_url)
    _new_schema(equipinv, url, work, env)
    out = work / f"out-{backend}-empty"
    out.mkdir(parents=True, exist_ok=True)
    found: dict[str, tuple[float, float]] = {}
    for step in steps:
        wall, cpu, _rss, code = run_process([*equipinv, "--db", url, *_arguments(step, 0, out)], timeout=600,
                                            env=env, cwd=work)
        if code == 0:
            found[step] = (wall, cpu)
        print(f"{backend} start-up {step:<26} wall {wall:6.2f} s  CPU {cpu:6.2f} s  exit {code}", flush=True)
    return found


def run_size(equipinv: list[str], backend: str, size: int, work: Path, pg_url: str | None, timeout: float,
             env: dict[str, str], report: Callable[[Measure], None], *, steps: tuple[str, ...] = STEPS,
             existing: str | None = None, startup: dict[str, tuple[float, float]] | None = None) -> list[Measure]:
    out = work / f"out-{backend}-{size}"
    out.mkdir(parents=True, exist_ok=True)
    measures: list[Measure] = []
    if existing:
        url = existing
    else:
        url = _fresh_database(backend, size, work, pg_url)
        if backend == "postgresql":
            _new_schema(equipinv, url, work, env)
        wall, cpu, rss, code = run_process([*equipinv, "--db", url, "demo", "--synthetic", str(size), "--json"],
                                           timeout=timeout, env=env, cwd=work)
        measures.append(Measure("build (demo --synthetic)", size, backend, wall, cpu, rss, code,
                                load_1min=os.getloadavg()[0]))
        report(measures[-1])
    base = [*equipinv, "--db", url]
    for step in steps:
        wall, cpu, rss, code = run_process([*base, *_arguments(step, size, out)], timeout=timeout, env=env, cwd=work)
        measure = Measure(step, size, backend, wall, cpu, rss, code, load_1min=os.getloadavg()[0])
        if startup and step in startup:
            measure.startup_s, measure.startup_cpu_s = startup[step]
        if code == 0:
            try:
                measure.floor_s = floor_seconds(url, step)
            except sa.exc.SQLAlchemyError as exc:
                measure.note = f"floor failed: {str(exc).splitlines()[0]}"
        report(measure)
        measures.append(measure)
    return measures


def print_table(measures: list[Measure]) -> None:
    sizes = sorted({m.size for m in measures})
    print(f"\nload average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    for backend in sorted({m.backend for m in measures}):
        print(f"\n{backend}: wall s / CPU s / peak MB (× floor: raw, net of start-up)")
        print("| step | " + " | ".join(f"{s:,}" for s in sizes) + " | growth between sizes |")
        print("|---|" + "---|" * (len(sizes) + 1))
        for step in ("build (demo --synthetic)", *STEPS):
            cells, walls, cpus = [], [], []
            for size in sizes:
                found = [m for m in measures if m.backend == backend and m.step == step and m.size == size]
                if not found:
                    cells.append("—")
                    continue
                m = found[0]
                ratio = m.floor_ratios()
                failed = "" if m.exit_status == 0 else f" **exit {m.exit_status}**"
                cells.append(f"{m.wall_s:.1f} / {m.cpu_s:.1f} / {m.peak_rss_mb:.0f}{ratio}{failed}")
                walls.append(m.wall_s)
                cpus.append(m.cpu_s)
            growth = "—" if len(walls) < 2 else " → ".join(
                f"{b / a:.1f}× wall, {d / c:.1f}× CPU" for a, b, c, d in zip(walls, walls[1:], cpus, cpus[1:], strict=False))
            print(f"| {step} | " + " | ".join(cells) + f" | {growth} |")


def print_linearity(measures: list[Measure]) -> None:
    """For sizes n and 4n in this run: each step's time ratio (linear: about 4; the goal for plan: < 6)."""
    for backend in sorted({m.backend for m in measures}):
        sizes = sorted({m.size for m in measures if m.backend == backend})
        for small in sizes:
            if 4 * small not in sizes:
                continue
            print(f"\n{backend}: {small:,} → {4 * small:,} units (4×), time ratio wall / CPU")
            for step in STEPS:
                pair = [next((m for m in measures if (m.backend, m.step, m.size) == (backend, step, n)), None)
                        for n in (small, 4 * small)]
                if all(m is not None and m.exit_status == 0 for m in pair):
                    a, b = pair[0], pair[1]
                    assert a is not None and b is not None
                    print(f"  {step:<26} {b.wall_s / a.wall_s:5.1f}× / {b.cpu_s / a.cpu_s:5.1f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--backends", default="sqlite", help="sqlite,postgresql")
    parser.add_argument("--pg", default=os.environ.get("EQUIPINV_TEST_PG_URL"))
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per step")
    parser.add_argument("--work", type=Path, default=None, help="folder for the databases and outputs")
    parser.add_argument("--equipinv", default=None, help="PYTHONPATH of the tree to time (default: this one)")
    parser.add_argument("--out", type=Path, default=None, help="append the measures as JSON lines")
    parser.add_argument("--steps", default=",".join(STEPS), help="the steps to run, comma-separated")
    parser.add_argument("--existing", default=None, help="URL of a database already built (one size in --sizes)")
    parser.add_argument("--no-startup", action="store_true", help="skip the empty-ledger start-up runs")
    args = parser.parse_args()
    if "postgresql" in args.backends and not args.pg:
        parser.error("postgresql needs --pg URL (an admin login; default EQUIPINV_TEST_PG_URL)")
    steps = tuple(args.steps.split(","))
    unknown = set(steps) - set(STEPS)
    if unknown:
        parser.error(f"unknown steps {sorted(unknown)}; known: {', '.join(STEPS)}")
    env = dict(os.environ, PYTHONPATH=args.equipinv or str(HERE), COLUMNS="120")
    equipinv = [sys.executable, "-c", "from equipinv.cli import run; run()"]
    work = args.work or Path(tempfile.mkdtemp(prefix="bench_e2e_"))
    work.mkdir(parents=True, exist_ok=True)
    measures: list[Measure] = []
    print(f"load average at the start {' '.join(f'{v:.2f}' for v in os.getloadavg())}", flush=True)

    def report(m: Measure) -> None:
        floor = f", floor {m.floor_s:.2f} s" if m.floor_s is not None else ""
        print(f"{m.backend} {m.size:>9,} {m.step:<26} wall {m.wall_s:7.1f} s  CPU {m.cpu_s:7.1f} s  "
              f"peak {m.peak_rss_mb:6.0f} MB  exit {m.exit_status}{floor}{m.floor_ratios()} load {m.load_1min:.1f} "
              f"{m.note}", flush=True)
        if args.out:
            with args.out.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(asdict(m)) + "\n")

    for backend in args.backends.split(","):
        startup = None if args.no_startup else startups(equipinv, backend, steps, work, args.pg, env)
        for size in (int(s) for s in args.sizes.split(",")):
            measures += run_size(equipinv, backend, size, work, args.pg, args.timeout, env, report, steps=steps,
                                 existing=args.existing, startup=startup)
    print_table(measures)
    print_linearity(measures)


if __name__ == "__main__":
    main()
