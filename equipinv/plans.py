"""Which stored plan belongs to a scope: the one place that answers "the accepted plan" for a list,
a report, a roll-up, a survey package or the overview.

A plan is made for one scope — an enterprise, a region (GB/T 2260 code) or all enterprises — and is
accepted for that scope only: a new plan supersedes the accepted plan of the same scope and leaves the
others alone. A document of a scope uses the plan of that scope and names it (number and date), so a
county-wide list never silently shows one enterprise's plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import sqlalchemy as sa
from sqlmodel import Session, col, select

from equipinv.models import Plan

SCOPE_KINDS = ("enterprise", "region", "all")


class HasPlanScope(Protocol):
    """What identifies a scope's plan: `lists.Scope` has it, and so has `PlanScope`."""

    @property
    def kind(self) -> str: ...

    @property
    def key(self) -> str | None: ...


@dataclass(frozen=True)
class PlanScope:
    """A scope by its kind and key alone, for callers that do not need its enterprises."""

    kind: str = "all"
    key: str | None = None


def scope_columns(scope: HasPlanScope) -> dict[str, Any]:
    """The Plan columns that record `scope`."""
    if scope.kind not in SCOPE_KINDS:
        raise ValueError(f"unknown plan scope kind {scope.kind!r}")
    return {"scope_kind": scope.kind,
            "enterprise_id": int(scope.key) if scope.kind == "enterprise" and scope.key else None,
            "region_code": scope.key if scope.kind == "region" else None}


def _same_scope(scope: HasPlanScope) -> list[sa.ColumnElement[bool]]:
    columns = scope_columns(scope)
    return [col(Plan.scope_kind) == columns["scope_kind"],
            col(Plan.enterprise_id).is_(None) if columns["enterprise_id"] is None
            else col(Plan.enterprise_id) == columns["enterprise_id"],
            col(Plan.region_code).is_(None) if columns["region_code"] is None
            else col(Plan.region_code) == columns["region_code"]]


def accepted_plan_for(session: Session, scope: HasPlanScope) -> Plan | None:
    """The accepted plan made for exactly this scope (the newest, should several be accepted), or None."""
    return session.exec(select(Plan).where(col(Plan.status) == "accepted", *_same_scope(scope))
                        .order_by(col(Plan.id).desc())).first()


def supersede_others(session: Session, plan: Plan) -> None:
    """`plan` is now the accepted plan of its scope: any other accepted plan of that scope is superseded."""
    scope = PlanScope(plan.scope_kind, str(plan.enterprise_id) if plan.scope_kind == "enterprise"
                      else plan.region_code)
    session.execute(sa.update(Plan).where(col(Plan.id) != plan.id, col(Plan.status) == "accepted",
                                          *_same_scope(scope)).values(status="superseded"))


def plan_reference(plan: Plan) -> str:
    """How a document names the plan it used: "第 7 号（2026-11-22）"."""
    return f"第 {plan.id} 号（{plan.created_at:%Y-%m-%d}）"
