"""Coverage report: every product category of the 2024 benchmark version, what is encoded, what is missing."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .registry import categories_2024, editions_of


@dataclass
class EditionCoverage:
    standard: str
    edition: str
    in_force_from: str | None
    in_force_until: str | None
    status: str  # encoded / missing
    file: str
    rows: int
    tables: list[str]
    confidence: str
    between_rule: str
    between_rule_sourced: bool
    notes: str
    missing_reason: str


@dataclass
class CoverageEntry:
    category: str | None  # the project's category code; None for products outside the project's categories
    product: str
    product_en: str
    standard: str
    in_2024_list: str  # confirmed / candidate / unknown
    encoded: str  # yes / partial / no
    editions: list[EditionCoverage] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def _edition_coverage(category: str) -> list[EditionCoverage]:
    out = []
    for e in editions_of(category):
        rows, tables = 0, []
        if e.status == "encoded":
            rows = len(e.table.rows)
            tables = sorted({r.source["table"] or r.source["clause"] for r in e.table.rows})
        out.append(EditionCoverage(
            e.standard, e.edition, e.in_force_from.isoformat() if e.in_force_from else None,
            e.in_force_until.isoformat() if e.in_force_until else None, e.status, e.file, rows, tables,
            e.confidence, e.between_rule_text, e.rule_sourced, e.notes, e.missing_reason))
    return out


def coverage() -> list[CoverageEntry]:
    """One entry per product of the 2024 benchmark version known to the project (data/categories_2024.csv)."""
    entries = []
    for c in categories_2024():
        eds = _edition_coverage(c.category) if c.category else []
        missing = [e.missing_reason for e in eds if e.status == "missing"]
        if c.note and c.encoded != "yes":
            missing.insert(0, c.note)
        entries.append(CoverageEntry(c.category or None, c.product_cn, c.product_en, c.standard, c.in_2024_list,
                                     c.encoded, eds, missing))
    return entries
