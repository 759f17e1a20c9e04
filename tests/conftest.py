"""Fixtures every test package shares: ledgers on SQLite and on a real PostgreSQL server.

`engine` runs a test once per backend. The PostgreSQL server comes from EQUIPINV_TEST_PG_URL or is a
throwaway cluster (see pg_server.py); only when neither is possible are PostgreSQL cases skipped, with
the reason printed in the summary.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from equipinv.db import open_database
from tests import pg_server


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    with pg_server.server_url() as url:
        if url is None:
            pytest.skip("PostgreSQL 不可用：未设置 EQUIPINV_TEST_PG_URL，也未安装 PostgreSQL (no PostgreSQL server)")
        yield url


@pytest.fixture
def pg_url(pg_server_url: str) -> Iterator[str]:
    with pg_server.fresh_database(pg_server_url) as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'ledger.sqlite'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """The URL of an empty ledger database, once on SQLite and once on PostgreSQL."""
    name = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def engine(db_url: str) -> Iterator[sa.Engine]:
    """A migrated, empty ledger on each backend."""
    eng = open_database(db_url, migrate=True)
    yield eng
    eng.dispose()
