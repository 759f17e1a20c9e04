"""Grading stored units against the benchmark tables and keeping the result with its provenance.

The ledger is read as numpy columns, graded by `efficiency_tables.grade_ledger` in one vectorised
pass, and written back in bulk: grade, benchmark level, the standard and edition that answered, the
assessment date, and for an ungradable unit the reason. A unit whose figure was estimated keeps that
flag in `grade_detail`, so an estimate never passes for a measurement; so does a rating read from the
model designation (`derived_fields`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
from sqlmodel import Session

import efficiency_tables as et
from equipinv.bulk_insert import update_columns
from equipinv.designations import DERIVED
from equipinv.ledger_arrays import id_ranges, load_columns, within
from equipinv.models import Equipment, utcnow

GRADER_VERSION = "equipinv-grading/1"
_TABLE = Equipment.__table__  # type: ignore[attr-defined]


@cache
def grader_column_parameters() -> tuple[str, ...]:
    """Grader parameters stored as columns of their own (the rest live in `rating_params`); asked once per unit."""
    names = {p.name for params in et.PARAMETERS.values() for p in params}
    return tuple(sorted(n for n in names if n in _TABLE.c))


def _extra_parameters() -> list[str]:
    names = {p.name for params in et.PARAMETERS.values() for p in params}
    return sorted(n for n in names if n not in _TABLE.c)


def unit_parameters(unit: Equipment) -> dict[str, Any]:
    """The grader's inputs for one stored unit (columns plus rating_params)."""
    params: dict[str, Any] = {name: getattr(unit, name) for name in grader_column_parameters()}
    params.update(unit.rating_params or {})
    return params


@dataclass
class GradingSummary:
    assessed_on: dt.date
    graded: int = 0
    ungradable: int = 0
    by_category_level: Counter[tuple[str, str]] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    editions: dict[str, str] = field(default_factory=dict)  # category -> "GB 18613-2020"

    def add(self, other: GradingSummary) -> None:
        """Count another chunk's units in."""
        self.graded += other.graded
        self.ungradable += other.ungradable
        self.by_category_level.update(other.by_category_level)
        self.reasons.update(other.reasons)
        self.editions.update(other.editions)

    def to_dict(self) -> dict[str, Any]:
        return {
            "assessed_on": self.assessed_on.isoformat(),
            "graded": self.graded,
            "ungradable": self.ungradable,
            "by_category_level": [{"category": c, "level": lv, "units": n}
                                  for (c, lv), n in sorted(self.by_category_level.items())],
            "ungradable_reasons": [{"reason": r, "units": n} for r, n in self.reasons.most_common()],
            "editions": self.editions,
        }


def _extra_columns(mappings: np.ndarray) -> dict[str, np.ndarray]:
    """Columns for the parameters kept in the JSON `rating_params` mapping (only those any unit has)."""
    kinds = {p.name: p.kind for params in et.PARAMETERS.values() for p in reversed(params)}
    present = set().union(*(m.keys() for m in mappings)) & set(_extra_parameters())
    columns: dict[str, np.ndarray] = {}
    for name in sorted(present):
        values = [m.get(name) for m in mappings]
        if kinds[name] == "float":
            columns[name] = np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)
        else:
            columns[name] = np.array(["" if v is None else str(v) for v in values], dtype=object)
    return columns


GRADE_FIELDS = ("grade", "benchmark_level", "grade_standard", "grade_detail", "graded_at")


def grader_inputs() -> list[str]:
    """The ledger columns `grade_columns` reads."""
    return ["category", "value_sources", "rating_params", *grader_column_parameters()]


def grade_columns(columns: dict[str, np.ndarray], *, on: dt.date) -> tuple[dict[str, list[Any]], GradingSummary]:
    """Grade a ledger held as columns (`grader_inputs()`, as `ledger_arrays` shapes them).

    Returns the values of `GRADE_FIELDS` per unit, column-wise, ready to store, and the summary.
    """
    columns = dict(columns)
    summary = GradingSummary(assessed_on=on)
    columns.update(_extra_columns(columns.pop("rating_params")))
    sources = columns.pop("value_sources")
    categories = columns.pop("category")
    numeric = {k: (v.astype(np.float64) if v.dtype == np.int8 else v) for k, v in columns.items()}
    result = et.grade_ledger(categories.astype(str), numeric, on=on)
    grades, levels, reasons = result.grades(), result.levels(), result.reasons()
    all_editions = et.editions()
    stored: dict[str, list[Any]] = {name: [] for name in GRADE_FIELDS}
    details: dict[tuple[Any, ...], dict[str, Any]] = {}
    now = utcnow()
    for i, category in enumerate(categories.tolist()):
        edition_index = int(result.edition[i])
        edition = all_editions[edition_index] if edition_index >= 0 else None
        standard = f"{edition.standard}-{edition.edition}" if edition else None
        estimated = tuple(sorted(k for k, v in sources[i].items() if v == "estimated"))
        derived = tuple(sorted(k for k, v in sources[i].items() if v == DERIVED))
        level = levels[i] or "ungraded"
        stored["grade"].append(grades[i])
        stored["benchmark_level"].append(level)
        stored["grade_standard"].append(standard)
        key = (reasons[i], estimated, derived, edition_index)  # units alike share one detail mapping (read-only)
        if key not in details:
            details[key] = {"assessed_on": on.isoformat(), "reason": reasons[i], "estimated_fields": list(estimated),
                            "derived_fields": list(derived),
                            "grader": GRADER_VERSION, "edition_title": edition.title if edition else None}
        stored["grade_detail"].append(details[key])
        stored["graded_at"].append(now)
        reason = reasons[i]
        if reason:
            summary.ungradable += 1
            summary.reasons[reason] += 1
        else:
            summary.graded += 1
        summary.by_category_level[(category, level)] += 1
        if standard:
            summary.editions[category] = standard
    return stored, summary


def grade_stored_units(session: Session, *, where: Any = None, on: dt.date | None = None) -> GradingSummary:
    """Grade every unit in use or idle (optionally filtered by `where`) and store the results."""
    on = on or dt.date.today()
    summary = GradingSummary(assessed_on=on)
    # a chunk at a time (memory bounded by the chunk), all chunks in the caller's one transaction: an
    # interrupted run leaves every grade as it was
    for first, last in id_ranges(session, where=where):
        columns = load_columns(session, grader_inputs(), where=within(where, first, last))
        ids = columns.pop("id")
        stored, part = grade_columns(columns, on=on)
        summary.add(part)
        update_columns(session.connection(), _TABLE, ids.tolist(), stored)
    return summary


def grade_one(session: Session, unit: Equipment, *, on: dt.date | None = None) -> et.GradeResult:
    """Grade one stored unit (after an edit), store the result and return the full explanation."""
    on = on or dt.date.today()
    result = et.grade_unit(unit.category, unit_parameters(unit), on=on)
    estimated = sorted(k for k, v in (unit.value_sources or {}).items() if v == "estimated")
    derived = sorted(k for k, v in (unit.value_sources or {}).items() if v == DERIVED)
    unit.grade = result.grade
    unit.benchmark_level = result.level or "ungraded"
    unit.grade_standard = f"{result.standard}-{result.edition}" if result.standard else None
    unit.grade_detail = {"assessed_on": on.isoformat(), "reason": result.ungradable_reason,
                         "estimated_fields": estimated, "derived_fields": derived, "grader": GRADER_VERSION,
                         "thresholds": [t.__dict__ for t in result.thresholds], "table": result.table}
    unit.graded_at = utcnow()
    session.add(unit)
    return result
