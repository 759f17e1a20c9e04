"""English enum codes and the Chinese labels users see.

The database and JSON carry the English codes; everything a person reads goes through `label()`.
Ledger imports accept either the code or the label (`code_for`).
"""

from __future__ import annotations

from collections.abc import Mapping

from equipinv import categories

CATEGORIES: dict[str, str] = categories.labels()  # the registry (equipinv.categories)

MINE_TYPES: dict[str, str] = {"underground": "井工矿", "open_pit": "露天矿"}  # Enterprise.mine_type

STATUSES: dict[str, str] = {"in_use": "在用", "idle": "闲置", "eliminated": "已淘汰"}
CONDITIONS: dict[str, str] = {"good": "良好", "fair": "一般", "poor": "较差", "stopped": "停用"}
LEVELS: dict[str, str] = {
    "advanced": "先进水平",
    "energy_saving": "节能水平",
    "access": "准入水平",
    "below_access": "低于准入水平",
    "ungraded": "未分级",
}
GRADES: dict[str, str] = {"1": "1级", "2": "2级", "3": "3级", "below_3": "低于3级"}
EMISSION_STANDARDS: dict[str, str] = {f"china_{n}": f"国{'零一二三四五六'[n]}" for n in range(7)}
TRANSFORMER_TYPES: dict[str, str] = {"oil": "油浸式", "dry": "干式"}
CORE_MATERIALS: dict[str, str] = {"steel": "电工钢带", "amorphous": "非晶合金"}
FUELS: dict[str, str] = {
    "coal": "燃煤",
    "gas": "燃气",
    "oil": "燃油",
    "biomass": "生物质",
    "electric": "电",
    "diesel": "柴油",
    "petrol": "汽油",
    "lng": "液化天然气",
    "cng": "压缩天然气",
    # vehicles (issue 22): the new-energy kinds and the others the NEV-share targets must tell apart
    "hydrogen": "氢燃料电池",
    "phev": "插电式混合动力（含增程式）",
    "hev": "油电混合动力（非插电）",
    "methanol": "甲醇",
}
#: What a vehicle is used for (车辆用途), for the plans' targets on buses and taxis. Heavy trucks are told by
#: `vehicle_type` (the scrapping standard's class 重型载货汽车), not by their use.
VEHICLE_USES: dict[str, str] = {
    "bus": "城市公交",
    "taxi": "出租汽车",
    "freight": "道路货运",
    "urban_delivery": "城市物流配送",
    "postal": "邮政快递",
    "sanitation": "环卫",
    "commuter": "通勤班车",
    "official": "公务用车",
    "production": "企业生产自用",
    "other": "其他",
}
VALUE_SOURCES: dict[str, str] = {"measured": "实测", "measured_current": "由实测电流算得", "nameplate": "铭牌",
                                 "estimated": "估算",
                                 "derived_from_model": "由型号推得",
                                 "location": "由使用地点推得", "mine_type": "由矿井类型推得"}  # the last two: issue 23
ELIMINATION_STATUSES: dict[str, str] = {"planned": "计划", "done": "已完成", "verified": "已核验销号"}
ACTIONS: dict[str, str] = {
    "keep": "保留",
    "energy_saving": "更新为节能水平",
    "advanced": "更新为先进水平",
    "rewind": "故障时修复（重绕）",
    "replace_at_failure": "故障时更新",
    "right_size": "按负载减容更新",
    "vsd_retrofit": "加装变频调速（技术改造）",
    "eliminate": "淘汰",
}
OBJECTIVES: dict[str, str] = {"npv": "净现值最大", "tce": "节能量最大"}
SOLVER_METHODS: dict[str, str] = {"milp": "混合整数规划（HiGHS）", "greedy": "启发式算法"}
SOLVER_STATUSES: dict[str, str] = {"optimal": "最优解", "optimal_within_gap": "在允许差距内最优",
                                   "time_limit": "达到时间上限", "price_directed": "按价格引导",
                                   "deadline_first": "按期限优先"}
#: The economic scores recommendations can be ranked by (`equipinv.planning.ranking`); here so the CLI's
#: help lists them without importing numpy.
SCORES = ("npv_per_yuan", "tce_per_yuan", "payback")

ENUMS: dict[str, dict[str, str]] = {
    "category": CATEGORIES,
    "status": STATUSES,
    "condition": CONDITIONS,
    "benchmark_level": LEVELS,
    "grade": GRADES,
    "emission_standard": EMISSION_STANDARDS,
    "transformer_type": TRANSFORMER_TYPES,
    "core_material": CORE_MATERIALS,
    "fuel": FUELS,
    "vehicle_use": VEHICLE_USES,
    "action": ACTIONS,
    "elimination_status": ELIMINATION_STATUSES,
    "mine_type": MINE_TYPES,
    "objective": OBJECTIVES,
    "solver_method": SOLVER_METHODS,
    "solver_status": SOLVER_STATUSES,
}

# Other ways ledgers write the same thing.
_SYNONYMS: dict[str, dict[str, str]] = {
    "category": categories.aliases(),
    "mine_type": {"井工": "underground", "井工煤矿": "underground", "地下矿": "underground", "露天": "open_pit",
                  "露天煤矿": "open_pit"},
    "status": {"使用": "in_use", "在役": "in_use", "停用": "idle", "备用": "idle", "报废": "eliminated"},
    "condition": {"好": "good", "正常": "good", "差": "poor", "停运": "stopped"},
    "emission_standard": {f"国{n}": f"china_{n}" for n in range(7)}
    | {f"国{'零一二三四五六'[n]}": f"china_{n}" for n in range(7)}
    | {f"china{n}": f"china_{n}" for n in range(7)}
    | {"国ⅲ": "china_3", "国ⅳ": "china_4", "国ⅴ": "china_5", "国ⅵ": "china_6"},
    "transformer_type": {"油浸": "oil", "干式变压器": "dry", "油浸式变压器": "oil"},
    "core_material": {"硅钢": "steel", "电工钢": "steel", "非晶": "amorphous"},
    "fuel": {"纯电动": "electric", "纯电": "electric", "电动": "electric", "氢": "hydrogen", "氢能": "hydrogen",
             "燃料电池": "hydrogen", "氢燃料": "hydrogen", "插电式混合动力": "phev", "插电混动": "phev",
             "增程式": "phev", "油电混合": "hev", "油电混合动力": "hev", "醇": "methanol", "甲醇燃料": "methanol",
             "天然气": "gas"},
    "vehicle_use": {"公交": "bus", "公交车": "bus", "公交客运": "bus", "出租": "taxi", "出租车": "taxi",
                    "出租客运": "taxi", "货运": "freight", "物流配送": "urban_delivery", "快递": "postal",
                    "邮政": "postal", "环卫车": "sanitation", "班车": "commuter", "公务": "official",
                    "生产用车": "production", "自用": "production"},
}


def label(enum: str, code: str | None) -> str:
    """The Chinese label of `code` in `enum`, or the code itself when it has none."""
    if code is None:
        return ""
    return ENUMS.get(enum, {}).get(code, code)


def code_for(enum: str, text: str) -> str | None:
    """The English code for what a person typed (code, Chinese label or a known synonym)."""
    value = text.strip()
    table = ENUMS[enum]
    if value in table:
        return value
    lowered = value.lower().replace(" ", "").replace("-", "_")
    if lowered in table:
        return lowered
    for code, zh in table.items():
        if zh == value:
            return code
    return _SYNONYMS.get(enum, {}).get(value) or _SYNONYMS.get(enum, {}).get(lowered)


def yuan_text(yuan: float) -> str:
    """Money as budgets are written: "800 万元" (whole 万元 when round), else "12,345 元"."""
    wan = yuan / 1e4
    if abs(wan) >= 1 and abs(wan - round(wan, 1)) < 1e-9:
        return f"{wan:,.{0 if wan.is_integer() else 1}f} 万元"
    return f"{yuan:,.0f} 元"


def budgets_text(budgets: Mapping[int, float]) -> str:
    """"2027 年 800 万元、2028 年 400 万元": yearly budgets as a person writes them."""
    return "、".join(f"{year} 年 {yuan_text(b)}" for year, b in sorted(budgets.items()))
