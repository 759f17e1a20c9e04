"""`equipinv elimination mark-done|verify`, `progress` and `rollup`: what a bureau reports up."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from equipinv.cli_support import STATE, UserError, emit_json, parse_cli_date, print_table
from equipinv.commands.list_cmds import RegionOpt, resolve_scope

JsonFlag = Annotated[bool, typer.Option("--json", help="输出 JSON (machine-readable output)")]
EnterpriseOpt = Annotated[str, typer.Option("--enterprise", "-e", help="企业信用代码、名称或编号")]
elimination_app = typer.Typer(help="淘汰对账销号 (closing eliminations)", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(elimination_app, name="elimination")
    app.command("progress", help="旬调度、月通报：淘汰进度与问题清单 (progress figures and problem list)")(progress_cmd)
    app.command("rollup", help="按地区或行业汇总 (roll-up by region or industry)")(rollup_cmd)


def _date(text: str | None) -> dt.date:
    return parse_cli_date(text) or dt.date.today()


@elimination_app.command("mark-done", help="企业报告已淘汰（附日期和证明） (report an elimination done)")
def mark_done_cmd(
    asset_no: Annotated[str, typer.Argument(help="资产编号")],
    enterprise: EnterpriseOpt,
    evidence: Annotated[str, typer.Option("--evidence", help="证明材料说明，如 拆除照片、回收证明编号")],
    date: Annotated[str | None, typer.Option("--date", help="完成日期，默认今天")] = None,
    json_output: JsonFlag = False,
) -> None:
    from equipinv.bureau.closure import mark_done, record_for
    from equipinv.db import session_scope
    from equipinv.ledger import find_enterprise

    with session_scope(STATE.engine()) as session:
        record = record_for(session, find_enterprise(session, enterprise), asset_no)
        mark_done(session, record, done_date=_date(date), evidence=evidence, actor="cli")
        result = {"record_id": record.id, "status": record.status, "done_date": record.done_date}
    emit_json(result) if json_output else typer.echo(f"{asset_no} 已标为已完成（{result['done_date']}），待核验销号")


@elimination_app.command("verify", help="主管部门核验销号 (verify and tick off)")
def verify_cmd(
    asset_no: Annotated[str, typer.Argument(help="资产编号")],
    enterprise: EnterpriseOpt,
    by: Annotated[str, typer.Option("--by", help="核验人")],
    date: Annotated[str | None, typer.Option("--date", help="核验日期，默认今天")] = None,
    json_output: JsonFlag = False,
) -> None:
    from equipinv.bureau.closure import record_for, verify
    from equipinv.db import session_scope
    from equipinv.ledger import find_enterprise

    with session_scope(STATE.engine()) as session:
        record = record_for(session, find_enterprise(session, enterprise), asset_no)
        verify(session, record, verified_date=_date(date), verified_by=by, actor=by)
        result = {"record_id": record.id, "status": record.status, "verified_date": record.verified_date}
    emit_json(result) if json_output else typer.echo(f"{asset_no} 已核验销号（{result['verified_date']}，{by}）")


def progress_cmd(
    as_of: Annotated[str | None, typer.Option("--as-of", help="统计日期，默认今天")] = None,
    period: Annotated[str, typer.Option("--period", help="dekad 旬 或 month 月")] = "month",
    region: RegionOpt = None,
    json_output: JsonFlag = False,
) -> None:
    from sqlmodel import Session

    from equipinv.bureau.closure import progress

    if period not in ("dekad", "month"):
        raise UserError(f'周期 "{period}" 未知（可选 dekad、month） (error: unknown period "{period}")')
    with Session(STATE.engine()) as session:
        scope = resolve_scope(session, region, None)
        report = progress(session, as_of=_date(as_of), period=period, enterprise_ids=list(scope.enterprise_ids))
    if json_output:
        emit_json(report.to_dict())
        return
    title = f"{'旬调度' if period == 'dekad' else '月通报'}（{report.start}～{report.end}，{scope.description}）"
    columns = ["", "合计", "计划中", "已完成待核验", "已核验销号", "逾期", "本期完成", "本期销号"]
    for name, rows in (("按县（市、区）", report.by_county), ("按行业", report.by_industry)):
        print_table(f"{title} {name}", columns,
                    [(r.label, r.total, r.planned, r.done, r.verified, r.overdue, r.done_in_period, r.verified_in_period)
                     for r in [*rows, report.total]])
    print_table(f"问题清单（{len(report.problems)} 项）", ["问题", "企业", "资产编号", "设备", "淘汰期限", "依据"],
                [(p["problem"], p["enterprise"], p["asset_no"], p["equipment_name"], p["deadline"], p["basis"][:40])
                 for p in report.problems])


def rollup_cmd(
    region: Annotated[str, typer.Option("--region", help="行政区划代码，如 141100")],
    by: Annotated[str, typer.Option("--by", help="region 按下级地区，industry 按行业")] = "region",
    json_output: JsonFlag = False,
) -> None:
    from sqlmodel import Session

    from equipinv import labels
    from equipinv.bureau.rollup import LEVEL_KEYS, rollup

    with Session(STATE.engine()) as session:
        try:
            rows, total = rollup(session, region, by=by)
        except ValueError as exc:
            raise UserError(str(exc)) from exc
    if json_output:
        emit_json({"region": region, "by": by, "rows": [r.to_dict() for r in rows], "total": total.to_dict()})
        return
    print_table(f"汇总（{total.label.removesuffix('合计')}，按{'地区' if by == 'region' else '行业'}）",
                ["", "企业", "设备", *(labels.LEVELS[k] for k in LEVEL_KEYS), "超设计年限", "待销号淘汰",
                 "计划投资(元)", "年节能tce", "年减碳tCO2"],
                [(r.label, r.enterprises, r.units, *(r.levels[k] for k in LEVEL_KEYS), r.past_design_life,
                  r.open_eliminations, r.plan_investment_yuan, r.plan_saving_tce, r.plan_saving_tco2)
                 for r in [*rows, total]])
