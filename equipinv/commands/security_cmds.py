"""`equipinv bureau setup-roles|add-staff`: PostgreSQL roles and row-level security for bureau staff."""

from __future__ import annotations

from typing import Annotated

import typer

from equipinv.cli_support import STATE

bureau_app = typer.Typer(help="主管部门多用户（PostgreSQL 行级安全） (bureau users on PostgreSQL)", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(bureau_app, name="bureau")


@bureau_app.command("setup-roles", help="创建工作人员角色组和行级安全策略（所有者执行，可重复） (create roles and policies)")
def setup_roles_cmd() -> None:
    from equipinv.bureau.security import setup_roles

    setup_roles(STATE.engine())
    typer.echo("已设置行级安全：工作人员只能看到本地区企业，县级可写、市级只读")


@bureau_app.command("add-staff", help="新增工作人员登录角色 (add a staff login role)")
def add_staff_cmd(
    role: Annotated[str, typer.Argument(help="角色名，如 county_141181_wang")],
    region: Annotated[str, typer.Option("--region", help="负责的行政区划代码")],
    write: Annotated[bool, typer.Option("--write", help="可修改（县级）；默认只读（市级）")] = False,
    password: Annotated[str | None, typer.Option("--password", help="登录密码")] = None,
) -> None:
    from equipinv.bureau.security import add_staff

    add_staff(STATE.engine(), role, region, can_write=write, password=password)
    typer.echo(f"已新增工作人员 {role}：{region}，{'可修改' if write else '只读'}")
