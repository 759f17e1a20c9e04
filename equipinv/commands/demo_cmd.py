"""`equipinv demo`: the main job on a believable ledger, end to end."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlmodel import select

from equipinv import labels
from equipinv.checking import check_stored_units
from equipinv.cli_support import STATE, emit_json, print_table, warn
from equipinv.db import session_scope
from equipinv.demo import DEMO_TODAY, ENTERPRISES, build_demo
from equipinv.grading import grade_stored_units
from equipinv.ledger_stats import category_stats
from equipinv.models import Enterprise


def register(app: typer.Typer) -> None:
    app.command("demo", help="生成演示台账并运行全流程 (build the demo ledger and run the whole job)")(demo)


def demo(
    out: Annotated[Path, typer.Option("--out", help="清单和报告的输出目录 (folder for the lists and reports)")] = Path("demo-output"),
    seed: Annotated[int, typer.Option("--seed", help="随机种子 (seed)")] = 2024,
    json_output: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    engine = STATE.engine()
    with session_scope(engine) as session:
        present = session.exec(select(Enterprise.name).where(
            Enterprise.name.in_([e.name for e in ENTERPRISES]))).all()  # type: ignore[attr-defined]
        if present:
            warn(f"演示企业已存在，跳过生成（{len(present)} 家） (demo enterprises exist, not rebuilt)")
            counts = {"enterprises": len(present), "units": None}
        else:
            counts = build_demo(session, seed)
            warn(f"已生成演示台账：{counts['enterprises']} 家企业，{counts['units']} 台（套）设备")
    with session_scope(engine) as session:
        graded = grade_stored_units(session)
    with session_scope(engine) as session:
        checked = check_stored_units(session)
    warn(f"能效分级：{graded.graded} 台已分级，{graded.ungradable} 台无法分级；"
         f"淘汰检查：{checked.units_with_mandatory} 台须强制淘汰")
    with session_scope(engine) as session:
        stats = category_stats(session, today=DEMO_TODAY)
    out.mkdir(parents=True, exist_ok=True)
    summary = {
        "database": str(engine.url.render_as_string(hide_password=True)),
        "output_folder": str(out.resolve()),
        "enterprises": counts["enterprises"],
        "grading": graded.to_dict(),
        "check": checked.to_dict(),
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
    typer.echo(f"数据库：{summary['database']}")
    typer.echo(f"输出目录：{summary['output_folder']}")
