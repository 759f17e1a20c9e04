"""Numerical planning core: savings, candidates, economics, ranking and the multi-year schedule.

Pure numpy / scipy, no database: the caller (cli, planner) builds numpy arrays from the ledger, the
grader (``efficiency_tables.level_requirement``) and the catalogue findings, and passes them in.
Missing values are NaN in float arrays; nothing here fills a gap with a guess.

Parameters (``coefficients``)
    ``Coefficients()`` / ``Economics()`` — frozen defaults, each with its source in ``SOURCES``;
    ``.with_overrides(mapping) -> same type`` validates (ValueError, Chinese + English, naming the
    key and value).  ``MISSING`` lists the values nobody could source (biomass's heat value);
    ``Coefficients.fuel_factor("kgce" | "kgco2", fuel)``.  Fuel facts
    with their sources: ``fuels.fuels()`` from ``data/fuel_factors.toml``.  ``TAX_CREDIT_SHARE_STATUTE = 0.10``.

Savings (``savings``; each returns ``Savings(energy_saved, energy_unit, carrier, tce_saved,
tco2_saved, missing, energy_before, energy_after, used)`` with ``.complete``, ``.kwh_saved``,
``.missing_fields(i)``; motors and the motor in every pump, fan and blower at their part-load
efficiency from ``motor_curves`` (US DOE MEASUR curves, ``data/motor_part_load_measur.toml``))
    ``compute_savings(category, old: Mapping[str, array], new: Mapping[str, array], coeffs=None)``
    ``motor_savings(rated_power_kw, operating_hours_per_year, load_factor, efficiency_pct_old,
    efficiency_pct_new, coeffs=None, *, poles=None, new_rated_power_kw=None, measured_input_kw=None)``
    ``transformer_savings(no_load_loss_w_old, no_load_loss_w_new, load_loss_w_old, load_loss_w_new,
    load_factor, operating_hours_per_year, hours_loaded=None, coeffs=None)``
    ``pump_fan_savings(rated_power_kw, operating_hours_per_year, load_factor, efficiency_pct_old,
    efficiency_pct_new, coeffs=None, *, poles=None, motor_efficiency_pct=None,
    new_motor_efficiency_pct=None)``
    ``compressor_savings(flow_m3_min, specific_power_old, specific_power_new,
    operating_hours_per_year, load_factor, coeffs=None, *, control="load_unload", new_control=None)``
    ``boiler_savings(capacity_mw, thermal_efficiency_pct_old, thermal_efficiency_pct_new,
    operating_hours_per_year, load_factor, fuel, coeffs=None)``
    ``fuel_switch_savings(heat_output_mj_per_year, efficiency_pct_old, fuel_old, efficiency_pct_new,
    fuel_new, coeffs=None) -> FuelSwitch(old, new)`` with ``.tce_saved``, ``.tco2_saved``,
    ``.missing``, ``.yuan_saved(price_old, price_new)``: a supply moved to another fuel (coal → gas,
    electric, heat network), valued on both fuels.
    ``vehicle_savings(fuel_per_100km_old, fuel_per_100km_new, annual_distance_km, fuel, coeffs=None)``
    ``vsd_savings(rated_power_kw, operating_hours_per_year, load_factor, flow_fraction,
    static_head_fraction=0.0, drive_efficiency=0.97, coeffs=None, *, poles=None,
    motor_efficiency_pct=None)``
    One unit with its assumptions and sources: ``calculator.evaluate(category, old, new, coeffs=None)``
    (the ``savings`` command).

Prices (``prices``): ``PriceTable.default()``, ``.with_overrides({category: {action: yuan}})``,
    ``.investment_yuan(category, action, sizes, quote_yuan=None) -> (yuan, source)``;
    defaults in ``data/prices.toml`` are all marked assumptions.

Candidates (``candidates``; columns follow ``ACTIONS = ("keep", "energy_saving", "advanced")``)
    ``build_candidates(category, old, new_by_level, econ=None, coeffs=None, prices=None,
    quote_yuan=None, residual_value_yuan=0.0, years=None) -> Candidates`` with (n, 3) arrays
    investment_yuan, energy_saved, tce_saved, tco2_saved, annual_saving_yuan, npv_yuan,
    payback_years, complete and ``missing_fields(unit, action)``.
    ``motor_decisions(rated_power_kw, operating_hours_per_year, load_factor, efficiency_pct,
    efficiency_pct_new, new_motor_yuan, rewind_yuan, econ=None, coeffs=None,
    rewind_loss_pct_points=0.5, residual_value_yuan=0.0) -> MotorDecision`` (replace_now /
    replace_at_failure / repair_at_failure / incomplete).
    ``propose_rightsizing(rated_power_kw, load_factor, load_below=0.4, target_load=0.75)``;
    ``rightsizing_candidates(category, old, proposed_kw, efficiency_pct_new,
    level="energy_saving", econ=None, coeffs=None, prices=None, quote_yuan=None, years=None)`` and
    ``vsd_candidates(category, old, flow_fraction, static_head_fraction=0.0, econ=None,
    coeffs=None, prices=None, quote_yuan=None, years=None)`` -> ``Retrofit(savings,
    investment_yuan, price_source, appraisal)``.

Economics (``economics``): ``annuity_factor(rate, years)``, ``simple_payback_years(investment,
    annual_saving)``, ``npv(investment, annual_saving, rate, years, residual_value_yuan=0)``,
    ``irr(investment, annual_saving, years, residual_value_yuan=0)``, ``npv_cashflows(cf, rate)``,
    ``irr_cashflows(cf)``, ``equivalent_annual_cost(investment, rate, years,
    annual_operating_cost_yuan=0, residual_value_yuan=0)``, ``support_value(investment, econ)``,
    ``appraise(investment, annual_saving, econ, years=None, residual_value_yuan=0) -> Appraisal``,
    ``annual_saving_yuan(savings, econ) -> (yuan, no_price_mask)``.

Ranking (``ranking``): ``economic_score(kind, npv_yuan, investment_yuan, tce_saved,
    payback_years)`` with kind in ``SCORES``; ``rank_units(*, mandatory, deadline_year, safety,
    graded, score, score_kind="npv_per_yuan", mandatory_basis=None, safety_basis=None) -> Ranking``
    (order, tier, rank, score, reasons; ungraded → "未分级，未参与经济排序").

Schedule (``optimiser``): ``plan_schedule(value, cost, years, budget_yuan, *, current_year,
    mandatory=None, deadline_year=None, allowed=None, discount_rate=0.0, targets=(),
    method="auto", time_limit_s=30.0, mip_rel_gap=1e-3, milp_max_units=50_000) -> Schedule``;
    value/cost are (n, K) with column 0 = keep (use ``Candidates.npv_yuan`` / ``investment_yuan``,
    or tce for a tce objective); ``PolicyTarget(year, share, units, already_met, actions=(1, 2))``;
    raises ``InfeasiblePlanError`` (``.shortfall_yuan_by_year``) and ValueError for a past year.
    ``tce_objective(annual_tce_saved, years, horizon_end_year)`` builds (n, K, Y) values for the
    tce objective.  ``Schedule``: action (column per unit, 0 = keep), year (0 when kept),
    objective, bound, gap, method (milp | greedy), status, years, budget_yuan, spend_yuan,
    binding_budget_years, binding_targets, seconds.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from equipinv.planning.candidates import (
        ACTIONS,
        Candidates,
        MotorDecision,
        Retrofit,
        build_candidates,
        motor_decisions,
        propose_rightsizing,
        rightsizing_candidates,
        vsd_candidates,
    )
    from equipinv.planning.coefficients import Coefficients, Economics
    from equipinv.planning.economics import appraise, irr, npv
    from equipinv.planning.optimiser import (
        InfeasiblePlanError,
        PolicyTarget,
        Schedule,
        plan_schedule,
        tce_objective,
    )
    from equipinv.planning.prices import PriceTable
    from equipinv.planning.ranking import Ranking, economic_score, rank_units
    from equipinv.planning.savings import FuelSwitch, Savings, compute_savings, fuel_switch_savings

# The names above are imported on first use (PEP 562): reading the coefficients (the configuration, every
# command, the TUI's first screen) must not import scipy.optimize through the schedule's module.
_HOMES = {
    **dict.fromkeys(("ACTIONS", "Candidates", "MotorDecision", "Retrofit", "build_candidates", "motor_decisions",
                     "propose_rightsizing", "rightsizing_candidates", "vsd_candidates"), "candidates"),
    **dict.fromkeys(("Coefficients", "Economics"), "coefficients"),
    **dict.fromkeys(("appraise", "irr", "npv"), "economics"),
    **dict.fromkeys(("InfeasiblePlanError", "PolicyTarget", "Schedule", "plan_schedule", "tce_objective"),
                    "optimiser"),
    "PriceTable": "prices",
    **dict.fromkeys(("Ranking", "economic_score", "rank_units"), "ranking"),
    **dict.fromkeys(("FuelSwitch", "Savings", "compute_savings", "fuel_switch_savings"), "savings"),
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{home}"), name)


#: Version of the planning models, recorded with every stored result.
MODEL_VERSION = "planning-2"  # 2: part-load motor curves, fuel factors, compressor control

__all__ = [
    "ACTIONS",
    "MODEL_VERSION",
    "Candidates",
    "Coefficients",
    "Economics",
    "FuelSwitch",
    "InfeasiblePlanError",
    "MotorDecision",
    "PolicyTarget",
    "PriceTable",
    "Ranking",
    "Retrofit",
    "Savings",
    "Schedule",
    "appraise",
    "build_candidates",
    "compute_savings",
    "economic_score",
    "fuel_switch_savings",
    "irr",
    "motor_decisions",
    "npv",
    "plan_schedule",
    "propose_rightsizing",
    "rank_units",
    "rightsizing_candidates",
    "tce_objective",
    "vsd_candidates",
]
