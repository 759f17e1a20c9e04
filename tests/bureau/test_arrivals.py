"""Reading an inbox ahead on worker processes gives what reading it in process gives — also when a
worker dies half-way — and files come back in name order."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from equipinv.bureau import arrivals
from equipinv.bureau.arrivals import Arrival, read_inbox
from equipinv.bureau.consolidate import inbox_files
from equipinv.exchange.package import StoredPackages
from tests.demo_packages import demo_packages

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's five packages, a plain CSV ledger and a file that is not a package."""
    folder = tmp_path_factory.mktemp("arrivals")
    source = demo_packages(folder.parent / "arrivals-source.sqlite", folder, period="2026-11")
    (folder / "07_ledger.csv").write_text("资产编号,设备名称,设备类别,额定功率(kW)\nX-1,电机,三相异步电动机,75\n", "utf-8")
    (folder / "08_broken.zip").write_bytes(b"not a zip at all")
    source.dispose()
    return folder


def _summary(found: list[Arrival]) -> list[tuple[str, str | None, int, int, list[str]]]:
    """What each file yielded: refusal, valid rows, findings and grades (no objects, so runs compare)."""
    out = []
    for a in found:
        parsed = a.parsed
        valid = len(parsed.valid) if parsed else 0
        findings = len(parsed.assessment.findings) if parsed and parsed.assessment else 0
        levels = list(parsed.assessment.stored["benchmark_level"]) if parsed and parsed.assessment else []
        out.append((a.path.name, a.refusal, valid, findings, levels))
    return out


def test_workers_read_what_the_process_reads(inbox: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(arrivals, "BATCH_BYTES", 1)  # one file per batch: several batches in flight
    files = inbox_files(inbox)
    here = list(read_inbox(files, TODAY, workers=0))
    ahead = list(read_inbox(files, TODAY, workers=2))
    assert [a.path.name for a in ahead] == [p.name for p in files]
    assert _summary(ahead) == _summary(here)
    summary = {name: (refusal, valid) for name, refusal, valid, _f, _l in _summary(here)}
    assert summary["07_ledger.csv"] == (None, 1) and "zip" in str(summary["08_broken.zip"][0])
    assert sum(valid for _n, _r, valid, _f, _l in _summary(here)) == 395 + 1


def test_a_dead_worker_leaves_the_rest_to_the_process(inbox: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(arrivals, "BATCH_BYTES", 1)
    files = inbox_files(inbox)
    killed = threading.Event()

    def kill_workers() -> None:
        deadline = time.time() + 60
        while time.time() < deadline and not killed.is_set():
            children = multiprocessing.active_children()
            if children:
                for child in children:
                    child.kill()
                killed.set()
            time.sleep(0.01)

    killer = threading.Thread(target=kill_workers)
    killer.start()
    found = list(read_inbox(files, TODAY, workers=1))
    killer.join()
    assert killed.is_set()
    assert _summary(found) == _summary(list(read_inbox(files, TODAY, workers=0)))


def test_packages_stored_before_are_not_read_again(inbox: Path) -> None:
    files = inbox_files(inbox)
    first = [a for a in read_inbox(files, TODAY, workers=0) if a.package is not None]
    stored = StoredPackages(frozenset((a.package.credit_code, a.package.ledger.checksum_sha256)
                                      for a in first[:3] if a.package))
    again = {a.path.name: a for a in read_inbox(files, TODAY, workers=0, stored=stored)}
    for a in first:
        assert again[a.path.name].stored_before == (a in first[:3])
        assert (again[a.path.name].package is None) == (a in first[:3])
    assert again["08_broken.zip"].refusal and not again["08_broken.zip"].stored_before


def test_readers_print_nothing_on_the_callers_terminal(capfd: pytest.CaptureFixture[str]) -> None:
    """The TUI owns the screen while a consolidation reads ahead: a reader's stray output must not land there."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=arrivals._quiet) as pool:
        pool.submit(print, "stray output").result()
        pool.submit(os.write, 2, b"stray error").result()
    out, err = capfd.readouterr()
    assert "stray" not in out and "stray" not in err
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:  # the check can see output at all
        pool.submit(print, "stray output").result()
    assert "stray output" in capfd.readouterr().out
