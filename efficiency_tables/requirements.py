"""What a new unit must reach for a level, and estimating a missing metric from the limits of the year made."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from .grader import grade_unit, requirement_thresholds
from .parameters import METRICS
from .registry import edition_on
from .results import LEVEL_LABELS, SLOT_LEVELS, GradeResult, LevelRequirement


def level_requirement(category: str, params: Mapping[str, object], level: str,
                      on: date | None = None) -> LevelRequirement:
    """Thresholds a NEW unit with these ratings must meet for `level` (advanced / energy_saving / access).

    The planner takes the returned values as the new unit's metrics. `reason` says why there are none.
    """
    on = on if on is not None else date.today()
    edition, thresholds, table, why = requirement_thresholds(category, params, on)
    grade = str(SLOT_LEVELS.index(level) + 1) if level in SLOT_LEVELS else None
    if why is None and grade is None:
        why = f"未知的能效水平 \"{level}\" (unknown level; use advanced, energy_saving or access)"
    picked = [t for t in thresholds if t.level == level]
    if why is None and not picked:
        why = (f"{edition.label if edition else ''}对该规格未规定{LEVEL_LABELS[level]}对应的限值 "
               f"(no {level} threshold for this rating)")
    return LevelRequirement(category=category, level=level, grade=grade, thresholds=picked if why is None else [],
                            standard=edition.standard if edition else None,
                            edition=edition.edition if edition else None, table=table,
                            between_rule=edition.between_rule_text if edition else None, reason=why,
                            assessed_on=on)


def estimate_efficiency(category: str, params: Mapping[str, object], year_made: int,
                        on: date | None = None) -> GradeResult:
    """Grade a unit whose metric is unknown by assuming it just met the limit (grade 3) in force when made.

    The edition is the one in force on 1 January of `year_made` (in a changeover year, the older one).
    Where that edition's values are not encoded the result is ungradable and says so. Always flagged
    `estimated`.
    """
    on = on if on is not None else date.today()
    made_on = date(int(year_made), 1, 1)
    made_edition = edition_on(category, made_on)
    req = level_requirement(category, params, "access", made_on)
    if made_edition is None or req.reason is not None:
        base = grade_unit(category, {}, on)
        why = req.reason or f"{year_made}年无已知的现行标准版本 (no edition known for {year_made})"
        return replace(base, grade=None, level=None, estimated=True,
                       ungradable_reason=f"无法估算：{why} (cannot estimate)")
    filled = dict(params)
    filled.update(req.values())
    result = grade_unit(category, filled, on)
    result.estimated = True
    result.assumptions.append(
        f"{'、'.join(METRICS[category])}未实测，按制造年份 {year_made} 年在用的 {made_edition.label} 3级限值（准入）估算 "
        f"(estimated: the grade-3 limit of {made_edition.label}, in force when the unit was made)")
    return result
