"""`equipinv targets`: how far a region is from its plans' 2027 targets, each quoted with its document."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from equipinv.cli_support import STATE, emit_json, parse_cli_date

if TYPE_CHECKING:
    from equipinv.production_lines import LineCapacity
    from equipinv.targets.closers import TargetClosers

SHOWN_CLOSERS = 10  # per target in the text output; --json gives all


def register(app: typer.Typer) -> None:
    app.command("targets", help="各规划2027年目标的进度 (progress towards the plans' 2027 targets)")(targets)


def _percent_or_count(value: float | None, kind: str) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if kind == "count" else f"{value * 100:.1f}%"


def _echo_lines(lines: LineCapacity) -> None:
    """The region's production lines against 标杆/基准 (all industries), with the lines below 基准."""
    if lines.graded == 0:
        typer.echo(f"生产线（工序）：没有可分级的生产线（未分级 {lines.ungraded_lines} 条）")
        return
    benchmark, baseline = lines.at_benchmark / lines.graded, lines.at_or_above_baseline / lines.graded
    typer.echo(f"生产线（工序）：已分级 {lines.graded_lines} 条，产能 {lines.graded / 1e4:,.1f} 万t/a；"
               f"标杆 {benchmark * 100:.1f}%，基准以上 {baseline * 100:.1f}%"
               + (f"；未分级 {lines.ungraded_lines} 条" if lines.ungraded_lines else ""))
    for line, enterprise, grade in lines.below_baseline:
        typer.echo(f"  发现：{enterprise.name}{line.name} {line.unit_energy_kgce_t:g} kgce/t（{line.energy_year}年）"
                   f"低于基准 {grade.baseline:g}，{grade.deadline}")


def targets(
    region: Annotated[str, typer.Option("--region", help="行政区划代码：县、市或省 (region code)")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="统计日期，默认今天 (date)")] = None,
    json_output: Annotated[bool, typer.Option("--json", help="输出 JSON (machine-readable output)")] = False,
) -> None:
    from equipinv import codes
    from equipinv.db import session_scope
    from equipinv.targets import STATUS_LABELS, assess_targets
    from equipinv.targets.closers import closers_for

    codes.region(region)
    context = STATE.context()
    with session_scope(context.engine) as session:
        report = assess_targets(session, region, parse_cli_date(as_of))
    closers = {(c.plan_id, c.metric, c.year): c for c in closers_for(context, region, report=report)}
    if json_output:
        emit_json({**report.to_dict(), "closers": [c.to_dict() for c in closers.values()]})
        return
    typer.echo(f"{report.region_name}（{report.region_code}）目标进度，统计日期 {report.as_of}："
               f"企业 {report.enterprises} 家，其中重点用能单位 {report.key_energy_users} 家"
               f"（另有 {report.designable_energy_users} 家在可指定范围）")
    _echo_lines(report.lines)
    if not report.statuses:
        typer.echo("没有覆盖该地区的规划目标数据 (no plan of the campaign covers this region in equipinv's data)")
    plan_id = None
    for s in report.statuses:
        if s.plan.id != plan_id:
            plan_id = s.plan.id
            typer.echo(f"\n【{s.plan.document}】")
        kind = s.result.kind
        threshold = "—" if s.target.threshold is None else _percent_or_count(s.target.threshold, kind)
        line = (f"- {s.label}：现值 {_percent_or_count(s.result.value, kind)}，{s.target.year}年目标 {threshold}，"
                f"{STATUS_LABELS[s.status]}")
        if s.gap:
            line += f"，差距 {_percent_or_count(s.gap, kind)}"
        typer.echo(line)
        if s.result.projected:
            typer.echo("  按已接受计划预计：" + "，".join(
                f"{y}年 {_percent_or_count(v, kind)}" for y, v in s.result.projected.items()))
        if s.result.missing:
            typer.echo(f"  数据不足：{s.result.missing}")
        if s.result.note:
            typer.echo(f"  说明：{s.result.note}")
        typer.echo(f"  原文：{s.target.quote}")
        if (found := closers.get((s.plan.id, s.target.metric, s.target.year))) is not None:
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
    for c in found.closers[:SHOWN_CLOSERS]:
        amount = f"{c.amount:g} 台" if c.kind == "unit" else f"{c.amount / 1e4:g} 万t/a"
        cost = "投资未知" if c.cost_yuan is None else f"{c.cost_yuan:,.0f} 元"
        typer.echo(f"    {c.enterprise} {c.ref} {c.name}（{c.current}）→ {c.action_label}，{amount}，{cost}，"
                   f"缩小差距 {c.gap_closed * 100:.2f}%")
    if len(found.closers) > SHOWN_CLOSERS:
        typer.echo(f"    …… 共 {len(found.closers)} 项，加 --json 查看全部")
