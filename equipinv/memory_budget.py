"""Refusing up front a job that holds a whole ledger in memory when the ledger does not fit.

Grading, checking and the lists work a chunk at a time, so their memory does not grow with the ledger.
Ranking and planning cannot: the schedule chooses among every unit at once, so they hold a few columns
and candidate arrays per unit. Rather than be killed by the operating system half-way, such a job
counts its units first and refuses when its estimate passes the budget, naming both. The budget is
`EQUIPINV_MEMORY_MB` (megabytes) when set, else four fifths of the machine's physical memory.
"""

from __future__ import annotations

import os

from equipinv.errors import BadInput

MEMORY_ENV = "EQUIPINV_MEMORY_MB"

#: Peak bytes per unit of `recommend` / `plan` (the process's peak RSS at 1,000,000 synthetic units,
#: bench/bench_e2e.py, rounded up; it includes the interpreter and libraries, ~0.15 GB).
PLANNING_BYTES_PER_UNIT = 2_000


def budget_bytes() -> int:
    """The memory a job may plan to use: EQUIPINV_MEMORY_MB, else 80 % of physical memory."""
    configured = os.environ.get(MEMORY_ENV, "").strip()
    if configured:
        try:
            megabytes = float(configured)
        except ValueError:
            raise BadInput(f'环境变量 {MEMORY_ENV} "{configured}" 不是兆字节数 '
                           f'(error: {MEMORY_ENV} "{configured}" is not a number of megabytes)') from None
        if megabytes <= 0:
            raise BadInput(f'环境变量 {MEMORY_ENV} "{configured}" 须为正数 (error: {MEMORY_ENV} must be positive)')
        return int(megabytes * 1024 * 1024)
    return int(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") * 0.8)


def ensure_fits(job: str, job_en: str, units: int, bytes_per_unit: int) -> None:
    """Raise BadInput (nothing changed yet) when `units` of `job` would need more than the budget."""
    needed, budget = units * bytes_per_unit, budget_bytes()
    if needed > budget:
        mb = 1024 * 1024
        raise BadInput(
            f"{job}：范围内 {units:,} 台设备，预计需内存约 {needed / mb:,.1f} MB，超过上限 {budget / mb:,.1f} MB"
            f"（可用 {MEMORY_ENV} 调整上限，或按 --enterprise / --region 缩小范围） "
            f"(error: {job_en} of {units:,} units needs about {needed / mb:,.1f} MB, over the limit of "
            f"{budget / mb:,.1f} MB; set {MEMORY_ENV} or narrow the scope)")
