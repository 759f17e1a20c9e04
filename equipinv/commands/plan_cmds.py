"""`equipinv recommend` and `equipinv plan`: ranked replacements and a budgeted multi-year schedule."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING, Annotated

import typer

from equipinv.cli_support import (
    PAGE_ROWS,
    STATE,
    UserError,
    emit_json,
    page_of,
    print_page,
    print_table,
    warn,
    working,
)
from equipinv.commands.list_cmds import AllFlag, EnterpriseOpt, RegionOpt, resolve_scope
from equipinv.labels import SCORES

if TYPE_CHECKING:
    from sqlmodel import Session

    from equipinv.config import Config
    from equipinv.lists import Scope
    from equipinv.planner import PlanningData

JsonFlag = Annotated[bool, typer.Option("--json", help="输出 JSON (machine-readable output)")]


def register(app: typer.Typer) -> None:
    app.command("recommend", help="更新改造建议排序 (ranked replacement candidates)")(recommend_cmd)
    app.command("plan", help="按年度预算优化更新计划并保存 (budgeted multi-year schedule, stored)")(plan_cmd)


def _load(session: Session, region: str | None, enterprise: str | None) -> tuple[PlanningData, Config, Scope]:
    from equipinv.config import load_config
    from equipinv.planner import load_planning_data

    config = load_config(STATE.config_path)
    scope = resolve_scope(session, region, enterprise)
    try:
        data = load_planning_data(session, scope, config, on=dt.date.today())
    except ValueError as exc:
        raise UserError(str(exc).removeprefix("错误：")) from exc
    return data, config, scope


def recommend_cmd(
    region: RegionOpt = None,
    enterprise: EnterpriseOpt = None,
    score: Annotated[str, typer.Option("--score", help=f"经济排序指标：{', '.join(SCORES)}")] = "npv_per_yuan",
    limit: Annotated[int, typer.Option("--limit", help="只取前 N 条（0 = 全部）")] = 0,
    show_all: AllFlag = False,
    json_output: JsonFlag = False,
) -> None:
    from sqlmodel import Session

    from equipinv.planner import rank_recommendations

    if score not in SCORES:
        raise UserError(f'排序指标 "{score}" 未知（可选：{", ".join(SCORES)}） (error: unknown score "{score}")')
    with Session(STATE.engine()) as session, working("正在读取台账并排序…", quiet=json_output):
        data, config, _scope = _load(session, region, enterprise)
        _ranking, lines = rank_recommendations(data, score_kind=score, config=config)
    shown = lines[:limit] if limit else lines
    if json_output:
        emit_json(line.to_dict() for line in shown)  # streamed line by line
        return
    page = page_of(shown, show_all)
    print_page("更新改造建议（排序）", ["序", "资产编号", "名称", "建议", "年节能tce", "投资(元)", "回收期(年)",
                                    "NPV(元)", "理由"],
               [(ln.rank if ln.rank > 0 else "—", ln.asset_no, ln.name, ln.decision_label, ln.annual_saving_tce,
                 ln.investment_yuan, ln.payback_years, ln.npv_yuan,
                 ln.reason + (f"（数据不全，缺少：{'、'.join(ln.missing_fields)}）" if ln.missing_fields else ""))
                for ln in page], total=len(shown), rest_hint="加 --all 显示全部，或 --json 输出全部")


def plan_cmd(
    budget: Annotated[str, typer.Option("--budget", help="各年度预算（元），如 2027=5e6,2028=5e6,2029=5e6")],
    objective: Annotated[str, typer.Option("--objective", help="目标：npv 净现值，tce 节能量")] = "npv",
    region: RegionOpt = None,
    enterprise: EnterpriseOpt = None,
    method: Annotated[str, typer.Option("--method", help="auto、milp 或 greedy")] = "auto",
    target: Annotated[list[str] | None, typer.Option(
        "--target", help="政策目标 年份=比例：到该年重点用能设备达到节能水平及以上的比例，如 2027=0.6")] = None,
    show_all: AllFlag = False,
    json_output: JsonFlag = False,
) -> None:
    from equipinv import labels
    from equipinv.db import session_scope
    from equipinv.planner import energy_saving_target, make_plan, parse_budgets, parse_targets

    current_year = dt.date.today().year
    try:
        budgets = parse_budgets(budget, current_year)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    with session_scope(STATE.engine()) as session, working("正在读取台账并优化更新计划…", quiet=json_output):
        data, config, scope = _load(session, region, enterprise)
        try:
            targets = tuple(energy_saving_target(data, year, share) for year, share in parse_targets(",".join(target or [])))
            result = make_plan(session, data, budgets, objective=objective, config=config,
                               current_year=current_year, scope=scope, method=method, targets=targets)
        except ValueError as exc:  # InfeasiblePlanError included: its message names the shortfall per year
            raise UserError(str(exc).removeprefix("错误：")) from exc
        planned = {it.equipment_id for it in result.items}
        units = {u.id: (u.asset_no, u.name) for u in data.units if u.id in planned}
    items = sorted(result.items, key=lambda it: (it.year or 0, not it.mandatory, it.equipment_id))
    rows = ({"year": it.year, "asset_no": units[it.equipment_id][0], "name": units[it.equipment_id][1],
             "action": it.action, "action_label": labels.ACTIONS[it.action], "mandatory": it.mandatory,
             "investment_yuan": round(it.investment_yuan, 2), "annual_saving_tce": round(it.annual_saving_tce, 3),
             "annual_saving_tco2": round(it.annual_saving_tco2, 3), "npv_yuan": it.npv_yuan, "reason": it.reason}
            for it in items)  # a generator: --json streams it
    s = result.schedule
    document = {"plan_id": result.plan_id, "objective": objective, "objective_value": s.objective, "bound": s.bound,
                "gap": s.gap, "method": s.method, "status": s.status, "seconds": round(s.seconds, 3),
                "budgets": [{"year": y, "budget_yuan": b, "spend_yuan": sp}
                            for y, b, sp in zip(s.years, s.budget_yuan, s.spend_yuan, strict=True)],
                "binding_budget_years": s.binding_budget_years, "binding_targets": s.binding_targets,
                "excluded": result.excluded, "items": rows}
    for note in result.excluded:
        warn(f"提示：{note}")
    if json_output:
        emit_json(document)
        return
    typer.echo(f"已保存更新计划 第 {result.plan_id} 号：目标 {objective}={s.objective:,.0f}，"
               f"求解 {s.method}（{s.status}），相对差距 {s.gap:.4%}，用时 {s.seconds:.2f} 秒")
    print_table("年度预算", ["年份", "预算(元)", "安排(元)", "是否紧约束"],
                [(y, b, sp, "是" if y in s.binding_budget_years else "") for y, b, sp in
                 zip(s.years, s.budget_yuan, s.spend_yuan, strict=True)])
    page = list(itertools.islice(rows, None if show_all else PAGE_ROWS))
    print_page("更新时间表", ["年份", "资产编号", "名称", "措施", "强制", "投资(元)", "年节能tce", "年减碳tCO2"],
               [(r["year"], r["asset_no"], r["name"], r["action_label"], "是" if r["mandatory"] else "",
                 r["investment_yuan"], r["annual_saving_tce"], r["annual_saving_tco2"]) for r in page],
               total=len(items), rest_hint="加 --all 显示全部，或 --json 输出全部")
