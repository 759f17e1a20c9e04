"""`equipinv roster load/status`: the enterprises that must report, and who has not (应报未报)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from equipinv.cli_support import STATE, UserError, emit_json, parse_cli_date, print_table

if TYPE_CHECKING:
    from equipinv.bureau.roster import ReportingStatus

roster_app = typer.Typer(help="应报企业名录 (roster of enterprises that must report)", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(roster_app, name="roster")


@roster_app.command("load", help="导入应报企业名录（CSV/XLSX） (load the roster)")
def load(
    path: Annotated[Path, typer.Argument(help="名录文件：统一社会信用代码、企业名称、行业代码、行政区划代码、重点用能单位")],
    json_output: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    from equipinv.bureau.roster import RosterError, load_roster
    from equipinv.db import session_scope

    try:
        with session_scope(STATE.engine()) as session:
            result = load_roster(session, path)
    except RosterError as exc:
        raise UserError(str(exc)) from exc
    if json_output:
        emit_json({"rows": result.rows, "added": result.added, "updated": result.updated})
    else:
        typer.echo(f"已导入名录 {path.name}：{result.rows} 家（新增 {result.added}，更新 {result.updated}）")


@roster_app.command("status", help="某一期的报送情况：按时、迟报、应报未报 (who reported for a period)")
def status(
    period: Annotated[str, typer.Option("--period", help="报送期，与调查包的期别一致，如 2026-11")],
    due: Annotated[str | None, typer.Option("--due", help="报送截止日期；之后首次报送为迟报")] = None,
    region: Annotated[str | None, typer.Option("--region", help="只看该地区（含下级）")] = None,
    json_output: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    from equipinv import codes
    from equipinv.bureau.roster import reporting_status
    from equipinv.db import session_scope

    region_codes = codes.region_descendants(region) if region else None
    with session_scope(STATE.engine()) as session:
        report = reporting_status(session, period, parse_cli_date(due), region_codes)
    if json_output:
        emit_json(report.to_dict())
        return
    print_reporting_status(report)


def print_reporting_status(report: ReportingStatus) -> None:
    """The status of a period: counts, then who has not reported, who reported late, who is not listed."""
    typer.echo(f"报送期 {report.period}（截止 {report.due or '未设'}）：名录 {report.roster_size} 家，"
               f"按时 {len(report.on_time)}，迟报 {len(report.late)}，应报未报 {len(report.missing)}；"
               f"名录外报送 {len(report.not_on_roster)} 家")
    for title, lines in (("应报未报", report.missing), ("迟报", report.late), ("名录外报送", report.not_on_roster)):
        if lines:
            print_table(title, ["统一社会信用代码", "企业名称", "地区", "重点用能单位", "首次报送"],
                        [(x.credit_code, x.name, x.region_code or "",
                          "" if x.key_energy_user is None else "是" if x.key_energy_user else "否",
                          x.first_submitted.strftime("%Y-%m-%d %H:%M") if x.first_submitted else "") for x in lines])


def roster_gaps_for(period: str, due: dt.date | None, region: str | None) -> ReportingStatus | None:
    """The roster's gaps for `period` (within `region`) when a roster is loaded: `consolidate` and `progress`
    show them beside their own figures, through the same `reporting_status` as `roster status`."""
    from sqlmodel import Session

    from equipinv import codes
    from equipinv.bureau.roster import roster_gaps

    with Session(STATE.engine()) as session:
        return roster_gaps(session, period, due, codes.region_descendants(region) if region else None)
