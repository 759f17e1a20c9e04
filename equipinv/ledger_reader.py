"""Reading a scope's ledger for bulk jobs: the needed columns, streamed in chunks, filtered in SQL.

A list or a plan over a province touches every unit; one ORM object per unit costs more than the
job itself, and binding every unit id into `IN (…)` fails past SQLite's 32,766 bound variables
(PostgreSQL: 65,535). Here units come as SQLAlchemy Core rows (tuples whose fields read as
attributes, `row.name`), streamed with `yield_per` (a server-side cursor on PostgreSQL). What a list
joins to a unit (its findings, its plan item) is read one chunk of units at a time, for that chunk's
ids bound as one array parameter: memory follows the chunk, not the scope. What a unit has at most one
of in a form that repeats down the ledger (its findings as one text, its elimination record's status)
can come in the unit's own row instead (`findings_text`, `record_status`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlmodel import Session, col, select

from equipinv.models import EliminationRecord, Enterprise, Equipment, Finding, Plan, PlanItem, Project

CHUNK_ROWS = 20_000  # rows per fetch from the cursor: a few MB of tuples
_SMALL_ID_LIST = 1000  # up to this many enterprise ids go into IN (…); more go through a temporary table

_UNITS = Equipment.__table__  # type: ignore[attr-defined]
_FINDINGS = Finding.__table__  # type: ignore[attr-defined]
_RECORDS = EliminationRecord.__table__  # type: ignore[attr-defined]
_ITEMS = PlanItem.__table__  # type: ignore[attr-defined]

#: The unit columns a list shows or decides on (`lists.spec_text`, `level_text` and the row builders).
LIST_UNIT_COLUMNS = (
    "id", "enterprise_id", "project_id", "asset_no", "name", "category", "model", "quantity", "status",
    "condition", "commissioning_date", "design_life_years", "capacity_kva", "capacity_t_h", "capacity_mw",
    "rated_power_kw", "poles", "flow_m3_min", "flow_m3_h", "pressure_mpa", "emission_standard", "grade",
    "benchmark_level", "grade_detail",
)


#: What lists read of a finding (`equipinv.elimination_basis.FindingLike` and its replacement).
_FINDING_COLUMNS = ("rule_id", "catalogue_id", "kind", "outcome", "citation", "reason", "deadline", "deadline_label",
                    "replacement")


class EnterpriseFilter:
    """"Belongs to one of these enterprises" for any column, whatever their number.

    A short list is bound as `IN (…)`; a long one (a province's enterprises) is written once into a
    temporary table of the session's connection and used through a subquery.
    """

    def __init__(self, session: Session, enterprise_ids: Sequence[int]) -> None:
        self.ids = sorted(set(enterprise_ids))
        self._table: sa.Table | None = None
        if len(self.ids) > _SMALL_ID_LIST:
            connection = session.connection()
            self._table = sa.Table("scope_enterprise", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True),
                                   prefixes=["TEMPORARY"])
            self._table.drop(connection, checkfirst=True)
            self._table.create(connection)
            connection.execute(sa.insert(self._table), [{"id": i} for i in self.ids])

    def of(self, column: Any) -> Any:
        return column.in_(self.ids) if self._table is None else column.in_(sa.select(self._table.c.id))

    def of_units(self, session: Session) -> Any:
        """`of` the units' enterprise, or no condition at all when every enterprise is in: a whole province's
        list of ids made SQLite search the enterprise index and sort all its units by id afterwards."""
        enterprises = Enterprise.__table__  # type: ignore[attr-defined]
        others = session.execute(sa.select(enterprises.c.id).where(sa.not_(self.of(enterprises.c.id))).limit(1))
        return sa.true() if others.first() is None else self.of(_UNITS.c.enterprise_id)


def stream_chunks(session: Session, query: Any, *, chunk: int = CHUNK_ROWS) -> Iterator[Sequence[sa.Row[Any]]]:
    """The rows of a Core query, `chunk` at a time (PostgreSQL: through a server-side cursor)."""
    result = session.execute(query.execution_options(yield_per=chunk))
    yield from result.partitions()


def stream(session: Session, query: Any, *, chunk: int = CHUNK_ROWS) -> Iterator[sa.Row[Any]]:
    """The rows of a Core query one by one, fetched `chunk` at a time."""
    for partition in stream_chunks(session, query, chunk=chunk):
        yield from partition


class _RepeatedJSON(sa.types.TypeDecorator[Any]):
    """A JSON column whose values repeat down a ledger (grade details): each distinct text parsed once.

    The mappings returned are shared between rows: read them, do not change them. Planning also tells
    units with the same ratings apart by the identity of their shared `rating_params`.
    """

    impl = sa.Text
    cache_ok = True

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> Any:
        if value is None:
            return None
        cache: dict[str, Any] = self.__dict__.setdefault("_parsed", {})
        if value in cache:
            return cache[value]
        parsed = json.loads(value)
        if len(cache) < 10_000:  # bounded: details that never repeat are parsed each time
            cache[value] = parsed
        return parsed


_REPEATED_JSON = ("grade_detail", "rating_params", "value_sources", "extra")


def unit_query(columns: Sequence[str], where: Any, also: Sequence[Any] = ()) -> sa.Select[Any]:
    """The units' `columns` (and the labelled expressions `also`) matching `where`; grade details parsed
    once per distinct value. JSON columns are read as text (cast in SQL): psycopg would otherwise decode
    each row's JSON into an object of its own (on PostgreSQL planning then looked up 900,000 of 1,000,000
    units' ratings one by one)."""
    return sa.select(*(sa.type_coerce(sa.cast(_UNITS.c[name], sa.Text), _RepeatedJSON()).label(name)
                       if name in _REPEATED_JSON else _UNITS.c[name] for name in columns), *also).where(where)


def findings_text(dialect: str) -> Any:
    """Each unit's matching findings in id order as one JSON text of what a list cites of them (`[]` or
    None: none), for the unit query's select list: units with the same findings get the same text, so a
    list works out each distinct text once and reads no finding row per unit (`listed_findings`)."""
    own = sa.and_(_FINDINGS.c.equipment_id == _UNITS.c.id, _FINDINGS.c.outcome == "match")
    fields = [_FINDINGS.c[name] for name in _FINDING_COLUMNS]
    if dialect == "postgresql":
        ordered = postgresql.aggregate_order_by(sa.func.json_build_array(*fields), _FINDINGS.c.id)
        return sa.select(sa.cast(sa.func.json_agg(ordered), sa.Text)).where(own).scalar_subquery()
    # SQLite before 3.44 has no ORDER BY in an aggregate; it aggregates an ordered subquery in its order
    rows = sa.select(*fields).where(own).order_by(_FINDINGS.c.id).correlate(_UNITS).subquery()
    return sa.select(sa.func.json_group_array(sa.func.json_array(*rows.c))).scalar_subquery()


@dataclass(slots=True)
class ListedFinding:
    """What a list cites of a finding (`equipinv.elimination_basis.FindingLike` and its replacement)."""

    rule_id: str
    catalogue_id: str
    kind: str
    outcome: str
    citation: str
    reason: str
    deadline: dt.date | None
    deadline_label: str | None
    replacement: str | None


def listed_findings(text: str | None) -> list[ListedFinding]:
    """The findings of a `findings_text`, in its order."""
    return [ListedFinding(rule, catalogue, kind, outcome, citation, reason,
                          dt.date.fromisoformat(deadline) if deadline else None, label, replacement)
            for rule, catalogue, kind, outcome, citation, reason, deadline, label, replacement in json.loads(text or "[]")]


def record_status() -> Any:
    """The unit's elimination record's status (None: no record), for the unit query's select list."""
    return sa.select(_RECORDS.c.status).where(_RECORDS.c.equipment_id == _UNITS.c.id).scalar_subquery()


def ids_among(column: Any, ids: Sequence[int], dialect: str) -> Any:
    """`column IN ids` as a single bound value however many ids there are (no bound-variable limit):
    a PostgreSQL array, or a JSON array that SQLite unpacks with `json_each`."""
    if dialect == "postgresql":
        return column == sa.any_(sa.bindparam("ids", list(ids), type_=postgresql.ARRAY(sa.Integer), unique=True))
    unpacked = sa.select(sa.column("value", sa.Integer)).select_from(sa.func.json_each(json.dumps(list(ids))))
    return column.in_(unpacked)


Lookup = Callable[[Sequence[int]], dict[int, Any]]
"""Reads what a list joins to the units of one chunk, keyed by unit id."""


class _Window:
    """The chunk of units a pass is on, and what has been looked up for them so far."""

    def __init__(self, ids: Sequence[int]) -> None:
        self.ids = list(ids)
        self.members = set(self.ids)
        self.found: dict[str, dict[int, Any]] = {}


class ScopeLedger:
    """A scope's units, streamed anew on every pass, and what lists join to them, read per chunk of units."""

    def __init__(self, session: Session, enterprise_ids: Sequence[int], today: dt.date,
                 unit_columns: Sequence[str] = LIST_UNIT_COLUMNS) -> None:
        self.session = session
        self.today = today
        self.scope = EnterpriseFilter(session, enterprise_ids)
        self.in_scope = self.scope.of(_UNITS.c.enterprise_id)
        self.enterprises = {e.id: e for e in session.exec(select(Enterprise).where(self.scope.of(col(Enterprise.id))))}
        self.unit_columns = tuple(unit_columns)
        self.dialect = session.get_bind().dialect.name
        self.chunk_rows = CHUNK_ROWS
        self._window: _Window | None = None

    @property
    def units(self) -> Iterator[Any]:  # Core rows: attribute access like an Equipment, only the chosen columns
        """Every unit of the scope in (enterprise, asset number, id) order, as rows with the list's columns.

        While a chunk's rows are handed out, `findings_of` and the other lookups answer for them."""
        return self.units_where()

    def units_where(self, *where: Any, also: Sequence[Any] = ()) -> Iterator[Any]:
        """`units`, only those matching `where` too (a list that needs few units skips the rest in SQL), each
        with the labelled expressions `also` (`findings_text`, `record_status`)."""
        query = (unit_query(self.unit_columns, sa.and_(self.in_scope, *where), also)
                 .order_by(_UNITS.c.enterprise_id, _UNITS.c.asset_no, _UNITS.c.id))
        for chunk in stream_chunks(self.session, query, chunk=self.chunk_rows):
            self._window = _Window([u.id for u in chunk])
            yield from chunk
        self._window = None

    def lookup(self, u: Any, name: str, read: Lookup) -> Any:
        """What `read` finds for unit `u`, read once for the whole chunk `u` came in."""
        window = self._window
        if window is None or u.id not in window.members:
            raise RuntimeError(f"unit {u.id} looked up outside the pass over the units that yielded it")
        if name not in window.found:
            window.found[name] = read(window.ids)
        return window.found[name].get(u.id)

    def rows_for(self, table: sa.Table, ids: Sequence[int], *where: Any,
                 columns: Sequence[str] | None = None) -> Iterator[Any]:
        """Rows of `table` for these units, in id order: the `columns` named (with the id and the unit's id),
        else every column but the JSON ones (lists show none)."""
        chosen = ([c for c in table.columns if not isinstance(c.type, sa.JSON)] if columns is None
                  else [table.c.id, table.c.equipment_id, *(table.c[name] for name in columns)])
        query = (sa.select(*chosen).where(ids_among(table.c.equipment_id, ids, self.dialect), *where)
                 .order_by(table.c.id))
        return stream(self.session, query)

    def _last_by_unit(self, table: sa.Table, *where: Any) -> Lookup:
        """A lookup of each unit's last row of `table` in id order."""
        return lambda ids: {row.equipment_id: row for row in self.rows_for(table, ids, *where)}

    def findings_of(self, u: Any) -> list[Any]:
        """The unit's matching findings, in id order (what a list cites of them: no check time)."""
        def read(ids: Sequence[int]) -> dict[int, Any]:
            found: dict[int, list[Any]] = defaultdict(list)
            for f in self.rows_for(_FINDINGS, ids, _FINDINGS.c.outcome == "match", columns=_FINDING_COLUMNS):
                found[f.equipment_id].append(f)
            return found
        return self.lookup(u, "findings", read) or []

    @cached_property
    def projects(self) -> dict[int, Project]:
        return {int(p.id or 0): p for p in self.session.exec(select(Project).where(self.scope.of(col(Project.enterprise_id))))}

    @cached_property
    def plan(self) -> Plan | None:
        return self.session.exec(select(Plan).where(Plan.status == "accepted").order_by(col(Plan.id).desc())).first()

    def plan_item_of(self, u: Any) -> Any:
        """The unit's item in the plan this ledger follows, if any."""
        if self.plan is None:
            return None
        return self.lookup(u, "plan_items", self._plan_items)

    @cached_property
    def _plan_items(self) -> Lookup:
        """The reader of the plan's items, made once: building its SQL condition per unit cost more than
        reading the items (1 s for 49,000 rows of an elimination list)."""
        assert self.plan is not None
        return self._last_by_unit(_ITEMS, _ITEMS.c.plan_id == self.plan.id)
