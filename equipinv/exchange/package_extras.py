"""What a survey package carries beside the ledger: projects, declared needs and the enterprise's plan.

Schema version 2 of the package adds `projects.json` and `needs.json`; `plan.json` (already in version 1)
is now stored at the county as the enterprise's own plan. Writing takes them from the enterprise's
database; storing puts them into the county's, naming units by asset number, so what the county lists
for an enterprise is what the enterprise reported. A version-1 package has no projects or needs: it is
migrated on import by reading both as empty.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from equipinv.ledger import audit
from equipinv.models import DeclaredNeed, Enterprise, Equipment, Plan, PlanItem, Project
from equipinv.plans import supersede_others

PROJECT_KEYS = ("name", "commissioning_date", "is_new_project", "annual_energy_tce", "investment_yuan")
NEED_KEYS = ("line_name", "action", "replacement", "investment_yuan", "planned_year", "reason")
PLAN_SOURCE = "survey_package"


def projects_document(session: Session, enterprise: Enterprise) -> list[dict[str, Any]]:
    return [{k: getattr(p, k) for k in PROJECT_KEYS}
            for p in session.exec(select(Project).where(Project.enterprise_id == enterprise.id).order_by(col(Project.name)))]


def needs_document(session: Session, enterprise: Enterprise) -> list[dict[str, Any]]:
    rows = session.exec(select(DeclaredNeed, Equipment.asset_no)
                        .join(Equipment, col(Equipment.id) == col(DeclaredNeed.equipment_id), isouter=True)
                        .where(DeclaredNeed.enterprise_id == enterprise.id).order_by(col(DeclaredNeed.id)))
    return [{"asset_no": asset_no, **{k: getattr(need, k) for k in NEED_KEYS}} for need, asset_no in rows]


def _date(value: Any) -> dt.date | None:
    """A date from a package's JSON (ISO text) or from a validated sheet (a date already)."""
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def store_projects(session: Session, enterprise: Enterprise, projects: list[dict[str, Any]]) -> None:
    """Create or update the enterprise's projects by name (before the ledger, whose rows name them)."""
    known = {p.name: p for p in session.exec(select(Project).where(Project.enterprise_id == enterprise.id))}
    for given in projects:
        values = {k: given.get(k) for k in PROJECT_KEYS}
        values["commissioning_date"] = _date(values["commissioning_date"])
        values["is_new_project"] = bool(values["is_new_project"])
        name = str(values.pop("name"))
        project = known.get(name) or Project(enterprise_id=int(enterprise.id or 0), name=name)
        for key, value in values.items():
            setattr(project, key, value)
        session.add(project)
    session.flush()


def _unit_ids(session: Session, enterprise: Enterprise) -> dict[str, int]:
    return {a: int(i or 0) for i, a in session.exec(select(Equipment.id, Equipment.asset_no)
                                                    .where(Equipment.enterprise_id == enterprise.id)).all()}


def store_needs(session: Session, enterprise: Enterprise, needs: list[dict[str, Any]], submission_id: int | None) -> None:
    """The package's declared needs replace those of the enterprise's earlier packages (the latest defines them)."""
    units = _unit_ids(session, enterprise)
    session.execute(sa.delete(DeclaredNeed).where(col(DeclaredNeed.enterprise_id) == enterprise.id))
    for given in needs:
        need = DeclaredNeed(enterprise_id=int(enterprise.id or 0), equipment_id=units.get(str(given.get("asset_no"))),
                            action=str(given.get("action")), planned_year=int(given.get("planned_year") or 0),
                            reason=str(given.get("reason") or ""), submission_id=submission_id)
        for key in ("line_name", "replacement", "investment_yuan"):
            setattr(need, key, given.get(key))
        session.add(need)
    session.flush()


def store_enterprise_plan(session: Session, enterprise: Enterprise, document: dict[str, Any],
                          submission_id: int | None) -> int | None:
    """The enterprise's accepted plan as the accepted plan of the enterprise's scope at the county (its earlier
    ones superseded). The same plan arriving again (a package re-sent) is recognised by its creation time."""
    given = document.get("plan")
    if not isinstance(given, dict):
        return None
    created = str(given.get("created_at") or "")
    for plan in session.exec(select(Plan).where(Plan.enterprise_id == enterprise.id, Plan.status == "accepted")):
        if plan.inputs.get("source") == PLAN_SOURCE and plan.inputs.get("created_at_enterprise") == created:
            return plan.id
    units = _unit_ids(session, enterprise)
    plan = Plan(scope_kind="enterprise", enterprise_id=enterprise.id, status="accepted",
                objective=str(given.get("objective") or "npv"), model_version=str(given.get("model_version") or ""),
                inputs={**(given.get("inputs") or {}), "source": PLAN_SOURCE, "created_at_enterprise": created,
                        "submission_id": submission_id})
    for key in ("budgets", "objective_value", "gap", "solver", "table_edition", "catalogue_version"):
        if given.get(key) is not None:
            setattr(plan, key, given[key])
    session.add(plan)
    session.flush()
    supersede_others(session, plan)
    item_keys = [c for c in PlanItem.model_fields if c not in ("id", "plan_id", "equipment_id")]
    for item in document.get("items") or []:
        unit = units.get(str(item.get("asset_no")))
        if unit is None:
            continue  # a unit the ledger no longer holds
        stored = PlanItem(plan_id=int(plan.id or 0), equipment_id=unit, action=str(item.get("action")))
        for key in item_keys:
            if key in item:
                setattr(stored, key, _date(item[key]) if key in ("deadline", "completed_date") else item[key])
        session.add(stored)
    audit(session, "import", "plan", plan.id, {"source": PLAN_SOURCE, "items": len(document.get("items") or [])},
          actor="package", enterprise_id=enterprise.id, submission_id=submission_id)
    return plan.id
