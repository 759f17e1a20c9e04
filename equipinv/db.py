"""Where the ledger lives: the engine from a URL, migrations to the newest schema, sessions.

A plain path or no argument means a SQLite file (the default one lives in the user data directory);
a SQLAlchemy URL (`postgresql+psycopg://...`) means a server. Every schema change is an alembic
migration in `equipinv/migrations`, so a ledger written by an older version opens in a newer one.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TypeVar

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from platformdirs import user_data_dir
from sqlmodel import Session

from equipinv import codes, integrity
from equipinv.db_target import DatabaseRefused, check_sqlite_file, check_url, init_command, read_only, refusal, shown
from equipinv.errors import BadInput
from equipinv.models import Region

DATABASE_ENV = "EQUIPINV_DATABASE_URL"
#: How long a SQLite connection waits for another process's write (a migration of a new ledger takes a few seconds).
BUSY_TIMEOUT_MS = 60_000
T = TypeVar("T")


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
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")  # first: the next pragma may wait for another process
    cursor.execute("PRAGMA foreign_keys=ON")
    with suppress(sqlite3.OperationalError):  # a read-only file keeps the journal it has
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    integrity.register_sqlite_functions(dbapi_connection)


def make_engine(url: str, *, read_only: bool = False) -> sa.Engine:
    """An engine for `url`; SQLite connections get their pragmas set (`read_only`: opened so, for a file
    this process may not write, so that reading it still works)."""
    if url.startswith("sqlite"):
        if read_only:
            url = sa.engine.make_url(url).set(database=f"file:{sa.engine.make_url(url).database}?mode=ro",
                                              query={"uri": "true"}).render_as_string(hide_password=False)
        engine = sa.create_engine(url)
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})


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


#: The key of the PostgreSQL advisory lock that serialises migrations (any constant shared by all versions).
_MIGRATION_LOCK_KEY = 0x657175697076  # "equipv"


@contextmanager
def _migration_lock(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection holding the database's migration lock until it commits.

    Several processes may open a new ledger at once (three `init`s, a bureau's staff): without the lock
    each finds no schema and creates the tables, and all but one die on "table already exists". SQLite
    takes its write lock up front (BEGIN EXCLUSIVE, waiting up to the busy timeout); PostgreSQL an
    advisory lock held to the end of the transaction. Whoever comes second finds the schema made.
    """
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN EXCLUSIVE")
        else:
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
        yield connection
        connection.commit()


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Migrate the database to `revision` and make sure the region code list is loaded, under the migration lock."""
    with _migration_lock(engine) as connection:
        command.upgrade(_alembic_config(connection), revision)
        if revision == "head":  # a later migration that rebuilt a table (SQLite batch mode) dropped its triggers
            integrity.install(connection)
            _seed_regions(connection)


def seed_regions(engine: sa.Engine) -> None:
    """Load the shipped GB/T 2260 list into the region table when it is empty or out of date."""
    with engine.begin() as connection:
        _seed_regions(connection)


def _seed_regions(connection: sa.Connection) -> None:
    rows = sorted(codes.regions().values(), key=lambda r: (len(r.parent_code or ""), r.code))
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


class SchemaMismatch(BadInput):
    """The database's schema is not the one this version of equipinv works with; nothing was changed."""


def known_revision(revision: str) -> bool:
    """Whether this version of equipinv has the migration `revision` (a newer version's is unknown here)."""
    config = Config()
    config.set_main_option("script_location", "equipinv:migrations")
    try:
        return ScriptDirectory.from_config(config).get_revision(revision) is not None
    except Exception:  # alembic raises its own resolution errors for an unknown revision
        return False


def _check_schema(engine: sa.Engine, url: str, migrate: bool | None, create: bool, db: str | None) -> None:
    """Upgrade or refuse, by the policy `open_database` describes."""
    current, head = current_revision(engine), head_revision()
    if current == head:
        return
    where = shown(url)
    if current is not None and not known_revision(current):
        raise SchemaMismatch(f"数据库 {where} 的架构版本 {current} 比本程序的 {head} 新，不能打开：请先升级 equipinv",
                             f"database schema {current} is newer than this equipinv's {head}; upgrade equipinv",
                             field="schema_revision", value=current)
    sqlite = url.startswith("sqlite")
    if current is None and sqlite and not create and not migrate:
        raise DatabaseRefused(f"{where} 还不是 equipinv 台账（没有架构）：新建台账请运行 {init_command(db)}",
                              f"{where} is not an equipinv ledger; create it with `{init_command(db)}`",
                              field="db", value=where)
    if migrate or create or (migrate is None and sqlite):
        upgrade(engine)
        return
    state = "尚未建立架构" if current is None else f"的架构版本 {current} 落后于本程序的 {head}"
    raise SchemaMismatch(f"数据库 {where} {state}：请由管理员运行 equipinv --db URL db upgrade",
                         f"database schema {current or 'none'} is behind {head}; run `equipinv --db URL db upgrade`",
                         field="schema_revision", value=current)


def open_database(db: str | os.PathLike[str] | None = None, *, migrate: bool | None = None,
                  create: bool = True) -> sa.Engine:
    """Engine for the ledger at `db`, at the schema this version works with.

    A SQLite ledger (one user's file) is upgraded on open. A PostgreSQL database is shared by a
    bureau's staff, whose programs may be of several versions: it is upgraded only on purpose
    (`equipinv db upgrade`, or `migrate=True`), and a database behind the code is refused with the
    command to run. A database ahead of the code (written by a newer equipinv) is always refused with
    both version numbers. `migrate=False` opens without looking at the schema (for `db status`).

    `create=False` is how the fronts open `--db`: a SQLite file that does not exist (or has no schema)
    is refused with the `init` command instead of becoming a new empty ledger, so a mistyped path is
    said, not silently created. Library callers and `init` / `demo` create. Whatever is wrong with
    the target (a folder, not SQLite, another engine, an unreachable server) is a `DatabaseRefused`.
    """
    given = None if db is None else str(db)
    url = resolve_url(db)
    parsed = check_url(url)
    only_read = False
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        path = Path(parsed.database)
        check_sqlite_file(path, create=create, db=given)
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        only_read = read_only(path)
    engine = make_engine(url, read_only=only_read)
    try:
        if migrate is not False:
            _check_schema(engine, url, migrate, create, given)
    except sa.exc.DBAPIError as exc:
        engine.dispose()
        refused = refusal(exc, url)
        if refused is None:
            raise
        raise refused from exc
    return engine


# unique constraints whose violation means "someone else stored this first", and what to tell the user
_UNIQUE = {
    "uq_submission_enterprise_checksum": ("submission.enterprise_id, submission.checksum_sha256",
                                          "此文件已由另一进程导入 (error: this file was already imported)"),
    "uq_enterprise_credit_code": ("enterprise.credit_code",
                                  "该统一社会信用代码的企业已存在（可能由另一进程同时创建，或属于本登录看不到的地区） "
                                  "(error: an enterprise with this credit code already exists)"),
}


def unique_refusal(exc: sa.exc.IntegrityError) -> str | None:
    """The message for a violated unique constraint of `_UNIQUE`, else None (PostgreSQL names the
    constraint, SQLite its columns)."""
    diag = getattr(exc.orig, "diag", None)
    name = getattr(diag, "constraint_name", None)
    text = str(exc.orig)
    for constraint, (columns, message) in _UNIQUE.items():
        if name == constraint or f"UNIQUE constraint failed: {columns}" in text:
            return message
    return None


def is_write_race(exc: sa.exc.DBAPIError) -> bool:
    """Another process stored the same thing at the same moment: a unique constraint of `_UNIQUE` said so
    (PostgreSQL), or SQLite's write lock found this transaction's snapshot outdated."""
    if isinstance(exc, sa.exc.IntegrityError):
        return unique_refusal(exc) is not None
    return isinstance(exc, sa.exc.OperationalError) and "database is locked" in str(exc.orig)


def store_racing(engine: sa.Engine, work: Callable[[Session], T]) -> T:
    """`work` in a transaction of its own, run once more when it lost a write race (`is_write_race`):
    the second run sees what the other process stored (a duplicate, or the enterprise it created)."""
    try:
        with session_scope(engine) as session:
            return work(session)
    except sa.exc.DBAPIError as exc:
        if not is_write_race(exc):
            raise
    with session_scope(engine) as session:
        return work(session)


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
