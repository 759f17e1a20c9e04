"""Consolidating an inbox: accepted, rejected with reasons, duplicates, superseded versions, completeness,
idempotent reruns, and a run killed mid-way that leaves no half submission."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

import efficiency_tables as et
from equipinv.bureau import arrivals
from equipinv.bureau.consolidate import COMPLETENESS_FIELDS, Completeness, consolidate
from equipinv.cli import main
from equipinv.cli_support import STATE
from equipinv.db import open_database, session_scope
from equipinv.exchange.package import export_package
from equipinv.models import Enterprise, Equipment, Submission
from tests.demo_packages import demo_packages


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Packages of the five demo enterprises, a second version of one, a broken file, a note and a folder."""
    folder = tmp_path_factory.mktemp("inbox")
    source = demo_packages(folder.parent / "source.sqlite", folder, period="2026-10")
    with session_scope(source) as s:
        unit = s.exec(select(Equipment).where(Equipment.asset_no == "DJ-0001")).first()
        assert unit is not None
        unit.efficiency_pct = 96.5
        enterprise = s.get(Enterprise, unit.enterprise_id)
        assert enterprise is not None
        s.add(unit)
        s.flush()
        export_package(s, enterprise, folder / "99_update.zip", period="2026-11")
    (folder / "50_broken.zip").write_bytes(b"PK\x03\x04 not really")
    (folder / "报送说明.txt").write_text("请于月底前报送", encoding="utf-8")  # stray files: skipped, and said so
    (folder / "旧版").mkdir()
    source.dispose()
    return folder


def _counts(engine: sa.Engine) -> tuple[int, int]:
    with Session(engine) as s:
        return (s.exec(select(sa.func.count()).select_from(Submission)).one(),
                s.exec(select(sa.func.count()).select_from(Equipment)).one())


def _completeness_unit_by_unit(engine: sa.Engine, scores: list[Completeness]) -> list[dict[str, object]]:
    """The completeness figures counted in Python over every stored unit, for comparison with the SQL."""
    ratings = ("rated_power_kw", "capacity_kva", "capacity_t_h", "capacity_mw")
    expected = []
    with Session(engine) as s:
        for score in scores:
            enterprise = s.exec(select(Enterprise).where(Enterprise.credit_code == score.credit_code)).one()
            units = [u for u in s.exec(select(Equipment).where(Equipment.enterprise_id == enterprise.id)).all()
                     if u.status != "eliminated"]
            missing = {name: sum(1 for u in units if not (any(getattr(u, r) is not None for r in ratings)
                                                          if name == "rating" else getattr(u, name)))
                       for name in COMPLETENESS_FIELDS}
            ungradable = sum(1 for u in units if u.category in et.PARAMETERS
                             and u.benchmark_level in (None, "ungraded"))
            cells = len(units) * len(COMPLETENESS_FIELDS)
            expected.append(Completeness(score.credit_code, enterprise.name, len(units),
                                         1 - sum(missing.values()) / cells, {k: v for k, v in missing.items() if v},
                                         ungradable).to_dict())
    return expected


def test_consolidation_report_and_rerun(db_url: str, inbox: Path) -> None:
    engine = open_database(db_url, migrate=True)
    report = consolidate(engine, inbox)
    assert len(report.accepted) == 6 and len(report.rejected) == 1 and report.duplicates == []
    assert report.rejected[0]["file"] == "50_broken.zip" and "zip" in report.rejected[0]["reason"]
    assert [(s["file"], s["reason"][:3]) for s in report.skipped] == [("报送说明.txt", "不是调"), ("旧版", "子目录")]
    assert len(report.superseded) == 1 and report.superseded[0]["superseded_versions"] == [1]
    assert {c.credit_code for c in report.completeness} == {a["credit_code"] for a in report.accepted}
    assert all(0 < c.score <= 1 for c in report.completeness)
    assert any(c.ungradable > 0 for c in report.completeness)
    assert [c.to_dict() for c in report.completeness] == _completeness_unit_by_unit(engine, report.completeness)
    before = _counts(engine)
    again = consolidate(engine, inbox)
    assert again.accepted == [] and len(again.duplicates) == 6 and _counts(engine) == before
    with Session(engine) as s:
        statuses = s.exec(select(Submission.status)).all()
        assert statuses.count("superseded") == 1
    engine.dispose()


def test_a_killed_run_leaves_no_half_submission(db_url: str, inbox: Path) -> None:
    engine = open_database(db_url, migrate=True)
    env = os.environ | {"EQUIPINV_TEST_CONSOLIDATE_DELAY": "1.5"}
    command = [str(Path(sys.executable).with_name("equipinv")), "--db", db_url, "consolidate", str(inbox), "--json"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and _counts(engine)[0] < 2:
        time.sleep(0.2)
    process.send_signal(signal.SIGKILL)
    process.wait()
    submissions, units = _counts(engine)
    assert 1 <= submissions < 6
    with Session(engine) as s:  # every stored submission is whole: its units are all there
        for submission in s.exec(select(Submission)).all():
            stored = s.exec(select(sa.func.count()).select_from(Equipment)
                            .where(Equipment.submission_id == submission.id)).one()
            assert stored == submission.rows_accepted
        ungraded = s.exec(select(sa.func.count()).select_from(Equipment).where(
            Equipment.graded_at.is_(None) | Equipment.checked_at.is_(None))).one()  # type: ignore[union-attr]
        assert ungraded == 0  # grades and findings land with their submission
    report = consolidate(engine, inbox)
    assert len(report.accepted) + len(report.duplicates) == 6
    assert _counts(engine)[0] == 6
    engine.dispose()


def test_cli_consolidates_with_reading_processes(tmp_path: Path, inbox: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(arrivals, "BATCH_BYTES", 1)  # a batch per file, so the worker processes read them
    db = str(tmp_path / "county.sqlite")
    try:
        assert main(["--db", db, "init"]) == 0 and capsys.readouterr()
        # a refused package: the run stores the rest, and exits 1 saying how many were refused
        assert main(["--db", db, "consolidate", str(inbox), "--workers", "2", "--json"]) == 1
        captured = capsys.readouterr()
        report = json.loads(captured.out)
        assert len(report["accepted"]) == 6 and len(report["rejected"]) == 1
        assert "1 份文件被拒收" in captured.err
        assert main(["--db", db, "consolidate", str(inbox)]) == 1  # on screen: the refusal and the skipped files
        out = capsys.readouterr().out
        assert "拒收 50_broken.zip" in out and "跳过 报送说明.txt：不是调查包" in out and "跳过 旧版：子目录" in out
        assert main(["--db", db, "consolidate", str(inbox), "--workers", "-1"]) == 2
        assert "--workers" in capsys.readouterr().err
    finally:
        if STATE._engine is not None:
            STATE._engine.dispose()
        STATE._engine = None
