"""`equipinv versions ENTERPRISE [--diff N]`: an enterprise's submission versions and what one changed."""

from __future__ import annotations

from typing import Annotated

import typer

from equipinv.cli_support import STATE, emit_json, print_table


def register(app: typer.Typer) -> None:
    app.command("versions", help="企业各版报送及某版的变化 (submission versions and what one changed)")(versions_cmd)


def versions_cmd(
    enterprise: Annotated[str, typer.Argument(help="信用代码、名称或编号")],
    diff: Annotated[int | None, typer.Option("--diff", help="列出第 N 版新增、修改、退役的设备")] = None,
    json_output: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    from sqlmodel import Session

    from equipinv.bureau.versions import changes, history
    from equipinv.ledger import find_enterprise

    with Session(STATE.engine()) as session:
        found = find_enterprise(session, enterprise)
        if diff is not None:
            report = changes(session, found, diff)
            if json_output:
                emit_json(report.to_dict())
                return
            print_table(f"{found.name} 第 {diff} 版（{report.filename or ''}）的变化", ["资产编号", "变化"],
                        [(a, "新增") for a in report.added]
                        + [(a, "；".join(f"{k}: {v}" for k, v in fields.items())) for a, fields in report.changed.items()]
                        + [(a, "退役（本版未列出）") for a in report.retired])
            return
        submissions = history(session, found)
    if json_output:
        emit_json([s.model_dump(mode="json") for s in submissions])
        return
    print_table(f"{found.name} 的报送版本", ["版本", "来源", "文件", "期间", "清单时间", "登录", "状态", "行数"],
                [(s.version, s.source, s.filename, s.period, s.manifest_created_at, s.login, s.status, s.rows_accepted)
                 for s in submissions])
