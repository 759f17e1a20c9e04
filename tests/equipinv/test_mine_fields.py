"""The pieces a mine ledger goes through (issue 23): its headers, its combined 额定参数 cells read by unit
dimension, its 使用地点 read for the underground flag, its dates under 制造日期, its own 类型 words."""

from __future__ import annotations

import datetime as dt

import pytest

from equipinv import labels
from equipinv.exchange.columns import field_for_header
from equipinv.mine_location import apply_mine_type, underground_from_location
from equipinv.validation import FieldError, ValidationFailed, validate_enterprise, validate_equipment

TODAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize(("header", "field"), [
    ("设备编码", "asset_no"), ("设备代码", "asset_no"), ("类型", "category"), ("设备分类", "category"),
    ("制造日期", "year_made"), ("生产日期", "year_made"), ("出厂年月", "year_made"), ("额定参数", "rated_parameters"),
    ("主要技术参数", "rated_parameters"), ("使用地点", "location"), ("安装位置", "location"),
    ("煤安标志编号", "ma_number"), ("煤安编号", "ma_number"), ("MA编号", "ma_number"), ("安全标志证号", "ma_number"),
    ("防爆型式", "explosion_proof"), ("台数", "quantity"), ("名称", "name"), ("规格型号", "model"),
])
def test_what_mines_write_in_their_headers(header: str, field: str) -> None:
    assert field_for_header(header)[0] == field


def _clean(**raw: object) -> tuple[dict, list[FieldError]]:
    warnings: list[FieldError] = []
    return validate_equipment({"asset_no": "A", "name": "设备", **raw}, today=TODAY, warnings=warnings), warnings


@pytest.mark.parametrize(("category", "cell", "expected"), [
    ("电机", "132kW/1140V", {"rated_power_kw": 132, "voltage_kv": 1.14}),
    ("电机", "55kW 660/1140V", {"rated_power_kw": 55, "voltage_kv": 1.14}),
    ("移动变电站", "1000kVA 10/0.69kV", {"capacity_kva": 1000, "voltage_kv": 10}),
    ("矿用变压器", "630千伏安 10千伏", {"capacity_kva": 630, "voltage_kv": 10}),
    ("采煤机", "2×300kW 3300V", {"rated_power_kw": 600, "voltage_kv": 3.3}),
    ("排水泵", "280m³/h 450m 500kW", {"flow_m3_h": 280, "head_m": 450, "rated_power_kw": 500}),
])
def test_a_combined_cell_fills_its_fields_by_dimension(category: str, cell: str, expected: dict) -> None:
    clean, warnings = _clean(category=category, rated_parameters=cell)
    assert {k: clean.get(k) for k in expected} == pytest.approx(expected)
    assert warnings == []


def test_a_field_given_in_its_own_column_wins_over_the_combined_cell() -> None:
    clean, _ = _clean(category="电机", rated_power_kw="75 kW", rated_parameters="55kW 660V")
    assert (clean["rated_power_kw"], clean["voltage_kv"]) == (75, 0.66)


@pytest.mark.parametrize(("category", "cell", "expected_unit"), [
    ("变压器", "400kW", "kVA"), ("移变", "500kW 10/0.69kV", "kVA"), ("电机", "1000kVA", "kW"), ("局扇", "30kVA", "kW"),
])
def test_a_quantity_of_the_wrong_dimension_is_an_error_naming_field_value_and_unit(
        category: str, cell: str, expected_unit: str) -> None:
    with pytest.raises(ValidationFailed) as failed:
        _clean(category=category, rated_parameters=cell)
    (error,) = failed.value.errors
    assert error.field == "rated_parameters" and error.value == cell
    assert error.message.startswith(f'额定参数 "{cell}"') and f"单位 {expected_unit}" in error.message


def test_unreadable_parts_are_refused_and_unused_quantities_warned() -> None:
    with pytest.raises(ValidationFailed) as failed:  # a number without its unit is not guessed
        _clean(category="电机", rated_parameters="132kW 1140")
    assert "1140" in failed.value.errors[0].message and "无法识别" in failed.value.errors[0].message
    with pytest.raises(ValidationFailed):
        _clean(category="电机", rated_parameters="132kW/1140V/9")
    clean, _ = _clean(category="电机", rated_parameters="功率132kW，电压1140V")  # labels between are fine
    assert (clean["rated_power_kw"], clean["voltage_kv"]) == (132, 1.14)
    clean, warnings = _clean(category="开关", rated_parameters="400A 1140V")
    assert clean["voltage_kv"] == 1.14 and "400 A" in warnings[0].message


@pytest.mark.parametrize(("place", "underground"), [
    ("井下中央变电所", True), ("1201综采工作面", True), ("+450水平运输大巷", True), ("井底车场", True),
    ("2302回风顺槽", True), ("主井提升机房", None), ("地面工业广场", None), ("机修车间", None), ("", None),
])
def test_the_place_of_use_says_underground(place: str, underground: bool | None) -> None:
    assert underground_from_location(place) is underground


def test_the_ma_number_is_kept_as_printed_on_the_certificate() -> None:
    clean, _ = _clean(category="开关", ma_number="ｍａｃ 050123")
    assert clean["ma_number"] == "MAC050123"
    with pytest.raises(ValidationFailed) as failed:
        _clean(category="开关", ma_number="MA" * 21)
    assert failed.value.errors[0].field == "ma_number" and "40" in failed.value.errors[0].message


def test_the_flag_from_the_place_records_its_source_and_an_explicit_flag_wins() -> None:
    clean, _ = _clean(category="电缆", location="井下采区变电所")
    assert clean["underground_coal_mine"] is True and clean["value_sources"] == {"underground_coal_mine": "location"}
    clean, _ = _clean(category="电缆", location="井下采区变电所", underground_coal_mine="否")
    assert clean["underground_coal_mine"] is False and "value_sources" not in clean


def test_the_mine_type_decides_where_the_place_does_not() -> None:
    rows = [{"underground_coal_mine": True}, {}]
    apply_mine_type("open_pit", rows)
    assert rows == [{"underground_coal_mine": True},
                    {"underground_coal_mine": False, "value_sources": {"underground_coal_mine": "mine_type"}}]
    rows = [{}]
    apply_mine_type(None, rows)
    assert rows == [{}]
    assert validate_enterprise({"mine_type": "井工矿"}, partial=True) == {"mine_type": "underground"}
    assert validate_enterprise({"mine_type": "露天煤矿"}, partial=True) == {"mine_type": "open_pit"}
    with pytest.raises(ValidationFailed):
        validate_enterprise({"mine_type": "地下室"}, partial=True)


@pytest.mark.parametrize("made", [dt.datetime(2005, 3, 1), dt.date(2005, 3, 1), "2005-03-01", "2005年3月", 2005])
def test_a_date_under_the_year_made_gives_its_year(made: object) -> None:
    clean, _ = _clean(category="电机", year_made=made)
    assert clean["year_made"] == 2005


@pytest.mark.parametrize(("word", "code"), [
    ("开关", "mine_switchgear"), ("起动器", "mine_switchgear"), ("综保", "mine_switchgear"), ("提升机", "mine_hoist"),
    ("绞车", "mine_hoist"), ("支架", "hydraulic_support"), ("泵站", "emulsion_pump"), ("采煤机", "shearer"),
    ("掘进机", "roadheader"), ("皮带机", "belt_conveyor"), ("刮板输送机", "scraper_conveyor"),
    ("主通风机", "mine_main_fan"), ("局扇", "mine_local_fan"), ("主排水泵", "mine_drainage_pump"),
    ("电缆", "mine_cable"), ("矿用变压器", "mine_transformer"), ("移变", "mobile_substation"), ("隔爆电机", "motor"),
])
def test_the_mines_own_words_name_their_categories(word: str, code: str) -> None:
    clean, warnings = _clean(category=word)
    assert clean["category"] == code and warnings == [] and code in labels.CATEGORIES


def test_an_unknown_word_is_kept_as_other_with_a_warning_on_import_and_refused_elsewhere() -> None:
    clean, warnings = _clean(category="掘锚机")
    assert (clean["category"], clean["category_word"]) == ("other", "掘锚机")
    assert warnings[0].field == "category" and "掘锚机" in warnings[0].message and "其他" in warnings[0].message
    with pytest.raises(ValidationFailed):  # typed in the app or the CLI, a wrong category is still an error
        validate_equipment({"asset_no": "A", "name": "设备", "category": "掘锚机"}, today=TODAY)
