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
from equipinv.field_keys import equipment_keys, resolve
from equipinv.units import FIELD_UNITS, QuantityError, parse_quantity
from equipinv.validation import PLAIN_BOUNDS, parse_date, plain_number

# Canonical fields the matcher reads that are not grader parameters.
MATCH_FIELDS = ("model", "manufacturer", "product_name", "year_made", "commissioning_date", "design_life_years",
                "vehicle_type", "fuel", "emission_standard", "mileage_km", "benchmark_level", "status",
                "operating", "underground_coal_mine", "rated_power_kw", "capacity_kva", "capacity_t_h",
                "voltage_kv")


def parameter_names(category: str) -> list[str]:
    return [p.name for p in et.PARAMETERS.get(category, ())]


def canonical_key(category: str, key: str) -> str:
    """The canonical name `key` stands for in `category` (itself when it is already canonical): the
    category's grading parameters, what the matcher reads and every ledger field, with the one alias
    table of `equipinv.field_keys`."""
    known = parameter_names(category)
    return resolve(key, valid_keys(category), own=[*known, *equipment_keys(category)[1]], where=category)


def valid_keys(category: str) -> set[str]:
    """Every canonical key a described unit of `category` takes."""
    return {*parameter_names(category), *MATCH_FIELDS, *equipment_keys(category)[0]}


def _value(name: str, text: str, category: str) -> Any:
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
    if name in PLAIN_BOUNDS or _numeric_parameter(name, category):
        return plain_number(name, text, category)
    try:
        number = float(text.strip())
    except ValueError:
        return text.strip()
    return int(number) if name in ("year_made", "poles") and number.is_integer() else number


def _numeric_parameter(name: str, category: str) -> bool:
    return any(p.name == name and p.kind == "float" for p in et.PARAMETERS.get(category, ()))


def describe(category: str, pairs: Mapping[str, str]) -> dict[str, Any]:
    """Canonical parameters of a unit described by KEY=VALUE pairs."""
    return {(name := canonical_key(category, key)): _value(name, text, category) for key, text in pairs.items()}


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
