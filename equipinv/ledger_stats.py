"""Counting the ledger: units by category and level, past design life — the figures every summary opens with."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import Session, col

from equipinv.models import Equipment


@dataclass
class CategoryStats:
    category: str
    units: int = 0
    quantity: int = 0
    past_design_life: int = 0
    levels: Counter[str] = field(default_factory=Counter)


def years_in_service(commissioned: dt.date | None, today: dt.date) -> float | None:
    """Service years as a decimal (365.25-day years), None when the commissioning date is unknown."""
    if commissioned is None:
        return None
    return (today - commissioned).days / 365.25


def category_stats(session: Session, *, enterprise_ids: list[int] | None = None,
                   today: dt.date | None = None) -> list[CategoryStats]:
    """Per category: ledger rows (`units`), pieces (`quantity`, 台/套), and in pieces those at or past design life and
    per benchmark level (in use and idle): a table headed （台） counts pieces, never rows."""
    today = today or dt.date.today()
    query = sa.select(col(Equipment.category), col(Equipment.quantity), col(Equipment.commissioning_date),
                   col(Equipment.design_life_years), col(Equipment.benchmark_level)).where(
        col(Equipment.status) != "eliminated")
    if enterprise_ids is not None:
        query = query.where(sa.column("enterprise_id").in_(enterprise_ids))
    stats: dict[str, CategoryStats] = {}
    for category, quantity, commissioned, life, level in session.execute(query):
        entry = stats.setdefault(category, CategoryStats(category))
        entry.units += 1
        entry.quantity += quantity
        served = years_in_service(commissioned, today)
        if served is not None and life is not None and served >= life:
            entry.past_design_life += quantity
        entry.levels[level or "ungraded"] += quantity
    return sorted(stats.values(), key=lambda s: -s.units)
