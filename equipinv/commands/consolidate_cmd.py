"""`equipinv consolidate INBOX/`: a county's packages and ledgers into one database."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from equipinv.cli_support import STATE, UserError, emit_json, parse_cli_date, print_table, terminal_safe
from equipinv.commands.roster_cmd import print_reporting_status, roster_gaps_for

if TYPE_CHECKING:
    from equipinv.bureau.consolidate import ConsolidationReport


def register(app: typer.Typer) -> None:
    app.command("consolidate", help="汇总收件箱中的调查包和台账 (consolidate an inbox of packages and ledgers)")(
        consolidate_cmd)


def _progress(done: int, total: int, name: str) -> None:
    width = 30
    filled = int(width * done / max(total, 1))
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {terminal_safe(name[:40]):<40}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def consolidate_cmd(
    inbox: Annotated[Path, typer.Argument(help="收件箱目录")],
    workers: Annotated[int | None, typer.Option(
        "--workers", min=0, help="预读文件的进程数（默认每核一个；0 为不另起进程） (reading processes)")] = None,
    period: Annotated[str | None, typer.Option(
        "--period", help="核对应报未报的报送期，默认本月（已导入名录时） (period checked against the roster)")] = None,
    due: Annotated[str | None, typer.Option("--due", help="报送截止日期；之后首次报送为迟报")] = None,
    json_output: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    from equipinv.bureau.consolidate import consolidate

    if not inbox.is_dir():
        raise UserError(f'收件箱 "{inbox}" 不是目录 (error: inbox "{inbox}" is not a folder)')
    due_date = parse_cli_date(due)
    report = consolidate(STATE.engine(), inbox, progress=_progress, workers=workers)
    gaps = roster_gaps_for(period or STATE.context().today.strftime("%Y-%m"), due_date, None)
    if json_output:
        emit_json({**report.to_dict(), "roster": gaps.to_dict() if gaps else None})
    else:
        _print(report)
        if gaps is not None:  # 应报未报: who on the roster has not reported for the period, who reported late
            print_reporting_status(gaps)
    if report.rejected:  # exit 1: the run did its work, but the county is not complete until these are resent
        typer.echo(f"错误：{len(report.rejected)} 份文件被拒收，请联系报送企业改正后重报 "
                   f"(error: {len(report.rejected)} files refused)", err=True)
        raise typer.Exit(1)


def _print(report: ConsolidationReport) -> None:
    from equipinv.field_labels import field_label

    typer.echo(f"接收 {len(report.accepted)} 份，拒收 {len(report.rejected)} 份，重复 {len(report.duplicates)} 份，"
               f"替代旧版本 {len(report.superseded)} 家，旧于已入库版本未采用 {len(report.older)} 份，"
               f"跳过非调查包文件 {len(report.skipped)} 个")
    for item in report.rejected:
        typer.echo(terminal_safe(f"  拒收 {item['file']}：{item['reason']}"))
    for item in report.older:
        typer.echo(terminal_safe(f"  未采用 {item['file']}：{item['reason']}"))
    for item in report.skipped:
        typer.echo(terminal_safe(f"  跳过 {item['file']}：{item['reason']}"))
    print_table("各企业台账完整度（便于督促补报；按台账行计）",
                ["信用代码", "企业", "台账行", "完整度", "缺项（行）", "无法分级（行）"],
                [(c.credit_code, c.name, c.units, f"{c.score:.0%}",
                  "、".join(f"{field_label(k)} {v} 行" for k, v in c.missing.items()), c.ungradable)
                 for c in report.completeness])
