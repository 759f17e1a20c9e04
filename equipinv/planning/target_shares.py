"""The share a schedule reaches for each policy target, year by year — what `plan --target` reports back.

A target asks that by its year at least `share` of its units be at the level its actions reach; a unit
counts from the year its action is scheduled, and units already at the level count from the start.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from equipinv.planning.optimiser import PolicyTarget, Schedule


@dataclass(frozen=True)
class TargetReached:
    """A target with the share the schedule reaches in each plan year."""

    year: int
    share: float
    label: str
    units: int
    reached: dict[int, float]

    @property
    def met(self) -> bool:
        return self.reached.get(self.year, 0.0) + 1e-9 >= self.share

    def to_dict(self) -> dict[str, object]:
        return {"year": self.year, "share": self.share, "label": self.label, "units": self.units,
                "reached": {str(y): round(v, 4) for y, v in self.reached.items()}, "met": self.met}


def shares_reached(schedule: Schedule, targets: tuple[PolicyTarget, ...]) -> list[TargetReached]:
    """For each target, the share of its units at the level after each of the schedule's years."""
    found = []
    for target in targets:
        units = np.asarray(target.units, dtype=bool)
        total = int(units.sum())
        acting = units & np.isin(schedule.action, target.actions)
        base = units & np.asarray(target.already_met, dtype=bool)
        reached = {}
        for year in schedule.years:
            met = base | (acting & (schedule.year <= year) & (schedule.year > 0))
            reached[year] = float(met.sum()) / total if total else 0.0
        found.append(TargetReached(target.year, target.share, target.label, total, reached))
    return found
