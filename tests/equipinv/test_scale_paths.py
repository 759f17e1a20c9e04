"""Paths that must hold at a province's size: no IN list of every unit, light start-up, paged and streamed output."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session

from equipinv.cli import main
from equipinv.cli_support import PAGE_ROWS, STATE, emit_json
from equipinv.ledger_reader import EnterpriseFilter, ScopeLedger, findings_text, listed_findings, unit_query
from equipinv.lists import Scope
from equipinv.models import Equipment, Finding
from equipinv.synthetic import store_synthetic

HEAVY = ("numpy", "scipy", "pint", "sqlalchemy", "sqlmodel")
ROOT = Path(__file__).resolve().parents[2]
# More units than SQLite's 32,766 bound variables: an IN list of every unit id fails here.
SQLITE_DEFAULT_VARIABLES = 32_766
PAST_SQLITE_LIMIT = 33_000


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=environment, timeout=120,
                          check=False)


def _imported(importtime_log: str) -> set[str]:
    return {line.rsplit("|", 1)[-1].strip() for line in importtime_log.splitlines() if line.startswith("import time:")}


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_import_no_heavy_library(flag: str) -> None:
    done = _run("-X", "importtime", "-m", "equipinv", flag)
    assert done.returncode == 0, done.stderr[-500:]
    modules = _imported(done.stderr)
    assert "equipinv.cli" in modules  # the log is read right
    assert not {m for m in modules if m.split(".")[0] in HEAVY}, sorted(m for m in modules if m.split(".")[0] in HEAVY)
    if flag == "--version":
        assert done.stdout.startswith("equipinv ")
    else:
        assert "lists" in done.stdout and "recommend" in done.stdout


def test_unit_registry_from_the_disk_cache_keeps_our_dimensions(tmp_path: Path) -> None:
    script = ("from equipinv.units import QuantityError, parse_quantity\n"
              "print(parse_quantity('capacity_kva', '1250 kVA'), parse_quantity('rated_power_kw', '100 马力'))\n"
              "try:\n    parse_quantity('capacity_kva', '75 kW')\nexcept QuantityError:\n    print('refused')\n")
    runs = [_run("-c", script, env={"XDG_CACHE_HOME": str(tmp_path)}) for _ in range(2)]  # cold, then warm cache
    assert any(tmp_path.rglob("*.pickle")), "pint wrote no cache"
    for done in runs:
        assert done.returncode == 0, done.stderr[-500:]
        assert done.stdout.split() == ["1250.0", "73.549875", "refused"]


def test_streamed_json_is_the_json_of_the_lists(capsys: pytest.CaptureFixture[str]) -> None:
    document = {"n": 2, "rows": [{"a": "设备", "b": [1, 2.5, None]}, {"a": "", "b": []}], "empty": [], "notes": ["x"]}
    emit_json({"n": 2, "rows": (dict(r) for r in document["rows"]), "empty": iter([]), "notes": ["x"]})
    text = capsys.readouterr().out
    assert text == json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _sqlite_default_variable_limit(dbapi_connection: object, _record: object) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, SQLITE_DEFAULT_VARIABLES)


@pytest.fixture(autouse=True)
def sqlite_as_built_by_default() -> Iterator[None]:
    """SQLite's own default of 32,766 bound variables (Debian builds allow 250,000, which hid the failure)."""
    sa.event.listen(sa.engine.Engine, "connect", _sqlite_default_variable_limit)
    yield
    sa.event.remove(sa.engine.Engine, "connect", _sqlite_default_variable_limit)


@pytest.fixture(scope="module")
def large_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A graded and checked synthetic ledger past SQLite's bound-variable limit."""
    path = tmp_path_factory.mktemp("large") / "large.sqlite"
    STATE._engine = None
    assert main(["--db", str(path), "demo", "--synthetic", str(PAST_SQLITE_LIMIT), "--json"]) == 0
    return path


def _units_with_legal_basis(path: Path) -> int:
    """Units `check` opened an elimination record for: every legal basis (catalogue, age, emission rule,
    below the access level), whatever a plan picked."""
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        count = connection.execute(sa.text("SELECT count(DISTINCT equipment_id) FROM eliminationrecord")).scalar()
    engine.dispose()
    return int(count or 0)


def test_elimination_list_past_the_sqlite_variable_limit(large_ledger: Path, tmp_path: Path) -> None:
    out = tmp_path / "elimination.csv"
    STATE._engine = None
    assert main(["--db", str(large_ledger), "lists", "elimination", "--csv", str(out)]) == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    expected = _units_with_legal_basis(large_ledger)
    assert expected > 0
    assert len(rows) == expected  # one row per unit a law condemns


def test_lists_print_a_page_with_the_total(large_ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
    STATE._engine = None
    capsys.readouterr()
    assert main(["--db", str(large_ledger), "lists", "current_state", "--enterprise", "合成企业00000"]) == 0
    out = capsys.readouterr().out
    units = PAST_SQLITE_LIMIT // 33  # store_synthetic deals the units round-robin over 33 enterprises
    assert out.count("合成设备") == PAGE_ROWS
    assert f"共 {units:,} 行，显示前 {PAGE_ROWS} 行" in out and "--all" in out
    STATE._engine = None
    assert main(["--db", str(large_ledger), "lists", "current_state", "--enterprise", "合成企业00000", "--all"]) == 0
    out = capsys.readouterr().out
    assert out.count("合成设备") == units and "显示前" not in out


def test_a_scope_of_many_enterprises_goes_through_a_temporary_table(large_ledger: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{large_ledger}")
    many = list(range(1, 1501))  # more ids than go into IN (…); the ledger's 33 enterprises among them
    with Session(engine) as session:
        counted = session.execute(sa.select(sa.func.count()).select_from(Equipment.__table__).where(
            EnterpriseFilter(session, many).of(Equipment.__table__.c.enterprise_id))).scalar()
        assert counted == PAST_SQLITE_LIMIT
        ledger = ScopeLedger(session, many, today=dt.date(2026, 6, 1))
        assert len(ledger.enterprises) == 33
        assert sum(1 for _ in ledger.units) == PAST_SQLITE_LIMIT
        assert sum(1 for _ in ScopeLedger(session, many[:2], today=dt.date(2026, 6, 1)).units) == 2 * 1000
    engine.dispose()


def _assert_findings_text_lists_the_findings(ledger: ScopeLedger) -> None:
    """Each unit's `findings_text` says what its finding rows say, in id order, dates as dates."""
    also = (findings_text(ledger.dialect).label("findings"),)
    in_text = {u.id: [dataclasses.astuple(f) for f in listed_findings(u.findings)] for u in ledger.units_where(also=also)}
    in_rows = {u.id: [tuple(f)[2:] for f in ledger.findings_of(u)] for u in ledger.units}
    assert in_text == in_rows and any(len(found) > 1 for found in in_rows.values())
    assert any(isinstance(f[6], dt.date) for found in in_text.values() for f in found)


def test_findings_text_on_sqlite(large_ledger: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{large_ledger}")
    with Session(engine) as session:
        ledger = ScopeLedger(session, Scope.everything(session).enterprise_ids, today=dt.date(2026, 6, 1))
        _assert_findings_text_lists_the_findings(ledger)
    engine.dispose()


def test_streamed_rows_on_postgresql(pg_url: str) -> None:
    """The list's units come through a server-side cursor, joined to their findings in SQL."""
    from equipinv.checking import check_stored_units
    from equipinv.db import open_database
    from equipinv.grading import grade_stored_units

    engine = open_database(pg_url, migrate=True)
    store_synthetic(engine, 3000, enterprises=3, seed=3)
    with Session(engine) as session:
        grade_stored_units(session)
        check_stored_units(session)
        session.commit()
    with Session(engine) as session:
        scope = Scope.everything(session)
        ledger = ScopeLedger(session, scope.enterprise_ids, today=dt.date(2026, 6, 1))
        ledger.chunk_rows = 700  # several chunks, each looked up on its own
        found = {u.id: [f.id for f in ledger.findings_of(u)] for u in ledger.units}
        units = list(ledger.units)
        assert len(units) == 3000 and units[0].asset_no < units[-1].asset_no
        findings = Finding.__table__
        expected: dict[int, list[int]] = {}
        for unit_id, finding_id in session.execute(sa.select(findings.c.equipment_id, findings.c.id)
                                                   .where(findings.c.outcome == "match").order_by(findings.c.id)):
            expected.setdefault(unit_id, []).append(finding_id)
        assert expected and {k: v for k, v in found.items() if v} == expected
        with pytest.raises(RuntimeError, match="outside the pass"):
            ledger.findings_of(units[0])  # the pass is over: no stale answer
        _assert_findings_text_lists_the_findings(ledger)
        # JSON read as text and parsed once per distinct text, as on SQLite: equal values, one object
        rated = session.execute(unit_query(("id", "rating_params", "grade_detail"), sa.true())).all()
        for name in ("rating_params", "grade_detail"):
            values = [getattr(r, name) for r in rated]
            texts = {json.dumps(v, sort_keys=True) for v in values}
            assert len({id(v) for v in values}) == len(texts) < len(values), name
    engine.dispose()


_plain = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text())


@given(st.one_of(
    st.dictionaries(st.text(), st.one_of(_plain, st.lists(_plain))),
    st.dictionaries(st.text(), st.one_of(_plain, st.dictionaries(st.text(), _plain), st.lists(st.lists(_plain)))),
    st.lists(_plain)), st.sampled_from(["", "  ", "      "]))
def test_streamed_json_items_are_what_an_indented_dump_writes(value: object, pad: str) -> None:
    """Rows laid out with the C encoder's values read exactly as `json.dumps(indent=2)` writes them."""
    from equipinv.cli_support import _indented

    assert _indented(value, pad) == json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + pad)
