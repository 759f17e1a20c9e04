"""The matcher's inputs and outputs: `UnitFacts`, `Finding`, `CatalogueInfo`, and the value
normalisers both matcher paths share (category, fuel, emission standard, vehicle type, dates).

Inputs are forgiving: a field may be None, a Chinese label or an English code, a date or an ISO
string. Anything that cannot be read is treated as missing, so a rule that needs it answers
"cannot decide" instead of guessing.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from catalog.categories import category_aliases, category_labels, category_table

CATEGORIES: dict[str, str] = category_labels()  # the registry, catalog/data/categories.toml
_CATEGORY_ALIASES = category_aliases()

# --- mine categories (issue 23) -------------------------------------------------------------------
# A coal mine's equipment categories (the registry's entries with `checked_as`), each checked by the matcher
# as the general category whose catalogue rows and rules apply to it: a main fan is a fan (MIIT 70B2 矿井轴流
# 主通风机), a mobile substation a transformer, a feeder switch or a hydraulic support "other" (the coal-mine
# banned lists file them there).
MINE_CATEGORIES: dict[str, str] = {code: entry["checked_as"] for code, entry in category_table().items()
                                   if "checked_as" in entry}

FUELS = ("coal", "gas", "oil", "biomass", "electric", "diesel", "petrol",
         "lng", "cng", "hydrogen", "phev", "hev", "methanol")  # the last six: vehicles (equipinv.labels.FUELS)
_FUEL_ALIASES = {"燃煤": "coal", "煤": "coal", "燃气": "gas", "天然气": "gas", "燃油": "oil", "油": "oil",
                 "生物质": "biomass", "电": "electric", "电力": "electric", "柴油": "diesel", "汽油": "petrol",
                 "gasoline": "petrol"}

BENCHMARK_LEVELS = ("advanced", "energy_saving", "access", "below_access", "ungraded")

#: Chinese names of the fields a rule can be missing; shown in "cannot decide" notes.
FIELD_LABELS: dict[str, str] = {
    "category": "设备类别", "model": "型号", "product_name": "设备名称", "rated_power_kw": "额定功率",
    "capacity_kva": "额定容量(kVA)", "capacity_t_h": "额定蒸发量(t/h)", "voltage_kv": "额定电压",
    "frame": "机座号(由型号读出)", "year_made": "出厂年份", "commissioning_date": "投运/注册登记日期",
    "design_life_years": "设计使用年限", "vehicle_type": "车辆类型", "fuel": "燃料", "emission_standard": "排放标准",
    "mileage_km": "累计行驶里程", "benchmark_level": "能效水平(2024年版对标结果)", "operating": "是否营运车辆",
    "underground_coal_mine": "是否在井工煤矿使用", "rule_value": "规则数值(无可靠来源)",
}


@dataclass
class UnitFacts:
    """What the matcher knows about one unit; every field is optional (canonical names and units)."""

    category: str | None = None
    model: str | None = None
    manufacturer: str | None = None
    product_name: str | None = None
    rated_power_kw: float | None = None
    capacity_kva: float | None = None
    capacity_t_h: float | None = None
    voltage_kv: float | None = None
    year_made: int | None = None
    commissioning_date: date | str | None = None
    design_life_years: float | None = None
    vehicle_type: str | None = None
    fuel: str | None = None
    emission_standard: str | None = None
    mileage_km: float | None = None
    benchmark_level: str | None = None
    status: str | None = None
    operating: bool | None = None  # 营运车辆 (commercial operation), for the truck campaign rules
    underground_coal_mine: bool | None = None  # used in an underground coal mine (coal-mine lists)
    region_code: str | None = None  # GB/T 2260 code of the enterprise: a local plan's rules bind only its own


@dataclass(frozen=True)
class Finding:
    """One rule's answer for one unit, printable as a line of the elimination list."""

    rule_id: str
    catalogue_id: str
    catalogue_title: str
    doc_no: str
    item_no: str
    kind: str  # mandatory | advisory | safety_assessment
    outcome: str  # match | cannot_decide
    citation: str
    reason: str
    deadline: date | None
    deadline_label: str
    replacement: str
    missing_fields: tuple[str, ...] = field(default_factory=tuple)
    note: str = ""
    confidence: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["deadline"] = self.deadline.isoformat() if self.deadline else None
        d["missing_fields"] = list(self.missing_fields)
        d["kind_label"] = {"mandatory": "强制淘汰", "advisory": "引导/推动淘汰",
                           "safety_assessment": "安全评估"}[self.kind]
        d["outcome_label"] = "命中" if self.outcome == "match" else "无法判定"
        return d


@dataclass(frozen=True)
class CatalogueInfo:
    """One citable document (catalogue or rule source) for `equipinv catalogs`."""

    id: str
    title: str
    doc_no: str
    date: str
    source: str
    entry_count: int
    confidence: str
    kind: str  # catalogue | rules
    status: str
    note: str
    manual_entries: int = 0  # entries listed but not matchable automatically


def norm_text(value: Any) -> str:
    """NFKC, no spaces: for comparing Chinese names and codes.

    `str.split()` splits at exactly the characters `re` counts as whitespace (every code point checked), at a
    fifth of `re.sub`'s cost: a check calls this once per distinct name, a million times at 1 M units."""
    if value is None:
        return ""
    return "".join(unicodedata.normalize("NFKC", str(value)).split())


def norm_category(value: Any) -> str | None:
    s = norm_text(value)
    if not s:
        return None
    code = s.lower() if s.lower() in CATEGORIES else _CATEGORY_ALIASES.get(s)
    return MINE_CATEGORIES.get(code, code) if code else None  # mine equipment is checked as its general category


def norm_fuel(value: Any) -> str | None:
    s = norm_text(value).lower()
    if not s:
        return None
    return s if s in FUELS else _FUEL_ALIASES.get(s)


_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}


def norm_emission(value: Any) -> int | None:
    """'china_4', '国四', '国IV', '4' -> 4; unreadable -> None."""
    s = norm_text(value).upper().replace("CHINA_", "").replace("CHINA", "").replace("国", "").replace("排放", "")
    s = s.replace("标准", "").strip("_- ")
    if s.isdigit() and int(s) <= 6:
        return int(s)
    if s in _ROMAN:
        return _ROMAN[s]
    if s in _CN_DIGITS:
        return _CN_DIGITS[s]
    return None


def norm_bool(value: Any) -> bool | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, bool):
        return value
    s = norm_text(value).lower()
    if s in ("1", "true", "yes", "y", "是", "营运"):
        return True
    if s in ("0", "false", "no", "n", "否", "非营运"):
        return False
    return None


def norm_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def norm_float(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None  # NaN and ±inf are missing, never a value


def add_months(d: date, months: int) -> date:
    """Same day `months` later; the 29th-31st fall back to the month's last day (29 Feb -> 28 Feb)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    last = (nxt - date(year, month, 1)).days
    return date(year, month, min(d.day, last))


def years_to_months(years: float) -> int:
    return int(round(years * 12))


_ALIASES = {"made": "year_made", "year": "year_made", "kw": "rated_power_kw", "power": "rated_power_kw",
            "kva": "capacity_kva", "kv": "voltage_kv", "t_h": "capacity_t_h", "name": "product_name",
            "commissioned": "commissioning_date", "life": "design_life_years", "type": "vehicle_type",
            "emission": "emission_standard", "mileage": "mileage_km", "level": "benchmark_level",
            "coal_mine": "underground_coal_mine"}


def facts_from_mapping(values: dict[str, Any]) -> UnitFacts:
    """UnitFacts from KEY=VALUE pairs (canonical names or short aliases such as made=2001).

    Values may stay strings: the matcher reads them leniently and treats unreadable ones as missing.
    """
    known = set(UnitFacts.__dataclass_fields__)
    out: dict[str, Any] = {}
    for key, value in values.items():
        name = _ALIASES.get(key.strip().lower(), key.strip().lower())
        if name not in known:
            raise ValueError(f"错误：未知字段 \"{key}\" (error: unknown field \"{key}\"; known: {', '.join(sorted(known))})")
        out[name] = value
    return UnitFacts(**out)


def region_prefix(code: str) -> str:
    """The digits every region inside `code` starts with: "140000" -> "14", "141100" -> "1411"."""
    while code.endswith("00") and len(code) > 2:
        code = code[:-2]
    return code


def in_region(document_region: str, unit_region: object) -> bool:
    """Whether a rule of a plan issued for `document_region` binds a unit of an enterprise in `unit_region`:
    a national document ("") binds everyone; a unit whose region is not known is not excluded."""
    if not document_region or unit_region is None or not str(unit_region).strip():
        return True
    return str(unit_region).strip().startswith(region_prefix(document_region))
