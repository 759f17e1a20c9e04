"""Bad input at scale: a ledger over a job's memory budget is refused up front (size and limit named,
nothing stored), and a bulk write interrupted half-way (grade writing grades back, chunk by chunk)
leaves every stored grade as it was, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import select

import equipinv.grading as grading
from equipinv.db import session_scope
from equipinv.ledger_arrays import id_ranges
from equipinv.models import Equipment, Plan
from equipinv.synthetic import store_synthetic
from tests.equipinv.conftest import Runner

EQ = Equipment.__table__  # type: ignore[attr-defined]
STORED = (EQ.c.id, EQ.c.grade, EQ.c.benchmark_level, EQ.c.grade_standard, EQ.c.grade_detail, EQ.c.graded_at)


def _grades(engine: sa.Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.select(*STORED).order_by(EQ.c.id))]


class Interrupted(Exception):
    """Stands for the process being stopped while grade writes its chunks."""


def test_an_interrupted_grade_leaves_every_grade_as_it_was(engine: sa.Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    store_synthetic(engine, 600, enterprises=3)
    with session_scope(engine) as session:
        grading.grade_stored_units(session, on=dt.date(2026, 6, 1))
    before = _grades(engine)
    assert sum(1 for row in before if row[2] not in (None, "ungraded")) > 100  # there are grades to lose

    monkeypatch.setattr(grading, "id_ranges", lambda session, where=None: id_ranges(session, where=where, size=200))
    written: list[int] = []
    real_update = grading.update_columns

    def update_then_stop(connection: sa.Connection, table: sa.Table, ids: list[int], columns: Any) -> int:
        count = real_update(connection, table, ids, columns)  # this chunk is written ...
        written.append(count)
        if len(written) == 2:  # ... and the process stops after the second of three chunks
            raise Interrupted
        return count

    monkeypatch.setattr(grading, "update_columns", update_then_stop)
    with pytest.raises(Interrupted), session_scope(engine) as session:
        grading.grade_stored_units(session, on=dt.date(2031, 1, 1))  # another date: every grade would change
    assert written == [200, 200]
    assert _grades(engine) == before


def test_grade_written_in_bulk_is_what_one_unit_at_a_time_stores(engine: sa.Engine) -> None:
    """The bulk UPDATE (driver executemany on SQLite) stores the same values as grading a unit alone."""
    store_synthetic(engine, 300, enterprises=2)
    on = dt.date(2026, 6, 1)
    with session_scope(engine) as session:
        grading.grade_stored_units(session, on=on)
    bulk = {row[0]: row[1:5] for row in _grades(engine)}
    with session_scope(engine) as session:
        units = list(session.exec(select(Equipment).order_by(Equipment.id).limit(60)))  # type: ignore[arg-type]
        for unit in units:
            grading.grade_one(session, unit, on=on)
    alone = {row[0]: row[1:4] for row in _grades(engine)}
    assert len(units) == 60
    for unit in units:
        assert bulk[unit.id][:3] == alone[unit.id]
        assert bulk[unit.id][3]["assessed_on"] == on.isoformat()
    assert len({id(v) for v in bulk.values()}) == len(bulk)  # read back: not one shared object per unit


@pytest.mark.parametrize("command", [("recommend", "--json"), ("plan", "--budget", "2027=1e6", "--json")])
def test_planning_over_the_memory_budget_is_refused_up_front(cli: Runner, monkeypatch: pytest.MonkeyPatch,
                                                             command: tuple[str, ...]) -> None:
    assert cli("demo", "--synthetic", "500", "--json")[0] == 0
    monkeypatch.setenv("EQUIPINV_MEMORY_MB", "0.5")  # 500 units × 2,000 bytes ≈ 0.95 MB: over
    code, out, err = cli(*command)
    assert code == 2 and out == ""
    assert "500 台设备" in err and "超过上限 0.5 MB" in err and "EQUIPINV_MEMORY_MB" in err
    assert "Traceback" not in err
    monkeypatch.setenv("EQUIPINV_MEMORY_MB", "64")  # the same ledger within the budget runs
    assert cli(*command)[0] == 0


def test_a_refused_plan_stores_nothing(cli: Runner, monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    assert cli("demo", "--synthetic", "200", "--json")[0] == 0
    monkeypatch.setenv("EQUIPINV_MEMORY_MB", "0.1")
    assert cli("plan", "--budget", "2027=1e6")[0] == 2
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'cli.sqlite'}")
    with engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(Plan.__table__)).scalar_one() == 0  # type: ignore[attr-defined]
    engine.dispose()


@pytest.mark.parametrize("value", ["lots", "-5", "0"])
def test_a_bad_memory_budget_names_the_variable_and_value(cli: Runner, monkeypatch: pytest.MonkeyPatch,
                                                          value: str) -> None:
    assert cli("demo", "--synthetic", "50", "--json")[0] == 0
    monkeypatch.setenv("EQUIPINV_MEMORY_MB", value)
    code, _out, err = cli("recommend", "--json")
    assert code == 2 and f'EQUIPINV_MEMORY_MB "{value}"' in json.loads(err)["message_zh"]
    code, _out, err = cli("recommend")
    assert code == 2 and f'EQUIPINV_MEMORY_MB "{value}"' in err


