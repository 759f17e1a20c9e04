"""Reading a described unit (`KEY=VALUE` pairs) into the grader's and matcher's canonical parameters.

Engineers type what is on a nameplate: `power="75 kW" poles=4 efficiency=95.2`, `capacity="630 kVA"
type=oil no_load_loss="570 W"`. Short keys map to canonical names per category, quantities go through
the unit registry, so "100 hp" and "74.57 kW" describe the same motor.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import efficiency_tables as et
from equipinv import designations, labels
from equipinv.cli_support import UserError
from equipinv.units import FIELD_UNITS, QuantityError, parse_quantity
from equipinv.validation import parse_date

# Short keys people use, to the canonical parameter names they may mean (first one the category has wins).
ALIASES: dict[str, tuple[str, ...]] = {
    "power": ("rated_power_kw",),
    "capacity": ("capacity_kva", "capacity_t_h", "capacity_mw", "cooling_capacity_kw"),
    "type": ("transformer_type", "compressor_type", "fan_type", "pump_type", "blower_type"),
    "efficiency": ("efficiency_pct", "thermal_efficiency_pct", "polytropic_efficiency_pct"),
    "eff": ("efficiency_pct", "thermal_efficiency_pct"),
    "flow": ("flow_m3_min", "flow_m3_h"),
    "head": ("head_m",),
    "speed": ("speed_rpm",),
    "pressure": ("pressure_mpa",),
    "voltage": ("voltage_kv",),
    "core": ("core_material",),
    "insulation": ("insulation_class",),
    "connection": ("connection_group",),
    "made": ("year_made",),
    "year": ("year_made",),
    "commissioned": ("commissioning_date",),
    "emission": ("emission_standard",),
}
# Canonical fields the matcher reads that are not grader parameters.
MATCH_FIELDS = ("model", "manufacturer", "product_name", "year_made", "commissioning_date", "design_life_years",
                "vehicle_type", "fuel", "emission_standard", "mileage_km", "benchmark_level", "status",
                "operating", "underground_coal_mine", "rated_power_kw", "capacity_kva", "capacity_t_h",
                "voltage_kv")


def parameter_names(category: str) -> list[str]:
    return [p.name for p in et.PARAMETERS.get(category, ())]


def canonical_key(category: str, key: str) -> str:
    """The canonical name `key` stands for in `category` (itself when it is already canonical)."""
    known = parameter_names(category)
    if key in known or key in MATCH_FIELDS:
        return key
    aliases = ALIASES.get(key, ())  # the category's own parameter first: a boiler's capacity is t/h, not kVA
    for candidate in (*(c for c in aliases if c in known), *(c for c in aliases if c in MATCH_FIELDS)):
        return candidate
    for name in known:  # no_load_loss -> no_load_loss_w, specific_power -> specific_power_kw_per_m3_min
        if name.startswith(key + "_"):
            return name
    raise UserError(f'参数 "{key}" 不适用于类别 {category}（可用：{", ".join(known + ["model", "made"])}） '
                    f'(error: key "{key}" is not a parameter of {category})')


def _value(name: str, text: str) -> Any:
    if name in FIELD_UNITS:
        try:
            return parse_quantity(name, text)
        except QuantityError as exc:
            raise UserError(str(exc)) from exc
    if name == "commissioning_date":
        try:
            return parse_date(text)
        except ValueError as exc:
            raise UserError(f'投运日期 "{text}" 不是日期 (error: commissioning_date "{text}" is not a date)') from exc
    if name in ("operating", "underground_coal_mine"):
        return text.strip().lower() in ("1", "true", "yes", "是")
    stripped = text.strip().rstrip("%")
    try:
        number = float(stripped)
    except ValueError:
        return text.strip()
    return int(number) if name in ("year_made", "poles") and number.is_integer() else number


def describe(category: str, pairs: Mapping[str, str]) -> dict[str, Any]:
    """Canonical parameters of a unit described by KEY=VALUE pairs."""
    return {(name := canonical_key(category, key)): _value(name, text) for key, text in pairs.items()}


def describe_filled(category: str, pairs: Mapping[str, str]) -> tuple[dict[str, Any], designations.Derivation]:
    """As `describe`, with the empty parameters the model designation states filled in (and said so)."""
    params = describe(category, pairs)
    derivation = designations.derive(category, params.get("model"), params)
    return params | derivation.filled, derivation


def derivation_notes(derivation: designations.Derivation) -> list[str]:
    """Lines telling a person what the model filled and what it contradicts (Chinese, then English)."""
    notes = [f"由型号推得（非铭牌值）：{'、'.join(f'{designations.PART_LABELS.get(k, k)} {_shown(k, v)}' for k, v in derivation.filled.items())} "
             f"(derived from the model: {', '.join(derivation.filled)})"] if derivation.filled else []
    return notes + [c.message for c in derivation.conflicts]


def derivation_json(derivation: designations.Derivation) -> dict[str, Any]:
    return {"derived_from_model": derivation.filled, "designation_conflicts": [c.to_dict() for c in derivation.conflicts],
            "designation": derivation.decoded.to_dict() if derivation.decoded else None}


def _shown(name: str, value: Any) -> str:
    if name in labels.ENUMS:
        return labels.label(name, value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def parameters_help() -> str:
    """Each category's keys with unit and meaning: the body of `classify --help`."""
    lines = []
    for category, params in et.PARAMETERS.items():
        keys = "; ".join(f"{p.name}{f' [{p.unit}]' if p.unit else ''} {p.label}" for p in params)
        lines.append(f"{category} ({et.CATEGORY_LABELS.get(category, category)}): {keys}")
    return "\n\n".join(lines)
