"""What a `--db` value points at, told to the user in one line before (or instead of) the driver's text.

A mistyped path must not become a new empty ledger, and a wrong URL must not reach the user as a
driver's traceback text: this module checks the target before it is opened (missing file or folder,
a folder, a file that is not SQLite, another engine, a driver that is not installed) and turns the
errors a driver raises while opening or writing (server unreachable, unknown database, wrong
password, read-only file) into a `DatabaseRefused` saying which. Every refusal exits with status 2.
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa

from equipinv.errors import BadInput

_SQLITE_HEADER = b"SQLite format 3\x00"
#: How the URL of a PostgreSQL server is written (the driver equipinv installs is psycopg 3).
PG_URL_FORM = "postgresql+psycopg://用户:密码@主机:5432/库名"


class DatabaseRefused(BadInput):
    """The `--db` value names no ledger this program can use as it is; nothing was changed."""

    advice = "请检查 --db 参数或数据库服务"


def shown(url: str | sa.URL) -> str:
    """The URL as users see it: the password hidden, a SQLite file as its path."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return parsed.database
    return parsed.render_as_string(hide_password=True)


def init_command(db: str | None) -> str:
    """The command that creates the ledger `db` (None: the default one)."""
    return "equipinv init" if not db else f"equipinv --db {db} init"


def check_url(url: str) -> sa.URL:
    """The parsed URL when equipinv can open that kind of database with an installed driver."""
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        raise DatabaseRefused(f"--db {url} 不是数据库文件路径或 URL（PostgreSQL 写作 {PG_URL_FORM}）",
                              f"--db {url} is neither a file path nor a database URL", field="db", value=url) from None
    backend = parsed.get_backend_name()
    if backend == "postgres":
        raise DatabaseRefused(f"数据库类型 postgres 写错了：应写 {PG_URL_FORM}",
                              "misspelt engine 'postgres': write postgresql+psycopg://", field="db", value=shown(parsed))
    if backend not in ("sqlite", "postgresql"):
        raise DatabaseRefused(f"不支持的数据库类型 {backend}：equipinv 只用 SQLite 文件或 PostgreSQL（{PG_URL_FORM}）",
                              f"unsupported database engine {backend}: use a SQLite file or PostgreSQL",
                              field="db", value=shown(parsed))
    try:
        parsed.get_dialect().import_dbapi()
    except (ImportError, sa.exc.NoSuchModuleError):
        raise DatabaseRefused(f"数据库驱动 {parsed.drivername} 未安装：PostgreSQL 请写 {PG_URL_FORM}",
                              f"database driver {parsed.drivername} is not installed; write postgresql+psycopg://",
                              field="db", value=shown(parsed)) from None
    return parsed


def check_sqlite_file(path: Path, *, create: bool, db: str | None) -> None:
    """Refuse a SQLite target that is a folder or not SQLite, or that is missing when it may not be created."""
    if path.is_dir():
        raise DatabaseRefused(f"--db {path} 是文件夹，不是数据库文件", f"{path} is a folder, not a database file",
                              field="db", value=str(path))
    if not path.exists():
        if create:
            return
        folder = "" if path.parent.is_dir() else f"（文件夹 {path.parent} 也不存在）"
        raise DatabaseRefused(f"数据库文件 {path} 不存在{folder}：新建台账请运行 {init_command(db)}",
                              f"database {path} does not exist; create it with `{init_command(db)}`",
                              field="db", value=str(path))
    with path.open("rb") as handle:
        header = handle.read(len(_SQLITE_HEADER))
    if header == b"" and not create:
        raise DatabaseRefused(f"数据库文件 {path} 是空文件，还不是台账：新建台账请运行 {init_command(db)}",
                              f"{path} is empty, not a ledger; create it with `{init_command(db)}`",
                              field="db", value=str(path))
    if header and header != _SQLITE_HEADER:
        raise DatabaseRefused(f"{path} 不是 SQLite 数据库文件", f"{path} is not a SQLite database",
                              field="db", value=str(path))


def read_only(path: Path) -> bool:
    """Whether this process may only read the SQLite file (or its folder, where the WAL files live)."""
    return path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def refusal(exc: BaseException, url: str | sa.URL) -> DatabaseRefused | None:
    """The one-line refusal for a driver error met while opening or writing the database at `url`, else None."""
    if not isinstance(exc, sa.exc.DBAPIError):
        return None
    parsed = sa.engine.make_url(url)
    text = str(exc.orig).lower()
    if parsed.get_backend_name() == "sqlite":
        if "readonly" in text or "read-only" in text:
            return DatabaseRefused(f"数据库 {shown(parsed)} 是只读的，不能写入（请检查文件和文件夹的写权限）",
                                   f"database {shown(parsed)} is read-only", field="db", value=shown(parsed))
        if "file is not a database" in text:
            return DatabaseRefused(f"{shown(parsed)} 不是 SQLite 数据库文件", f"{shown(parsed)} is not a SQLite database",
                                   field="db", value=shown(parsed))
        if "unable to open database file" in text:
            return DatabaseRefused(f"无法打开数据库文件 {shown(parsed)}（请检查路径和读写权限）",
                                   f"cannot open database file {shown(parsed)}", field="db", value=shown(parsed))
        return None
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate in ("25006", "42501"):  # read_only_sql_transaction, insufficient_privilege
        return DatabaseRefused(f"数据库 {shown(parsed)} 对用户 {parsed.username} 是只读的，不能写入（只读库或没有写权限）",
                               f"database {shown(parsed)} is read-only for {parsed.username}", field="db",
                               value=shown(parsed))
    if not isinstance(exc, sa.exc.OperationalError):
        return None
    return _postgres_refusal(sqlstate, text, parsed)


def _postgres_refusal(sqlstate: str | None, text: str, url: sa.URL) -> DatabaseRefused:
    server = f"{url.host or 'localhost'}:{url.port or 5432}"
    if sqlstate == "3D000" or ("database" in text and "does not exist" in text):
        zh, en = f"PostgreSQL 服务器 {server} 上没有数据库 {url.database}（库名写错了，或尚未建库）", \
            f"database {url.database} does not exist on {server}"
    elif sqlstate in ("28P01", "28000") or "authentication failed" in text:
        zh, en = f"PostgreSQL 服务器 {server} 拒绝用户 {url.username} 登录（用户名或密码错误）", \
            f"PostgreSQL at {server} refused user {url.username}"
    elif "could not translate host name" in text or "name or service not known" in text:
        zh, en = f"找不到 PostgreSQL 服务器 {url.host}（主机名写错了）", f"unknown host {url.host}"
    elif "timeout" in text or "timed out" in text:
        zh, en = f"连接 PostgreSQL 服务器 {server} 超时（地址写错了，或网络不通）", f"connecting to {server} timed out"
    else:
        zh, en = f"无法连接 PostgreSQL 服务器 {server}（服务未运行，或地址、端口写错了）", f"cannot reach PostgreSQL at {server}"
    return DatabaseRefused(zh, en, field="db", value=shown(url))
