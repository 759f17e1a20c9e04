"""`equipinv init` and `equipinv db upgrade|status`: creating and migrating the ledger database."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from equipinv.cli_support import STATE, emit_json

if TYPE_CHECKING:
    import sqlalchemy as sa

db_app = typer.Typer(help="数据库迁移 (database schema migrations)", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("init", help="创建或升级台账数据库 (create or migrate the ledger database)")(init)
    app.add_typer(db_app, name="db")


def _describe(engine: sa.Engine) -> dict[str, str | None]:
    import sqlalchemy as sa

    from equipinv.db import current_revision, head_revision, resolve_url

    return {
        "database": sa.engine.make_url(resolve_url(STATE.db)).render_as_string(hide_password=True),
        "revision": current_revision(engine),
        "head": head_revision(),
    }


def _show(info: dict[str, str | None], json_output: bool) -> None:
    if json_output:
        emit_json(info)
    elif info["revision"] == info["head"]:
        typer.echo(f"数据库已就绪：{info['database']}（架构版本 {info['revision']}）")
    else:
        typer.echo(f"数据库 {info['database']} 架构版本 {info['revision'] or '（空）'}，本程序为 {info['head']}："
                   f"运行 equipinv db upgrade 升级")


def _upgraded(*, create: bool) -> sa.Engine:
    """The database of --db migrated to the newest schema (refused when it is ahead of this version);
    `create`: a SQLite file (and its folder) that does not exist yet is made (`init` only)."""
    from equipinv.db import open_database

    engine = open_database(STATE.db, migrate=True, create=create)
    STATE._engine = engine
    return engine


def init(json_output: Annotated[bool, typer.Option("--json")] = False) -> None:
    _show(_describe(_upgraded(create=True)), json_output)


@db_app.command("upgrade", help="把数据库迁移到最新架构 (migrate a database to the newest schema)")
def upgrade(json_output: Annotated[bool, typer.Option("--json")] = False) -> None:
    _show(_describe(_upgraded(create=False)), json_output)


@db_app.command("status", help="显示数据库架构版本 (show the schema revision)")
def status(json_output: Annotated[bool, typer.Option("--json")] = False) -> None:
    from equipinv.db import open_database

    _show(_describe(open_database(STATE.db, migrate=False, create=False)), json_output)
