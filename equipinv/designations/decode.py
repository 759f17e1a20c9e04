"""Reading one model designation (型号) into its parts, by the category's rules.

A decoder reads what the designation states and nothing more: an unknown series, a garbled or
partial model (`Y-?`, `S9-/10`) yields the parts that are certain and leaves the rest out, never an
error and never a guess. Each part names the rule's source; a part that fills a ledger field names the
field (`poles`, `capacity_kva`, `pressure_coefficient` ...). Models are normalised first
(`catalog.normalize.canonical_model`: NFKC, so full-width letters and Ⅱ read as ASCII; upper case;
every separator one "-"). Distinct strings repeat down a ledger, so answers are cached.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from catalog.normalize import canonical_model
from equipinv.designations.rules import Source, category_sections, section, source

PART_LABELS: dict[str, str] = {
    "series": "系列", "frame": "机座号", "frame_length": "机座长度", "core_length": "铁心长度序号", "poles": "极数",
    "explosion_proof": "防爆型式", "efficiency_class_estimate": "能效等级（估算）", "voltage_kv": "电压(kV)",
    "cooling_ic": "冷却方式", "letters": "型式代号", "performance_level": "性能水平代号", "sealed": "密封",
    "capacity_kva": "额定容量(kVA)", "lv_kv": "低压侧电压(kV)", "transformer_type": "变压器类型",
    "core_material": "铁心材料", "tap_changer": "调压方式", "use": "用途", "fan_type": "通风机类型",
    "pressure_coefficient": "压力系数", "specific_speed": "比转速", "inlet": "吸入形式", "design_no": "设计序号",
    "machine_number": "机号", "drive": "传动方式", "pump_type": "泵类型", "inlet_mm": "吸入口径(mm)",
    "outlet_mm": "排出口径(mm)", "impeller_mm": "叶轮名义直径(mm)", "impeller_cut": "叶轮切割代号",
    "inlet_inch": "吸入口径(英寸)", "pump_specific_speed": "比转速", "flow_m3_h": "流量(m³/h)",
    "stage_head_m": "单级扬程(m)", "head_m": "扬程(m)", "stages": "级数", "body": "锅炉本体型式", "firing": "燃烧方式",
    "capacity_t_h": "额定蒸发量(t/h)", "capacity_mw": "额定热功率(MW)", "pressure_mpa": "额定压力(MPa)",
    "steam_temperature_c": "蒸汽温度(℃)", "outlet_temperature_c": "出水温度(℃)", "inlet_temperature_c": "进水温度(℃)",
    "fuel": "燃料", "coal_class": "煤种", "alternative_fuel": "备用燃料", "structure": "结构型式",
    "compressor_kind": "压缩机型式", "flow_m3_min": "排气量(m³/min)",
}


class Part(NamedTuple):
    """One thing a designation states; `field` is the ledger field it may fill (None: shown only).

    A tuple of plain values (the source by its key), so the garbage collector stops tracking it: a
    province's hundreds of thousands of distinct designations stay cheap to hold."""

    name: str
    value: Any
    meaning: str | None  # what a code means ("C式：悬臂支承…"); None: the value says it
    source_key: str
    field: str | None = None
    estimate: bool = False

    @property
    def label(self) -> str:
        return PART_LABELS.get(self.name, self.name)

    @property
    def source(self) -> Source:
        return source(self.source_key)

    @property
    def text(self) -> str:
        if self.meaning is not None:
            return self.meaning
        return f"{self.value:g}" if isinstance(self.value, float) else str(self.value)

    def to_dict(self) -> dict[str, Any]:
        src = self.source
        return {"name": self.name, "label": self.label, "value": self.value, "text": self.text, "field": self.field,
                "estimate": self.estimate, "source": src.title, "source_kind": src.kind, "source_checked": src.checked}


@dataclass(frozen=True)
class Decoded:
    category: str
    model: str  # canonical form
    parts: tuple[Part, ...]

    def fields(self) -> dict[str, Any]:
        """The ledger fields this designation fills, with their values."""
        return {p.field: p.value for p in self.parts if p.field}

    def part(self, name: str) -> Part | None:
        return next((p for p in self.parts if p.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        return {"category": self.category, "model": self.model, "parts": [p.to_dict() for p in self.parts]}


class _Parts:
    """Collects parts for one designation under one default source."""

    def __init__(self, default: str) -> None:
        self.default = default
        self.items: list[Part] = []

    def add(self, name: str, value: Any, text: str | None = None, *, field: str | None = None,
            src: str | None = None, estimate: bool = False) -> None:
        if value is None or value == "":
            return
        self.items.append(Part(name, value, text, src or self.default, field, estimate))


def _number(text: str | None) -> float | None:
    return float(text) if text else None


def _decode_motor(model: str, out: _Parts) -> None:
    rules = section("motor")
    frames = rules["frames"]
    for s in rules["series"]:  # longest codes first (rules.section sorts them)
        if not model.startswith(s["code"]):
            continue
        rest = model[len(s["code"]):]
        grammar = rules["grammar_old"] if s.get("old") else rules["grammar"]
        m = grammar.match(rest)
        frame, core = (None, None) if m is None else _frame(m, frames, bool(s.get("old")))
        if rest and rest[0].isalnum() and frame is None:
            continue  # "Y315..." is series Y frame 315, not series Y3 frame 15
        out.add("series", s["code"], s["label"], src=s["source"])
        for key, name in (("explosion_proof", "explosion_proof"), ("efficiency_class_estimate", "efficiency_class_estimate")):
            out.add(name, s.get(key), src=s["source"], estimate=name == "efficiency_class_estimate")
        out.add("cooling_ic", s.get("cooling_ic"), field="cooling_ic", src=s["source"])
        if m is not None and (frame is not None or s.get("old")):
            out.add("frame", frame, src="jo2_convention" if s.get("old") else rules["frames_source"])
            length = m.groupdict().get("length")
            out.add("frame_length", length, f"{length}（{rules['lengths'][length]}）" if length else None)
            out.add("core_length", core)
            poles = int(m["poles"]) if m["poles"] else None
            if poles is not None and poles % 2 == 0 and 2 <= poles <= 64:
                out.add("poles", poles, field="poles", src=s["source"] if s.get("old") else None)
        break
    kv = rules["voltage"].search(model)
    if kv:
        out.add("voltage_kv", float(kv["kv"]), field="voltage_kv")


def _frame(m: re.Match[str], frames: set[int], old: bool) -> tuple[int | None, int | None]:
    """Frame number and core length number from the digits after the series code."""
    digits, core = m["digits"] if not old else m["frame"], m.groupdict().get("core")
    if old:
        return int(digits), int(core) if core else None
    if int(digits) in frames:
        return int(digits), int(core) if core else None
    head, tail = digits[:-1], digits[-1]
    if len(digits) >= 3 and int(head) in frames and tail in "1234" and not core:
        return int(head), int(tail)  # YKK4503-4: frame 450, core 3
    return None, None


def _decode_transformer(model: str, out: _Parts) -> None:
    rules = section("transformer")
    m = rules["grammar"].match(model)
    if m is None:
        return
    letters = rules["letter"]
    code = m["letters"]
    if code[0] not in letters or not letters[code[0]].get("first") or any(
            ch not in letters or letters[ch].get("first") for ch in code[1:]):
        return
    out.add("letters", code, "、".join(letters[ch]["label"] for ch in code))
    level = int(m["level"]) if m["level"] else None
    if level is not None and level in rules["levels"]:
        out.add("performance_level", level)
    kinds = {k: v for ch in code for k, v in letters[ch].items() if k in ("transformer_type", "core_material", "tap_changer")}
    if level is not None or m["kva"] or m["hv"]:  # a bare "S" is not yet a designation to read defaults from
        kinds.setdefault("transformer_type", rules["default_type"])
        kinds.setdefault("core_material", rules["default_core"])
    for name in ("transformer_type", "core_material"):
        coded = any(name in letters[ch] for ch in code)
        out.add(name, kinds.get(name), field=name, src=None if coded else rules["default_source"])
    out.add("tap_changer", kinds.get("tap_changer"), field="tap_changer")
    for mod in (m["mods"] or "").split("."):
        if mod == "M":
            out.add("sealed", True, rules["modifiers"]["M"])
        elif mod == "R":
            out.add("letters", "R", rules["modifiers"]["R"])
    out.add("capacity_kva", _number(m["kva"]), field="capacity_kva")
    out.add("voltage_kv", _number(m["hv"]), field="voltage_kv")
    out.add("lv_kv", _number(m["lv"]))


def _decode_fan(model: str, out: _Parts) -> None:
    rules = section("fan")
    m = rules["grammar"].match(model)
    if m is None or (m["use"] and m["use"] not in rules["use"]):
        return
    low, high = rules["psi_range"]
    if not low <= int(m["psi"]) <= high:
        return
    out.add("use", m["use"] or None, rules["use"].get(m["use"] or ""))
    out.add("fan_type", rules["fan_type"], field="fan_type")
    out.add("pressure_coefficient", int(m["psi"]) / 10, field="pressure_coefficient", src=rules["psi_source"])
    out.add("specific_speed", float(m["ns"]), field="specific_speed", src=rules["psi_source"])
    if m["inlet"]:
        out.add("inlet", int(m["inlet"]), rules["inlet"][m["inlet"]])
        out.add("design_no", int(m["design"]))
    out.add("machine_number", _number(m["no"]), field="machine_number")
    out.add("drive", m["drive"], rules["drive"].get(m["drive"] or ""))


def _decode_pump(model: str, out: _Parts) -> None:
    for g in section("pump")["grammar"]:
        m = g["regex"].match(model)
        if m is None:
            continue
        found = m.groupdict()
        out.add("series", found.get("series"))
        out.add("pump_type", g["pump_type"], g["label"], field="pump_type")
        out.add("inlet_mm", _number(found.get("inlet")))
        out.add("outlet_mm", _number(found.get("outlet")))
        out.add("impeller_mm", _number(found.get("impeller")))
        out.add("inlet_inch", _number(found.get("inlet_in")))
        ns10 = found.get("ns10")
        out.add("pump_specific_speed", int(ns10) * 10 if ns10 else None)
        out.add("impeller_cut", found.get("cut"))
        trimmed = bool(found.get("cut"))  # an A/B/C impeller is cut: the rated head no longer holds
        stages = int(found["stages"]) if found.get("stages") else None
        out.add("stages", stages, field="stages")
        out.add("flow_m3_h", _number(found.get("flow")), field="flow_m3_h")
        stage_head = _number(found.get("stage_head"))
        out.add("stage_head_m", stage_head)
        if stage_head is not None and stages is not None:
            out.add("head_m", stage_head * stages, field="head_m")
        if found.get("head") and not trimmed:
            out.add("head_m", float(found["head"]), field="head_m")
        return


def _decode_boiler(model: str, out: _Parts) -> None:
    rules = section("boiler")
    m = rules["grammar"].match(model)
    if m is None or m["body"] not in rules["body"] or m["firing"] not in rules["firing"]:
        return
    firing = rules["firing"][m["firing"]]
    out.add("body", m["body"], rules["body"][m["body"]])
    out.add("firing", firing["firing"], firing["label"], field="firing")
    pressure = _number(m["pressure"])
    if pressure is not None and pressure <= rules["pressure_max_mpa"]:
        out.add("pressure_mpa", pressure, field="pressure_mpa")
        hot_water = m["t2"] is not None
        capacity_field = rules["hot_water_capacity_field"] if hot_water else rules["steam_capacity_field"]
        out.add(capacity_field, float(m["capacity"]), field=capacity_field)
        if hot_water:
            out.add("outlet_temperature_c", int(m["t1"]))
            out.add("inlet_temperature_c", int(m["t2"]))
        elif m["t1"]:
            out.add("steam_temperature_c", int(m["t1"]))
    fuel = rules["fuel"].get(m["fuel"] or "")
    if fuel:
        out.add("fuel", fuel["fuel"], fuel["label"], field="fuel")
        out.add("coal_class", fuel.get("coal_class"), field="coal_class")
    alternative = rules["fuel"].get(m["alt"] or "")
    if alternative:
        out.add("alternative_fuel", alternative["fuel"], alternative["label"])


def _decode_air_compressor(model: str, out: _Parts) -> None:
    rules = section("air_compressor")
    m = rules["grammar"].match(model)
    if m is None or m["structure"] not in rules["structure"]:
        return
    structure = rules["structure"][m["structure"]]
    out.add("structure", m["structure"], structure["label"])
    out.add("compressor_kind", structure["kind"], structure["label"])
    out.add("flow_m3_min", float(m["flow"]), field="flow_m3_min")
    pressure = _number(m["pressure"])
    if pressure is not None and 0 < pressure <= rules["mpa_max"]:
        out.add("pressure_mpa", pressure, field="pressure_mpa")
    elif pressure is not None and pressure >= rules["bar_min"]:
        out.add("pressure_mpa", round(pressure / 10, 4), f"{pressure:g} bar = {pressure / 10:g} MPa", field="pressure_mpa")


_DECODERS: dict[str, Callable[[str, _Parts], None]] = {
    "motor": _decode_motor, "transformer": _decode_transformer, "fan": _decode_fan, "pump": _decode_pump,
    "boiler": _decode_boiler, "air_compressor": _decode_air_compressor,
}


def decodable(category: str | None) -> bool:
    return category in category_sections()


def decode_many(categories: Iterable[str | None], models: Iterable[str | None]) -> list[Decoded | None]:
    """One answer per row of a ledger's columns; each distinct (category, model) is read once, so a
    province's million rows cost about as much as their few thousand distinct designations."""
    keys = list(zip(categories, models, strict=True))
    seen = {key: read_designation(*key) for key in dict.fromkeys(keys)}
    return list(map(seen.__getitem__, keys))


@lru_cache(maxsize=1 << 16)
def decode(category: str | None, model: str | None) -> Decoded | None:
    """The parts `model` states for a unit of `category`; None when nothing at all could be read
    (cached: the row-by-row fronts see the same few designations again and again)."""
    return read_designation(category, model)


def read_designation(category: str | None, model: str | None) -> Decoded | None:
    """`decode` without the cache."""
    name = category_sections().get(category or "")
    if name is None or not model:
        return None
    canonical = canonical_model(model)
    if not canonical:
        return None
    out = _Parts(section(name)["source"])
    _DECODERS[name](canonical, out)
    if not out.items:
        return None
    assert category is not None
    return Decoded(category, canonical, tuple(out.items))
