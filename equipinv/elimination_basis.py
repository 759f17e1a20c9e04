"""Which findings make a unit a legal elimination, of which kind, and by when.

A finding is a *legal* elimination when a law, an elimination catalogue, a mandatory standard or a
plan's named elimination condemns the unit: catalogue items (MIIT batches, the 2024 industrial-structure
catalogue), the coal-mine and hazardous-chemicals banned lists, the mandatory scrapping ages of vehicles,
the operating trucks the plans name (国四及以下营运柴油货车, 国一营运汽油货车), units below the access level
(准入水平, the current mandatory minimum) and a failed safety assessment. Everything else a plan
replaces is an *encouraged* renewal (鼓励更新): the optimiser's economic or energy-saving choices, the
vehicle guidance mileage (第七条, "可引导报废"), advisory catalogue rows. The two never mix: the
elimination list and the closure loop hold the first, the renewal list the second.

The timetable (淘汰时间表) always names a year: the stored plan's year where the plan schedules the unit,
else the finding's own deadline, else the end of the campaign with that basis said.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

#: The campaign's end year: 国发〔2024〕7号 and the Shanxi / Lüliang plans set their targets "到2027年".
#: (The same choice as `equipinv.planner.CAMPAIGN_END_YEAR`, which the planner uses for deadlines.)
CAMPAIGN_END_YEAR = 2027
CAMPAIGN_BASIS = "国发〔2024〕7号行动期限（到2027年）"

#: Basis kinds of the elimination list, in the order rows and subtotals are printed (the strongest first).
BASIS_KINDS: dict[str, str] = {
    "catalogue": "淘汰目录",
    "coal_mine": "煤矿禁用目录",
    "hazchem": "危化品淘汰目录",
    "scrap_age": "强制报废年限",
    "emission": "排放标准淘汰（营运货车）",
    "safety_failed": "安全评估不合格",
    "below_access": "低于准入水平",
}

#: Rules of rules.toml (by rule id, before any ".vehicle_type" suffix) and the legal kind they carry.
_RULE_KINDS = {"vehicle-scrap-age": "scrap_age", "diesel-truck-china4": "emission",
               "petrol-truck-china1": "emission", "benchmark-below-access": "below_access"}
#: Catalogue documents by id prefix.
_CATALOGUE_KINDS = (("miit_", "catalogue"), ("ind", "catalogue"), ("coal_", "coal_mine"), ("hazchem_b1", "hazchem"))
#: The rules whose finding asks for a safety assessment, not an elimination (Qinshui pressure vessels, elevators).
SAFETY_RULES = ("pressure-vessel-design-life", "elevator-old")
#: Rules with no sourced threshold whose question only the assessment answers (old elevators: "cannot decide").
ASSESSMENT_DECIDES = ("elevator-old",)


class FindingLike(Protocol):
    rule_id: str
    catalogue_id: str
    kind: str
    outcome: str
    citation: str
    reason: str
    deadline: dt.date | None
    deadline_label: str | None


def rule_base(rule_id: str) -> str:
    """"vehicle-scrap-age.truck_heavy" -> "vehicle-scrap-age"."""
    return rule_id.split(".", 1)[0]


def basis_kind(rule_id: str, catalogue_id: str, kind: str, outcome: str = "match") -> str | None:
    """The legal kind of one finding, or None when it does not condemn the unit by law."""
    if outcome != "match":
        return None
    base = rule_base(rule_id)
    if base in _RULE_KINDS:
        return _RULE_KINDS[base]
    if kind != "mandatory":  # advisory catalogue rows, guidance mileage, safety assessments
        return None
    for prefix, legal in _CATALOGUE_KINDS:
        if catalogue_id.startswith(prefix):
            return legal
    return "catalogue"


def legal_findings(findings: Iterable[FindingLike]) -> list[tuple[str, FindingLike]]:
    """(kind, finding) for every finding that condemns the unit, strongest kind first."""
    order = list(BASIS_KINDS)
    found = [(k, f) for f in findings if (k := basis_kind(f.rule_id, f.catalogue_id, f.kind, f.outcome))]
    return sorted(found, key=lambda pair: order.index(pair[0]))


def needs_assessment(findings: Iterable[FindingLike]) -> list[FindingLike]:
    """The findings that call for a safety assessment (the unit goes only if it fails it)."""
    return [f for f in findings if rule_base(f.rule_id) in SAFETY_RULES
            and (f.outcome == "match" or rule_base(f.rule_id) in ASSESSMENT_DECIDES)]


@dataclass(frozen=True)
class Timetable:
    """淘汰时间表 of one row: the year it names and what that year rests on."""

    year: int
    text: str
    source: str  # plan | deadline | immediate | campaign


def timetable(findings: list[FindingLike], plan_year: int | None, plan_id: int | None, today: dt.date) -> Timetable:
    """The plan's year where the plan schedules the unit, else the finding's deadline, else the campaign end."""
    if plan_year is not None:
        return Timetable(plan_year, f"{plan_year}年底前（第{plan_id}号更新计划安排）", "plan")
    deadlines = sorted(f.deadline for f in findings if f.deadline)
    if deadlines:
        first = deadlines[0]
        if first <= today:
            return Timetable(today.year, f"{today.year}年立即淘汰（期限 {first.isoformat()} 已到）", "immediate")
        return Timetable(first.year, f"{first.year}年（{first.isoformat()}前，依据规定期限）", "deadline")
    if any(f.deadline_label == "立即" for f in findings):
        return Timetable(today.year, f"{today.year}年立即淘汰（目录规定立即淘汰）", "immediate")
    return Timetable(CAMPAIGN_END_YEAR, f"{CAMPAIGN_END_YEAR}年底前（依据未定期限，按{CAMPAIGN_BASIS}）", "campaign")
