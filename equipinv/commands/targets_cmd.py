"""`equipinv targets`: how far a region is from its plans' 2027 targets, each quoted with its document."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from equipinv.cli_support import STATE, emit_json, parse_cli_date

if TYPE_CHECKING:
    from equipinv.production_lines import LineCapacity
    from equipinv.targets.closers import TargetClosers
    from equipinv.targets.rows import TargetRow



def register(app: typer.Typer) -> None:
    app.command("targets", help="各规划2027年目标的进度 (progress towards the plans' 2027 targets)")(targets)


def _echo_lines(lines: LineCapacity, text: str) -> None:
    """The region's production lines against 标杆/基准 (all industries), with the lines below 基准."""
    typer.echo(text)
    for line, enterprise, grade in lines.below_baseline:
        typer.echo(f"  发现：{enterprise.name}{line.name} {line.unit_energy_kgce_t:g} kgce/t（{line.energy_year}年）"
                   f"低于基准 {grade.baseline:g}，{grade.deadline}")


def _echo_row(row: TargetRow) -> None:
    line = f"- {row.label}：现值 {row.now}，{row.year}年目标 {row.target}，{row.status_label}"
    typer.echo(line + (f"，差距 {row.gap}" if row.status == "not_met" else ""))
    typer.echo(f"  基准：{row.baseline}")
    if row.projected:
        typer.echo("  按已接受计划预计：" + "，".join(f"{y}年 {v}" for y, v in row.projected))
    if row.missing:
        typer.echo(f"  数据不足：{row.missing}")
    if row.note:
        typer.echo(f"  说明：{row.note}")
    typer.echo(f"  原文：{row.quote}")


def targets(
    region: Annotated[str, typer.Option("--region", help="行政区划代码：县、市或省 (region code)")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="统计日期，默认今天 (date)")] = None,
    json_output: Annotated[bool, typer.Option("--json", help="输出 JSON (machine-readable output)")] = False,
) -> None:
    from equipinv import codes
    from equipinv.db import session_scope
    from equipinv.targets import assess_targets
    from equipinv.targets.closers import closers_for
    from equipinv.targets.rows import region_targets

    codes.region(region)
    context = STATE.context()
    with session_scope(context.engine) as session:
        report = assess_targets(session, region, parse_cli_date(as_of))
    closers = {(c.plan_id, c.metric, c.year): c for c in closers_for(context, region, report=report)}
    if json_output:
        emit_json({**report.to_dict(), "closers": [c.to_dict() for c in closers.values()]})
        return
    shown = region_targets(report)
    typer.echo(f"{shown.title}目标进度，{shown.headline}")
    _echo_lines(report.lines, shown.lines)
    if not shown.rows:
        typer.echo("没有覆盖该地区的规划目标数据 (no plan of the campaign covers this region in equipinv's data)")
    plan_id = None
    for row in shown.rows:
        if row.plan_id != plan_id:
            plan_id = row.plan_id
            typer.echo(f"\n【{row.document}】")
        _echo_row(row)
        if (found := closers.get((row.plan_id, row.metric, row.year))) is not None:
            _echo_closers(found)


def _echo_closers(found: TargetClosers) -> None:
    """The cheapest way to close one target's gap: the first few units or lines, and the totals."""
    if found.missing:
        typer.echo(f"  最低成本措施：{found.missing}")
        return
    priced = f"合计 {found.total_cost_yuan:,.0f} 元" + (f"（另 {found.unpriced} 项无投资来源）" if found.unpriced else "")
    typer.echo(f"  最低成本措施：{len(found.closers)} 项，{priced}"
               + (f"；做完仍差 {found.remaining_gap * 100:.1f}%" if found.remaining_gap > 1e-9 else "")
               + (f"；{found.note}" if found.note else ""))
    from equipinv.targets.rows import SHOWN_CLOSERS

    for c in found.closers[:SHOWN_CLOSERS]:
        amount = f"{c.amount:g} 台" if c.kind == "unit" else f"{c.amount / 1e4:g} 万t/a"
        cost = "投资未知" if c.cost_yuan is None else f"{c.cost_yuan:,.0f} 元"
        typer.echo(f"    {c.enterprise} {c.ref} {c.name}（{c.current}）→ {c.action_label}，{amount}，{cost}，"
                   f"缩小差距 {c.gap_closed * 100:.2f}%")
    if len(found.closers) > SHOWN_CLOSERS:
        typer.echo(f"    …… 共 {len(found.closers)} 项，加 --json 查看全部")
