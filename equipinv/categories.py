"""The one registry of equipment categories: code, Chinese label, aliases, the fields that describe a
unit (with their canonical units), the metric it is graded by, its savings model and metric, and the
basis its price is quoted on.

The data is `catalog/data/categories.toml` (catalog, which may import nothing of ours, needs the same
vocabulary to read catalogue rows; equipinv may read catalog's data). The ledger's validation and
labels, the TUI's pickers and the reports' labels (through `equipinv.labels`), the savings dispatch and
the catalogue matcher all read it; efficiency_tables keeps the parameters of each benchmark table and
names the same codes, which the tests hold to this registry. The file is located without importing
`catalog` (that would load every catalogue at start-up).
"""

from __future__ import annotations

import importlib.util
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class CategoryField:
    name: str  # the ledger field (canonical name, e.g. rated_power_kw)
    unit: str  # its canonical unit ("" for codes and counts)


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    aliases: tuple[str, ...]
    fields: tuple[CategoryField, ...]
    grading_metric: str  # "" when no benchmark table is encoded
    savings_model: str  # "" when no savings model applies
    savings_metric: str
    price_basis: str  # "" when the default price table has no price
    source: str
    checked_as: str = ""  # mine equipment: the general category whose catalogue rows apply (catalog.facts)


def _registry_file() -> Path:
    spec = importlib.util.find_spec("catalog")
    assert spec is not None and spec.submodule_search_locations, "the catalog package ships with equipinv"
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "categories.toml"


@cache
def registry() -> dict[str, Category]:
    """Every category, keyed by code, in the registry's order."""
    table = tomllib.loads(_registry_file().read_text(encoding="utf-8"))
    return {code: Category(code, e["label"], tuple(e.get("aliases", ())),
                           tuple(CategoryField(*(f.split(" ", 1) + [""])[:2]) for f in e.get("fields", ())),
                           e.get("grading_metric", ""), e.get("savings_model", ""), e.get("savings_metric", ""),
                           e.get("price_basis", ""), e.get("source", ""), e.get("checked_as", ""))
            for code, e in table.items()}


def labels() -> dict[str, str]:
    """code -> Chinese label."""
    return {code: c.label for code, c in registry().items()}


def aliases() -> dict[str, str]:
    """alias -> code (the labels themselves are matched by `equipinv.labels.code_for`)."""
    return {alias: code for code, c in registry().items() for alias in c.aliases}


def with_savings_model(model: str) -> tuple[str, ...]:
    """The codes whose savings the model `model` computes (motor, pump_fan, vehicle, ...)."""
    return tuple(code for code, c in registry().items() if c.savings_model == model)
