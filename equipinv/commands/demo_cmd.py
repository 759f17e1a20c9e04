"""`equipinv demo`: the main job on a believable ledger, end to end."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from equipinv.cli_support import STATE, UserError, emit_json, print_table, warn

if TYPE_CHECKING:
    import sqlalchemy as sa
    from sqlmodel import Session


def register(app: typer.Typer) -> None:
    app.command("demo", help="生成演示台账并运行全流程 (build the demo ledger and run the whole job)")(demo)


def demo(
    out: Annotated[Path, typer.Option("--out", help="清单和报告的输出目录 (folder for the lists and reports)")] = Path(
        "demo-output"),
    seed: Annotated[int, typer.Option("--seed", help="随机种子 (seed)")] = 2024,
    synthetic: Annotated[int, typer.Option(
        "--synthetic", help="改为生成 N 台合成设备（用于性能测试），只分级和检查 (a synthetic ledger of N units)")] = 0,
    json_output: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    from sqlmodel import select

    from equipinv import labels
    from equipinv.checking import check_stored_units
    from equipinv.db import session_scope
    from equipinv.demo import DEMO_TODAY, ENTERPRISES, build_demo
    from equipinv.grading import grade_stored_units
    from equipinv.ledger_stats import category_stats
    from equipinv.models import Enterprise

    engine = STATE.engine(create=True)
    if synthetic:
        _synthetic(engine, synthetic, seed, json_output)
        return
    with session_scope(engine) as session:
        present = session.exec(select(Enterprise.name).where(
            Enterprise.name.in_([e.name for e in ENTERPRISES]))).all()  # type: ignore[attr-defined]
        if present:
            warn(f"演示企业已存在，跳过生成（{len(present)} 家） (demo enterprises exist, not rebuilt)")
            counts: dict[str, int | None] = {"enterprises": len(present), "units": None}
        else:
            counts = dict(build_demo(session, seed))
            warn(f"已生成演示台账：{counts['enterprises']} 家企业，{counts['units']} 台（套）设备")
    with session_scope(engine) as session:
        graded = grade_stored_units(session)
    with session_scope(engine) as session:
        checked = check_stored_units(session)
    warn(f"能效分级：{graded.graded} 台已分级，{graded.ungradable} 台无法分级；"
         f"淘汰检查：{checked.units_with_mandatory} 台须强制淘汰")
    with session_scope(engine) as session:
        stats = category_stats(session, today=DEMO_TODAY)
        plan = _plan(session)
    out.mkdir(parents=True, exist_ok=True)
    files = _write_documents(engine, out)
    summary = {
        "database": str(engine.url.render_as_string(hide_password=True)),
        "output_folder": str(out.resolve()),
        "enterprises": counts["enterprises"],
        "grading": graded.to_dict(),
        "check": checked.to_dict(),
        "plan": plan,
        "files": files,
        "by_category": [
            {"category": s.category, "category_label": labels.label("category", s.category), "units": s.units,
             "quantity": s.quantity, "past_design_life": s.past_design_life, "levels": dict(s.levels)}
            for s in stats
        ],
    }
    if json_output:
        emit_json(summary)
        return
    print_table("演示台账概况（按类别）", ["类别", "台账行", "数量", "超设计年限", *labels.LEVELS.values()],
                [(labels.label("category", s.category), s.units, s.quantity, s.past_design_life,
                  *(s.levels.get(level, 0) for level in labels.LEVELS)) for s in stats])
    typer.echo(f"更新计划 第 {plan['plan_id']} 号：{plan['items']} 项，投资 {plan['investment_yuan']:,.0f} 元，"
               f"年节能 {plan['annual_saving_tce']:,.1f} tce，年减碳 {plan['annual_saving_tco2']:,.1f} tCO2"
               f"（预算 {'、'.join(f'{y} 年 {b / 1e4:,.0f} 万元' for y, b in DEMO_BUDGETS.items())}，"
               f"相对差距 {plan['gap']:.3%}）")
    _print_elimination_summary(engine)
    typer.echo(f"数据库：{summary['database']}")
    for name, path in files.items():
        typer.echo(f"{name}：{path}")


def _synthetic(engine: sa.Engine, units: int, seed: int, json_output: bool) -> None:
    from equipinv.checking import check_stored_units
    from equipinv.db import session_scope
    from equipinv.grading import grade_stored_units
    from equipinv.synthetic import store_synthetic

    if units < 0 or units > 10_000_000:
        raise UserError(f"合成设备数 {units} 应在 1～10000000 之间 (error: --synthetic must be 1..10000000)")
    store_synthetic(engine, units, enterprises=max(1, units // 1000), seed=seed)
    with session_scope(engine) as session:
        graded = grade_stored_units(session)
    with session_scope(engine) as session:
        checked = check_stored_units(session)
    document = {"units": units, "grading": graded.to_dict(), "check": checked.to_dict()}
    if json_output:
        emit_json(document)
    else:
        typer.echo(f"已生成 {units} 台合成设备：{graded.graded} 台已分级，{checked.units_with_mandatory} 台须强制淘汰")


# The demo's yearly budgets (yuan): enough for the overdue mandatory work in the first plan year.
DEMO_BUDGETS = {2027: 8e6, 2028: 4e6, 2029: 4e6}


def _plan(session: Session) -> dict[str, Any]:
    from equipinv.demo import DEMO_TODAY
    from equipinv.lists import Scope
    from equipinv.planner import load_planning_data, make_plan

    config = STATE.context().config
    scope = Scope.everything(session)
    data = load_planning_data(session, scope, config, on=DEMO_TODAY)
    result = make_plan(session, data, DEMO_BUDGETS, objective="npv", config=config, current_year=DEMO_TODAY.year,
                       scope=scope)
    return {"plan_id": result.plan_id, "items": len(result.items), "gap": result.schedule.gap,
            "investment_yuan": sum(i.investment_yuan for i in result.items),
            "annual_saving_tce": sum(i.annual_saving_tce for i in result.items),
            "annual_saving_tco2": sum(i.annual_saving_tco2 for i in result.items)}


def _write_documents(engine: sa.Engine, out: Path) -> dict[str, str]:
    """The elimination list and the summary as PDF, every list as one XLSX workbook."""
    from sqlmodel import Session

    from equipinv.cli import load_ui
    from equipinv.demo import DEMO_TODAY
    from equipinv.lists import LIST_IDS, Scope, build_list
    from equipinv.summary import build_summary

    render_list_pdf = load_ui("reports.pdf").render_list_pdf
    render_summary_pdf = load_ui("reports.summary").render_summary_pdf
    render_list_xlsx = load_ui("reports.xlsx").render_list_xlsx

    font = STATE.context().config.pdf_font
    with Session(engine) as session:
        scope = Scope.everything(session)
        documents = {list_id: build_list(session, list_id, scope, today=DEMO_TODAY) for list_id in LIST_IDS}
        summary = build_summary(session, scope, today=DEMO_TODAY)
    files = {"设备淘汰清单（PDF）": out / "设备淘汰清单.pdf", "汇总报告（PDF）": out / "汇总报告.pdf",
             "全部清单（XLSX）": out / "清单.xlsx"}
    rendered = render_list_pdf(documents["elimination"], files["设备淘汰清单（PDF）"], font=font)
    for message in rendered.warnings + list(render_summary_pdf(summary, files["汇总报告（PDF）"], font=font).warnings):
        warn(f"提示：{message}")
    render_list_xlsx(list(documents.values()), files["全部清单（XLSX）"])
    return {name: str(path.resolve()) for name, path in files.items()}


def _print_elimination_summary(engine: sa.Engine) -> None:
    """The elimination list in one line per kind of legal basis (rows and units): the table itself is in the
    files written, the terminal shows what a county reports up and where the documents are."""
    from sqlmodel import Session

    from equipinv.demo import DEMO_TODAY
    from equipinv.lists import Scope, build_list

    with Session(engine) as session:
        doc = build_list(session, "elimination", Scope.everything(session), today=DEMO_TODAY)
    units = sum(int(r.get("quantity") or 0) for s in doc.sections for r in s.rows)
    typer.echo(f"设备淘汰清单：{doc.row_count} 项、{units} 台（套），按淘汰依据："
               + "；".join(f"{s.title.split('（')[0]} {len(s.rows)} 项、{sum(int(r.get('quantity') or 0) for r in s.rows)} 台"
                          for s in doc.sections))
