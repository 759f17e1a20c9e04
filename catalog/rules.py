"""Per-unit evaluation: every `Spec` checked against one prepared unit, one at a time.

This is the reference semantics (and the "naive loop" the benchmark compares against); the
vectorised path in catalog.vector must give the same answers. Order of checks in every rule:
the rule's key (model, name, category) must hit; then a known value outside a condition ends
the rule silently; only then do missing values turn the answer into "cannot decide".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from catalog.facts import (
    FIELD_LABELS,
    Finding,
    UnitFacts,
    add_months,
    in_region,
    norm_bool,
    norm_category,
    norm_date,
    norm_emission,
    norm_float,
    norm_fuel,
    norm_text,
    years_to_months,
)
from catalog.loader import Spec, load, replacement_text
from catalog.normalize import canonical_model, frame_number, item_match, phrase_in

MISSING_ORDER = tuple(FIELD_LABELS)
_FAIL = object()


@dataclass(frozen=True)
class Prepared:
    """A unit with every field read once into its canonical form (None = missing)."""

    category: str | None
    model: str
    name: str
    values: dict[str, float | None]
    commissioning: date | None
    vehicle_type: str | None
    fuel: str | None
    emission: int | None
    benchmark: str | None
    operating: bool | None
    coal_mine: bool | None
    eliminated: bool
    region: str | None = None


@lru_cache(maxsize=1)
def _vehicle_aliases() -> dict[str, str]:
    labels = load().vehicle_labels
    return {code: code for code in labels} | {norm_text(label): code for code, label in labels.items()}


def norm_vehicle_type(value: object) -> str | None:
    s = norm_text(value)
    return _vehicle_aliases().get(s) or _vehicle_aliases().get(s.lower()) if s else None


def norm_benchmark(value: object) -> str | None:
    s = norm_text(value).lower()
    return s if s in ("advanced", "energy_saving", "access", "below_access") else None


def prepare(u: UnitFacts) -> Prepared:
    year = norm_float(u.year_made)
    return Prepared(
        category=norm_category(u.category), model=canonical_model(u.model), name=norm_text(u.product_name),
        values={"rated_power_kw": norm_float(u.rated_power_kw), "capacity_kva": norm_float(u.capacity_kva),
                "capacity_t_h": norm_float(u.capacity_t_h), "voltage_kv": norm_float(u.voltage_kv),
                "year_made": float(int(year)) if year is not None else None,
                "mileage_km": norm_float(u.mileage_km), "design_life_years": norm_float(u.design_life_years)},
        commissioning=norm_date(u.commissioning_date), vehicle_type=norm_vehicle_type(u.vehicle_type),
        fuel=norm_fuel(u.fuel), emission=norm_emission(u.emission_standard), benchmark=norm_benchmark(u.benchmark_level),
        operating=norm_bool(u.operating), coal_mine=norm_bool(u.underground_coal_mine),
        eliminated=norm_text(u.status).lower() == "eliminated", region=norm_text(u.region_code) or None,
    )


def make_finding(spec: Spec, missing: tuple[str, ...], deadline: date | None, as_of: date,
                 region: str | None = None) -> Finding:
    """Decode one answer into a Finding; shared by both matcher paths so their text is identical (`region`:
    the enterprise's, for the replacement's basis)."""
    if spec.immediate:
        label = "立即"
    elif deadline is not None:
        label = "立即" if deadline <= as_of else deadline.isoformat()
    else:
        label = "按主管部门规定期限"
    if missing:
        names = "、".join(FIELD_LABELS[m] for m in missing)
        note = f"无法判定：缺少{names}（cannot decide: missing {', '.join(missing)}）"
        if spec.note:
            note += "。" + spec.note
    else:
        note = "；".join(x for x in (spec.condition_text, spec.note) if x)
    doc = spec.document
    return Finding(
        rule_id=spec.rule_id, catalogue_id=doc.id, catalogue_title=doc.title, doc_no=doc.doc_no, item_no=spec.item_no,
        kind=spec.kind, outcome="cannot_decide" if missing else "match", citation=spec.citation, reason=spec.reason,
        deadline=deadline, deadline_label=label, replacement=replacement_text(spec, region), missing_fields=missing, note=note,
        confidence=spec.confidence,
    )


def _sorted(missing: list[str]) -> tuple[str, ...]:
    return tuple(sorted(set(missing), key=MISSING_ORDER.index))


def _category(spec: Spec, u: Prepared, missing: list[str]) -> object:
    if u.category is None:
        missing.append("category")
    elif u.category not in spec.categories:
        return _FAIL
    return None


def _eval_entry(spec: Spec, u: Prepared) -> tuple[str, ...] | None:
    missing: list[str] = []
    frame: int | None = None
    if spec.match in ("series", "exact"):
        code = next((p for p in spec.patterns if u.model and item_match(u.model, p, spec.mode, spec.forms)), None)
        if code is None:
            return None
        frame = frame_number(u.model, code)
    elif spec.match == "name":
        if not u.name or not any(phrase_in(k, u.name) for k in spec.keywords):
            return None
    elif u.category is None or u.category not in spec.categories:  # attribute rows key on the category
        return None
    if _category(spec, u, missing) is _FAIL:
        return None
    if spec.match != "name" and spec.keywords:
        if not u.name:
            missing.append("product_name")
        elif not any(phrase_in(k, u.name) for k in spec.keywords):
            return None
    for field, lo, hi in spec.bounds:
        v = float(frame) if field == "frame" and frame is not None else u.values.get(field)
        if v is None:
            missing.append(field)
        elif (lo is not None and v < lo) or (hi is not None and v > hi):
            return None
    if spec.fuels:
        if u.fuel is None:
            missing.append("fuel")
        elif u.fuel not in spec.fuels:
            return None
    if spec.site:
        if u.coal_mine is None:
            missing.append("underground_coal_mine")
        elif not u.coal_mine:
            return None
    return _sorted(missing)


def _eval_rule(spec: Spec, u: Prepared, horizon: date) -> tuple[tuple[str, ...], date | None] | None:
    if u.category not in spec.categories:
        return None
    missing: list[str] = []
    if spec.type == "unsourced":
        return ("rule_value",), None
    if spec.type == "benchmark":
        if u.benchmark is None:
            return ("benchmark_level",), None
        return ((), None) if u.benchmark == "below_access" else None
    if spec.type == "emission_truck":
        checks = ((u.fuel, "fuel", lambda f: f in spec.fuels), (u.emission, "emission_standard",
                  lambda e: e <= spec.emission_max), (u.operating, "operating", lambda o: o))
        for value, name, ok in checks:
            if value is None:
                missing.append(name)
            elif not ok(value):
                return None
        return _sorted(missing), None
    if spec.type in ("vehicle_age", "vehicle_mileage"):
        if spec.vehicle_type is None:  # the generic row: only when the type cannot be read
            if u.vehicle_type is not None:
                return None
            return _sorted(["vehicle_type"] + ([] if u.commissioning else ["commissioning_date"])), None
        if u.vehicle_type != spec.vehicle_type:
            return None
        if spec.type == "vehicle_mileage":
            km = u.values["mileage_km"]
            if km is None:
                return ("mileage_km",), None
            return ((), None) if spec.mileage_km is not None and km >= spec.mileage_km else None
        if u.commissioning is None:
            return ("commissioning_date",), None
        limit = add_months(u.commissioning, years_to_months(spec.years or 0))
        return ((), limit) if limit <= horizon else None
    if spec.type == "design_life":
        if u.commissioning is None:
            return ("commissioning_date",), None
        over = add_months(u.commissioning, years_to_months(spec.service_years_over or 0))
        if over < horizon:  # "使用超过20年": strictly more than 20 years
            return (), None
        life = u.values["design_life_years"]
        if life is None:
            return ("design_life_years",), None
        return ((), None) if add_months(u.commissioning, years_to_months(life)) <= horizon else None
    raise ValueError(f"unknown rule type {spec.type}")


def evaluate(spec: Spec, u: Prepared, as_of: date, horizon_days: int = 0) -> Finding | None:
    """One rule against one unit: a Finding, or None when the rule does not apply."""
    if u.eliminated or not in_region(spec.document.region, u.region):
        return None
    if spec.type == "entry":
        missing = _eval_entry(spec, u)
        return None if missing is None else make_finding(spec, missing, spec.deadline, as_of, u.region)
    res = _eval_rule(spec, u, as_of + timedelta(days=horizon_days))
    return None if res is None else make_finding(spec, res[0], res[1], as_of, u.region)
