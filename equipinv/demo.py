"""A believable demo ledger: a Lüliang coking plant and a few neighbours, deterministic from a seed.

The enterprises and their units are fictional, but shaped like real surveys: old Y-series and
explosion-proof motors beside YE3/YE4 ones, S7/S9/S11/S13 and SCB10 transformers, chain-grate coal
boilers, China-III/IV/V/VI diesel trucks, elevators and pressure vessels past 20 years. Nameplate
figures are demo values chosen to look like their series (they are ledger data, not standard values:
the grading compares them with the real tables). Some units lack a value on purpose, so the program
has something to report as ungradable or undecidable.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from equipinv import integrity
from equipinv.codes import make_credit_code
from equipinv.ledger import add_enterprise, add_equipment
from equipinv.models import Project, Submission
from equipinv.production_lines import add_line

DEMO_TODAY = dt.date(2026, 11, 22)


@dataclass(frozen=True)
class DemoEnterprise:
    credit_prefix: str  # 17 characters; the check character is computed
    name: str
    region_code: str
    industry_code: str
    annual_energy_tce: float
    sites: tuple[str, ...]
    mix: dict[str, int]  # category -> number of units
    new_project: str | None = None
    lines: tuple[dict[str, str], ...] = ()  # production lines (工序/装置), fields as `line add` takes them
    investment_2023_yuan: float | None = None  # the 2023 equipment investment, the growth target's baseline


ENTERPRISES: tuple[DemoEnterprise, ...] = (
    DemoEnterprise("91141181MA0GX5K2L", "孝义市金晖焦化有限公司", "141181", "2521", 386_000.0,
                   ("备煤车间", "炼焦车间", "化产车间", "动力车间"),
                   {"motor": 70, "transformer": 14, "pump": 22, "fan": 14, "air_compressor": 6, "boiler": 3,
                    "truck": 12, "elevator": 2, "pressure_vessel": 9, "pm_motor": 3, "hv_motor": 6},
                   new_project="5.5米捣固焦炉升级改造项目",
                   lines=(  # demo figures: 4.3 m ovens of the 2000s, the new 5.5 m battery of the project
                       {"name": "1号焦炉（4.3米捣固）", "kind": "coke_stamp_charged", "capacity_t_a": "60万吨/年",
                        "unit_energy_kgce_t": "132", "energy_year": "2025", "commissioning_date": "2008-10"},
                       {"name": "2号焦炉（4.3米顶装）", "kind": "coke_top_charged", "capacity_t_a": "40万吨/年",
                        "unit_energy_kgce_t": "141", "energy_year": "2025", "commissioning_date": "2004-05"},
                       {"name": "3号焦炉（5.5米捣固）", "kind": "coke_stamp_charged", "capacity_t_a": "100万吨/年",
                        "unit_energy_kgce_t": "112", "energy_year": "2026", "commissioning_date": "2026-06-30"},
                   ), investment_2023_yuan=3.0e6),
    DemoEnterprise("91141125MA0H3T8Q7", "柳林县鑫源煤业有限公司", "141125", "0610", 42_000.0,
                   ("主井", "副井", "选煤厂"),
                   {"motor": 40, "transformer": 8, "pump": 12, "fan": 6, "air_compressor": 4, "truck": 10,
                    "pressure_vessel": 3, "hv_motor": 4}, investment_2023_yuan=1.0e6),
    DemoEnterprise("91141121MA0JB6W3C", "文水县华盛水泥有限公司", "141121", "3011", 95_000.0,
                   ("生料车间", "熟料车间", "水泥磨车间"),
                   {"motor": 36, "transformer": 6, "fan": 12, "air_compressor": 4, "boiler": 1, "truck": 6,
                    "elevator": 1, "pressure_vessel": 2},
                   lines=({"name": "2500t/d熟料生产线", "kind": "cement_clinker", "capacity_t_a": "77.5万吨/年",
                           "unit_energy_kgce_t": "109", "energy_year": "2025", "commissioning_date": "2011-09"},),
                   investment_2023_yuan=1.5e6),
    DemoEnterprise("12140521MB1C2D3E4", "沁水县城镇供水公司", "140521", "4610", 2_600.0,
                   ("一水厂", "二水厂"),
                   {"motor": 10, "transformer": 3, "pump": 12, "truck": 2, "vehicle": 2, "pressure_vessel": 4}),
    DemoEnterprise("91130705MA0DF7H8J", "张家口宣化恒达机械制造有限公司", "130705", "3431", 8_400.0,
                   ("机加工车间", "铸造车间"),
                   {"motor": 18, "transformer": 3, "air_compressor": 3, "fan": 4, "boiler": 1,
                    "truck": 3, "elevator": 1, "pressure_vessel": 2, "farm_machine": 2}, investment_2023_yuan=8.0e5),
)

# Motor series: (prefix, share of losses relative to a YE3 of the same rating, first and last year made)
_MOTOR_SERIES = (("JO2-", 1.9, 1970, 1985), ("Y", 1.45, 1985, 2006), ("Y2-", 1.25, 2001, 2012),
                 ("YX3-", 1.05, 2010, 2016), ("YE2-", 1.2, 2011, 2017), ("YE3-", 1.0, 2016, 2024),
                 ("YE4-", 0.8, 2020, 2026), ("YE5-", 0.62, 2023, 2026))
# Y-series frame sizes with rating and poles (the models named in MIIT batch 2 item 1-1).
_Y_FRAMES = (("132S1-2", 5.5, 2), ("132M-4", 7.5, 4), ("160M-4", 11.0, 4), ("160L-4", 15.0, 4),
             ("180M-4", 18.5, 4), ("200L-4", 30.0, 4), ("225M-4", 45.0, 4), ("250M-4", 55.0, 4),
             ("280S-4", 75.0, 4), ("280M-4", 90.0, 4), ("315S-4", 110.0, 4), ("315M-4", 132.0, 4),
             ("160L-6", 11.0, 6), ("200L1-2", 30.0, 2), ("225M-2", 45.0, 2), ("280M-6", 55.0, 6))
_TRANSFORMERS = (  # series, type, first/last year, no-load and load loss factor against an S11
    ("S7", "oil", 1985, 1998, 1.75, 1.17), ("S9", "oil", 1996, 2008, 1.32, 1.0),
    ("S11", "oil", 2006, 2018, 1.0, 1.0), ("S13", "oil", 2012, 2024, 0.72, 1.0),
    ("SCB10", "dry", 2008, 2020, 1.0, 1.0), ("SCB13", "dry", 2016, 2025, 0.8, 0.95),
)
_S11_LOSSES_W = {200: (340, 2730), 315: (480, 3830), 400: (570, 4520), 500: (680, 5410), 630: (810, 6200),
                 800: (980, 7500), 1000: (1150, 10300), 1250: (1360, 12000), 1600: (1640, 14500),
                 2000: (1940, 18300), 2500: (2290, 21200)}
_TRUCK_TYPES = (("重型载货汽车（包括半挂牵引车和全挂牵引车）", 15), ("中、轻型载货汽车", 15),
                ("危险品运输载货汽车", 10))


def _date_in(rng: random.Random, year: int) -> dt.date:
    return dt.date(year, rng.randint(1, 12), rng.randint(1, 28))


def _motor(rng: random.Random, i: int) -> dict[str, Any]:
    prefix, loss_factor, first, last = rng.choices(_MOTOR_SERIES, weights=(1, 6, 5, 2, 6, 8, 4, 1))[0]
    frame, kw, poles = rng.choice(_Y_FRAMES)
    made = rng.randint(first, min(last, DEMO_TODAY.year - 1))
    ye3_loss_pct = 5.0 * (kw / 75.0) ** -0.283 * (1.08 if poles == 6 else 1.0)
    efficiency = round(100.0 - ye3_loss_pct * loss_factor * rng.uniform(0.97, 1.03), 1)
    model = ("JO2-" + frame.split("-")[0][:2] + "-" + str(poles)) if prefix == "JO2-" else (
        f"Y{frame}" if prefix == "Y" else f"{prefix}{frame}")
    unit = {
        "name": rng.choice(("皮带机电机", "破碎机电机", "风机电机", "水泵电机", "搅拌机电机", "推焦机电机", "提升机电机")),
        "category": "motor", "model": model, "manufacturer": rng.choice(("山西电机制造有限公司", "佳木斯电机股份有限公司",
                                                                         "卧龙电气南阳防爆集团", "江苏大中电机股份有限公司")),
        "year_made": made, "rated_power_kw": f"{kw} kW", "poles": poles, "voltage_kv": "0.38 kV",
        "commissioning_date": _date_in(rng, min(made + rng.randint(0, 1), DEMO_TODAY.year - 1)),
        "design_life_years": 20, "operating_hours_per_year": rng.choice((4000, 6000, 7200, 8000)),
        "load_factor": round(rng.uniform(0.3, 0.9), 2), "condition": rng.choice(("good", "good", "fair", "poor")),
        "efficiency_pct": efficiency, "value_sources": {"efficiency_pct": "nameplate"},
    }
    if i % 17 == 5:  # a ledger row with no efficiency: grading says so, estimation may fill it
        del unit["efficiency_pct"], unit["value_sources"]
    if i % 23 == 7:  # a ledger row with no pole count
        del unit["poles"]
    return unit


def _transformer(rng: random.Random, i: int) -> dict[str, Any]:
    series, kind, first, last, p0f, pkf = rng.choice(_TRANSFORMERS)
    kva = rng.choice(list(_S11_LOSSES_W))
    p0, pk = _S11_LOSSES_W[kva]
    made = rng.randint(first, min(last, DEMO_TODAY.year - 1))
    return {
        "name": rng.choice(("主变压器", "配电变压器", "车间变压器")), "category": "transformer",
        "model": f"{series}-{kva}/10", "year_made": made, "capacity_kva": f"{kva} kVA", "voltage_kv": "10 kV",
        "transformer_type": kind, "core_material": "steel", "connection_group": "Dyn11",
        "insulation_class": "F" if kind == "dry" else None,
        "no_load_loss_w": f"{round(p0 * p0f)} W", "load_loss_w": f"{round(pk * pkf * (1.35 if kind == 'dry' else 1))} W",
        "value_sources": {"no_load_loss_w": "nameplate", "load_loss_w": "nameplate"},
        "commissioning_date": _date_in(rng, made), "design_life_years": 25, "operating_hours_per_year": 8760,
        "load_factor": round(rng.uniform(0.35, 0.75), 2), "condition": rng.choice(("good", "fair")),
    }


def _pump(rng: random.Random, i: int) -> dict[str, Any]:
    flow = rng.choice((50, 100, 200, 300, 500))
    made = rng.randint(1998, 2024)
    return {"name": rng.choice(("循环水泵", "给水泵", "清水泵", "排水泵")), "category": "pump",
            "model": f"IS{rng.choice((80, 100, 125, 150))}-{rng.choice((65, 80, 100))}-{rng.choice((160, 200, 250))}",
            "year_made": made, "flow_m3_h": f"{flow} m³/h", "head_m": f"{rng.choice((20, 32, 50, 80))} m",
            "speed_rpm": 2900, "pump_type": "end_suction", "rated_power_kw": f"{rng.choice((15, 22, 30, 45, 55))} kW",
            "efficiency_pct": round(rng.uniform(62, 82), 1), "value_sources": {"efficiency_pct": "measured"},
            "commissioning_date": _date_in(rng, made), "design_life_years": 15, "operating_hours_per_year": 6000,
            "load_factor": round(rng.uniform(0.5, 0.9), 2), "variable_duty": rng.random() < 0.4,
            "condition": rng.choice(("good", "fair", "poor"))}


def _fan(rng: random.Random, i: int) -> dict[str, Any]:
    made = rng.randint(1995, 2024)
    return {"name": rng.choice(("除尘风机", "引风机", "鼓风机", "通风机")), "category": "fan",
            "model": rng.choice(("4-72-11No.8C", "Y5-48No.12D", "G4-73No.14D", "9-19No.6.3A")),
            # like real ledgers, the row names the model and leaves type, pressure coefficient, specific
            # speed and machine number to it (equipinv.designations reads them)
            "year_made": made, "rated_power_kw": f"{rng.choice((30, 55, 90, 160, 250))} kW",
            "efficiency_pct": round(rng.uniform(60, 84), 1), "value_sources": {"efficiency_pct": "measured"},
            "commissioning_date": _date_in(rng, made), "design_life_years": 15, "operating_hours_per_year": 7000,
            "load_factor": round(rng.uniform(0.5, 0.9), 2), "variable_duty": rng.random() < 0.5,
            "condition": rng.choice(("good", "fair", "poor"))}


def _air_compressor(rng: random.Random, i: int) -> dict[str, Any]:
    kw = rng.choice((37, 55, 75, 110, 132))
    made = rng.randint(2003, 2024)
    flow = round(kw / rng.uniform(6.2, 8.2), 1)
    return {"name": "螺杆空压机", "category": "air_compressor", "model": f"LG-{flow}/0.8", "year_made": made,
            "compressor_type": "rotary_fixed", "cooling": "air",
            "rated_power_kw": f"{kw} kW", "flow_m3_min": f"{flow} m³/min", "pressure_mpa": "0.8 MPa",
            "specific_power_kw_per_m3_min": round(kw * 1.08 / flow, 2),
            "value_sources": {"specific_power_kw_per_m3_min": "estimated"},
            "commissioning_date": _date_in(rng, made), "design_life_years": 15, "operating_hours_per_year": 7500,
            "load_factor": round(rng.uniform(0.6, 0.9), 2), "condition": rng.choice(("good", "fair"))}


def _boiler(rng: random.Random, i: int) -> dict[str, Any]:
    t_h = rng.choice((4, 10, 20))
    made = rng.randint(1996, 2016)
    old = made < 2005
    return {"name": "燃煤蒸汽锅炉" if old or i % 2 else "燃气蒸汽锅炉", "category": "boiler",
            "model": ("KZL4-13-1" if t_h == 4 and old else f"SZL{t_h}-1.25-AII") if old or i % 2 else f"WNS{t_h}-1.25-Q",
            "year_made": made, "capacity_t_h": f"{t_h} t/h", "pressure_mpa": "1.25 MPa",
            "fuel": "coal" if old or i % 2 else "gas", "firing": "grate" if old or i % 2 else "chamber",
            **({"coal_class": "bituminous_2"} if old or i % 2 else {"condensing": "no"}),
            "thermal_efficiency_pct": round(rng.uniform(70, 82) if old or i % 2 else rng.uniform(88, 94), 1),
            "value_sources": {"thermal_efficiency_pct": "measured"},
            "commissioning_date": _date_in(rng, made), "design_life_years": 20, "operating_hours_per_year": 5000,
            "load_factor": round(rng.uniform(0.5, 0.85), 2), "condition": rng.choice(("fair", "poor"))}


def _truck(rng: random.Random, i: int) -> dict[str, Any]:
    """A demo truck; the enterprise names the National VI truck it would buy instead (synthetic: 15 % less
    fuel than the old one), as a real ledger states its quote's type-approval consumption."""
    vtype, _years = rng.choice(_TRUCK_TYPES)
    standard = rng.choices(("china_3", "china_4", "china_5", "china_6"), weights=(1, 4, 3, 3))[0]
    first = {"china_3": 2008, "china_4": 2013, "china_5": 2017, "china_6": 2021}[standard]
    made = rng.randint(first, min(first + 5, DEMO_TODAY.year - 1))
    truck: dict[str, Any] = {
            "name": rng.choice(("运煤车", "运焦车", "自卸车", "罐车")), "category": "truck",
            "model": rng.choice(("CA3250P66K24L1T1E", "ZZ3257N3847A", "SX3255DR384", "HFC1181P3K2A50S")),
            "year_made": made, "fuel": "diesel", "emission_standard": standard, "vehicle_type": vtype,
            "vehicle_use": "freight" if i % 3 != 2 else "production", "operating": i % 3 != 2,
            "rated_power_kw": f"{rng.choice((250, 280, 309))} kW", "mileage_km": f"{rng.randint(80, 900) * 1000} km",
            "annual_distance_km": rng.randint(40, 110) * 1000, "fuel_l_per_100km": round(rng.uniform(28, 40), 1),
            "commissioning_date": _date_in(rng, made), "design_life_years": 15,
            "condition": rng.choice(("good", "fair", "poor"))}
    return truck | {"replacement_fuel_l_per_100km": round(truck["fuel_l_per_100km"] * 0.85, 1)}


def _vehicle(rng: random.Random, i: int) -> dict[str, Any]:
    made = rng.randint(2008, 2020)
    return {"name": "生产用车", "category": "vehicle", "model": "HFC6500KA1", "year_made": made, "fuel": "petrol",
            "emission_standard": "china_4" if made < 2017 else "china_5", "vehicle_type": "中型非营运载客汽车",
            "vehicle_use": "commuter",
            "mileage_km": f"{rng.randint(100, 400) * 1000} km", "commissioning_date": _date_in(rng, made),
            "design_life_years": 15, "condition": "fair"}


def _elevator(rng: random.Random, i: int) -> dict[str, Any]:
    made = rng.randint(1998, 2020)
    return {"name": "载货电梯" if i % 2 else "乘客电梯", "category": "elevator", "model": "THJ2000/0.5-JXW",
            "year_made": made, "rated_power_kw": "11 kW", "commissioning_date": _date_in(rng, made),
            "design_life_years": 20, "condition": rng.choice(("good", "fair"))}


def _pressure_vessel(rng: random.Random, i: int) -> dict[str, Any]:
    made = rng.randint(1992, 2018)
    unit = {"name": rng.choice(("储气罐", "分汽缸", "换热器", "煤气储罐")), "category": "pressure_vessel",
            "model": f"C-{rng.choice((2, 5, 10))}/0.8", "year_made": made, "pressure_mpa": "0.8 MPa",
            "commissioning_date": _date_in(rng, made), "design_life_years": rng.choice((15, 20, 25)),
            "condition": rng.choice(("good", "fair", "poor"))}
    if i % 5 == 3:  # design life not recorded: the rule can still use 20 years in service
        del unit["design_life_years"]
    return unit


def _farm_machine(rng: random.Random, i: int) -> dict[str, Any]:
    made = rng.randint(2006, 2016)
    return {"name": "轮式拖拉机", "category": "farm_machine", "model": "LX904", "year_made": made,
            "rated_power_kw": "66 kW", "commissioning_date": _date_in(rng, made), "condition": "fair"}


def _pm_motor(rng: random.Random, i: int) -> dict[str, Any]:
    made = rng.randint(2019, 2025)
    kw = rng.choice((37.0, 55.0, 75.0))
    return {"name": "永磁同步电动机", "category": "pm_motor", "model": f"TYCX{rng.choice((225, 250, 280))}M-4",
            "year_made": made, "rated_power_kw": f"{kw} kW", "poles": 4, "voltage_kv": "0.38 kV",
            "starting": "line_start", "efficiency_pct": round(100 - 3.6 * (kw / 75.0) ** -0.28 * rng.uniform(0.95, 1.1), 1),
            "value_sources": {"efficiency_pct": "nameplate"}, "commissioning_date": _date_in(rng, made),
            "design_life_years": 20, "operating_hours_per_year": 7000, "load_factor": 0.75, "condition": "good"}


def _hv_motor(rng: random.Random, i: int) -> dict[str, Any]:
    made = rng.randint(1998, 2022)
    kw = rng.choice((250.0, 315.0, 400.0, 560.0, 710.0))
    return {"name": rng.choice(("主引风机电机", "磨机电机", "主排水泵电机")), "category": "hv_motor",
            "model": f"YKK{rng.choice((400, 450, 500))}-{rng.choice((4, 6))}", "year_made": made,
            "rated_power_kw": f"{kw} kW", "poles": rng.choice((4, 6)), "voltage_kv": "10 kV", "cooling_ic": "IC611",
            "efficiency_pct": round(rng.uniform(93.0, 96.2), 1), "value_sources": {"efficiency_pct": "nameplate"},
            "commissioning_date": _date_in(rng, made), "design_life_years": 25, "operating_hours_per_year": 7200,
            "load_factor": round(rng.uniform(0.5, 0.85), 2), "condition": rng.choice(("good", "fair"))}


_MAKERS = {"motor": _motor, "transformer": _transformer, "pump": _pump, "fan": _fan,
           "air_compressor": _air_compressor, "boiler": _boiler, "truck": _truck, "vehicle": _vehicle,
           "elevator": _elevator, "pressure_vessel": _pressure_vessel, "farm_machine": _farm_machine,
           "pm_motor": _pm_motor, "hv_motor": _hv_motor}
_ASSET_PREFIX = {"motor": "DJ", "transformer": "BY", "pump": "SB", "fan": "FJ", "air_compressor": "KY",
                 "boiler": "GL", "truck": "HC", "vehicle": "CL", "elevator": "DT", "pressure_vessel": "RQ",
                 "farm_machine": "NJ", "pm_motor": "YC", "hv_motor": "GY"}


def demo_units(enterprise: DemoEnterprise, seed: int) -> list[dict[str, Any]]:
    """The ledger rows of one demo enterprise (raw, as a person would type them)."""
    rng = random.Random(f"{seed}:{enterprise.credit_prefix}")
    rows: list[dict[str, Any]] = []
    for category, count in enterprise.mix.items():
        for i in range(count):
            unit = {k: v for k, v in _MAKERS[category](rng, i).items() if v is not None}
            unit["asset_no"] = f"{_ASSET_PREFIX[category]}-{i + 1:04d}"
            unit["site"] = rng.choice(enterprise.sites)
            unit["quantity"] = rng.choice((1, 1, 1, 2)) if category in ("motor", "pump") else 1
            rows.append(unit)
    return rows


def new_project_units(project: str) -> list[dict[str, Any]]:
    """Units bought for a new project (surveyed separately): one of them below the energy-saving level."""
    common = {"project": project, "year_made": 2026, "commissioning_date": "2026-06", "design_life_years": 20,
              "operating_hours_per_year": 7200, "load_factor": 0.75, "condition": "good", "voltage_kv": "0.38 kV"}
    rows = [
        {"asset_no": f"XM-DJ-{n:02d}", "name": "捣固机电机", "category": "motor", "model": model,
         "rated_power_kw": f"{kw} kW", "poles": 4, "efficiency_pct": eff, "value_sources": {"efficiency_pct": "nameplate"}}
        for n, (model, kw, eff) in enumerate((("YE4-280M-4", 90, 96.0), ("YE4-315S-4", 110, 96.3),
                                              ("YE3-250M-4", 55, 94.4)), start=1)
    ]
    rows.append({"asset_no": "XM-BY-01", "name": "项目配电变压器", "category": "transformer", "model": "S13-1250/10",
                 "capacity_kva": "1250 kVA", "voltage_kv": "10 kV", "transformer_type": "oil", "core_material": "steel",
                 "connection_group": "Dyn11", "no_load_loss_w": "980 W", "load_loss_w": "12000 W",
                 "value_sources": {"no_load_loss_w": "nameplate", "load_loss_w": "nameplate"}})
    return [common | {k: v for k, v in row.items()} for row in rows]


def underground_units() -> list[dict[str, Any]]:
    """Explosion-proof equipment of the coal mine: banned series beside look-alikes that are not banned."""
    common = {"underground_coal_mine": True, "site": "副井", "design_life_years": 15, "condition": "fair",
              "operating_hours_per_year": 5000, "load_factor": 0.6, "voltage_kv": "0.66 kV"}
    rows = [
        {"asset_no": "JX-0001", "name": "刮板输送机电机", "category": "motor", "model": "YB-250M-4", "year_made": 2001,
         "rated_power_kw": "55 kW", "poles": 4, "commissioning_date": "2002-03"},
        {"asset_no": "JX-0002", "name": "局部通风机电机", "category": "motor", "model": "YBK2-200L-4", "year_made": 2012,
         "rated_power_kw": "30 kW", "poles": 4, "commissioning_date": "2012-09"},
        {"asset_no": "JX-0003", "name": "带式输送机电机", "category": "motor", "model": "YBX3-280S-4", "year_made": 2019,
         "rated_power_kw": "75 kW", "poles": 4, "efficiency_pct": 95.1, "commissioning_date": "2019-11",
         "value_sources": {"efficiency_pct": "nameplate"}},
        {"asset_no": "JX-0004", "name": "矿用隔爆型电磁起动器", "category": "other", "model": "QC83-80/660",
         "year_made": 2004, "commissioning_date": "2005-01"},
        {"asset_no": "JX-0005", "name": "矿用隔爆型真空电磁起动器", "category": "other", "model": "QBZ-80/1140(660)",
         "year_made": 2018, "commissioning_date": "2018-05"},
    ]
    return [common | row for row in rows]


def build_demo(session: Session, seed: int = 2024) -> dict[str, int]:
    """Store the demo enterprises and their ledgers, one submission each; returns counts."""
    counts = {"enterprises": 0, "units": 0}
    for spec in ENTERPRISES:
        enterprise = add_enterprise(session, {
            "credit_code": make_credit_code(spec.credit_prefix), "name": spec.name,
            "region_code": spec.region_code, "industry_code": spec.industry_code,
            "annual_energy_tce": spec.annual_energy_tce, "equipment_investment_2023_yuan": spec.investment_2023_yuan,
        }, actor="demo")
        if spec.new_project:
            assert enterprise.id is not None
            session.add(Project(enterprise_id=enterprise.id, name=spec.new_project, is_new_project=True,
                                commissioning_date=dt.date(2026, 6, 30)))
            session.flush()
        rows = demo_units(spec, seed)
        if spec.industry_code == "0610":
            rows += underground_units()
        if spec.new_project:
            rows += new_project_units(spec.new_project)
        # a stored submission never changes (equipinv.integrity): its count is known before it is stored
        submission = Submission(enterprise_id=enterprise.id, source="demo", submitted_by="demo", version=1,
                                period=DEMO_TODAY.strftime("%Y-%m"), login=integrity.session_login(),
                                rows_accepted=len(rows))
        session.add(submission)
        session.flush()
        for row in rows:
            add_equipment(session, enterprise, row, actor="demo", submission_id=submission.id, today=DEMO_TODAY)
        for line in spec.lines:
            add_line(session, enterprise, line, actor="demo", today=DEMO_TODAY)
        counts["enterprises"] += 1
        counts["units"] += len(rows)
    return counts
