"""Inserting many rows at once: COPY on PostgreSQL, one prepared executemany on SQLite.

SQLAlchemy's executemany converts every value of every row through the column types, row by row, and
for hundreds of thousands of rows that bookkeeping costs more than the database's own work. Here each
column is converted once, as a column, by the same type processors SQLAlchemy would use (so what is
stored is byte for byte what the ORM would store), and the rows reach the driver in one call or one
COPY stream — inside the caller's transaction. PostgreSQL refuses COPY into a table whose row-level
security applies to the current login (a county staff member); such inserts take the executemany path,
where the policies are checked row by row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa


def _converted(table: sa.Table, dialect: sa.Dialect, name: str, values: Sequence[Any]) -> Sequence[Any]:
    # _cached_bind_processor is how SQLAlchemy itself converts bound values (TypeDecorators included).
    processor = table.c[name].type._cached_bind_processor(dialect)
    if processor is None:
        return values
    if isinstance(table.c[name].type, sa.JSON):
        return [None if v is None else processor(v) for v in values]
    done: dict[Any, Any] = {}  # dates and times repeat (one timestamp per batch): convert each once
    return [None if v is None else done[v] if v in done else done.setdefault(v, processor(v)) for v in values]


def _copy_allowed(connection: sa.Connection, table: sa.Table) -> bool:
    return not connection.execute(sa.text("SELECT row_security_active(:t)"), {"t": table.name}).scalar()


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
    if dialect.name == "postgresql" and _copy_allowed(connection, table):
        # psycopg adapts dates, times, numbers and text itself; only JSON needs its serialiser.
        converted = [_converted(table, dialect, n, columns[n]) if isinstance(table.c[n].type, sa.JSON)
                     else columns[n] for n in names]
        with driver.cursor() as cursor, cursor.copy(f"COPY {quote(table.name)} ({column_list}) FROM STDIN") as copy:
            for row in zip(*converted, strict=True):
                copy.write_row(row)
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
