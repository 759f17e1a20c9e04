"""`--db` opens an existing ledger only; `init` (or `demo`) creates one; whatever else `--db` names is
refused in one line with exit status 2 — never a new empty file, never "internal error" with the
driver's text — and three processes creating one ledger at once all succeed."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from equipinv.db import current_revision, head_revision, make_engine, upgrade
from tests.cli_runner import run_cli

ROOT = Path(__file__).resolve().parents[2]


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return run_cli(capsys, args)


def _refused(capsys: pytest.CaptureFixture[str], db: str, *command: str) -> str:
    code, out, err = _run(capsys, "--db", db, *(command or ("enterprise", "list")))
    assert code == 2 and out == "" and err.count("\n") == 1, (code, err)
    assert "内部错误" not in err and "internal error" not in err and "Traceback" not in err
    return err


def test_a_missing_file_or_folder_is_refused_with_the_init_command(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    err = _refused(capsys, "missing.sqlite")
    assert "missing.sqlite 不存在" in err and "equipinv --db missing.sqlite init" in err
    err = _refused(capsys, "nodir/x.sqlite")
    assert "文件夹" in err and "nodir" in err and "equipinv --db nodir/x.sqlite init" in err
    assert list(tmp_path.iterdir()) == []  # nothing was created
    code, _out, err = _run(capsys, "--db", "nodir/x.sqlite", "init")
    assert code == 0, err
    code, out, err = _run(capsys, "--db", "nodir/x.sqlite", "enterprise", "list", "--json")
    assert code == 0 and out.strip() == "[]", err


def test_the_default_ledger_too_is_created_only_by_init(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("EQUIPINV_DATABASE_URL", str(tmp_path / "env.sqlite"))
    code, out, err = _run(capsys, "enterprise", "list")
    assert code == 2 and "equipinv init" in err and not (tmp_path / "env.sqlite").exists()
    code, _out, err = _run(capsys, "init")
    assert code == 0 and (tmp_path / "env.sqlite").exists(), err


def test_readme_first_command_builds_a_new_ledger(tmp_path: Path, capsys) -> None:
    db = tmp_path / "fresh" / "demo.sqlite"
    code, out, err = _run(capsys, "--db", str(db), "demo", "--json", "--out", str(tmp_path / "out"))
    assert code == 0 and db.exists(), err


def test_what_is_not_a_ledger_is_named(tmp_path: Path, capsys) -> None:
    (tmp_path / "folder").mkdir()
    assert "是文件夹" in _refused(capsys, str(tmp_path / "folder"))
    noise = tmp_path / "noise.sqlite"
    noise.write_bytes(bytes(range(256)) * 16)
    assert "不是 SQLite 数据库" in _refused(capsys, str(noise))
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    assert "空文件" in _refused(capsys, str(empty)) and "init" in _refused(capsys, str(empty))
    other = tmp_path / "other.sqlite"
    with sa.create_engine(f"sqlite:///{other}").begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x)")
    assert "还不是 equipinv 台账" in _refused(capsys, str(other))
    assert noise.read_bytes() == bytes(range(256)) * 16  # refused files are left as they were


@pytest.mark.parametrize(("url", "said"), [
    ("mysql://u:p@localhost/x", "不支持的数据库类型 mysql"),
    ("postgres://u:p@localhost/x", "postgres 写错了"),
    ("postgresql+psycopg2://u:p@localhost/x", "驱动 postgresql+psycopg2 未安装"),
    ("postgresql+psycopg://postgres:postgres@127.0.0.1:1/x", "无法连接 PostgreSQL 服务器 127.0.0.1:1"),
    ("postgresql+psycopg://postgres:postgres@no-such-host.invalid/x", "找不到 PostgreSQL 服务器 no-such-host.invalid"),
])
def test_other_engines_and_unreachable_servers_are_named(url: str, said: str, capsys) -> None:
    for command in (("enterprise", "list"), ("db", "status")):
        err = _refused(capsys, url, *command)
        assert said in err, err
        assert ":p@" not in err  # the password is never shown


@pytest.mark.postgres
def test_a_misspelt_database_or_password_on_a_real_server(pg_url: str, capsys) -> None:
    url = sa.engine.make_url(pg_url)
    err = _refused(capsys, url.set(database="no_such_ledger").render_as_string(hide_password=False))
    assert "没有数据库 no_such_ledger" in err
    err = _refused(capsys, url.set(password="wrong-password").render_as_string(hide_password=False))
    assert f"拒绝用户 {url.username} 登录" in err and "wrong-password" not in err


def test_a_newer_schema_is_refused_with_both_versions(tmp_path: Path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0999'")
    engine.dispose()
    err = _refused(capsys, url)
    assert "0999" in err and head_revision() in err


@pytest.fixture
def read_only_ledger(tmp_path: Path) -> Iterator[Path]:
    """A ledger this process may read but not write: immutable (chattr +i) so that even root cannot write it."""
    path = tmp_path / "ro.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    for side in (tmp_path / "ro.sqlite-wal", tmp_path / "ro.sqlite-shm"):
        side.unlink(missing_ok=True)
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True)
    else:
        path.chmod(0o444)
    assert not os.access(path, os.W_OK)
    yield path
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_ledger_reads_but_refuses_writes(read_only_ledger: Path, capsys) -> None:
    code, out, err = _run(capsys, "--db", str(read_only_ledger), "enterprise", "list", "--json")
    assert code == 0 and out.strip() == "[]", err
    err = _refused(capsys, str(read_only_ledger), "enterprise", "add", "--credit-code", "91141181MA0GX5K2LK",
                   "--name", "测试企业", "--region", "141181", "--industry", "C2521")
    assert "只读" in err and str(read_only_ledger) in err


@pytest.mark.postgres
def test_a_read_only_postgres_database_reads_but_refuses_writes(pg_url: str, capsys) -> None:
    code, _out, err = _run(capsys, "--db", pg_url, "init")
    assert code == 0, err
    engine = make_engine(pg_url)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        name = sa.engine.make_url(pg_url).database
        connection.exec_driver_sql(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    engine.dispose()
    code, out, err = _run(capsys, "--db", pg_url, "enterprise", "list", "--json")
    assert code == 0 and out.strip() == "[]", err
    err = _refused(capsys, pg_url, "enterprise", "add", "--credit-code", "91141181MA0GX5K2LK", "--name", "测试企业",
                   "--region", "141181", "--industry", "C2521")
    assert "只读" in err


def _three_at_once(db: str, *command: str) -> list[subprocess.CompletedProcess[str]]:
    environment = dict(os.environ, PYTHONPATH=str(ROOT))
    started = [subprocess.Popen([sys.executable, "-m", "equipinv", "--db", db, *command], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=environment) for _ in range(3)]
    return [subprocess.CompletedProcess(p.args, p.wait(timeout=180), *p.communicate()) for p in started]


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_three_processes_creating_one_ledger_all_succeed(backend: str, tmp_path: Path,
                                                         request: pytest.FixtureRequest) -> None:
    db = str(tmp_path / "race.sqlite") if backend == "sqlite" else str(request.getfixturevalue("pg_url"))
    done = _three_at_once(db, "init", "--json")
    assert [d.returncode for d in done] == [0, 0, 0], [d.stderr for d in done]
    engine = make_engine(db if "://" in db else f"sqlite:///{db}")
    try:
        assert current_revision(engine) == head_revision()
        with engine.connect() as connection:
            regions = connection.exec_driver_sql("SELECT count(*), count(DISTINCT code) FROM region").one()
        assert regions[0] == regions[1] > 0  # the code list was loaded once
    finally:
        engine.dispose()
