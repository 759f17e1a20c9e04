"""The ledger filter worked out by hand: every unit read into Python and tested one by one.

The reference the ledger table's fast paths are checked against (tests) and timed against (the naive
baseline of bench/bench_tui_filter.py). Sorting follows the table's rule: values in code-point order,
missing values first when ascending, ties in ledger order (id), descending the exact reverse.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from tui.ledger_query import EQ, FINDING, SITE, LedgerFilter

_SORT_COLUMN = {"id": "id", "asset_no": "asset_no", "name": "name", "category": "category", "model": "model",
                "rating": "rated_power_kw", "commissioned": "commissioning_date", "status": "status",
                "level": "benchmark_level", "enterprise": "enterprise_id"}
_COLUMNS = ("id", "asset_no", "name", "model", "category", "benchmark_level", "status", "enterprise_id", "site_id",
            "quantity", "commissioning_date", "design_life_years", "rated_power_kw")


@dataclass
class Ledger:
    """Every unit as a plain dict, with the sets the finding filters need."""

    units: list[dict[str, Any]]
    flagged: set[int]
    mandatory: set[int]
    site_names: dict[int, str]


def read_ledger(session: Session) -> Ledger:
    units = [dict(row._mapping) for row in session.execute(sa.select(*(EQ.c[name] for name in _COLUMNS)))]
    matches = session.execute(sa.select(FINDING.c.equipment_id, FINDING.c.kind).where(FINDING.c.outcome == "match"))
    flagged: set[int] = set()
    mandatory: set[int] = set()
    for unit_id, kind in matches:
        flagged.add(unit_id)
        if kind == "mandatory":
            mandatory.add(unit_id)
    sites = {sid: name for sid, name in session.execute(sa.select(SITE.c.id, SITE.c.name))}
    return Ledger(units, flagged, mandatory, sites)


def _keeps(ledger: Ledger, flt: LedgerFilter, today: dt.date) -> Any:
    text = flt.text.strip().replace("%", "").replace("_", "").lower()

    def keep(u: dict[str, Any]) -> bool:
        if text and not any(text in (u[c] or "").lower() for c in ("asset_no", "name", "model")):
            return False
        if flt.category and u["category"] != flt.category:
            return False
        if flt.level and not (u["benchmark_level"] in (None, "ungraded") if flt.level == "ungraded"
                              else u["benchmark_level"] == flt.level):
            return False
        if flt.status and u["status"] != flt.status:
            return False
        if not flt.status and flt.exclude_eliminated and u["status"] == "eliminated":
            return False
        if flt.enterprise_id is not None and u["enterprise_id"] != flt.enterprise_id:
            return False
        if flt.site and ledger.site_names.get(u["site_id"]) != flt.site:
            return False
        if flt.has_finding and u["id"] not in ledger.flagged:
            return False
        if flt.mandatory and u["id"] not in ledger.mandatory:
            return False
        if flt.past_design_life:
            born, life = u["commissioning_date"], u["design_life_years"]
            if born is None or life is None or (today - born).days < life * 365.25:
                return False
        return True

    return keep


def expected(ledger: Ledger, flt: LedgerFilter, today: dt.date) -> tuple[list[int], int]:
    """The matching unit ids in the table's order, and the pieces (台/套) they hold."""
    keep = _keeps(ledger, flt, today)
    found = [u for u in ledger.units if keep(u)]
    column = _SORT_COLUMN.get(flt.sort_key, "id")
    found.sort(key=lambda u: u["id"])
    found.sort(key=lambda u: (u[column] is not None, u[column] if u[column] is not None else 0))
    if flt.descending:
        found.reverse()
    return [u["id"] for u in found], sum(u["quantity"] for u in found)
