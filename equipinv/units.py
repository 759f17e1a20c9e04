"""The one pint registry of equipinv, and parsing of quantities people type.

Every quantity that enters the program ("75 kW", "100 hp", "1250 kVA", "10 t/h", "55千瓦") goes through
`parse_quantity`, which converts it to the canonical unit of the field it is meant for and refuses a
wrong dimension with a message naming the field, the text and what was expected. The database stores
plain floats in the canonical unit named in the column name (`rated_power_kw`).

Choices, each made on purpose:
- apparent power gets a dimension of its own (`[apparent_power]`), so "1250 kVA" is never taken for a
  real power, and "75 kW" never for a transformer capacity;
- "hp" is the mechanical horsepower (745.7 W, pint's default); "马力" and "PS" are the metric
  horsepower (735.49875 W) as Chinese nameplates use it;
- steam output "t/h" is a mass flow; tce and kgce are energy (29,307.6 kJ/kgce, GB/T 2589-2020);
- tCO2 is a mass of CO2, kept as its own dimension so it is never added to fuel masses.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

import pint

from equipinv.errors import BadInput


def _registry() -> pint.UnitRegistry[Any]:
    """pint's definitions parsed once and cached on disk (the user's cache folder); parsing them anew
    costs a few tenths of a second at every start. Without a writable cache folder, parsed each time."""
    try:
        return pint.UnitRegistry(autoconvert_offset_to_baseunit=True, cache_folder=":auto:")
    except OSError:
        return pint.UnitRegistry(autoconvert_offset_to_baseunit=True, cache_folder=None)


UREG: pint.UnitRegistry[Any] = _registry()
UREG.define("volt_ampere = [apparent_power] = VA")
UREG.define("var = volt_ampere")
UREG.define("metric_horsepower = 735.49875 * watt = 马力")
UREG.define("kilogram_coal_equivalent = 29307.6 * kilojoule = kgce")
UREG.define("tonne_coal_equivalent = 1000 * kgce = tce")
UREG.define("carbon_dioxide_mass = [co2_mass] = CO2mass")
UREG.define("tonne_co2 = 1000 * CO2mass = tCO2")
UREG.define("kilogram_co2 = CO2mass = kgCO2")
UREG.define("yuan = [currency] = CNY = 元")
UREG.define("wan_yuan = 10000 * yuan = 万元")
UREG.define("yi_yuan = 100000000 * yuan = 亿元")
# A registry loaded from the cache keeps the derived tables (dimensionality, root units) of pint's own
# definitions, so "kVA" would still be a power: rebuild them now that ours are in, as an uncached load does.
UREG._build_cache()
Q_ = UREG.Quantity


@dataclass(frozen=True)
class FieldUnit:
    """The canonical unit of one stored field and the Chinese name of what it measures."""

    unit: str
    kind_label: str


# Canonical unit of each quantity field: what `parse_quantity(field, text)` converts to.
FIELD_UNITS: dict[str, FieldUnit] = {
    "rated_power_kw": FieldUnit("kW", "功率"),
    "measured_input_kw": FieldUnit("kW", "功率"),
    "capacity_kva": FieldUnit("kVA", "视在功率（容量）"),
    "capacity_mw": FieldUnit("MW", "功率（热功率）"),
    "no_load_loss_w": FieldUnit("W", "功率（损耗）"),
    "load_loss_w": FieldUnit("W", "功率（损耗）"),
    "voltage_kv": FieldUnit("kV", "电压"),
    "flow_m3_min": FieldUnit("m**3/min", "体积流量"),
    "flow_m3_h": FieldUnit("m**3/h", "体积流量"),
    "head_m": FieldUnit("m", "长度（扬程）"),
    "pressure_mpa": FieldUnit("MPa", "压力"),
    "capacity_t_h": FieldUnit("t/h", "质量流量（蒸发量）"),
    "speed_rpm": FieldUnit("rpm", "转速"),
    "mileage_km": FieldUnit("km", "里程"),
    "energy_kwh": FieldUnit("kWh", "能量"),
    "energy_tce": FieldUnit("tce", "能量（标准煤）"),
    "emission_tco2": FieldUnit("tCO2", "二氧化碳排放量"),
    "money_yuan": FieldUnit("yuan", "金额"),
    "annual_energy_tce": FieldUnit("tce", "能量（标准煤）"),
    "equipment_investment_2023_yuan": FieldUnit("yuan", "金额"),
    "specific_power_kw_per_m3_min": FieldUnit("kW/(m**3/min)", "比功率"),
}

FIELD_LABELS: dict[str, str] = {
    "rated_power_kw": "额定功率",
    "measured_input_kw": "实测输入功率",
    "capacity_kva": "额定容量",
    "capacity_mw": "额定热功率",
    "no_load_loss_w": "空载损耗",
    "load_loss_w": "负载损耗",
    "voltage_kv": "额定电压",
    "flow_m3_min": "流量",
    "flow_m3_h": "流量",
    "head_m": "扬程",
    "pressure_mpa": "排气压力",
    "capacity_t_h": "额定蒸发量",
    "speed_rpm": "转速",
    "mileage_km": "累计行驶里程",
    "energy_kwh": "电量",
    "energy_tce": "能耗",
    "emission_tco2": "排放量",
    "money_yuan": "金额",
    "annual_energy_tce": "年综合能耗",
    "equipment_investment_2023_yuan": "2023年设备投资额",
    "specific_power_kw_per_m3_min": "比功率",
}

# Spellings found on Chinese nameplates and ledgers, rewritten to pint names before parsing.
_SPELLINGS: list[tuple[str, str]] = [
    ("千伏安", "kVA"),
    ("千瓦时", "kWh"),
    ("度", "kWh"),
    ("兆瓦", "MW"),
    ("千瓦", "kW"),
    ("瓦", "W"),
    ("千伏", "kV"),
    ("伏", "V"),
    ("兆帕", "MPa"),
    ("千帕", "kPa"),
    ("立方米每分钟", "m**3/min"),
    ("立方米/分钟", "m**3/min"),
    ("立方米/分", "m**3/min"),
    ("立方米每小时", "m**3/h"),
    ("立方米/小时", "m**3/h"),
    ("吨每小时", "t/h"),
    ("吨/小时", "t/h"),
    ("蒸吨/小时", "t/h"),
    ("蒸吨", "t/h"),
    ("吨标准煤", "tce"),
    ("吨标煤", "tce"),
    ("千克标准煤", "kgce"),
    ("公里", "km"),
    ("千米", "km"),
    ("米", "m"),
    ("转/分", "rpm"),
    ("万元", "万元"),
    ("亿元", "亿元"),
]
_UNIT_FIXES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"m[³3]\s*/\s*min", re.IGNORECASE), "m**3/min"),
    (re.compile(r"m[³3]\s*/\s*h\b", re.IGNORECASE), "m**3/h"),
    (re.compile(r"(?<![A-Za-z])r/min\b"), "rpm"),
    (re.compile(r"(?<![A-Za-z])PS\b"), "metric_horsepower"),
    (re.compile(r"(?<![A-Za-z])kva\b", re.IGNORECASE), "kVA"),
    (re.compile(r"(?<![A-Za-z])kw\b"), "kW"),
    (re.compile(r"(?<![A-Za-z])KW\b"), "kW"),
    (re.compile(r"(?<![A-Za-z])tco2\b", re.IGNORECASE), "tCO2"),
    (re.compile(r"(?<![A-Za-z])t\s*/\s*h\b", re.IGNORECASE), "t/h"),
    (re.compile(r"(?<![A-Za-z])mpa\b", re.IGNORECASE), "MPa"),
]
_LEADING_NUMBER = re.compile(r"^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([^\d\s.+-].*)$")
_NUMBER_ONLY = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


class QuantityError(BadInput, ValueError):
    """A typed quantity that cannot be used for a field; the message is ready for a user."""

    def __init__(self, field: str, text: str, reason_zh: str, reason_en: str) -> None:
        self.field = field
        self.text = text
        self.reason_zh = reason_zh
        self.reason_en = reason_en
        label = FIELD_LABELS.get(field, field)
        super().__init__(f'{label} "{text}" {reason_zh}', f'{field} "{text}" {reason_en}', field=field, value=text)


def _normalise(text: str) -> str:
    """Full-width to half-width, Chinese unit words to pint names, tidy spaces."""
    text = unicodedata.normalize("NFKC", text).strip()
    for written, pint_name in sorted(_SPELLINGS, key=lambda pair: -len(pair[0])):
        text = text.replace(written, f" {pint_name} ")
    for pattern, replacement in _UNIT_FIXES:
        text = pattern.sub(replacement, text)
    text = _LEADING_NUMBER.sub(r"\1 \2", text, count=1)
    return re.sub(r"\s+", " ", text).strip()


@cache
def _unit(name: str) -> pint.Unit:
    return UREG.Unit(name)


def parse_quantity(field: str, text: str | float | int, *, default_unit: str | None = None) -> float:
    """Parse `text` for `field` and return it as a float in the field's canonical unit.

    A bare number is taken in `default_unit` (or the canonical unit): ledgers put units in headers.
    """
    if field not in FIELD_UNITS:
        raise KeyError(f"unknown quantity field {field!r}")
    if isinstance(text, bool):
        raise QuantityError(field, str(text), "不是数值", "is not a number")
    if isinstance(text, (int, float)):
        return _bare_number(field, float(text), default_unit, str(text))
    raw = str(text)
    cleaned = _normalise(raw)
    if not cleaned:
        raise QuantityError(field, raw, "为空", "is empty")
    if not any(ch.isdigit() for ch in cleaned):
        raise QuantityError(field, raw, "缺少数值", "has no number")
    if _NUMBER_ONLY.match(cleaned):
        return _bare_number(field, float(cleaned), default_unit, raw)
    number_and_unit = _LEADING_NUMBER.match(cleaned)
    if number_and_unit:  # the usual "75 kW": convert by a cached factor, pint parses each unit text once
        factor, problem = _factor(field, number_and_unit.group(2))
        if problem is None:
            return float(number_and_unit.group(1)) * factor
        if problem[0] != "unparsed":
            raise QuantityError(field, raw, *problem)
    try:
        quantity = UREG.parse_expression(cleaned)
    except Exception as exc:  # pint raises many kinds for garbage text
        raise QuantityError(field, raw, "无法识别为数值和单位", "cannot be read as a number with a unit") from exc
    if not isinstance(quantity, pint.Quantity):
        raise QuantityError(field, raw, "缺少数值", "has no number")
    return float(_to_canonical(field, quantity, raw))


def _bare_number(field: str, value: float, default_unit: str | None, raw: str) -> float:
    """A number without a unit is in `default_unit`, else already in the field's canonical unit."""
    if value != value or value in (float("inf"), float("-inf")):
        raise QuantityError(field, raw, "不是有限数值", "is not a finite number")
    if default_unit is None or default_unit == FIELD_UNITS[field].unit:
        return value
    factor, problem = _factor(field, default_unit)
    if problem is None:
        return value * factor
    if problem[0] == "unparsed":
        raise KeyError(f"unknown default unit {default_unit!r}")  # a programming error, not user input
    raise QuantityError(field, raw, *problem)


@cache
def _factor(field: str, unit_text: str) -> tuple[float, tuple[str, str] | None]:
    """(multiplier to the field's canonical unit, None) or (0, (reason_zh, reason_en)) for a unit text.

    ("unparsed", ...) means the text is not a plain unit and the full expression parser must decide.
    """
    try:
        unit = UREG.parse_units(unit_text)
    except Exception:  # pint raises many kinds for text that is not a unit
        return 0.0, ("unparsed", "")
    try:
        return _to_canonical(field, Q_(1.0, unit), unit_text), None
    except QuantityError as exc:
        return 0.0, (exc.reason_zh, exc.reason_en)


def _to_canonical(field: str, quantity: pint.Quantity[Any], raw: str) -> float:
    canonical = FIELD_UNITS[field]
    target = _unit(canonical.unit)
    if quantity.dimensionality != target.dimensionality:
        got = describe_dimension(quantity)
        raise QuantityError(
            field,
            raw,
            f"不是{canonical.kind_label}单位（这是{got}）",
            f"is not in a unit of {canonical.unit}, got {quantity.units:~}",
        )
    value = float(quantity.to(target).magnitude)
    if value != value or value in (float("inf"), float("-inf")):
        raise QuantityError(field, raw, "不是有限数值", "is not a finite number")
    return value


# A representative unit for each dimension a user may type by mistake, with its Chinese name.
_DIMENSION_EXAMPLES: tuple[tuple[str, str], ...] = (
    ("kVA", "视在功率"),
    ("kW", "功率"),
    ("kWh", "能量"),
    ("MPa", "压力"),
    ("m**3/min", "体积流量"),
    ("t/h", "质量流量"),
    ("m", "长度"),
    ("kg", "质量"),
    ("V", "电压"),
    ("A", "电流"),
    ("rpm", "转速"),
    ("yuan", "金额"),
)


_UNITS_IN_TEXT = ("m**3/min", "m**3/h", "t/h", "rpm", "metric_horsepower", "hp", "MVA", "kVA", "VA", "MW", "kW", "W",
                  "kV", "V", "kA", "A", "MPa", "kPa", "m")
_QUANTITY_IN_TEXT = re.compile(
    r"(?:(?P<times>\d+)\s*[×xX*]\s*)?(?P<numbers>\d+(?:\.\d+)?(?:\s*/\s*\d+(?:\.\d+)?)*)\s*"
    r"(?P<unit>" + "|".join(re.escape(u) for u in _UNITS_IN_TEXT) + r")(?![A-Za-z*])")


def split_quantities(text: str) -> list[tuple[pint.Quantity[Any], str]]:
    """Every quantity in a cell that holds several ("132kW/1140V", "1000kVA 10/0.69kV", "2×55kW 660/1140V"),
    each with the text it was read from: "660/1140V" gives two voltages, "2×55kW" one of 110 kW.

    Raises ValueError with the part that is not a number with a unit, so nothing typed is dropped silently.
    """
    cleaned = _normalise(str(text))
    found: list[tuple[pint.Quantity[Any], str]] = []
    leftover, position = [], 0
    for m in _QUANTITY_IN_TEXT.finditer(cleaned):
        leftover.append(cleaned[position:m.start()])
        position = m.end()
        unit = _unit(m.group("unit"))
        times = int(m.group("times") or 1)
        for number in m.group("numbers").split("/"):
            found.append((Q_(float(number) * times, unit), m.group(0).strip()))
    rest = "".join(leftover) + cleaned[position:]
    if any(ch.isdigit() for ch in rest) or not found:
        raise ValueError(rest.strip() or cleaned)
    return found


def field_for_dimension(quantity: pint.Quantity[Any], fields: tuple[str, ...]) -> str | None:
    """The first of `fields` whose canonical unit has the dimension of `quantity`."""
    return next((f for f in fields if _unit(FIELD_UNITS[f].unit).dimensionality == quantity.dimensionality), None)


def describe_dimension(quantity: pint.Quantity[Any]) -> str:
    """A Chinese name for the dimension of `quantity`, for error messages."""
    for example, label in _DIMENSION_EXAMPLES:
        if quantity.dimensionality == _unit(example).dimensionality:
            return label
    if quantity.dimensionless:
        return "无量纲数"
    return str(quantity.dimensionality)


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert a plain float between two units of the registry."""
    return float(Q_(value, from_unit).to(to_unit).magnitude)
