"""A ledger's combined 额定参数 cell ("132kW/1140V", "1000kVA 10/0.69kV", "55kW 660/1140V") read into fields.

Mines write a unit's ratings in one cell. Each quantity goes to the field of its dimension (power to
rated_power_kw, apparent power to capacity_kva, voltage to voltage_kv ...) through equipinv.units; a
dual-voltage or two-winding rating keeps its highest voltage, the one the equipment is built for. A
quantity of a dimension the category does not have (kW on a transformer, kVA on a motor) is an error
naming the field, the value and the unit expected, never a value stored in the wrong place.
"""

from __future__ import annotations

from typing import Any

import pint

from equipinv import labels
from equipinv.units import FIELD_UNITS, field_for_dimension, split_quantities

FIELD = "rated_parameters"
# Fields a combined cell may fill, in the order a dimension is looked up.
_FIELDS = ("rated_power_kw", "capacity_kva", "voltage_kv", "flow_m3_h", "head_m", "pressure_mpa", "capacity_t_h",
           "speed_rpm")
# Categories rated by apparent power; every other category that is rated at all is rated in kW.
_APPARENT_POWER = frozenset({"transformer", "mine_transformer", "mobile_substation"})
_EITHER = frozenset({"other"})


class RatedParametersError(ValueError):
    """The cell cannot be used for the unit's category; `zh` / `en` are ready for the row's message."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh)
        self.zh, self.en = zh, en


def _wrong(category: str) -> str | None:
    """The field a category may not be rated in."""
    if category in _EITHER:
        return None
    return "rated_power_kw" if category in _APPARENT_POWER else "capacity_kva"


def read_rated_parameters(text: object, category: str | None) -> tuple[dict[str, float], list[str]]:
    """(fields in canonical units, warnings for quantities no field takes) of one combined cell."""
    try:
        quantities = split_quantities(str(text))
    except ValueError as exc:
        raise RatedParametersError(f"中“{exc}”无法识别为数值和单位",
                                   f"has a part that is not a number with a unit: {exc}") from exc
    fields: dict[str, float] = {}
    warnings: list[str] = []
    wrong = _wrong(category or "other")
    flow_fields = ("flow_m3_min",) if category == "air_compressor" else ()
    for quantity, written in quantities:
        name = field_for_dimension(quantity, flow_fields + _FIELDS)
        if name is None:
            warnings.append(f'额定参数 "{text}" 中的 {written} 未录入：没有对应的字段 '
                            f'(warning: rated_parameters "{text}": {written} has no field)')
            continue
        if name == wrong:
            expected = "rated_power_kw" if wrong == "capacity_kva" else "capacity_kva"
            raise RatedParametersError(
                f"中的 {written} 不是{labels.label('category', category)}的参数：应为{FIELD_UNITS[expected].kind_label}，"
                f"单位 {FIELD_UNITS[expected].unit}",
                f"{written} is not a rating of a {category}; expected a unit of {FIELD_UNITS[expected].unit}")
        value = _canonical(quantity, name)
        fields[name] = max(value, fields.get(name, value)) if name == "voltage_kv" else fields.get(name, value)
    return fields, warnings


def _canonical(quantity: pint.Quantity[Any], name: str) -> float:
    return round(float(quantity.to(FIELD_UNITS[name].unit).magnitude), 9)  # 1140 V -> 1.14 kV, not 1.1400000000000001
