"""Elimination catalogues and retirement rules, and the matcher that applies them.

Public API (stable for equipinv):

- `UnitFacts`: what is known about one unit (canonical field names, all optional).
- `match_unit(unit, as_of=None, horizon_days=0) -> list[Finding]`: every rule that applies to one unit.
- `match_arrays(columns, as_of=None, horizon_days=0) -> MatchArrays`: the same over a whole ledger
  given as column arrays keyed by UnitFacts field names; decode rows with `.finding(k)` / `.findings()`.
- `catalogues() -> list[CatalogueInfo]`, `rule_by_id(rule_id)`, `rules()`, `CATALOGUE_VERSION`;
  `manual_specs()`: the in-force rows only a person can judge (confirmed on a unit by hand)
  (data edition + hash of the data files, for provenance); `replacement_text(spec, region)`: the
  replacement a row's finding prints for an enterprise of that region (a local plan only inside it).
- `facts_from_mapping({'model': 'Y132S1-2', 'made': '2001'})` for KEY=VALUE input.

Age-based rules fire once their date is on or before `as_of + horizon_days`; a finding whose
deadline has passed is labelled "立即". Missing inputs never produce a finding: the rule answers
"cannot_decide" and names the missing fields. The package imports nothing of equipinv; the
benchmark grade comes in as `benchmark_level`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from catalog.facts import CatalogueInfo, Finding, UnitFacts, facts_from_mapping
from catalog.loader import Spec, load, manual_specs, replacement_text
from catalog.rules import evaluate, prepare
from catalog.vector import MatchArrays, columns_from_units, match_columns

__all__ = ["CATALOGUE_VERSION", "CatalogueInfo", "Finding", "MatchArrays", "Spec", "UnitFacts", "catalogues",
           "columns_from_units", "facts_from_mapping", "manual_specs", "match_arrays", "match_unit",
           "replacement_text", "rule_by_id", "rules"]

CATALOGUE_VERSION: str = load().version


def match_unit(unit: UnitFacts, as_of: date | None = None, horizon_days: int = 0) -> list[Finding]:
    """Every finding for one unit, in rule order (catalogue rows first, then the other rules)."""
    day = as_of or date.today()
    u = prepare(unit)
    return [f for s in load().specs if (f := evaluate(s, u, day, horizon_days)) is not None]


def match_arrays(columns: dict[str, Any], as_of: date | None = None, horizon_days: int = 0) -> MatchArrays:
    """Vectorised `match_unit` over a ledger: columns are arrays keyed by UnitFacts field names."""
    return match_columns(columns, as_of or date.today(), horizon_days)


def rules() -> tuple[Spec, ...]:
    """The ordered rule table (MatchArrays.rule_index points into it)."""
    return load().specs


def rule_by_id(rule_id: str) -> Spec | None:
    return next((s for s in load().specs if s.rule_id == rule_id), None)


def catalogues() -> list[CatalogueInfo]:
    """Every citable document with its source, how many rows/rules it has and how many need review."""
    cat = load()
    specs_per_doc: dict[str, int] = {}
    for s in cat.specs:
        specs_per_doc[s.document.id] = specs_per_doc.get(s.document.id, 0) + 1
    return [
        CatalogueInfo(id=d.id, title=d.title, doc_no=d.doc_no, date=d.date, source=d.source,
                      entry_count=cat.entry_rows.get(d.id, specs_per_doc.get(d.id, 0)), confidence=d.confidence,
                      kind=d.kind, status=d.status, note=d.note, manual_entries=cat.manual_rows.get(d.id, 0))
        for d in cat.documents.values()
    ]
