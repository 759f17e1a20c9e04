"""The ledger's columns: canonical field, the template's Chinese header, and what real ledgers call it.

One table serves the template writer (headers with units, drop-down lists) and the reader (header
recognition: Chinese or English synonyms, units in brackets, title rows and merged cells around them).
The reader also takes the canonical keys and the short aliases of `equipinv.field_keys` as headers, so a
CSV headed as `equipment add` is typed (`asset_no,name,category,power,efficiency`) reads as it does.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from equipinv import labels
from equipinv.field_keys import ALIASES, equipment_keys, resolve


@dataclass(frozen=True)
class LedgerColumn:
    field: str
    header: str  # the template's header, with its unit: "额定功率(kW)"
    synonyms: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()  # drop-down values (Chinese labels)
    width: int = 12


def _labels(enum: str) -> tuple[str, ...]:
    return tuple(labels.ENUMS[enum].values())


# --- what coal mines write (issue 23) ---------------------------------------------------------------
# Their own columns; the synonyms of existing columns they use are in MINE_SYNONYMS below.
MINE_COLUMNS: tuple[LedgerColumn, ...] = (
    LedgerColumn("rated_parameters", "额定参数", ("技术参数", "主要参数", "主要技术参数", "规格参数", "铭牌参数",
                                                 "rated parameters", "ratings"), width=18),
    LedgerColumn("location", "使用地点", ("使用位置", "安装位置", "使用场所", "所在位置", "工作地点", "使用地点及用途",
                                         "place of use"), width=18),
    LedgerColumn("explosion_proof", "防爆型式", ("防爆类型", "防爆形式", "防爆标志", "防爆等级", "防爆型号",
                                                "explosion proof type")),
    LedgerColumn("ma_number", "煤安标志编号", ("煤安编号", "煤安标志", "煤安标志号", "煤安证号", "煤安证编号",
                                              "安全标志编号", "安全标志证号", "安标编号", "MA编号", "MA标志编号",
                                              "MA number"), width=14),
    LedgerColumn("category_word", "类型原文", ("category word",)),
)
MINE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "asset_no": ("设备编码", "设备代码", "编码", "资产编码", "设备编码号", "设备编号（编码）"),
    "category": ("类型", "设备种类", "设备分类", "分类", "类型名称", "设备类型名称"),
    "year_made": ("制造日期", "生产日期", "出厂时间", "制造时间", "生产时间", "出厂年月", "制造年月", "出厂日期/年份"),
    "quantity": ("台（套）数", "台套数", "台/套"),
}

COLUMNS: tuple[LedgerColumn, ...] = (
    LedgerColumn("asset_no", "资产编号", ("设备编号", "编号", "固定资产编号", "asset no", "asset number", "tag"),
                 width=14),
    LedgerColumn("name", "设备名称", ("名称", "设备", "equipment", "equipment name", "name"), width=16),
    LedgerColumn("category", "设备类别", ("类别", "设备类型", "category", "type of equipment"), _labels("category"), 16),
    LedgerColumn("model", "型号", ("规格型号", "型号规格", "model", "model no"), width=16),
    LedgerColumn("manufacturer", "生产厂家", ("制造商", "生产厂商", "厂家", "manufacturer", "maker")),
    LedgerColumn("year_made", "出厂年份", ("出厂日期", "制造年份", "生产年份", "year made", "year of manufacture")),
    LedgerColumn("quantity", "数量(台)", ("数量", "台数", "quantity", "qty", "count")),
    LedgerColumn("rated_power_kw", "额定功率(kW)", ("功率", "额定功率", "电机功率", "装机功率", "rated power")),
    LedgerColumn("capacity_kva", "额定容量(kVA)", ("容量", "额定容量", "变压器容量", "rated capacity")),
    LedgerColumn("capacity_t_h", "额定蒸发量(t/h)", ("蒸发量", "额定蒸发量", "吨位", "steam capacity")),
    LedgerColumn("capacity_mw", "额定热功率(MW)", ("热功率", "额定热功率", "thermal power")),
    LedgerColumn("voltage_kv", "额定电压(kV)", ("电压", "额定电压", "rated voltage")),
    LedgerColumn("poles", "极数", ("电机极数", "poles", "pole number")),
    LedgerColumn("efficiency_pct", "效率(%)", ("效率", "额定效率")),
    LedgerColumn("no_load_loss_w", "空载损耗(W)", ("空载损耗", "no-load loss", "no load loss")),
    LedgerColumn("load_loss_w", "负载损耗(W)", ("负载损耗", "短路损耗", "load loss")),
    LedgerColumn("flow_m3_h", "流量(m³/h)", ("泵流量", "flow rate")),
    LedgerColumn("head_m", "扬程(m)", ("扬程",)),
    LedgerColumn("flow_m3_min", "排气量(m³/min)", ("排气量", "风量", "容积流量", "free air delivery")),
    LedgerColumn("pressure_mpa", "压力(MPa)", ("压力", "排气压力", "工作压力", "设计压力")),
    LedgerColumn("specific_power_kw_per_m3_min", "比功率(kW/(m³/min))", ("比功率", "specific power")),
    LedgerColumn("thermal_efficiency_pct", "热效率(%)", ("热效率", "锅炉热效率", "thermal efficiency")),
    LedgerColumn("fuel", "燃料", ("燃料种类", "能源种类", "fuel"), _labels("fuel")),
    LedgerColumn("emission_standard", "排放标准", ("排放阶段", "emission standard"), _labels("emission_standard")),
    LedgerColumn("vehicle_type", "车辆类型", ("车型", "vehicle type")),
    LedgerColumn("vehicle_use", "车辆用途", ("车辆使用用途", "vehicle use"), _labels("vehicle_use")),
    LedgerColumn("mileage_km", "累计行驶里程(km)", ("行驶里程", "里程")),
    LedgerColumn("commissioning_date", "投运日期", ("投运时间", "投产日期", "投入使用日期", "启用日期", "安装日期",
                                                   "commissioning date", "in service since")),
    LedgerColumn("design_life_years", "设计年限(年)", ("设计寿命", "设计使用年限", "设计年限", "design life")),
    LedgerColumn("operating_hours_per_year", "年运行小时(h)", ("年运行时间", "年运行小时", "运行小时", "operating hours")),
    LedgerColumn("load_factor", "负载率", ("平均负载率", "load factor")),
    LedgerColumn("measured_input_kw", "实测输入功率(kW)", ("实测功率", "实测输入功率", "实测有功功率", "测试功率",
                                                         "measured input power", "measured power")),
    LedgerColumn("condition", "运行情况", ("运行状况", "设备状况", "技术状况", "condition"), _labels("condition")),
    LedgerColumn("status", "使用状态", ("状态", "使用情况", "status"), _labels("status")),
    LedgerColumn("speed_rpm", "转速(r/min)", ("额定转速", "转速", "rated speed")),
    LedgerColumn("cop", "性能系数COP", ("COP", "制冷性能系数", "coefficient of performance")),
    LedgerColumn("transformer_type", "变压器类型", ("变压器型式", "绝缘介质", "transformer type"), _labels("transformer_type")),
    LedgerColumn("core_material", "铁心材料", ("铁芯材料", "铁心", "铁芯", "core material"), _labels("core_material")),
    LedgerColumn("insulation_class", "绝缘等级", ("绝缘耐热等级", "insulation class")),
    LedgerColumn("connection_group", "联结组别", ("连接组别", "联结组标号", "vector group")),
    LedgerColumn("variable_duty", "变工况运行", ("负载变化大", "变负载", "variable duty"), ("是", "否")),
    LedgerColumn("operating", "营运车辆", ("是否营运", "营运", "使用性质", "operating"), ("是", "否")),
    LedgerColumn("underground_coal_mine", "煤矿井下使用", ("井下使用", "是否井下", "underground"), ("是", "否")),
    LedgerColumn("cnc", "数控机床", ("是否数控", "数控", "CNC"), ("是", "否")),
    LedgerColumn("key_process", "关键工序", ("是否关键工序", "关键工序设备", "key process"), ("是", "否")),
    LedgerColumn("annual_distance_km", "年行驶里程(km)", ("年里程", "annual distance")),
    LedgerColumn("fuel_l_per_100km", "百公里油耗(L)", ("油耗", "百公里油耗", "fuel consumption")),
    LedgerColumn("replacement_fuel_l_per_100km", "拟购车辆百公里油耗(L)",
                 ("新车百公里油耗", "更新车辆百公里油耗", "拟购车辆油耗", "replacement fuel consumption")),
    LedgerColumn("parent_asset_no", "所属产线资产编号", ("所属设备编号", "上级设备编号", "parent asset no")),
    LedgerColumn("site", "厂区/车间", ("车间", "所在车间", "使用部门", "安装地点", "site", "workshop", "location")),
    LedgerColumn("project", "所属项目", ("项目", "项目名称", "project")),
    LedgerColumn("notes", "备注", ("说明", "notes", "remark", "remarks")),
    *MINE_COLUMNS,
)
# Rating parameters a benchmark table takes that have no column of their own (stored in `rating_params`):
# the template's header for each (the parameter's own description explains its codes), so a ledger filled
# from the template carries what grading needs and a county reads it back under the same name.
PARAMETER_HEADERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "starting": ("起动方式", ("起动/调速方式",)),
    "cooling_ic": ("冷却方式IC代码", ("IC代码", "冷却方式代码", "冷却方式(IC)")),
    "tap_changer": ("调压方式", ("分接开关",)),
    "compressor_type": ("空压机类型", ("压缩机类型", "压缩机型式")),
    "cooling": ("空压机冷却方式", ("压缩机冷却方式",)),
    "firing": ("燃烧方式", ("燃烧设备",)),
    "coal_class": ("煤种", ("设计煤种", "燃煤种类")),
    "condensing": ("冷凝式", ("是否冷凝式",)),
    "fan_type": ("风机类型", ("风机型式",)),
    "pressure_coefficient": ("压力系数", ()),
    "specific_speed": ("比转速", ()),
    "hub_ratio": ("轮毂比", ()),
    "machine_number": ("机号", ("风机机号",)),
    "blower_type": ("鼓风机类型", ("鼓风机型式",)),
    "stages": ("级数", ("泵级数",)),
    "b2_over_d2": ("叶轮出口宽度比b2/D2", ("b2/D2",)),
    "impeller_d2_mm": ("叶轮直径(mm)", ("叶轮外径",)),
    "polytropic_efficiency_pct": ("多变效率(%)", ("多变效率",)),
    "pump_type": ("泵类型", ("泵型式",)),
    "subtype": ("潜水电泵型式", ()),
    "specified_efficiency_pct": ("规定效率(%)", ("规定效率",)),
    "efficiency_tolerance_pct": ("效率容差(%)", ("效率容差",)),
    "chiller_type": ("机组类型", ("冷水机组类型",)),
    "heat_source": ("冷却/热源方式", ("热源方式",)),
    "evaluation_system": ("评价指标体系", ()),
    "cooling_capacity_kw": ("名义制冷量(kW)", ("制冷量",)),
    "heating_capacity_kw": ("名义制热量(kW)", ("制热量",)),
}


def parameter_columns() -> tuple[LedgerColumn, ...]:
    """A column for every rating parameter of the benchmark tables; one not named above keeps its code."""
    from equipinv.validation import extra_rating_parameters

    found = []
    for name, by_category in extra_rating_parameters().items():
        header, synonyms = PARAMETER_HEADERS.get(name, (name.upper(), ()))
        choices = next(iter(by_category.values())).choices
        found.append(LedgerColumn(name, header, synonyms, tuple(choices), 14))
    return tuple(found)


BY_FIELD = {c.field: c for c in COLUMNS}
REQUIRED = ("asset_no", "name", "category")

_UNIT_IN_HEADER = re.compile(r"[(\[（【]\s*([^)\]）】]+?)\s*[)\]）】]\s*$")


def normalise_header(text: object) -> tuple[str, str | None]:
    """(name, unit) of a header cell: full-width folded, spaces and line breaks removed, unit split off."""
    raw = unicodedata.normalize("NFKC", str(text or "")).strip()
    match = _UNIT_IN_HEADER.search(raw)
    unit = match.group(1).strip() if match else None
    name = raw[: match.start()] if match else raw
    return re.sub(r"[\s_:：*＊.。#＃]+", " ", name).strip().lower(), unit


def _key(name: str) -> str:
    return name.replace(" ", "")


@cache
def _lookup() -> dict[str, str]:
    """Normalised header name -> field: the canonical keys themselves (in any case, `Rated_Power_kW`), then
    the short aliases of `equipinv.field_keys` (the one table `equipment`, `classify`, `match` and `savings`
    read: a column headed `power` is `rated_power_kw` as `power=` is), then the Chinese and English headers
    above. An alias of several fields (`capacity`, `efficiency`) names its first here; each row's category
    picks its own (`header_alias`, `column_roles.alias_field`)."""
    valid, _ = equipment_keys(None)
    found: dict[str, str] = {}
    for key in valid:
        found.setdefault(_key(normalise_header(key)[0]), key)
    for alias in ALIASES:
        found.setdefault(alias, resolve(alias, valid))
    for column in COLUMNS:
        for name in (column.header, *column.synonyms, *MINE_SYNONYMS.get(column.field, ())):
            found.setdefault(_key(normalise_header(name)[0]), column.field)
    for field, (header, synonyms) in PARAMETER_HEADERS.items():
        for name in (header, *synonyms):
            found.setdefault(_key(normalise_header(name)[0]), field)
    return found


def field_for_header(text: object) -> tuple[str | None, str | None]:
    """The canonical field a header names (None if unknown), and the unit written in it.

    Canonical names themselves ("rated_power_kw", a benchmark table's "compressor_type") are accepted
    too: survey packages write them so nothing is lost on the way to the county.
    """
    from equipinv.validation import extra_rating_parameters

    name, unit = normalise_header(text)
    raw = str(text or "").strip()
    if raw in BY_FIELD or raw in extra_rating_parameters() or raw in ("value_sources", "extra"):
        return raw, None
    if raw.lower() in extra_rating_parameters():  # the template heads a parameter without a name by its code: IPLV
        return raw.lower(), None
    return _lookup().get(_key(name)), unit


def header_alias(text: object) -> str | None:
    """The short alias a header is, when that alias names a different field per category (`capacity`: kVA for
    a transformer, t/h for a boiler), so each row's field is resolved as `equipment add` resolves the key."""
    name = _key(normalise_header(text)[0])
    return name if len(ALIASES.get(name, ())) > 1 else None


def header_of(field: str) -> str:
    """The template's header of a field or rating parameter (its code when it has none)."""
    column = BY_FIELD.get(field)
    return column.header if column is not None else PARAMETER_HEADERS.get(field, (field, ()))[0]


# Headers of the enterprise sheet (key in column A, value in column B).
ENTERPRISE_FIELDS: dict[str, str] = {
    "统一社会信用代码": "credit_code", "信用代码": "credit_code", "credit code": "credit_code",
    "企业名称": "name", "单位名称": "name", "项目单位": "name", "enterprise": "name",
    "行政区划代码": "region_code", "所在地区代码": "region_code", "region code": "region_code",
    "行业代码": "industry_code", "国民经济行业代码": "industry_code", "industry code": "industry_code",
    "年综合能耗": "annual_energy_tce", "年综合能耗(tce)": "annual_energy_tce", "annual energy": "annual_energy_tce",
    "联系人": "contact_person", "填报人": "contact_person", "联系电话": "contact_phone",
    "矿井类型": "mine_type", "矿井性质": "mine_type", "开采方式": "mine_type", "mine type": "mine_type",
    "2023年设备投资额": "equipment_investment_2023_yuan", "2023年设备投资": "equipment_investment_2023_yuan",
    "equipment investment 2023": "equipment_investment_2023_yuan",
}
