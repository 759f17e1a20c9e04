"""When the budget cannot pay for all mandatory work: which mandatory units it pays for first.

The law does not wait for money, but a bureau with a fixed budget still needs the best plan within it
and the list of what stays unfunded. Mandatory units are taken by deadline (earliest first), then by
risk (a pending safety assessment, then age against design life), then cheapest first so the money
reaches as many units as it can; each is given its cheapest available action in the latest plan year
within its deadline that still has room. What does not fit is unfunded, due in the plan year its
deadline falls in, and the shortfall per year is the cost of those units. The optimiser then plans the
funded mandatory units (as obligations) and the optional work with what is left.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]


@dataclass
class Triage:
    """Which mandatory units the budget pays for; the others with their due year and cost."""

    funded: Bools                  # (n,) True for the mandatory units that fit
    unfunded: list[int]            # unit positions, in priority order
    due_year: list[int]            # per unfunded unit: the plan year its deadline falls in
    cost_yuan: list[float]         # per unfunded unit: its cheapest action

    def shortfall_by_year(self) -> dict[int, float]:
        """Yuan missing per plan year to do the unfunded mandatory work by its deadline."""
        short: dict[int, float] = {}
        for year, cost in zip(self.due_year, self.cost_yuan, strict=True):
            short[year] = short.get(year, 0.0) + cost
        return dict(sorted(short.items()))


def triage_mandatory(cost: Floats, available: Bools, mandatory: Bools, deadline_year: Floats, risk: Floats,
                     years: Sequence[int], budget_yuan: Sequence[float]) -> Triage:
    """Fund mandatory units in priority order within the yearly budgets (see the module docstring).

    `cost` (n, K) and `available` (n, K) describe each unit's actions (column 0, keep, is ignored);
    a deadline after the last plan year leaves the unit out of this plan's obligations.
    """
    n = cost.shape[0]
    yrs = list(years)
    left = np.asarray(budget_yuan, dtype=float).copy()
    deadline = np.where(np.isnan(deadline_year), yrs[-1], deadline_year)
    due = np.array([max(int(np.searchsorted(yrs, d, side="right")) - 1, 0) for d in deadline]) if n else np.zeros(0, int)
    usable = available.copy()
    usable[:, 0] = False
    cheapest = np.where(usable, cost, np.inf).min(axis=1) if n else np.zeros(0)
    candidates = np.flatnonzero(mandatory & (deadline <= yrs[-1]) & np.isfinite(cheapest))
    order = candidates[np.lexsort((cheapest[candidates], -risk[candidates], deadline[candidates]))]
    funded = np.zeros(n, dtype=bool)
    unfunded: list[int] = []
    for i in order.tolist():
        room = [j for j in range(int(due[i]), -1, -1) if left[j] + 1e-6 >= cheapest[i]]
        if room:
            left[room[0]] -= cheapest[i]
            funded[i] = True
        else:
            unfunded.append(i)
    return Triage(funded, unfunded, [yrs[int(due[i])] for i in unfunded], [float(cheapest[i]) for i in unfunded])
