"""The few ledger columns the table filters and sorts on, held in memory as numpy arrays (issue 18).

A filter change or a search keystroke at 100,000 units must repaint within 100 ms. SQL cannot count a
text search (`LIKE '%x%'`), "past design life" or a sort by name without reading every row, so the
ledger screen loads these columns once per visit (a few hundred ms, in a worker, after its first page)
and evaluates every filter here in a few milliseconds; only the page's 100 rows are then read from SQL.
The screen drops them when it comes back from another screen or edits a unit: they are a snapshot of
the visit, what another user changes meanwhile shows in the rows but not in the counts until then.

Sorting follows one rule on every database: values in code-point order, missing values first when
ascending, ties in ledger order (id), descending the exact reverse — `ledger_query` orders SQL the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlmodel import Session

from tui.ledger_query import EQ, FINDING, SITE, LedgerFilter, search_text

TEXT_SEPARATOR = "\x1f"  # between asset number, name and model, so a search never matches across two


@dataclass(frozen=True)
class Coded:
    """A column of few distinct values (category, level, status): codes into the sorted values, None first."""

    values: tuple[str | None, ...]
    codes: np.ndarray

    @classmethod
    def of(cls, column: list[str | None]) -> Coded:
        values = tuple(sorted(set(column), key=lambda v: (v is not None, v or "")))
        index = {value: code for code, value in enumerate(values)}
        return cls(values, np.array([index[v] for v in column], dtype=np.int16))

    def isin(self, *wanted: str | None) -> np.ndarray:
        codes = [code for code, value in enumerate(self.values) if value in wanted]
        return np.isin(self.codes, codes)


def _floats(values: list[Any]) -> np.ndarray:
    return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)


def _strings(values: list[str | None]) -> np.ndarray:
    """UTF-8 bytes (a fixed-width array sorts and searches in C); code-point order is UTF-8 byte order."""
    return np.array([(v or "").encode() for v in values], dtype=np.bytes_)


@dataclass
class LedgerColumns:
    ids: np.ndarray  # ledger order: ascending id; every other array is aligned with it
    category: Coded
    level: Coded
    status: Coded
    enterprise_id: np.ndarray
    site_id: np.ndarray  # -1: no site
    site_ids_by_name: dict[str, list[int]]
    quantity: np.ndarray
    flagged: np.ndarray  # a finding that matched
    mandatory: np.ndarray  # a mandatory finding that matched
    commissioned: np.ndarray  # date ordinal, NaN when unknown
    design_life_days: np.ndarray  # design life × 365.25 days, NaN when unknown
    text: np.ndarray  # lowercased asset number, name and model (UTF-8), what the search box looks in
    sort_values: dict[str, tuple[np.ndarray, np.ndarray | None]]  # sort key -> (values, missing mask or None)
    _orders: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, session: Session) -> LedgerColumns:
        """Read the columns of every unit the session may see (row-level security applies as to any query)."""
        rows = session.execute(sa.select(
            EQ.c.id, EQ.c.category, EQ.c.benchmark_level, EQ.c.status, EQ.c.enterprise_id, EQ.c.site_id,
            EQ.c.quantity, EQ.c.commissioning_date, EQ.c.design_life_years, EQ.c.asset_no, EQ.c.name, EQ.c.model,
            EQ.c.rated_power_kw).order_by(EQ.c.id)).all()
        (ids, category, level, status, enterprise, site, quantity, commissioned, life, asset_no, name,
         model, rating) = (list(c) for c in zip(*rows)) if rows else ([] for _ in range(13))
        ids_array = np.array(ids, dtype=np.int64)
        matched = session.execute(sa.select(FINDING.c.equipment_id, FINDING.c.kind).distinct()
                                  .where(FINDING.c.outcome == "match")).all()
        flagged = np.isin(ids_array, [unit for unit, _ in matched])
        mandatory = np.isin(ids_array, [unit for unit, kind in matched if kind == "mandatory"])
        sites: dict[str, list[int]] = {}
        for site_id, site_name in session.execute(sa.select(SITE.c.id, SITE.c.name)):
            sites.setdefault(site_name, []).append(site_id)
        separator = TEXT_SEPARATOR
        text = [f"{a}{separator}{n}{separator}{m or ''}".lower() for a, n, m in zip(asset_no, name, model)]
        coded = {"category": Coded.of(category), "level": Coded.of(level), "status": Coded.of(status)}
        born = _floats([d.toordinal() if d else None for d in commissioned])
        ratings = _floats(rating)
        model_missing = np.array([m is None for m in model], dtype=bool)
        return cls(
            ids=ids_array, **coded,
            enterprise_id=np.array(enterprise, dtype=np.int64),
            site_id=np.array([-1 if s is None else s for s in site], dtype=np.int64), site_ids_by_name=sites,
            quantity=np.array(quantity, dtype=np.int64), flagged=flagged, mandatory=mandatory,
            commissioned=born, design_life_days=_floats(life) * 365.25,
            text=_strings(text),
            sort_values={
                "id": (ids_array, None), "asset_no": (_strings(asset_no), None), "name": (_strings(name), None),
                "category": (coded["category"].codes, None), "model": (_strings(model), model_missing),
                "rating": (ratings, np.isnan(ratings)), "commissioned": (born, np.isnan(born)),
                "status": (coded["status"].codes, None), "level": (coded["level"].codes, None),
                "enterprise": (np.array(enterprise, dtype=np.int64), None)})

    def __len__(self) -> int:
        return len(self.ids)

    def mask(self, flt: LedgerFilter, today: dt.date) -> np.ndarray:
        """The units the filter keeps, as a boolean array in ledger order."""
        keep = np.ones(len(self), dtype=bool)
        text = search_text(flt.text)
        if text:
            keep &= np.strings.find(self.text, text.lower().encode()) >= 0
        if flt.category:
            keep &= self.category.isin(flt.category)
        if flt.level:
            keep &= self.level.isin(None, "ungraded") if flt.level == "ungraded" else self.level.isin(flt.level)
        if flt.status:
            keep &= self.status.isin(flt.status)
        elif flt.exclude_eliminated:
            keep &= ~self.status.isin("eliminated")
        if flt.enterprise_id is not None:
            keep &= self.enterprise_id == flt.enterprise_id
        if flt.site:
            keep &= np.isin(self.site_id, self.site_ids_by_name.get(flt.site, []))
        if flt.has_finding:
            keep &= self.flagged
        if flt.mandatory:
            keep &= self.mandatory
        if flt.past_design_life:
            with np.errstate(invalid="ignore"):  # NaN (no date or no design life) compares False
                keep &= (today.toordinal() - self.commissioned) >= self.design_life_days
        return keep

    def order(self, sort_key: str) -> np.ndarray:
        """Positions in ascending order of the sort key (missing first, ties by id); computed once per key."""
        if sort_key not in self._orders:
            values, missing = self.sort_values.get(sort_key, self.sort_values["id"])
            order = np.argsort(values, kind="stable")
            if missing is not None:
                order = order[np.argsort(~missing[order], kind="stable")]
            self._orders[sort_key] = order
        return self._orders[sort_key]

    def select(self, flt: LedgerFilter, today: dt.date) -> np.ndarray:
        """Positions of the matching units in the table's order."""
        keep = self.mask(flt, today)
        if flt.sort_key not in self.sort_values or flt.sort_key == "id":
            chosen = np.flatnonzero(keep)
        else:
            order = self.order(flt.sort_key)
            chosen = order[keep[order]]
        return chosen[::-1] if flt.descending else chosen
