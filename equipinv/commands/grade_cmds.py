"""`equipinv grade`, `classify` and `tables`: the 2024 benchmark levels, for a ledger or one nameplate."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.core

from equipinv.cli_support import STATE, UserError, emit_json, parse_assignments, parse_cli_date, print_table, warn

if TYPE_CHECKING:
    from typer._click.core import Context
    from typer._click.formatting import HelpFormatter

    import efficiency_tables as et

JsonFlag = Annotated[bool, typer.Option("--json", help="输出 JSON (machine-readable output)")]
OnOpt = Annotated[str | None, typer.Option("--on", help="评价日期，决定采用的标准版本，默认今天 (assessment date)")]


class _ClassifyCommand(typer.core.TyperCommand):
    """`classify --help` lists the grader's parameters, read from the tables only when that help is shown."""

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        from equipinv.describe import parameters_help

        self.help = f"{self.help}\n\n{parameters_help()}"
        super().format_help(ctx, formatter)


def register(app: typer.Typer) -> None:
    app.command("grade", help="按2024年版能效水平对台账分级 (grade the ledger)")(grade)
    app.command("classify", help="对一台设备分级（不入库） (grade one described unit)", cls=_ClassifyCommand)(classify)
    app.command("tables", help="能效标准覆盖情况 (coverage of the benchmark tables)")(tables)


def _estimate_missing(on: dt.date | None, enterprise: str | None) -> int:
    """Fill unknown motor efficiencies with the estimate the standard in force when made allows, flagged."""
    from sqlmodel import select

    import efficiency_tables as et
    from equipinv.db import session_scope
    from equipinv.grading import unit_parameters
    from equipinv.ledger import edit_equipment, find_enterprise
    from equipinv.models import Equipment

    filled = 0
    with session_scope(STATE.engine()) as session:
        query = select(Equipment).where(Equipment.efficiency_pct.is_(None),  # type: ignore[union-attr]
                                        Equipment.category.in_(["motor", "pm_motor", "hv_motor"]),  # type: ignore[attr-defined]
                                        Equipment.year_made.is_not(None), Equipment.status != "eliminated")  # type: ignore[union-attr]
        if enterprise:
            query = query.where(Equipment.enterprise_id == find_enterprise(session, enterprise).id)
        for unit in session.exec(query).all():
            result = et.estimate_efficiency(unit.category, unit_parameters(unit), unit.year_made or 0, on=on)
            if result.ungradable_reason or result.metrics.get("efficiency_pct") is None:
                warn(f"{unit.asset_no}：{result.ungradable_reason}")
                continue
            edit_equipment(session, unit, {"efficiency_pct": result.metrics["efficiency_pct"],
                                           "value_sources": {"efficiency_pct": "estimated"}}, actor="grade --estimate")
            filled += 1
    return filled


def grade(
    on: OnOpt = None,
    enterprise: Annotated[str | None, typer.Option("--enterprise", "-e", help="只分级该企业")] = None,
    estimate_missing: Annotated[bool, typer.Option(
        "--estimate-missing", help="效率未知的电动机按制造年份在用标准的3级限值估算并标注为估算值")] = False,
    json_output: JsonFlag = False,
) -> None:
    from equipinv import labels
    from equipinv.db import session_scope
    from equipinv.field_labels import chinese_part
    from equipinv.grading import grade_stored_units
    from equipinv.ledger import find_enterprise
    from equipinv.models import Equipment

    on_date = parse_cli_date(on)
    estimated = _estimate_missing(on_date, enterprise) if estimate_missing else 0
    with session_scope(STATE.engine()) as session:
        where = None
        if enterprise:
            where = Equipment.__table__.c.enterprise_id == find_enterprise(session, enterprise).id  # type: ignore[attr-defined]
        summary = grade_stored_units(session, where=where, on=on_date)
    document: dict[str, Any] = summary.to_dict() | {"estimated_filled": estimated}
    if json_output:
        emit_json(document)
        return
    per_category: dict[str, dict[str, int]] = {}
    for (category, level), n in summary.by_category_level.items():
        per_category.setdefault(category, {})[level] = n
    print_table(f"能效分级（评价日期 {summary.assessed_on}）", ["类别", "采用标准", *labels.LEVELS.values()],
                [(labels.label("category", c), summary.editions.get(c, "—"),
                  *(levels.get(level, 0) for level in labels.LEVELS)) for c, levels in sorted(per_category.items())])
    typer.echo(f"已分级 {summary.graded} 行，无法分级 {summary.ungradable} 行（台账行）" +
               (f"，其中 {estimated} 行效率为估算值" if estimated else ""))
    for reason, n in summary.reasons.most_common():
        typer.echo(f"  无法分级 {n} 行：{chinese_part(reason)}")


def classify(
    category: Annotated[str, typer.Argument(help="类别，如 motor、transformer、air_compressor")],
    fields: Annotated[list[str] | None, typer.Argument(help="参数 KEY=VALUE，可带单位，如 power=\"75 kW\"")] = None,
    on: OnOpt = None,
    estimate: Annotated[bool, typer.Option("--estimate", help="效率未知时按制造年份(made=)估算")] = False,
    json_output: JsonFlag = False,
) -> None:
    import efficiency_tables as et
    from equipinv import labels
    from equipinv.describe import derivation_json, derivation_notes, describe_filled

    code = labels.code_for("category", category) or category
    if code not in et.PARAMETERS:
        known = ", ".join(et.PARAMETERS)
        raise UserError(f'类别 "{category}" 没有能效分级表（可用：{known}） (error: no benchmark table for "{category}")')
    params, derivation = describe_filled(code, parse_assignments(fields or []))
    on_date = parse_cli_date(on)
    if estimate:
        if "year_made" not in params:
            raise UserError("估算需要制造年份 made=YYYY (error: --estimate needs made=YEAR)")
        result = et.estimate_efficiency(code, params, int(params["year_made"]), on=on_date)
    else:
        result = et.grade_unit(code, params, on=on_date)
    if json_output:
        emit_json(result.to_dict() | derivation_json(derivation))
        return
    _print_grade(result)
    for note in derivation_notes(derivation):
        typer.echo(f"说明：{note}")


def _print_grade(result: et.GradeResult) -> None:
    import efficiency_tables as et
    from equipinv import labels

    if result.ungradable_reason:
        typer.echo(f"无法分级：{result.ungradable_reason}")
    else:
        grade = labels.label("grade", result.grade) if result.grade else "—"
        typer.echo(f"能效等级：{grade}    能效水平：{result.level_label}" + ("（估算）" if result.estimated else ""))
    if result.standard:
        typer.echo(f"依据：{result.standard}-{result.edition} {result.table or ''} {result.clause or ''}".rstrip())
    if result.thresholds:
        print_table("比较的限值", ["指标", "等级", "水平", "限值", "单位", "方向"],
                    [(t.metric, t.grade, et.LEVEL_LABELS.get(t.level, t.level), t.value, t.unit,
                      "越高越好" if t.direction == "higher" else "越低越好") for t in result.thresholds])
    if result.between_rule:
        typer.echo(f"中间规格取值规则：{result.between_rule}")
    for note in result.assumptions:
        typer.echo(f"说明：{note}")


def tables(json_output: JsonFlag = False) -> None:
    import efficiency_tables as et

    entries = et.coverage()
    if json_output:
        emit_json([e.to_dict() for e in entries])
        return
    print_table("2024年版重点用能产品设备能效水平：编码情况",
                ["产品", "标准", "列入2024年版", "已编码", "版本（行数）", "缺失"],
                [(e.product, e.standard, e.in_2024_list, e.encoded,
                  "；".join(f"{ed.standard}-{ed.edition}（{ed.rows}）" for ed in e.editions),
                  "；".join(e.missing)) for e in entries])
