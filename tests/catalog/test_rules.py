"""Rules that are not model lists: vehicle scrapping by type (exact at the day before / on / after the
limit), the truck emission campaign, pressure vessels by service years and design life, the rules whose
values have no source (cannot decide), and the benchmark access level passed in as a field."""

from datetime import date, timedelta

import pytest

from catalog import UnitFacts, match_unit

AS_OF = date(2026, 11, 22)


def found(unit, as_of=AS_OF, horizon_days=0):
    return {f.rule_id: f for f in match_unit(unit, as_of, horizon_days)}


def truck(**kw):
    base = dict(category="truck", vehicle_type="truck_heavy", commissioning_date=date(2011, 11, 22), mileage_km=100_000)
    return UnitFacts(**(base | kw))


@pytest.mark.parametrize("vehicle_type,years", [("truck_heavy", 15), ("truck_mini", 12), ("truck_hazmat", 10),
                                                ("taxi_small", 8), ("bus_public", 13), ("low_speed_truck_single_cyl", 9)])
def test_age_limit_exact_at_the_boundary(vehicle_type, years):
    limit = date(2010, 3, 15)
    registered = date(limit.year - years, 3, 15)
    rid = f"vehicle-scrap-age.{vehicle_type}"
    u = UnitFacts(category="vehicle", vehicle_type=vehicle_type, commissioning_date=registered, mileage_km=1)
    assert rid not in found(u, limit - timedelta(days=1))
    on = found(u, limit)[rid]
    assert on.outcome == "match" and on.kind == "mandatory" and on.deadline == limit and on.deadline_label == "立即"
    assert found(u, limit + timedelta(days=1))[rid].deadline == limit
    assert f"{years}年" in on.citation and "令2012年第12号" in on.citation


def test_horizon_gives_the_future_date():
    u = truck(commissioning_date=date(2012, 6, 30))
    assert "vehicle-scrap-age.truck_heavy" not in found(u)
    f = found(u, horizon_days=365)["vehicle-scrap-age.truck_heavy"]
    assert f.deadline == date(2027, 6, 30) and f.deadline_label == "2027-06-30"


def test_leap_day_registration_reaches_the_limit_on_28_february():
    u = UnitFacts(category="truck", vehicle_type="truck_heavy", commissioning_date=date(2012, 2, 29))
    assert found(u, date(2027, 2, 28))["vehicle-scrap-age.truck_heavy"].deadline == date(2027, 2, 28)
    assert "vehicle-scrap-age.truck_heavy" not in found(u, date(2027, 2, 27))


def test_types_without_age_limit_and_chinese_type_labels():
    private = found(UnitFacts(category="vehicle", vehicle_type="passenger_private_small", commissioning_date=date(1990, 1, 1),
                              mileage_km=599_999))
    assert not any(r.startswith("vehicle-scrap-age") for r in private)
    assert "vehicle-guidance-mileage.passenger_private_small" not in private
    label = found(truck(vehicle_type="重型载货汽车（包括半挂牵引车和全挂牵引车）"))
    assert "vehicle-scrap-age.truck_heavy" in label


def test_guidance_mileage_is_advisory_and_exact():
    at = found(truck(mileage_km=700_000, commissioning_date=date(2020, 1, 1)))["vehicle-guidance-mileage.truck_heavy"]
    assert at.kind == "advisory" and at.outcome == "match"
    assert "vehicle-guidance-mileage.truck_heavy" not in found(truck(mileage_km=699_999))
    assert found(truck(mileage_km=None))["vehicle-guidance-mileage.truck_heavy"].missing_fields == ("mileage_km",)


def test_unknown_vehicle_type_or_date_cannot_decide():
    f = found(UnitFacts(category="truck", vehicle_type="飞行汽车"))["vehicle-scrap-age"]
    assert f.outcome == "cannot_decide" and f.missing_fields == ("commissioning_date", "vehicle_type")
    g = found(truck(commissioning_date="not a date"))["vehicle-scrap-age.truck_heavy"]
    assert g.missing_fields == ("commissioning_date",) and "投运/注册登记日期" in g.note


def test_china_iv_operating_diesel_truck():
    rid = "diesel-truck-china4"
    f = found(truck(fuel="diesel", emission_standard="china_4", operating=True))[rid]
    assert f.kind == "advisory" and "晋政发〔2024〕10号" in f.citation and f.deadline_label == "按主管部门规定期限"
    assert rid in found(truck(fuel="柴油", emission_standard="国三", operating="营运"))
    assert rid not in found(truck(fuel="diesel", emission_standard="china_5", operating=True))
    assert rid not in found(truck(fuel="diesel", emission_standard="china_4", operating=False))
    assert rid not in found(truck(fuel="petrol", emission_standard="china_4", operating=True))
    assert found(truck(fuel="diesel"))[rid].missing_fields == ("emission_standard", "operating")


def test_china_i_operating_petrol_truck():
    assert found(truck(fuel="petrol", emission_standard="国一", operating=True))["petrol-truck-china1"].outcome == "match"
    assert "petrol-truck-china1" not in found(truck(fuel="petrol", emission_standard="china_2", operating=True))


def vessel(commissioned, life=None):
    return UnitFacts(category="pressure_vessel", commissioning_date=commissioned, design_life_years=life)


def test_pressure_vessel_more_than_20_years_in_service():
    rid = "pressure-vessel-design-life"
    start = date(2006, 11, 22)  # exactly 20 years on AS_OF: not yet "超过20年"
    assert found(vessel(start, 30), AS_OF).get(rid) is None
    after = found(vessel(start, 30), AS_OF + timedelta(days=1))[rid]
    assert after.kind == "safety_assessment" and "沁政发〔2024〕13号" in after.citation
    assert found(vessel(start), AS_OF)[rid].missing_fields == ("design_life_years",)
    assert found(vessel(start), AS_OF + timedelta(days=1))[rid].outcome == "match"


def test_pressure_vessel_at_design_life():
    rid = "pressure-vessel-design-life"
    start = date(2016, 11, 22)
    assert found(vessel(start, 10), AS_OF)[rid].outcome == "match"
    assert rid not in found(vessel(start, 10), AS_OF - timedelta(days=1))
    assert found(vessel(None, 10))[rid].missing_fields == ("commissioning_date",)


@pytest.mark.parametrize("category,rid", [("elevator", "elevator-old"), ("farm_machine", "farm-machine-old")])
def test_rules_without_a_sourced_value_cannot_decide(category, rid):
    f = found(UnitFacts(category=category, commissioning_date=date(1990, 1, 1)))[rid]
    assert f.outcome == "cannot_decide" and f.missing_fields == ("rule_value",)
    assert "cannot decide" in f.note and "未找到来源" in f.note


def test_benchmark_level_passed_in():
    rid = "benchmark-below-access"
    f = found(UnitFacts(category="pump", benchmark_level="below_access"))[rid]
    assert f.kind == "advisory" and "发改环资规〔2024〕127号" in f.citation and "节能水平" in f.replacement
    assert rid not in found(UnitFacts(category="pump", benchmark_level="access"))
    assert found(UnitFacts(category="pump", benchmark_level="ungraded"))[rid].missing_fields == ("benchmark_level",)
    assert rid not in found(UnitFacts(category="truck", benchmark_level="below_access"))


def test_finding_to_dict_is_json_ready():
    d = found(truck(fuel="diesel", emission_standard="china_4", operating=True))["vehicle-scrap-age.truck_heavy"].to_dict()
    assert d["deadline"] == "2026-11-22" and d["kind_label"] == "强制淘汰" and d["outcome_label"] == "命中"
    assert isinstance(d["missing_fields"], list)
