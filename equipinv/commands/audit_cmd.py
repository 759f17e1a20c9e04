"""`equipinv audit verify`: recompute the audit log's hash chains and name every break."""

from __future__ import annotations

from typing import Annotated

import typer

from equipinv.cli_support import STATE, emit_json

audit_app = typer.Typer(help="审计日志 (audit log)", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")


@audit_app.command("verify", help="校验审计日志哈希链，有断裂则列出并返回 1 (verify the audit hash chain; exit 1 on a break)")
def verify_cmd(json_output: Annotated[bool, typer.Option("--json")] = False) -> None:
    from equipinv.audit_chain import verify

    with STATE.engine().connect() as connection:
        report = verify(connection)
    if json_output:
        emit_json(report.to_dict())
    elif not report.breaks:
        typer.echo(f"审计日志完整：{report.rows} 行，{len(report.heads)} 条链均未断裂 (audit chain intact)")
    else:
        typer.echo(f"审计日志有 {len(report.breaks)} 处断裂 (audit chain broken):")
        for found in report.breaks:
            typer.echo(f"  第 {found.row_id} 行（企业 {found.enterprise_id or '无'}）：{found.reason}")
    if report.breaks:
        raise typer.Exit(1)
