"""The plans' 2027 targets and key industries as data: which plans cover a region, what each target says.

The texts are quoted in `data/plan_targets.toml`; the industry names the plans use are mapped to GB/T 4754
codes in `data/industry_names.toml` (equipinv's reading, said so in the file). Both load once.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from equipinv import codes


@dataclass(frozen=True)
class PlanTarget:
    """One target sentence of a plan: the metric equipinv computes for it and the number it sets, if any."""

    metric: str
    year: int
    threshold: float | None
    quote: str


@dataclass(frozen=True)
class CampaignPlan:
    """A regional plan of the campaign with its key industries and targets."""

    id: str
    region_code: str
    document: str
    key_industries: tuple[str, ...]
    key_industries_quote: str
    targets: tuple[PlanTarget, ...]

    @property
    def region_name(self) -> str:
        return codes.region(self.region_code).name

    def industry_prefixes(self) -> tuple[str, ...]:
        """GB/T 4754 code prefixes of the plan's key industries (unmapped names contribute none)."""
        names = industry_names()
        return tuple(sorted({p for name in self.key_industries for p in names.get(name, ())}))

    def unmapped_industries(self) -> tuple[str, ...]:
        names = industry_names()
        return tuple(n for n in self.key_industries if not names.get(n))


def _load(name: str) -> dict[str, Any]:
    return tomllib.loads(files("equipinv.targets").joinpath("data", name).read_text(encoding="utf-8"))


@cache
def campaign_plans() -> tuple[CampaignPlan, ...]:
    plans = []
    for p in _load("plan_targets.toml")["plan"]:
        targets = tuple(PlanTarget(t["metric"], int(t["year"]), t.get("threshold"), t["quote"]) for t in p["target"])
        plans.append(CampaignPlan(p["id"], p["region"], p["document"], tuple(p["key_industries"]),
                                  p["key_industries_quote"], targets))
    return tuple(plans)


@cache
def industry_names() -> dict[str, tuple[str, ...]]:
    return {name: tuple(prefixes) for name, prefixes in _load("industry_names.toml")["names"].items()}


@dataclass(frozen=True)
class KeyEnergyUserRule:
    """重点用能单位 by annual energy use: the national threshold and the band a province may designate."""

    threshold_tce: float
    designation_band_tce: float
    source: str

    def status(self, annual_energy_tce: float | None) -> str:
        """"key" (≥ threshold), "designable" (within the designation band), "no", or "unknown" (no figure)."""
        if annual_energy_tce is None:
            return "unknown"
        if annual_energy_tce >= self.threshold_tce:
            return "key"
        return "designable" if annual_energy_tce >= self.designation_band_tce else "no"


@cache
def key_energy_user_rule() -> KeyEnergyUserRule:
    rule = _load("industry_names.toml")["key_energy_user"]
    return KeyEnergyUserRule(float(rule["threshold_tce"]), float(rule["designation_band_tce"]), rule["source"])


@dataclass(frozen=True)
class NevDefinition:
    """The fuel kinds that make a vehicle 新能源汽车, with the definition's quote and source."""

    fuels: tuple[str, ...]
    quote: str
    source: str


@cache
def nev_definition() -> NevDefinition:
    nev = _load("vehicles.toml")["new_energy_vehicle"]
    return NevDefinition(tuple(nev["fuels"]), nev["quote"], nev["source"])


def plans_covering(region_code: str) -> tuple[CampaignPlan, ...]:
    """The plans whose region is `region_code` or one of its ancestors, the most local first."""
    chain = [r.code for r in codes.region_chain(region_code)]
    covering = [p for p in campaign_plans() if p.region_code in chain]
    return tuple(sorted(covering, key=lambda p: chain.index(p.region_code)))


def in_key_industry(industry_code: str, prefixes: tuple[str, ...]) -> bool:
    return any(industry_code.startswith(p) for p in prefixes)
