"""Reading an inbox ahead of storing it: files parsed, validated and assessed in worker processes.

Reading a package, validating its rows and grading and checking them is CPU work that needs no
database, while storing is mostly database work; so a consolidation reads the files in batches on
worker processes and stores the batches one after the other in the main process, which keeps both
of a small server's cores busy. A batch holds about 400 kB of input (some 10,000 units of
packages), so the graders' fixed cost per call is shared while memory stays small and the main
process soon has work. Files come back in name order, each either parsed or refused with the reason.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from equipinv.exchange.ledger_parse import ParsedLedger, assess, parse_ledger
from equipinv.exchange.line_sheet import read_line_sheet
from equipinv.exchange.package import ParsedPackage, StoredPackages, parse_members, read_package
from equipinv.exchange.reader import read_ledger

BATCH_BYTES = 400_000
BATCH_FILES = 64
NONE_STORED = StoredPackages()  # an empty database: every package is read


@dataclass
class Arrival:
    """One inbox file after reading: a package, a plain ledger, or the reason it is refused."""

    path: Path
    package: ParsedPackage | None = None
    ledger: ParsedLedger | None = None
    refusal: str | None = None
    stored_before: bool = False  # a package already stored (same enterprise, same content): not read further
    lines: list[dict[str, Any]] = field(default_factory=list)  # a workbook's 生产线 sheet, validated

    @property
    def parsed(self) -> ParsedLedger | None:
        return self.package.ledger if self.package is not None else self.ledger


def read_file(path: Path, today: dt.date, stored: StoredPackages = NONE_STORED) -> Arrival:
    """Read and validate one inbox file; a file that cannot be read comes back refused, with the reason.

    `stored`: the packages on record (`StoredPackages.hold`), which are verified but not read again.
    """
    try:
        if path.suffix.lower() == ".zip":
            manifest, members = read_package(path)
            if stored.hold(manifest):
                return Arrival(path, stored_before=True)
            return Arrival(path, package=parse_members(path, manifest, members, today=today))
        sheet, data = read_ledger(path)
        return Arrival(path, ledger=parse_ledger(sheet, data, today=today), lines=read_line_sheet(path, today=today))
    except (ValueError, OSError) as exc:  # PackageError and LedgerFileError are ValueErrors
        return Arrival(path, refusal=str(exc))


def read_batch(paths: list[Path], today: dt.date, stored: StoredPackages = NONE_STORED) -> list[Arrival]:
    """Read a batch of files and assess all their valid rows in one pass."""
    arrivals = [read_file(path, today, stored) for path in paths]
    assess([a.parsed for a in arrivals if a.parsed is not None])
    return arrivals


def batches(files: list[Path]) -> list[list[Path]]:
    """Consecutive runs of files of about BATCH_BYTES (a bigger file is a batch of its own)."""
    out: list[list[Path]] = []
    size = 0
    for path in files:
        if not out or size >= BATCH_BYTES or len(out[-1]) >= BATCH_FILES:
            out.append([])
            size = 0
        out[-1].append(path)
        size += path.stat().st_size
    return out


def read_inbox(files: list[Path], today: dt.date, *, workers: int | None = None,
               stored: StoredPackages = NONE_STORED) -> Iterator[Arrival]:
    """Every file read, in the order given; batches are read ahead on worker processes when there
    are several (a few batches in flight at most, so memory stays bounded). See `read_file` for `stored`."""
    groups = batches(files)
    workers = min(workers if workers is not None else os.cpu_count() or 1, len(groups) - 1)
    if workers < 1:
        for group in groups:
            yield from read_batch(group, today, stored)
        return
    # spawn, not fork: the caller may be a threaded program (the TUI runs consolidation in a thread)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_quiet)
    try:
        yield from _read_ahead(pool, groups, today, stored, depth=workers + 1)
    finally:  # a run stopped early does not wait for batches nobody will store
        pool.shutdown(wait=True, cancel_futures=True)


def _quiet() -> None:
    """Readers answer through their results only: nothing they might print reaches the caller's terminal
    (the TUI owns the screen)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (1, 2):  # the descriptors, so output from C code is silenced too
        os.dup2(devnull, stream)


def _read_ahead(pool: ProcessPoolExecutor, groups: list[list[Path]], today: dt.date,
                stored: StoredPackages, depth: int) -> Iterator[Arrival]:
    futures: deque[Future[list[Arrival]]] = deque()
    submitted = 0
    for k in range(len(groups)):
        try:
            while len(futures) < depth and submitted < len(groups):
                futures.append(pool.submit(read_batch, groups[submitted], today, stored))
                submitted += 1
            arrivals = futures.popleft().result()
        except BrokenProcessPool:  # a worker died or could not start: the rest is read here
            for rest in groups[k:]:
                yield from read_batch(rest, today, stored)
            return
        yield from arrivals
