"""Each savings formula against a hand-worked example, and missing inputs reported, not guessed."""

import numpy as np
import pytest

from equipinv.planning.coefficients import Coefficients
from equipinv.planning.savings import (
    boiler_savings,
    compressor_savings,
    compute_savings,
    motor_savings,
    pump_fan_savings,
    transformer_savings,
    vehicle_savings,
    vsd_savings,
)


def test_motor_hand_example():
    # 75 kW, 6000 h, load 0.8, 92 % -> 95 %:
    # 75*6000*0.8 = 360000 kWh shaft; *(100/92 - 100/95) = *0.0343249 = 12356.98 kWh
    s = motor_savings([75.0], [6000.0], [0.8], [92.0], [95.0])
    assert s.energy_saved[0] == pytest.approx(12356.98, abs=0.01)
    assert s.energy_unit[0] == "kWh"
    assert s.tce_saved[0] == pytest.approx(12356.98 * 0.1229 / 1000, rel=1e-6)  # 1.5187 tce
    assert s.tco2_saved[0] == pytest.approx(12356.98 * 0.5306 / 1000, rel=1e-6)  # 6.5566 t
    assert s.complete[0]


def test_transformer_hand_example():
    # P0 1000 -> 600 W over 8760 h: 3504 kWh; Pk 10000 -> 8000 W, beta 0.5: 2000*0.25*8760 = 4380
    s = transformer_savings([1000.0], [600.0], [10000.0], [8000.0], [0.5], [8760.0])
    assert s.energy_saved[0] == pytest.approx(3504 + 4380)


def test_pump_hand_example():
    # 30 kW * 0.8 * 6000 h = 144000 kWh today; * (1 - 70/80) = 18000 kWh
    s = pump_fan_savings([30.0], [6000.0], [0.8], [70.0], [80.0])
    assert s.energy_saved[0] == pytest.approx(18000.0)


def test_compressor_hand_example():
    # (7.5 - 6.2) kW/(m3/min) * 20 m3/min * 0.8 * 6000 h = 124800 kWh
    s = compressor_savings([20.0], [7.5], [6.2], [6000.0], [0.8])
    assert s.energy_saved[0] == pytest.approx(124800.0)


def test_boiler_hand_example_coal():
    # 7 MW * 0.7 * 4000 h = 19600 MWh = 70,560,000 MJ heat; fuel saved
    # 70.56e6 * (100/75 - 100/85) = 11,068,235.3 MJ = 377.657 tce (29307.6 kJ/kgce)
    # = 528,709.9 kg raw coal (0.7143 kgce/kg); CO2 factor of coal not sourced -> missing
    s = boiler_savings([7.0], [75.0], [85.0], [4000.0], [0.7], ["coal"])
    mj = 70.56e6 * (100 / 75 - 100 / 85)
    assert s.tce_saved[0] == pytest.approx(mj / 29307.6, rel=1e-9)
    assert s.tce_saved[0] == pytest.approx(377.657, abs=1e-3)
    assert s.energy_saved[0] == pytest.approx(377657.5 / 0.7143, rel=1e-5)
    assert s.energy_unit[0] == "kg"
    assert np.isnan(s.tco2_saved[0])
    assert s.missing_fields(0) == ["coefficients.fuel_kgco2_per_unit.coal"]


def test_boiler_gas_without_coefficient_keeps_tce_flags_fuel_amount():
    s = boiler_savings([7.0], [75.0], [85.0], [4000.0], [0.7], ["gas"])
    assert s.tce_saved[0] == pytest.approx(377.657, abs=1e-3)
    assert np.isnan(s.energy_saved[0])
    assert "coefficients.fuel_kgce_per_unit.gas" in s.missing_fields(0)
    supplied = Coefficients().with_overrides({"fuel_kgce_per_unit": {"gas": 1.2}})
    s2 = boiler_savings([7.0], [75.0], [85.0], [4000.0], [0.7], ["gas"], supplied)
    assert s2.energy_saved[0] == pytest.approx(377657.5 / 1.2, rel=1e-5)


def test_vehicle_hand_example():
    # diesel 30 -> 25 L/100 km over 50,000 km = 2500 L; electric 20 -> 15 kWh/100 km * 60,000 = 3000
    s = vehicle_savings([30.0, 20.0], [25.0, 15.0], [50000.0, 60000.0], ["diesel", "electric"])
    assert s.energy_saved.tolist() == pytest.approx([2500.0, 3000.0])
    assert s.energy_unit.tolist() == ["L", "kWh"]
    assert np.isnan(s.tce_saved[0]) and "coefficients.fuel_kgce_per_unit.diesel" in s.missing_fields(0)
    assert s.tce_saved[1] == pytest.approx(3000 * 0.1229 / 1000)


def test_vsd_hand_example():
    # 55 kW throttled at load 0.9 (49.5 kW), average flow 0.7, friction only:
    # VSD power = 55 * 0.7 * 0.49 / 0.97 = 19.4485 kW; (49.5 - 19.4485) * 6000 h = 180,309 kWh
    s = vsd_savings([55.0], [6000.0], [0.9], [0.7])
    assert s.energy_saved[0] == pytest.approx((49.5 - 55 * 0.7 * 0.49 / 0.97) * 6000)


def test_missing_input_is_incomplete_with_field_names():
    s = motor_savings([75.0, np.nan], [6000.0, 6000.0], [0.8, 0.8], [92.0, 92.0], [95.0, np.nan])
    assert s.complete.tolist() == [True, False]
    assert np.isnan(s.energy_saved[1]) and np.isnan(s.tce_saved[1]) and np.isnan(s.tco2_saved[1])
    assert s.missing_fields(1) == ["rated_power_kw", "new.efficiency_pct"]


def test_equal_value_basis_uses_supplied_coefficient():
    c = Coefficients().with_overrides({"electricity_basis": "equal", "kgce_per_kwh_equal_value": 0.3007})
    s = pump_fan_savings([30.0], [6000.0], [0.8], [70.0], [80.0], c)
    assert s.tce_saved[0] == pytest.approx(18000 * 0.3007 / 1000)
    missing = motor_savings([75.0], [6000.0], [0.8], [92.0], [95.0],
                            Coefficients().with_overrides({"electricity_basis": "equal"}))
    assert missing.missing_fields(0) == ["coefficients.kgce_per_kwh_equal_value"]


def test_dispatch_matches_direct_models():
    nan = np.nan
    old = {
        "rated_power_kw": [75, 30, nan, nan, nan],
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
    assert s.energy_saved[:4] == pytest.approx([12356.979, 18000.0, 7884.0, 124800.0], rel=1e-6)
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
