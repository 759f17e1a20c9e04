"""`equipinv savings CATEGORY KEY=VALUE...`: the savings of one old unit against one proposed unit.

Keys as `classify` takes them (short names, units: `power="75 kW" efficiency=91`), the new unit's
values prefixed `new_` (`new_efficiency=95.6`), plus the duty: `hours=`, `load=`, `input_kw=` (a
measured input power), `control=`, `flow_fraction=`, `fuel=`.  The figures come from the planner's
own models (`equipinv.planning.calculator`).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from equipinv import labels
from equipinv.cli_support import STATE, UserError, emit_json, parse_assignments, print_table

JsonFlag = Annotated[bool, typer.Option("--json", help="输出 JSON (machine-readable output)")]


def register(app: typer.Typer) -> None:
    app.command("savings", help="一台设备更新的节能量、节煤量与减碳量（不入库） (savings of replacing one unit)\n\n"
                "例：equipinv savings motor power=75 poles=4 efficiency=91 new_efficiency=95.6 load=0.35 "
                "hours=6000")(savings)


def _split(category: str, pairs: dict[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Old and new canonical fields; nameplate keys go through `describe` (aliases and units)."""
    from equipinv.describe import describe, valid_keys
    from equipinv.field_keys import UnknownKey, unknown_key
    from equipinv.planning.calculator import SAVINGS_KEYS, TEXT_FIELDS, savings_field

    sides: tuple[dict[str, Any], dict[str, Any]] = ({}, {})
    for key, text in pairs.items():
        new = key.startswith(("new_", "new."))
        bare = key[4:] if new else key
        name = savings_field(bare)
        if name is None:  # a nameplate or ledger key: the same keys and aliases as classify and equipment
            try:
                sides[new].update(describe(category, {bare: text}))
            except UnknownKey:
                raise unknown_key(bare, {*valid_keys(category), *SAVINGS_KEYS}, where=category) from None
            continue
        sides[new][name] = text.strip() if name in TEXT_FIELDS else _number(name, text)
    return sides


def _number(name: str, text: str) -> float:
    """A model field's value, through the unit registry when the field has a unit (a percentage only for shares)."""
    from equipinv.units import FIELD_UNITS, QuantityError, parse_quantity
    from equipinv.validation import plain_number

    try:
        return float(parse_quantity(name, text)) if name in FIELD_UNITS else plain_number(name, text)
    except QuantityError as exc:
        raise UserError(str(exc)) from exc


def savings(
    category: Annotated[str, typer.Argument(help="类别，如 motor、pump、fan、blower、air_compressor、transformer、boiler")],
    fields: Annotated[list[str] | None, typer.Argument(help="参数 KEY=VALUE；新设备加前缀 new_，如 new_efficiency=95.6")] = None,
    json_output: JsonFlag = False,
) -> None:
    from equipinv.config import load_config
    from equipinv.planning.calculator import SavingsInputError, evaluate

    code = labels.code_for("category", category) or category
    old, new = _split(code, parse_assignments(fields or []))
    try:
        doc = evaluate(code, old, new, load_config(STATE.config_path).coefficients)
    except SavingsInputError as exc:
        raise UserError(str(exc)) from exc
    if json_output:
        emit_json(doc)
        return
    _print(doc)


MEASURES = {"replace": "更换", "vsd": "变频调速改造", "rightsize": "电机容量匹配（换小）", "fuel_switch": "燃料替代"}
USED = {"load_factor": "负载率", "new.load_factor": "新设备负载率", "efficiency_pct_at_load": "该负载下效率 %",
        "new.efficiency_pct_at_load": "新设备该负载下效率 %", "motor_efficiency_pct_at_load": "电机该负载下效率 %",
        "new.motor_efficiency_pct_at_load": "新电机该负载下效率 %", "input_measured": "输入功率为实测（1 是）",
        "power_share": "部分负荷功率比", "new.power_share": "新设备部分负荷功率比"}
PROVENANCE = {"input_power": "输入功率", "motor_efficiency": "电机效率"}


def _fmt(value: Any) -> str:
    return "—" if value is None else f"{value:,.4g}" if isinstance(value, float) and abs(value) < 1000 else (
        f"{value:,.1f}" if isinstance(value, float) else str(value))


def _print(doc: dict[str, Any]) -> None:
    unit = doc["energy_unit"]
    measure = MEASURES.get(doc["measure"], doc["measure"])
    print_table(f"节能量测算：{labels.label('category', doc['category'])}（{measure}）", ["项目", "数值", "单位"], [
        ("更新前年能耗", _fmt(doc["energy_per_year_before"]), unit),
        ("更新后年能耗", _fmt(doc["energy_per_year_after"]), unit),
        ("年节能量", _fmt(doc["energy_saved_per_year"]), unit),
        ("年节能量（标准煤）", _fmt(doc["tce_per_year_saved"]), "tce"),
        ("年减排二氧化碳", _fmt(doc["tco2_per_year_saved"]), "tCO2"),
        *((USED.get(k, k), _fmt(v), "") for k, v in doc["used"].items()),
    ])
    for side, figures in doc.get("fuel_switch", {}).items():
        typer.echo(f"{'现有' if side == 'old' else '新'}燃料 {figures['fuel']}：{_fmt(figures['amount_per_year'])} "
                   f"{figures['unit']}/年，{_fmt(figures['tce_per_year'])} tce，{_fmt(figures['tco2_per_year'])} tCO2")
    typer.echo("数据来源：" + "，".join(f"{PROVENANCE.get(k, k)} {labels.VALUE_SOURCES.get(v, v)}"
                                     for k, v in doc["provenance"].items()))
    if doc["missing"]:
        typer.echo("数据不全，缺：" + "、".join(doc["missing"]) + "（未找到来源或未提供，不按零计） (missing inputs)")
    for warning in doc["warnings"]:
        typer.echo(f"注意：{warning}")
    for a in doc["assumptions"]:
        typer.echo(f"依据：{a['item']} = {a['value']}；{a['source']}")
