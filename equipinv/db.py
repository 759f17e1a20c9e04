"""Where the ledger lives: the engine from a URL, migrations to the newest schema, sessions.

A plain path or no argument means a SQLite file (the default one lives in the user data directory);
a SQLAlchemy URL (`postgresql+psycopg://...`) means a server. Every schema change is an alembic
migration in `equipinv/migrations`, so a ledger written by an older version opens in a newer one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from platformdirs import user_data_dir
from sqlmodel import Session

from equipinv import codes
from equipinv.errors import Unavailable
from equipinv.models import Region

DATABASE_ENV = "EQUIPINV_DATABASE_URL"


class DatabaseError(Unavailable, RuntimeError):
    """The database cannot be opened or is not at a schema this version understands."""


def default_database_path() -> Path:
    """The per-user SQLite ledger: e.g. ~/.local/share/equipinv/equipinv.sqlite on Linux."""
    return Path(user_data_dir("equipinv", appauthor=False)) / "equipinv.sqlite"


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """`--db` value, else EQUIPINV_DATABASE_URL, else the default SQLite file, as a SQLAlchemy URL."""
    value = str(db) if db else os.environ.get(DATABASE_ENV) or str(default_database_path())
    if "://" in value:
        return value
    path = Path(value).expanduser().resolve()
    return f"sqlite:///{path}"


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    """SQLite enforces foreign keys only when asked, per connection; WAL lets readers and a writer coexist."""
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> sa.Engine:
    """An engine for `url`; SQLite files get their parent folder created and their pragmas set."""
    if url.startswith("sqlite"):
        database = sa.engine.make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url)
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def _alembic_config(connection: sa.Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", "equipinv:migrations")
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration this version of equipinv knows."""
    config = Config()
    config.set_main_option("script_location", "equipinv:migrations")
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def current_revision(engine: sa.Engine) -> str | None:
    """The migration the database is at (None for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Migrate the database to `revision` and make sure the region code list is loaded."""
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), revision)
    if revision == "head":
        seed_regions(engine)


def seed_regions(engine: sa.Engine) -> None:
    """Load the shipped GB/T 2260 list into the region table when it is empty or out of date."""
    rows = sorted(codes.regions().values(), key=lambda r: (len(r.parent_code or ""), r.code))
    with engine.begin() as connection:
        present = connection.execute(sa.select(sa.func.count()).select_from(Region)).scalar_one()
        if present == len(rows):
            return
        existing = set(connection.execute(sa.select(Region.code)).scalars())  # type: ignore[call-overload]
        new = [
            {"code": r.code, "name": r.name, "level": r.level, "parent_code": r.parent_code}
            for r in rows
            if r.code not in existing
        ]
        # parents first: provinces have no parent, cities point at provinces, counties at either
        new.sort(key=lambda r: {"province": 0, "city": 1, "county": 2}[str(r["level"])])
        if new:
            connection.execute(sa.insert(Region), new)


def open_database(db: str | os.PathLike[str] | None = None, *, migrate: bool = True) -> sa.Engine:
    """Engine for the ledger at `db`; an empty or older database is migrated to the newest schema."""
    url = resolve_url(db)
    try:
        engine = make_engine(url)
        if migrate:
            current = current_revision(engine)
            if current != head_revision():
                upgrade(engine)
    except sa.exc.OperationalError as exc:
        raise DatabaseError(
            f"无法打开数据库 {sa.engine.make_url(url).render_as_string(hide_password=True)}："
            f"{exc.orig} (error: cannot open the database)"
        ) from exc
    return engine


@contextmanager
def session_scope(engine: sa.Engine) -> Iterator[Session]:
    """One unit of work: commit at the end, roll back on any error so nothing half-written stays."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
