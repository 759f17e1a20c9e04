"""The ledger as the table screen sees it: one filtered, sorted page at a time.

No Textual here. A 100,000-unit ledger never comes into the table: it shows one page (`LIMIT`/`OFFSET`
over an indexed order, or 100 ids chosen in memory). Once the screen holds the filter columns in memory
(`tui.ledger_columns`), a filter change or a keystroke is evaluated there and reads only the page's rows;
until then, and for callers without them, the filter runs in SQL.
The filters are the ones people ask for in a ledger: text (asset number, name, model), category,
benchmark level, status, site, "has a finding" and "past its design life".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlmodel import Session

from equipinv.models import Enterprise, Equipment, Finding, Site

if TYPE_CHECKING:
    from tui.ledger_columns import LedgerColumns

EQ = Equipment.__table__  # type: ignore[attr-defined]
FINDING = Finding.__table__  # type: ignore[attr-defined]
SITE = Site.__table__  # type: ignore[attr-defined]
ENTERPRISE = Enterprise.__table__  # type: ignore[attr-defined]

PAGE_SIZE = 100

# Sortable columns of the table (column key -> SQL expression); the id breaks ties so pages are stable.
# Every database orders them alike (as the in-memory columns do): missing values first when ascending,
# text in code-point order.
SORTABLE: dict[str, Any] = {
    "id": EQ.c.id,  # ledger order (as entered): the primary key, so a page needs no sort at all
    "asset_no": EQ.c.asset_no,
    "name": EQ.c.name,
    "category": EQ.c.category,
    "model": EQ.c.model,
    "rating": EQ.c.rated_power_kw,
    "commissioned": EQ.c.commissioning_date,
    "status": EQ.c.status,
    "level": EQ.c.benchmark_level,
    "enterprise": EQ.c.enterprise_id,
}


@dataclass(frozen=True)
class LedgerFilter:
    """What the ledger table shows: every field None/False means "all units"."""

    text: str = ""
    category: str | None = None
    level: str | None = None
    status: str | None = None
    site: str | None = None
    has_finding: bool = False
    mandatory: bool = False  # a mandatory elimination finding (catalogue, standard or age limit)
    past_design_life: bool = False
    exclude_eliminated: bool = False  # the overview counts units in use and idle only
    enterprise_id: int | None = None
    sort_key: str = "id"
    descending: bool = False

    def with_(self, **changes: Any) -> LedgerFilter:
        return replace(self, **changes)


@dataclass
class LedgerRow:
    """One line of the table (plain values; the screen formats and colours them)."""

    id: int
    asset_no: str
    name: str
    category: str
    model: str | None
    rated_power_kw: float | None
    capacity_kva: float | None
    capacity_t_h: float | None
    capacity_mw: float | None
    commissioning_date: dt.date | None
    status: str
    benchmark_level: str | None
    grade: str | None
    enterprise: str
    quantity: int = 1  # pieces (台/套) the row stands for
    mandatory_findings: int = 0
    open_findings: int = 0


@dataclass
class LedgerPage:
    rows: list[LedgerRow]
    total: int  # matching ledger rows (行)
    offset: int
    filter: LedgerFilter
    seconds: float = 0.0
    pieces: int = 0  # the pieces (台/套) they hold: the sum of their quantities


NULLABLE_SORTS = frozenset({"model", "rating", "commissioned", "level"})
TEXT_SORTS = frozenset({"asset_no", "name", "category", "model", "status", "level"})


def search_text(text: str) -> str:
    """What the search box looks for: its text without the surrounding blanks and SQL's wildcards."""
    return text.strip().replace("%", "").replace("_", "")


def past_life_clause(engine_name: str, today: dt.date) -> Any:
    """Units whose years in service reached their design life (365.25-day years), per SQL dialect."""
    if engine_name == "sqlite":
        days = sa.func.julianday(sa.literal(today.isoformat())) - sa.func.julianday(EQ.c.commissioning_date)
    else:  # PostgreSQL: date - date is a whole number of days
        days = sa.literal(today, sa.Date) - EQ.c.commissioning_date
    return sa.and_(EQ.c.design_life_years.is_not(None), EQ.c.commissioning_date.is_not(None),
                   days >= EQ.c.design_life_years * 365.25)


def where_clause(flt: LedgerFilter, dialect: str, today: dt.date) -> Any:
    """The filter as one SQL condition."""
    conditions: list[Any] = []
    text = search_text(flt.text)
    if text:
        pattern = f"%{text}%"
        # SQLite's LIKE already ignores ASCII case; its ILIKE would wrap every value in lower()
        like = (lambda c: c.like(pattern)) if dialect == "sqlite" else (lambda c: c.ilike(pattern))
        conditions.append(sa.or_(like(EQ.c.asset_no), like(EQ.c.name), like(EQ.c.model)))
    if flt.category:
        conditions.append(EQ.c.category == flt.category)
    if flt.level:
        if flt.level == "ungraded":
            conditions.append(sa.or_(EQ.c.benchmark_level == "ungraded", EQ.c.benchmark_level.is_(None)))
        else:
            conditions.append(EQ.c.benchmark_level == flt.level)
    if flt.status:
        conditions.append(EQ.c.status == flt.status)
    elif flt.exclude_eliminated:
        conditions.append(EQ.c.status != "eliminated")
    if flt.enterprise_id is not None:
        conditions.append(EQ.c.enterprise_id == flt.enterprise_id)
    if flt.site:
        conditions.append(EQ.c.site_id.in_(sa.select(SITE.c.id).where(SITE.c.name == flt.site)))
    if flt.has_finding:
        conditions.append(EQ.c.id.in_(sa.select(FINDING.c.equipment_id).where(FINDING.c.outcome == "match")))
    if flt.mandatory:
        conditions.append(EQ.c.id.in_(sa.select(FINDING.c.equipment_id).where(
            FINDING.c.outcome == "match", FINDING.c.kind == "mandatory")))
    if flt.past_design_life:
        conditions.append(past_life_clause(dialect, today))
    return sa.and_(sa.true(), *conditions)


def _sort_order(flt: LedgerFilter, dialect: str) -> list[Any]:
    """ORDER BY of the page: the sort key, then the id, both ways alike (descending is the exact reverse)."""
    key = flt.sort_key if flt.sort_key in SORTABLE else "id"
    column = SORTABLE[key]
    if dialect != "sqlite" and key in TEXT_SORTS:
        column = column.collate("C")  # code-point order, as SQLite and the in-memory columns sort
    order = column.desc() if flt.descending else column.asc()
    if dialect != "sqlite" and key in NULLABLE_SORTS:  # SQLite already puts NULL first when ascending
        order = order.nulls_last() if flt.descending else order.nulls_first()
    return [order] if key == "id" else [order, EQ.c.id.desc() if flt.descending else EQ.c.id.asc()]


def _row_query() -> Any:
    return (sa.select(EQ.c.id, EQ.c.asset_no, EQ.c.name, EQ.c.category, EQ.c.model, EQ.c.rated_power_kw,
                      EQ.c.capacity_kva, EQ.c.capacity_t_h, EQ.c.capacity_mw, EQ.c.commissioning_date,
                      EQ.c.status, EQ.c.benchmark_level, EQ.c.grade, ENTERPRISE.c.name.label("enterprise"), EQ.c.quantity)
            .join(ENTERPRISE, ENTERPRISE.c.id == EQ.c.enterprise_id))


def _sql_page(session: Session, flt: LedgerFilter, offset: int, limit: int,
              today: dt.date) -> tuple[list[LedgerRow], int, int, int]:
    """Rows, offset, total and pieces with the filter evaluated in SQL.

    The first page is fetched before counting: when it is not full it holds every match, and the
    count (a second pass over the table for a selective search) is not needed. Rows and pieces are counted
    in one aggregate query, one pass.
    """
    dialect = session.get_bind().dialect.name
    where = where_clause(flt, dialect, today)

    def rows_at(start: int) -> list[LedgerRow]:
        query = _row_query().where(where).order_by(*_sort_order(flt, dialect)).limit(limit).offset(start)
        return [LedgerRow(**row._mapping) for row in session.execute(query)]

    def count() -> tuple[int, int]:
        found = session.execute(sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(EQ.c.quantity), 0))
                                .select_from(EQ).where(where)).one()
        return int(found[0]), int(found[1])

    if offset <= 0:
        rows = rows_at(0)
        total, pieces = (len(rows), sum(r.quantity for r in rows)) if len(rows) < limit else count()
        return rows, 0, total, pieces
    total, pieces = count()
    offset = max(0, min(offset, max(total - 1, 0) // limit * limit))
    return rows_at(offset), offset, total, pieces


def _memory_page(session: Session, columns: LedgerColumns, flt: LedgerFilter, offset: int, limit: int,
                 today: dt.date) -> tuple[list[LedgerRow], int, int, int]:
    """Rows, offset, total and pieces with the filter evaluated on the in-memory columns: SQL reads the page only."""
    chosen = columns.select(flt, today)
    total, pieces = len(chosen), int(columns.quantity[chosen].sum())
    offset = max(0, min(offset, max(total - 1, 0) // limit * limit))
    ids = [int(i) for i in columns.ids[chosen[offset:offset + limit]]]
    found = {row.id: LedgerRow(**row._mapping) for row in session.execute(_row_query().where(EQ.c.id.in_(ids)))} \
        if ids else {}
    return [found[i] for i in ids if i in found], offset, total, pieces  # a unit deleted since is left out


def _count_findings(session: Session, rows: list[LedgerRow]) -> None:
    """The badges: each row's mandatory and open (matched) findings."""
    if not rows:
        return
    counts = session.execute(
        sa.select(FINDING.c.equipment_id,
                  sa.func.sum(sa.case((sa.and_(FINDING.c.kind == "mandatory", FINDING.c.outcome == "match"), 1),
                                      else_=0)),
                  sa.func.count())
        .where(FINDING.c.equipment_id.in_([r.id for r in rows]), FINDING.c.outcome == "match")
        .group_by(FINDING.c.equipment_id))
    by_unit = {unit_id: (int(mandatory or 0), int(n)) for unit_id, mandatory, n in counts}
    for row in rows:
        row.mandatory_findings, row.open_findings = by_unit.get(row.id, (0, 0))


def load_page(session: Session, flt: LedgerFilter, offset: int = 0, *, limit: int = PAGE_SIZE,
              today: dt.date | None = None, columns: LedgerColumns | None = None) -> LedgerPage:
    """Count the matching rows and their pieces (台/套) and fetch one page of them, with their finding counts.

    With `columns` (the filter columns held in memory) the filter never touches SQL; without, SQL does it.
    """
    import time

    started = time.perf_counter()
    today = today or dt.date.today()
    offset = max(offset, 0)
    rows, offset, total, pieces = (_memory_page(session, columns, flt, offset, limit, today) if columns is not None
                                   else _sql_page(session, flt, offset, limit, today))
    _count_findings(session, rows)
    return LedgerPage(rows, total, offset, flt, time.perf_counter() - started, pieces)


def site_names(session: Session) -> list[str]:
    """Every site name in the ledger (for the site filter)."""
    return [name for (name,) in session.execute(sa.select(SITE.c.name).distinct().order_by(SITE.c.name))]
