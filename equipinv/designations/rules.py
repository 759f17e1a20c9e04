"""The designation rules as shipped in `data/designations.toml`, loaded once and compiled.

The rules are data (grammars, code tables, sources); this module only reads them and hands each
category's section to the decoder with its regular expressions compiled and its sources resolved.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    kind: str  # standard | convention
    checked: str  # yes | title | no

    def to_dict(self) -> dict[str, str]:
        return {"key": self.key, "title": self.title, "kind": self.kind, "checked": self.checked}


@cache
def _data() -> dict[str, Any]:
    text = files("equipinv.designations").joinpath("data/designations.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def sources() -> dict[str, Source]:
    return {key: Source(key, s["title"], s["kind"], s["checked"]) for key, s in _data()["sources"].items()}


def source(key: str) -> Source:
    return sources()[key]


def version() -> str:
    return str(_data()["meta"]["version"])


@cache
def section(name: str) -> dict[str, Any]:
    """One category's rules; `grammar`-like strings compiled to patterns under the same keys."""
    raw = dict(_data()[name])
    for key in ("grammar", "grammar_old", "voltage"):
        if isinstance(raw.get(key), str):
            raw[key] = re.compile(raw[key])
    if name == "motor":  # longest series code first: YBK2 before YB before Y
        raw["series"] = sorted(raw["series"], key=lambda s: -len(s["code"]))
        raw["frames"] = frozenset(raw["frames"])
    if name == "transformer":
        raw["letter"] = {item["code"]: item for item in raw["letter"]}
    if name == "pump":  # several grammars, tried in order
        raw["grammar"] = [dict(g, regex=re.compile(g["regex"])) for g in raw["grammar"]]
    return raw


@cache
def category_sections() -> dict[str, str]:
    """Ledger category -> the rule section that decodes it."""
    names = ("motor", "transformer", "fan", "pump", "boiler", "air_compressor")
    return {category: name for name in names for category in _data()[name]["categories"]}
