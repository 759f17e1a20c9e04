"""Grading and checking units as they arrive (import, survey package, consolidation).

Arriving units are graded and checked inside the transaction that stores them, so a submission never
lands without its grades and findings — not even when a consolidation is killed half-way and the
rerun skips the files already in. New rows are assessed before they are written (their grades go into
the same INSERT; their findings follow once the rows have ids), which spares reading half a million
units back; units that an import changed, or that had to be added one by one, are re-assessed where
they are stored. Both ways use the same column graders as `equipinv grade` and `equipinv check`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlmodel import Session

import catalog
from equipinv.checking import CheckSummary, check_stored_units, fact_inputs, finding_columns, match_columns, store_findings
from equipinv.grading import GRADE_FIELDS, grade_columns, grade_stored_units, grader_inputs
from equipinv.ledger_arrays import records_to_columns
from equipinv.models import Equipment, utcnow

_TABLE = Equipment.__table__  # type: ignore[attr-defined]
_BATCH = 5000


@dataclass
class ArrivalAssessment:
    """Grades and findings of records about to be stored (positions are indexes into the records)."""

    stored: dict[str, list[Any]]  # GRADE_FIELDS and checked_at, one value per record (None: not assessed)
    findings: list[tuple[int, catalog.Finding]]  # (position, finding), ordered by position
    on: dt.date

    def split(self, starts: Sequence[int]) -> list[ArrivalAssessment]:
        """The parts for records starts[k] .. starts[k+1]-1, positions counted afresh in each part."""
        positions = [p for p, _f in self.findings]
        parts = []
        for lo, hi in itertools.pairwise(starts):
            first, last = bisect.bisect_left(positions, lo), bisect.bisect_left(positions, hi)
            parts.append(ArrivalAssessment({k: v[lo:hi] for k, v in self.stored.items()},
                                           [(p - lo, f) for p, f in self.findings[first:last]], self.on))
        return parts

    def take(self, positions: Sequence[int]) -> ArrivalAssessment:
        """The assessment of the records at `positions` only, renumbered in that order."""
        renumber = {old: new for new, old in enumerate(positions)}
        return ArrivalAssessment({k: [v[i] for i in positions] for k, v in self.stored.items()},
                                 sorted(((renumber[p], f) for p, f in self.findings if p in renumber),
                                        key=lambda pair: pair[0]), self.on)


def assess_records(records: Sequence[Mapping[str, Any]], *, on: dt.date) -> ArrivalAssessment:
    """Grade and match clean ledger rows before they are stored."""
    assessed = [i for i, r in enumerate(records) if r.get("status", "in_use") != "eliminated"]
    stored: dict[str, list[Any]] = {name: [None] * len(records) for name in (*GRADE_FIELDS, "checked_at")}
    if not assessed:
        return ArrivalAssessment(stored, [], on)
    rows = [records[i] for i in assessed]
    graded, _summary = grade_columns(records_to_columns(rows, grader_inputs()), on=on)
    matches = match_columns(_fact_arrays(rows, graded["benchmark_level"]), as_of=on)
    now = utcnow()
    for name, values in graded.items():
        for i, value in zip(assessed, values, strict=True):
            stored[name][i] = value
    for i in assessed:
        stored["checked_at"][i] = now
    return ArrivalAssessment(stored, [(assessed[i], f) for i, f in matches.findings()], on)


def _fact_arrays(rows: Sequence[Mapping[str, Any]], levels: list[Any]) -> dict[str, np.ndarray]:
    """The matcher's inputs as `checking` reads them from the database: raw values, None when missing."""
    facts: dict[str, np.ndarray] = {}
    for name in fact_inputs():
        facts[name] = np.empty(len(rows), dtype=object)
        facts[name][:] = levels if name == "benchmark_level" else [r.get(name) for r in rows]
    return facts


def store_arrival_findings(session: Session, assessment: ArrivalAssessment, unit_ids: Sequence[int],
                           enterprise_id: int) -> None:
    """Store the findings of records just added to an enterprise (`unit_ids[i]`: the id record i received)."""
    pairs = [(unit_ids[position], f) for position, f in assessment.findings]
    store_findings(session, finding_columns(pairs, utcnow()), CheckSummary(as_of=assessment.on),
                   new_units_of=enterprise_id)


def reassess_stored(session: Session, unit_ids: Sequence[int], *, on: dt.date) -> None:
    """Grade and check units already stored (changed by an import, or added one by one)."""
    for start in range(0, len(unit_ids), _BATCH):
        where = _TABLE.c.id.in_(list(unit_ids[start:start + _BATCH]))
        grade_stored_units(session, where=where, on=on)
        check_stored_units(session, where=where, as_of=on)
