"""Quantities people type become canonical floats; a wrong dimension or garbage is refused by name."""

from __future__ import annotations

import pytest

from equipinv.units import QuantityError, convert, parse_quantity


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        ("rated_power_kw", "75 kW", 75.0),
        ("rated_power_kw", "75kW", 75.0),
        ("rated_power_kw", "75 KW", 75.0),
        ("rated_power_kw", "７５ｋＷ", 75.0),  # full-width, as typed with a Chinese IME
        ("rated_power_kw", "55千瓦", 55.0),
        ("rated_power_kw", "1.5 MW", 1500.0),
        ("rated_power_kw", "100 hp", 74.56998715822701),  # mechanical horsepower, 745.7 W
        ("rated_power_kw", "100马力", 73.549875),  # metric horsepower, 735.49875 W
        ("rated_power_kw", "100 PS", 73.549875),
        ("rated_power_kw", "750 W", 0.75),
        ("capacity_kva", "1250kVA", 1250.0),
        ("capacity_kva", "1250千伏安", 1250.0),
        ("capacity_kva", "1.25 MVA", 1250.0),
        ("capacity_t_h", "10 t/h", 10.0),
        ("capacity_t_h", "10蒸吨/小时", 10.0),
        ("flow_m3_min", "20 m³/min", 20.0),
        ("flow_m3_min", "1200 m3/h", 20.0),
        ("flow_m3_h", "200 m³/h", 200.0),
        ("pressure_mpa", "0.8MPa", 0.8),
        ("pressure_mpa", "800 kPa", 0.8),
        ("speed_rpm", "1480 r/min", 1480.0),
        ("energy_tce", "1000 kgce", 1.0),
        ("energy_kwh", "1 MWh", 1000.0),
        ("emission_tco2", "1500 kgCO2", 1.5),
        ("rated_power_kw", "1.5e2 kW", 150.0),
    ],
)
def test_parses_to_canonical_unit(field: str, text: str, expected: float) -> None:
    assert parse_quantity(field, text) == pytest.approx(expected, rel=1e-12)


def test_bare_number_takes_the_canonical_or_given_unit() -> None:
    assert parse_quantity("rated_power_kw", "75") == 75.0
    assert parse_quantity("rated_power_kw", 75) == 75.0
    assert parse_quantity("no_load_loss_w", "0.57", default_unit="kW") == pytest.approx(570.0)


def test_hp_and_kw_agree() -> None:
    assert parse_quantity("rated_power_kw", "100 hp") == pytest.approx(convert(100, "hp", "kW"))


@pytest.mark.parametrize(
    ("field", "text", "fragment"),
    [
        ("rated_power_kw", "1250 kVA", "不是功率单位（这是视在功率）"),
        ("capacity_kva", "75 kW", "不是视在功率（容量）单位（这是功率）"),
        ("rated_power_kw", "10 t/h", "这是质量流量"),
        ("pressure_mpa", "5 m", "这是长度"),
        ("rated_power_kw", "75 xyz", "无法识别"),
        ("rated_power_kw", "abc", "缺少数值"),
        ("rated_power_kw", "", "为空"),
        ("rated_power_kw", "kW", "缺少数值"),
    ],
)
def test_wrong_dimension_or_garbage_is_named(field: str, text: str, fragment: str) -> None:
    with pytest.raises(QuantityError) as caught:
        parse_quantity(field, text)
    message = str(caught.value)
    assert fragment in message
    assert f'"{text}"' in message and field in message  # names the value and the field
    assert "error:" in message  # English after the Chinese


def test_energy_units_are_defined_from_the_standard_coal_value() -> None:
    # 1 kgce = 29,307.6 kJ (GB/T 2589-2020); 1 kWh = 3,600 kJ -> 0.1229 kgce/kWh equivalent value
    assert convert(1, "kWh", "kgce") == pytest.approx(3600 / 29307.6)
    assert convert(1, "tce", "kgce") == 1000
