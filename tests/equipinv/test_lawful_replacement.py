"""Every rule of the catalogues, run back on its own proposed replacement, no longer condemns it.

For each rule a unit is built that the rule condemns (checked: the matcher must say "match"), the
replacement `equipinv.lawful_replacement` proposes for it is applied to that unit, and the new unit is
run through the whole matcher: neither the rule itself nor any other legal elimination may hit it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

import catalog
from catalog.rules import evaluate, prepare
from equipinv.elimination_basis import SAFETY_RULES, basis_kind, legal_findings, rule_base
from equipinv.lawful_replacement import BOILER_OPTIONS, lawful_replacement

AS_OF = dt.date(2026, 11, 22)
_SUFFIXES = ("", "-4", "M-4", "132M-4", "-132M-4", "160M-4", "1", "-1", "S-2", "A")


def _bounded(spec: catalog.Spec) -> dict[str, float]:
    values: dict[str, float] = {}
    for name, lo, hi in spec.bounds:
        values[name] = hi if hi is not None else (lo if lo is not None else 1.0)
    return values


def _candidates(spec: catalog.Spec, category: str) -> list[catalog.UnitFacts]:
    """Units the rule might condemn; the caller keeps the first the matcher agrees on."""
    base: dict[str, object] = {"category": category, "status": "in_use"}
    bounds = _bounded(spec)
    base |= {k: (int(v) if k == "year_made" else v) for k, v in bounds.items() if k != "frame"}
    if spec.keywords:
        base["product_name"] = spec.keywords[0]
    if spec.fuels:
        base["fuel"] = sorted(spec.fuels)[0]
    if spec.site:
        base["underground_coal_mine"] = True
    if spec.type == "vehicle_age":
        base |= {"vehicle_type": spec.vehicle_type,
                 "commissioning_date": AS_OF.replace(year=AS_OF.year - int(spec.years or 0) - 1)}
    elif spec.type == "vehicle_mileage":
        base |= {"vehicle_type": spec.vehicle_type, "mileage_km": (spec.mileage_km or 0) + 1,
                 "commissioning_date": AS_OF.replace(year=AS_OF.year - 1)}
    elif spec.type == "emission_truck":
        base |= {"fuel": sorted(spec.fuels)[0], "emission_standard": f"china_{spec.emission_max}", "operating": True}
    elif spec.type == "design_life":
        base |= {"commissioning_date": AS_OF.replace(year=AS_OF.year - 25), "design_life_years": 20.0}
    elif spec.type == "benchmark":
        base["benchmark_level"] = "below_access"
    if spec.match not in ("series", "exact"):
        return [catalog.UnitFacts(**base)]  # type: ignore[arg-type]
    frame = bounds.get("frame")
    suffixes = ([f"{int(frame)}M-4", f"-{int(frame)}M-4"] if frame is not None else []) + list(_SUFFIXES)
    return [catalog.UnitFacts(**base, model=pattern + suffix)  # type: ignore[arg-type]
            for pattern in spec.patterns for suffix in suffixes]


def _condemned(spec: catalog.Spec, category: str) -> catalog.UnitFacts | None:
    for unit in _candidates(spec, category):
        found = evaluate(spec, prepare(unit), AS_OF)
        if found is not None and found.outcome == "match":
            return unit
    return None


def _kind(spec: catalog.Spec) -> str:
    if rule_base(spec.rule_id) in SAFETY_RULES:
        return "safety_failed"  # the unit goes only when it fails its assessment
    return basis_kind(spec.rule_id, spec.document.id, spec.kind) or "encouraged"


MATCHABLE = [s for s in catalog.rules() if s.type != "unsourced" and not (s.type.startswith("vehicle") and
                                                                           s.vehicle_type is None)]


def test_every_matchable_rule_is_covered() -> None:
    """Only rules that can never answer "match" are left out: unsourced values and the generic vehicle rows."""
    for spec in catalog.rules():
        if spec not in MATCHABLE:
            found = evaluate(spec, prepare(catalog.UnitFacts(category=sorted(spec.categories)[0])), AS_OF)
            assert found is not None and found.outcome == "cannot_decide", spec.rule_id
    assert len(MATCHABLE) > 450


@pytest.mark.parametrize("spec", MATCHABLE, ids=lambda s: s.rule_id)
def test_replacement_is_not_condemned_by_the_rule_it_replaces(spec: catalog.Spec) -> None:
    for category in sorted(spec.categories):
        unit = _condemned(spec, category)
        assert unit is not None, f"no unit of {category} built that {spec.rule_id} condemns"
        replacement = lawful_replacement(category, _kind(spec), spec.rule_id, spec.replacement or None)
        assert replacement.text
        new = dataclasses.replace(unit, **{k: v for k, v in replacement.facts.items()})
        if replacement.new_unit:
            new = dataclasses.replace(new, commissioning_date=AS_OF, year_made=AS_OF.year, mileage_km=0.0)
        again = evaluate(spec, prepare(new), AS_OF)
        assert again is None or again.outcome != "match", (spec.rule_id, replacement.text)
        legal = legal_findings(catalog.match_unit(new, as_of=AS_OF))
        assert not legal, (spec.rule_id, replacement.text, [f.rule_id for _k, f in legal])


def test_rows_judged_by_hand_get_a_replacement_no_rule_condemns() -> None:
    for spec in catalog.manual_specs():
        category = sorted(spec.categories)[0]
        replacement = lawful_replacement(category, _kind(spec), spec.rule_id, spec.replacement or None)
        new = catalog.UnitFacts(category=category, **{k: v for k, v in replacement.facts.items()
                                                      if k in catalog.UnitFacts.__dataclass_fields__})
        assert replacement.text and not legal_findings(catalog.match_unit(new, as_of=AS_OF)), spec.rule_id


def test_banned_coal_boiler_gets_another_fuel() -> None:
    spec = catalog.rule_by_id("ind2024-boiler-coal-10t")
    assert spec is not None
    replacement = lawful_replacement("boiler", "catalogue", spec.rule_id, spec.replacement)
    assert replacement.text == BOILER_OPTIONS and "燃煤" not in replacement.text
    assert replacement.facts["fuel"] != "coal" and "燃料排放系数缺失" in replacement.note
    assert spec.replacement == ""  # no "same class" default for a fuel-specific ban


def test_banned_coal_boiler_is_valued_for_gas_by_hand() -> None:
    """4 t/h coal boiler, η 70.7 %, 5000 h at load 0.5, replaced by a GB 24500 energy-saving gas boiler (94 %):
    2.8 MW · 0.5 · 5000 h · 3600 · (100/70.7 − 100/94) = 8.835e6 MJ = 301.5 tce; the CO2 avoided is the coal
    burnt for the heat times coal's factor less the gas burnt times gas's (fuel_switch_savings, by hand below)."""
    from equipinv.fuel_switch import value_gas_switch
    from equipinv.models import Equipment

    boiler = Equipment(enterprise_id=1, asset_no="GL-1", name="燃煤蒸汽锅炉", category="boiler", fuel="coal",
                       capacity_t_h=4.0, thermal_efficiency_pct=70.7, operating_hours_per_year=5000, load_factor=0.5)
    value = value_gas_switch(boiler, on=AS_OF)
    expected = 2.8 * 0.5 * 5000 * 3600 * (100 / 70.7 - 100 / 94) / 29.3076 / 1000
    assert value.new_efficiency_pct == 94.0
    assert value.annual_saving_tce == pytest.approx(expected, rel=1e-4) and round(expected, 1) == 301.5
    from equipinv.planning.fuels import fuels

    heat = 2.8 * 0.5 * 5000 * 3600  # MJ of useful heat a year
    coal, gas = fuels()["coal"], fuels()["gas"]
    by_hand = (heat * 100 / 70.7 / coal.ncv_mj_per_unit * coal.kgco2_per_unit
               - heat * 100 / 94 / gas.ncv_mj_per_unit * gas.kgco2_per_unit) / 1000
    # within 0.5 %: GB/T 2589's NCV and its rounded kgce factor (0.7143) differ by 0.1 % for raw coal
    assert value.annual_reduction_tco2 == pytest.approx(by_hand, rel=5e-3) and value.annual_reduction_tco2 > 0
    assert "tCO2" in value.text
    unknown = value_gas_switch(Equipment(enterprise_id=1, asset_no="GL-2", name="锅炉", category="boiler",
                                         fuel="coal", capacity_t_h=4.0), on=AS_OF)
    assert unknown.annual_saving_tce is None and "thermal_efficiency_pct" in unknown.text


def test_boilers_valued_together_are_valued_as_alone() -> None:
    """A list values its banned boilers' gas options in one computation: each the same as on its own, with an
    input missing or every input there, by t/h or by MW."""
    from equipinv.fuel_switch import value_gas_switch, value_gas_switches
    from equipinv.models import Equipment

    def boiler(n: int, **fields: object) -> Equipment:
        return Equipment(enterprise_id=1, asset_no=f"GL-{n}", name="锅炉", category="boiler", fuel="coal", **fields)

    boilers = [boiler(1, capacity_t_h=4.0, thermal_efficiency_pct=70.7, operating_hours_per_year=5000, load_factor=0.5),
               boiler(2, capacity_t_h=4.0),
               boiler(3, capacity_mw=1.4, thermal_efficiency_pct=68.0, operating_hours_per_year=3000, load_factor=0.8),
               boiler(4, capacity_t_h=500.0, thermal_efficiency_pct=80.0, operating_hours_per_year=3000, load_factor=0.8),
               boiler(5, capacity_t_h=2.0, thermal_efficiency_pct=75.0, operating_hours_per_year=4000, load_factor=0.6)]
    together = value_gas_switches(boilers, on=AS_OF)
    assert together == [value_gas_switch(b, on=AS_OF) for b in boilers]
    assert len({v.text for v in together}) == len(boilers) and value_gas_switches([], on=AS_OF) == []
