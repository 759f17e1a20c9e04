"""Fields grading needs that the rows of an import lack, column by column, said before the rows are stored.

A ledger may store every row and still leave units ungraded because a column is missing or blank (the
transformer type, a pump's speed). The import report names, per category and field, how many of that
category's rows lack it, so the enterprise can fill the column in before the county receives it. Values the
model designation gave count as present (they are marked as derived).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import efficiency_tables as et
from equipinv import labels
from equipinv.exchange.columns import header_of


@dataclass(frozen=True)
class GradingGap:
    """`rows` of the `of` rows of `category` lack `field`, which its grading needs."""

    category: str
    field: str
    rows: int
    of: int

    @property
    def message(self) -> str:
        category = labels.label("category", self.category)
        return (f"{category}：{self.of} 行中 {self.rows} 行缺少“{header_of(self.field)}”，这些设备无法分级 "
                f"(warning: {self.rows} of {self.of} {self.category} rows lack {self.field}, which grading needs)")

    def to_dict(self) -> dict[str, Any]:
        return {"category": self.category, "category_label": labels.label("category", self.category),
                "field": self.field, "field_label": header_of(self.field), "rows": self.rows, "of": self.of,
                "message": self.message}


def grading_gaps(rows: list[dict[str, Any]]) -> list[GradingGap]:
    """The gaps of validated rows (`validate_equipment` records), by category then the table's field order."""
    counts = Counter(row["category"] for row in rows if row.get("category") in et.PARAMETERS)
    lacking: Counter[tuple[str, str]] = Counter()
    for row in rows:
        params = et.PARAMETERS.get(row.get("category", ""))
        if not params:
            continue
        extra = row.get("rating_params") or {}
        for p in params:
            if p.required and row.get(p.name, extra.get(p.name)) in (None, ""):
                lacking[row["category"], p.name] += 1
    return [GradingGap(category, p.name, lacking[category, p.name], counts[category])
            for category in et.PARAMETERS if counts[category]
            for p in et.PARAMETERS[category] if lacking[category, p.name]]
