"""A county's database under attack: the demo ledger, checked, on SQLite and on PostgreSQL with real logins.

On PostgreSQL `bureau setup-roles` has run and each name below is a login of its own (two for Xiaoyi
county, so one can report an elimination done and the other verify it). On SQLite there are no
logins: the login is what the program records (EQUIPINV_USER), so `Site.engine(name)` sets that and
hands back the one engine, and the same attack runs against the triggers.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa

from equipinv.bureau.security import add_staff, setup_roles
from equipinv.checking import check_stored_units
from equipinv.db import open_database, session_scope
from equipinv.demo import build_demo

XIAOYI, LIULIN, LVLIANG = "141181", "141125", "141100"
# name -> (region, can write)
STAFF = {"clerk": (XIAOYI, True), "inspector": (XIAOYI, True), "liulin": (LIULIN, True), "city": (LVLIANG, False)}


@dataclass
class Site:
    backend: str
    owner: sa.Engine
    monkeypatch: pytest.MonkeyPatch
    roles: dict[str, str] = field(default_factory=dict)  # name -> database role (PostgreSQL)
    engines: dict[str, sa.Engine] = field(default_factory=dict)

    def engine(self, name: str) -> sa.Engine:
        """The connection of staff member `name` (on SQLite: the file, with that user recorded)."""
        if self.backend == "sqlite":
            self.monkeypatch.setenv("EQUIPINV_USER", name)
            return self.owner
        return self.engines[name]

    def login(self, name: str) -> str:
        return self.roles.get(name, name)

    def scalar(self, sql: str, **params: object) -> object:
        with self.owner.connect() as c:
            return c.execute(sa.text(sql), params).scalar()


def _county_database(url: str) -> sa.Engine:
    owner = open_database(url, migrate=True)
    with session_scope(owner) as s:
        build_demo(s)
    with session_scope(owner) as s:
        check_stored_units(s)
    return owner


@contextmanager
def _site(backend: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    monkeypatch.setenv("EQUIPINV_USER", "owner")
    if backend == "sqlite":
        owner = _county_database(str(request.getfixturevalue("sqlite_url")))
        yield Site("sqlite", owner, monkeypatch)
        owner.dispose()
        return
    pg_url, server = str(request.getfixturevalue("pg_url")), str(request.getfixturevalue("pg_server_url"))
    owner = _county_database(pg_url)
    setup_roles(owner)
    suffix = uuid.uuid4().hex[:8]
    found = Site("postgres", owner, monkeypatch)
    for name, (region, write) in STAFF.items():
        role = f"{name}_{suffix}"
        add_staff(owner, role, region, can_write=write, password="pw-" + suffix)
        found.roles[name] = role
        found.engines[name] = sa.create_engine(sa.engine.make_url(pg_url).set(username=role, password="pw-" + suffix))
    try:
        yield found
    finally:
        for engine in (*found.engines.values(), owner):
            engine.dispose()
        admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            for role in found.roles.values():
                c.exec_driver_sql(f"DROP ROLE IF EXISTS {role}")
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def site(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    """The county database on each backend."""
    with _site(request.param, request, monkeypatch) as found:
        yield found


@pytest.fixture
def pg_site(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    """The county database on PostgreSQL only (attacks on row-level security, which SQLite does not have)."""
    with _site("postgres", request, monkeypatch) as found:
        yield found
