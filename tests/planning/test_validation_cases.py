"""The savings models against figures published by others, each within 3 %.

Every row names where its expected figure was published; the inputs are that source's inputs (where a
source leaves one out, the row says what was taken).  Only cases whose figure could be read in a stored
public source are here: 21 of the 20 the issue asks for, but no fan or blower worked example with its
result was found, so fans have none (their model is the pump model's, checked by the pump rows); most
sources are web calculators and tip sheets, not handbooks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from equipinv.planning.savings import (
    boiler_savings,
    compressor_savings,
    motor_savings,
    pump_fan_savings,
    transformer_savings,
)

HP_KW = 0.746
MMBTU_MJ = 1055.056
CFM_PER_M3_MIN = 35.3147


@dataclass(frozen=True)
class Case:
    name: str
    source: str
    expected: float
    ours: Callable[[], float]


def _pump_shaft_kw(flow_m3_h: float, head_m: float, efficiency: float, g: float = 9.80665) -> float:
    """Pump shaft power (kW) of water: ρ g Q H / η (the source's own g where it states one)."""
    return 1000 * g * flow_m3_h / 3600 * head_m / efficiency / 1000


def _boiler_tip_16() -> float:
    # a boiler burning 200,000 MMBtu/yr at 72.7 % replaced by one at 78.8 %: the same heat output
    heat_mj = 200_000 * MMBTU_MJ * 0.727
    s = boiler_savings([heat_mj / (3600 * 8760)], [72.7], [78.8], [8760.0], [1.0], ["gas"])
    return float(s.tce_saved[0]) * 29307.6 / MMBTU_MJ  # back to MMBtu of fuel


def _boiler_tip_4() -> float:
    # 500,000 MMBtu/yr of natural gas at 78.2 % combustion efficiency, tuned to 83.1 %
    heat_mj = 500_000 * MMBTU_MJ * 0.782
    s = boiler_savings([heat_mj / (3600 * 8000)], [78.2], [83.1], [8000.0], [1.0], ["gas"])
    return float(s.tce_saved[0]) * 29307.6 / MMBTU_MJ


CASES = [
    Case("motor 75 kW 4-pole 91.0 -> 95.6 %, 75 % load, 6000 h (kWh/yr saved)",
         "US DOE MEASUR (AMO-Tools-Suite MotorEfficiency::calculate), as quoted in equipinv issue #20",
         18948.0,
         lambda: motor_savings([75.0], [6000.0], [0.75], [91.0], [95.6], poles=[4]).energy_saved[0]),
    Case("motor 75 kW 4-pole 91.0 -> 95.6 %, 35 % load, 6000 h (kWh/yr saved)",
         "US DOE MEASUR, as quoted in equipinv issue #20: 'about 11,700-12,200' (midpoint taken)",
         11950.0,
         lambda: motor_savings([75.0], [6000.0], [0.35], [91.0], [95.6], poles=[4]).energy_saved[0]),
    Case("motor 25 hp 88.5 -> 91 %, full load, 4000 h (kWh/yr saved)",
         "aeusp.com 'Determining energy savings' (fundamentals/demh.asp): 0.578 kW saved x 4,000 h/yr",
         0.578 * 4000,
         lambda: motor_savings([25 * HP_KW], [4000.0], [1.0], [88.5], [91.0]).energy_saved[0]),
    Case("motor 50 hp, 90 % efficient, full load, 2080 h (kWh/yr input)",
         "flodraulic.com 'Basic compressed air formulas': 50 HP x .746 x 2,080 h x $.06 / .90 = $5,172.26",
         5172.26 / 0.06,
         lambda: motor_savings([50 * HP_KW], [2080.0], [1.0], [90.0], [95.0]).energy_before[0]),
    Case("motor 27.5 hp, 90 % efficient, full load, 2600 h (kWh/yr input)",
         "articlealley.com 'How much electrical energy does your air compressor use': "
         "27.5 hp x .746 x 2600 h x $.12 / .90 = $7111.87",
         7111.87 / 0.12,
         lambda: motor_savings([27.5 * HP_KW], [2600.0], [1.0], [90.0], [95.0]).energy_before[0]),
    Case("motor 20 hp, 80 % load, 8760 h, 88 -> 92 % (kWh/yr saved)",
         "Western Michigan University Facilities Engineering, 'Installation of high-efficiency motors': "
         "$6,535 - $6,251 = $284 per year at 5.5 cents/kWh",
         284 / 0.055,
         lambda: motor_savings([20 * HP_KW], [8760.0], [0.8], [88.0], [92.0]).energy_saved[0]),
    Case("motor 20 hp, 80 % load, 8760 h, 88 % (kWh/yr input of the standard motor)",
         "Western Michigan University Facilities Engineering, 'Installation of high-efficiency motors': "
         "$6,535 per year at 5.5 cents/kWh",
         6535 / 0.055,
         lambda: motor_savings([20 * HP_KW], [8760.0], [0.8], [88.0], [92.0]).energy_before[0]),
    Case("compressor motor 100 hp at 110 % of rating (service factor), 90 % efficient (kW input)",
         "'Compressed Air Energy Cost Basics' (scribd doc 201245310): 1 HP = 110 % x 0.746 kW / 0.9 = 0.912 kW",
         100 * 0.912,
         lambda: motor_savings([100 * HP_KW], [1.0], [1.1], [90.0], [95.0]).energy_before[0]),
    Case("pump 200 m3/h, 40 m, 65 -> 80 %, 45 kW motor, 6000 h (kWh/yr saved)",
         "equipinv issue #20: 40,129 kWh/yr with the motor modelled",
         40129.0,
         lambda: pump_fan_savings([45.0], [6000.0], [_pump_shaft_kw(200, 40, 0.65) / 45], [65.0], [80.0],
                                  poles=[4]).energy_saved[0]),
    Case("boiler 72.7 -> 78.8 %, 200,000 MMBtu/yr fuel (MMBtu/yr saved)",
         "US DOE Steam Tip Sheet #16 'Minimize boiler short cycling losses': 200,000 MMBtu x 7.7 %",
         200_000 * 0.077,
         _boiler_tip_16),
    Case("boiler 78.2 -> 83.1 % combustion efficiency, 500,000 MMBtu/yr natural gas (MMBtu/yr saved)",
         "US DOE Steam Tip Sheet #4 'Improve your boiler's combustion efficiency' (nwfpa.org copy): "
         "29,482 MMBtu/yr",
         29482.0,
         _boiler_tip_4),
    Case("motor 100 hp at a 95 hp load, 93 % efficient (kW input)",
         "quincycompressor.com 'How to estimate power costs' (2014-04-10): kW = 95 x .746 / .93 = 76.2",
         76.2,
         lambda: motor_savings([100 * HP_KW], [1.0], [0.95], [93.0], [95.0]).energy_before[0]),
    Case("compressor motor 78 hp at full load, 2500 h, 93 % efficient (kWh/yr input)",
         "tutdenver.com 'The annual electricity cost calculation for a 78-hp compressor': $17,206.13 at $0.11/kWh",
         17206.13 / 0.11,
         lambda: motor_savings([78 * HP_KW], [2500.0], [1.0], [93.0], [95.0]).energy_before[0]),
    Case("motor 25 hp, 92 % efficient, 70 % load, 3200 h (kWh/yr input)",
         "mfgcalcs.com Motor Energy Cost calculator, baseline example: $5,449/yr at $0.12/kWh "
         "(input kW = hp x 0.746 x load / efficiency)",
         5449 / 0.12,
         lambda: motor_savings([25 * HP_KW], [3200.0], [0.7], [92.0], [95.0]).energy_before[0]),
    Case("compressor motor 50 hp, 93 % efficient, 70 % load, 320 h/month (kWh/month input)",
         "calculator5.snowdaycalculatornow.com 'How to calculate energy cost to operate a compressor', "
         "Example A: 8,992 kWh/month",
         8992.0,
         lambda: motor_savings([50 * HP_KW], [320.0], [0.7], [93.0], [95.0]).energy_before[0]),
    Case("pump 40 m3/h, 30 m, pump 72 %, motor 92 %, 16 h/day (kWh/day input)",
         "calculator5.snowdaycalculatornow.com 'How to calculate energy usage of a pump', worked example: "
         "4.93 kW, 78.9 kWh/day (the source names no motor rating: a 5.5 kW motor is taken, whose curve is "
         "scaled to the source's 92 %)",
         78.9,
         lambda: pump_fan_savings([5.5], [16.0], [_pump_shaft_kw(40, 30, 0.72, g=9.81) / 5.5], [72.0], [80.0],
                                  poles=[4], motor_efficiency_pct=[92.0]).energy_before[0]),
    Case("transformer 100 kVA, P0 200 W, Pk 1200 W, 40 % load (total loss, W)",
         "tools.gera.services 'Transformer efficiency & no-load loss calculator', example: roughly 392 W of "
         "total loss",
         0.392,
         lambda: transformer_savings([200.0], [100.0], [1200.0], [1000.0], [0.4], [1.0]).energy_before[0]),
    Case("transformer 100 kVA, P0 200 W, no-load energy over 8760 h (kWh/yr)",
         "tools.gera.services 'Transformer efficiency & no-load loss calculator', example: its no-load loss "
         "alone costs about 1,752 kWh a year",
         1752.0,
         lambda: transformer_savings([200.0], [100.0], [1200.0], [1000.0], [0.4], [8760.0],
                                     hours_loaded=[0.0]).energy_before[0]),
    Case("air compressor 50 hp at 70 % average load, 16 h x 250 d (kWh/yr input)",
         "mfgcalcs.com compressed-air cost calculator, baseline example at 70 % average load: $12,533/yr at "
         "$0.12/kWh (kW = hp x 0.746 x load: the 'vsd' control here)",
         12533 / 0.12,
         lambda: compressor_savings([10.0], [50 * HP_KW / 10.0], [6.0], [4000.0], [0.7],
                                    control="vsd").energy_before[0]),
    Case("air compressor delivering 400 cfm, 8000 h, 4 cfm/hp, 1 hp = 0.912 kW (kWh/yr input)",
         "'Compressed Air Energy Cost Basics' (scribd doc 201245310): 400 CFM x 8000 hrs x .0137/hr = $43,840 "
         "at $0.06/kWh",
         43840 / 0.06,
         lambda: compressor_savings([400 / CFM_PER_M3_MIN], [0.912 / 4 * CFM_PER_M3_MIN], [6.0], [8000.0], [1.0],
                                    control="vsd").energy_before[0]),
    Case("air compressor 50 hp at 81 % average load, 16 h x 250 d (kWh/yr input)",
         "mfgcalcs.com compressed-air cost worked example at 81 % average load: 120,852 kWh "
         "(kW = hp x 0.746 x load: power proportional to load, the 'vsd' control here)",
         120852.0,
         lambda: compressor_savings([10.0], [50 * HP_KW / 10.0], [6.0], [4000.0], [0.81],
                                    control="vsd").energy_before[0]),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_published_figure_within_3_percent(case: Case) -> None:
    assert float(case.ours()) == pytest.approx(case.expected, rel=0.03), case.source


def test_the_table_covers_the_categories_it_claims() -> None:
    assert len(CASES) == 21
    assert all(c.source and c.expected > 0 for c in CASES)
    kinds = {c.name.split()[0] for c in CASES}
    assert kinds == {"motor", "compressor", "pump", "transformer", "boiler", "air"}  # no fan: none was found
