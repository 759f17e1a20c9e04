"""应报未报: a county loads its roster and sees, for a period, who reported on time, late, not at all, and
who reported without being on the roster — through the CLI, on packages consolidated for real."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from equipinv.bureau.consolidate import consolidate
from equipinv.bureau.roster import RosterError, load_roster, reporting_status
from equipinv.cli import main
from equipinv.cli_support import STATE
from equipinv.codes import make_credit_code
from equipinv.db import open_database, session_scope
from equipinv.demo import ENTERPRISES
from equipinv.models import Enterprise, RosterEntry, Submission
from tests.cli_runner import run_cli
from tests.demo_packages import demo_packages

DEMO_CODES = [make_credit_code(e.credit_prefix) for e in ENTERPRISES]
ABSENT = make_credit_code("91141181MA0NXRPT1")


def _write_roster(path: Path, rows: list[list[object]]) -> Path:
    header = ["序号", "统一社会信用代码", "企业名称", "行业代码", "行政区划代码", "是否重点用能单位"]
    if path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8-sig") as f:
            csv.writer(f).writerows([header, *rows])
    else:
        book = openpyxl.Workbook()
        book.active.append(header)
        for row in rows:
            book.active.append(row)
        book.save(path)
    return path


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> sa.Engine:
    """A county database holding four of the five demo enterprises' packages for period 2026-11."""
    folder = tmp_path_factory.mktemp("roster")
    inbox = folder / "inbox"
    inbox.mkdir()
    demo_packages(folder / "source.sqlite", inbox, period="2026-11").dispose()
    (inbox / f"04_{DEMO_CODES[4]}.zip").unlink()  # the fifth enterprise has not sent its package
    engine = open_database(folder / "county.sqlite")
    consolidate(engine, inbox, workers=0)
    return engine


def test_roster_status_names_missing_late_and_unlisted(county: sa.Engine, tmp_path: Path) -> None:
    roster = _write_roster(tmp_path / "roster.xlsx", [
        [i + 1, code, e.name, e.industry_code, e.region_code, "是" if e.annual_energy_tce >= 10_000 else "否"]
        for i, (code, e) in enumerate(zip(DEMO_CODES[1:], ENTERPRISES[1:], strict=True))
    ] + [[9, ABSENT, "孝义市未报企业有限公司", "2521", "141181", "是"]])
    with session_scope(county) as session:
        loaded = load_roster(session, roster)
    assert (loaded.rows, loaded.added, loaded.updated) == (5, 5, 0)
    with Session(county) as session:
        late_code = DEMO_CODES[2]
        late_at = session.exec(select(Submission.created_at).join(Enterprise, Submission.enterprise_id == Enterprise.id)
                               .where(Enterprise.credit_code == late_code)).first()
        assert late_at is not None
        due = late_at.date() - dt.timedelta(days=1)
        status = reporting_status(session, "2026-11", due=due)
    assert {x.credit_code for x in status.missing} == {DEMO_CODES[4], ABSENT}
    assert {x.credit_code for x in status.late} == set(DEMO_CODES[1:4]), "all arrived after a due date in the past"
    assert [x.credit_code for x in status.not_on_roster] == [DEMO_CODES[0]]
    assert status.roster_size == 5 and not status.on_time
    with Session(county) as session:
        in_time = reporting_status(session, "2026-11", due=dt.date.today())
        other_period = reporting_status(session, "2026-10")
    assert {x.credit_code for x in in_time.on_time} == set(DEMO_CODES[1:4]) and not in_time.late
    assert len(other_period.missing) == 5, "a package names its period: November's do not count for October"


def test_reloading_updates_and_bad_rows_store_nothing(county: sa.Engine, tmp_path: Path) -> None:
    with session_scope(county) as session:
        load_roster(session, _write_roster(tmp_path / "a.csv", [[1, ABSENT, "旧名称", "2521", "141181", "否"]]))
    with session_scope(county) as session:
        again = load_roster(session, _write_roster(tmp_path / "b.csv", [[1, ABSENT, "新名称", "2521", "141181", "是"]]))
    assert (again.added, again.updated) == (0, 1)
    with Session(county) as session:
        entry = session.exec(select(RosterEntry).where(RosterEntry.credit_code == ABSENT)).one()
        assert (entry.name, entry.key_energy_user, entry.source) == ("新名称", True, "b.csv")
        before = session.exec(select(sa.func.count()).select_from(RosterEntry)).one()
    bad = _write_roster(tmp_path / "bad.csv", [
        [1, make_credit_code("91141181MA0NXRPT2"), "好企业", "2521", "141181", "是"],
        [2, "91141181MA0NXRPT3", "校验位错", "2521", "141181", "是"],
        [3, make_credit_code("91141181MA0NXRPT4"), "标志有误", "2521", "141181", "也许"],
        [4, make_credit_code("91141181MA0NXRPT5"), "", "2521", "141181", "否"]])
    with pytest.raises(RosterError) as refused, session_scope(county) as session:
        load_roster(session, bad)
    message = str(refused.value)
    assert "3 行有误" in message and "第 3 行" in message and "91141181MA0NXRPT3" in message
    assert "第 4 行" in message and "也许" in message and "第 5 行" in message and "缺少企业名称" in message
    with Session(county) as session:
        assert session.exec(select(sa.func.count()).select_from(RosterEntry)).one() == before


def test_cli_roster_load_and_status(county: sa.Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(county.url.database)

    def run(*args: str) -> tuple[int, str, str]:
        STATE._engine = None
        code = main(["--db", db, *args])
        out, err = capsys.readouterr()
        return code, out, err

    roster = _write_roster(tmp_path / "cli.csv", [[1, DEMO_CODES[4], ENTERPRISES[4].name, "3431", "130705", "否"]])
    code, out, err = run("roster", "load", str(roster))
    assert code == 0 and "1 家" in out, err
    code, out, err = run("roster", "status", "--period", "2026-11", "--region", "130700", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert [x["credit_code"] for x in report["missing"]] == [DEMO_CODES[4]]
    code, out, _ = run("roster", "status", "--period", "2026-11", "--region", "130700")
    assert code == 0 and "应报未报 1" in out and ENTERPRISES[4].name in out
    code, _, err = run("roster", "load", str(tmp_path / "none.csv"))
    assert code == 2 and "none.csv" in err
    if STATE._engine is not None:
        STATE._engine.dispose()
    STATE._engine = None


def test_consolidate_and_progress_print_the_rosters_gaps(county: sa.Engine, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """With a roster loaded, `consolidate` and `progress` name who has not reported for the period (and who
    late), as `roster status` does; a database without a roster prints no such block."""
    db = str(county.url.database)

    def run(database: str, *args: str) -> tuple[int, str, str]:
        return run_cli(capsys, ["--db", database, *args])

    empty_inbox = tmp_path / "inbox"
    empty_inbox.mkdir()
    bare = str(tmp_path / "no_roster.sqlite")
    assert run(bare, "init")[0] == 0
    code, out, err = run(bare, "consolidate", str(empty_inbox), "--period", "2026-11", "--json")
    assert code == 0 and json.loads(out)["roster"] is None, err
    code, out, err = run(bare, "consolidate", str(empty_inbox), "--period", "2026-11")
    assert code == 0 and "应报未报" not in out, err

    roster = _write_roster(tmp_path / "gaps.csv", [
        [1, DEMO_CODES[1], ENTERPRISES[1].name, ENTERPRISES[1].industry_code, ENTERPRISES[1].region_code, "否"],
        [2, DEMO_CODES[4], ENTERPRISES[4].name, ENTERPRISES[4].industry_code, ENTERPRISES[4].region_code, "否"],
        [3, ABSENT, "孝义市未报企业有限公司", "2521", "141181", "是"]])
    assert run(db, "roster", "load", str(roster))[0] == 0
    with Session(county) as session:
        expected = reporting_status(session, "2026-11", due=dt.date(2000, 1, 1))
    code, out, err = run(db, "consolidate", str(empty_inbox), "--period", "2026-11", "--due", "2000-01-01", "--json")
    assert code == 0, err
    gaps = json.loads(out)["roster"]
    assert gaps == json.loads(json.dumps(expected.to_dict())), "one code path: roster status's own figures"
    assert {x["credit_code"] for x in gaps["missing"]} >= {DEMO_CODES[4], ABSENT}
    assert DEMO_CODES[1] in {x["credit_code"] for x in gaps["late"]}
    code, out, err = run(db, "consolidate", str(empty_inbox), "--period", "2026-11", "--due", "2000-01-01")
    assert code == 0, err
    assert "应报未报" in out and ENTERPRISES[4].name in out and "孝义市未报企业有限公司" in out
    assert "迟报" in out and ENTERPRISES[1].name in out
    code, out, err = run(db, "progress", "--as-of", "2026-11-22", "--due", "2000-01-01")
    assert code == 0, err
    assert "报送期 2026-11" in out and "应报未报" in out and ENTERPRISES[4].name in out
    code, out, err = run(db, "progress", "--as-of", "2026-11-22", "--json")
    assert code == 0, err
    assert ABSENT in {x["credit_code"] for x in json.loads(out)["roster"]["missing"]}
    code, out, err = run(db, "progress", "--as-of", "2026-12-01", "--json")
    assert code == 0 and len(json.loads(out)["roster"]["missing"]) == json.loads(out)["roster"]["roster_size"], \
        "December's survey: nobody has reported yet"
