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
    assert c.fuel_kgce_per_unit["gas"] is None
    assert "fuel_kgce_per_unit.gas" in MISSING
    assert c.kgce_per_kwh_equal_value is None
    assert c.with_overrides({"electricity_basis": "equal"}).electricity_kgce_per_kwh() is None
    assert Economics().fuel_price_yuan_per_unit["coal"] is None


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
