"""The Chinese name of anything a message may have to mention: a ledger field, a planner input, a rule.

Internal names (`benchmark_level`, `coefficients.fuel_kgce_per_unit.diesel`, `miit-b2-1-1`) stay in JSON
output; tables, lists and messages say them the way the category registry, the benchmark tables and the
catalogues name them. One module, so the CLI, the lists and the TUI never disagree on a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from equipinv import labels

#: Pseudo-fields counted by the consolidation's completeness score.
_PSEUDO = {"rating": "额定参数（功率、容量或蒸发量）", "rule_value": "规则数值（无可靠来源）",
           "benchmark_level": "能效水平（2024年版对标结果）", "frame": "机座号（由型号读出）",
           "pressure_mpa": "压力"}  # the benchmark tables name it per category (排气压力); the ledger's is any pressure
#: What the planner's savings models may lack beyond the ledger's fields (`equipinv.planning.savings`).
_PLANNER_INPUTS = {"fuel_per_100km": "百公里油耗", "measured_input_kw": "实测输入功率", "flow_fraction": "平均流量比",
                   "heat_output_mj_per_year": "年供热量", "price": "设备单价", "proposed_kw": "拟更新设备功率",
                   "savings_model": "节能计算模型", "compressor_control": "空压机控制方式", "power_share": "功率占比"}
_COEFFICIENTS = {"kgce_per_kwh_equal_value": "电力折标准煤系数（等价值）",
                 "kgce_per_kwh": "电力折标准煤系数", "grid_kgco2_per_kwh": "电网排放因子",
                 "fuel_price_yuan_per_unit": "燃料价格", "electricity_price_yuan_per_kwh": "电价"}
_PER_FUEL = {"fuel_kgce_per_unit": "折标准煤系数", "fuel_kgco2_per_unit": "二氧化碳排放系数",
             "fuel_price_yuan_per_unit": "价格"}
_ENGLISH_TAIL = re.compile(r"\s*\((?:error|warning|missing|no |[A-Za-z_]+ )[^()]*\)\s*$")


@cache
def _names() -> dict[str, str]:
    from efficiency_tables import PARAMETERS
    from equipinv.validation import FIELD_NAMES_ZH

    names = {p.name: p.short_label for params in PARAMETERS.values() for p in params}
    return names | _PLANNER_INPUTS | FIELD_NAMES_ZH | _PSEUDO


def field_label(name: str) -> str:
    """"load_factor" -> "负载率"; a name no registry knows is returned as it is."""
    return _names().get(name, name)


def input_label(name: str) -> str:
    """A planner input: a ledger field, the replacement's ("new.efficiency_pct" -> "更新后设备的效率") or a
    coefficient or price of the configuration file ("coefficients.fuel_kgce_per_unit.diesel" -> "柴油折标准煤系数（配置文件
    [coefficients]）")."""
    if name.startswith("new."):
        return f"更新后设备的{field_label(name.removeprefix('new.'))}"
    section, _, rest = name.partition(".")
    if section in ("coefficients", "economics") and rest:
        key, _, fuel = rest.partition(".")
        what = (f"{labels.label('fuel', fuel)}{_PER_FUEL[key]}" if fuel and key in _PER_FUEL
                else _COEFFICIENTS.get(key, key))
        return f"{what}（配置文件 [{section}]）"
    return field_label(name)


def field_list(names: Iterable[str]) -> str:
    """"负载率、年运行小时" for a list of fields or inputs."""
    return "、".join(dict.fromkeys(input_label(n) for n in names))


def rule_title(rule_id: str) -> str:
    """How a table names a catalogue row or rule: its document and clause ("《…》第1-1项"), not its id."""
    import catalog

    spec = catalog.rule_by_id(rule_id)
    return spec.citation if spec is not None else rule_id


def chinese_part(text: str) -> str:
    """A message without its English tail ("缺少效率 (missing efficiency_pct)" -> "缺少效率"), for forms and
    tables; the CLI's error lines keep both."""
    return _ENGLISH_TAIL.sub("", text)
