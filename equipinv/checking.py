"""Checking stored units against the elimination catalogues and retirement rules.

The ledger goes to `catalog.match_arrays` as columns (the benchmark level from the last grading is
passed in, so the "below the access level" rule can answer without the catalogue importing the
grader). Findings replace the unit's previous findings, each stamped with the catalogue version and
the time. A unit a law condemns (catalogue, scrapping age, named truck emission rule, below the access
level: `equipinv.elimination_basis`) gets an elimination record (planned) to be closed later
(done -> verified, 对账销号); records already done or verified are never reset.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlmodel import Session

import catalog
from equipinv.bulk_insert import insert_columns
from equipinv.elimination_basis import BASIS_KINDS, basis_kind
from equipinv.ledger_arrays import id_ranges, within
from equipinv.models import EliminationRecord, Enterprise, Equipment, Finding, utcnow

_TABLE = Equipment.__table__  # type: ignore[attr-defined]
_RECORDS = EliminationRecord.__table__  # type: ignore[attr-defined]
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
    units_with_legal_basis: int = 0  # units a law condemns (equipinv.elimination_basis): the elimination list
    by_rule: Counter[str] = field(default_factory=Counter)
    cannot_decide: Counter[str] = field(default_factory=Counter)  # missing field -> count

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "units_checked": self.units_checked,
            "units_with_mandatory_finding": self.units_with_mandatory,
            "units_with_legal_basis": self.units_with_legal_basis,
            "findings": [{"kind": k, "outcome": o, "count": n} for (k, o), n in sorted(self.findings.items())],
            "by_rule": [{"rule_id": r, "count": n} for r, n in self.by_rule.most_common()],
            "cannot_decide_missing": [{"field": f, "count": n} for f, n in self.cannot_decide.most_common()],
            "catalogue_version": catalog.CATALOGUE_VERSION,
        }


def manual_rule_ids() -> list[str]:
    """Rows only a person judges (`equipinv.manual_findings`): a check never answers nor deletes them."""
    return [s.rule_id for s in catalog.manual_specs()]


def unit_facts(unit: Equipment, region_code: str | None = None) -> catalog.UnitFacts:
    """What the matcher needs to know about one stored unit (and its enterprise's region: a local plan's rules
    bind only the enterprises of that region)."""
    return catalog.UnitFacts(region_code=region_code, **{name: getattr(unit, _COLUMN_FOR.get(name, name))
                                                         for name in _FACT_FIELDS if name != "region_code"})


def fact_inputs() -> list[str]:
    """The columns the matcher reads (`match_columns` takes them under these names): the ledger's, and the
    enterprise's `region_code`."""
    return [_COLUMN_FOR.get(name, name) for name in _FACT_FIELDS]


def _fact_columns(session: Session, where: Any) -> tuple[list[int], dict[str, np.ndarray]]:
    enterprises = Enterprise.__table__  # type: ignore[attr-defined]
    selected = [enterprises.c.region_code if n == "region_code" else _TABLE.c[n] for n in fact_inputs()]
    query = sa.select(_TABLE.c.id, *selected).join(enterprises, enterprises.c.id == _TABLE.c.enterprise_id).where(
        _TABLE.c.status != "eliminated").order_by(_TABLE.c.id)
    if where is not None:
        query = query.where(where)
    rows = session.execute(query).all()
    ids, *values = zip(*rows, strict=True) if rows else ((),) * (len(selected) + 1)
    columns: dict[str, np.ndarray] = {}
    for name, column in zip(fact_inputs(), values, strict=True):  # one C-level transpose, not a loop per column
        array = np.empty(len(rows), dtype=object)
        array[:] = column
        columns[name] = array
    return list(ids), columns


def match_columns(columns: dict[str, Any], *, as_of: dt.date) -> catalog.MatchArrays:
    """Match a ledger held as columns named as the ledger's (`fact_inputs()`)."""
    return catalog.match_arrays({name: columns[_COLUMN_FOR.get(name, name)] for name in _FACT_FIELDS}, as_of=as_of)


# Finding columns taken from the matcher's answer as they are.
_FINDING_FIELDS = ("rule_id", "catalogue_id", "kind", "outcome", "citation", "reason", "deadline", "deadline_label")


def finding_columns(pairs: list[tuple[int, catalog.Finding]], now: dt.datetime) -> dict[str, list[Any]]:
    """The rows of the `finding` table for (unit id, finding) pairs, column-wise.

    A bulk check shares one Finding object per distinct answer (`MatchArrays.findings`), so each object's
    fields are read once, and its missing fields are one list the JSON conversion serialises once.
    """
    fields: dict[int, tuple[Any, ...]] = {}
    for _unit, f in pairs:
        if id(f) not in fields:
            fields[id(f)] = (*(getattr(f, name) for name in _FINDING_FIELDS), f.replacement or None,
                             list(f.missing_fields))
    names = (*_FINDING_FIELDS, "replacement", "missing_fields")
    rows = [fields[id(f)] for _unit, f in pairs]
    columns: dict[str, list[Any]] = {"equipment_id": [unit_id for unit_id, _f in pairs]}
    columns.update(zip(names, map(list, zip(*rows, strict=True)) if rows else ([] for _ in names), strict=True))
    columns["catalogue_version"] = [catalog.CATALOGUE_VERSION] * len(pairs)
    columns["checked_at"] = [now] * len(pairs)
    return columns


def store_findings(session: Session, findings: dict[str, list[Any]], summary: CheckSummary, *,
                   new_units_of: int | None = None, unit_range: tuple[int, int] | None = None) -> None:
    """Insert findings (column-wise), count them into `summary`, and open the elimination records they call for.

    `new_units_of`: the units were just added, all to this enterprise (so they have no records yet).
    `unit_range`: the findings are those of a chunk of units with ids in (first, last), so their records
    are read by that range rather than by lists of ids.
    """
    insert_columns(session.connection(), Finding.__table__, findings)  # type: ignore[attr-defined]
    units, kinds, outcomes = findings["equipment_id"], findings["kind"], findings["outcome"]
    summary.findings.update(zip(kinds, outcomes, strict=True))
    summary.by_rule.update(r for r, o in zip(findings["rule_id"], outcomes, strict=True) if o == "match")
    summary.cannot_decide.update(m for missing in findings["missing_fields"] for m in missing)
    summary.units_with_mandatory += len({u for u, k, o in zip(units, kinds, outcomes, strict=True)
                                         if k == "mandatory" and o == "match"})
    kind_of = _basis_kinds(findings)
    rank: dict[str | None, int] = {kind: i for i, kind in enumerate(BASIS_KINDS)}
    deadlines = findings["deadline"]
    legal = sorted((i for i, kind in enumerate(kind_of) if kind),  # the strongest kind, then the earliest deadline
                   key=lambda i: (rank[kind_of[i]], deadlines[i] or dt.date.max))
    basis: dict[int, tuple[Any, ...]] = {}
    for i in legal:
        if units[i] not in basis:
            basis[units[i]] = (findings["citation"][i], deadlines[i], kind_of[i], findings["replacement"][i])
    summary.units_with_legal_basis += len(basis)
    _open_elimination_records(session, basis, summary.as_of, new_units_of=new_units_of, unit_range=unit_range)


def _basis_kinds(findings: dict[str, list[Any]]) -> list[str | None]:
    """Each finding's legal kind (`basis_kind`), worked out once per distinct rule and outcome."""
    keys = list(zip(findings["rule_id"], findings["catalogue_id"], findings["kind"], findings["outcome"], strict=True))
    known = {key: basis_kind(*key) for key in set(keys)}
    return [known[key] for key in keys]


def check_stored_units(session: Session, *, where: Any = None, as_of: dt.date | None = None) -> CheckSummary:
    """Match every unit in use or idle (optionally filtered) and store the findings."""
    as_of = as_of or dt.date.today()
    summary = CheckSummary(as_of=as_of)
    connection = session.connection()
    for first, last in id_ranges(session, where=where):  # a chunk at a time: memory bounded by the chunk
        chunk = within(where, first, last)
        ids, columns = _fact_columns(session, chunk)
        summary.units_checked += len(ids)
        now = utcnow()
        findings = finding_columns([(ids[i], f) for i, f in match_columns(columns, as_of=as_of).findings()], now)
        in_chunk = sa.and_(chunk, _TABLE.c.status != "eliminated")
        connection.execute(sa.delete(Finding).where(  # findings a person confirmed stay (manual_findings)
            Finding.equipment_id.in_(sa.select(_TABLE.c.id).where(in_chunk)),  # type: ignore[attr-defined]
            Finding.rule_id.not_in(manual_rule_ids())))  # type: ignore[attr-defined]
        connection.execute(sa.update(_TABLE).where(in_chunk).values(checked_at=now))
        store_findings(session, findings, summary, unit_range=(first, last))
    return summary


def _open_elimination_records(session: Session, basis: dict[int, tuple[Any, ...]], as_of: dt.date, *,
                              new_units_of: int | None, unit_range: tuple[int, int] | None) -> None:
    """One planned elimination record per unit a law condemns (`equipinv.elimination_basis`), from
    `basis`: unit id -> (citation, deadline, basis kind, replacement) of its strongest finding. A record
    is opened as of the check's date (a check run for an earlier day opens it on that day): no
    elimination can be reported done before it. A planned record whose basis changed is updated; records
    done or verified are never touched."""
    if not basis:
        return
    existing: dict[int, Any] = {}  # what is compared, as plain rows: a re-check meets a record for every unit
    if new_units_of is None:
        for where in _covering(_RECORDS.c.equipment_id, list(basis), unit_range):
            existing.update((r.equipment_id, r) for r in session.connection().execute(
                sa.select(_RECORDS.c.id, _RECORDS.c.equipment_id, _RECORDS.c.status, _RECORDS.c.basis,
                          _RECORDS.c.deadline, _RECORDS.c.basis_kind).where(where)) if r.equipment_id in basis)
    now = utcnow()
    for unit_id, stored in existing.items():
        citation, deadline, kind, _replacement = basis[unit_id]
        if stored.status == "planned" and (stored.basis, stored.deadline, stored.basis_kind) != (citation, deadline, kind):
            record = session.get(EliminationRecord, stored.id)
            assert record is not None
            record.basis, record.deadline, record.basis_kind = citation, deadline, kind
            record.updated_at = now
            record.version += 1
            session.add(record)
    new_units = [unit_id for unit_id in basis if unit_id not in existing]
    if not new_units:
        return
    enterprise_of: dict[int, int] = {}
    if new_units_of is not None:
        enterprise_of = dict.fromkeys(new_units, new_units_of)
    else:
        for where in _covering(_TABLE.c.id, new_units, unit_range):
            enterprise_of.update(session.connection().execute(
                sa.select(_TABLE.c.id, _TABLE.c.enterprise_id).where(where)).all())
    opened = min(now, dt.datetime.combine(as_of, dt.time(), tzinfo=dt.UTC))
    columns = ("equipment_id", "enterprise_id", "basis", "deadline", "basis_kind", "replacement")
    new: dict[str, list[Any]] = {name: [] for name in columns}
    for unit_id in new_units:
        for name, value in zip(columns, (unit_id, enterprise_of[unit_id], *basis[unit_id]), strict=True):
            new[name].append(value)
    count = len(new_units)
    new.update(status=["planned"] * count, created_at=[opened] * count, updated_at=[now] * count, version=[1] * count)
    insert_columns(session.connection(), EliminationRecord.__table__, new)  # type: ignore[attr-defined]


def _covering(column: Any, ids: list[int], unit_range: tuple[int, int] | None) -> list[Any]:
    """WHERE clauses that together cover `ids`: the checked range as one, else lists of at most _BATCH ids."""
    if unit_range is not None:
        return [column.between(*unit_range)]
    return [column.in_(ids[start:start + _BATCH]) for start in range(0, len(ids), _BATCH)]


def check_one(session: Session, unit: Equipment, *, as_of: dt.date | None = None) -> list[catalog.Finding]:
    """Check one stored unit (after an edit), store and return its findings."""
    assert unit.id is not None
    as_of = as_of or dt.date.today()
    owner = session.get(Enterprise, unit.enterprise_id)
    findings = catalog.match_unit(unit_facts(unit, owner.region_code if owner else None), as_of=as_of)
    now = utcnow()
    session.execute(sa.delete(Finding).where(Finding.equipment_id == unit.id,  # type: ignore[arg-type]
                                             Finding.rule_id.not_in(manual_rule_ids())))  # type: ignore[attr-defined]
    store_findings(session, finding_columns([(unit.id, f) for f in findings], now), CheckSummary(as_of=as_of))
    unit.checked_at = now
    session.add(unit)
    return findings
