"""Inserting many rows at once: COPY on PostgreSQL, one prepared executemany on SQLite.

SQLAlchemy's executemany converts every value of every row through the column types, row by row, and
for hundreds of thousands of rows that bookkeeping costs more than the database's own work. Here each
column is converted once, as a column — on SQLite by the type processors SQLAlchemy itself uses, on
PostgreSQL into COPY's text format — and the rows reach the driver in one call or one COPY stream,
inside the caller's transaction. A test reads both back equal to rows the ORM stored. PostgreSQL
refuses COPY into a table whose row-level security applies to the current login (a county staff
member); such inserts take the executemany path, where the policies are checked row by row.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

_COPY_BLOCK = 5000  # rows per write to the COPY stream


def _converted(table: sa.Table, dialect: sa.Dialect, name: str, values: Sequence[Any]) -> Sequence[Any]:
    """A column as the driver takes it, converted as SQLAlchemy would (each distinct value once)."""
    # _cached_bind_processor is how SQLAlchemy itself converts bound values (TypeDecorators included).
    processor = table.c[name].type._cached_bind_processor(dialect)
    if processor is None:
        return values
    if isinstance(table.c[name].type, sa.JSON):  # mostly empty or shared mappings and lists: those once
        return _json_converted(processor, values)
    return _each_distinct_once(processor, values)


def _json_converted(processor: Callable[[Any], Any], values: Sequence[Any]) -> list[Any]:
    """A JSON column as the driver takes it: each distinct mapping object serialised once (results of a bulk
    job share one mapping per kind of answer), every empty one alike."""
    done: dict[int, Any] = {}  # by identity: the values are alive in `values` while this runs
    empty: dict[type, Any] = {dict: processor({}), list: processor([])}
    return [None if v is None else empty[type(v)] if not v and type(v) in empty
            else done[id(v)] if id(v) in done else done.setdefault(id(v), processor(v)) for v in values]


def _each_distinct_once(convert: Callable[[Any], Any], values: Sequence[Any]) -> list[Any]:
    done: dict[Any, Any] = {}  # ratings, codes, dates and timestamps repeat down a ledger
    return [None if v is None else done[v] if v in done else done.setdefault(v, convert(v)) for v in values]


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


_NEEDS_ESCAPE = re.compile(r"[\\\t\n\r]")


def _copy_text(value: Any) -> str:
    """One value in PostgreSQL's COPY text format (what psycopg's adapters would send, written out once)."""
    kind = type(value)
    if kind is bool:
        return "t" if value else "f"
    if kind is int:
        return str(value)
    if kind is float:
        return repr(value)
    if kind is dt.date or kind is dt.datetime:
        return value.isoformat()
    text = json.dumps(value) if kind is dict or kind is list else str(value)
    return text.translate(_COPY_ESCAPES) if _NEEDS_ESCAPE.search(text) else text


def _copy_column(values: Sequence[Any], is_json: bool) -> list[str]:
    if is_json:  # unhashable, and mostly empty
        empty: dict[type, str] = {dict: "{}", list: "[]"}
        return ["\\N" if v is None else empty[type(v)] if not v and type(v) in empty else _copy_text(v) for v in values]
    return ["\\N" if text is None else text for text in _each_distinct_once(_copy_text, values)]


def _copy_allowed(connection: sa.Connection, table: sa.Table) -> bool:
    """Whether this login may COPY into `table`, asked once per database connection and table: a login's
    row-level security does not change while it is connected (staff logins are made after the policies)."""
    known: dict[str, bool] = connection.info.setdefault("equipinv_copy_allowed", {})
    if table.name not in known:
        active = connection.execute(sa.text("SELECT row_security_active(:t)"), {"t": table.name}).scalar()
        known[table.name] = not active
    return known[table.name]


def insert_columns(connection: sa.Connection, table: sa.Table, columns: Mapping[str, Sequence[Any]]) -> int:
    """Insert the rows given column-wise (equal-length sequences, None for NULL); returns the row count."""
    names = list(columns)
    count = len(columns[names[0]]) if names else 0
    if count == 0:
        return 0
    dialect = connection.dialect
    quote = dialect.identifier_preparer.quote
    column_list = ", ".join(quote(n) for n in names)
    driver = connection.connection.driver_connection
    assert driver is not None
    if dialect.name == "postgresql" and _copy_allowed(connection, table):
        texts = [_copy_column(columns[n], isinstance(table.c[n].type, sa.JSON)) for n in names]
        with driver.cursor() as cursor, cursor.copy(f"COPY {quote(table.name)} ({column_list}) FROM STDIN") as copy:
            for start in range(0, count, _COPY_BLOCK):
                copy.write("".join("\t".join(row) + "\n" for row in zip(*(t[start:start + _COPY_BLOCK] for t in texts),
                                                                       strict=True)))
        return count
    if dialect.name == "postgresql":  # row-level security applies: plain INSERTs, converted by SQLAlchemy
        connection.execute(table.insert(), [dict(zip(names, row, strict=True))
                                            for row in zip(*(columns[n] for n in names), strict=True)])
        return count
    converted = [_converted(table, dialect, n, columns[n]) for n in names]
    marks = ", ".join("?" for _ in names)
    cursor = driver.cursor()
    try:
        cursor.executemany(f"INSERT INTO {quote(table.name)} ({column_list}) VALUES ({marks})", zip(*converted, strict=True))
    finally:
        cursor.close()
    return count


def update_columns(connection: sa.Connection, table: sa.Table, ids: Sequence[int],
                   columns: Mapping[str, Sequence[Any]]) -> int:
    """Set `columns` (equal-length sequences, None for NULL) on the rows with primary keys `ids`, in the
    caller's transaction; returns the row count.

    On SQLite one prepared executemany of values converted a column at a time (as `insert_columns`);
    SQLAlchemy's own executemany converted and checked every value of every row and took over a third of
    `grade` at 1 M units. PostgreSQL keeps SQLAlchemy's executemany (psycopg pipelines it).
    """
    names = list(columns)
    if not ids:
        return 0
    dialect = connection.dialect
    if dialect.name != "sqlite":
        key = "b_" + table.primary_key.columns.values()[0].name
        statement = (sa.update(table).where(table.primary_key.columns.values()[0] == sa.bindparam(key))
                     .values({n: sa.bindparam(n) for n in names}))
        connection.execute(statement, [{key: i, **dict(zip(names, row, strict=True))}
                                       for i, *row in zip(ids, *(columns[n] for n in names), strict=True)])
        return len(ids)
    quote = dialect.identifier_preparer.quote
    converted = [_converted(table, dialect, n, columns[n]) for n in names]
    assignments = ", ".join(f"{quote(n)} = ?" for n in names)
    key_name = quote(table.primary_key.columns.values()[0].name)
    driver = connection.connection.driver_connection
    assert driver is not None
    cursor = driver.cursor()
    try:
        cursor.executemany(f"UPDATE {quote(table.name)} SET {assignments} WHERE {key_name} = ?",
                           zip(*converted, ids, strict=True))
    finally:
        cursor.close()
    return len(ids)
