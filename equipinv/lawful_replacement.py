"""What may replace a condemned unit: never something the same rule would condemn again.

The replacement follows the rule that condemned the unit:

* a banned boiler (the 2024 industrial-structure catalogue bans coal boilers of ≤ 10 t/h, fixed-grate
  coal boilers and biomass boilers of ≤ 2 t/h) is replaced by a lawful heat source: gas, electric, a
  heat-network connection, or biomass above the banned size; never by the same kind of boiler, so the
  plan's same-fuel savings do not apply (`fuel_switch_note` says what is and is not computed);
* a vehicle past its scrapping age or of a condemned emission standard by its lawful successor, a
  China-VI or new-energy vehicle;
* a catalogue item by the catalogue's own replacement text where it gives one;
* a coal-mine banned item by a like item outside the banned lists with the mine-safety mark;
* a unit below the access level by one of at least the energy-saving level.

Each `Replacement` also states the proposed unit as matcher facts (`facts`), so a test can run it
back through the matcher and prove no rule condemns its own replacement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from equipinv import labels
from equipinv.elimination_basis import rule_base

#: The boiler rules of the 2024 industrial-structure catalogue (catalog/data/industry_structure_2024_elimination.csv).
BANNED_BOILER_RULES = ("ind2024-boiler-coal-10t", "ind2024-boiler-fixed-grate", "ind2024-boiler-biomass-2t")
BOILER_OPTIONS = "燃气锅炉、电锅炉、接入集中供热管网，或额定蒸发量大于2 t/h的生物质锅炉（均须达到节能水平及以上，并符合当地禁燃区规定）"
VEHICLE_SUCCESSOR = "国六排放标准或新能源营运货车"
VEHICLE_CATEGORIES = ("truck", "vehicle")
COAL_MINE_SUCCESSOR = "不在禁止井工煤矿使用目录内、取得煤矿矿用产品安全标志的同类设备"


@dataclass(frozen=True)
class Replacement:
    """The replacement a list prints, the proposed unit as matcher facts, and a note on its figures."""

    text: str
    facts: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    new_unit: bool = False
    """The replacement is a new unit: put in service on the day of replacement (age, mileage start at 0)."""


def fuel_switch_note(new_fuel: str = "gas") -> str:
    """Why a banned boiler's row carries no savings figure: they must be computed for the new fuel.

    Seam for the fuel-switch savings (`equipinv.planning.savings`): the energy saved follows from the two
    efficiencies, but the emissions need the CO2 factors of both fuels, and none has been sourced yet
    (`coefficients.fuel_kgco2_per_unit.*`); until they are, the row says so instead of printing the
    same-fuel figures of the plan.
    """
    fuel = labels.label("fuel", new_fuel)
    return (f"燃料替代（原燃料→{fuel}等）：节能量与减排量须按新燃料计算，燃料排放系数缺失"
            f"（coefficients.fuel_kgco2_per_unit），未计算，计划中按原燃料计算的节能量不适用；"
            f"投资按锅炉每蒸吨占位单价（不分燃料）估算")


def is_banned_boiler(rule_id: str) -> bool:
    return rule_base(rule_id) in BANNED_BOILER_RULES


def lawful_replacement(category: str, legal_kind: str, rule_id: str, catalogue_text: str | None) -> Replacement:
    """The replacement for a unit condemned by `rule_id` (legal kind `legal_kind`)."""
    name = labels.label("category", category)
    if is_banned_boiler(rule_id):
        return Replacement(BOILER_OPTIONS, {"category": "boiler", "fuel": "gas", "product_name": "燃气锅炉",
                                            "model": None, "benchmark_level": "energy_saving"}, fuel_switch_note())
    if category in VEHICLE_CATEGORIES:  # any vehicle rule: age, mileage, emission
        return Replacement(VEHICLE_SUCCESSOR, {"emission_standard": "china_6", "fuel": "diesel", "mileage_km": 0.0, "model": None},
                           new_unit=True)
    if legal_kind == "coal_mine":
        return Replacement(COAL_MINE_SUCCESSOR, {"model": None, "product_name": COAL_MINE_SUCCESSOR,
                                                 "benchmark_level": "energy_saving"})
    if legal_kind == "safety_failed":
        return Replacement(f"符合现行安全技术规范的新{name}", {"model": None}, new_unit=True)
    if legal_kind == "below_access":
        return Replacement(f"达到节能水平（2级）及以上的{name}，力争先进水平（1级）",
                           {"model": None, "benchmark_level": "energy_saving"})
    text = catalogue_text or f"不在淘汰目录内、达到节能水平及以上的{name}"
    return Replacement(text, {"model": None, "product_name": text, "benchmark_level": "energy_saving"})
