"""`equipinv project ...` and `equipinv need ...`: an enterprise's projects and its declared renewal needs."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from equipinv.cli_support import STATE, emit_json, parse_assignments, print_table, record_dict

project_app = typer.Typer(help="项目 (projects)", no_args_is_help=True)
need_app = typer.Typer(help="企业自报的更新改造需求 (renewal needs an enterprise declares)", no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="输出 JSON (machine-readable output)")]
EnterpriseOpt = Annotated[str, typer.Option("--enterprise", "-e", help="企业：信用代码、名称或编号")]
PROJECT_KEYS_HELP = ("字段 KEY=VALUE：name=项目名称 commissioning_date=2027-06 is_new_project=是 "
                     "annual_energy_tce=\"12000 tce\" investment_yuan=\"3.2亿元\"")
NEED_KEYS_HELP = ("字段 KEY=VALUE：asset_no=设备资产编号 或 line_name=产线/装置，action=renewal|retrofit|"
                  "safety_retrofit|digital_retrofit|eliminate（或 设备更新、技术改造、安全改造、数字化改造、淘汰），"
                  "replacement=更新设备 investment_yuan=\"80万元\" planned_year=2027 reason=原因")
_PROJECT_KEYS = ["id", "enterprise_id", "name", "commissioning_date", "is_new_project", "annual_energy_tce",
                 "investment_yuan"]


def register(app: typer.Typer) -> None:
    app.add_typer(project_app, name="project")
    app.add_typer(need_app, name="need")


def _project_record(project: Any) -> dict[str, Any]:
    return record_dict(project, _PROJECT_KEYS)


@project_app.command("add", help="登记项目 (add a project)")
def project_add(enterprise: EnterpriseOpt, fields: Annotated[list[str], typer.Argument(help=PROJECT_KEYS_HELP)],
                json_output: JsonFlag = False) -> None:
    from equipinv.db import session_scope
    from equipinv.ledger import find_enterprise
    from equipinv.projects import add_project

    with session_scope(STATE.engine()) as session:
        project = add_project(session, find_enterprise(session, enterprise), parse_assignments(fields), actor="cli")
        record = _project_record(project)
    if json_output:
        emit_json(record)
    else:
        typer.echo(f"已登记项目 {record['name']}，编号 {record['id']}")


@project_app.command("edit", help="修改项目 (edit a project)")
def project_edit(enterprise: EnterpriseOpt, name: Annotated[str, typer.Argument(help="项目名称")],
                 fields: Annotated[list[str], typer.Argument(help=PROJECT_KEYS_HELP)], json_output: JsonFlag = False) -> None:
    from equipinv.db import session_scope
    from equipinv.ledger import find_enterprise
    from equipinv.projects import edit_project, find_project

    with session_scope(STATE.engine()) as session:
        project = find_project(session, find_enterprise(session, enterprise), name)
        record = _project_record(edit_project(session, project, parse_assignments(fields), actor="cli"))
    if json_output:
        emit_json(record)
    else:
        typer.echo(f"已修改项目 {record['name']}")


@project_app.command("list", help="列出项目 (list projects)")
def project_list(enterprise: Annotated[str | None, typer.Option("--enterprise", "-e")] = None,
                 json_output: JsonFlag = False) -> None:
    from equipinv.db import session_scope
    from equipinv.ledger import find_enterprise
    from equipinv.projects import list_projects

    with session_scope(STATE.engine()) as session:
        records = [_project_record(p) for p in
                   list_projects(session, find_enterprise(session, enterprise) if enterprise else None)]
    if json_output:
        emit_json(records)
        return
    print_table("项目", ["编号", "企业编号", "项目名称", "投产时间", "新建项目", "年综合能耗(tce)", "总投资(元)"],
                [(r["id"], r["enterprise_id"], r["name"], r["commissioning_date"] or "", "是" if r["is_new_project"] else "",
                  r["annual_energy_tce"], r["investment_yuan"]) for r in records])


def _need_record(need: Any, asset_no: str | None) -> dict[str, Any]:
    from equipinv.projects import NEED_ACTIONS

    record = record_dict(need, ["id", "enterprise_id", "equipment_id", "line_name", "action", "replacement",
                                "investment_yuan", "planned_year", "reason"])
    record["asset_no"], record["action_label"] = asset_no, NEED_ACTIONS[need.action]
    return record


@need_app.command("add", help="登记企业自报的更新改造需求 (declare a need)")
def need_add(enterprise: EnterpriseOpt, fields: Annotated[list[str], typer.Argument(help=NEED_KEYS_HELP)],
             json_output: JsonFlag = False) -> None:
    from equipinv.db import session_scope
    from equipinv.ledger import find_enterprise
    from equipinv.projects import declare_need

    raw = parse_assignments(fields)
    with session_scope(STATE.engine()) as session:
        need = declare_need(session, find_enterprise(session, enterprise), raw, actor="cli")
        record = _need_record(need, raw.get("asset_no"))
    if json_output:
        emit_json(record)
    else:
        typer.echo(f"已登记需求 第 {record['id']} 号：{record['action_label']}，{record['planned_year']}年")


@need_app.command("list", help="列出企业自报需求 (list declared needs)")
def need_list(enterprise: Annotated[str | None, typer.Option("--enterprise", "-e")] = None,
              json_output: JsonFlag = False) -> None:
    from equipinv.db import session_scope
    from equipinv.ledger import find_enterprise
    from equipinv.projects import list_needs

    with session_scope(STATE.engine()) as session:
        records = [_need_record(need, asset_no) for need, asset_no in
                   list_needs(session, find_enterprise(session, enterprise) if enterprise else None)]
    if json_output:
        emit_json(records)
        return
    print_table("企业自报需求", ["编号", "企业编号", "设备/产线", "需求类型", "更新设备", "投资估算(元)", "计划年度", "原因"],
                [(r["id"], r["enterprise_id"], r["asset_no"] or r["line_name"], r["action_label"], r["replacement"] or "",
                  r["investment_yuan"], r["planned_year"], r["reason"]) for r in records])
