"""What replacing a banned boiler by a gas boiler saves, valued for the new fuel (never the banned one).

The lawful option valued here is a non-condensing, chamber-fired gas boiler of the same rating at the
energy-saving level of GB 24500-2020 (`efficiency_tables.level_requirement`). The energy saved follows
from the two efficiencies (`equipinv.planning.savings.boiler_savings` with the new fuel; tce by the
standard-coal definition, so no fuel factor is needed for it). The CO2 avoided values both sides with each
fuel's emission factor (`savings.fuel_switch_savings` on the useful heat Q · L · h · 3600 MJ, from the
banned fuel to gas); where a factor is not sourced it is reported missing, never zero.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import efficiency_tables as et
from equipinv.lawful_replacement import is_banned_boiler
from equipinv.models import Equipment
from equipinv.planning.coefficients import Coefficients
from equipinv.planning.savings import boiler_savings, fuel_switch_savings

GAS_OPTION = {"fuel": "gas", "firing": "chamber", "condensing": "no"}


@dataclass(frozen=True)
class FuelSwitchValue:
    """The valued gas option for one banned boiler, or why it cannot be valued."""

    annual_saving_tce: float | None
    new_efficiency_pct: float | None
    text: str
    annual_reduction_tco2: float | None = None


@functools.lru_cache(maxsize=1024)
def _gas_requirement(capacity_t_h: float | None, capacity_mw: float | None, on: dt.date) -> Any:
    """The energy-saving level of a gas boiler of this rating, read once per rating (a list asks per unit)."""
    rating = {"capacity_t_h": capacity_t_h} if capacity_t_h else {"capacity_mw": capacity_mw}
    return et.level_requirement("boiler", {**GAS_OPTION, **rating}, "energy_saving", on=on)


def value_gas_switch(u: Equipment, *, on: dt.date, coeffs: Coefficients | None = None) -> FuelSwitchValue:
    """The yearly tce saved by a gas boiler of the same rating at the energy-saving level."""
    return value_gas_switches([u], on=on, coeffs=coeffs)[0]


def value_gas_switches(units: Sequence[Any], *, on: dt.date, coeffs: Coefficients | None = None) -> list[FuelSwitchValue]:
    """`value_gas_switch` of each boiler, with one savings computation for them all (numpy's set-up alone
    costs some 0.2 ms a boiler, and a province's elimination list values thousands)."""
    coeffs = coeffs or Coefficients()
    requirements = [_gas_requirement(u.capacity_t_h or None, None if u.capacity_t_h else u.capacity_mw, on) for u in units]
    known = [i for i, r in enumerate(requirements) if r.values().get("thermal_efficiency_pct") is not None]
    valued = dict(zip(known, _valued_gas_switches([units[i] for i in known], [requirements[i] for i in known], coeffs),
                      strict=True)) if known else {}
    return [valued[i] if i in valued else FuelSwitchValue(None, None, f"燃气锅炉节能水平热效率无法确定：{r.reason}，节能量未计算")
            for i, r in enumerate(requirements)]


def _valued_gas_switches(units: Sequence[Any], requirements: Sequence[Any], coeffs: Coefficients) -> list[FuelSwitchValue]:
    """The gas option of boilers whose gas efficiency the standard gives: tce saved for all of them at once,
    then the CO2 avoided of those with every input."""
    new_effs = [r.values()["thermal_efficiency_pct"] for r in requirements]
    mws = [u.capacity_mw or ((u.capacity_t_h or math.nan) * coeffs.mw_per_t_h_steam) for u in units]
    effs = [_num(u.thermal_efficiency_pct) for u in units]
    hours = [_num(u.operating_hours_per_year) for u in units]
    loads = [_num(u.load_factor) for u in units]
    saved = boiler_savings(mws, effs, new_effs, hours, loads, ["gas"] * len(units), coeffs)
    missing = [[name for name, flags in saved.missing.items() if flags[i] and not name.startswith("coefficients")]
               for i in range(len(units))]
    complete = [i for i, names in enumerate(missing) if not names]
    tco2: dict[int, float] = {}
    if complete:
        switch = fuel_switch_savings([mws[i] * loads[i] * hours[i] * 3600.0 for i in complete], [effs[i] for i in complete],
                                     [units[i].fuel or "coal" for i in complete], [new_effs[i] for i in complete],
                                     ["gas"] * len(complete), coeffs)
        tco2 = {i: float(t) for i, t in zip(complete, switch.tco2_saved, strict=True)}
    return [_gas_switch_value(r, eff, names, float(saved.tce_saved[i]), tco2.get(i, math.nan))
            for i, (r, eff, names) in enumerate(zip(requirements, new_effs, missing, strict=True))]


def _gas_switch_value(requirement: Any, new_eff: float, missing: list[str], tce: float, tco2: float) -> FuelSwitchValue:
    """One boiler's valued gas option as the lists state it."""
    if missing:
        return FuelSwitchValue(None, new_eff, f"按燃气锅炉（{requirement.standard} {requirement.table}，热效率{new_eff:g}%）"
                                              f"估算节能量缺少：{'、'.join(missing)}")
    basis = f"按节能水平燃气锅炉（{requirement.standard} {requirement.table}，热效率{new_eff:g}%）估算年节能 {tce:,.1f} tce"
    if not math.isfinite(tco2):
        return FuelSwitchValue(tce, new_eff, f"{basis}；减碳量须原燃料与天然气的排放系数，缺失未计算")
    return FuelSwitchValue(tce, new_eff, f"{basis}、减碳 {tco2:,.1f} tCO2（两种燃料各按其排放系数）", tco2)


def fuel_switch_figures(u: Equipment, findings: Iterable[Any], today: dt.date) -> dict[str, Any]:
    """A banned boiler's savings for the demand list: the gas option's tce, no same-fuel CO2 or payback."""
    if not any(f.outcome == "match" and is_banned_boiler(f.rule_id) for f in findings):
        return {}
    value = value_gas_switch(u, on=today)
    return {"annual_saving_tce": value.annual_saving_tce, "annual_reduction_tco2": value.annual_reduction_tco2,
            "payback_years": None}


def _num(value: float | None) -> float:
    return math.nan if value is None else float(value)
