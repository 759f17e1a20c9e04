"""The category vocabulary as catalog needs it: codes, Chinese labels and the aliases ledgers use.

Read from `catalog/data/categories.toml`, the one registry of equipment categories (equipinv reads the
same file for the rest of each entry: fields, grading and savings metrics, price basis).
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files
from typing import Any

CATEGORY_FILE = "categories.toml"


@cache
def category_table() -> dict[str, dict[str, Any]]:
    """Every category entry of the registry, keyed by code, in file order."""
    text = files("catalog").joinpath("data", CATEGORY_FILE).read_text(encoding="utf-8")
    return tomllib.loads(text)


def category_labels() -> dict[str, str]:
    """code -> Chinese label."""
    return {code: entry["label"] for code, entry in category_table().items()}


def category_aliases() -> dict[str, str]:
    """Chinese label or alias -> code."""
    found: dict[str, str] = {}
    for code, entry in category_table().items():
        for name in (entry["label"], *entry.get("aliases", ())):
            found[name] = code
    return found
