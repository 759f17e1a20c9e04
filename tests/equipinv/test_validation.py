"""Ledger records as people type them: dates, enums, bounds, each problem named by field and value."""

from __future__ import annotations

import datetime as dt

import pytest

from equipinv.validation import ValidationFailed, parse_date, validate_enterprise, validate_equipment

TODAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2009-06-15", dt.date(2009, 6, 15)), ("2009-06", dt.date(2009, 6, 1)), ("2009.6", dt.date(2009, 6, 1)),
     ("2009年6月", dt.date(2009, 6, 1)), ("2009年6月15日", dt.date(2009, 6, 15)), ("2009/6/15", dt.date(2009, 6, 15)),
     ("20090615", dt.date(2009, 6, 15)), ("2009", dt.date(2009, 1, 1)), ("２００９年６月", dt.date(2009, 6, 1)),
     (dt.datetime(2009, 6, 15, 8, 30), dt.date(2009, 6, 15))],
)
def test_dates_in_the_forms_people_write(text: object, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["六月", "2009-13", "15/06/2009", "abc"])
def test_bad_dates_raise(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


def test_a_good_record_is_cleaned_to_canonical_values() -> None:
    clean = validate_equipment({"asset_no": "ＤＪ-1", "name": "主电机", "category": "电动机", "rated_power_kw": "100 hp",
                                "poles": "4", "efficiency_pct": "93.6%", "status": "在用", "condition": "良好",
                                "emission_standard": "国四", "commissioning_date": "2009.6"}, today=TODAY)
    assert clean["asset_no"] == "DJ-1"
    assert clean["category"] == "motor" and clean["status"] == "in_use" and clean["condition"] == "good"
    assert clean["emission_standard"] == "china_4"
    assert clean["rated_power_kw"] == pytest.approx(74.57, abs=0.01)
    assert clean["commissioning_date"] == dt.date(2009, 6, 1)


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("rated_power_kw", "0.1 W", "超出合理范围"),
        ("rated_power_kw", "1e9 kW", "超出合理范围"),
        ("rated_power_kw", "1250 kVA", "不是功率单位"),
        ("efficiency_pct", "101", "超出合理范围"),
        ("efficiency_pct", "-3", "超出合理范围"),
        ("commissioning_date", "2030-01-01", "晚于今天"),
        ("commissioning_date", "去年", "不是可识别的日期"),
        ("category", "cat", "不是可选值"),
        ("poles", "3", "偶数"),
        ("quantity", "1.5", "整数"),
        ("year_made", "2031", "1900至2026"),
        ("load_loss_w", "-5 W", "超出合理范围"),
    ],
)
def test_each_bad_field_is_named_with_its_value(field: str, value: str, fragment: str) -> None:
    record = {"asset_no": "A", "name": "n", "category": "motor", field: value}
    with pytest.raises(ValidationFailed) as caught:
        validate_equipment(record, today=TODAY)
    (error,) = caught.value.errors
    assert error.field == field and error.value == value
    assert fragment in error.message and f'"{value}"' in error.message and "error:" in error.message


def test_all_problems_of_a_row_are_reported_together() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_equipment({"category": "x", "poles": "5", "efficiency_pct": "abc"}, today=TODAY)
    assert {e.field for e in caught.value.errors} == {"category", "poles", "efficiency_pct", "asset_no", "name"}


def test_commissioned_before_made_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="早于出厂年份"):
        validate_equipment({"asset_no": "A", "name": "n", "category": "motor", "year_made": 2010,
                            "commissioning_date": "2005-01"}, today=TODAY)


def test_partial_edit_needs_no_required_fields() -> None:
    assert validate_equipment({"efficiency_pct": "95.1"}, partial=True) == {"efficiency_pct": 95.1}


def test_enterprise_validation() -> None:
    clean = validate_enterprise({"credit_code": "91350100m000100y43", "name": " 某企业 ", "region_code": "141181",
                                 "industry_code": "C2521", "annual_energy_tce": "12000 吨标准煤"})
    assert clean == {"credit_code": "91350100M000100Y43", "name": "某企业", "region_code": "141181",
                     "industry_code": "2521", "annual_energy_tce": 12000.0}
    with pytest.raises(ValidationFailed) as caught:
        validate_enterprise({"credit_code": "91350100M000100Y44", "name": "x", "region_code": "999999",
                             "industry_code": "C9999"})
    assert {e.field for e in caught.value.errors} == {"credit_code", "region_code", "industry_code"}


def test_an_edit_can_clear_an_optional_field_but_not_a_required_one() -> None:
    assert validate_equipment({"efficiency_pct": "", "model": " "}, partial=True) == {"efficiency_pct": None,
                                                                                   "model": None}
    with pytest.raises(ValidationFailed, match="不能为空"):
        validate_equipment({"name": ""}, partial=True)
    with pytest.raises(ValidationFailed, match="不是设备字段"):
        validate_equipment({"annual_energy_tce": "5 tce"}, partial=True)


def test_repeated_cells_get_the_same_answer_as_the_first_time() -> None:
    """Cleaning is remembered per distinct cell: a repeat must answer exactly as the first time, and
    values that compare equal but differ in type (1, 1.0, True) must still be judged apart."""
    base = {"asset_no": "A", "name": "电机", "category": "三相异步电动机"}
    for _ in range(2):
        assert validate_equipment(base | {"quantity": 2.0, "poles": 4, "commissioning_date": "2009.6"})[
            "commissioning_date"] == dt.date(2009, 6, 1)
        with pytest.raises(ValidationFailed, match="数量"):
            validate_equipment(base | {"quantity": 2.5})
        assert validate_equipment(base | {"quantity": 1})["quantity"] == 1
        with pytest.raises(ValidationFailed, match="不是整数"):
            validate_equipment(base | {"quantity": True})  # a ticked box is not a count, though True == 1
    with pytest.raises(ValidationFailed, match="晚于今天"):  # "today" is part of the remembered question
        validate_equipment(base | {"commissioning_date": "2030-01"}, today=dt.date(2029, 1, 1))
    assert validate_equipment(base | {"commissioning_date": "2030-01"}, today=dt.date(2031, 1, 1))
