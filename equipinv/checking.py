"""Checking stored units against the elimination catalogues and retirement rules.

The ledger goes to `catalog.match_arrays` as columns (the benchmark level from the last grading is
passed in, so the "below the access level" rule can answer without the catalogue importing the
grader). Findings replace the unit's previous findings, each stamped with the catalogue version and
the time. A unit with a mandatory finding gets an elimination record (planned) to be closed later
(done -> verified, 对账销号); records already done or verified are never reset.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlmodel import Session, select

import catalog
from equipinv.models import EliminationRecord, Equipment, Finding, utcnow

_TABLE = Equipment.__table__  # type: ignore[attr-defined]
_FACT_FIELDS = tuple(catalog.UnitFacts.__dataclass_fields__)
# UnitFacts fields stored under another column name.
_COLUMN_FOR = {"product_name": "name"}
_BATCH = 5000


@dataclass
class CheckSummary:
    as_of: dt.date
    units_checked: int = 0
    findings: Counter[tuple[str, str]] = field(default_factory=Counter)  # (kind, outcome) -> count
    units_with_mandatory: int = 0
    by_rule: Counter[str] = field(default_factory=Counter)
    cannot_decide: Counter[str] = field(default_factory=Counter)  # missing field -> count

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "units_checked": self.units_checked,
            "units_with_mandatory_finding": self.units_with_mandatory,
            "findings": [{"kind": k, "outcome": o, "count": n} for (k, o), n in sorted(self.findings.items())],
            "by_rule": [{"rule_id": r, "count": n} for r, n in self.by_rule.most_common()],
            "cannot_decide_missing": [{"field": f, "count": n} for f, n in self.cannot_decide.most_common()],
            "catalogue_version": catalog.CATALOGUE_VERSION,
        }


def unit_facts(unit: Equipment) -> catalog.UnitFacts:
    """What the matcher needs to know about one stored unit."""
    return catalog.UnitFacts(**{name: getattr(unit, _COLUMN_FOR.get(name, name)) for name in _FACT_FIELDS})


def _fact_columns(session: Session, where: Any) -> tuple[list[int], dict[str, np.ndarray]]:
    names = [_COLUMN_FOR.get(name, name) for name in _FACT_FIELDS]
    query = sa.select(_TABLE.c.id, *(_TABLE.c[n] for n in names)).where(
        _TABLE.c.status != "eliminated").order_by(_TABLE.c.id)
    if where is not None:
        query = query.where(where)
    rows = session.execute(query).all()
    ids = [r[0] for r in rows]
    columns: dict[str, np.ndarray] = {}
    for k, name in enumerate(_FACT_FIELDS, start=1):
        array = np.empty(len(rows), dtype=object)
        array[:] = [r[k] for r in rows]
        columns[name] = array
    return ids, columns


def _finding_row(unit_id: int, f: catalog.Finding, now: dt.datetime) -> dict[str, Any]:
    return {"equipment_id": unit_id, "rule_id": f.rule_id, "catalogue_id": f.catalogue_id,
            "catalogue_version": catalog.CATALOGUE_VERSION, "kind": f.kind, "outcome": f.outcome,
            "citation": f.citation, "reason": f.reason, "deadline": f.deadline, "deadline_label": f.deadline_label,
            "replacement": f.replacement or None, "missing_fields": list(f.missing_fields), "checked_at": now}


def check_stored_units(session: Session, *, where: Any = None, as_of: dt.date | None = None) -> CheckSummary:
    """Match every unit in use or idle (optionally filtered) and store the findings."""
    as_of = as_of or dt.date.today()
    ids, columns = _fact_columns(session, where)
    summary = CheckSummary(as_of=as_of, units_checked=len(ids))
    if not ids:
        return summary
    result = catalog.match_arrays(columns, as_of=as_of)
    now = utcnow()
    rows = [_finding_row(ids[i], f, now) for i, f in result.findings()]
    connection = session.connection()
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start:start + _BATCH]
        connection.execute(sa.delete(Finding).where(Finding.equipment_id.in_(chunk)))  # type: ignore[attr-defined]
        connection.execute(sa.update(_TABLE).where(_TABLE.c.id.in_(chunk)).values(checked_at=now))
    for start in range(0, len(rows), _BATCH):
        connection.execute(sa.insert(Finding), rows[start:start + _BATCH])
    for row in rows:
        summary.findings[(row["kind"], row["outcome"])] += 1
        if row["outcome"] == "match":
            summary.by_rule[row["rule_id"]] += 1
        for missing in row["missing_fields"]:
            summary.cannot_decide[missing] += 1
    mandatory = [r for r in rows if r["kind"] == "mandatory" and r["outcome"] == "match"]
    summary.units_with_mandatory = len({r["equipment_id"] for r in mandatory})
    _open_elimination_records(session, mandatory)
    return summary


def _open_elimination_records(session: Session, mandatory: list[dict[str, Any]]) -> None:
    """One planned elimination record per unit with a mandatory finding (earliest deadline wins)."""
    by_unit: dict[int, dict[str, Any]] = {}
    for row in sorted(mandatory, key=lambda r: (r["deadline"] or dt.date.max)):
        by_unit.setdefault(row["equipment_id"], row)
    if not by_unit:
        return
    existing: dict[int, EliminationRecord] = {}
    unit_ids = list(by_unit)
    for start in range(0, len(unit_ids), _BATCH):
        chunk = unit_ids[start:start + _BATCH]
        for record in session.exec(select(EliminationRecord).where(EliminationRecord.equipment_id.in_(chunk))):  # type: ignore[attr-defined]
            existing[record.equipment_id] = record
    enterprise_of = dict(session.execute(
        sa.select(_TABLE.c.id, _TABLE.c.enterprise_id).where(_TABLE.c.id.in_(unit_ids))).all())
    new: list[dict[str, Any]] = []
    for unit_id, row in by_unit.items():
        if unit_id not in existing:
            new.append({"equipment_id": unit_id, "enterprise_id": enterprise_of[unit_id], "basis": row["citation"],
                        "deadline": row["deadline"], "replacement": row["replacement"], "status": "planned",
                        "created_at": utcnow(), "updated_at": utcnow(), "version": 1})
            continue
        record = existing[unit_id]
        if record.status == "planned" and (record.basis, record.deadline) != (row["citation"], row["deadline"]):
            record.basis, record.deadline, record.updated_at = row["citation"], row["deadline"], utcnow()
            record.version += 1
            session.add(record)
    if new:
        session.connection().execute(sa.insert(EliminationRecord), new)


def check_one(session: Session, unit: Equipment, *, as_of: dt.date | None = None) -> list[catalog.Finding]:
    """Check one stored unit (after an edit), store and return its findings."""
    assert unit.id is not None
    summary_as_of = as_of or dt.date.today()
    findings = catalog.match_unit(unit_facts(unit), as_of=summary_as_of)
    now = utcnow()
    session.execute(sa.delete(Finding).where(Finding.equipment_id == unit.id))  # type: ignore[arg-type]
    rows = [_finding_row(unit.id, f, now) for f in findings]
    if rows:
        session.execute(sa.insert(Finding), rows)
    unit.checked_at = now
    session.add(unit)
    _open_elimination_records(session, [r for r in rows if r["kind"] == "mandatory" and r["outcome"] == "match"])
    return findings
