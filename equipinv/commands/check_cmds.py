"""`equipinv check`, `match` and `catalogs`: elimination catalogues and retirement rules."""

from __future__ import annotations

import dataclasses
from typing import Annotated

import typer

from equipinv.cli_support import STATE, UserError, emit_json, parse_assignments, parse_cli_date, print_table

JsonFlag = Annotated[bool, typer.Option("--json", help="输出 JSON (machine-readable output)")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="判定日期，默认今天 (date the rules are applied on)")]


def register(app: typer.Typer) -> None:
    app.command("check", help="按淘汰目录和报废规则检查台账 (check the ledger against the catalogues)")(check)
    app.command("match", help="检查一台设备（不入库） (check one described unit)")(match)
    app.command("catalogs", help="淘汰目录和规则清单 (catalogues and rules with sources)")(catalogs)


COUNTED_IN_CHECK = 200_000
"""Up to this many units `check` also counts the elimination list by basis kind (a second pass over the
ledger: some 2.5 s per 100,000 units)."""


def check(
    as_of: AsOfOpt = None,
    enterprise: Annotated[str | None, typer.Option("--enterprise", "-e", help="只检查该企业")] = None,
    json_output: JsonFlag = False,
) -> None:
    from sqlmodel import Session

    import catalog
    from equipinv.checking import check_stored_units
    from equipinv.db import session_scope
    from equipinv.field_labels import field_label, rule_title
    from equipinv.ledger import find_enterprise
    from equipinv.lists import Scope, elimination_list_counts
    from equipinv.models import Equipment

    with session_scope(STATE.engine()) as session:
        where = None
        if enterprise:
            where = Equipment.__table__.c.enterprise_id == find_enterprise(session, enterprise).id  # type: ignore[attr-defined]
        summary = check_stored_units(session, where=where, as_of=parse_cli_date(as_of))
    if json_output:
        emit_json(summary.to_dict())
        return
    typer.echo(f"检查 {summary.units_checked} 行（台账行；判定日期 {summary.as_of}，目录版本 {catalog.CATALOGUE_VERSION}）："
               f"{summary.units_with_mandatory} 行命中强制淘汰目录；连同低于准入水平、方案点名的营运货车，"
               f"共 {summary.units_with_legal_basis} 行依法须淘汰")
    if summary.units_checked <= COUNTED_IN_CHECK:
        with Session(STATE.engine()) as session:
            scope = Scope.enterprise(find_enterprise(session, enterprise)) if enterprise else Scope.everything(session)
            counts = elimination_list_counts(session, scope, today=summary.as_of)
        typer.echo(f"设备淘汰清单：{counts.text()}")
    else:  # counting would read a province's ledger a second time
        typer.echo("设备淘汰清单按依据类别的行数和台数：运行 equipinv lists elimination 查看")
    print_table("命中的规则（行数）", ["依据（文件及条款）", "行数"],
                [(rule_title(rule_id), n) for rule_id, n in summary.by_rule.most_common()])
    for missing, n in summary.cannot_decide.most_common():
        typer.echo(f"  无法判定 {n} 条：缺少{field_label(missing)}")


def match(
    category: Annotated[str, typer.Argument(help="类别，如 motor、transformer、truck")],
    fields: Annotated[list[str] | None, typer.Argument(help="KEY=VALUE，如 model=Y132S1-2 made=2001")] = None,
    as_of: AsOfOpt = None,
    json_output: JsonFlag = False,
) -> None:
    import catalog
    import efficiency_tables as et
    from equipinv import labels
    from equipinv.describe import MATCH_FIELDS, derivation_json, derivation_notes, describe_filled
    from equipinv.field_labels import field_list

    code = labels.code_for("category", category)
    if code is None:
        raise UserError(f'类别 "{category}" 未知（可选：{", ".join(labels.CATEGORIES)}） (error: unknown category)')
    params, derivation = describe_filled(code, parse_assignments(fields or []))
    facts = catalog.UnitFacts(category=code, **{k: v for k, v in params.items() if k in MATCH_FIELDS})
    if code in et.PARAMETERS and facts.benchmark_level is None:  # grade what the description allows
        facts.benchmark_level = et.grade_unit(code, params, on=parse_cli_date(as_of)).level
    findings = catalog.match_unit(facts, as_of=parse_cli_date(as_of))
    matched = [f for f in findings if f.outcome == "match"]
    undecided = [f for f in findings if f.outcome == "cannot_decide"]
    if json_output:
        emit_json({"unit": dataclasses.asdict(facts), "findings": [f.to_dict() for f in findings],
                   "matched": len(matched), "cannot_decide": len(undecided)} | derivation_json(derivation))
        return
    if not matched and undecided:  # an open question comes first, never a "no finding" it may contradict
        missing = sorted({name for f in undecided for name in f.missing_fields})
        typer.echo(f"无法判定，缺少 {field_list(missing)}；补全后才能确定是否命中 "
                   f"(cannot decide, missing {', '.join(missing)})")
    elif not matched:
        typer.echo("未命中任何淘汰目录或规则 (no finding)")
    for f in matched:
        typer.echo(f"【{f.to_dict()['kind_label']}】{f.citation}：{f.reason}；期限：{f.deadline_label}"
                   + (f"；更新为：{f.replacement}" if f.replacement else ""))
    for f in undecided:
        typer.echo(f"【无法判定】{f.citation}：缺少 {field_list(f.missing_fields)}")
    for note in derivation_notes(derivation):
        typer.echo(f"说明：{note}")


def catalogs(json_output: JsonFlag = False) -> None:
    import catalog

    infos = catalog.catalogues()
    if json_output:
        emit_json([dataclasses.asdict(i) for i in infos])
        return
    print_table(f"淘汰目录与规则（数据版本 {catalog.CATALOGUE_VERSION}）",
                ["编号", "名称", "文号", "日期", "条目", "可信度", "来源"],
                [(i.id, i.title, i.doc_no, i.date, i.entry_count, i.confidence, i.source) for i in infos])
