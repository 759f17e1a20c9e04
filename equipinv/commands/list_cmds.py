"""`equipinv lists` and `equipinv report`: the lists, the summary and the bulletin, on screen or as files."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from equipinv.cli_support import (
    PAGE_ROWS,
    STATE,
    UserError,
    emit_json,
    parse_cli_date,
    print_page,
    progress_bar,
    warn,
    working,
)

if TYPE_CHECKING:
    from equipinv.listing import ListDocument

JsonFlag = Annotated[bool, typer.Option("--json", help="输出 JSON (machine-readable output)")]
RegionOpt = Annotated[str | None, typer.Option("--region", help="行政区划代码：县、市或省 (region code)")]
EnterpriseOpt = Annotated[str | None, typer.Option("--enterprise", "-e", help="企业信用代码、名称或编号")]
AllFlag = Annotated[bool, typer.Option("--all", help=f"屏幕上显示全部行（默认只显示前 {PAGE_ROWS} 行） (print every row)")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="统计日期，默认今天")]
LIST_HELP = "清单：current_state 现状、demand 需求、new_project 新建项目、elimination 淘汰、renewal 鼓励更新"


def register(app: typer.Typer) -> None:
    app.command("lists", help="输出清单（表格、CSV 或 JSON） (print a list)\n\n" + LIST_HELP)(lists)
    app.command("report", help="生成 PDF/XLSX 清单或汇总报告 (write a list or the summary as PDF/XLSX)\n\n"
                + LIST_HELP + "、summary 汇总报告（PDF）、progress 旬调度/月通报（--period dekad|month）")(report)


def _today(as_of: str | None) -> dt.date:
    return parse_cli_date(as_of) or dt.date.today()


def _list_document(list_id: str, region: str | None, enterprise: str | None, as_of: str | None) -> ListDocument:
    from equipinv.lists import LIST_IDS
    from equipinv.services.documents import list_document
    from equipinv.services.scopes import ScopeRequest

    if list_id not in LIST_IDS:
        raise UserError(f'清单 "{list_id}" 未知（可选：{"、".join(LIST_IDS)}） (error: unknown list "{list_id}")')
    return list_document(STATE.context(), list_id, ScopeRequest(enterprise, region), today=_today(as_of))


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def lists(
    list_id: Annotated[str, typer.Argument(help=LIST_HELP)],
    region: RegionOpt = None,
    enterprise: EnterpriseOpt = None,
    as_of: AsOfOpt = None,
    csv_path: Annotated[Path | None, typer.Option("--csv", help="写出 CSV 文件（UTF-8 BOM，Excel 可直接打开）")] = None,
    show_all: AllFlag = False,
    json_output: JsonFlag = False,
) -> None:
    from equipinv.exchange.safe_cells import safe_text

    with working("正在读取台账并生成清单…", quiet=json_output):
        doc = _list_document(list_id, region, enterprise, as_of)
    keys = [c.key for c in doc.columns]
    if csv_path is not None:
        with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([c.header for c in doc.columns])
            for section in doc.sections:
                for row in section.rows:
                    writer.writerow([safe_text(_plain(row.get(k))) for k in keys])
        warn(f"已写出 {doc.row_count} 行到 {csv_path}")
    if json_output:
        emit_json({"list_id": doc.list_id, "title": doc.title, "scope": doc.scope,
                   "columns": [{"key": c.key, "header": c.header, "kind": c.kind} for c in doc.columns],
                   "sections": ({"title": s.title, "rows": ({k: _plain(r.get(k)) for k in keys} for r in s.rows)}
                                for s in doc.sections),  # generators: written row by row
                   "totals": doc.totals(), "notes": doc.notes})
        return
    if csv_path is None:
        rows = ([_plain(r.get(k)) for k in keys] for s in doc.sections for r in s.rows)
        print_page(f"{doc.title}（{doc.scope}）", [c.header for c in doc.columns],
                   list(itertools.islice(rows, None if show_all else PAGE_ROWS)), total=doc.row_count,
                   rest_hint="加 --all 显示全部，或 --csv 文件 / --json 输出全部")
        if not doc.row_count:
            typer.echo("无")
        for note in doc.notes:
            typer.echo(f"注：{note}")


def report(
    list_id: Annotated[str, typer.Argument(help=LIST_HELP + "、summary、progress")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="pdf 或 xlsx")] = "pdf",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="输出文件")] = None,
    region: RegionOpt = None,
    enterprise: EnterpriseOpt = None,
    as_of: AsOfOpt = None,
    period: Annotated[str, typer.Option("--period", help="progress 的周期：dekad 旬调度、month 月通报")] = "month",
    json_output: JsonFlag = False,
) -> None:
    if fmt not in ("pdf", "xlsx"):
        raise UserError(f'格式 "{fmt}" 不支持（可选 pdf、xlsx） (error: unknown format "{fmt}")')
    path = output or Path(f"{list_id}.{fmt}")
    if list_id == "progress":
        result = write_bulletin(fmt, path, period, region, enterprise, as_of)
    else:
        result = write_report(list_id, fmt, path, region, enterprise, as_of, quiet=json_output)
    if json_output:
        emit_json(result)
    else:
        typer.echo(f"已生成 {result['path']}（{written_text(result)}）")


def written_text(result: dict[str, Any]) -> str:
    """"3 页，55 行" for a PDF; "1 个工作表（设备淘汰清单），55 行" for a workbook (its pages depend on the printer)."""
    if "pages" in result:
        return f"{result['pages']} 页，{result['rows']} 行"
    sheets = result.get("sheets") or []
    return f"{len(sheets)} 个工作表（{'、'.join(sheets)}），{result['rows']} 行"


def write_report(list_id: str, fmt: str, path: Path, region: str | None, enterprise: str | None,
                 as_of: str | None, *, quiet: bool = False) -> dict[str, Any]:
    """Render a list or the summary to `path`; warnings (font fallback, missing glyphs) go to stderr."""
    from equipinv.cli import load_ui
    from equipinv.services.documents import summary_document
    from equipinv.services.scopes import ScopeRequest

    write_document = load_ui("reports.documents").write_document
    context, chosen = STATE.context(), ScopeRequest(enterprise, region)
    if list_id == "summary":
        document: Any = summary_document(context, chosen, today=_today(as_of))
        progress = None
    else:
        document = _list_document(list_id, region, enterprise, as_of)
        progress = progress_bar(document.row_count, f"正在写出 {path.name}", quiet=quiet)
    result: dict[str, Any] = write_document(document, fmt, path, font=context.config.pdf_font, progress=progress)
    _warn_all(result.pop("warnings"))
    return result


def write_bulletin(fmt: str, path: Path, period: str, region: str | None, enterprise: str | None,
                   as_of: str | None) -> dict[str, Any]:
    """Render the 旬调度 / 月通报 bulletin (`equipinv.bulletin`) to `path`."""
    from sqlmodel import Session

    from equipinv.bulletin import PERIOD_TITLES, build_bulletin
    from equipinv.cli import load_ui
    from equipinv.services.scopes import ScopeRequest

    if period not in PERIOD_TITLES:
        raise UserError(f'周期 "{period}" 未知（可选 dekad 旬调度、month 月通报） (error: unknown period "{period}")')
    renderer = load_ui("reports.bulletin")
    with Session(STATE.engine()) as session:
        scope = ScopeRequest(enterprise, region).resolve(session)
        bulletin = build_bulletin(session, scope, as_of=_today(as_of), period=period)
    if fmt == "xlsx":
        written = renderer.render_bulletin_xlsx(bulletin, path)
        return {"path": str(written.path.resolve()), "rows": written.rows, "sheets": written.sheets}
    rendered = renderer.render_bulletin_pdf(bulletin, path, font=STATE.context().config.pdf_font)
    _warn_all(rendered.warnings)
    return {"path": str(path.resolve()), "pages": rendered.pages, "rows": rendered.rows,
            "font": rendered.font_name, "missing_chars": rendered.missing_chars}


def _warn_all(messages: list[str]) -> None:
    for message in messages:
        warn(f"提示：{message}")
