"""Reading a scope's ledger for bulk jobs: the needed columns, streamed in chunks, filtered in SQL.

A list or a plan over a province touches every unit; one ORM object per unit costs more than the
job itself, and binding every unit id into `IN (…)` fails past SQLite's 32,766 bound variables
(PostgreSQL: 65,535). Here units come as SQLAlchemy Core rows (tuples whose fields read as
attributes, `row.name`), streamed with `yield_per` (a server-side cursor on PostgreSQL), and the
findings, records and plan items of the scope are joined to the units in SQL, never listed by id.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import Any

import sqlalchemy as sa
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

    The mappings returned are shared between rows: read them, do not change them.
    """

    impl = sa.Text
    cache_ok = True

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> Any:
        if not isinstance(value, str):  # psycopg already decoded it
            return value
        cache: dict[str, Any] = self.__dict__.setdefault("_parsed", {})
        if value in cache:
            return cache[value]
        parsed = json.loads(value)
        if len(cache) < 10_000:  # bounded: details that never repeat are parsed each time
            cache[value] = parsed
        return parsed


_REPEATED_JSON = ("grade_detail", "rating_params")


def unit_query(columns: Sequence[str], where: Any) -> sa.Select[Any]:
    """The units' `columns` matching `where`; grade details parsed once per distinct value."""
    return sa.select(*(sa.type_coerce(_UNITS.c[name], _RepeatedJSON()).label(name) if name in _REPEATED_JSON
                       else _UNITS.c[name] for name in columns)).where(where)


class ScopeLedger:
    """A scope's units (streamed anew on every pass) and what lists join to them (loaded on first use)."""

    def __init__(self, session: Session, enterprise_ids: Sequence[int], today: dt.date,
                 unit_columns: Sequence[str] = LIST_UNIT_COLUMNS) -> None:
        self.session = session
        self.today = today
        self.scope = EnterpriseFilter(session, enterprise_ids)
        self.in_scope = self.scope.of(_UNITS.c.enterprise_id)
        self.enterprises = {e.id: e for e in session.exec(select(Enterprise).where(self.scope.of(col(Enterprise.id))))}
        self.unit_columns = tuple(unit_columns)

    @property
    def units(self) -> Iterator[Any]:  # Core rows: attribute access like an Equipment, only the chosen columns
        """Every unit of the scope in (enterprise, asset number) order, as rows with the list's columns."""
        return stream(self.session, unit_query(self.unit_columns, self.in_scope)
                      .order_by(_UNITS.c.enterprise_id, _UNITS.c.asset_no))

    def _joined(self, table: sa.Table, *where: Any) -> Iterator[sa.Row[Any]]:
        """Rows of `table` whose unit is in scope (joined in SQL, no id list), in id order."""
        columns = [c for c in table.columns if not isinstance(c.type, sa.JSON)]  # lists show no JSON fields
        query = (sa.select(*columns).join(_UNITS, _UNITS.c.id == table.c.equipment_id)
                 .where(self.in_scope, *where).order_by(table.c.id))
        return stream(self.session, query)

    @cached_property
    def projects(self) -> dict[int, Project]:
        return {int(p.id or 0): p for p in self.session.exec(select(Project).where(self.scope.of(col(Project.enterprise_id))))}

    @cached_property
    def findings(self) -> dict[int, list[Any]]:
        """The matching findings of each unit that has any."""
        found: dict[int, list[Any]] = defaultdict(list)
        for f in self._joined(_FINDINGS, _FINDINGS.c.outcome == "match"):
            found[f.equipment_id].append(f)
        return found

    @cached_property
    def records(self) -> dict[int, Any]:
        return {r.equipment_id: r for r in self._joined(_RECORDS)}

    @cached_property
    def plan(self) -> Plan | None:
        return self.session.exec(select(Plan).where(Plan.status == "accepted").order_by(col(Plan.id).desc())).first()

    @cached_property
    def plan_items(self) -> dict[int, Any]:
        if self.plan is None:
            return {}
        return {item.equipment_id: item for item in self._joined(_ITEMS, _ITEMS.c.plan_id == self.plan.id)}
