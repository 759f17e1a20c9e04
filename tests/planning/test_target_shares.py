"""`plan --target` reports the share each year reaches: counted by hand on a five-unit schedule."""

from __future__ import annotations

import numpy as np

from equipinv.planning.optimiser import PolicyTarget, Schedule
from equipinv.planning.target_shares import shares_reached


def _schedule(action: list[int], year: list[int]) -> Schedule:
    return Schedule(action=np.array(action, dtype=np.int8), year=np.array(year), objective=0.0, bound=0.0, gap=0.0,
                    method="test", status="optimal", years=[2026, 2027, 2028], budget_yuan=[0.0] * 3,
                    spend_yuan=[0.0] * 3, binding_budget_years=[])


def test_share_counts_units_from_their_scheduled_year() -> None:
    # units 0-3 are in the target; unit 0 already meets it; unit 4 is outside the target
    target = PolicyTarget(year=2027, share=0.75, units=np.array([1, 1, 1, 1, 0], dtype=bool),
                          already_met=np.array([1, 0, 0, 0, 0], dtype=bool))
    schedule = _schedule(action=[0, 1, 2, 0, 1], year=[0, 2026, 2028, 0, 2026])
    [reached] = shares_reached(schedule, (target,))
    assert reached.reached == {2026: 0.5, 2027: 0.5, 2028: 0.75}
    assert reached.units == 4 and not reached.met
    assert reached.to_dict()["reached"] == {"2026": 0.5, "2027": 0.5, "2028": 0.75}


def test_a_target_met_in_its_year() -> None:
    target = PolicyTarget(year=2026, share=0.5, units=np.array([1, 1], dtype=bool),
                          already_met=np.array([0, 0], dtype=bool))
    [reached] = shares_reached(_schedule(action=[1, 0], year=[2026, 0]), (target,))
    assert reached.met and reached.reached[2026] == 0.5
