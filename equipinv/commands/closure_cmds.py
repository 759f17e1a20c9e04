"""`equipinv elimination mark-done|verify`, `progress` and `rollup`: what a bureau reports up."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from equipinv.cli_support import STATE, UserError, emit_json, parse_cli_date, print_table, warn
from equipinv.commands.list_cmds import RegionOpt
from equipinv.commands.roster_cmd import print_reporting_status, roster_gaps_for

JsonFlag = Annotated[bool, typer.Option("--json", help="输出 JSON (machine-readable output)")]
EnterpriseOpt = Annotated[str, typer.Option("--enterprise", "-e", help="企业信用代码、名称或编号")]
elimination_app = typer.Typer(help="淘汰对账销号 (closing eliminations)", no_args_is_help=True)
renewal_app = typer.Typer(help="鼓励更新项目进展 (progress of the plan's renewal items)", no_args_is_help=True)


def _date(text: str | None) -> dt.date:
    return parse_cli_date(text) or STATE.context().today


def register(app: typer.Typer) -> None:
    app.add_typer(elimination_app, name="elimination")
    app.add_typer(renewal_app, name="renewal")
    app.command("progress", help="旬调度、月通报：淘汰进度与问题清单 (progress figures and problem list)")(progress_cmd)
    app.command("rollup", help="按地区或行业汇总 (roll-up by region or industry)")(rollup_cmd)


@elimination_app.command("mark-done", help="企业报告已淘汰（附日期和证明） (report an elimination done)")
def mark_done_cmd(
    asset_no: Annotated[str, typer.Argument(help="资产编号")],
    enterprise: EnterpriseOpt,
    evidence: Annotated[str, typer.Option("--evidence", help="证明材料说明，如 拆除照片、回收证明编号")],
    route: Annotated[str, typer.Option("--route", help="处置方式：拆解、回收、再制造、转让、梯次利用")],
    recipient: Annotated[str, typer.Option("--recipient", help="接收单位")],
    certificate: Annotated[str, typer.Option("--certificate", help="接收单位资质或报废机动车回收证明编号（车辆必填）")] = "",
    weight_t: Annotated[float | None, typer.Option("--weight-t", help="处置重量（吨）")] = None,
    quantity: Annotated[int | None, typer.Option("--quantity", help="处置数量")] = None,
    date: Annotated[str | None, typer.Option("--date", help="完成日期，默认今天")] = None,
    json_output: JsonFlag = False,
) -> None:
    from equipinv.bureau.disposal import Disposal
    from equipinv.services import closure as closing

    disposal = Disposal(route, recipient, certificate, weight_t, quantity)
    record = closing.mark_done(STATE.context(), (enterprise, asset_no), done_date=parse_cli_date(date), evidence=evidence,
                               disposal=disposal)
    result = {"record_id": record.id, "status": record.status, "done_date": record.done_date,
              "disposal_route": record.disposal_route, "recipient": record.recipient}
    emit_json(result) if json_output else typer.echo(f"{asset_no} 已标为已完成（{result['done_date']}），待核验销号")


@elimination_app.command("verify", help="主管部门核验销号 (verify and tick off)")
def verify_cmd(
    asset_no: Annotated[str, typer.Argument(help="资产编号")],
    enterprise: EnterpriseOpt,
    by: Annotated[str, typer.Option("--by", help="核验人")],
    date: Annotated[str | None, typer.Option("--date", help="核验日期，默认今天")] = None,
    json_output: JsonFlag = False,
) -> None:
    from equipinv.services import closure as closing

    record = closing.verify(STATE.context(), (enterprise, asset_no), verified_date=parse_cli_date(date), verified_by=by)
    result = {"record_id": record.id, "status": record.status, "verified_date": record.verified_date}
    emit_json(result) if json_output else typer.echo(f"{asset_no} 已核验销号（{result['verified_date']}，{by}）")


def progress_cmd(
    as_of: Annotated[str | None, typer.Option("--as-of", help="统计日期，默认今天")] = None,
    period: Annotated[str, typer.Option("--period", help="dekad 旬 或 month 月")] = "month",
    region: RegionOpt = None,
    due: Annotated[str | None, typer.Option("--due", help="本月调查报送截止日期；之后首次报送为迟报")] = None,
    json_output: JsonFlag = False,
) -> None:
    from sqlmodel import Session

    from equipinv.services import closure as closing
    from equipinv.services.scopes import ScopeRequest

    if period not in ("dekad", "month"):
        raise UserError(f'周期 "{period}" 未知（可选 dekad、month） (error: unknown period "{period}")')
    with Session(STATE.engine()) as session:
        scope = ScopeRequest(region=region).resolve(session)
    day = parse_cli_date(as_of)
    report = closing.progress(STATE.context(), period=period, as_of=day, enterprise_ids=list(scope.enterprise_ids))
    gaps = roster_gaps_for((day or STATE.context().today).strftime("%Y-%m"), parse_cli_date(due), region)
    if json_output:
        emit_json({**report.to_dict(), "roster": gaps.to_dict() if gaps else None})
        return
    title = f"{'旬调度' if period == 'dekad' else '月通报'}（{report.start}～{report.end}，{scope.description}）"
    columns = ["", "合计", "计划中", "已完成待核验", "已核验销号", "逾期", "本期完成", "本期销号"]
    for name, rows in (("按县（市、区）", report.by_county), ("按行业", report.by_industry),
                       ("按淘汰依据类别", report.by_kind)):
        print_table(f"{title} {name}", columns,
                    [(r.label, r.total, r.planned, r.done, r.verified, r.overdue, r.done_in_period, r.verified_in_period)
                     for r in [*rows, report.total]])
    print_table(f"问题清单（{len(report.problems)} 项）", ["问题", "企业", "资产编号", "设备", "淘汰期限", "依据"],
                [(p["problem"], p["enterprise"], p["asset_no"], p["equipment_name"], p["deadline"], p["basis"][:40])
                 for p in report.problems])
    if gaps is not None:  # 应报未报: who on the roster has not reported this month's survey, who reported late
        print_reporting_status(gaps)


def rollup_cmd(
    region: Annotated[str, typer.Option("--region", help="行政区划代码，如 141100")],
    by: Annotated[str, typer.Option("--by", help="region 按下级地区，industry 按行业")] = "region",
    json_output: JsonFlag = False,
) -> None:
    from sqlmodel import Session

    from equipinv import labels
    from equipinv.bureau.rollup import LEVEL_KEYS, rollup
    from equipinv.plans import PlanScope, accepted_plan_for, plan_reference

    with Session(STATE.engine()) as session:
        rows, total = rollup(session, region, by=by)
        plan = accepted_plan_for(session, PlanScope("region", region))
        plan_note = f"依据更新计划：{plan_reference(plan)}" if plan else "本地区尚未制定更新计划：计划投资和节能量为 0"
    if json_output:
        emit_json({"region": region, "by": by, "rows": [r.to_dict() for r in rows], "total": total.to_dict(),
                   "plan_id": plan.id if plan else None, "plan_note": plan_note})
        return
    warn(f"注：{plan_note}")
    grouping = "地区" if by == "region" else "行业"
    print_table(f"汇总（{total.label.removesuffix('合计')}，按{grouping}；能效水平与超设计年限为台（套）数）",
                ["", "企业", "台账行", "设备（台/套）", *(labels.LEVELS[k] for k in LEVEL_KEYS), "超设计年限",
                 "待销号淘汰（行）", "计划投资(元)", "年节能tce", "年减碳tCO2"],
                [(r.label, r.enterprises, r.units, r.pieces, *(r.levels[k] for k in LEVEL_KEYS), r.past_design_life,
                  r.open_eliminations, r.plan_investment_yuan, r.plan_saving_tce, r.plan_saving_tco2)
                 for r in [*rows, total]])


@elimination_app.command("assess", help="登记安全风险评估结论（压力容器、电梯） (record a safety assessment)")
def assess_cmd(
    asset_no: Annotated[str, typer.Argument(help="资产编号")],
    enterprise: EnterpriseOpt,
    outcome: Annotated[str, typer.Option("--outcome", help="pass 合格、repair 维修后使用、replace 不合格淘汰更换")],
    assessor: Annotated[str, typer.Option("--assessor", help="评估（检验）单位")],
    next_review: Annotated[str | None, typer.Option("--next-review", help="下次评估日期（合格时必填）")] = None,
    report_no: Annotated[str, typer.Option("--report-no", help="评估报告编号")] = "",
    date: Annotated[str | None, typer.Option("--date", help="评估日期，默认今天")] = None,
    json_output: JsonFlag = False,
) -> None:
    from equipinv.bureau.assessments import OUTCOMES, AssessmentInput, record_assessment
    from equipinv.db import session_scope
    from equipinv.ledger import find_enterprise, find_equipment

    given = AssessmentInput(outcome, _date(date), assessor, parse_cli_date(next_review), report_no)
    with session_scope(STATE.engine()) as session:
        unit = find_equipment(session, find_enterprise(session, enterprise), asset_no)
        assessment = record_assessment(session, unit, given, actor="cli")
        result = {"assessment_id": assessment.id, "outcome": assessment.outcome,
                  "outcome_label": OUTCOMES[assessment.outcome], "next_review_date": assessment.next_review_date}
    emit_json(result) if json_output else typer.echo(f"{asset_no}：{result['outcome_label']}")


@elimination_app.command("disposals", help="按处置方式和接收单位列出已完成淘汰的处置去向 (disposals by route and recipient)")
def disposals_cmd(
    region: RegionOpt = None,
    start: Annotated[str | None, typer.Option("--from", help="完成日期起")] = None,
    end: Annotated[str | None, typer.Option("--to", help="完成日期止")] = None,
    json_output: JsonFlag = False,
) -> None:
    from sqlmodel import Session

    from equipinv.bureau.disposal import DISPOSAL_ROUTES, disposals
    from equipinv.services.scopes import ScopeRequest

    with Session(STATE.engine()) as session:
        scope = ScopeRequest(region=region).resolve(session)
        groups = disposals(session, list(scope.enterprise_ids), start=parse_cli_date(start), end=parse_cli_date(end))
    if json_output:
        emit_json([g.to_dict() for g in groups])
        return
    print_table(f"处置去向（{scope.description}）", ["处置方式", "接收单位", "记录数", "数量", "重量（吨）", "证明编号"],
                [(DISPOSAL_ROUTES.get(g.route, g.route), g.recipient, g.records, g.quantity, g.weight_t,
                  "、".join(g.certificates or [])) for g in groups])


@renewal_app.command("done", help="报告更新计划项目完成（日期、实际投资） (report a renewal item done)")
def renewal_done_cmd(
    asset_no: Annotated[str, typer.Argument(help="资产编号")],
    enterprise: EnterpriseOpt,
    cost: Annotated[float, typer.Option("--cost", help="实际投资（元）")],
    date: Annotated[str | None, typer.Option("--date", help="完成日期，默认今天")] = None,
    json_output: JsonFlag = False,
) -> None:
    from equipinv.bureau.renewal_progress import mark_renewal_done
    from equipinv.db import session_scope
    from equipinv.ledger import find_enterprise, find_equipment

    with session_scope(STATE.engine()) as session:
        unit = find_equipment(session, find_enterprise(session, enterprise), asset_no)
        item = mark_renewal_done(session, unit, completed=_date(date), actual_cost_yuan=cost, actor="cli")
        result = {"plan_item_id": item.id, "status": item.status, "completed_date": item.completed_date,
                  "actual_cost_yuan": item.actual_cost_yuan}
    emit_json(result) if json_output else typer.echo(f"{asset_no} 更新已完成（{result['completed_date']}），实际投资 {cost:,.0f} 元")


@elimination_app.command("confirm", help="登记人工核对确认的目录条目（危化品工艺、煤矿材料等） (confirm a catalogue row judged by hand)")
def confirm_cmd(
    asset_no: Annotated[str, typer.Argument(help="资产编号")],
    enterprise: EnterpriseOpt,
    rule: Annotated[str, typer.Option("--rule", help="目录条目编号，如 hazchem-b1-2（见 equipinv catalogs）")],
    by: Annotated[str, typer.Option("--by", help="核对人")],
    date: Annotated[str | None, typer.Option("--date", help="核对日期，默认今天")] = None,
    json_output: JsonFlag = False,
) -> None:
    from equipinv.db import session_scope
    from equipinv.ledger import find_enterprise, find_equipment
    from equipinv.manual_findings import confirm_manual

    with session_scope(STATE.engine()) as session:
        unit = find_equipment(session, find_enterprise(session, enterprise), asset_no)
        finding = confirm_manual(session, unit, rule, confirmed_by=by, on=_date(date), actor="cli")
        result = {"finding_id": finding.id, "rule_id": finding.rule_id, "kind": finding.kind,
                  "citation": finding.citation}
    emit_json(result) if json_output else typer.echo(f"{asset_no}：已登记 {result['citation']}")
