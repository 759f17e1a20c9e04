"""Property: on random mixed ledgers `grade_ledger` gives exactly what `grade_unit` gives unit by unit."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from efficiency_tables import PARAMETERS, grade_ledger, grade_unit
from efficiency_tables.registry import editions

CATEGORIES = sorted(PARAMETERS) + ["welder", "no_such_category"]
FLOATS = {  # listed ratings, values between them, table ends, bad values
    "rated_power_kw": [0.12, 0.75, 2.2, 11, 37, 75, 80, 200, 315, 355, 400, 710, 1000, 1001, 2000, 5000, -1],
    "poles": [2, 4, 6, 8, 10, 12, 3],
    "voltage_kv": [0.38, 3, 6, 10, 35, 0.66],
    "capacity_kva": [30, 63, 100, 400, 500, 630, 1250, 2500, 3150, 20000, 40000],
    "pressure_mpa": [0.25, 0.5, 0.7, 0.8, 1.0, 1.4, 2.0],
    "capacity_t_h": [2, 10, 20, 35],
    "capacity_mw": [1.4, 7, 14, 29],
    "pressure_coefficient": [0.3, 0.5, 0.95, 1.1, 1.4],
    "specific_speed": [10, 20, 45, 60, 80],
    "hub_ratio": [0.2, 0.35, 0.5, 0.7],
    "machine_number": [2.2, 3, 5, 10, 12],
    "stages": [1, 2, 3, 5],
    "b2_over_d2": [0.015, 0.02, 0.025, 0.05, 0.1],
    "impeller_d2_mm": [250, 300, 350, 700, 900],
    "flow_m3_h": [5, 50, 300, 600, 5000],
    "head_m": [10, 32, 100],
    "speed_rpm": [1450, 2900],
    "specified_efficiency_pct": [55, 70],
    "efficiency_tolerance_pct": [2, 3],
    "efficiency_pct": [40, 60, 80, 85.9, 90, 94.6, 95.0, 96.0, 97.4, 99, 100.5],
    "no_load_loss_w": [-5, 33, 100, 460, 570, 2000, 16200],
    "load_loss_w": [600, 4460, 6200, 21200, 101000],
    "specific_power_kw_per_m3_min": [5.8, 6.5, 7.4, 9, 12],
    "thermal_efficiency_pct": [80, 86, 92, 98, 101, 105],
    "polytropic_efficiency_pct": [51, 55, 70, 90],
    "cooling_capacity_kw": [50, 100, 260, 300, 400, 1163, 2000], "heating_capacity_kw": [20, 35, 100, 300],
    **{m: [2.8, 4.2, 5.0, 5.7, 7.2, 8.5, 12] for m in ("iplv", "cspf", "accop", "copc", "hspf", "apf", "acop", "cop",
                                                      "coph_high_temp", "aeer", "eer", "iplv_i", "cop_i", "copdh",
                                                      "coph")},
}


def _value(param) -> st.SearchStrategy:
    if param.kind == "str":
        return st.sampled_from(list(param.choices) + ["", "bogus", "QX和Q", "IC411", "IC611", "Dyn11", "comfort",
                                                      "water_cooled", "air_cooled", "integrated"])
    return st.one_of(st.just(math.nan), st.sampled_from(FLOATS[param.name]))


@st.composite
def units(draw):
    category = draw(st.sampled_from(CATEGORIES))
    params = {p.name: draw(_value(p)) for p in PARAMETERS.get(category, ())}
    return category, params


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(units(), min_size=1, max_size=60),
       st.sampled_from([date(2024, 6, 1), date(2025, 6, 1), date(2026, 6, 1), date(2027, 6, 1)]),
       st.booleans())
def test_ledger_equals_per_unit(ledger, on, database_like):
    """database_like: string columns as object arrays with None for missing, as rows from SQL arrive."""
    names = sorted({p.name for ps in PARAMETERS.values() for p in ps})
    str_names = {p.name for ps in PARAMETERS.values() for p in ps if p.kind == "str"}
    columns = {}
    for name in names:
        vals = [params.get(name) for _, params in ledger]
        if name in str_names and database_like:
            columns[name] = np.array([v or None for v in vals], dtype=object)
        elif name in str_names:
            columns[name] = np.array(["" if v is None else v for v in vals])
        else:
            columns[name] = np.array([math.nan if v is None else v for v in vals], dtype=float)
    cats = np.array([c for c, _ in ledger], dtype=object if database_like else str)
    res = grade_ledger(cats, columns, on)
    labels = {e.index: e.edition for e in editions()}
    for i, (category, params) in enumerate(ledger):
        one = grade_unit(category, params, on)
        got = (res.grades()[i], res.levels()[i], res.reasons()[i], labels.get(int(res.edition[i])))
        assert got == (one.grade, one.level, one.ungradable_reason, one.edition), (category, params)
        assert bool(res.assumed[i]) == bool(one.assumptions), (category, params)
