"""`equipinv template` and `equipinv import`: the Excel ledger an enterprise fills in, read back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from equipinv.cli_support import STATE, UserError, emit_json, print_table, terminal_safe, warn

if TYPE_CHECKING:
    import sqlalchemy as sa

JsonFlag = Annotated[bool, typer.Option("--json", help="输出 JSON (machine-readable output)")]


survey_app = typer.Typer(help="调查包：企业报送县局的单一文件 (survey packages)", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("template", help="生成设备台账 Excel 模板 (write the ledger template)")(template)
    app.command("import", help="导入 Excel/CSV 设备台账 (import a ledger)")(import_cmd)
    app.add_typer(survey_app, name="survey")


@survey_app.command("export", help="导出本企业的调查包 (write the enterprise's survey package)")
def survey_export(
    enterprise: Annotated[str, typer.Option("--enterprise", "-e", help="企业信用代码、名称或编号")],
    output: Annotated[Path, typer.Option("--output", "-o", help="输出文件 .zip")],
    period: Annotated[str | None, typer.Option("--period", help="报送期，如 2026-11")] = None,
    json_output: JsonFlag = False,
) -> None:
    from sqlmodel import Session

    from equipinv.exchange.package import export_package
    from equipinv.ledger import find_enterprise

    with Session(STATE.engine()) as session:
        ent = find_enterprise(session, enterprise)
        path = export_package(session, ent, output, period=period or dt.date.today().strftime("%Y-%m"))
    result = {"path": str(path.resolve()), "credit_code": ent.credit_code, "bytes": path.stat().st_size}
    emit_json(result) if json_output else typer.echo(f"已生成调查包 {result['path']}")


@survey_app.command("import", help="校验并导入调查包 (verify and import a survey package)")
def survey_import(
    path: Annotated[Path, typer.Argument(help="调查包 .zip")],
    json_output: JsonFlag = False,
) -> None:
    import sqlalchemy as sa

    from equipinv.db import is_write_race, session_scope
    from equipinv.exchange.package import PackageError, import_package
    from equipinv.exchange.reader import LedgerFileError

    engine = STATE.engine()
    try:
        with session_scope(engine) as session:
            report = import_package(session, path, submitted_by="cli")
    except (PackageError, LedgerFileError) as exc:
        raise UserError(str(exc)) from exc
    except (sa.exc.IntegrityError, sa.exc.OperationalError) as exc:
        if not is_write_race(exc):
            raise
        raise UserError(_stored_first(path, exc)) from exc
    if json_output:
        emit_json(report.to_dict())
    else:
        typer.echo(terminal_safe(f"调查包已导入：{report.enterprise_name}，新增 {report.accepted} 台，更新 {report.updated} 台，"
                   f"拒绝 {len(report.rejected)} 行") if not report.duplicate else "此调查包已导入过，未作改动")


def _stored_first(path: Path, exc: sa.exc.DBAPIError) -> str:
    """What to say when another process stored the same file or enterprise at the same moment (nothing
    of this import was kept), naming the file."""
    import sqlalchemy as sa

    from equipinv.db import unique_refusal

    reason = (unique_refusal(exc) if isinstance(exc, sa.exc.IntegrityError) else None) or \
        "另一进程正在写入同一数据库，本文件未导入，请重试 (error: another process is writing; nothing imported, retry)"
    return f"文件 {path.name}：{reason}"


def template(
    path: Annotated[Path, typer.Argument(help="输出文件，如 ledger.xlsx")] = Path("ledger.xlsx"),
    enterprise: Annotated[str | None, typer.Option(
        "--enterprise", "-e", help="填入该企业已有的台账和项目，供修改后再导入 (pre-fill with this enterprise's ledger)")] = None,
) -> None:
    from equipinv.exchange.template import write_template

    if enterprise is None:
        write_template(path)
        typer.echo(f"已生成台账模板 {path.resolve()}")
        return
    from sqlmodel import Session

    from equipinv.exchange.ledger_export import filled_template
    from equipinv.ledger import find_enterprise

    with Session(STATE.engine()) as session:
        filled = filled_template(session, find_enterprise(session, enterprise))
    write_template(path, filled)
    typer.echo(f"已生成台账 {path.resolve()}：{filled.enterprise['name']}，{len(filled.rows)} 台（套）设备")


def import_cmd(
    path: Annotated[Path, typer.Argument(help="台账文件 .xlsx 或 .csv")],
    enterprise: Annotated[str | None, typer.Option("--enterprise", "-e", help="企业信用代码（工作簿无企业信息表时）")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只检查，不入库")] = False,
    json_output: JsonFlag = False,
) -> None:
    import sqlalchemy as sa

    from equipinv.db import is_write_race, session_scope
    from equipinv.exchange.ledger_import import import_ledger
    from equipinv.exchange.reader import LedgerFileError

    if path.suffix.lower() not in (".xlsx", ".csv"):
        raise UserError(f'文件 "{path.name}" 不是 .xlsx 或 .csv (error: only .xlsx and .csv ledgers can be imported)')
    engine = STATE.engine()
    try:
        with session_scope(engine) as session:
            report = import_ledger(session, path, enterprise_credit_code=enterprise, dry_run=dry_run, submitted_by="cli")
    except LedgerFileError as exc:
        raise UserError(str(exc)) from exc
    except (sa.exc.IntegrityError, sa.exc.OperationalError) as exc:
        if not is_write_race(exc):
            raise
        raise UserError(_stored_first(path, exc)) from exc
    if json_output:
        emit_json(report.to_dict())
        return
    verb = "将导入（试运行，未入库）" if dry_run else "已导入"
    if report.duplicate:
        typer.echo(f"此文件已导入过（提交第 {report.version} 版），未作改动")
        return
    typer.echo(terminal_safe(f"{verb}：{report.enterprise_name or report.enterprise_credit_code}，新增 {report.accepted} 台，"
                             f"更新 {report.updated} 台，未变 {report.unchanged} 台，拒绝 {len(report.rejected)} 行"
                             + (f"（提交第 {report.version} 版）" if report.version else "")))
    for notice in report.notices():
        warn(f"提示：{notice}")
    if report.derived_units:
        typer.echo(f"其中 {report.derived_units} 台的部分参数由型号推得（已标注，非铭牌值）")
    for quality in report.designation_warnings[:50]:
        warn(f"数据质量提示：{quality['asset_no']}：{quality['message']}")
    for note in report.warnings[:50]:
        warn(f"提示：第 {note.row} 行 {note.message}")
    if report.rejected:
        print_table("被拒绝的行", ["行号", "原因"],
                    [(r.row, "；".join(r.errors.values())) for r in report.rejected[:50]])
        if report.error_workbook:
            typer.echo(f"错误明细已写入 {report.error_workbook}")
