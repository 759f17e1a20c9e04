"""The keys a unit is described by, the same in every front: canonical names, the one table of short
aliases, and the closest valid key for a mistyped one.

`equipment add/edit`, `classify`, `match` and `savings` all read `KEY=VALUE` pairs: each resolves its keys
here, so `power=` is `rated_power_kw=` and `efficiency=` the category's own efficiency everywhere, and a
key that is no field (`rated_capacity_kva`) is refused with the nearest valid one (`capacity_kva`).
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping, Sequence

from equipinv.errors import BadInput

# Short keys people type, to the canonical names they may mean: the category's own field first (a
# boiler's capacity is t/h, its efficiency the thermal one), then the first any front knows.
ALIASES: dict[str, tuple[str, ...]] = {
    "power": ("rated_power_kw",),
    "kw": ("rated_power_kw",),
    "capacity": ("capacity_kva", "capacity_t_h", "capacity_mw", "cooling_capacity_kw"),
    "kva": ("capacity_kva",),
    "type": ("transformer_type", "compressor_type", "fan_type", "pump_type", "blower_type", "vehicle_type"),
    "efficiency": ("efficiency_pct", "thermal_efficiency_pct", "polytropic_efficiency_pct"),
    "eff": ("efficiency_pct", "thermal_efficiency_pct"),
    "flow": ("flow_m3_min", "flow_m3_h"),
    "head": ("head_m",),
    "speed": ("speed_rpm",),
    "pressure": ("pressure_mpa",),
    "voltage": ("voltage_kv",),
    "kv": ("voltage_kv",),
    "core": ("core_material",),
    "insulation": ("insulation_class",),
    "connection": ("connection_group",),
    "made": ("year_made",),
    "year": ("year_made",),
    "commissioned": ("commissioning_date",),
    "life": ("design_life_years",),
    "hours": ("operating_hours_per_year",),
    "load": ("load_factor",),
    "emission": ("emission_standard",),
    "mileage": ("mileage_km",),
}


class UnknownKey(BadInput):
    """A `KEY=VALUE` key that names no field here; the message offers the closest valid key."""


def closest(key: str, valid: Collection[str]) -> str | None:
    """The valid key (or alias) nearest to a mistyped `key`, if any is near enough to be meant."""
    found = difflib.get_close_matches(key.lower(), [*valid, *(a for a, names in ALIASES.items()
                                                              if any(n in valid for n in names))], n=1, cutoff=0.6)
    return found[0] if found else None


def resolve(key: str, valid: Collection[str], *, own: Sequence[str] = (), where: str = "") -> str:
    """The canonical name `key` stands for among `valid` (`own`: the category's fields in order of preference,
    first for an alias and matched by prefix, no_load_loss → no_load_loss_w). Raises `UnknownKey` with the
    closest valid key."""
    if key in valid:
        return key
    candidates = ALIASES.get(key.lower(), ())
    for name in (*(c for c in own if c in candidates), *(c for c in candidates if c in valid)):
        return name  # in the order of `own`: the front's first choice (a blower graded by its polytropic efficiency)
    for name in own:
        if name.startswith(key + "_"):
            return name
    raise unknown_key(key, valid, where=where)


def unknown_key(key: str, valid: Collection[str], *, where: str = "") -> UnknownKey:
    """The refusal of `key`, with the closest of `valid` (or of their aliases) when one is near."""
    near = closest(key, valid)
    hint = f"，是否想写 {near}？" if near else "。"
    listing = f"可用字段：equipinv equipment fields {where}".rstrip()
    return UnknownKey(f'"{key}" 不是{" " + where + " 的" if where else "设备"}字段{hint}{listing}',
                     f'"{key}" is not a field{" of " + where if where else ""}'
                     + (f"; did you mean {near}?" if near else ""), field=key, value=key)


def resolve_pairs(pairs: Mapping[str, str], valid: Collection[str], *, own: Sequence[str] = (),
                  where: str = "") -> dict[str, str]:
    """`pairs` keyed by canonical names; two keys for one field (power= and rated_power_kw=) are refused."""
    out: dict[str, str] = {}
    given: dict[str, str] = {}
    for key, value in pairs.items():
        name = resolve(key, valid, own=own, where=where)
        if name in out:
            raise BadInput(f"{given[name]}= 与 {key}= 是同一字段 {name}，只能给一次",
                           f"{given[name]}= and {key}= are the same field {name}", field=name, value=value)
        out[name], given[name] = value, key
    return out


def equipment_keys(category: str | None) -> tuple[list[str], list[str]]:
    """(every key `equipment add/edit` takes, the keys of `category` first among them)."""
    from equipinv.categories import registry
    from equipinv.validation import ENTRY_FIELDS, extra_rating_parameters

    extra = extra_rating_parameters()
    own = [f.name for f in registry()[category].fields] if category in registry() else []
    own += [name for name, by_category in extra.items() if category in by_category]
    return [*ENTRY_FIELDS, *extra], own


def _shown_unit(name: str, registry_unit: str) -> str:
    from equipinv.units import FIELD_UNITS
    from equipinv.validation import PLAIN_UNITS

    if registry_unit:
        return registry_unit
    if name in FIELD_UNITS:
        return FIELD_UNITS[name].unit.replace("**3", "³")
    return PLAIN_UNITS.get(name, "")


def field_table(category: str | None) -> list[dict[str, object]]:
    """Every key a unit of `category` takes (all ledger keys when None): Chinese name, unit, allowed values,
    short aliases, and whether grading needs it (`required`, `sometimes` — for some rows of the table — or None).

    For a category its own fields come first; the fields only other categories have are left out.
    """
    import efficiency_tables as et
    from equipinv import labels
    from equipinv.categories import registry
    from equipinv.validation import BOOL_FIELDS, FIELD_NAMES_ZH, extra_rating_parameters

    valid, own = equipment_keys(category)
    extra = extra_rating_parameters()
    others = {f.name for c in registry().values() for f in c.fields} | set(extra)
    grading = {p.name: p for p in et.PARAMETERS.get(category or "", ())}
    units = {f.name: f.unit for f in registry()[category].fields} if category in registry() else {}
    keys = [*own, *(k for k in valid if k not in own and (category is None or k not in others))]
    rows: list[dict[str, object]] = []
    for key in dict.fromkeys(keys):
        parameter = grading.get(key) or next(iter(extra.get(key, {}).values()), None)
        allowed: list[str] = (list(labels.ENUMS[key].values()) if key in labels.ENUMS
                              else ["是", "否"] if key in BOOL_FIELDS else list(parameter.choices) if parameter else [])
        label = FIELD_NAMES_ZH.get(key) or (parameter.short_label if parameter else key)
        need = grading.get(key)
        unit = _shown_unit(key, units.get(key) or (parameter.unit if parameter else ""))
        rows.append({"key": key, "label": label, "unit": unit,
                     "allowed": allowed, "aliases": [a for a, names in ALIASES.items() if key in names],
                     "grading": None if need is None else "required" if need.required else "sometimes",
                     "category_field": key in own})
    return rows
