"""The vectorised ledger path gives exactly the per-unit answers (property test over random units),
also for numpy-typed columns, a horizon, and an empty ledger."""

from datetime import date

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog import UnitFacts, columns_from_units, match_arrays, match_unit, rules
from catalog.facts import CATEGORIES

AS_OF = date(2026, 11, 22)
MODELS = sorted({p for s in rules() for p in s.patterns})[::3] + [
    "YE3-132S-4", "y2 132s 4", "电机YB132S-4", "S9-200/10", "S11-M-200/10", "YBF160M-4", "Y132S1-2", "", "%%"]

units = st.builds(
    UnitFacts,
    category=st.sampled_from(list(CATEGORIES) + [None, "马达", "锅炉"]),
    model=st.one_of(st.none(), st.sampled_from(MODELS)),
    product_name=st.sampled_from([None, "固定炉排燃煤锅炉", "铝芯电缆", "矿用隔爆型馈电开关", "泵", "", "藤条安全帽",
                                  "非阻燃橡胶抗静电输送带", "输送带非阻燃抗静电", "电缆铝芯"]),
    capacity_kva=st.sampled_from([None, 20.0, 500.0, 3000.0]),
    capacity_t_h=st.sampled_from([None, 1.0, 10.0, 20.0]),
    voltage_kv=st.sampled_from([None, 0.38, 6.0]),
    year_made=st.sampled_from([None, 1990, 1997, 1998, 2003, 2004, 2005, 2006]),
    commissioning_date=st.one_of(st.none(), st.dates(date(1980, 1, 1), date(2026, 12, 31)), st.just("bad")),
    design_life_years=st.sampled_from([None, 8.0, 15.5, 20.0]),
    vehicle_type=st.sampled_from([None, "truck_heavy", "taxi_small", "passenger_private_small", "??"]),
    fuel=st.sampled_from([None, "diesel", "petrol", "coal", "燃煤", "biomass", "gas"]),
    emission_standard=st.sampled_from([None, "china_1", "国四", "china_6"]),
    mileage_km=st.sampled_from([None, 1.0, 900_000.0]),
    benchmark_level=st.sampled_from([None, "below_access", "access", "ungraded"]),
    status=st.sampled_from([None, "in_use", "eliminated"]),
    operating=st.sampled_from([None, True, False]),
    underground_coal_mine=st.sampled_from([None, True, False]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(units, min_size=1, max_size=25), st.integers(0, 800))
def test_array_path_equals_unit_path(ledger, horizon):
    res = match_arrays(columns_from_units(ledger), AS_OF, horizon)
    for i, u in enumerate(ledger):
        assert res.for_unit(i) == match_unit(u, AS_OF, horizon)


def test_numpy_typed_columns():
    cols = {
        "category": np.array(["truck", "motor", "pressure_vessel"], dtype="U20"),
        "model": np.array(["", "Y132S1-2", ""], dtype=object),
        "vehicle_type": np.array(["truck_heavy", None, None], dtype=object),
        "commissioning_date": np.array(["2000-01-01", "NaT", "1990-05-05"], dtype="datetime64[D]"),
        "year_made": np.array([np.nan, 2001, np.nan]),
        "benchmark_level": np.array([None, "access", None], dtype=object),
    }
    res = match_arrays(cols, AS_OF)
    got = {(int(u), f.rule_id) for u, f in res.findings()}
    assert (0, "vehicle-scrap-age.truck_heavy") in got and (1, "miit-b2-1-1") in got
    assert (2, "pressure-vessel-design-life") in got
    assert res.for_unit(0)[0].deadline == date(2015, 1, 1)


def test_empty_ledger():
    assert len(match_arrays({"category": np.array([], dtype=object)}, AS_OF)) == 0


garbage = st.one_of(st.none(), st.text(max_size=8), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                    st.booleans(), st.dates())


@settings(max_examples=80, deadline=None)
@given(st.lists(st.builds(UnitFacts, **{f: garbage for f in UnitFacts.__dataclass_fields__}), min_size=1, max_size=5))
def test_garbage_input_never_raises_and_paths_agree(ledger):
    res = match_arrays(columns_from_units(ledger), AS_OF)
    for i, u in enumerate(ledger):
        assert res.for_unit(i) == match_unit(u, AS_OF)


def test_infinite_and_nan_numbers_are_missing():
    weird = [UnitFacts(category="motor", model="Y2-90S-4", year_made=float("inf")),
             UnitFacts(category="transformer", model="S7-500/10", capacity_kva=float("nan"))]
    res = match_arrays({"category": np.array(["motor", "transformer"]), "model": np.array(["Y2-90S-4", "S7-500/10"]),
                        "year_made": np.array([np.inf, np.nan]), "capacity_kva": np.array([np.nan, -np.inf])}, AS_OF)
    for i, u in enumerate(weird):
        assert res.for_unit(i) == match_unit(u, AS_OF)
        assert all(f.outcome == "cannot_decide" for f in res.for_unit(i))


def test_rule_ids_in_bulk():
    res = match_arrays(columns_from_units([UnitFacts(category="motor", model="Y132S1-2", benchmark_level="access")]), AS_OF)
    assert res.rule_ids().tolist() == ["miit-b2-1-1"] and res.outcome.tolist() == [0]
