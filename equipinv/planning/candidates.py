"""Replacement candidates per unit: keep / replace at the energy-saving / advanced level, motor
repair-or-replace decisions, right-sizing and variable-speed-drive retrofits.

The new unit's performance is the level threshold the caller passes in (from efficiency_tables'
``level_requirement``), or a real product's data; prices come from :class:`PriceTable` or a quote.
Every output is an (n, 3) array over :data:`ACTIONS`; a (unit, action) whose inputs are incomplete
carries NaN and its missing fields, never an invented number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from equipinv.planning.coefficients import Coefficients, Economics
from equipinv.planning.economics import Appraisal, annual_saving_yuan, appraise
from equipinv.planning.prices import PriceTable
from equipinv.planning.savings import Savings, compute_savings, motor_savings, vsd_savings

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]

#: The schedule's actions, in column order.
ACTIONS = ("keep", "energy_saving", "advanced")
ACTION_LABELS = {"keep": "保持现状", "energy_saving": "更换为节能水平", "advanced": "更换为先进水平"}

#: Efficiency lost by a rewind, percentage points (ASSUMPTION, conservative).  The EASA/AEMT rewind
#: studies ("The Effect of Repair/Rewinding on Motor Efficiency", 2003; IE3 motors, 2020) found
#: best-practice rewinds (ANSI/EASA AR100) change efficiency by +0.3 to −0.5 points, −0.1 on
#: average; this default takes the worst measured unit.  Shops without that practice lose more.
REWIND_EFFICIENCY_LOSS_PCT_POINTS = 0.5

#: Right-sizing: propose a smaller motor below this load and size it for this target load
#: (ASSUMPTION: the usual 40 % / 75 % rules of thumb of motor-management guides).
RIGHTSIZE_LOAD_BELOW = 0.40
RIGHTSIZE_TARGET_LOAD = 0.75

#: Standard rated outputs (kW) listed in GB 18613-2020 Table 1.
STANDARD_RATINGS_KW = np.array([
    0.12, 0.18, 0.2, 0.25, 0.37, 0.4, 0.55, 0.75, 1.1, 1.5, 2.2, 3, 4, 5.5, 7.5, 11, 15, 18.5, 22,
    30, 37, 45, 55, 75, 90, 110, 132, 160, 200, 250, 280, 315, 355, 400, 450, 500, 560, 630, 710,
    800, 900, 1000])

#: Motor decisions, MotorMaster-style, with their Chinese labels.
MOTOR_DECISION_LABELS = {
    "replace_now": "立即更换",
    "replace_at_failure": "故障时更换",
    "repair_at_failure": "故障时修复（重绕）",
    "incomplete": "数据不全",
}


@dataclass
class Candidates:
    """Per unit (rows) and action (columns, :data:`ACTIONS`): savings, cost and economics."""

    investment_yuan: Floats
    price_source: NDArray[np.str_]
    energy_saved: Floats
    energy_unit: NDArray[np.str_]
    tce_saved: Floats
    tco2_saved: Floats
    annual_saving_yuan: Floats
    appraisal: list[Appraisal]
    missing: list[dict[str, Bools]]

    @property
    def npv_yuan(self) -> Floats:
        return np.stack([a.npv_yuan for a in self.appraisal], axis=1)

    @property
    def payback_years(self) -> Floats:
        return np.stack([a.payback_years for a in self.appraisal], axis=1)

    @property
    def complete(self) -> Bools:
        cols = []
        for missing in self.missing:
            ok = np.ones(self.investment_yuan.shape[0], dtype=bool)
            for mask in missing.values():
                ok &= ~mask
            cols.append(ok)
        return np.stack(cols, axis=1)

    def missing_fields(self, unit: int, action: int) -> list[str]:
        return [name for name, mask in self.missing[action].items() if mask[unit]]


def build_candidates(category: ArrayLike, old: Mapping[str, ArrayLike],
                     new_by_level: Mapping[str, Mapping[str, ArrayLike]],
                     econ: Economics | None = None, coeffs: Coefficients | None = None,
                     prices: PriceTable | None = None,
                     quote_yuan: Mapping[str, ArrayLike] | None = None,
                     residual_value_yuan: ArrayLike = 0.0,
                     years: ArrayLike | None = None) -> Candidates:
    """Savings, investment and appraisal of keep / energy_saving / advanced for every unit.

    ``old``: canonical fields (see ``compute_savings``) plus the price basis fields
    (rated_power_kw, capacity_kva, capacity_t_h, quantity).  ``new_by_level``: for
    "energy_saving" and "advanced", the replacement's values (the level thresholds).
    ``quote_yuan``: per-level per-unit quotes (NaN where none).  ``years``: evaluation period per
    unit (default ``econ.horizon_years``).
    """
    econ, coeffs, prices = econ or Economics(), coeffs or Coefficients(), prices or PriceTable.default()
    cat = np.asarray(category, dtype=str)
    n = cat.shape[0]
    quotes = quote_yuan or {}
    zeros = np.zeros(n)
    inv, src = [zeros], [np.full(n, "none", dtype="<U7")]
    saved, tce, tco2, yuan, apps = [zeros], [zeros], [zeros], [zeros], [appraise(zeros, zeros, econ, years)]
    missing: list[dict[str, Bools]] = [{}]
    unit = np.full(n, "", dtype="<U4")
    sizes = _price_sizes(old, n, coeffs)
    for level in ACTIONS[1:]:
        s: Savings = compute_savings(cat, old, new_by_level.get(level, {}), coeffs)
        cost, source = prices.investment_yuan(cat, level, sizes, quotes.get(level))
        value, no_price = annual_saving_yuan(s, econ)
        miss = dict(s.missing)
        if no_price.any():
            miss["economics.fuel_price_yuan_per_unit"] = no_price
        if np.isnan(cost).any():
            miss["price"] = np.isnan(cost)
        unit = np.where(unit == "", s.energy_unit, unit)
        for column, item in ((inv, cost), (saved, s.energy_saved), (tce, s.tce_saved),
                             (tco2, s.tco2_saved), (yuan, value)):
            column.append(item)
        src.append(source)
        apps.append(appraise(cost, value, econ, years, residual_value_yuan))
        missing.append(miss)
    return Candidates(np.stack(inv, 1), np.stack(src, 1), np.stack(saved, 1), unit,
                      np.stack(tce, 1), np.stack(tco2, 1), np.stack(yuan, 1), apps, missing)


def _price_sizes(old: Mapping[str, ArrayLike], n: int, coeffs: Coefficients) -> dict[str, Floats]:
    """Price basis fields; a hot-water boiler rated in MW is priced per equivalent t/h."""
    sizes = {name: np.broadcast_to(np.asarray(old.get(name, np.nan), dtype=float), (n,))
             for name in ("rated_power_kw", "capacity_kva", "capacity_t_h", "quantity")}
    mw = np.broadcast_to(np.asarray(old.get("capacity_mw", np.nan), dtype=float), (n,))
    sizes["capacity_t_h"] = np.where(np.isnan(sizes["capacity_t_h"]), mw / coeffs.mw_per_t_h_steam,
                                     sizes["capacity_t_h"])
    return sizes


@dataclass
class MotorDecision:
    """Replace now / replace at failure / repair at failure, with the paybacks that decided it."""

    decision: NDArray[np.str_]
    payback_now_years: Floats
    payback_at_failure_years: Floats
    missing: dict[str, Bools]


def motor_decisions(rated_power_kw: ArrayLike, operating_hours_per_year: ArrayLike,
                    load_factor: ArrayLike, efficiency_pct: ArrayLike,
                    efficiency_pct_new: ArrayLike, new_motor_yuan: ArrayLike,
                    rewind_yuan: ArrayLike, econ: Economics | None = None,
                    coeffs: Coefficients | None = None,
                    rewind_loss_pct_points: float = REWIND_EFFICIENCY_LOSS_PCT_POINTS,
                    residual_value_yuan: ArrayLike = 0.0, *,
                    measured_input_kw: ArrayLike | None = None) -> MotorDecision:
    """The three motor-management decisions (after US DOE MotorMaster+), by payback threshold.

    replace_now: the new motor's full price (less the old one's residual value) pays back from its
    savings over the running motor within ``econ.payback_threshold_years``.  Otherwise, at failure
    the choice is between a rewind (efficiency − ``rewind_loss_pct_points``) and a new motor: the
    extra price (new − rewind) paid back by the savings over the rewound motor within the threshold
    means replace_at_failure, else repair_at_failure.  ``measured_input_kw``: a measured input power
    fixes the running motor's energy and load (see :func:`motor_savings`).
    """
    econ, coeffs = econ or Economics(), coeffs or Coefficients()
    eff = np.asarray(efficiency_pct, dtype=float)
    now = motor_savings(rated_power_kw, operating_hours_per_year, load_factor, eff,
                        efficiency_pct_new, coeffs, measured_input_kw=measured_input_kw)
    # the rewound motor carries the same shaft load (the one a measurement implies, where there is one)
    fail = motor_savings(rated_power_kw, operating_hours_per_year, now.used["load_factor"],
                         eff - rewind_loss_pct_points, efficiency_pct_new, coeffs)
    price = econ.electricity_price_yuan_per_kwh
    new_cost = np.asarray(new_motor_yuan, dtype=float)
    extra = new_cost - np.asarray(rewind_yuan, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        pb_now = np.where(now.energy_saved > 0,
                          (new_cost - np.asarray(residual_value_yuan, float)) / (now.energy_saved * price),
                          np.inf)
        pb_fail = np.where(fail.energy_saved > 0, np.maximum(extra, 0) / (fail.energy_saved * price),
                           np.where(extra <= 0, 0.0, np.inf))
    missing = dict(now.missing)
    for name, bad in (("price", np.isnan(new_cost)), ("rewind_price", np.isnan(extra) & ~np.isnan(new_cost))):
        if bad.any():
            missing[name] = bad
    incomplete = np.zeros(new_cost.shape[0], dtype=bool)
    for mask in missing.values():
        incomplete |= mask
    limit = econ.payback_threshold_years
    decision = np.where(pb_now <= limit, "replace_now",
                        np.where(pb_fail <= limit, "replace_at_failure", "repair_at_failure"))
    decision = np.where(incomplete, "incomplete", decision)
    return MotorDecision(decision, np.where(incomplete, np.nan, pb_now),
                         np.where(incomplete, np.nan, pb_fail), missing)


def propose_rightsizing(rated_power_kw: ArrayLike, load_factor: ArrayLike,
                        load_below: float = RIGHTSIZE_LOAD_BELOW,
                        target_load: float = RIGHTSIZE_TARGET_LOAD) -> Floats:
    """Smaller standard rating for motors running below ``load_below``; NaN where not proposed.

    The proposal is the smallest GB 18613-2020 rating carrying today's shaft output at no more than
    ``target_load``.  Its savings: ``motor_savings`` with today's P·L and the threshold efficiency of
    the proposed rating; its price: the price table at the proposed rating.
    """
    p, load = np.asarray(rated_power_kw, dtype=float), np.asarray(load_factor, dtype=float)
    needed = p * load / target_load
    idx = np.searchsorted(STANDARD_RATINGS_KW, needed - 1e-9, side="left")
    ok = (load > 0) & (load < load_below) & (idx < STANDARD_RATINGS_KW.size)
    proposal = STANDARD_RATINGS_KW[np.minimum(idx, STANDARD_RATINGS_KW.size - 1)]
    return np.where(ok & (proposal < p), proposal, np.nan)


@dataclass
class Retrofit:
    """One optional measure per unit (VSD retrofit or right-sizing): savings, cost, economics."""

    savings: Savings
    investment_yuan: Floats
    price_source: NDArray[np.str_]
    appraisal: Appraisal


def _retrofit(s: Savings, cost: Floats, source: NDArray[np.str_], econ: Economics,
              years: ArrayLike | None) -> Retrofit:
    value, _ = annual_saving_yuan(s, econ)
    if np.isnan(cost).any():
        s.missing["price"] = np.isnan(cost)
    return Retrofit(s, cost, source, appraise(cost, value, econ, years))


def vsd_candidates(category: ArrayLike, old: Mapping[str, ArrayLike], flow_fraction: ArrayLike,
                   static_head_fraction: ArrayLike = 0.0, econ: Economics | None = None,
                   coeffs: Coefficients | None = None, prices: PriceTable | None = None,
                   quote_yuan: ArrayLike | None = None, years: ArrayLike | None = None) -> Retrofit:
    """Variable-speed-drive retrofit (技术改造) of pumps, fans and blowers with variable duty.

    Savings by ``vsd_savings`` (affinity laws, stated assumptions); price from the table's "vsd"
    rows per rated kW, or the quote.  Units of other categories or without a flow fraction are
    incomplete.
    """
    econ, prices = econ or Economics(), prices or PriceTable.default()
    cat = np.asarray(category, dtype=str)
    n = cat.shape[0]

    def field(name: str) -> Floats:
        return np.broadcast_to(np.asarray(old.get(name, np.nan), dtype=float), (n,))

    s = vsd_savings(field("rated_power_kw"), field("operating_hours_per_year"),
                    field("load_factor"), np.broadcast_to(np.asarray(flow_fraction, float), (n,)),
                    static_head_fraction, coeffs=coeffs)
    cost, source = prices.investment_yuan(cat, "vsd", old, quote_yuan)
    return _retrofit(s, cost, source, econ, years)


def rightsizing_candidates(category: ArrayLike, old: Mapping[str, ArrayLike],
                           proposed_kw: ArrayLike, efficiency_pct_new: ArrayLike,
                           level: str = "energy_saving", econ: Economics | None = None,
                           coeffs: Coefficients | None = None, prices: PriceTable | None = None,
                           quote_yuan: ArrayLike | None = None,
                           years: ArrayLike | None = None) -> Retrofit:
    """A smaller motor (from :func:`propose_rightsizing`) at ``level``: same shaft output P·L.

    ``efficiency_pct_new`` is the level threshold at the proposed rating (from the grader); the
    price is the table's price per kW at the proposed rating.  NaN proposals are incomplete.
    """
    econ, prices = econ or Economics(), prices or PriceTable.default()
    cat = np.asarray(category, dtype=str)
    n = cat.shape[0]
    kw = np.broadcast_to(np.asarray(old.get("rated_power_kw", np.nan), dtype=float), (n,))
    proposal = np.broadcast_to(np.asarray(proposed_kw, dtype=float), (n,))
    s = motor_savings(kw, old.get("operating_hours_per_year", np.nan), old.get("load_factor", np.nan),
                      old.get("efficiency_pct", np.nan), efficiency_pct_new, coeffs,
                      poles=old.get("poles"), new_rated_power_kw=proposal,
                      measured_input_kw=old.get("measured_input_kw"))
    if np.isnan(proposal).any():
        s.missing["proposed_kw"] = np.isnan(proposal)
        for name in ("energy_saved", "tce_saved", "tco2_saved"):
            setattr(s, name, np.where(np.isnan(proposal), np.nan, getattr(s, name)))
    cost, source = prices.investment_yuan(cat, level, {"rated_power_kw": proposal}, quote_yuan)
    return _retrofit(s, cost, source, econ, years)
