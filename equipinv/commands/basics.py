"""`equipinv init` and `equipinv db upgrade|status`: creating and migrating the ledger database."""

from __future__ import annotations

from typing import Annotated

import typer

from equipinv.cli_support import STATE, emit_json

db_app = typer.Typer(help="数据库迁移 (database schema migrations)", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("init", help="创建或升级台账数据库 (create or migrate the ledger database)")(init)
    app.add_typer(db_app, name="db")


def _describe() -> dict[str, str | None]:
    import sqlalchemy as sa

    from equipinv.db import current_revision, head_revision, resolve_url

    engine = STATE.engine()
    return {
        "database": sa.engine.make_url(resolve_url(STATE.db)).render_as_string(hide_password=True),
        "revision": current_revision(engine),
        "head": head_revision(),
    }


def init(json_output: Annotated[bool, typer.Option("--json")] = False) -> None:
    info = _describe()
    if json_output:
        emit_json(info)
    else:
        typer.echo(f"数据库已就绪：{info['database']}（架构版本 {info['revision']}）")


@db_app.command("upgrade", help="把数据库迁移到最新架构 (migrate a database to the newest schema)")
def upgrade(json_output: Annotated[bool, typer.Option("--json")] = False) -> None:
    from equipinv.db import make_engine, resolve_url
    from equipinv.db import upgrade as run_upgrade

    engine = make_engine(resolve_url(STATE.db))
    run_upgrade(engine)
    STATE._engine = engine
    init(json_output)


@db_app.command("status", help="显示数据库架构版本 (show the schema revision)")
def status(json_output: Annotated[bool, typer.Option("--json")] = False) -> None:
    init(json_output)
