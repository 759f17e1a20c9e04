"""`equipinv line ...`: production lines (生产线/工序装置) and their grade against 标杆/基准."""

from __future__ import annotations

from typing import Annotated

import typer

from equipinv.cli_support import STATE, emit_json, parse_assignments, print_table

line_app = typer.Typer(help="生产线（工序/装置）与能效标杆/基准 (production lines against the benchmarks)",
                       no_args_is_help=True)

LINE_KEYS_HELP = (
    "字段 KEY=VALUE：name=1号焦炉 kind=coke_stamp_charged capacity_t_a=\"60万吨/年\" unit_energy_kgce_t=128 "
    "energy_year=2025 commissioning_date=2012-08；kind 见 equipinv/data/line_benchmarks.csv "
    "(fields as KEY=VALUE; capacity in t/a)"
)


def register(app: typer.Typer) -> None:
    app.add_typer(line_app, name="line")


@line_app.command("add", help="登记生产线 (add a production line)")
def line_add(
    enterprise: Annotated[str, typer.Option("--enterprise", "-e", help="企业：信用代码、名称或编号")],
    fields: Annotated[list[str], typer.Argument(help=LINE_KEYS_HELP)],
    json_output: Annotated[bool, typer.Option("--json", help="输出 JSON (machine-readable output)")] = False,
) -> None:
    from equipinv.db import session_scope
    from equipinv.ledger import find_enterprise
    from equipinv.production_lines import add_line, line_record

    with session_scope(STATE.engine()) as session:
        owner = find_enterprise(session, enterprise)
        record = line_record(add_line(session, owner, parse_assignments(fields), actor="cli"), owner)
    if json_output:
        emit_json(record)
    else:
        typer.echo(f"已登记生产线 {record['name']}（{record['kind_label']}），编号 {record['id']}："
                   f"{record['level_label'] or '未分级'}")


@line_app.command("show", help="查看一条生产线及其等级 (show one line with its grade)")
def line_show(
    enterprise: Annotated[str, typer.Option("--enterprise", "-e", help="企业：信用代码、名称或编号")],
    name: Annotated[str, typer.Argument(help="生产线名称")],
    json_output: Annotated[bool, typer.Option("--json", help="输出 JSON (machine-readable output)")] = False,
) -> None:
    from equipinv.db import session_scope
    from equipinv.ledger import find_enterprise
    from equipinv.production_lines import find_line, line_record

    with session_scope(STATE.engine()) as session:
        owner = find_enterprise(session, enterprise)
        record = line_record(find_line(session, owner, name), owner)
    if json_output:
        emit_json(record)
        return
    for key, value in record.items():
        if value is not None:
            typer.echo(f"{key}: {value}")


@line_app.command("edit", help="修改生产线字段，留空的值清除该字段 (edit fields of a line; audited)")
def line_edit(
    enterprise: Annotated[str, typer.Option("--enterprise", "-e", help="企业：信用代码、名称或编号")],
    name: Annotated[str, typer.Argument(help="生产线名称")],
    fields: Annotated[list[str], typer.Argument(help=LINE_KEYS_HELP)],
    json_output: Annotated[bool, typer.Option("--json", help="输出 JSON (machine-readable output)")] = False,
) -> None:
    from equipinv.db import session_scope
    from equipinv.ledger import find_enterprise
    from equipinv.production_lines import edit_line, find_line, line_record

    with session_scope(STATE.engine()) as session:
        owner = find_enterprise(session, enterprise)
        line = find_line(session, owner, name)
        changes = edit_line(session, line, parse_assignments(fields), actor="cli")
        record = line_record(line, owner)
    if json_output:
        emit_json({"line": record, "changed": sorted(changes)})
    else:
        typer.echo(f"已修改生产线 {record['name']}：{'、'.join(sorted(changes)) or '无变化'}；"
                   f"等级 {record['level_label'] or '未分级'}")


@line_app.command("list", help="列出生产线及其标杆/基准等级 (list lines with their grade)")
def line_list(
    enterprise: Annotated[str | None, typer.Option("--enterprise", "-e", help="只列一家企业")] = None,
    json_output: Annotated[bool, typer.Option("--json", help="输出 JSON (machine-readable output)")] = False,
) -> None:
    from sqlmodel import col

    from equipinv.db import session_scope
    from equipinv.ledger import find_enterprise
    from equipinv.models import ProductionLine
    from equipinv.production_lines import line_record, lines_where

    with session_scope(STATE.engine()) as session:
        conditions = [col(ProductionLine.enterprise_id) == find_enterprise(session, enterprise).id] if enterprise else []
        records = [line_record(line, e) for line, e in lines_where(session, *conditions)]
    if json_output:
        emit_json(records)
        return
    print_table("生产线", ["企业", "名称", "类型", "产能万t/a", "单位产品能耗kgce/t", "年份", "标杆", "基准", "等级"],
                [(r["enterprise"], r["name"], r["kind_label"], f"{r['capacity_t_a'] / 1e4:g}",
                  "" if r["unit_energy_kgce_t"] is None else f"{r['unit_energy_kgce_t']:g}", r["energy_year"] or "",
                  "" if r["benchmark"] is None else f"{r['benchmark']:g}",
                  "" if r["baseline"] is None else f"{r['baseline']:g}", r["level_label"]) for r in records])
    for r in records:
        if r["deadline"]:
            typer.echo(f"发现：{r['enterprise']}{r['name']} 低于基准，{r['deadline']}")
    for basis in sorted({f"{r['kind_label']}：{r['basis']}" for r in records if r["basis"]}):
        typer.echo(f"依据：{basis}")
