"""`equipinv demo`: the main job on a believable ledger, end to end."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from equipinv.cli_support import STATE, UserError, emit_json, print_table, warn

if TYPE_CHECKING:
    import sqlalchemy as sa
    from sqlmodel import Session

    from equipinv.elimination_list import EliminationCounts


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
    from equipinv.demo import ENTERPRISES, build_demo
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
            warn(f"已生成演示台账：{counts['enterprises']} 家企业，{counts['units']} 行设备（台账行）")
    # the ledger is the same on every run (built as of equipinv.demo.DEMO_TODAY); grading, checks, the plan and
    # the documents are made and dated the day the demo runs, as a user's would be
    today = dt.date.today()
    with session_scope(engine) as session:
        graded = grade_stored_units(session, on=today)
    with session_scope(engine) as session:
        checked = check_stored_units(session, as_of=today)
    warn(f"能效分级：{graded.graded} 行已分级，{graded.ungradable} 行无法分级（台账行）")
    with session_scope(engine) as session:
        stats = category_stats(session, today=today)
        plan = _plan(session, today)
    out.mkdir(parents=True, exist_ok=True)
    files, eliminations = _write_documents(engine, out, today)
    summary = {
        "database": str(engine.url.render_as_string(hide_password=True)),
        "output_folder": str(out.resolve()),
        "enterprises": counts["enterprises"],
        "grading": graded.to_dict(),
        "check": checked.to_dict(),
        "documents_dated": today.isoformat(),
        "elimination_list": {"rows": eliminations.rows, "pieces": eliminations.pieces,
                             "by_basis_kind": {k: {"rows": r, "pieces": p} for k, (r, p) in eliminations.by_kind.items()}},
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
    print_table("演示台账概况（按类别；除台账行外均为台（套）数）",
                ["类别", "台账行（行）", "设备（台/套）", "超设计年限", *labels.LEVELS.values()],
                [(labels.label("category", s.category), s.units, s.quantity, s.past_design_life,
                  *(s.levels.get(level, 0) for level in labels.LEVELS)) for s in stats])
    typer.echo(f"更新计划 第 {plan['plan_id']} 号：{plan['items']} 项，投资 {plan['investment_yuan']:,.0f} 元，"
               f"年节能 {plan['annual_saving_tce']:,.1f} tce，年减碳 {plan['annual_saving_tco2']:,.1f} tCO2"
               f"（预算 {labels.budgets_text(DEMO_BUDGETS)}，"
               f"相对差距 {plan['gap']:.3%}）")
    typer.echo(f"设备淘汰清单：{eliminations.text()}")
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
        typer.echo(f"已生成 {units} 行合成设备：{graded.graded} 行已分级，{checked.units_with_legal_basis} 行依法须淘汰")


# The demo's yearly budgets (yuan): enough for the overdue mandatory work in the first plan year.
DEMO_BUDGETS = {2027: 8e6, 2028: 4e6, 2029: 4e6}


def _plan(session: Session, today: dt.date) -> dict[str, Any]:
    from equipinv.lists import Scope
    from equipinv.planner import load_planning_data, make_plan

    config = STATE.context().config
    scope = Scope.everything(session)
    data = load_planning_data(session, scope, config, on=today)
    result = make_plan(session, data, DEMO_BUDGETS, objective="npv", config=config, current_year=today.year,
                       scope=scope)
    return {"plan_id": result.plan_id, "items": len(result.items), "gap": result.schedule.gap,
            "investment_yuan": sum(i.investment_yuan for i in result.items),
            "annual_saving_tce": sum(i.annual_saving_tce for i in result.items),
            "annual_saving_tco2": sum(i.annual_saving_tco2 for i in result.items)}


def _write_documents(engine: sa.Engine, out: Path, today: dt.date) -> tuple[dict[str, str], EliminationCounts]:
    """The elimination list and the summary as PDF, every list as one XLSX workbook, dated `today`; and the
    elimination list's counts (the figures the summary states too)."""
    from sqlmodel import Session

    from equipinv.cli import load_ui
    from equipinv.elimination_list import elimination_counts
    from equipinv.lists import LIST_IDS, Scope, build_list
    from equipinv.summary import build_summary

    render_list_pdf = load_ui("reports.pdf").render_list_pdf
    render_summary_pdf = load_ui("reports.summary").render_summary_pdf
    render_list_xlsx = load_ui("reports.xlsx").render_list_xlsx

    font = STATE.context().config.pdf_font
    with Session(engine) as session:
        scope = Scope.everything(session)
        documents = {list_id: build_list(session, list_id, scope, today=today) for list_id in LIST_IDS}
        summary = build_summary(session, scope, today=today)
    files = {"设备淘汰清单（PDF）": out / "设备淘汰清单.pdf", "汇总报告（PDF）": out / "汇总报告.pdf",
             "全部清单（XLSX）": out / "清单.xlsx"}
    rendered = render_list_pdf(documents["elimination"], files["设备淘汰清单（PDF）"], font=font)
    for message in rendered.warnings + list(render_summary_pdf(summary, files["汇总报告（PDF）"], font=font).warnings):
        warn(f"提示：{message}")
    render_list_xlsx(list(documents.values()), files["全部清单（XLSX）"])
    counts = elimination_counts(r for s in documents["elimination"].sections for r in s.rows)
    return {name: str(path.resolve()) for name, path in files.items()}, counts
