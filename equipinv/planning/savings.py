"""Annual energy, tce and CO2 savings of replacing or upgrading a unit, vectorised per category.

Every model takes numpy arrays of canonical fields (NaN = not known) and returns a :class:`Savings`:
energy per year before and after and saved in its own unit (kWh for electricity, the fuel's unit from
``FUEL_UNITS`` otherwise), tce and tCO2 saved per year, the efficiencies the model used at the unit's
load (``used``), and for each unit the names of the inputs that were missing or out of range.  A unit
with a missing or impossible input (load factor outside 0–125 %, an efficiency above 100 %) gets NaN,
never a guessed number.  ``compute_savings`` dispatches a mixed ledger by category code.  Savings may
be negative (the new unit is worse); callers decide what to do with that.

Motors — and the motor inside every pump, fan and blower — use the part-load efficiency curves of
:mod:`equipinv.planning.motor_curves` (US DOE MEASUR), so a lightly loaded motor is valued at the
efficiency it really has at that load.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from equipinv import categories
from equipinv.planning import motor_curves
from equipinv.planning.coefficients import FUEL_UNITS, Coefficients

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]

# which categories each model computes: the category registry says (equipinv.categories)
MOTOR_CATEGORIES = categories.with_savings_model("motor")
PUMP_FAN_CATEGORIES = categories.with_savings_model("pump_fan")
VEHICLE_CATEGORIES = categories.with_savings_model("vehicle")
MJ_PER_KWH = 3.6
#: The unit efficiency each pump/fan category is graded by (GB 19762 / GB 19761 / GB 28381).
UNIT_EFFICIENCY_FIELD = {"blower": "polytropic_efficiency_pct"}
COMPRESSOR_CONTROLS = ("load_unload", "modulation", "start_stop", "vsd")
DEFAULT_COMPRESSOR_CONTROL = "load_unload"


@dataclass
class Savings:
    """Per-unit annual savings.  ``missing`` maps an input name to the units that lack it.

    ``energy_before`` / ``energy_after``: the old and the new unit's energy per year in
    ``energy_unit``; ``used``: the figures a model derived on the way (efficiency at the load, the
    motor's load), by name, for notes and the ``savings`` calculator.
    """

    energy_saved: Floats
    energy_unit: NDArray[np.str_]
    carrier: NDArray[np.str_]
    tce_saved: Floats
    tco2_saved: Floats
    missing: dict[str, Bools]
    energy_before: Floats | None = None
    energy_after: Floats | None = None
    used: dict[str, Floats] = field(default_factory=dict)

    @property
    def complete(self) -> Bools:
        """True where every output was computed from supplied inputs."""
        ok = np.ones(self.energy_saved.shape, dtype=bool)
        for mask in self.missing.values():
            ok &= ~mask
        return ok

    @property
    def kwh_saved(self) -> Floats:
        """Electricity saved (kWh/year); NaN for fuel-burning units."""
        return np.where(self.energy_unit == "kWh", self.energy_saved, np.nan)

    def missing_fields(self, i: int) -> list[str]:
        """Names of the inputs unit ``i`` lacks (empty when complete)."""
        return [name for name, mask in self.missing.items() if mask[i]]


def _arr(x: ArrayLike, n: int | None = None) -> Floats:
    a = np.atleast_1d(np.asarray(x, dtype=np.float64))
    return a if n is None else np.broadcast_to(a, (n,)).astype(np.float64)


def _optional(x: ArrayLike | None, n: int) -> Floats:
    return np.full(n, np.nan) if x is None else _arr(x, n)


def _need(n: int, **fields: Floats) -> dict[str, Bools]:
    """Missing-input masks: NaN or non-positive values are not usable inputs."""
    out: dict[str, Bools] = {}
    for name, values in fields.items():
        bad = ~(np.broadcast_to(values, (n,)) > 0)
        if bad.any():
            out[name.replace("__", ".")] = bad
    return out


def _at_most(missing: dict[str, Bools], limit: float, **fields: Floats) -> None:
    """Flag values above ``limit`` (an impossible efficiency, a load beyond the curves) as unusable."""
    for name, values in fields.items():
        bad = values > limit
        if bad.any():
            _flag(missing, name.replace("__", "."), bad)


def _physical(missing: dict[str, Bools], **curves: Floats) -> None:
    """Flag a full-load efficiency whose scaled part-load curve reaches 100 % somewhere (impossible)."""
    for name, curve in curves.items():
        bad = np.asarray((curve >= 1.0).any(axis=1), dtype=bool)
        if bad.any():
            _flag(missing, name.replace("__", "."), bad)


def _any(missing: Mapping[str, Bools], n: int) -> Bools:
    bad = np.zeros(n, dtype=bool)
    for mask in missing.values():
        bad |= mask
    return bad


def _flag(missing: dict[str, Bools], name: str, rows: Bools) -> None:
    missing.setdefault(name, np.zeros(rows.shape, dtype=bool))[rows] = True


def _factors(fuels: NDArray[np.str_], missing: dict[str, Bools],
             coeffs: Coefficients) -> tuple[Floats, Floats, NDArray[np.str_]]:
    """Per-unit kgce and kgCO2 per unit of energy carrier (NaN and flagged where not sourced)."""
    n = fuels.shape[0]
    kgce, kgco2 = np.full(n, np.nan), np.full(n, np.nan)
    unit = np.full(n, "", dtype="<U4")
    for code in np.unique(fuels):
        rows = fuels == code
        if code not in FUEL_UNITS:
            _flag(missing, "fuel", rows)
            continue
        unit[rows] = FUEL_UNITS[code]
        ce: float | None
        co2: float | None
        if code == "electric":
            ce, co2 = coeffs.electricity_kgce_per_kwh(), coeffs.grid_kgco2_per_kwh
            ce_key = "coefficients.kgce_per_kwh_equal_value"
        else:
            ce, co2 = coeffs.fuel_factor("kgce", code), coeffs.fuel_factor("kgco2", code)
            ce_key = f"coefficients.fuel_kgce_per_unit.{code}"
        if ce is None:
            _flag(missing, ce_key, rows)
        else:
            kgce[rows] = ce
        if co2 is None:
            _flag(missing, f"coefficients.fuel_kgco2_per_unit.{code}", rows)
        else:
            kgco2[rows] = co2
    return kgce, kgco2, unit


def _blank(missing: Mapping[str, Bools], n: int, *values: Floats) -> list[Floats]:
    bad = _any(missing, n)
    return [np.where(bad, np.nan, np.broadcast_to(v, (n,))) for v in values]


def _from_amount(before: Floats, after: Floats, fuels: NDArray[np.str_], missing: dict[str, Bools],
                 coeffs: Coefficients) -> Savings:
    """Savings from amounts in each carrier's own unit (kWh, kg, m3, L)."""
    n = before.shape[0]
    before, after = _blank(missing, n, before, after)
    amount = before - after
    kgce, kgco2, unit = _factors(fuels, missing, coeffs)
    return Savings(amount, unit, fuels, amount * kgce / 1000.0, amount * kgco2 / 1000.0, missing,
                   before, after)


def _electric(before: Floats, after: Floats, missing: dict[str, Bools], coeffs: Coefficients,
              used: dict[str, Floats] | None = None) -> Savings:
    """Electricity saved: tce by the chosen basis, tCO2 by the grid factor (scalar fast path)."""
    n = before.shape[0]
    before, after = _blank(missing, n, before, after)
    kwh = before - after
    kgce = coeffs.electricity_kgce_per_kwh()
    if kgce is None:
        missing["coefficients.kgce_per_kwh_equal_value"] = np.ones(n, dtype=bool)
    tce = kwh * (np.nan if kgce is None else kgce) / 1000.0
    return Savings(kwh, np.full(n, "kWh", dtype="<U4"), np.full(n, "electric", dtype="<U16"), tce,
                   kwh * coeffs.grid_kgco2_per_kwh / 1000.0, missing, before, after, used or {})


def _size(*arrays: Floats) -> int:
    return int(np.broadcast_shapes(*(a.shape for a in arrays))[0])


def _measured(measured_input_kw: ArrayLike | None, n: int) -> tuple[Floats, Bools]:
    """A measured electrical input (kW) per unit and where one was given (> 0)."""
    measured = _optional(measured_input_kw, n)
    return measured, measured > 0


def _load_from_measure(curve: Floats, measured: Floats, has_measure: Bools, rated_kw: Floats,
                       load: Floats, missing: dict[str, Bools]) -> Floats:
    """The motor load a measured input implies (MEASUR's field-data method); the stated load elsewhere.

    A measured input beyond what the motor draws at 125 % load is flagged on ``measured_input_kw``.
    """
    implied = motor_curves.load_from_input(curve, np.where(has_measure, measured, 0.0), rated_kw)
    out = np.where(has_measure, implied, load)
    if (has_measure & np.isnan(out)).any():
        _flag(missing, "measured_input_kw", has_measure & np.isnan(out))
    return np.asarray(out, dtype=np.float64)


def _no_load(load: Floats, has_measure: Bools, missing: dict[str, Bools]) -> None:
    """A unit needs a usable load factor unless a measured input fixes its load."""
    bad = ~(load > 0) & ~has_measure
    if bad.any():
        _flag(missing, "load_factor", bad)


def motor_savings(rated_power_kw: ArrayLike, operating_hours_per_year: ArrayLike,
                  load_factor: ArrayLike, efficiency_pct_old: ArrayLike,
                  efficiency_pct_new: ArrayLike, coeffs: Coefficients | None = None, *,
                  poles: ArrayLike | None = None, new_rated_power_kw: ArrayLike | None = None,
                  measured_input_kw: ArrayLike | None = None) -> Savings:
    """Motors: kWh = h · (P · i_old(L) − P_new · i_new(P·L / P_new)), same shaft output P·L.

    P rated shaft output (kW), h operating hours per year, L load factor (shaft output / rated,
    0–1.25), η full-load efficiency in %; i(L) = L / η(L) the electrical input per unit of rated
    output from the part-load curve of :mod:`motor_curves` (US DOE MEASUR).  ``new_rated_power_kw``:
    a smaller replacement (right-sizing; default the same rating).  ``measured_input_kw``: a measured
    input power replaces the modelled one and fixes the load (MEASUR's field-data method).
    """
    p, h, load = _arr(rated_power_kw), _arr(operating_hours_per_year), _arr(load_factor)
    eo, en = _arr(efficiency_pct_old), _arr(efficiency_pct_new)
    n = _size(p, h, load, eo, en)
    p, h, load, eo, en = (_arr(a, n) for a in (p, h, load, eo, en))
    measured, has_measure = _measured(measured_input_kw, n)
    pn = _optional(new_rated_power_kw, n)
    pn = np.where(np.isnan(pn), p, pn)
    missing = _need(n, rated_power_kw=p, operating_hours_per_year=h, efficiency_pct=eo,
                    new__efficiency_pct=en)
    _no_load(load, has_measure, missing)
    _at_most(missing, motor_curves.MAX_LOAD, load_factor=np.where(has_measure, 0.0, load))
    _at_most(missing, 100.0, efficiency_pct=eo, new__efficiency_pct=en)
    curve_old = motor_curves.load_points(p, poles, eo)
    curve_new = motor_curves.load_points(pn, poles, en)
    _physical(missing, efficiency_pct=curve_old, new__efficiency_pct=curve_new)
    load = _load_from_measure(curve_old, measured, has_measure, p, load, missing)
    new_load = p * load / pn
    _at_most(missing, motor_curves.MAX_LOAD,
             new__load_factor=np.where(load <= motor_curves.MAX_LOAD, new_load, 0.0))
    before = h * np.where(has_measure, measured, p * motor_curves.input_per_rated(curve_old, load))
    after = h * pn * motor_curves.input_per_rated(curve_new, new_load)
    used = {"load_factor": load, "new.load_factor": new_load,
            "efficiency_pct_at_load": 100 * motor_curves.efficiency_at(curve_old, load),
            "new.efficiency_pct_at_load": 100 * motor_curves.efficiency_at(curve_new, new_load),
            "input_measured": has_measure.astype(float)}
    return _electric(before, after, missing, coeffs or Coefficients(), used)


def transformer_savings(no_load_loss_w_old: ArrayLike, no_load_loss_w_new: ArrayLike,
                        load_loss_w_old: ArrayLike, load_loss_w_new: ArrayLike,
                        load_factor: ArrayLike, operating_hours_per_year: ArrayLike,
                        hours_loaded: ArrayLike | None = None,
                        coeffs: Coefficients | None = None) -> Savings:
    """Transformers: losses kWh = (P0 · H_energised + Pk · β² · H_loaded) / 1000, old minus new.

    P0, Pk no-load and load losses (W, rated, at reference temperature), β average load factor
    (load / rated kVA, 0–1.25), H hours per year.  Source: the loss model ΔP = P0 + β²·Pk of
    GB/T 13462-2008 电力变压器经济运行.  ``hours_loaded`` defaults to the energised hours (β then is
    the average over all energised hours).
    """
    p0o, p0n = _arr(no_load_loss_w_old), _arr(no_load_loss_w_new)
    pko, pkn = _arr(load_loss_w_old), _arr(load_loss_w_new)
    beta, he = _arr(load_factor), _arr(operating_hours_per_year)
    hl = he if hours_loaded is None else _arr(hours_loaded)
    n = _size(p0o, p0n, pko, pkn, beta, he, hl)
    missing = _need(n, no_load_loss_w=p0o, new__no_load_loss_w=p0n, load_loss_w=pko,
                    new__load_loss_w=pkn, load_factor=beta, operating_hours_per_year=he)
    _at_most(missing, motor_curves.MAX_LOAD, load_factor=_arr(beta, n))
    before = _arr((p0o * he + pko * beta**2 * hl) / 1000.0, n)
    after = _arr((p0n * he + pkn * beta**2 * hl) / 1000.0, n)
    return _electric(before, after, missing, coeffs or Coefficients())


def pump_fan_savings(rated_power_kw: ArrayLike, operating_hours_per_year: ArrayLike,
                     load_factor: ArrayLike, efficiency_pct_old: ArrayLike,
                     efficiency_pct_new: ArrayLike, coeffs: Coefficients | None = None, *,
                     poles: ArrayLike | None = None, motor_efficiency_pct: ArrayLike | None = None,
                     new_motor_efficiency_pct: ArrayLike | None = None,
                     measured_input_kw: ArrayLike | None = None) -> Savings:
    """Pumps, fans, blowers at the same duty point, through their driving motor.

    P the driving motor's rated output (kW), L today's shaft load (P·L is the pump's shaft power);
    the hydraulic (aerodynamic) power Q·H stays, so the new unit needs P·L·η_old/η_new at the shaft.
    Electrical input = shaft power / η_motor at that motor load, from the part-load curve of the
    motor (its full-load efficiency when given, else MEASUR's energy-efficient class); the new set
    keeps the same motor unless ``new_motor_efficiency_pct`` is given.  η is the unit (pump, fan or
    blower) efficiency in %, as graded by GB 19762 / GB 19761 / GB 28381.  ``measured_input_kw``: the
    set's measured electrical input replaces the modelled one and fixes today's motor load.
    """
    p, h, load = _arr(rated_power_kw), _arr(operating_hours_per_year), _arr(load_factor)
    eo, en = _arr(efficiency_pct_old), _arr(efficiency_pct_new)
    n = _size(p, h, load, eo, en)
    p, h, load, eo, en = (_arr(a, n) for a in (p, h, load, eo, en))
    motor_old = _optional(motor_efficiency_pct, n)
    motor_new = _optional(new_motor_efficiency_pct, n)
    motor_new = np.where(np.isnan(motor_new), motor_old, motor_new)
    measured, has_measure = _measured(measured_input_kw, n)
    missing = _need(n, rated_power_kw=p, operating_hours_per_year=h, efficiency_pct=eo,
                    new__efficiency_pct=en)
    _no_load(load, has_measure, missing)
    _at_most(missing, motor_curves.MAX_LOAD, load_factor=np.where(has_measure, 0.0, load))
    _at_most(missing, 100.0, efficiency_pct=eo, new__efficiency_pct=en,
             motor_efficiency_pct=motor_old, new__motor_efficiency_pct=motor_new)
    curve_old = motor_curves.load_points(p, poles, motor_old)
    curve_new = motor_curves.load_points(p, poles, motor_new)
    _physical(missing, motor_efficiency_pct=curve_old, new__motor_efficiency_pct=curve_new)
    load = _load_from_measure(curve_old, measured, has_measure, p, load, missing)
    new_load = load * eo / en
    before = h * np.where(has_measure, measured, p * motor_curves.input_per_rated(curve_old, load))
    after = h * p * motor_curves.input_per_rated(curve_new, new_load)
    used = {"load_factor": load, "new.load_factor": new_load,
            "motor_efficiency_pct_at_load": 100 * motor_curves.efficiency_at(curve_old, load),
            "new.motor_efficiency_pct_at_load": 100 * motor_curves.efficiency_at(curve_new, new_load),
            "input_measured": has_measure.astype(float)}
    return _electric(before, after, missing, coeffs or Coefficients(), used)


@lru_cache(maxsize=1)
def compressor_controls() -> dict[str, Any]:
    """Part-demand power rules of the compressor controls, with their sources (data file)."""
    text = files("equipinv.planning").joinpath("data/compressor_control.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def control_power_share(control: NDArray[np.str_], demand: Floats) -> Floats:
    """Input power at average demand ``demand`` as a share of full-load input, per control type."""
    rules = compressor_controls()
    u = float(rules["load_unload"]["unloaded_share"])
    m = float(rules["modulation"]["zero_flow_share"])
    share = np.where(control == "load_unload", demand + (1 - demand) * u,
                     np.where(control == "modulation", m + (1 - m) * demand, demand))
    return np.where(np.isin(control, COMPRESSOR_CONTROLS), share, np.nan)


def compressor_savings(flow_m3_min: ArrayLike, specific_power_old: ArrayLike,
                       specific_power_new: ArrayLike, operating_hours_per_year: ArrayLike,
                       load_factor: ArrayLike, coeffs: Coefficients | None = None, *,
                       control: ArrayLike = DEFAULT_COMPRESSOR_CONTROL,
                       new_control: ArrayLike | None = None,
                       measured_input_kw: ArrayLike | None = None) -> Savings:
    """Air compressors: kWh = SP · Q · h · s(d), old minus new.

    SP specific power kW/(m³/min) as defined in GB 19153-2019 (package input power, so the motor is
    already in it), Q rated free-air delivery (m³/min), d average demand as a share of Q (the load
    factor, 0–1), h hours per year, s(d) the input-power share of the capacity control
    (``data/compressor_control.toml``: load/unload, modulation, start/stop, VSD; default
    load/unload, the new unit keeps the old control unless ``new_control`` is given).
    ``measured_input_kw``: the old package's measured average input power replaces SP · Q · s(d); the
    new unit is still valued at the demand d.
    """
    q, so, sn = _arr(flow_m3_min), _arr(specific_power_old), _arr(specific_power_new)
    h, load = _arr(operating_hours_per_year), _arr(load_factor)
    n = _size(q, so, sn, h, load)
    q, so, sn, h, load = (_arr(a, n) for a in (q, so, sn, h, load))
    old_ctl = np.broadcast_to(np.asarray(control, dtype=str), (n,))
    new_ctl = old_ctl if new_control is None else np.broadcast_to(np.asarray(new_control, dtype=str), (n,))
    missing = _need(n, flow_m3_min=q, specific_power_kw_per_m3_min=so,
                    new__specific_power_kw_per_m3_min=sn, operating_hours_per_year=h,
                    load_factor=load)
    _at_most(missing, 1.0, load_factor=load)
    for name, ctl in (("compressor_control", old_ctl), ("new.compressor_control", new_ctl)):
        if (~np.isin(ctl, COMPRESSOR_CONTROLS)).any() and (name == "compressor_control" or new_control is not None):
            _flag(missing, name, ~np.isin(ctl, COMPRESSOR_CONTROLS))
    share_old, share_new = control_power_share(old_ctl, load), control_power_share(new_ctl, load)
    measured, has_measure = _measured(measured_input_kw, n)
    used = {"power_share": share_old, "new.power_share": share_new, "input_measured": has_measure.astype(float)}
    before = h * np.where(has_measure, measured, so * q * share_old)
    return _electric(before, sn * q * h * share_new, missing, coeffs or Coefficients(), used)


def _boiler_heat_mj(capacity_mw: Floats, load: Floats, hours: Floats) -> Floats:
    return capacity_mw * load * hours * 3600.0


def boiler_savings(capacity_mw: ArrayLike, thermal_efficiency_pct_old: ArrayLike,
                   thermal_efficiency_pct_new: ArrayLike, operating_hours_per_year: ArrayLike,
                   load_factor: ArrayLike, fuel: ArrayLike,
                   coeffs: Coefficients | None = None) -> Savings:
    """Industrial boilers on the same fuel: fuel MJ saved = Q · L · h · 3600 · (100/η_old − 100/η_new).

    Q rated heat output (MW; steam boilers convert t/h with ``coeffs.mw_per_t_h_steam``), L average
    load (0–1.25), h hours per year, η thermal efficiency in % on the net-calorific-value basis of
    GB 24500-2020 (condensing boilers may exceed 100 %).  tce from 1 kgce = 29307.6 kJ
    (GB/T 2589-2020); the fuel's own amount from its kgce per unit; tCO2 from the fuel's factor
    (:mod:`equipinv.planning.fuels`).  A change of fuel: :func:`fuel_switch_savings`.
    """
    q, eo, en = _arr(capacity_mw), _arr(thermal_efficiency_pct_old), _arr(thermal_efficiency_pct_new)
    h, load = _arr(operating_hours_per_year), _arr(load_factor)
    n = _size(q, eo, en, h, load)
    fuels = np.broadcast_to(np.asarray(fuel, dtype=str), (n,))
    missing = _need(n, capacity_mw=q, thermal_efficiency_pct=eo, new__thermal_efficiency_pct=en,
                    operating_hours_per_year=h, load_factor=load)
    _at_most(missing, motor_curves.MAX_LOAD, load_factor=_arr(load, n))
    heat = _arr(_boiler_heat_mj(q, load, h), n)
    coeffs = coeffs or Coefficients()
    return _boiler_convert(heat * 100.0 / _arr(eo, n), heat * 100.0 / _arr(en, n), fuels, missing, coeffs)


def _fuel_amount(mj: Floats, fuels: NDArray[np.str_], kgce: Floats, coeffs: Coefficients) -> Floats:
    return np.where(fuels == "electric", mj / MJ_PER_KWH, mj * 1000.0 / coeffs.kj_per_kgce / kgce)


def _boiler_convert(mj_before: Floats, mj_after: Floats, fuels: NDArray[np.str_],
                    missing: dict[str, Bools], coeffs: Coefficients) -> Savings:
    """tce straight from the energy (standard-coal definition), then the fuel's own amount."""
    n = mj_before.shape[0]
    mj_before, mj_after = _blank(missing, n, mj_before, mj_after)
    electric = fuels == "electric"
    kgce, kgco2, unit = _factors(fuels, missing, coeffs)
    before, after = _fuel_amount(mj_before, fuels, kgce, coeffs), _fuel_amount(mj_after, fuels, kgce, coeffs)
    amount = before - after
    tce = np.where(electric, amount * kgce / 1000.0, (mj_before - mj_after) / coeffs.kj_per_kgce)
    # a fuel counted at 0 kgCO2 (biomass, by GB/T 32150's rule) adds none, even where its amount is unknown
    tco2 = np.where(kgco2 == 0.0, np.where(np.isnan(mj_before - mj_after), np.nan, 0.0), amount * kgco2 / 1000.0)
    return Savings(amount, unit, fuels, tce, tco2, missing, before, after)


@dataclass
class FuelSwitch:
    """A heat supply moved from one fuel to another (coal → gas, electric, heat network ...).

    Per unit: the amount of each fuel per year in its own unit, the tce and tCO2 on each side, and
    the missing factors.  ``tce_saved`` / ``tco2_saved`` compare the two sides.
    """

    old: Savings
    new: Savings

    @property
    def tce_saved(self) -> Floats:
        return self.old.tce_saved - self.new.tce_saved

    @property
    def tco2_saved(self) -> Floats:
        return self.old.tco2_saved - self.new.tco2_saved

    @property
    def missing(self) -> dict[str, Bools]:
        out = {name: mask.copy() for name, mask in self.old.missing.items()}
        for name, mask in self.new.missing.items():
            out[f"new.{name}" if not name.startswith("new.") else name] = mask
        return out

    def yuan_saved(self, price_old: ArrayLike, price_new: ArrayLike) -> Floats:
        """Money saved per year at the two fuels' prices (yuan per each fuel's own unit)."""
        return self.old.energy_saved * _arr(price_old) - self.new.energy_saved * _arr(price_new)


def fuel_switch_savings(heat_output_mj_per_year: ArrayLike, efficiency_pct_old: ArrayLike,
                        fuel_old: ArrayLike, efficiency_pct_new: ArrayLike, fuel_new: ArrayLike,
                        coeffs: Coefficients | None = None) -> FuelSwitch:
    """Value a fuel switch on both fuels: the same useful heat from the old and the new supply.

    ``heat_output_mj_per_year``: useful heat delivered (e.g. Q · L · h · 3600 for a boiler);
    ``efficiency_pct_*``: thermal efficiency of each supply on the NCV basis (an electric boiler
    about 95–100, a heat-network substation the user's figure); ``fuel_*``: fuel codes of
    ``FUEL_UNITS`` ("coal", "gas", "electric", "heat", ...).  Each side's ``energy_saved`` holds its
    consumption per year (``energy_before`` of the same value), tce by the standard-coal definition
    (electricity by the chosen basis), tCO2 by the fuel's factor; a factor not sourced is missing
    on that side, never zero.  Used by the planner for lawful boiler replacements (issue #17).
    """
    heat = _arr(heat_output_mj_per_year)
    eo, en = _arr(efficiency_pct_old), _arr(efficiency_pct_new)
    n = _size(heat, eo, en)
    coeffs = coeffs or Coefficients()
    sides = []
    for eff, fuel, prefix in ((eo, fuel_old, ""), (en, fuel_new, "new__")):
        fuels = np.broadcast_to(np.asarray(fuel, dtype=str), (n,))
        missing = _need(n, heat_output_mj_per_year=heat, **{f"{prefix}thermal_efficiency_pct": eff})
        mj = _arr(heat * 100.0 / eff, n)
        s = _boiler_convert(mj, np.zeros(n), fuels, missing, coeffs)
        sides.append(s)
    return FuelSwitch(*sides)


def vehicle_savings(fuel_per_100km_old: ArrayLike, fuel_per_100km_new: ArrayLike,
                    annual_distance_km: ArrayLike, fuel: ArrayLike,
                    coeffs: Coefficients | None = None) -> Savings:
    """Trucks and other vehicles: fuel saved = (F_old − F_new) · D / 100.

    F consumption per 100 km in the fuel's unit (L diesel/petrol, kWh electric, m³ gas), D annual
    distance (km).  tce and tCO2 per litre are the fuel's per-kg factors times its density
    (``fuel_kg_per_litre``).  No table gives a replacement vehicle's consumption: the new figure
    comes from the caller (the model's type-approval or 达标车型 figure), else the row is incomplete.
    """
    fo, fn, d = _arr(fuel_per_100km_old), _arr(fuel_per_100km_new), _arr(annual_distance_km)
    n = _size(fo, fn, d)
    fuels = np.broadcast_to(np.asarray(fuel, dtype=str), (n,))
    missing = _need(n, fuel_per_100km=fo, new__fuel_per_100km=fn, annual_distance_km=d)
    return _from_amount(_arr(fo * d / 100.0, n), _arr(fn * d / 100.0, n), fuels, missing,
                        coeffs or Coefficients())


#: Drive efficiency of a variable-speed drive (ASSUMPTION: typical low-voltage VFD at part load).
VSD_DRIVE_EFFICIENCY = 0.97


def vsd_savings(rated_power_kw: ArrayLike, operating_hours_per_year: ArrayLike,
                load_factor: ArrayLike, flow_fraction: ArrayLike,
                static_head_fraction: ArrayLike = 0.0,
                drive_efficiency: float = VSD_DRIVE_EFFICIENCY,
                coeffs: Coefficients | None = None, *, poles: ArrayLike | None = None,
                motor_efficiency_pct: ArrayLike | None = None) -> Savings:
    """Pumps/fans with throttled variable duty: kWh = h · P · (i(L) − i(L_vsd) / η_d).

    Today the motor carries P·L at the shaft (throttle or damper control); with speed control the
    duty follows the system curve H = s + (1−s)·f² (s static share of the design head, f average
    flow / design flow), so the shaft load becomes L_vsd = f · (s + (1−s)·f²) by the affinity laws
    (Hydraulic Institute / Europump, "Variable Speed Pumping — A Guide to Successful Applications",
    2004).  i(L) is the motor's electrical input per unit of rated output at that load from its
    part-load curve (:mod:`motor_curves`), so the motor's losses at reduced load are counted; the
    drive adds its own loss η_d.  Assumptions, stated: the rated power is the shaft power at the
    design flow; the pump or fan efficiency stays constant along the curve; the drive efficiency is
    constant; the average flow stands for the duty profile.  ``static_head_fraction`` defaults to 0.
    """
    p, h, load = _arr(rated_power_kw), _arr(operating_hours_per_year), _arr(load_factor)
    f, s = _arr(flow_fraction), _arr(static_head_fraction)
    n = _size(p, h, load, f, s)
    p, h, load, f, s = (_arr(a, n) for a in (p, h, load, f, s))
    missing = _need(n, rated_power_kw=p, operating_hours_per_year=h, load_factor=load,
                    flow_fraction=f)
    _at_most(missing, motor_curves.MAX_LOAD, load_factor=load)
    _at_most(missing, 1.0, flow_fraction=f)
    curve = motor_curves.load_points(p, poles, motor_efficiency_pct)
    vsd_load = f * (s + (1.0 - s) * f**2)
    before = h * p * motor_curves.input_per_rated(curve, load)
    after = h * p * motor_curves.input_per_rated(curve, vsd_load) / drive_efficiency
    used = {"load_factor": load, "new.load_factor": vsd_load,
            "motor_efficiency_pct_at_load": 100 * motor_curves.efficiency_at(curve, load),
            "new.motor_efficiency_pct_at_load": 100 * motor_curves.efficiency_at(curve, vsd_load)}
    return _electric(before, after, missing, coeffs or Coefficients(), used)


def compute_savings(category: ArrayLike, old: Mapping[str, ArrayLike],
                    new: Mapping[str, ArrayLike], coeffs: Coefficients | None = None) -> Savings:
    """Savings for a mixed ledger, dispatched by category code.

    ``old`` holds canonical fields of the existing units (NaN where unknown): rated_power_kw,
    poles, operating_hours_per_year, load_factor, efficiency_pct (a blower's
    polytropic_efficiency_pct), measured_input_kw, motor_efficiency_pct, no_load_loss_w,
    load_loss_w, flow_m3_min, specific_power_kw_per_m3_min, compressor_control (str), capacity_mw,
    capacity_t_h, thermal_efficiency_pct, fuel (str), fuel_per_100km, annual_distance_km.  ``new``
    holds the replacement's values of the same names (the level threshold, or a real product's
    data).  A category without a model (chiller, welder, ...) is incomplete with the missing field
    ``savings_model``.
    """
    coeffs = coeffs or Coefficients()
    cat = np.asarray(category, dtype=str)
    n = cat.shape[0]

    def get(source: Mapping[str, ArrayLike], key: str, rows: Bools) -> Floats:
        value = source.get(key)
        return np.full(int(rows.sum()), np.nan) if value is None else _arr(value, n)[rows]

    def text(key: str, rows: Bools, default: str = "") -> NDArray[np.str_]:
        value = old.get(key)
        return np.full(int(rows.sum()), default) if value is None else np.broadcast_to(
            np.asarray(value, dtype=str), (n,))[rows]

    def efficiency(source: Mapping[str, ArrayLike], rows: Bools) -> Floats:
        """The unit efficiency each category is graded by (a blower: polytropic)."""
        values = get(source, "efficiency_pct", rows)
        for code, name in UNIT_EFFICIENCY_FIELD.items():
            own = get(source, name, rows)
            values = np.where(cat[rows] == code, own, values)
        return values

    groups: list[tuple[Bools, Savings]] = []
    rows = np.isin(cat, MOTOR_CATEGORIES)
    if rows.any():
        groups.append((rows, motor_savings(
            get(old, "rated_power_kw", rows), get(old, "operating_hours_per_year", rows),
            get(old, "load_factor", rows), get(old, "efficiency_pct", rows),
            get(new, "efficiency_pct", rows), coeffs, poles=get(old, "poles", rows),
            measured_input_kw=get(old, "measured_input_kw", rows))))
    rows = np.isin(cat, PUMP_FAN_CATEGORIES)
    if rows.any():
        groups.append((rows, pump_fan_savings(
            get(old, "rated_power_kw", rows), get(old, "operating_hours_per_year", rows),
            get(old, "load_factor", rows), efficiency(old, rows), efficiency(new, rows), coeffs,
            poles=get(old, "poles", rows), motor_efficiency_pct=get(old, "motor_efficiency_pct", rows),
            new_motor_efficiency_pct=get(new, "motor_efficiency_pct", rows),
            measured_input_kw=get(old, "measured_input_kw", rows))))
    rows = np.isin(cat, categories.with_savings_model("transformer"))
    if rows.any():
        groups.append((rows, transformer_savings(
            get(old, "no_load_loss_w", rows), get(new, "no_load_loss_w", rows),
            get(old, "load_loss_w", rows), get(new, "load_loss_w", rows),
            get(old, "load_factor", rows), get(old, "operating_hours_per_year", rows),
            coeffs=coeffs)))
    rows = np.isin(cat, categories.with_savings_model("compressor"))
    if rows.any():
        groups.append((rows, compressor_savings(
            get(old, "flow_m3_min", rows), get(old, "specific_power_kw_per_m3_min", rows),
            get(new, "specific_power_kw_per_m3_min", rows), get(old, "operating_hours_per_year", rows),
            get(old, "load_factor", rows), coeffs,
            control=text("compressor_control", rows, DEFAULT_COMPRESSOR_CONTROL),
            measured_input_kw=get(old, "measured_input_kw", rows))))
    rows = np.isin(cat, categories.with_savings_model("boiler"))
    if rows.any():
        mw = get(old, "capacity_mw", rows)
        mw = np.where(np.isnan(mw), get(old, "capacity_t_h", rows) * coeffs.mw_per_t_h_steam, mw)
        groups.append((rows, boiler_savings(
            mw, get(old, "thermal_efficiency_pct", rows), get(new, "thermal_efficiency_pct", rows),
            get(old, "operating_hours_per_year", rows), get(old, "load_factor", rows),
            text("fuel", rows), coeffs)))
    rows = np.isin(cat, VEHICLE_CATEGORIES)
    if rows.any():
        groups.append((rows, vehicle_savings(
            get(old, "fuel_per_100km", rows), get(new, "fuel_per_100km", rows),
            get(old, "annual_distance_km", rows), text("fuel", rows), coeffs)))
    return _merge(n, groups)


def _merge(n: int, groups: list[tuple[Bools, Savings]]) -> Savings:
    """One Savings over the ledger from the per-model parts (rows not covered: no savings model)."""
    out = Savings(np.full(n, np.nan), np.full(n, "", dtype="<U4"), np.full(n, "", dtype="<U16"),
                  np.full(n, np.nan), np.full(n, np.nan), {}, np.full(n, np.nan), np.full(n, np.nan))
    assert out.energy_before is not None and out.energy_after is not None
    covered = np.zeros(n, dtype=bool)
    for rows, part in groups:
        covered |= rows
        out.energy_saved[rows], out.energy_unit[rows] = part.energy_saved, part.energy_unit
        out.carrier[rows] = part.carrier
        out.tce_saved[rows], out.tco2_saved[rows] = part.tce_saved, part.tco2_saved
        if part.energy_before is not None and part.energy_after is not None:
            out.energy_before[rows], out.energy_after[rows] = part.energy_before, part.energy_after
        for name, mask in part.missing.items():
            out.missing.setdefault(name, np.zeros(n, dtype=bool))[rows] = mask
        for name, values in part.used.items():
            out.used.setdefault(name, np.full(n, np.nan))[rows] = values
    if not covered.all():
        out.missing["savings_model"] = ~covered
    return out
