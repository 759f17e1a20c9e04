"""`equipinv savings`: the issue's example, every plannable category, short names, bad input refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from equipinv.cli import main
from equipinv.cli_support import STATE
from equipinv.planning.calculator import CATEGORIES
from equipinv.planning.savings import motor_savings


@pytest.fixture
def run(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    def invoke(*args: str) -> tuple[int, str, str]:
        STATE._engine = None
        code = main(["--db", str(tmp_path / "s.sqlite"), *args])
        out, err = capsys.readouterr()
        return code, out, err

    yield invoke
    STATE._engine = None


def test_issue_example_long_and_short_names_agree(run) -> None:
    code, out, err = run("savings", "motor", "rated_power_kw=75", "poles=4", "efficiency_pct=91",
                         "new_efficiency_pct=95.6", "load_factor=0.35", "operating_hours_per_year=6000", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert 11700 * 0.99 <= doc["kwh_per_year_saved"] <= 12200 * 1.01  # MEASUR, issue #20
    assert doc["kwh_per_year_saved"] == pytest.approx(motor_savings(
        [75.0], [6000.0], [0.35], [91.0], [95.6], poles=[4]).energy_saved[0], abs=1e-3)  # the planner's model
    assert doc["energy_per_year_before"] - doc["energy_per_year_after"] == pytest.approx(doc["kwh_per_year_saved"])
    assert doc["used"]["efficiency_pct_at_load"] < 91 and doc["provenance"]["input_power"] == "nameplate"
    assert any("AMO-Tools-Suite" in a["source"] for a in doc["assumptions"])
    code, out, _ = run("savings", "motor", 'power=75 kW', "poles=4", "efficiency=91", "new_efficiency=95.6",
                       "load=0.35", "hours=6000", "--json")
    assert code == 0 and json.loads(out)["kwh_per_year_saved"] == doc["kwh_per_year_saved"]
    code, out, _ = run("savings", "motor", "power=100 hp", "poles=4", "efficiency=91", "new_efficiency=95.6",
                       "load=0.35", "hours=6000")
    assert code == 0 and "年节能量" in out and "依据" in out


EXAMPLES = {
    "motor": ["power=75", "efficiency=91", "new_efficiency=95", "load=0.7", "hours=6000"],
    "pump": ["power=45", "poles=4", "efficiency=65", "new_efficiency=80", "load=0.745", "hours=6000"],
    "fan": ["power=90", "efficiency=70", "new_efficiency=82", "load=0.7", "hours=8000"],
    "blower": ["power=250", "efficiency=62", "new_efficiency=78", "load=0.8", "hours=7000"],
    "air_compressor": ["flow=20", "specific_power=7.5", "new_specific_power=6.2", "load=0.4", "hours=6000"],
    "transformer": ["capacity=630 kVA", "no_load_loss=1200", "load_loss=6200", "new_no_load_loss=600",
                    "new_load_loss=5500", "load=0.5", "hours=8760"],
    "boiler": ["capacity=10 t/h", "efficiency=72", "new_efficiency=85", "load=0.7", "hours=4000", "fuel=coal"],
    "truck": ["fuel=diesel", "consumption=35", "new_consumption=30", "distance=80000"],
}


@pytest.mark.parametrize("category", sorted(EXAMPLES))
def test_every_plannable_category_is_valued(run, category: str) -> None:
    assert category in CATEGORIES
    code, out, err = run("savings", category, *EXAMPLES[category], "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["missing"] == [] and doc["energy_saved_per_year"] > 0
    assert doc["tce_per_year_saved"] > 0 and doc["tco2_per_year_saved"] > 0
    assert doc["assumptions"] and all(a["source"] for a in doc["assumptions"])


def test_fuel_switch_and_unsourced_fuel(run) -> None:
    code, out, _ = run("savings", "boiler", "capacity=10 t/h", "efficiency=72", "new_efficiency=92", "load=0.7",
                       "hours=4000", "fuel=coal", "new_fuel=gas", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["measure"] == "fuel_switch"
    sides = doc["fuel_switch"]
    assert (sides["old"]["unit"], sides["new"]["unit"]) == ("kg", "m3")
    assert doc["tco2_per_year_saved"] == pytest.approx(sides["old"]["tco2_per_year"] - sides["new"]["tco2_per_year"],
                                                       abs=1e-3)
    code, out, _ = run("savings", "boiler", "capacity=10 t/h", "efficiency=72", "new_efficiency=85", "load=0.7",
                       "hours=4000", "fuel=biomass")
    assert code == 0 and "数据不全" in out and "fuel_kgce_per_unit.biomass" in out  # stated, never a zero


def test_truck_litres_are_valued_through_the_stated_density(run) -> None:
    code, out, err = run("savings", "truck", *EXAMPLES["truck"], "--json")
    doc = json.loads(out)
    assert code == 0, err
    assert doc["energy_unit"] == "L" and doc["fuel_saved_per_year"] == pytest.approx(4000.0)
    assert doc["tco2_per_year_saved"] == pytest.approx(4000 * 43.33 * 0.83 * 0.0202 * 0.98 * 44 / 12 / 1000, rel=1e-3)
    density = next(a for a in doc["assumptions"] if a["item"] == "coefficients.fuel_kg_per_litre.diesel")
    assert density["value"] == 0.83 and "GB 19147-2013" in density["source"]


@pytest.mark.parametrize("args, field", [
    (["load=1.3"], "load_factor"),
    (["load=-0.1"], "load_factor"),
    (["load=0.5", "efficiency=101"], "efficiency_pct"),
    (["load=abc"], "load"),
])
def test_bad_input_is_one_line_naming_the_field(run, args: list[str], field: str) -> None:
    base = {"power": "75", "efficiency": "91", "new_efficiency": "95", "hours": "6000"}
    base.update(dict(a.split("=", 1) for a in args))
    code, out, err = run("savings", "motor", *(f"{k}={v}" for k, v in base.items()))
    assert code == 2 and out == ""
    assert err.startswith("错误") and field in err and "(error:" in err and len(err.strip().splitlines()) == 1


def test_new_unit_worse_than_old_is_stated(run) -> None:
    code, out, _ = run("savings", "motor", "power=75", "efficiency=95", "new_efficiency=93", "load=0.5",
                       "hours=6000", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["kwh_per_year_saved"] < 0 and doc["warnings"]
    code, _, err = run("savings", "chiller", "power=75")
    assert code == 2 and "chiller" in err


@pytest.mark.parametrize("args, field", [
    (["efficiency=150"], "thermal_efficiency_pct"),
    (["new_efficiency=0"], "new_thermal_efficiency_pct"),
    (["fuel=wood"], "fuel"),
    (["new_fuel=peat"], "new_fuel"),
])
def test_bad_boiler_input_is_refused_naming_the_field(run, args: list[str], field: str) -> None:
    base = {"capacity": "10 t/h", "efficiency": "72", "new_efficiency": "85", "load": "0.7", "hours": "4000",
            "fuel": "coal"}
    base.update(dict(a.split("=", 1) for a in args))
    code, out, err = run("savings", "boiler", *(f"{k}={v}" for k, v in base.items()))
    assert code == 2 and out == "" and field in err and "(error:" in err


def test_worse_new_unit_is_stated_for_losses_and_fuel_use(run) -> None:
    code, out, _ = run("savings", "transformer", "capacity=630 kVA", "no_load_loss=1200", "load_loss=6200",
                       "new_no_load_loss=1300", "new_load_loss=5500", "load=0.5", "hours=8760", "--json")
    doc = json.loads(out)
    assert code == 0 and any("no_load_loss_w" in w for w in doc["warnings"])
    assert not any("load_loss_w 5500" in w for w in doc["warnings"])  # the lower load loss is no warning


def test_measured_input_is_used_and_its_provenance_shown(run) -> None:
    code, out, err = run("savings", "pump", "power=45", "poles=4", "efficiency=65", "new_efficiency=80",
                         "input_kw=35", "hours=6000", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["provenance"]["input_power"] == "measured" and doc["missing"] == []
    assert doc["energy_per_year_before"] == pytest.approx(35 * 6000)


def test_measured_current_becomes_input_power_with_voltage_and_power_factor(run) -> None:
    # 60 A at 380 V, cosφ 0.8: √3 × 0.38 × 60 × 0.8 = 31.59 kW, the same figures as giving that power
    code, out, err = run("savings", "motor", "power=75", "poles=4", "efficiency=91", "new_efficiency=95.6",
                         "hours=6000", "current=60", "voltage=380 V", "pf=0.8", "--json")
    assert code == 0, err
    doc = json.loads(out)
    kw = 3 ** 0.5 * 0.38 * 60 * 0.8
    assert doc["provenance"]["input_power"] == "measured_current"
    assert doc["energy_per_year_before"] == pytest.approx(kw * 6000, rel=1e-4)
    code, out, _ = run("savings", "motor", "power=75", "poles=4", "efficiency=91", "new_efficiency=95.6",
                       "hours=6000", f"input_kw={kw}", "--json")
    assert json.loads(out)["kwh_per_year_saved"] == pytest.approx(doc["kwh_per_year_saved"], rel=1e-4)
    assert any("√3·U·I·cosφ" in a["source"] for a in doc["assumptions"])
    code, out, err = run("savings", "motor", "power=75", "efficiency=91", "new_efficiency=95.6", "hours=6000",
                         "current=60", "voltage=380 V")
    assert code == 2 and out == "" and "power_factor" in err and "(error:" in err
    code, _, err = run("savings", "motor", "power=75", "efficiency=91", "new_efficiency=95.6", "hours=6000",
                       "current=60", "voltage=380 V", "pf=1.3")
    assert code == 2 and "power_factor" in err
