"""A ledger as numpy columns: the shape grading, matching and planning work on.

Reading column-wise straight from SQL (no ORM objects) is what lets a province's units grade in
seconds. Missing numbers are NaN, missing text is "", missing dates are NaT, missing booleans are
-1 in an int8 column (0/1 otherwise); JSON columns stay Python mappings in an object array.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlmodel import Session

from equipinv.models import Equipment

_TABLE = Equipment.__table__  # type: ignore[attr-defined]


def _kind(column: sa.Column[Any]) -> str:
    if isinstance(column.type, sa.JSON):
        return "json"
    python_type = column.type.python_type
    if python_type is bool:
        return "bool"
    if python_type in (int, float):
        return "number"
    if python_type is dt.date:
        return "date"
    return "text"


def to_array(values: Sequence[Any], kind: str) -> np.ndarray:
    """One column of Python values (with None for missing) as a typed numpy array."""
    if kind == "number":
        return np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    if kind == "bool":
        return np.array([-1 if v is None else int(v) for v in values], dtype=np.int8)
    if kind == "date":
        return np.array([np.datetime64("NaT") if v is None else np.datetime64(v, "D") for v in values],
                        dtype="datetime64[D]")
    if kind == "json":
        array = np.empty(len(values), dtype=object)
        array[:] = [v or {} for v in values]
        return array
    return np.array(["" if v is None else str(v) for v in values], dtype=object)


def load_columns(session: Session, fields: Sequence[str], *, where: Any = None,
                 include_eliminated: bool = False) -> dict[str, np.ndarray]:
    """Columns `fields` (plus `id`) of the units matching `where`, ordered by id."""
    names = ["id", *[f for f in fields if f != "id"]]
    query = sa.select(*(_TABLE.c[name] for name in names)).order_by(_TABLE.c.id)
    if not include_eliminated:
        query = query.where(_TABLE.c.status != "eliminated")
    if where is not None:
        query = query.where(where)
    rows = session.execute(query).all()
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    return {name: to_array(values, _kind(_TABLE.c[name])) if name != "id" else np.array(values, dtype=np.int64)
            for name, values in zip(names, columns, strict=True)}


def records_to_columns(records: Sequence[Mapping[str, Any]], fields: Sequence[str]) -> dict[str, np.ndarray]:
    """Columns `fields` of records not yet stored (clean ledger rows), shaped as `load_columns` shapes them."""
    return {name: to_array([r.get(name) for r in records], _kind(_TABLE.c[name])) for name in fields}
