"""Filling a unit's empty rating fields from its model designation, with provenance.

The one rule every front shares (import, CLI add/edit, classify, match, consolidation, the TUI form):
a decoded value fills a field only when the field is empty, and is marked `derived_from_model` in the
unit's `value_sources`, so it never passes for a nameplate or measured value. A decoded value that
contradicts an entered one is not applied; it is a data-quality warning (`Conflict`), recomputed from
the stored model and values whenever it is shown, so it can never go stale.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from efficiency_tables import PARAMETERS
from equipinv.designations.decode import PART_LABELS, Decoded, decode

DERIVED = "derived_from_model"


@dataclass(frozen=True)
class Conflict:
    field: str
    entered: Any
    decoded: Any
    model: str

    @property
    def message(self) -> str:
        label = PART_LABELS.get(self.field, self.field)
        return (f"型号 {self.model} 表明{label}为 {_shown(self.decoded)}，与录入值 {_shown(self.entered)} 不符，未采用型号值 "
                f"(warning: model {self.model} states {self.field} = {self.decoded}, entered {self.entered}; not applied)")

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "entered": self.entered, "decoded": self.decoded, "message": self.message}


@dataclass
class Derivation:
    """What a model adds to a record: the fields it fills and the entered values it contradicts."""

    decoded: Decoded | None
    filled: dict[str, Any] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)


def _shown(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


@cache
def _columns() -> frozenset[str]:
    from equipinv.models import Equipment  # models import nothing of ours; kept lazy like validation does

    return frozenset(Equipment.model_fields)


def _fillable(category: str, name: str) -> bool:
    """A column of the ledger, or a rating parameter this category's benchmark table takes."""
    return name in _columns() or any(p.name == name for p in PARAMETERS.get(category, ()))


def _same(entered: Any, decoded: Any) -> bool:
    if isinstance(decoded, (int, float)) and not isinstance(decoded, bool):
        try:
            return math.isclose(float(entered), float(decoded), rel_tol=1e-6, abs_tol=1e-9)
        except (TypeError, ValueError):
            return False
    return str(entered).strip() == str(decoded)


def derive(category: str | None, model: str | None, present: Mapping[str, Any],
           sources: Mapping[str, str] | None = None) -> Derivation:
    """Compare what `model` states with a record's current values (`present`: columns and rating
    parameters by name; `sources`: its value_sources). Fields already marked derived count as empty."""
    decoded = decode(category, model)
    result = Derivation(decoded)
    if decoded is None:
        return result
    assert category is not None
    sources = sources or {}
    for name, value in decoded.fields().items():
        if not _fillable(category, name):
            continue
        entered = present.get(name)
        if entered is None or entered == "" or sources.get(name) == DERIVED:
            result.filled[name] = value
        elif not _same(entered, value):
            result.conflicts.append(Conflict(name, entered, value, decoded.model))
    return result


def fill_record(clean: dict[str, Any]) -> Derivation:
    """Fill a validated full record's empty fields from its model, in place (columns, rating_params,
    value_sources); returns what was done."""
    params = clean.get("rating_params") or {}
    derivation = derive(clean.get("category"), clean.get("model"), {**params, **clean}, clean.get("value_sources"))
    if derivation.filled:
        apply(clean, derivation.filled)
    return derivation


def apply(record: dict[str, Any], filled: Mapping[str, Any]) -> None:
    """Write derived values into a record (columns directly, the rest into `rating_params`) and mark them."""
    columns = _columns()
    params = dict(record.get("rating_params") or {})
    sources = dict(record.get("value_sources") or {})
    for name, value in filled.items():
        if name in columns:
            record[name] = value
        else:
            params[name] = value
        sources[name] = DERIVED
    if params:
        record["rating_params"] = params
    record["value_sources"] = sources


def derived_fields(value_sources: Mapping[str, str] | None) -> list[str]:
    return sorted(k for k, v in (value_sources or {}).items() if v == DERIVED)


def derived_remark(value_sources: Mapping[str, str] | None) -> str:
    """The short note a list prints for a unit with derived values: "极数、额定容量(kVA)由型号推得"."""
    names = derived_fields(value_sources)
    return "、".join(PART_LABELS.get(n, n).split("(")[0] for n in names) + "由型号推得" if names else ""


def rederive(current: Mapping[str, Any], edit: Mapping[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    """The columns an edit writes (`update`, mappings already merged with `current`), adjusted so that
    derived values follow the model: a value the edit enters loses its derived mark, a derived value
    never overwrites an entered one, and derived values are read again from the (maybe new) model."""
    columns = _columns()
    current_sources = current.get("value_sources") or {}
    current_params = current.get("rating_params") or {}
    edit_sources = edit.get("value_sources") or {}
    params = dict(update.get("rating_params", current_params) or {})
    sources = dict(update.get("value_sources", current_sources) or {})
    for name in (set(edit) | set(edit.get("rating_params") or {})) - {"rating_params", "value_sources"}:
        if edit_sources.get(name) != DERIVED:
            if sources.get(name) == DERIVED:
                del sources[name]
            continue
        entered = current.get(name) if name in columns else current_params.get(name)
        if current_sources.get(name) != DERIVED and entered is not None:
            # a derived value arriving (an import row) never replaces an entered one
            if name in columns:
                update.pop(name, None)
            else:
                params[name] = entered
            sources.pop(name, None)
            if name in current_sources:
                sources[name] = current_sources[name]
    state: dict[str, Any] = {**current, **current_params, **params, **update}
    stale = [name for name, src in sources.items() if src == DERIVED]
    for name in stale:
        state[name] = None
    derivation = derive(state.get("category"), state.get("model"), state, sources)
    for name in stale:
        if name not in derivation.filled:  # the model no longer states it: the derived value goes
            del sources[name]
            if name in columns:
                update[name] = None
            else:
                params.pop(name, None)
    for name, value in derivation.filled.items():
        if name in columns:
            update[name] = value
        else:
            params[name] = value
        sources[name] = DERIVED
    update["rating_params"], update["value_sources"] = params, sources
    return update


def review(record: Mapping[str, Any]) -> Derivation:
    """A stored unit's designation against its values (`record`: the unit's columns): which fields are
    derived, and which entered values the model contradicts — computed afresh, never stored."""
    params = record.get("rating_params") or {}
    return derive(record.get("category"), record.get("model"), {**params, **record}, record.get("value_sources"))
