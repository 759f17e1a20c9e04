"""Price table (assumption-marked defaults, quotes, overrides) and per-unit replacement candidates."""

import numpy as np
import pytest

from equipinv.planning.candidates import (
    ACTIONS,
    REWIND_EFFICIENCY_LOSS_PCT_POINTS,
    build_candidates,
    motor_decisions,
    propose_rightsizing,
)
from equipinv.planning.coefficients import Economics
from equipinv.planning.economics import appraise
from equipinv.planning.prices import PriceTable
from equipinv.planning.savings import motor_savings, vsd_savings


def test_default_prices_are_marked_assumptions():
    table = PriceTable.default()
    assert table.entries, "price table is empty"
    assert all(e.status == "assumption" for e in table.entries.values())
    assert table.basis("transformer", "advanced") == "capacity_kva"
    assert table.basis("boiler", "energy_saving") == "capacity_t_h"


def test_investment_quote_wins_and_missing_is_nan():
    table = PriceTable.default()
    per_kw = table.entries[("motor", "advanced")].yuan_per_basis
    cost, source = table.investment_yuan(["motor", "motor", "chiller", "motor"], "advanced",
                                         {"rated_power_kw": [75.0, 30.0, 100.0, np.nan]},
                                         quote_yuan=[np.nan, 12345.0, np.nan, np.nan])
    assert cost[0] == pytest.approx(75 * per_kw)
    assert cost[1] == 12345.0 and source[1] == "quote"
    assert np.isnan(cost[2]) and source[2] == "missing"
    assert np.isnan(cost[3]) and source[3] == "missing"


def test_price_overrides_validated():
    table = PriceTable.default().with_overrides({"motor": {"advanced": 650}})
    assert table.entries[("motor", "advanced")].yuan_per_basis == 650
    with pytest.raises(ValueError, match="prices.motor.advanced"):
        PriceTable.default().with_overrides({"motor": {"advanced": -1}})
    with pytest.raises(ValueError, match="prices.chiller.advanced"):
        PriceTable.default().with_overrides({"chiller": {"advanced": 100}})


def test_candidates_use_level_thresholds_and_price_table():
    nan = np.nan
    old = {"rated_power_kw": [75.0, nan], "operating_hours_per_year": [6000.0, 6000.0],
           "load_factor": [0.8, 0.8], "efficiency_pct": [92.0, 90.0]}
    new = {"energy_saving": {"efficiency_pct": [94.5, 93.0]},
           "advanced": {"efficiency_pct": [95.8, 95.0]}}
    c = build_candidates(["motor", "motor"], old, new)
    assert ACTIONS == ("keep", "energy_saving", "advanced")
    assert c.investment_yuan[0, 0] == 0 and c.npv_yuan[0, 0] == 0
    price = PriceTable.default().entries[("motor", "energy_saving")].yuan_per_basis
    assert c.investment_yuan[0, 1] == pytest.approx(75 * price)
    kwh = motor_savings([75.0], [6000.0], [0.8], [92.0], [94.5]).energy_saved[0]
    assert c.energy_saved[0, 1] == pytest.approx(kwh) and kwh > 0
    expected = appraise([75 * price], [kwh * 0.65], Economics()).npv_yuan[0]
    assert c.npv_yuan[0, 1] == pytest.approx(expected)
    assert c.complete.tolist() == [[True, True, True], [True, False, False]]
    assert c.missing_fields(1, 2) == ["rated_power_kw", "price"]
    assert np.isnan(c.npv_yuan[1, 2])


def _decide(hours, new_price, rewind_price, threshold=3.0):
    econ = Economics().with_overrides({"payback_threshold_years": threshold})
    return motor_decisions([75.0], [hours], [0.8], [92.0], [95.0], [new_price], [rewind_price], econ)


def test_motor_three_decisions_by_payback():
    # the paybacks come from the part-load savings model: against the running motor, and against
    # the motor rewound (efficiency minus REWIND_EFFICIENCY_LOSS_PCT_POINTS)
    def saved(hours, eff):
        return motor_savings([75.0], [hours], [0.8], [eff], [95.0]).energy_saved[0] * 0.65

    d = _decide(6000, 20000, 10000)
    assert d.decision[0] == "replace_now"
    assert d.payback_now_years[0] == pytest.approx(20000 / saved(6000, 92.0), rel=1e-9)
    d = _decide(6000, 40000, 20000)  # 40000 / ~8600 = 4.6 y > 3; extra 20000 / saving vs rewound
    rewound = saved(6000, 92 - REWIND_EFFICIENCY_LOSS_PCT_POINTS)
    assert d.payback_at_failure_years[0] == pytest.approx(20000 / rewound, rel=1e-9)
    assert d.decision[0] == "replace_at_failure"
    d = _decide(2000, 40000, 10000)
    assert d.decision[0] == "repair_at_failure"
    d = motor_decisions([75.0], [6000.0], [0.8], [np.nan], [95.0], [40000.0], [10000.0])
    assert d.decision[0] == "incomplete" and "efficiency_pct" in d.missing


def test_rightsizing():
    # 75 kW at 30 % load carries 22.5 kW; at a 75 % target that needs 30 kW, a listed rating
    proposal = propose_rightsizing([75.0, 30.0, 100.0, 5.5], [0.3, 0.5, 0.2, np.nan])
    assert proposal[0] == 30.0
    assert np.isnan(proposal[1]) and np.isnan(proposal[3])
    assert proposal[2] == 30.0  # 20 kW / 0.75 = 26.7 kW -> next listed rating 30 kW


def test_vsd_and_rightsizing_candidates():
    from equipinv.planning.candidates import rightsizing_candidates, vsd_candidates

    old = {"rated_power_kw": [55.0, 55.0], "operating_hours_per_year": [6000.0, 6000.0],
           "load_factor": [0.9, 0.9]}
    r = vsd_candidates(["pump", "motor"], old, flow_fraction=[0.7, 0.7])
    kwh = vsd_savings([55.0], [6000.0], [0.9], [0.7]).energy_saved[0]
    assert r.savings.energy_saved[0] == pytest.approx(kwh)
    vsd_price = PriceTable.default().entries[("pump", "vsd")].yuan_per_basis
    assert r.investment_yuan[0] == pytest.approx(55 * vsd_price)
    assert r.appraisal.payback_years[0] == pytest.approx(55 * vsd_price / (kwh * 0.65))
    assert np.isnan(r.investment_yuan[1]) and "price" in r.savings.missing_fields(1)

    motors = {"rated_power_kw": [75.0, 30.0], "operating_hours_per_year": [6000.0, 6000.0],
              "load_factor": [0.3, 0.5], "efficiency_pct": [92.0, 90.0]}
    proposal = propose_rightsizing(motors["rated_power_kw"], motors["load_factor"])
    rs = rightsizing_candidates(["motor", "motor"], motors, proposal, [93.6, 93.0])
    es_price = PriceTable.default().entries[("motor", "energy_saving")].yuan_per_basis
    assert rs.investment_yuan[0] == pytest.approx(30 * es_price)
    # same shaft output 22.5 kW: the 75 kW motor at 30 % load against a 30 kW motor at 75 % load
    same = motor_savings([75.0], [6000.0], [0.3], [92.0], [93.6], new_rated_power_kw=[30.0])
    assert rs.savings.energy_saved[0] == pytest.approx(same.energy_saved[0])
    assert same.used["new.load_factor"][0] == pytest.approx(0.75)
    # right-sizing saves more than a same-size replacement of the lightly loaded motor
    assert same.energy_saved[0] > motor_savings([75.0], [6000.0], [0.3], [92.0], [93.6]).energy_saved[0]
    assert np.isnan(rs.savings.energy_saved[1]) and "proposed_kw" in rs.savings.missing_fields(1)


def test_boiler_in_mw_priced_per_equivalent_t_h():
    old = {"capacity_mw": [7.0], "thermal_efficiency_pct": [75.0], "operating_hours_per_year": [4000.0],
           "load_factor": [0.7], "fuel": ["coal"]}
    c = build_candidates(["boiler"], old, {"energy_saving": {"thermal_efficiency_pct": [85.0]}})
    per_t_h = PriceTable.default().entries[("boiler", "energy_saving")].yuan_per_basis
    assert c.investment_yuan[0, 1] == pytest.approx(7.0 / 0.7 * per_t_h)
    assert c.tce_saved[0, 1] == pytest.approx(377.657, abs=1e-3)
    assert "economics.fuel_price_yuan_per_unit" in c.missing_fields(0, 1)  # coal price not given
    assert "new.thermal_efficiency_pct" in c.missing_fields(0, 2)  # no advanced threshold passed


def test_negative_quote_rejected():
    with pytest.raises(ValueError, match=r"quote_yuan\[1\] = -5"):
        PriceTable.default().investment_yuan(["motor", "motor"], "advanced",
                                             {"rated_power_kw": [1.0, 2.0]}, quote_yuan=[np.nan, -5.0])
