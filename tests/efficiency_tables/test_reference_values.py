"""Hand-typed values from the reference tables (not read from the data files): transcription errors show here."""

from __future__ import annotations

from datetime import date

import pytest

from efficiency_tables import grade_unit, level_requirement

ON = date(2026, 6, 1)

# (category, params, {(metric, grade): value}) typed from the reference CSVs / CROSSCHECK tables
CASES = [
    ("motor", {"rated_power_kw": 75, "poles": 4}, {("efficiency_pct", "1"): 96.7, ("efficiency_pct", "2"): 96.0,
                                                    ("efficiency_pct", "3"): 95.0}),
    ("motor", {"rated_power_kw": 0.12, "poles": 8}, {("efficiency_pct", "1"): 67.4, ("efficiency_pct", "2"): 62.3,
                                                     ("efficiency_pct", "3"): 50.7}),
    ("motor", {"rated_power_kw": 1000, "poles": 4}, {("efficiency_pct", "3"): 96.0}),
    ("motor", {"rated_power_kw": 200, "poles": 2}, {("efficiency_pct", "3"): 95.8}),  # IE3, CROSSCHECK M-D
    ("transformer", {"capacity_kva": 630, "transformer_type": "oil", "voltage_kv": 10, "core_material": "steel"},
     {("no_load_loss_w", "1"): 460, ("no_load_loss_w", "3"): 570, ("load_loss_w", "2"): 4960,
      ("load_loss_w", "3"): 6200}),
    ("transformer", {"capacity_kva": 2500, "transformer_type": "oil", "voltage_kv": 10, "core_material": "steel"},
     {("no_load_loss_w", "1"): 1280, ("load_loss_w", "1"): 15270, ("load_loss_w", "3"): 21200}),
    ("transformer", {"capacity_kva": 1250, "transformer_type": "dry", "core_material": "amorphous",
                     "insulation_class": "F"}, {("no_load_loss_w", "1"): 455, ("load_loss_w", "1"): 8720,
                                                ("load_loss_w", "3"): 9690}),
    ("transformer", {"capacity_kva": 2500, "transformer_type": "dry", "core_material": "steel",
                     "insulation_class": "H"}, {("no_load_loss_w", "3"): 2880}),  # CROSSCHECK T-A
    ("transformer", {"capacity_kva": 31500, "transformer_type": "oil", "voltage_kv": 35, "tap_changer": "off_circuit"},
     {("no_load_loss_w", "3"): 16200, ("load_loss_w", "1"): 101000}),
    ("air_compressor", {"compressor_type": "rotary_fixed", "cooling": "air", "rated_power_kw": 1.5,
                        "pressure_mpa": 0.3}, {("specific_power_kw_per_m3_min", "1"): 5.8,
                                               ("specific_power_kw_per_m3_min", "3"): 7.4}),
    ("boiler", {"fuel": "gas", "firing": "chamber", "condensing": "yes", "capacity_mw": 2.8},
     {("thermal_efficiency_pct", "1"): 103, ("thermal_efficiency_pct", "3"): 98}),
    ("boiler", {"fuel": "coal", "firing": "grate", "coal_class": "lignite", "capacity_t_h": 35},
     {("thermal_efficiency_pct", "1"): 87, ("thermal_efficiency_pct", "3"): 82}),
    ("boiler", {"fuel": "coal", "firing": "grate", "coal_class": "lignite", "capacity_t_h": 20},
     {("thermal_efficiency_pct", "1"): 85, ("thermal_efficiency_pct", "3"): 80}),
    ("fan", {"fan_type": "centrifugal", "pressure_coefficient": 1.4, "specific_speed": 50, "machine_number": 2.2},
     {("efficiency_pct", "1"): 61, ("efficiency_pct", "2"): 58, ("efficiency_pct", "3"): 43}),
    ("hv_motor", {"voltage_kv": 6, "cooling_ic": "IC411", "rated_power_kw": 200, "poles": 2},
     {("efficiency_pct", "1"): 94.4, ("efficiency_pct", "3"): 92.7}),
    ("hv_motor", {"voltage_kv": 10, "cooling_ic": "IC611", "rated_power_kw": 1000, "poles": 6},
     {("efficiency_pct", "2"): 94.5}),
    ("pm_motor", {"starting": "line_start", "voltage_kv": 0.38, "rated_power_kw": 0.55, "poles": 2},
     {("efficiency_pct", "1"): 85.9, ("efficiency_pct", "2"): 84.6, ("efficiency_pct", "3"): 81.5}),
    ("pm_motor", {"starting": "line_start", "voltage_kv": 6, "cooling_ic": "IC81W", "rated_power_kw": 200,
                  "poles": 4}, {("efficiency_pct", "1"): 94.6, ("efficiency_pct", "3"): 93.3}),
    ("blower", {"blower_type": "single_stage_low_speed", "b2_over_d2": 0.015, "impeller_d2_mm": 250},
     {("polytropic_efficiency_pct", "2"): 55.0, ("polytropic_efficiency_pct", "3"): 51.0}),
    ("submersible_pump", {"pump_type": "small", "subtype": "QX和Q", "rated_power_kw": 2.2,
                          "specified_efficiency_pct": 60, "efficiency_tolerance_pct": 2.5},
     {("efficiency_pct", "1"): 63.0, ("efficiency_pct", "2"): 61.5, ("efficiency_pct", "3"): 57.5}),
]


@pytest.mark.parametrize("category,params,want", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_thresholds_match_the_reference(category, params, want):
    levels = {"1": "advanced", "2": "energy_saving", "3": "access"}
    for (metric, grade), value in want.items():
        req = level_requirement(category, params, levels[grade], ON)
        assert req.reason is None, req.reason
        assert req.values()[metric] == pytest.approx(value, abs=1e-9)


def test_blower_has_no_grades_and_no_advanced_level():
    params = {"blower_type": "single_stage_low_speed", "b2_over_d2": 0.015, "impeller_d2_mm": 250}
    assert level_requirement("blower", params, "advanced", ON).reason is not None
    r = grade_unit("blower", {**params, "polytropic_efficiency_pct": 60}, ON)
    assert (r.grade, r.level) == (None, "energy_saving")
    assert grade_unit("blower", {**params, "polytropic_efficiency_pct": 50.9}, ON).level == "below_access"


def test_electric_boiler_has_only_a_limit():
    r = grade_unit("boiler", {"fuel": "electric", "thermal_efficiency_pct": 97}, ON)
    assert (r.grade, r.level, r.clause) == (None, "access", "5.2")
    assert grade_unit("boiler", {"fuel": "electric", "thermal_efficiency_pct": 96.9}, ON).level == "below_access"


def test_transformer_needs_both_losses():
    base = {"capacity_kva": 630, "transformer_type": "oil", "voltage_kv": 10, "core_material": "steel"}
    assert grade_unit("transformer", {**base, "no_load_loss_w": 460, "load_loss_w": 6200}, ON).grade == "3"
    assert grade_unit("transformer", {**base, "no_load_loss_w": 571, "load_loss_w": 4460}, ON).grade == "below_3"
    assert grade_unit("transformer", {**base, "no_load_loss_w": 460, "load_loss_w": 4460}, ON).grade == "1"
