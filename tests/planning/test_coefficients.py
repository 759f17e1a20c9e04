"""Coefficient and economics defaults: sourced values, missing values, and validated overrides."""

import pytest

from equipinv.planning.coefficients import MISSING, SOURCES, Coefficients, Economics


def test_sourced_defaults():
    c = Coefficients()
    assert c.kgce_per_kwh == 0.1229
    assert c.grid_kgco2_per_kwh == 0.5306 and c.grid_factor_year == 2023
    assert c.fuel_kgce_per_unit["coal"] == 0.7143
    assert c.kj_per_kgce == 29307.6
    assert "GB/T 2589-2020" in SOURCES["kgce_per_kwh"]


def test_unsourced_values_are_missing_not_guessed():
    c = Coefficients()
    assert c.fuel_kgce_per_unit["biomass"] is None and "fuel_kgce_per_unit.biomass" in MISSING
    assert SOURCES["fuel_kgce_per_unit.biomass"].startswith("missing")
    # biomass CO2 is not a missing factor but a rule: GB/T 32150-2015 keeps it out of the total
    assert c.fuel_kgco2_per_unit["biomass"] == 0.0 and "fuel_kgco2_per_unit.biomass" not in MISSING
    assert SOURCES["fuel_kgco2_per_unit.biomass"].startswith("RULE") and "GB/T 32150-2015" in SOURCES[
        "fuel_kgco2_per_unit.biomass"]
    assert not any(key.startswith("fuel_kg_per_litre") for key in MISSING)  # densities are stated
    assert Economics().fuel_price_yuan_per_unit["coal"] is None


def test_purchased_heat_and_cng_have_stated_factors():
    c = Coefficients()
    # heat: GB/T 2589-2020 0.03412 kgce/MJ; GB/T 32150 default 0.11 tCO2/GJ = 0.11 kgCO2/MJ
    assert c.fuel_kgce_per_unit["heat"] == 0.03412 and c.fuel_kgco2_per_unit["heat"] == 0.11
    assert "0.11 tCO2/GJ" in SOURCES["fuel_kgco2_per_unit.heat"] and "GB/T 32150" in SOURCES["fuel_kgco2_per_unit.heat"]
    # CNG per standard m3 is natural gas: the same factors, and the assumption is said
    assert c.fuel_kgce_per_unit["cng"] == c.fuel_kgce_per_unit["gas"]
    assert c.fuel_kgco2_per_unit["cng"] == c.fuel_kgco2_per_unit["gas"]
    assert SOURCES["fuel_kgco2_per_unit.cng"].startswith("ASSUMPTION")


def test_fuel_factors_from_heat_value_carbon_content_and_oxidation():
    # natural gas: NCV 389.31 GJ/10^4 Nm3 = 38.931 MJ/m3 -> 38931 / 29307.6 = 1.32836 kgce/m3;
    # CO2 = 38.931 MJ * 0.0153 kgC/MJ * 0.99 * 44/12 = 2.16219 kg/m3
    c = Coefficients()
    assert c.fuel_kgce_per_unit["gas"] == pytest.approx(38931 / 29307.6)
    assert c.fuel_kgco2_per_unit["gas"] == pytest.approx(38.931 * 0.0153 * 0.99 * 44 / 12)
    # raw coal keeps GB/T 2589-2020's 0.7143 kgce/kg; CO2 of its 20.908 MJ at bituminous carbon content
    assert c.fuel_kgce_per_unit["coal"] == 0.7143
    assert c.fuel_kgco2_per_unit["coal"] == pytest.approx(20.908 * 0.02618 * 0.93 * 44 / 12)
    assert "ASSUMPTION" in SOURCES["fuel_kgco2_per_unit.coal"] and "GB/T 32150-2015" in SOURCES[
        "fuel_kgco2_per_unit.coal"]
    for code in ("washed_coal", "coke", "coke_oven_gas", "blast_furnace_gas", "lpg", "oil"):
        assert c.fuel_factor("kgce", code) > 0 and c.fuel_factor("kgco2", code) > 0, code
    # fuels counted in litres: per kg times the density (GB 19147 / GB 17930 mid-range, stated as assumptions)
    assert c.fuel_kg_per_litre == {"diesel": 0.830, "petrol": 0.7475}
    assert c.fuel_factor("kgce", "diesel") == pytest.approx(43.33 * 0.83 / 29.3076)
    assert c.fuel_factor("kgco2", "petrol") == pytest.approx(44.80 * 0.7475 * 0.0189 * 0.98 * 44 / 12)
    assert "GB 19147-2013" in SOURCES["fuel_kg_per_litre.diesel"] and "ASSUMPTION" in SOURCES["fuel_kg_per_litre.diesel"]
    assert "× 0.83 kg/L" in SOURCES["fuel_kgce_per_unit.diesel"]
    # the user's own density revalues the litre; the user's own per-litre factor wins over both
    d = c.with_overrides({"fuel_kg_per_litre": {"diesel": 0.85}})
    assert d.fuel_factor("kgce", "diesel") == pytest.approx(43.33 * 0.85 / 29.3076)
    assert d.fuel_factor("kgco2", "diesel") == pytest.approx(43.33 * 0.85 * 0.0202 * 0.98 * 44 / 12)
    e = c.with_overrides({"fuel_kgco2_per_unit": {"diesel": 2.7}})
    assert e.fuel_factor("kgco2", "diesel") == 2.7


def test_equal_value_of_a_named_year():
    c = Coefficients()
    assert (c.kgce_per_kwh_equal_value, c.equal_value_year) == (0.3007, 2022)
    assert "2022" in SOURCES["kgce_per_kwh_equal_value"]
    assert c.with_overrides({"electricity_basis": "equal"}).electricity_kgce_per_kwh() == 0.3007
    assert c.electricity_kgce_per_kwh() == 0.1229  # the default basis stays the equivalent value


def test_overrides_merge_fuel_tables():
    c = Coefficients().with_overrides({"fuel_kgce_per_unit": {"gas": 1.2143}})
    assert c.fuel_kgce_per_unit["gas"] == 1.2143
    assert c.fuel_kgce_per_unit["coal"] == 0.7143
    e = Economics().with_overrides({"discount_rate": 0.05, "electricity_price_yuan_per_kwh": 0.7})
    assert (e.discount_rate, e.electricity_price_yuan_per_kwh) == (0.05, 0.7)
    assert Economics().discount_rate == 0.08  # the original is untouched (frozen)


@pytest.mark.parametrize(
    "cls, key, value",
    [
        (Economics, "discount_rate", 3.0),
        (Economics, "discount_rate", -0.01),
        (Economics, "electricity_price_yuan_per_kwh", -0.5),
        (Economics, "investment_subsidy_share", 1.5),
        (Economics, "horizon_years", 0),
        (Economics, "no_such_key", 1),
        (Coefficients, "grid_kgco2_per_kwh", -1),
        (Coefficients, "electricity_basis", "both"),
    ],
)
def test_bad_overrides_name_key_and_value(cls, key, value):
    with pytest.raises(ValueError) as err:
        cls().with_overrides({key: value})
    message = str(err.value)
    assert message.startswith("错误") and "(error:" in message
    assert key in message and repr(value) in message


def test_negative_fuel_price_rejected():
    with pytest.raises(ValueError, match="fuel_price_yuan_per_unit.coal"):
        Economics().with_overrides({"fuel_price_yuan_per_unit": {"coal": -1}})
