"""A PostgreSQL server for the storage tests: the one in EQUIPINV_TEST_PG_URL, or a throwaway cluster.

PostgreSQL refuses to run as root, and CI runs as root: the throwaway cluster is then initialised and
started as the `postgres` system user (runuser), in a temporary folder that user owns, on a free port,
trusting local connections only. Each test gets a database of its own, dropped afterwards.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

ENV_URL = "EQUIPINV_TEST_PG_URL"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_bindir() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


def _as_postgres(args: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return args
    return ["runuser", "-u", "postgres", "--", *args]


@contextmanager
def throwaway_server() -> Iterator[str | None]:
    """Start a temporary cluster and yield its URL, or yield None when no binaries are installed."""
    bindir = _pg_bindir()
    if bindir is None:
        yield None
        return
    folder = tempfile.mkdtemp(prefix="equipinv-pg-")
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data, port = os.path.join(folder, "data"), _free_port()
    subprocess.run(_as_postgres([f"{bindir}/initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
                                 "--no-instructions"]), check=True, capture_output=True)
    subprocess.run(_as_postgres([f"{bindir}/pg_ctl", "-D", data, "-w", "-l", os.path.join(folder, "log"), "-o",
                                 f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start"]),
                   check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_postgres([f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "stop"]), capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def server_url() -> Iterator[str | None]:
    """EQUIPINV_TEST_PG_URL when set, else a throwaway server, else None."""
    given = os.environ.get(ENV_URL)
    if given:
        yield given
        return
    with throwaway_server() as url:
        yield url


@contextmanager
def fresh_database(server: str) -> Iterator[str]:
    """A new, empty database on `server`, dropped on exit; yields its URL."""
    name = f"equipinv_t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        for _ in range(3):
            try:
                with admin.connect() as c:
                    c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                break
            except sa.exc.OperationalError:
                time.sleep(0.5)
        admin.dispose()
