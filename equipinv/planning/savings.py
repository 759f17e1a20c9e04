"""Annual energy, tce and CO2 savings of replacing or upgrading a unit, vectorised per category.

Every model takes numpy arrays of canonical fields (NaN = not known) and returns a :class:`Savings`:
energy saved in its own unit (kWh for electricity, the fuel's unit from ``FUEL_UNITS`` otherwise),
tce and tCO2 per year, and for each unit the names of the inputs that were missing.  A unit with a
missing input gets NaN, never a guessed number.  ``compute_savings`` dispatches a mixed ledger by
category code.  Savings may be negative (the new unit is worse); callers decide what to do with that.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from equipinv import categories
from equipinv.planning.coefficients import FUEL_UNITS, Coefficients

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]

# which categories each model computes: the category registry says (equipinv.categories)
MOTOR_CATEGORIES = categories.with_savings_model("motor")
PUMP_FAN_CATEGORIES = categories.with_savings_model("pump_fan")
VEHICLE_CATEGORIES = categories.with_savings_model("vehicle")
MJ_PER_KWH = 3.6


@dataclass
class Savings:
    """Per-unit annual savings.  ``missing`` maps an input name to the units that lack it."""

    energy_saved: Floats
    energy_unit: NDArray[np.str_]
    carrier: NDArray[np.str_]
    tce_saved: Floats
    tco2_saved: Floats
    missing: dict[str, Bools]

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
    a = np.asarray(x, dtype=np.float64)
    return a if n is None else np.broadcast_to(a, (n,)).astype(np.float64)


def _need(n: int, **fields: Floats) -> dict[str, Bools]:
    """Missing-input masks: NaN or non-positive values are not usable inputs."""
    out: dict[str, Bools] = {}
    for name, values in fields.items():
        bad = ~(np.broadcast_to(values, (n,)) > 0)
        if bad.any():
            out[name.replace("__", ".")] = bad
    return out


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
            ce, co2 = coeffs.fuel_kgce_per_unit.get(code), coeffs.fuel_kgco2_per_unit.get(code)
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


def _from_amount(amount: Floats, fuels: NDArray[np.str_], missing: dict[str, Bools],
                 coeffs: Coefficients) -> Savings:
    """Savings from an amount in each carrier's own unit (kWh, kg, m3, L)."""
    n = amount.shape[0]
    amount = np.where(_any(missing, n), np.nan, amount)
    kgce, kgco2, unit = _factors(fuels, missing, coeffs)
    return Savings(amount, unit, fuels, amount * kgce / 1000.0, amount * kgco2 / 1000.0, missing)


def _electric(kwh: Floats, missing: dict[str, Bools], coeffs: Coefficients) -> Savings:
    """Electricity saved: tce by the chosen basis, tCO2 by the grid factor (scalar fast path)."""
    n = kwh.shape[0]
    kwh = np.where(_any(missing, n), np.nan, kwh)
    kgce = coeffs.electricity_kgce_per_kwh()
    if kgce is None:
        missing["coefficients.kgce_per_kwh_equal_value"] = np.ones(n, dtype=bool)
    tce = kwh * (np.nan if kgce is None else kgce) / 1000.0
    return Savings(kwh, np.full(n, "kWh", dtype="<U4"), np.full(n, "electric", dtype="<U16"), tce,
                   kwh * coeffs.grid_kgco2_per_kwh / 1000.0, missing)


def motor_savings(rated_power_kw: ArrayLike, operating_hours_per_year: ArrayLike,
                  load_factor: ArrayLike, efficiency_pct_old: ArrayLike,
                  efficiency_pct_new: ArrayLike, coeffs: Coefficients | None = None) -> Savings:
    """Motors: kWh = P · h · L · (100/η_old − 100/η_new).

    P rated shaft output (kW), h operating hours per year, L load factor (shaft output / rated),
    η full-load efficiency in %.  Source: the input-power balance P_in = P_out/η used by US DOE,
    "Premium Efficiency Motor Selection and Application Guide" (2014) and MotorMaster+; part-load
    efficiency is taken equal to the rated value (a simplification).
    """
    p, h, load = _arr(rated_power_kw), _arr(operating_hours_per_year), _arr(load_factor)
    eo, en = _arr(efficiency_pct_old), _arr(efficiency_pct_new)
    n = np.broadcast_shapes(p.shape, h.shape, load.shape, eo.shape, en.shape)[0]
    missing = _need(n, rated_power_kw=p, operating_hours_per_year=h, load_factor=load,
                    efficiency_pct=eo, new__efficiency_pct=en)
    kwh = np.broadcast_to(p * h * load * (100.0 / eo - 100.0 / en), (n,)).copy()
    return _electric(kwh, missing, coeffs or Coefficients())


def transformer_savings(no_load_loss_w_old: ArrayLike, no_load_loss_w_new: ArrayLike,
                        load_loss_w_old: ArrayLike, load_loss_w_new: ArrayLike,
                        load_factor: ArrayLike, operating_hours_per_year: ArrayLike,
                        hours_loaded: ArrayLike | None = None,
                        coeffs: Coefficients | None = None) -> Savings:
    """Transformers: kWh = (ΔP0 · H_energised + ΔPk · β² · H_loaded) / 1000.

    ΔP0, ΔPk differences of no-load and load losses (W, rated, at reference temperature), β average
    load factor (load / rated kVA), H hours per year.  Source: the loss model ΔP = P0 + β²·Pk of
    GB/T 13462-2008 电力变压器经济运行.  ``hours_loaded`` defaults to the energised hours (β then is
    the average over all energised hours).
    """
    p0o, p0n = _arr(no_load_loss_w_old), _arr(no_load_loss_w_new)
    pko, pkn = _arr(load_loss_w_old), _arr(load_loss_w_new)
    beta, he = _arr(load_factor), _arr(operating_hours_per_year)
    hl = he if hours_loaded is None else _arr(hours_loaded)
    n = np.broadcast_shapes(p0o.shape, p0n.shape, pko.shape, pkn.shape, beta.shape, he.shape,
                            hl.shape)[0]
    missing = _need(n, no_load_loss_w=p0o, new__no_load_loss_w=p0n, load_loss_w=pko,
                    new__load_loss_w=pkn, load_factor=beta, operating_hours_per_year=he)
    kwh = np.broadcast_to(((p0o - p0n) * he + (pko - pkn) * beta**2 * hl) / 1000.0, (n,)).copy()
    return _electric(kwh, missing, coeffs or Coefficients())


def pump_fan_savings(rated_power_kw: ArrayLike, operating_hours_per_year: ArrayLike,
                     load_factor: ArrayLike, efficiency_pct_old: ArrayLike,
                     efficiency_pct_new: ArrayLike, coeffs: Coefficients | None = None) -> Savings:
    """Pumps, fans, blowers: kWh = P · L · h · (1 − η_old/η_new) at the same duty point.

    P · L is today's power at the duty point (kW); the hydraulic (aerodynamic) power Q·H is the same
    after replacement, so the new power is P · L · η_old/η_new.  η is the unit (pump, fan or blower)
    efficiency in %, as graded by GB 19762 / GB 19761 / GB 28381.
    """
    p, h, load = _arr(rated_power_kw), _arr(operating_hours_per_year), _arr(load_factor)
    eo, en = _arr(efficiency_pct_old), _arr(efficiency_pct_new)
    n = np.broadcast_shapes(p.shape, h.shape, load.shape, eo.shape, en.shape)[0]
    missing = _need(n, rated_power_kw=p, operating_hours_per_year=h, load_factor=load,
                    efficiency_pct=eo, new__efficiency_pct=en)
    kwh = np.broadcast_to(p * load * h * (1.0 - eo / en), (n,)).copy()
    return _electric(kwh, missing, coeffs or Coefficients())


def compressor_savings(flow_m3_min: ArrayLike, specific_power_old: ArrayLike,
                       specific_power_new: ArrayLike, operating_hours_per_year: ArrayLike,
                       load_factor: ArrayLike, coeffs: Coefficients | None = None) -> Savings:
    """Air compressors: kWh = (SP_old − SP_new) · Q · L · h.

    SP specific power kW/(m³/min) as defined in GB 19153-2019, Q rated free-air delivery (m³/min),
    L share of the hours at full delivery, h operating hours per year.
    """
    q, so, sn = _arr(flow_m3_min), _arr(specific_power_old), _arr(specific_power_new)
    h, load = _arr(operating_hours_per_year), _arr(load_factor)
    n = np.broadcast_shapes(q.shape, so.shape, sn.shape, h.shape, load.shape)[0]
    missing = _need(n, flow_m3_min=q, specific_power_kw_per_m3_min=so,
                    new__specific_power_kw_per_m3_min=sn, operating_hours_per_year=h,
                    load_factor=load)
    kwh = np.broadcast_to((so - sn) * q * load * h, (n,)).copy()
    return _electric(kwh, missing, coeffs or Coefficients())


def boiler_savings(capacity_mw: ArrayLike, thermal_efficiency_pct_old: ArrayLike,
                   thermal_efficiency_pct_new: ArrayLike, operating_hours_per_year: ArrayLike,
                   load_factor: ArrayLike, fuel: ArrayLike,
                   coeffs: Coefficients | None = None) -> Savings:
    """Industrial boilers: fuel MJ saved = Q · L · h · 3600 · (100/η_old − 100/η_new).

    Q rated heat output (MW; steam boilers convert t/h with ``coeffs.mw_per_t_h_steam``), L average
    load, h hours per year, η thermal efficiency in % on the net-calorific-value basis of GB 24500-2020.
    tce from 1 kgce = 29307.6 kJ (GB/T 2589-2020); the fuel's own unit from its kgce per unit;
    tCO2 from the fuel's emission factor (missing until supplied).
    """
    q, eo, en = _arr(capacity_mw), _arr(thermal_efficiency_pct_old), _arr(thermal_efficiency_pct_new)
    h, load = _arr(operating_hours_per_year), _arr(load_factor)
    n = np.broadcast_shapes(q.shape, eo.shape, en.shape, h.shape, load.shape)[0]
    fuels = np.broadcast_to(np.asarray(fuel, dtype=str), (n,))
    missing = _need(n, capacity_mw=q, thermal_efficiency_pct=eo, new__thermal_efficiency_pct=en,
                    operating_hours_per_year=h, load_factor=load)
    mj = np.broadcast_to(q * load * h * 3600.0 * (100.0 / eo - 100.0 / en), (n,)).copy()
    coeffs = coeffs or Coefficients()
    return _boiler_convert(mj, fuels, missing, coeffs)


def _boiler_convert(mj: Floats, fuels: NDArray[np.str_], missing: dict[str, Bools],
                    coeffs: Coefficients) -> Savings:
    """tce straight from the energy (standard-coal definition), then the fuel's own amount."""
    n = mj.shape[0]
    mj = np.where(_any(missing, n), np.nan, mj)
    electric = fuels == "electric"
    kgce, kgco2, unit = _factors(fuels, missing, coeffs)
    amount = np.where(electric, mj / MJ_PER_KWH, mj * 1000.0 / coeffs.kj_per_kgce / kgce)
    tce = np.where(electric, amount * kgce / 1000.0, mj / coeffs.kj_per_kgce)
    return Savings(amount, unit, fuels, tce, amount * kgco2 / 1000.0, missing)


def compute_savings(category: ArrayLike, old: Mapping[str, ArrayLike],
                    new: Mapping[str, ArrayLike], coeffs: Coefficients | None = None) -> Savings:
    """Savings for a mixed ledger, dispatched by category code.

    ``old`` holds canonical fields of the existing units (NaN where unknown): rated_power_kw,
    operating_hours_per_year, load_factor, efficiency_pct, no_load_loss_w, load_loss_w,
    flow_m3_min, specific_power_kw_per_m3_min, capacity_mw, capacity_t_h,
    thermal_efficiency_pct, fuel (str), fuel_per_100km, annual_distance_km.  ``new`` holds the
    replacement's values of the same names (the level threshold, or a real product's data):
    efficiency_pct, no_load_loss_w, load_loss_w, specific_power_kw_per_m3_min,
    thermal_efficiency_pct, fuel_per_100km.  A category without a model (chiller, welder, ...) is
    incomplete with the missing field ``savings_model``.
    """
    coeffs = coeffs or Coefficients()
    cat = np.asarray(category, dtype=str)
    n = cat.shape[0]

    def get(source: Mapping[str, ArrayLike], key: str, rows: Bools) -> Floats:
        value = source.get(key)
        return np.full(int(rows.sum()), np.nan) if value is None else _arr(value, n)[rows]

    def text(key: str, rows: Bools) -> NDArray[np.str_]:
        value = old.get(key)
        return np.full(int(rows.sum()), "") if value is None else np.broadcast_to(
            np.asarray(value, dtype=str), (n,))[rows]

    out = Savings(np.full(n, np.nan), np.full(n, "", dtype="<U4"), np.full(n, "", dtype="<U16"),
                  np.full(n, np.nan), np.full(n, np.nan), {})
    groups: list[tuple[Bools, Savings]] = []
    for model, codes in ((motor_savings, MOTOR_CATEGORIES), (pump_fan_savings, PUMP_FAN_CATEGORIES)):
        rows = np.isin(cat, codes)
        if rows.any():
            groups.append((rows, model(get(old, "rated_power_kw", rows),
                                       get(old, "operating_hours_per_year", rows),
                                       get(old, "load_factor", rows), get(old, "efficiency_pct", rows),
                                       get(new, "efficiency_pct", rows), coeffs)))
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
            get(old, "load_factor", rows), coeffs)))
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
    covered = np.zeros(n, dtype=bool)
    for rows, part in groups:
        covered |= rows
        out.energy_saved[rows], out.energy_unit[rows] = part.energy_saved, part.energy_unit
        out.carrier[rows] = part.carrier
        out.tce_saved[rows], out.tco2_saved[rows] = part.tce_saved, part.tco2_saved
        for name, mask in part.missing.items():
            out.missing.setdefault(name, np.zeros(n, dtype=bool))[rows] = mask
    if not covered.all():
        out.missing["savings_model"] = ~covered
    return out


def vehicle_savings(fuel_per_100km_old: ArrayLike, fuel_per_100km_new: ArrayLike,
                    annual_distance_km: ArrayLike, fuel: ArrayLike,
                    coeffs: Coefficients | None = None) -> Savings:
    """Trucks and other vehicles: fuel saved = (F_old − F_new) · D / 100.

    F consumption per 100 km in the fuel's unit (L diesel/petrol, kWh electric, m³ gas), D annual
    distance (km).  tce and tCO2 need the fuel's coefficients (missing by default for liquid fuels).
    """
    fo, fn, d = _arr(fuel_per_100km_old), _arr(fuel_per_100km_new), _arr(annual_distance_km)
    n = np.broadcast_shapes(fo.shape, fn.shape, d.shape)[0]
    fuels = np.broadcast_to(np.asarray(fuel, dtype=str), (n,))
    missing = _need(n, fuel_per_100km=fo, new__fuel_per_100km=fn, annual_distance_km=d)
    amount = np.broadcast_to((fo - fn) * d / 100.0, (n,)).copy()
    return _from_amount(amount, fuels, missing, coeffs or Coefficients())


#: Drive efficiency of a variable-speed drive (ASSUMPTION: typical low-voltage VFD at part load).
VSD_DRIVE_EFFICIENCY = 0.97


def vsd_savings(rated_power_kw: ArrayLike, operating_hours_per_year: ArrayLike,
                load_factor: ArrayLike, flow_fraction: ArrayLike,
                static_head_fraction: ArrayLike = 0.0,
                drive_efficiency: float = VSD_DRIVE_EFFICIENCY,
                coeffs: Coefficients | None = None) -> Savings:
    """Pumps/fans with throttled variable duty: kWh = h · (P·L − P · f · (s + (1−s)·f²) / η_d).

    Today's input P·L (throttled or damper control); with speed control the duty follows the system
    curve H = s + (1−s)·f² (s static share of the design head, f average flow / design flow) and the
    power scales with Q·H by the affinity laws (Hydraulic Institute / Europump, "Variable Speed
    Pumping — A Guide to Successful Applications", 2004).  Assumptions, stated: the rated power is the
    power at the design flow; the pump or fan efficiency stays constant along the curve; the average
    flow stands for the duty profile (a measured profile is better).  ``static_head_fraction``
    defaults to 0 (pure friction systems such as circulation loops and most fans).
    """
    p, h, load = _arr(rated_power_kw), _arr(operating_hours_per_year), _arr(load_factor)
    f, s = _arr(flow_fraction), _arr(static_head_fraction)
    n = np.broadcast_shapes(p.shape, h.shape, load.shape, f.shape, s.shape)[0]
    missing = _need(n, rated_power_kw=p, operating_hours_per_year=h, load_factor=load,
                    flow_fraction=f)
    kwh = np.broadcast_to(h * (p * load - p * f * (s + (1.0 - s) * f**2) / drive_efficiency), (n,))
    return _electric(kwh.copy(), missing, coeffs or Coefficients())
