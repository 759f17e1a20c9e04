"""One old unit against one proposed unit: the savings figures and every assumption behind them.

The ``savings`` command (and anything else that wants a single answer with its reasons) gives the
canonical fields of the old unit and of the new one; this module runs the same savings models the
planner runs (``compute_savings``, and the VSD, right-sizing and fuel-switch models), refuses
impossible inputs with a message naming the field, and returns a plain document: energy per year
before and after, energy, tce and tCO2 saved, the efficiencies used at the unit's load, the
provenance of the input power, and each assumption with its source.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from equipinv.planning import motor_curves
from equipinv.planning.coefficients import FUEL_UNITS, SOURCES, Coefficients
from equipinv.planning.savings import (
    MOTOR_CATEGORIES,
    PUMP_FAN_CATEGORIES,
    UNIT_EFFICIENCY_FIELD,
    VEHICLE_CATEGORIES,
    VSD_DRIVE_EFFICIENCY,
    Savings,
    compressor_controls,
    compute_savings,
    fuel_switch_savings,
    motor_savings,
    vsd_savings,
)
from equipinv.validation import PLAIN_BOUNDS

#: Categories with a savings model (what ``recommend`` can value).
CATEGORIES = (*MOTOR_CATEGORIES, *PUMP_FAN_CATEGORIES, "transformer", "air_compressor", "boiler",
              *VEHICLE_CATEGORIES)
#: Fields the savings models read that are not nameplate parameters, with their short names.
SAVINGS_FIELDS = {
    "operating_hours_per_year": (), "load_factor": (),  # hours=, load=: equipinv.field_keys.ALIASES
    "measured_input_kw": ("input_kw", "measured_input"), "motor_efficiency_pct": ("motor_efficiency",),
    "measured_current_a": ("current", "current_a", "measured_current"), "power_factor": ("pf", "cos_phi"),
    "compressor_control": ("control",), "flow_fraction": (), "static_head_fraction": ("static_head",),
    "fuel": (), "fuel_per_100km": ("consumption",), "annual_distance_km": ("distance",),
}
TEXT_FIELDS = ("fuel", "compressor_control")
_TO_FIELD = {alias: name for name, aliases in SAVINGS_FIELDS.items() for alias in (name, *aliases)}
#: Every key `savings_field` knows (for the closest-key suggestion).
SAVINGS_KEYS = frozenset(_TO_FIELD)


#: A thermal efficiency above this is refused: the ledger's plausible top (condensing gas boilers exceed
#: 100 % on the net basis of GB 24500-2020).
THERMAL_EFFICIENCY_MAX = PLAIN_BOUNDS["thermal_efficiency_pct"][1]
#: The compared figure of each model, and whether a higher value is better: a new unit worse on it is
#: valued (negative savings) and said so in the warnings, never refused or zeroed.
WORSE_IF = (("efficiency_pct", True), ("polytropic_efficiency_pct", True), ("thermal_efficiency_pct", True),
            ("specific_power_kw_per_m3_min", False), ("no_load_loss_w", False), ("load_loss_w", False),
            ("fuel_per_100km", False))


class SavingsInputError(ValueError):
    """An input the models cannot use (out of range, unknown category); names the field and value."""


def savings_field(key: str) -> str | None:
    """The savings-only canonical field ``key`` stands for, or None (then it is a nameplate key)."""
    return _TO_FIELD.get(key)


def _refuse(name: str, value: object, zh: str, en: str) -> SavingsInputError:
    return SavingsInputError(f"参数 {name} 的值 {value!r} {zh} (error: {name} = {value!r} {en})")


def _check(category: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """Refuse impossible inputs; return the stated warnings for merely surprising ones."""
    if category not in CATEGORIES:
        raise SavingsInputError(f'类别 "{category}" 没有节能量模型（可用：{", ".join(CATEGORIES)}） '
                                f'(error: no savings model for "{category}")')
    upper = 1.0 if category == "air_compressor" else motor_curves.MAX_LOAD
    load = old.get("load_factor")
    if isinstance(load, (int, float)) and not 0 <= load <= upper:
        raise _refuse("load_factor", load, f"超出 0–{upper:g} 范围", f"is outside 0–{upper:g}")
    for side, values in (("", old), ("new_", new)):
        for name, top in (("efficiency_pct", 100.0), ("polytropic_efficiency_pct", 100.0),
                          ("motor_efficiency_pct", 100.0), ("thermal_efficiency_pct", THERMAL_EFFICIENCY_MAX)):
            value = values.get(name)
            if isinstance(value, (int, float)) and not 0 < value <= top:
                raise _refuse(side + name, value, f"应在 (0, {top:g}] % 范围内", f"must lie in (0, {top:g}] %")
        fuel = values.get("fuel")
        if fuel is not None and str(fuel) not in FUEL_UNITS:
            raise _refuse(side + "fuel", fuel, f"不是已知燃料（可用：{', '.join(FUEL_UNITS)}）",
                          "is not a known fuel code")
    return [f"新设备 {name} {n:g} {'低于' if higher_is_better else '高于'}现有设备 {o:g}，节能量为负 "
            f"(new {name} {'below' if higher_is_better else 'above'} the old one: negative savings)"
            for name, higher_is_better in WORSE_IF
            if isinstance(o := old.get(name), (int, float)) and isinstance(n := new.get(name), (int, float))
            and (n < o if higher_is_better else n > o)]


def _input_from_current(old: Mapping[str, Any]) -> dict[str, Any]:
    """A measured line current as the measured input power, P = √3·U·I·cosφ (three-phase, balanced).

    An auditor's clamp meter gives the current more often than the power; the line voltage and the power
    factor at that duty must come with it (a nameplate cosφ is the full-load one, too high at part load).
    """
    if "measured_current_a" not in old or "measured_input_kw" in old:
        return dict(old)
    for name, top in (("measured_current_a", math.inf), ("voltage_kv", math.inf), ("power_factor", 1.0)):
        value = old.get(name)
        if not isinstance(value, (int, float)):
            raise _refuse(name, value, "缺失：由实测电流计算输入功率需要实测电流、线电压和该工况的功率因数",
                          "is needed to turn the measured current into input power (P = √3·U·I·cosφ)")
        if not 0 < value <= top:
            raise _refuse(name, value, f"应在 (0, {top:g}] 范围内", f"must lie in (0, {top:g}]")
    return {**old, "measured_input_kw": math.sqrt(3) * old["voltage_kv"] * old["measured_current_a"] * old["power_factor"]}


def _columns(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: [v] if k in TEXT_FIELDS else [float(v)] for k, v in values.items()
            if isinstance(v, (int, float, str)) and not isinstance(v, bool)}


def _measure(category: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    if category in PUMP_FAN_CATEGORIES and "flow_fraction" in old:
        return "vsd"
    if category in MOTOR_CATEGORIES and new.get("rated_power_kw") not in (None, old.get("rated_power_kw")):
        return "rightsize"
    if category == "boiler" and new.get("fuel") not in (None, old.get("fuel")):
        return "fuel_switch"
    return "replace"


def _run(category: str, measure: str, old: Mapping[str, Any], new: Mapping[str, Any],
         coeffs: Coefficients) -> tuple[Savings, dict[str, Any]]:
    """The model run for the measure, and any per-side figures (fuel switch)."""
    o, n = _columns(old), _columns(new)
    nan = [np.nan]
    if measure == "vsd":
        return vsd_savings(o.get("rated_power_kw", nan), o.get("operating_hours_per_year", nan),
                           o.get("load_factor", nan), o["flow_fraction"], o.get("static_head_fraction", [0.0]),
                           coeffs=coeffs, poles=o.get("poles"), motor_efficiency_pct=o.get("motor_efficiency_pct")), {}
    if measure == "rightsize":
        return motor_savings(o.get("rated_power_kw", nan), o.get("operating_hours_per_year", nan),
                             o.get("load_factor", nan), o.get("efficiency_pct", nan), n.get("efficiency_pct", nan),
                             coeffs, poles=o.get("poles"), new_rated_power_kw=n["rated_power_kw"],
                             measured_input_kw=o.get("measured_input_kw")), {}
    if measure == "fuel_switch":
        mw = o.get("capacity_mw", [o.get("capacity_t_h", nan)[0] * coeffs.mw_per_t_h_steam])
        heat = [mw[0] * o.get("load_factor", nan)[0] * o.get("operating_hours_per_year", nan)[0] * 3600.0]
        switch = fuel_switch_savings(heat, o.get("thermal_efficiency_pct", nan), old["fuel"],
                                     n.get("thermal_efficiency_pct", nan), new["fuel"], coeffs)
        sides = {side: {"fuel": s.carrier[0], "unit": s.energy_unit[0], "amount_per_year": _num(s.energy_saved[0]),
                        "tce_per_year": _num(s.tce_saved[0]), "tco2_per_year": _num(s.tco2_saved[0])}
                 for side, s in (("old", switch.old), ("new", switch.new))}
        merged = Savings(np.array([np.nan]), switch.old.energy_unit, switch.old.carrier, switch.tce_saved,
                         switch.tco2_saved, switch.missing)
        return merged, sides
    return compute_savings([category], o, n, coeffs), {}


def _num(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else round(float(value), 4)


def _assumptions(category: str, measure: str, old: Mapping[str, Any], new: Mapping[str, Any],
                 s: Savings, coeffs: Coefficients) -> list[dict[str, Any]]:
    """Each coefficient and modelling choice behind the figures, with its source."""
    out: list[dict[str, Any]] = []

    def add(item: str, value: Any, source: str) -> None:
        out.append({"item": item, "value": value, "source": source})

    carriers = {str(c) for c in s.carrier if c} | {str(v) for v in (old.get("fuel"), new.get("fuel")) if v}
    if category not in ("boiler", *VEHICLE_CATEGORIES):
        carriers = {"electric"}
    for carrier in sorted(carriers):
        if carrier == "electric":
            key = "kgce_per_kwh" if coeffs.electricity_basis == "equivalent" else "kgce_per_kwh_equal_value"
            add(f"coefficients.{key}", coeffs.electricity_kgce_per_kwh(), SOURCES[key])
            add("coefficients.grid_kgco2_per_kwh", coeffs.grid_kgco2_per_kwh, SOURCES["grid_kgco2_per_kwh"])
        elif carrier in FUEL_UNITS:
            for kind, table in (("kgce", "fuel_kgce_per_unit"), ("kgco2", "fuel_kgco2_per_unit")):
                add(f"coefficients.{table}.{carrier}", _num(coeffs.fuel_factor(kind, carrier) or np.nan),
                    SOURCES.get(f"{table}.{carrier}", "missing"))
            if FUEL_UNITS[carrier] == "L":
                add(f"coefficients.fuel_kg_per_litre.{carrier}", coeffs.fuel_kg_per_litre.get(carrier),
                    SOURCES.get(f"fuel_kg_per_litre.{carrier}", "missing"))
    if "measured_current_a" in old and "measured_input_kw" in old:
        add("measured_input_kw", _num(old["measured_input_kw"]),
            f"√3·U·I·cosφ = √3 × {old['voltage_kv']:g} kV × {old['measured_current_a']:g} A × {old['power_factor']:g} "
            "(measured current, three-phase balanced load)")
    if category in MOTOR_CATEGORIES or category in PUMP_FAN_CATEGORIES:
        src = motor_curves.source()
        add("motor part-load efficiency curve", "MEASUR (energy efficient / standard class shape)",
            f"{src['publisher']}: {src['repository']} {src['path']} @{src['commit']} ({src['function']})")
        if "poles" not in old:
            add("poles", motor_curves.DEFAULT_POLES, motor_curves.ASSUMPTIONS["poles"])
    if category in PUMP_FAN_CATEGORIES:
        add("rated_power_kw", old.get("rated_power_kw"), "ASSUMPTION: the driving motor's rated output; "
            "P·L is the pump/fan shaft power today")
        if "motor_efficiency_pct" not in old:
            add("motor_efficiency_pct", None, motor_curves.ASSUMPTIONS["motor_efficiency_pct"])
        if "motor_efficiency_pct" not in new:
            add("new.motor_efficiency_pct", old.get("motor_efficiency_pct"),
                "ASSUMPTION: the new set keeps the old motor (give new_motor_efficiency_pct otherwise)")
        if category in UNIT_EFFICIENCY_FIELD:
            add("unit efficiency", UNIT_EFFICIENCY_FIELD[category], "GB 28381: blowers are graded by polytropic efficiency")
    if measure == "vsd":
        add("drive efficiency", VSD_DRIVE_EFFICIENCY, "ASSUMPTION: typical low-voltage VFD, constant over the speed range")
        add("system curve", "H = s + (1−s)·f²", "Hydraulic Institute / Europump, Variable Speed Pumping (2004); "
            f"static head share s = {old.get('static_head_fraction', 0.0)}")
    if category == "air_compressor":
        rules = compressor_controls()
        control = str(old.get("compressor_control", "load_unload"))
        add("compressor_control", control, str(rules.get(control, {}).get("source", "unknown control")))
        if "compressor_control" not in old:
            add("compressor_control (default)", control, "ASSUMPTION: load/unload, the usual control of "
                "fixed-speed screw compressors; give control=modulation|start_stop|vsd when known")
    if category == "transformer":
        add("loss model", "P0 + β²·Pk", "GB/T 13462-2008 电力变压器经济运行")
    if category == "boiler":
        add("coefficients.kj_per_kgce", coeffs.kj_per_kgce, SOURCES["kj_per_kgce"])
    return out


def _input_provenance(given: Mapping[str, Any]) -> str:
    if "measured_input_kw" in given:
        return "measured"
    return "measured_current" if "measured_current_a" in given else "nameplate"


def evaluate(category: str, old: Mapping[str, Any], new: Mapping[str, Any],
             coeffs: Coefficients | None = None) -> dict[str, Any]:
    """Savings of replacing (or retrofitting) one unit: a plain document for JSON or a table.

    ``old`` / ``new``: canonical fields (numbers, or text for fuel and compressor_control).  The
    measure follows from what is given: ``flow_fraction`` on a pump/fan/blower means a VSD
    retrofit, a different new ``rated_power_kw`` on a motor right-sizing, a different new ``fuel``
    on a boiler a fuel switch; otherwise a replacement.
    """
    coeffs = coeffs or Coefficients()
    given = old
    old = _input_from_current(old)
    warnings = _check(category, old, new)
    measure = _measure(category, old, new)
    s, sides = _run(category, measure, old, new, coeffs)
    unit = str(s.energy_unit[0]) or FUEL_UNITS.get(str(old.get("fuel", "")), "")
    saved = _num(s.energy_saved[0])
    doc: dict[str, Any] = {
        "category": category, "measure": measure, "energy_unit": unit,
        "energy_per_year_before": _num(s.energy_before[0]) if s.energy_before is not None else None,
        "energy_per_year_after": _num(s.energy_after[0]) if s.energy_after is not None else None,
        "energy_saved_per_year": saved,
        "kwh_per_year_saved": saved if unit == "kWh" else None,
        "fuel_saved_per_year": saved if unit not in ("kWh", "") else None,
        "tce_per_year_saved": _num(s.tce_saved[0]), "tco2_per_year_saved": _num(s.tco2_saved[0]),
        "used": {name: _num(values[0]) for name, values in s.used.items()},
        "provenance": {"input_power": _input_provenance(given),
                       **({"motor_efficiency": "nameplate" if "motor_efficiency_pct" in old else "estimated"}
                          if category in PUMP_FAN_CATEGORIES else {})},
        "missing": s.missing_fields(0),
        "warnings": warnings,
        "assumptions": _assumptions(category, measure, old, new, s, coeffs),
    }
    if sides:
        doc["fuel_switch"] = sides
    return doc
