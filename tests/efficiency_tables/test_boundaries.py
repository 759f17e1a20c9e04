"""Every row of every encoded table grades right exactly at each threshold and just on the worse side.

The rows are read from the data files with the csv module; the expected grade is computed here from the
row's own numbers. All cases go through the array path; every 5th also through `grade_unit`.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest
from effgrade_cases import expected, records, row_thresholds, unit_for_row

from efficiency_tables import grade_arrays, grade_unit
from efficiency_tables.parameters import PARAMETERS
from efficiency_tables.registry import editions

ENCODED = [e for e in editions() if e.status == "encoded"]


def _on(edition) -> date:
    return edition.in_force_from or date(2020, 1, 1)


def _cases(edition):
    """(params, expected grade, expected level, expected thresholds) for both sides of every threshold."""
    directions = {m.name: m.direction for m in edition.metrics}
    out = []
    for rec in records(edition):
        params = unit_for_row(edition, rec)
        thr = row_thresholds(edition, rec, params)
        if "missing" in rec.values() or all(math.isnan(t) for ts in thr.values() for t in ts):
            continue  # rows without usable thresholds are checked in test_reasons
        for m, ts in thr.items():
            others = {o: (0.0 if directions[o] == "lower" else max(x for x in thr[o] if not math.isnan(x)))
                      for o in thr if o != m}
            for t in ts:
                if math.isnan(t):
                    continue
                worse = np.nextafter(t, -math.inf if directions[m] == "higher" else math.inf)
                for v in (t, float(worse)):
                    values = {m: v, **others}
                    grade, level = expected(directions, thr, values)
                    out.append(({**params, **values}, grade, level, thr))
    return out


@pytest.mark.parametrize("edition", ENCODED, ids=lambda e: e.label)
def test_every_threshold_both_sides(edition):
    cases = _cases(edition)
    assert len(cases) >= 2 * len(records(edition)) // 2  # most rows give cases
    names = [p.name for p in PARAMETERS[edition.category]]
    columns = {}
    for name in names:
        vals = [c[0].get(name) for c in cases]
        if any(isinstance(v, str) for v in vals):
            columns[name] = np.array(["" if v is None else v for v in vals])
        else:
            columns[name] = np.array([np.nan if v is None else v for v in vals], dtype=float)
    res = grade_arrays(edition.category, columns, _on(edition))
    assert res.reasons() == [None] * len(cases), {r for r in res.reasons() if r}
    assert res.grades() == [c[1] for c in cases]
    assert res.levels() == [c[2] for c in cases]
    for params, grade, level, thr in cases[::5]:
        r = grade_unit(edition.category, params, _on(edition))
        assert (r.grade, r.level, r.edition) == (grade, level, edition.edition), params
        got = {(t.metric, t.grade): t.value for t in r.thresholds}
        want = {(m, str(k + 1)): v for m, ts in thr.items() for k, v in enumerate(ts) if not math.isnan(v)}
        assert got == pytest.approx(want, rel=1e-12)
