"""Each savings model against a published figure or a hand-worked example; bad inputs refused, not guessed."""

import dataclasses

import numpy as np
import pytest

from equipinv.planning import motor_curves
from equipinv.planning.coefficients import Coefficients
from equipinv.planning.savings import (
    boiler_savings,
    compressor_savings,
    compute_savings,
    fuel_switch_savings,
    motor_savings,
    pump_fan_savings,
    transformer_savings,
    vehicle_savings,
    vsd_savings,
)


def test_motor_part_load_matches_measur_at_75_and_35_percent_load():
    # issue #20: US DOE MEASUR (AMO-Tools-Suite MotorEfficiency::calculate) on a 75 kW 4-pole motor,
    # 91.0 -> 95.6 %, 6000 h: 18,948 kWh/yr at 75 % load, about 11,700-12,200 kWh/yr at 35 % load
    s = motor_savings([75.0, 75.0], [6000.0, 6000.0], [0.75, 0.35], [91.0, 91.0], [95.6, 95.6], poles=[4, 4])
    assert s.energy_saved[0] == pytest.approx(18948, rel=0.01)
    assert 11700 * 0.99 <= s.energy_saved[1] <= 12200 * 1.01
    # the full-load-efficiency formula (the old model) undervalues the lightly loaded motor by ~30 %
    assert s.energy_saved[1] > 1.3 * 75 * 6000 * 0.35 * (100 / 91 - 100 / 95.6)
    assert s.used["efficiency_pct_at_load"][1] < 91.0 < s.used["efficiency_pct_at_load"][0] + 0.2
    assert s.tce_saved[0] == pytest.approx(s.energy_saved[0] * 0.1229 / 1000, rel=1e-9)
    assert s.tco2_saved[0] == pytest.approx(s.energy_saved[0] * 0.5306 / 1000, rel=1e-9)
    assert s.energy_before[0] - s.energy_after[0] == pytest.approx(s.energy_saved[0])
    assert s.complete.all()


def test_measured_input_power_replaces_the_model():
    # a measured 48.0 kW input on the 91 % motor: energy before is the measurement itself
    s = motor_savings([75.0], [6000.0], [np.nan], [91.0], [95.6], measured_input_kw=[48.0])
    assert s.energy_before[0] == pytest.approx(48.0 * 6000)
    load = s.used["load_factor"][0]
    assert 75 * load / (s.used["efficiency_pct_at_load"][0] / 100) == pytest.approx(48.0, rel=1e-6)
    assert s.used["input_measured"][0] == 1.0 and s.complete[0]


def test_measured_input_power_of_a_pump_set_and_a_compressor():
    # pump set on a 45 kW motor measured at 35.0 kW: before is the measurement; the load it implies is what
    # the motor curve gives for 35.0 kW, and the better pump needs that shaft power x 65/80
    s = pump_fan_savings([45.0, 45.0], [6000.0] * 2, [np.nan, 0.7], [65.0] * 2, [80.0] * 2, poles=[4, 4],
                         measured_input_kw=[35.0, np.nan])
    assert s.energy_before[0] == pytest.approx(35.0 * 6000) and s.used["input_measured"].tolist() == [1.0, 0.0]
    load = s.used["load_factor"][0]
    assert 45 * load / (s.used["motor_efficiency_pct_at_load"][0] / 100) == pytest.approx(35.0, rel=1e-6)
    assert s.used["new.load_factor"][0] == pytest.approx(load * 65 / 80) and s.complete.all()
    # the unmeasured row is the nameplate model, unchanged by the other row's measurement
    alone = pump_fan_savings([45.0], [6000.0], [0.7], [65.0], [80.0], poles=[4])
    assert s.energy_saved[1] == pytest.approx(alone.energy_saved[0])
    # a measured input above what the motor draws at 125 % load is refused on that field, not valued
    over = pump_fan_savings([45.0], [6000.0], [np.nan], [65.0], [80.0], measured_input_kw=[90.0])
    assert over.missing_fields(0) == ["measured_input_kw"] and np.isnan(over.energy_saved[0])
    # compressor: the measured average input replaces SP·Q·share; the new unit is valued at the demand
    c = compressor_savings([20.0], [7.5], [6.2], [6000.0], [0.4], measured_input_kw=[95.0])
    assert c.energy_before[0] == pytest.approx(95.0 * 6000)
    assert c.energy_after[0] == pytest.approx(6.2 * 20 * 6000 * (0.4 + 0.6 * 0.25))
    # the ledger dispatch passes the measurement to both models
    d = compute_savings(["pump", "air_compressor"], {
        "rated_power_kw": [45.0, np.nan], "operating_hours_per_year": [6000.0] * 2, "load_factor": [np.nan, 0.4],
        "efficiency_pct": [65.0, np.nan], "poles": [4.0, np.nan], "flow_m3_min": [np.nan, 20.0],
        "specific_power_kw_per_m3_min": [np.nan, 7.5], "measured_input_kw": [35.0, 95.0]},
        {"efficiency_pct": [80.0, np.nan], "specific_power_kw_per_m3_min": [np.nan, 6.2]})
    assert d.energy_saved.tolist() == pytest.approx([s.energy_saved[0], c.energy_saved[0]])


def test_out_of_range_inputs_are_refused_not_valued():
    s = motor_savings([75.0] * 4, [6000.0] * 4, [1.3, -0.1, 0.8, 0.8], [91.0, 91.0, 101.0, 91.0],
                      [95.6, 95.6, 95.6, 100.5])
    assert s.missing_fields(0) == ["load_factor"] and s.missing_fields(1) == ["load_factor"]
    assert s.missing_fields(2) == ["efficiency_pct"] and s.missing_fields(3) == ["new.efficiency_pct"]
    assert np.isnan(s.energy_saved).all() and np.isnan(s.tce_saved).all()
    # 100 % at full load would put the part-load curve above 100 %: refused, not valued
    perfect = motor_savings([5.0], [6000.0], [0.75], [91.0], [100.0])
    assert perfect.missing_fields(0) == ["new.efficiency_pct"] and np.isnan(perfect.energy_saved[0])


def test_transformer_hand_example():
    # P0 1000 -> 600 W over 8760 h: 3504 kWh; Pk 10000 -> 8000 W, beta 0.5: 2000*0.25*8760 = 4380
    s = transformer_savings([1000.0], [600.0], [10000.0], [8000.0], [0.5], [8760.0])
    assert s.energy_saved[0] == pytest.approx(3504 + 4380)
    assert s.energy_before[0] == pytest.approx((1000 * 8760 + 10000 * 0.25 * 8760) / 1000)


def test_pump_with_its_motor_matches_the_issue_example():
    # issue #20: 200 m3/h, 40 m, 65 -> 80 %, 45 kW motor, 6000 h: 40,129 kWh/yr with the motor modelled
    # (37,718 without).  Shaft power 1000*9.81*200/3600*40/0.65 = 33.53 kW -> load 33.53/45.
    shaft = 1000 * 9.80665 * 200 / 3600 * 40 / 0.65 / 1000
    s = pump_fan_savings([45.0], [6000.0], [shaft / 45.0], [65.0], [80.0], poles=[4])
    assert s.energy_saved[0] == pytest.approx(40129, rel=0.05)
    assert s.energy_saved[0] > shaft * 6000 * (1 - 65 / 80)  # the motor's losses are saved too
    assert s.used["new.load_factor"][0] == pytest.approx(shaft / 45.0 * 65 / 80)


def test_compressor_load_unload_and_modulation_at_40_percent_demand():
    # (7.5 - 6.2) kW/(m3/min) * 20 m3/min * 6000 h = 156,000 kWh at full load all year;
    # load/unload at 40 %: share 0.4 + 0.6 * 0.25 = 0.55 -> 85,800; modulation: 0.7 + 0.3 * 0.4 = 0.82
    s = compressor_savings([20.0, 20.0, 20.0], [7.5] * 3, [6.2] * 3, [6000.0] * 3, [0.4] * 3,
                           control=["load_unload", "modulation", "start_stop"])
    assert s.energy_saved.tolist() == pytest.approx([85800.0, 127920.0, 62400.0])
    assert s.used["power_share"].tolist() == pytest.approx([0.55, 0.82, 0.4])
    # replacing a modulating unit by a variable-speed one at the same specific power still saves
    vsd = compressor_savings([20.0], [7.5], [7.5], [6000.0], [0.4], control="modulation", new_control="vsd")
    assert vsd.energy_saved[0] == pytest.approx(7.5 * 20 * 6000 * (0.82 - 0.4))
    bad = compressor_savings([20.0], [7.5], [6.2], [6000.0], [0.4], control="throttle")
    assert bad.missing_fields(0) == ["compressor_control"]


def test_boiler_hand_example_coal_with_co2():
    # 7 MW * 0.7 * 4000 h = 19600 MWh = 70,560,000 MJ heat; fuel saved
    # 70.56e6 * (100/75 - 100/85) = 11,068,235.3 MJ = 377.657 tce (29307.6 kJ/kgce)
    # = 528,709.9 kg raw coal (0.7143 kgce/kg) * 20.908 MJ/kg * 0.02618 kgC/MJ * 0.93 * 44/12 kg CO2/kg
    s = boiler_savings([7.0], [75.0], [85.0], [4000.0], [0.7], ["coal"])
    mj = 70.56e6 * (100 / 75 - 100 / 85)
    assert s.tce_saved[0] == pytest.approx(mj / 29307.6, rel=1e-9)
    assert s.tce_saved[0] == pytest.approx(377.657, abs=1e-3)
    assert s.energy_saved[0] == pytest.approx(377657.5 / 0.7143, rel=1e-5)
    assert s.energy_unit[0] == "kg"
    assert s.tco2_saved[0] == pytest.approx(s.energy_saved[0] * 20.908 * 0.02618 * 0.93 * 44 / 12 / 1000)
    assert s.complete[0]


def test_boiler_gas_and_coke_oven_gas_have_factors():
    s = boiler_savings([7.0, 7.0], [75.0, 75.0], [85.0, 85.0], [4000.0] * 2, [0.7] * 2, ["gas", "coke_oven_gas"])
    assert s.tce_saved.tolist() == pytest.approx([377.657, 377.657], abs=1e-3)
    mj = 70.56e6 * (100 / 75 - 100 / 85)
    assert s.energy_saved.tolist() == pytest.approx([mj / 38.931, mj / 17.3854], rel=1e-9)
    assert s.tco2_saved[0] == pytest.approx(mj * 0.0153 * 0.99 * 44 / 12 / 1000, rel=1e-9)
    assert s.complete.all()
    supplied = Coefficients().with_overrides({"fuel_kgce_per_unit": {"gas": 1.2}})
    s2 = boiler_savings([7.0], [75.0], [85.0], [4000.0], [0.7], ["gas"], supplied)
    assert s2.energy_saved[0] == pytest.approx(377657.5 / 1.2, rel=1e-5)
    unsourced = boiler_savings([7.0], [75.0], [85.0], [4000.0], [0.7], ["biomass"])
    # biomass: 0 tCO2 by GB/T 32150's rule (not a missing factor); the kg burnt needs its heat value (missing)
    assert unsourced.tco2_saved[0] == 0.0 and np.isnan(unsourced.energy_saved[0])
    assert unsourced.missing_fields(0) == ["coefficients.fuel_kgce_per_unit.biomass"]


def test_fuel_switch_is_valued_on_both_fuels():
    # 70.56e6 MJ of heat a year: coal boiler at 75 % -> gas boiler at 92 %
    heat = 70.56e6
    sw = fuel_switch_savings([heat], [75.0], ["coal"], [92.0], ["gas"])
    coal_kg = heat / 0.75 / 29.3076 / 0.7143
    gas_m3 = heat / 0.92 / 38.931
    assert sw.old.energy_saved[0] == pytest.approx(coal_kg, rel=1e-9) and sw.old.energy_unit[0] == "kg"
    assert sw.new.energy_saved[0] == pytest.approx(gas_m3, rel=1e-9) and sw.new.energy_unit[0] == "m3"
    assert sw.tce_saved[0] == pytest.approx(heat / 29307.6 * (1 / 0.75 - 1 / 0.92), rel=1e-9)
    coal_co2 = coal_kg * 20.908 * 0.02618 * 0.93 * 44 / 12 / 1000
    gas_co2 = heat / 0.92 * 0.0153 * 0.99 * 44 / 12 / 1000
    assert sw.tco2_saved[0] == pytest.approx(coal_co2 - gas_co2, rel=1e-9) and sw.tco2_saved[0] > 0
    assert sw.yuan_saved([0.9], [3.2])[0] == pytest.approx(coal_kg * 0.9 - gas_m3 * 3.2)
    # coal -> electric boiler at 98 %: kWh, tce by the equivalent value, CO2 by the grid factor
    el = fuel_switch_savings([heat], [75.0], ["coal"], [98.0], ["electric"])
    assert el.new.energy_saved[0] == pytest.approx(heat / 0.98 / 3.6)
    assert el.new.tco2_saved[0] == pytest.approx(heat / 0.98 / 3.6 * 0.5306 / 1000)
    # to a heat network: purchased heat at 0.03412 kgce/MJ and the 0.11 kgCO2/MJ default, both sides valued
    net = fuel_switch_savings([heat], [75.0], ["coal"], [100.0], ["heat"])
    # (the amount in MJ goes through the rounded 0.03412 kgce/MJ, hence 2.5e-5 off the heat itself)
    assert net.new.energy_saved[0] == pytest.approx(heat, rel=1e-4) and net.new.energy_unit[0] == "MJ"
    assert net.new.tco2_saved[0] == pytest.approx(net.new.energy_saved[0] * 0.11 / 1000, rel=1e-12)
    assert net.tco2_saved[0] == pytest.approx(coal_co2 - net.new.energy_saved[0] * 0.11 / 1000, rel=1e-9)
    assert net.tce_saved[0] == pytest.approx(heat / 29307.6 * (1 / 0.75 - 1), rel=1e-9)
    # to biomass: its CO2 counts 0 in the total (GB/T 32150-2015), so the coal's CO2 is all saved; its
    # heat value is not sourced, so the kg of biomass burnt is missing, never zero
    bio = fuel_switch_savings([heat], [75.0], ["coal"], [85.0], ["biomass"])
    assert bio.tco2_saved[0] == pytest.approx(coal_co2, rel=1e-9)
    assert np.isnan(bio.new.energy_saved[0]) and "new.coefficients.fuel_kgce_per_unit.biomass" in bio.missing


def test_vehicle_hand_example():
    # diesel 30 -> 25 L/100 km over 50,000 km = 2500 L; electric 20 -> 15 kWh/100 km * 60,000 = 3000
    s = vehicle_savings([30.0, 20.0], [25.0, 15.0], [50000.0, 60000.0], ["diesel", "electric"])
    assert s.energy_saved.tolist() == pytest.approx([2500.0, 3000.0])
    assert s.energy_unit.tolist() == ["L", "kWh"]
    assert s.tce_saved[0] == pytest.approx(2500 * 43.33 * 0.83 / 29307.6)  # per kg × 0.83 kg/L
    assert s.tco2_saved[0] == pytest.approx(2500 * 43.33 * 0.83 * 0.0202 * 0.98 * 44 / 12 / 1000)
    assert not s.missing_fields(0)
    assert s.tce_saved[1] == pytest.approx(3000 * 0.1229 / 1000)


def test_vsd_counts_motor_and_drive_losses_at_reduced_speed():
    # 55 kW pump throttled at load 0.9, average flow 0.7, 30 % static head:
    # VSD shaft load 0.7 * (0.3 + 0.7 * 0.49) = 0.4501; electrical input from the motor curve / 0.97
    s = vsd_savings([55.0], [6000.0], [0.9], [0.7], 0.3, poles=[4])
    curve = motor_curves.load_points([55.0], [4])
    before = 55 * 6000 * motor_curves.input_per_rated(curve, [0.9])[0]
    after = 55 * 6000 * motor_curves.input_per_rated(curve, [0.4501])[0] / 0.97
    assert s.energy_saved[0] == pytest.approx(before - after)
    assert s.used["new.load_factor"][0] == pytest.approx(0.4501)
    # the motor is less efficient at the lower load, so the saving is below the shaft-power saving
    assert s.energy_saved[0] < 55 * 6000 * (0.9 - 0.4501 / 0.97) / (s.used["motor_efficiency_pct_at_load"][0] / 100)


def test_missing_input_is_incomplete_with_field_names():
    s = motor_savings([75.0, np.nan], [6000.0, 6000.0], [0.8, 0.8], [92.0, 92.0], [95.0, np.nan])
    assert s.complete.tolist() == [True, False]
    assert np.isnan(s.energy_saved[1]) and np.isnan(s.tce_saved[1]) and np.isnan(s.tco2_saved[1])
    assert s.missing_fields(1) == ["rated_power_kw", "new.efficiency_pct"]


def test_equal_value_basis():
    c = Coefficients().with_overrides({"electricity_basis": "equal"})
    s = pump_fan_savings([30.0], [6000.0], [0.8], [70.0], [80.0], c)
    assert s.tce_saved[0] == pytest.approx(s.energy_saved[0] * 0.3007 / 1000)
    missing = motor_savings([75.0], [6000.0], [0.8], [92.0], [95.0],
                            dataclasses.replace(c, kgce_per_kwh_equal_value=None))
    assert missing.missing_fields(0) == ["coefficients.kgce_per_kwh_equal_value"]


def test_blower_is_valued_by_its_polytropic_efficiency():
    # issue #14: the grader measures blowers by polytropic_efficiency_pct; the savings model must too
    old = {"rated_power_kw": [250.0], "operating_hours_per_year": [7000.0], "load_factor": [0.8],
           "polytropic_efficiency_pct": [62.0]}
    s = compute_savings(["blower"], old, {"polytropic_efficiency_pct": [78.0]})
    assert s.complete[0], s.missing_fields(0)
    direct = pump_fan_savings([250.0], [7000.0], [0.8], [62.0], [78.0])
    assert s.energy_saved[0] == pytest.approx(direct.energy_saved[0]) and s.energy_saved[0] > 0


def test_dispatch_matches_direct_models():
    nan = np.nan
    old = {
        "rated_power_kw": [75, 30, nan, nan, nan],
        "poles": [4, 2, nan, nan, nan],
        "operating_hours_per_year": [6000, 6000, 8760, 6000, 3000],
        "load_factor": [0.8, 0.8, 0.5, 0.8, 0.5],
        "efficiency_pct": [92, 70, nan, nan, nan],
        "no_load_loss_w": [nan, nan, 1000, nan, nan],
        "load_loss_w": [nan, nan, 10000, nan, nan],
        "flow_m3_min": [nan, nan, nan, 20, nan],
        "specific_power_kw_per_m3_min": [nan, nan, nan, 7.5, nan],
    }
    new = {
        "efficiency_pct": [95, 80, nan, nan, nan],
        "no_load_loss_w": [nan, nan, 600, nan, nan],
        "load_loss_w": [nan, nan, 8000, nan, nan],
        "specific_power_kw_per_m3_min": [nan, nan, nan, 6.2, nan],
    }
    s = compute_savings(["motor", "pump", "transformer", "air_compressor", "chiller"], old, new)
    expected = [motor_savings([75.0], [6000.0], [0.8], [92.0], [95.0], poles=[4]).energy_saved[0],
                pump_fan_savings([30.0], [6000.0], [0.8], [70.0], [80.0], poles=[2]).energy_saved[0],
                7884.0, compressor_savings([20.0], [7.5], [6.2], [6000.0], [0.8]).energy_saved[0]]
    assert s.energy_saved[:4] == pytest.approx(expected, rel=1e-9)
    assert s.complete.tolist() == [True, True, True, True, False]
    assert s.missing_fields(4) == ["savings_model"]
    assert np.isnan(s.energy_saved[4])


def test_dispatch_boiler_from_t_h():
    s = compute_savings(["boiler"], {"capacity_t_h": [10.0], "thermal_efficiency_pct": [75.0],
                                     "operating_hours_per_year": [4000.0], "load_factor": [0.7],
                                     "fuel": ["coal"]},
                        {"thermal_efficiency_pct": [85.0]})
    assert s.tce_saved[0] == pytest.approx(377.657, abs=1e-3)  # 10 t/h * 0.7 MW per t/h = 7 MW


def test_array_path_equals_unit_by_unit():
    """The dispatcher over a mixed ledger gives each unit what its own model gives it alone."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    unit = st.tuples(st.sampled_from(["motor", "pump", "air_compressor"]),
                     st.floats(1, 500), st.floats(100, 8760), st.floats(0.1, 1.0),
                     st.floats(60, 96), st.floats(60, 97), st.booleans())

    @settings(max_examples=40, deadline=None)
    @given(st.lists(unit, min_size=1, max_size=12))
    def check(units):
        cats = [u[0] for u in units]
        old = {"rated_power_kw": [u[1] if u[6] else np.nan for u in units],
               "flow_m3_min": [u[1] for u in units],
               "operating_hours_per_year": [u[2] for u in units],
               "load_factor": [u[3] for u in units],
               "efficiency_pct": [u[4] for u in units],
               "specific_power_kw_per_m3_min": [u[4] / 10 for u in units]}
        new = {"efficiency_pct": [u[5] for u in units],
               "specific_power_kw_per_m3_min": [u[5] / 10 for u in units]}
        together = compute_savings(cats, old, new)
        for i, cat in enumerate(cats):
            alone = compute_savings([cat], {k: [v[i]] for k, v in old.items()},
                                    {k: [v[i]] for k, v in new.items()})
            np.testing.assert_allclose(together.energy_saved[i], alone.energy_saved[0])
            np.testing.assert_allclose(together.tce_saved[i], alone.tce_saved[0])
            assert together.missing_fields(i) == alone.missing_fields(0)

    check()
