"""Equipment price table: investment per unit from yuan per kW / kVA / t/h / vehicle, or a quote.

Defaults ship in ``data/prices.toml``; every default is an assumption to be replaced by quotes, and
the table says so (``status``).  Users override a price per category and action
(``{"motor": {"advanced": 650}}``) or give a per-unit quote, which always wins.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from equipinv.errors import BadInput

Floats = NDArray[np.float64]

#: Where a unit's investment came from.
SOURCE_QUOTE, SOURCE_TABLE, SOURCE_MISSING = "quote", "table", "missing"


@dataclass(frozen=True)
class PriceEntry:
    """One row of the price table."""

    category: str
    action: str
    basis: str
    yuan_per_basis: float
    status: str
    source: str


@lru_cache(maxsize=1)
def _default_rows() -> tuple[dict[str, Any], tuple[dict[str, Any], ...]]:
    text = files("equipinv.planning").joinpath("data/prices.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return data["meta"], tuple(data["price"])


@dataclass(frozen=True)
class PriceTable:
    """Prices keyed by (category, action); ``edition`` names the data the numbers came from."""

    entries: Mapping[tuple[str, str], PriceEntry]
    edition: str
    overridden: frozenset[tuple[str, str]] = field(default_factory=frozenset)

    @classmethod
    def default(cls) -> PriceTable:
        meta, rows = _default_rows()
        entries = {(r["category"], r["action"]): PriceEntry(**r) for r in rows}
        return cls(entries, str(meta["edition"]))

    def with_overrides(self, mapping: Mapping[str, Mapping[str, float]]) -> PriceTable:
        """Copy with yuan-per-basis prices replaced: ``{category: {action: price}}``."""
        entries = dict(self.entries)
        changed = set(self.overridden)
        for category, actions in mapping.items():
            for action, value in actions.items():
                key = f"prices.{category}.{action}"
                if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(
                        value) or value < 0:
                    raise BadInput(f"错误：设备价格 {key} 的值 {value!r} 不是非负数 "
                                     f"(error: price {key} = {value!r} is not a non-negative number)")
                old = entries.get((category, action))
                if old is None:
                    raise BadInput(f"错误：价格表中没有 {key}，无法确定计价基准 "
                                     f"(error: {key} is not in the price table, its basis is unknown)")
                entries[(category, action)] = PriceEntry(category, action, old.basis, float(value),
                                                         "user", "user configuration")
                changed.add((category, action))
        return PriceTable(entries, self.edition, frozenset(changed))

    def basis(self, category: str, action: str) -> str | None:
        """The canonical field the price of (category, action) multiplies, or None if unpriced."""
        entry = self.entries.get((category, action))
        return None if entry is None else entry.basis

    def investment_yuan(self, category: ArrayLike, action: str, sizes: Mapping[str, ArrayLike],
                        quote_yuan: ArrayLike | None = None) -> tuple[Floats, NDArray[np.str_]]:
        """Investment per unit for ``action`` and where it came from (quote / table / missing).

        ``sizes`` holds the basis fields (rated_power_kw, capacity_kva, capacity_t_h, quantity);
        ``quote_yuan`` a per-unit quote (NaN where none).  A unit whose category has no price for
        the action, or whose basis field is missing, gets NaN and source "missing".
        """
        cat = np.asarray(category, dtype=str)
        n = cat.shape[0]
        cost = np.full(n, np.nan)
        for code in np.unique(cat):
            entry = self.entries.get((str(code), action))
            if entry is None or entry.basis not in sizes:
                continue
            rows = cat == code
            size = np.broadcast_to(np.asarray(sizes[entry.basis], dtype=float), (n,))[rows]
            cost[rows] = np.where(size > 0, size * entry.yuan_per_basis, np.nan)
        source = np.where(np.isnan(cost), SOURCE_MISSING, SOURCE_TABLE).astype("<U7")
        if quote_yuan is not None:
            quote = np.broadcast_to(np.asarray(quote_yuan, dtype=float), (n,))
            bad = np.flatnonzero((quote < 0) | np.isinf(quote))
            if bad.size:
                i = int(bad[0])
                raise BadInput(f"错误：第 {i} 台设备的报价 {quote[i]} 元不是非负数 "
                                 f"(error: quote_yuan[{i}] = {quote[i]} is not a non-negative number)")
            has = quote >= 0
            cost = np.where(has, quote, cost)
            source[has] = SOURCE_QUOTE
        return cost, source
