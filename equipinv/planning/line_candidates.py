"""Renewal and retrofit candidates for production lines below 基准: the finding, and its capacity-weighted effect.

A line whose unit-product energy use is worse than its kind's 基准 (or, where the 2023 document's values are
missing, the limit standard's grade 3, as `line_benchmarks` says on every grade) is a finding with the document's
deadline. It gets two candidates: a retrofit to 基准 (the least the document asks) and a renewal to 标杆. The
effect is capacity-weighted: tce saved per year = capacity (t/a) × (current − target kgce/t) / 1000.

Cost: no sourced price exists for retrofitting a coke oven or a clinker line, so a candidate's investment is
the one the enterprise declared for that line (`DeclaredNeed.line_name`, the same action kind), else missing,
and said so. Lines therefore are listed beside the budgeted unit schedule, never inside it: the unit path
(`planner.make_plan`, columnar) is untouched, and a plan stores its line candidates with its inputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from equipinv.line_benchmarks import line_kinds
from equipinv.lists import Scope
from equipinv.models import DeclaredNeed, Enterprise, ProductionLine
from equipinv.production_lines import grade_of, lines_where

CAMPAIGN_END_YEAR = 2027  # as the planner: a finding without a sourced deadline is due by the campaign's end
LINE_ACTIONS = {"retrofit_to_baseline": "技术改造至基准水平", "renew_to_benchmark": "更新改造至标杆水平"}
_NEED_ACTIONS = {"retrofit_to_baseline": ("retrofit",), "renew_to_benchmark": ("renewal",)}


@dataclass(frozen=True)
class LineCandidate:
    """One action for one line below 基准, with its effect and, where the enterprise declared one, its cost."""

    line_id: int
    enterprise_id: int
    enterprise: str
    line: str
    kind: str
    kind_label: str
    capacity_t_a: float
    current_kgce_t: float
    energy_year: int | None
    action: str
    action_label: str
    target_kgce_t: float
    annual_saving_tce: float
    year: int  # the plan year it is due in: the deadline's, never before the first plan year
    deadline: str | None  # the document's deadline text for this kind (or "deadline not sourced")
    basis: str
    investment_yuan: float | None
    cost_source: str | None  # where the investment comes from; None with `missing` saying why

    @property
    def missing(self) -> str | None:
        return None if self.investment_yuan is not None else (
            "无改造投资来源：企业未为该生产线申报同类需求的投资，生产线改造无有来源的单价 "
            "(no investment: none declared for this line, and no sourced unit price)")

    @property
    def finding(self) -> str:
        return (f"{self.enterprise}{self.line}（{self.kind_label}）{self.current_kgce_t:g} kgce/t"
                f"（{self.energy_year}年）低于基准，{self.deadline}")

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "missing": self.missing, "finding": self.finding}


def scope_condition(kind: str, key: str | None, enterprise_ids: Sequence[int]) -> sa.ColumnElement[bool]:
    """A plan scope (`lists.Scope`) as a SQL condition on the enterprise, by its region for a region
    (never an id list of a province's enterprises)."""
    from equipinv import codes

    if kind == "region" and key:
        return col(Enterprise.region_code).in_(codes.region_descendants(key))
    if kind == "enterprise" and key:
        return col(Enterprise.id) == int(key)
    return sa.true() if kind == "all" else col(Enterprise.id).in_(list(enterprise_ids))


DeclaredLineNeeds = dict[tuple[int, str, str], DeclaredNeed]


def declared_line_needs(session: Session, condition: sa.ColumnElement[bool]) -> DeclaredLineNeeds:
    """The enterprises' declared line needs by (enterprise, line name, need action)."""
    query = (select(DeclaredNeed).join(Enterprise, col(Enterprise.id) == col(DeclaredNeed.enterprise_id))
             .where(condition, col(DeclaredNeed.line_name).is_not(None)).order_by(col(DeclaredNeed.id)))
    return {(n.enterprise_id, str(n.line_name), n.action): n for n in session.exec(query)}


def declared_cost(needs: DeclaredLineNeeds, line: ProductionLine, action: str) -> tuple[float | None, str | None]:
    """The investment the enterprise declared for this line and kind of action, with where it comes from."""
    need = next((needs[k] for a in _NEED_ACTIONS[action] if (k := (line.enterprise_id, line.name, a)) in needs), None)
    if need is None or need.investment_yuan is None:
        return None, None
    return need.investment_yuan, f"企业申报需求（{need.reason}）"


def line_candidates(session: Session, condition: sa.ColumnElement[bool], *, first_year: int) -> list[LineCandidate]:
    """Every candidate for the lines below 基准 of the enterprises matching `condition`, line by line."""
    needs = declared_line_needs(session, condition)
    out: list[LineCandidate] = []
    for line, enterprise in lines_where(session, condition):
        grade = grade_of(line)
        if grade.level != "below_baseline" or grade.value is None:
            continue
        assert grade.baseline is not None and grade.benchmark is not None and line.id is not None
        spec = line_kinds()[line.kind]
        due = spec.deadline.year if spec.deadline else CAMPAIGN_END_YEAR
        for action, target in (("retrofit_to_baseline", grade.baseline), ("renew_to_benchmark", grade.benchmark)):
            cost, source = declared_cost(needs, line, action)
            out.append(LineCandidate(
                line.id, line.enterprise_id, enterprise.name, line.name, line.kind, spec.name_zh, line.capacity_t_a,
                grade.value, line.energy_year, action, LINE_ACTIONS[action], target,
                round(line.capacity_t_a * (grade.value - target) / 1000.0, 3), max(first_year, due),
                grade.deadline, grade.basis or "", cost, source))
    return out


def candidates_for_scope(session: Session, scope: Scope, *, first_year: int) -> list[LineCandidate]:
    """The line candidates of a plan scope, due no earlier than the plan's first year."""
    return line_candidates(session, scope_condition(scope.kind, scope.key, scope.enterprise_ids), first_year=first_year)
