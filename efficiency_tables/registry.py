"""The standards and editions behind each category (data/editions.toml), and the edition in force on a date.

Tables load lazily, once per process, the first time an edition is used.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib.resources import files

from .tables import Table


@dataclass(frozen=True)
class MetricSpec:
    name: str
    unit: str
    direction: str  # "higher" or "lower" is better


@dataclass(frozen=True)
class Edition:
    index: int
    category: str
    standard: str
    edition: str
    title: str
    in_force_from: date | None
    in_force_until: date | None
    date_source: str
    status: str  # "encoded" or "missing"
    file: str = ""
    keys: tuple[str, ...] = ()
    dims: tuple[str, ...] = ()
    rules: dict[str, str] = field(default_factory=dict)
    metrics: tuple[MetricSpec, ...] = ()
    thresholds: str = "plain"
    between_rule: str = ""
    rule_sourced: bool = False
    between_rule_text: str = ""
    confidence: str = ""
    notes: str = ""
    missing_reason: str = ""
    unencoded: dict[str, list[str]] = field(default_factory=dict)  # key -> codes of parts not encoded
    unencoded_reason: str = ""

    @property
    def label(self) -> str:
        return f"{self.standard}-{self.edition}"

    def in_force_on(self, on: date) -> bool:
        return (self.in_force_from is None or self.in_force_from <= on) and \
            (self.in_force_until is None or on <= self.in_force_until)

    @property
    def table(self) -> Table:
        return _table(self.index)

    def value_columns(self) -> tuple[str, ...]:
        if self.thresholds == "pump_formula":
            return ("ci",)
        if self.thresholds == "offset_eta_db":
            return ("offset_pct_points",)
        if self.thresholds == "row_metric":
            return ("value",)
        return tuple(m.name for m in self.metrics)


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


@cache
def editions() -> tuple[Edition, ...]:
    text = files("efficiency_tables").joinpath("data").joinpath("editions.toml").read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    out = []
    for i, e in enumerate(raw["edition"]):
        out.append(Edition(
            index=i, category=e["category"], standard=e["standard"], edition=e["edition"], title=e["title"],
            in_force_from=_date(e["in_force_from"]), in_force_until=_date(e["in_force_until"]),
            date_source=e["date_source"], status=e["status"], file=e.get("file", ""),
            keys=tuple(e.get("keys", ())), dims=tuple(e.get("dims", ())), rules=dict(e.get("rules", {})),
            metrics=tuple(MetricSpec(**m) for m in e.get("metrics", ())), thresholds=e.get("thresholds", "plain"),
            between_rule=e.get("between_rule", ""), rule_sourced=e.get("rule_sourced", False),
            between_rule_text=e.get("between_rule_text", ""), confidence=e.get("confidence", ""),
            notes=e.get("notes", ""), missing_reason=e.get("missing_reason", ""),
            unencoded=dict(e.get("unencoded", {})), unencoded_reason=e.get("unencoded_reason", "")))
    return tuple(out)


@cache
def _table(index: int) -> Table:
    e = editions()[index]
    extras: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()
    if e.thresholds == "pump_formula":
        extras = ("formula_a", "formula_b", "formula_c", "formula_d", "formula_e")
    elif e.thresholds == "row_metric":
        extras, texts = ("gate1_min", "gate2_min"), ("metric", "gate1_metric", "gate2_metric")
    return Table.load(e.file, e.keys, e.dims, e.value_columns(), e.rules, extras, texts)


def editions_of(category: str) -> tuple[Edition, ...]:
    return tuple(e for e in editions() if e.category == category)


def edition_on(category: str, on: date) -> Edition | None:
    """The edition in force on `on` (encoded or not), or None if no edition is known for that date."""
    for e in editions_of(category):
        if e.in_force_on(on):
            return e
    return None


@dataclass(frozen=True)
class Category2024:
    category: str
    product_cn: str
    product_en: str
    standard: str
    in_2024_list: str  # confirmed / candidate / unknown
    encoded: str  # yes / partial / no
    note: str
    source: str


@cache
def categories_2024() -> tuple[Category2024, ...]:
    text = files("efficiency_tables").joinpath("data").joinpath("categories_2024.csv").read_text(encoding="utf-8")
    return tuple(Category2024(**row) for row in csv.DictReader(text.splitlines()))


# The Chinese product names of the categories, as this package's own data file gives them (the same
# codes as equipinv's category registry, which the tests hold together; this package imports nothing of ours).
CATEGORY_LABELS: dict[str, str] = {row.category: row.product_cn for row in categories_2024() if row.category}
