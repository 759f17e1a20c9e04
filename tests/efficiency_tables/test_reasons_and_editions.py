"""Bad input never raises and says why; editions follow the assessment date; between-ratings rule; estimates."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from efficiency_tables import estimate_efficiency, grade_arrays, grade_ledger, grade_unit, level_requirement

ON = date(2026, 6, 1)
MOTOR = {"rated_power_kw": 75, "poles": 4}
OIL_630 = {"capacity_kva": 630, "transformer_type": "oil", "voltage_kv": 10, "core_material": "steel"}


@pytest.mark.parametrize("category,params,fragment", [
    ("spaceship", {}, "未知设备类别"),
    ("welder", {"rated_power_kw": 20}, "无已编码的标准"),
    ("motor", {"rated_power_kw": 75, "efficiency_pct": 95}, "缺少极数 (missing poles)"),
    ("motor", {**MOTOR}, "missing efficiency_pct"),
    ("motor", {**MOTOR, "efficiency_pct": 100.5}, "超出物理上限"),
    ("motor", {**MOTOR, "efficiency_pct": -3}, "负值"),
    ("motor", {"rated_power_kw": 1001, "poles": 4, "efficiency_pct": 97}, "超出GB 18613-2020表的范围"),
    ("motor", {"rated_power_kw": 0.1, "poles": 4, "efficiency_pct": 70}, "超出GB 18613-2020表的范围"),
    ("motor", {"rated_power_kw": 75, "poles": 10, "efficiency_pct": 95}, "超出GB 18613-2020表的范围"),
    ("motor", {"rated_power_kw": "abc", "poles": 4, "efficiency_pct": 95}, "额定功率的值不是数值"),
    ("Motor ", {"rated_power_kw": 75, "poles": 4, "efficiency_pct": "95%"}, "效率的值不是数值"),
    ("transformer", {**OIL_630, "no_load_loss_w": -1, "load_loss_w": 5000}, "负值"),
    ("transformer", {**OIL_630, "transformer_type": "gas", "no_load_loss_w": 400, "load_loss_w": 5000},
     "不在GB 20052-2024的表中"),
    ("transformer", {"capacity_kva": 400, "transformer_type": "oil", "core_material": "steel",
                     "no_load_loss_w": 300, "load_loss_w": 3000}, "缺少联结组别"),
    ("transformer", {"capacity_kva": 400, "transformer_type": "dry", "core_material": "steel",
                     "no_load_loss_w": 300, "load_loss_w": 3000}, "缺少绝缘耐热等级"),
    ("boiler", {"fuel": "gas", "firing": "chamber", "condensing": "no", "thermal_efficiency_pct": 102}, "物理上限"),
    ("air_compressor", {"compressor_type": "piston_oil_free", "rated_power_kw": 18.5, "pressure_mpa": 0.7,
                        "specific_power_kw_per_m3_min": 9}, "“—”"),
    ("pm_motor", {"starting": "vf", "voltage_kv": 0.38, "rated_power_kw": 11, "poles": 4, "efficiency_pct": 95},
     "表8–表28"),
    ("pm_motor", {"starting": "inverter", "voltage_kv": 0.38, "rated_power_kw": 11, "poles": 4,
                  "efficiency_pct": 95}, "不在GB 30253-2024的表中"),
    ("transformer", {**OIL_630, "voltage_kv": 6, "no_load_loss_w": 400, "load_loss_w": 5000}, "电压等级的取值"),
    ("pump", {"pump_type": "multistage", "flow_m3_h": 50, "head_m": 100, "speed_rpm": 2900, "efficiency_pct": 60},
     "缺少级数"),
])
def test_ungradable_with_reason(category, params, fragment):
    r = grade_unit(category, params, ON)
    assert r.grade is None and r.level is None
    assert r.ungradable_reason is not None and fragment in r.ungradable_reason
    d = r.to_dict()
    assert d["gradable"] is False and d["ungradable_reason"] == r.ungradable_reason


def test_a_ledger_with_bad_rows_grades_the_rest():
    cats = np.array(["motor", None, "", "MOTOR"], dtype=object)
    cols = {"rated_power_kw": [75.0, 75.0, 75.0, 75.0], "poles": [4.0, 4.0, 4.0, 4.0],
            "efficiency_pct": [95.0, 95.0, 95.0, 96.7]}
    res = grade_ledger(cats, cols, ON)
    assert res.grades() == ["3", None, None, "1"]
    assert res.reasons()[1] == res.reasons()[2] == "缺少设备类别 (missing category)"


def test_condensing_boiler_may_exceed_100():
    r = grade_unit("boiler", {"fuel": "gas", "firing": "chamber", "condensing": "yes", "thermal_efficiency_pct": 102},
                   ON)
    assert (r.grade, r.level) == ("2", "energy_saving")


def test_rest_of_the_array_still_grades():
    cols = {"rated_power_kw": np.array([75.0, np.nan, 75.0]), "poles": np.array([4.0, 4.0, 4.0]),
            "efficiency_pct": np.array([96.0, 96.0, 101.0])}
    res = grade_arrays("motor", cols, ON)
    assert res.grades() == ["2", None, None]
    assert res.reasons()[1] == "缺少额定功率 (missing rated_power_kw)"
    assert "物理上限" in res.reasons()[2]


def test_between_listed_ratings_uses_the_next_lower_rating():
    r80 = grade_unit("motor", {"rated_power_kw": 80, "poles": 4, "efficiency_pct": 95.0}, ON)
    assert r80.rating["rated_power_kw"] == "75" and r80.grade == "3"
    assert r80.between_rule_sourced is False and "较低一档" in r80.between_rule
    assert level_requirement("motor", {"rated_power_kw": 89.9, "poles": 4}, "access", ON).values() == \
        {"efficiency_pct": 95.0}
    assert level_requirement("motor", {"rated_power_kw": 90, "poles": 4}, "access", ON).values() == \
        {"efficiency_pct": 95.2}


def test_transformer_edition_follows_the_date():
    unit = {**OIL_630, "no_load_loss_w": 500, "load_loss_w": 4960}
    old, new = grade_unit("transformer", unit, date(2024, 6, 1)), grade_unit("transformer", unit, date(2025, 2, 1))
    assert (old.standard, old.edition, new.edition) == ("GB 20052", "2020", "2024")
    assert old.grade == new.grade == "2"
    big = {**OIL_630, "capacity_kva": 2500, "no_load_loss_w": 1200, "load_loss_w": 15000}
    assert "未收录" in grade_unit("transformer", big, date(2025, 1, 31)).ungradable_reason
    assert grade_unit("transformer", big, date(2025, 2, 1)).grade == "1"


@pytest.mark.parametrize("category,on,fragment", [
    ("pump", date(2026, 2, 28), "GB 19762-2007 的限定值和节能评价值未收录"),
    ("motor", date(2020, 1, 1), "GB 18613-2012"),
    ("blower", date(2027, 4, 1), "GB 28381-2026"),
    ("chiller", date(2025, 1, 31), "GB 19577-2015"),
    ("hv_motor", date(2025, 8, 31), "GB 30254-2013"),
])
def test_missing_editions_are_named(category, on, fragment):
    assert fragment in grade_unit(category, {}, on).ungradable_reason


def test_pump_graded_from_2026_03_01():
    unit = {"pump_type": "end_suction", "flow_m3_h": 100, "head_m": 32, "speed_rpm": 2900, "efficiency_pct": 80}
    r = grade_unit("pump", unit, date(2026, 3, 1))
    assert (r.standard, r.edition, r.grade) == ("GB 19762", "2025", "2")


def test_default_date_is_today():
    assert grade_unit("motor", {**MOTOR, "efficiency_pct": 95}).assessed_on == date.today()


def test_level_requirement_for_the_planner():
    req = level_requirement("transformer", OIL_630, "energy_saving", ON)
    assert req.values() == {"no_load_loss_w": 510.0, "load_loss_w": 4960.0}
    assert (req.standard, req.edition, req.grade) == ("GB 20052", "2024", "2")
    assert level_requirement("motor", MOTOR, "best", ON).reason is not None
    assert "缺少极数" in level_requirement("motor", {"rated_power_kw": 75}, "access", ON).reason


def test_estimate_uses_the_limit_in_force_when_made():
    r = estimate_efficiency("motor", MOTOR, 2023, ON)
    assert r.estimated and r.value == 95.0 and r.grade == "3"
    assert any("GB 18613-2020" in a for a in r.assumptions)
    old = estimate_efficiency("motor", MOTOR, 2015, ON)
    assert old.estimated and old.grade is None and "GB 18613-2012" in old.ungradable_reason
    changeover = estimate_efficiency("motor", MOTOR, 2021, ON)  # 1 Jan 2021: the 2012 edition was in force
    assert changeover.ungradable_reason is not None


def test_chiller_rows_judge_their_own_metric_and_gates():
    unit = {"chiller_type": "comfort", "heat_source": "water_cooled", "evaluation_system": "part_load",
            "cooling_capacity_kw": 400}
    r = grade_unit("chiller", {**unit, "iplv": 7.2, "copc": 5.0}, ON)  # 表1 300-528 kW: IPLV 7.8/7.2/5.7, COPc >= 5.0
    assert (r.grade, r.metric, r.table, r.clause) == ("2", "iplv", "表1", "4.2、表1")
    assert grade_unit("chiller", {**unit, "iplv": 9.0, "copc": 4.99}, ON).grade == "below_3"
    assert "缺少COPc" in grade_unit("chiller", {**unit, "iplv": 9.0}, ON).ungradable_reason
    cop_route = level_requirement("chiller", {**unit, "evaluation_system": "copc"}, "advanced", ON)
    assert cop_route.values() == {"copc": 5.8, "iplv": 5.7}


def test_results_are_json():
    import json

    r = grade_unit("transformer", {**OIL_630, "no_load_loss_w": 500, "load_loss_w": 4960}, ON)
    d = json.loads(json.dumps(r.to_dict(), ensure_ascii=False))
    assert d["grade"] == "2" and d["level"] == "energy_saving" and d["level_label"] == "节能水平"
    assert d["assessed_on"] == "2026-06-01" and d["standard"] == "GB 20052" and d["edition"] == "2024"
    assert {(t["metric"], t["grade"], t["direction"], t["unit"]) for t in d["thresholds"]} >= \
        {("no_load_loss_w", "1", "lower", "W"), ("load_loss_w", "3", "lower", "W")}
    req = json.loads(json.dumps(level_requirement("motor", MOTOR, "advanced", ON).to_dict(), ensure_ascii=False))
    assert req["thresholds"][0]["value"] == 96.7
