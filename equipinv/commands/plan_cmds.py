"""`equipinv recommend` and `equipinv plan`: ranked replacements and a budgeted multi-year schedule."""

from __future__ import annotations

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
from equipinv.commands.list_cmds import AllFlag, EnterpriseOpt, RegionOpt
from equipinv.labels import SCORES

if TYPE_CHECKING:
    from equipinv.planning.line_candidates import LineCandidate

JsonFlag = Annotated[bool, typer.Option("--json", help="输出 JSON (machine-readable output)")]


def register(app: typer.Typer) -> None:
    app.command("recommend", help="更新改造建议排序 (ranked replacement candidates)")(recommend_cmd)
    app.command("plan", help="按年度预算优化更新计划并保存 (budgeted multi-year schedule, stored)")(plan_cmd)


def recommend_cmd(
    region: RegionOpt = None,
    enterprise: EnterpriseOpt = None,
    score: Annotated[str, typer.Option("--score", help=f"经济排序指标：{', '.join(SCORES)}")] = "npv_per_yuan",
    limit: Annotated[int, typer.Option("--limit", help="只取前 N 条（0 = 全部）")] = 0,
    show_all: AllFlag = False,
    json_output: JsonFlag = False,
) -> None:
    from equipinv.field_labels import field_list
    from equipinv.services.planning import recommendation_lines
    from equipinv.services.scopes import ScopeRequest

    if score not in SCORES:
        raise UserError(f'排序指标 "{score}" 未知（可选：{", ".join(SCORES)}） (error: unknown score "{score}")')
    with working("正在读取台账并排序…", quiet=json_output):
        lines = recommendation_lines(STATE.context(), ScopeRequest(enterprise, region), score_kind=score)
    shown = lines[:limit] if limit else lines
    if json_output:
        emit_json(line.to_dict() for line in shown)  # streamed line by line
        return
    page = page_of(shown, show_all)
    print_page("更新改造建议（排序）", ["序", "资产编号", "名称", "建议", "年节能tce", "投资(元)", "回收期(年)",
                                    "NPV(元)", "理由"],
               [(ln.rank if ln.rank > 0 else "—", ln.asset_no, ln.name, ln.decision_label, ln.annual_saving_tce,
                 ln.investment_yuan, ln.payback_years, ln.npv_yuan,
                 ln.reason + (f"（数据不全，缺少：{field_list(ln.missing_fields)}）" if ln.missing_fields else ""))
                for ln in page], total=len(shown), rest_hint="加 --all 显示全部，或 --json 输出全部")


def plan_cmd(
    budget: Annotated[str, typer.Option("--budget", help="各年度预算（元），如 2027=5e6,2028=5e6,2029=5e6")],
    objective: Annotated[str, typer.Option("--objective", help="目标：npv 净现值，tce 节能量")] = "npv",
    region: RegionOpt = None,
    enterprise: EnterpriseOpt = None,
    method: Annotated[str, typer.Option("--method", help="auto、milp 或 greedy")] = "auto",
    target: Annotated[list[str] | None, typer.Option(
        "--target", help="政策目标 年份=比例：到该年重点用能设备达到节能水平及以上的比例，如 2027=0.6")] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="预算不足以完成全部强制淘汰时拒绝制定计划（默认：先安排强制淘汰，列出未获资金的设备和缺口）")] = False,
    show_all: AllFlag = False,
    json_output: JsonFlag = False,
) -> None:
    from equipinv import labels
    from equipinv.planner import parse_budgets, parse_targets
    from equipinv.services.planning import PlanRequest, solve_plan
    from equipinv.services.scopes import ScopeRequest

    context = STATE.context()
    chosen = ScopeRequest(enterprise, region)
    request = PlanRequest(parse_budgets(budget, context.today.year), objective,
                          tuple(parse_targets(",".join(target or []))), method, strict)
    with working("正在读取台账并优化更新计划…", quiet=json_output):
        solved = solve_plan(context, chosen, request, store=True)
    result = solved.result
    items = sorted(result.items, key=lambda it: (it.year or 0, not it.mandatory, it.equipment_id))
    rows = ({"year": it.year, "equipment_id": it.equipment_id, "asset_no": solved.names[it.equipment_id][0],
             "name": solved.names[it.equipment_id][1],
             "action": it.action, "action_label": labels.ACTIONS[it.action], "mandatory": it.mandatory,
             "investment_yuan": round(it.investment_yuan, 2), "annual_saving_tce": round(it.annual_saving_tce, 3),
             "annual_saving_tco2": round(it.annual_saving_tco2, 3), "npv_yuan": it.npv_yuan, "reason": it.reason}
            for it in items)  # a generator: --json streams it
    s = result.schedule
    reached = solved.targets_reached
    document = {"plan_id": result.plan_id, "scope": solved.scope.description, "objective": objective,
                "objective_value": s.objective, "bound": s.bound,
                "gap": s.gap, "method": s.method, "status": s.status, "seconds": round(s.seconds, 3),
                "budgets": [{"year": y, "budget_yuan": b, "spend_yuan": sp}
                            for y, b, sp in zip(s.years, s.budget_yuan, s.spend_yuan, strict=True)],
                "binding_budget_years": s.binding_budget_years, "binding_targets": s.binding_targets,
                "targets": [t.to_dict() for t in reached], "excluded": result.excluded,
                "unfunded_mandatory": [u.to_dict() for u in result.unfunded],
                "shortfall_yuan_by_year": {str(y): v for y, v in result.shortfall_yuan_by_year.items()},
                "line_candidates": [c.to_dict() for c in solved.line_candidates],
                "items": rows}
    for note in result.excluded:
        warn(f"提示：{note}")
    if result.unfunded:
        gaps = "；".join(f"{y} 年缺口 {v:,.0f} 元" for y, v in result.shortfall_yuan_by_year.items())
        warn(f"提示：预算不足以完成全部强制淘汰，{len(result.unfunded)} 台未获资金：{gaps}")
    if json_output:
        emit_json(document)
        return
    typer.echo(f"已保存更新计划 第 {result.plan_id} 号（{solved.scope.description}）：目标 "
               f"{labels.label('objective', objective)} {s.objective:,.0f}，求解 {labels.label('solver_method', s.method)}"
               f"（{labels.label('solver_status', s.status)}），相对差距 {s.gap:.4%}，用时 {s.seconds:.2f} 秒；预算 "
               + labels.budgets_text(dict(zip(s.years, s.budget_yuan, strict=True))))
    for t in reached:
        typer.echo(f"政策目标 {t.label}：{t.year}年 ≥ {t.share:.0%}，计划达到 "
                   + "，".join(f"{y}年 {v:.1%}" for y, v in t.reached.items()) + ("（达到）" if t.met else "（未达到）"))
    print_table("年度预算", ["年份", "预算(元)", "安排(元)", "是否紧约束"],
                [(y, b, sp, "是" if y in s.binding_budget_years else "") for y, b, sp in
                 zip(s.years, s.budget_yuan, s.spend_yuan, strict=True)])
    if result.unfunded:
        print_table("未获资金的强制淘汰设备", ["应完成年份", "资产编号", "名称", "所需投资(元)", "依据"],
                    [(u.year, u.asset_no, u.name, u.cost_yuan, u.basis) for u in result.unfunded])
    _print_line_candidates(solved.line_candidates)
    page = list(itertools.islice(rows, None if show_all else PAGE_ROWS))
    print_page("更新时间表", ["年份", "资产编号", "名称", "措施", "强制", "投资(元)", "年节能tce", "年减碳tCO2"],
               [(r["year"], r["asset_no"], r["name"], r["action_label"], "是" if r["mandatory"] else "",
                 r["investment_yuan"], r["annual_saving_tce"], r["annual_saving_tco2"]) for r in page],
               total=len(items), rest_hint="加 --all 显示全部，或 --json 输出全部")


def _print_line_candidates(candidates: list[LineCandidate]) -> None:
    """Lines below 基准: each finding once, then its candidates with the capacity-weighted effect."""
    if not candidates:
        return
    for finding in dict.fromkeys(c.finding for c in candidates):
        typer.echo(f"发现：{finding}")
    print_table("生产线改造候选（低于基准，未计入上列预算）", ["应完成年份", "企业", "生产线", "措施", "目标kgce/t",
                                                     "年节能tce", "投资(元)"],
                [(c.year, c.enterprise, c.line, c.action_label, f"{c.target_kgce_t:g}", f"{c.annual_saving_tce:,.1f}",
                  "未申报" if c.investment_yuan is None else f"{c.investment_yuan:,.0f}") for c in candidates])
    typer.echo("说明：年节能 = 产能 × (现值 − 目标) kgce/t ÷ 1000；生产线改造无有来源的单价，投资取企业申报需求")
