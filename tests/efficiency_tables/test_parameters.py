"""PARAMETERS (what `classify --help` prints) covers every input the tables and metrics need."""

from __future__ import annotations

from efficiency_tables import METRICS, PARAMETERS, GradeArrays, grade_arrays
from efficiency_tables.registry import editions
from efficiency_tables.results import GRADES, LEVELS

DERIVED = {"voltage_group": "voltage_kv", "voltage_class": "voltage_kv", "capacity_mw_equiv": "capacity_mw"}


def test_every_table_input_is_a_parameter_with_a_label():
    for e in editions():
        if e.status != "encoded":
            continue
        names = {p.name for p in PARAMETERS[e.category]}
        for needed in (*e.keys, *e.dims):
            assert DERIVED.get(needed, needed) in names, (e.label, needed)
        assert set(METRICS[e.category]) <= names
    for params in PARAMETERS.values():
        for p in params:
            assert p.label and p.kind in ("float", "str")
            assert p.short_label and "（" not in p.short_label
            dimensionless = p.name in ("poles", "stages", "pressure_coefficient", "specific_speed", "hub_ratio",
                                       "machine_number", "b2_over_d2") or p.name in METRICS["chiller"]
            assert p.kind == "str" or bool(p.unit) != dimensionless, p.name


def test_codes_decode():
    res = grade_arrays("motor", {"rated_power_kw": [75.0, 75.0], "poles": [4.0, 4.0], "efficiency_pct": [96.7, 90.0]})
    assert isinstance(res, GradeArrays)
    assert res.grade.dtype.name == "int8" and res.level.dtype.name == "int8" and res.reason.dtype.name == "int16"
    assert [GRADES[c] for c in res.grade] == ["1", "below_3"]
    assert [LEVELS[c] for c in res.level] == ["advanced", "below_access"]
    assert res.editions() == ["GB 18613-2020"] * 2 and res.reasons() == [None, None]
