"""The rating and metric parameters each category takes (canonical names, units, Chinese descriptions).

The CLI's ``classify --help`` prints these; the grader reads the same names from its inputs. Every
quantity is a plain float in the unit named here; enumerated strings list their allowed codes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Parameter:
    name: str
    unit: str  # "" for codes and counts
    label: str  # Chinese description shown to users
    kind: str = "float"  # "float" or "str"
    choices: tuple[str, ...] = ()
    required: bool = True  # False: needed only for some rows of the table (the reason says so)

    @property
    def short_label(self) -> str:
        """The label without its explanation (for messages)."""
        return self.label.split("：")[0].split("（")[0]


def _p(name: str, unit: str, label: str, kind: str = "float", choices: tuple[str, ...] = (),
       required: bool = True) -> Parameter:
    return Parameter(name, unit, label, kind, choices, required)


_CHILLER_METRICS = (
    ("iplv", "IPLV 综合部分负荷性能系数"), ("cspf", "CSPF 制冷季节性能系数"), ("accop", "ACCOP 全年综合性能系数"),
    ("copc", "COPc 制冷性能系数"), ("hspf", "HSPF 制热季节性能系数"), ("apf", "APF 全年性能系数"),
    ("acop", "ACOP 全年综合性能系数"), ("cop", "COP 性能系数"), ("coph_high_temp", "COPH 高温热泵制热性能系数"),
    ("aeer", "AEER 全年能效比"), ("eer", "EER 能效比"), ("iplv_i", "IPLV(I) 一体式机组综合部分负荷性能系数"),
    ("cop_i", "COP(I) 一体式机组性能系数"), ("copdh", "COPdh 低温制热性能系数"), ("coph", "COPh 制热性能系数"),
)

_POWER = _p("rated_power_kw", "kW", "额定功率")
_POLES = _p("poles", "", "极数")
_EFF = _p("efficiency_pct", "%", "效率（额定工况）")
_VOLT = _p("voltage_kv", "kV", "额定电压")
_IC = _p("cooling_ic", "", "冷却方式 IC 代码（如 IC411、IC611、IC81W）", "str")

PARAMETERS: dict[str, tuple[Parameter, ...]] = {
    "motor": (_POWER, _POLES, _EFF),
    "pm_motor": (_POWER, _POLES, _VOLT,
                 _p("starting", "", "起动/调速方式：line_start 异步起动，vf 变频调速（未编码）", "str",
                    ("line_start", "vf")),
                 _p("cooling_ic", "", "冷却方式 IC 代码（3 kV 及以上必填）", "str", required=False), _EFF),
    "hv_motor": (_POWER, _POLES, _VOLT, _IC, _EFF),
    "transformer": (
        _p("capacity_kva", "kVA", "额定容量"),
        _p("transformer_type", "", "类型：oil 油浸式，dry 干式", "str", ("oil", "dry")),
        _p("voltage_kv", "kV", "高压侧电压等级（10 或 35；缺省时按容量推定）", required=False),
        _p("core_material", "", "铁心材料：steel 电工钢带，amorphous 非晶合金（10 kV 必填）", "str",
           ("steel", "amorphous"), required=False),
        _p("connection_group", "", "联结组别：Dyn11、Yzn11、Yyn0（10 kV 油浸式 630 kVA 以下必填）", "str",
           ("Dyn11", "Yzn11", "Yyn0"), required=False),
        _p("insulation_class", "", "绝缘耐热等级：B、F、H（干式必填）", "str", ("B", "F", "H"), required=False),
        _p("tap_changer", "", "调压方式：off_circuit 无励磁，on_load 有载（35 kV 必填）", "str",
           ("off_circuit", "on_load"), required=False),
        _p("no_load_loss_w", "W", "空载损耗"),
        _p("load_loss_w", "W", "负载损耗"),
    ),
    "air_compressor": (
        _p("compressor_type", "", "类型：rotary_fixed 喷油回转（工频），rotary_vsd 变转速喷油回转，piston 往复活塞，"
           "piston_oil_free 全无油往复活塞", "str", ("rotary_fixed", "rotary_vsd", "piston", "piston_oil_free")),
        _p("cooling", "", "冷却方式：air 风冷，liquid 液冷（回转式必填）", "str", ("air", "liquid"), required=False),
        _p("rated_power_kw", "kW", "驱动电动机额定功率"),
        _p("pressure_mpa", "MPa", "额定排气压力（表压）"),
        _p("specific_power_kw_per_m3_min", "kW/(m³/min)", "机组比功率"),
    ),
    "boiler": (
        _p("fuel", "", "燃料：coal 煤，gas 天然气，oil 燃油，biomass 生物质，electric 电", "str",
           ("coal", "gas", "oil", "biomass", "electric")),
        _p("firing", "", "燃烧方式：grate 层燃，fluidized_bed 流化床，chamber 室燃（燃煤、燃气、燃油必填）", "str",
           ("grate", "fluidized_bed", "chamber"), required=False),
        _p("coal_class", "", "煤种：bituminous_1/2/3 烟煤Ⅰ/Ⅱ/Ⅲ类，lean 贫煤，anthracite_2/3 无烟煤Ⅱ/Ⅲ类，lignite 褐煤"
           "（层燃、流化床燃煤必填）", "str",
           ("bituminous_1", "bituminous_2", "bituminous_3", "lean", "anthracite_2", "anthracite_3", "lignite"),
           required=False),
        _p("condensing", "", "是否冷凝式：yes/no（燃气必填）", "str", ("yes", "no"), required=False),
        _p("capacity_t_h", "t/h", "额定蒸发量（蒸汽锅炉）", required=False),
        _p("capacity_mw", "MW", "额定热功率（热水锅炉）", required=False),
        _p("thermal_efficiency_pct", "%", "设计热效率（低位发热量基准）"),
    ),
    "fan": (
        _p("fan_type", "", "类型：centrifugal 离心式，axial 轴流式", "str", ("centrifugal", "axial")),
        _p("pressure_coefficient", "", "压力系数 ψ（离心式必填）", required=False),
        _p("specific_speed", "", "比转速 ns（离心式必填）", required=False),
        _p("hub_ratio", "", "轮毂比（轴流式必填）", required=False),
        _p("machine_number", "", "机号 No（叶轮直径 dm）"),
        _p("efficiency_pct", "%", "通风机效率（不含电动机）"),
    ),
    "blower": (
        _p("blower_type", "", "类型：single_stage_low_speed 单级双支撑低速，multistage_low_speed 多级低速，"
           "single_stage_high_speed 单级双支撑高速，multistage_high_speed 多级高速", "str",
           ("single_stage_low_speed", "multistage_low_speed", "single_stage_high_speed", "multistage_high_speed")),
        _p("stages", "", "级数（多级必填）", required=False),
        _p("b2_over_d2", "", "叶轮出口宽度与直径之比 b2/D2"),
        _p("impeller_d2_mm", "mm", "叶轮直径 D2"),
        _p("polytropic_efficiency_pct", "%", "多变效率（多级取各级平均）"),
    ),
    "pump": (
        _p("pump_type", "", "类型：end_suction 单级单吸，double_suction 单级双吸，inline 管道泵，multistage 多级，"
           "light_multistage_vertical 轻型多级立式，light_multistage_horizontal 轻型多级卧式", "str",
           ("end_suction", "double_suction", "inline", "multistage", "light_multistage_vertical",
            "light_multistage_horizontal")),
        _p("flow_m3_h", "m³/h", "最高效率点流量"),
        _p("head_m", "m", "最高效率点扬程（多级泵为总扬程）"),
        _p("speed_rpm", "r/min", "转速"),
        _p("stages", "", "级数（多级泵必填，其余按 1）", required=False),
        _p("efficiency_pct", "%", "泵效率"),
    ),
    "submersible_pump": (
        _p("pump_type", "", "类型：small 小型，large_medium 大中型，sewage 污水污物，well 井用，mixed_flow 混流", "str",
           ("small", "large_medium", "sewage", "well", "mixed_flow")),
        _p("subtype", "", "型式（按标准表中的中文名称，如 QDX和QD、离心式、充水式）", "str"),
        _p("rated_power_kw", "kW", "额定功率"),
        _p("specified_efficiency_pct", "%", "电泵规定效率 η_DB（产品标准给出）"),
        _p("efficiency_tolerance_pct", "%", "效率容差 Δη（产品标准给出）"),
        _p("efficiency_pct", "%", "电泵机组效率"),
    ),
    "chiller": (
        _p("chiller_type", "", "机组类型：comfort 舒适型，data_center 数据中心专用型，ashp_low_temp_floor/fan_coil/radiator "
           "低环境温度空气源热泵（地板采暖/风机盘管/散热器型），wshp_air_heat_pump/wshp_water_heating_only/"
           "wshp_water_heat_pump 水（地）源热泵，absorption_direct_fired 直燃型溴化锂，high_temp_h1a…h5b/"
           "high_temp_circulating 高温热泵，indirect_evap_standard/large_dt/external/internal/series 间接蒸发冷却，"
           "integrated 一体式", "str"),
        _p("heat_source", "", "冷却/热源方式：water_cooled 水冷，air_cooled 风冷，evaporative 蒸发冷却，water_loop 水环，"
           "groundwater 地下水，ground_loop 地埋管，surface_water 地表水，evaporative_tower 蒸发冷却式冷却塔", "str",
           required=False),
        _p("evaluation_system", "", "评价指标体系：part_load 综合部分负荷/季节性能（表1），copc 制冷性能系数（表2）"
           "（蒸气压缩循环冷水机组必填）", "str", ("part_load", "copc"), required=False),
        _p("cooling_capacity_kw", "kW", "名义制冷量", required=False),
        _p("heating_capacity_kw", "kW", "名义制热量", required=False),
        *(_p(name, "", label, required=False) for name, label in _CHILLER_METRICS),
    ),
}

METRICS: dict[str, tuple[str, ...]] = {
    "motor": ("efficiency_pct",), "pm_motor": ("efficiency_pct",), "hv_motor": ("efficiency_pct",),
    "transformer": ("no_load_loss_w", "load_loss_w"),
    "air_compressor": ("specific_power_kw_per_m3_min",), "boiler": ("thermal_efficiency_pct",),
    "fan": ("efficiency_pct",), "blower": ("polytropic_efficiency_pct",), "pump": ("efficiency_pct",),
    "submersible_pump": ("efficiency_pct",), "chiller": tuple(name for name, _ in _CHILLER_METRICS),
}


def parameter(category: str, name: str) -> Parameter | None:
    for p in PARAMETERS.get(category, ()):
        if p.name == name:
            return p
    return None
