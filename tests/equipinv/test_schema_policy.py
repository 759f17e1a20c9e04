"""When a database's schema is upgraded, and when it is refused.

A SQLite ledger upgrades on open; a shared PostgreSQL database only by `equipinv db upgrade` (a
database behind the code says so and names the command); a database written by a newer equipinv is
refused with both version numbers, exit 2, one line — never "internal error".
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from equipinv.db import current_revision, head_revision, make_engine, upgrade
from tests.cli_runner import run_cli


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return run_cli(capsys, args)


def _revision(url: str) -> str | None:
    engine = make_engine(url)
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


def _at(url: str, revision: str) -> None:
    engine = make_engine(url)
    upgrade(engine, revision)
    engine.dispose()


def _stamp(url: str, revision: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    engine.dispose()


@pytest.mark.postgres
def test_postgres_behind_the_code_is_refused_until_db_upgrade(pg_url: str, capsys) -> None:
    _at(pg_url, "0003")
    code, out, err = _run(capsys, "--db", pg_url, "enterprise", "list", "--json")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "0003" in err and head_revision() in err and "db upgrade" in err and "内部错误" not in err
    assert _revision(pg_url) == "0003"  # opening changed nothing
    code, out, err = _run(capsys, "--db", pg_url, "db", "upgrade")
    assert code == 0, err
    assert _revision(pg_url) == head_revision()
    code, out, err = _run(capsys, "--db", pg_url, "enterprise", "list", "--json")
    assert code == 0 and out.strip() == "[]"


@pytest.mark.postgres
def test_an_empty_postgres_database_is_created_by_init_not_by_opening(pg_url: str, capsys) -> None:
    code, _out, err = _run(capsys, "--db", pg_url, "enterprise", "list")
    assert code == 2 and "db upgrade" in err and _revision(pg_url) is None
    code, out, err = _run(capsys, "--db", pg_url, "init")
    assert code == 0 and _revision(pg_url) == head_revision(), err


def test_a_sqlite_ledger_behind_the_code_upgrades_on_open(tmp_path: Path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    _at(url, "0003")
    code, out, err = _run(capsys, "--db", url, "enterprise", "list", "--json")
    assert code == 0 and out.strip() == "[]", err
    assert _revision(url) == head_revision()


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_database_ahead_of_the_code_is_refused_with_both_versions(backend: str, tmp_path: Path, capsys,
                                                                     request: pytest.FixtureRequest) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite'}" if backend == "sqlite" else str(request.getfixturevalue("pg_url"))
    _at(url, "head")
    _stamp(url, "0099")
    for args in (("enterprise", "list"), ("db", "upgrade")):
        code, out, err = _run(capsys, "--db", url, *args)
        assert code == 2 and out == "" and err.count("\n") == 1, err
        assert "0099" in err and head_revision() in err and "内部错误" not in err
    assert _revision(url) == "0099"
