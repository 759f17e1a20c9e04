"""Keeping one unit, for every front: load its full picture, add, edit, idle or retire it.

Every change goes through `equipinv.ledger` (validated, audited, optimistic locking) and the unit is
regraded (`grading.grade_one`) and rechecked (`checking.check_one`) in the same transaction, so no edit
path — the CLI's `equipment add/edit/retire`, the TUI's forms, an import's updates (which reassess
through `assessment.reassess_stored`, the same graders in bulk) — leaves a stale grade or finding.
A unit is named by its id (the TUI) or by enterprise and asset number (the CLI): `UnitRef`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

import efficiency_tables as et
from equipinv import checking, grading, ledger
from equipinv.db import session_scope
from equipinv.models import EliminationRecord, Enterprise, Equipment, Finding, Project, Site
from equipinv.services.context import Context

UnitRef = int | tuple[str, str]  # a unit id, or (enterprise id / credit code / name, asset number)


@dataclass
class UnitView:
    """Everything the detail screen shows about one unit."""

    unit: Equipment
    enterprise: Enterprise
    site: str | None
    project: str | None
    findings: list[Finding]
    elimination: EliminationRecord | None
    grade: et.GradeResult | None = None


@dataclass
class EditResult:
    """The unit as stored after the change (graded and checked), and {field: (old, new)} of what changed."""

    unit: Equipment
    changes: dict[str, tuple[Any, Any]]


def find_unit(session: Session, ref: UnitRef) -> Equipment:
    """The unit `ref` names, or `ledger.NotFound` naming it."""
    if isinstance(ref, tuple):
        enterprise_key, asset_no = ref
        return ledger.find_equipment(session, ledger.find_enterprise(session, enterprise_key), asset_no)
    unit = session.get(Equipment, ref)
    if unit is None:
        raise ledger.NotFound(f"设备 {ref} 不存在或已删除 (error: unit {ref} not found)")
    return unit


def reassess(session: Session, ctx: Context, unit: Equipment) -> None:
    """Grade and check a changed unit inside the caller's transaction."""
    grading.grade_one(session, unit, on=ctx.today)
    checking.check_one(session, unit, as_of=ctx.today)


def load_unit(ctx: Context, ref: UnitRef) -> UnitView:
    """The unit, its enterprise, site, findings, elimination record and its grade explained."""
    with Session(ctx.engine, expire_on_commit=False) as session:
        unit = find_unit(session, ref)
        enterprise = session.get(Enterprise, unit.enterprise_id)
        assert enterprise is not None
        site = session.get(Site, unit.site_id) if unit.site_id else None
        project = session.get(Project, unit.project_id) if unit.project_id else None
        findings = list(session.exec(select(Finding).where(Finding.equipment_id == unit.id)
                                     .order_by(Finding.kind, Finding.rule_id)))
        record = session.exec(select(EliminationRecord).where(EliminationRecord.equipment_id == unit.id)).first()
        grade = et.grade_unit(unit.category, grading.unit_parameters(unit), on=ctx.today)
        return UnitView(unit, enterprise, site.name if site else None, project.name if project else None,
                        findings, record, grade)


def edit_unit(ctx: Context, ref: UnitRef, raw: Mapping[str, object], *,
              expected_version: int | None = None) -> EditResult:
    """Change fields of a unit (refused if someone saved it since `expected_version`), then grade and check it."""
    with session_scope(ctx.engine) as session:
        unit = find_unit(session, ref)
        changes = ledger.edit_equipment(session, unit, raw, actor=ctx.actor, expected_version=expected_version)
        if changes and unit.status != "eliminated":
            reassess(session, ctx, unit)
        return EditResult(unit, changes)


def add_unit(ctx: Context, enterprise: int | str, raw: Mapping[str, object]) -> Equipment:
    """Add a unit to an enterprise's ledger (by id, credit code or name), grade and check it."""
    with session_scope(ctx.engine) as session:
        owner = ledger.find_enterprise(session, enterprise)
        unit = ledger.add_equipment(session, owner, raw, actor=ctx.actor, today=ctx.today)
        if unit.status != "eliminated":
            reassess(session, ctx, unit)
        return unit


def set_unit_status(ctx: Context, ref: UnitRef, status: str, *, expected_version: int | None = None) -> Equipment:
    """Mark idle, back in use, or retire (eliminated); rechecked unless retired."""
    with session_scope(ctx.engine) as session:
        unit = find_unit(session, ref)
        ledger.set_status(session, unit, status, actor=ctx.actor, expected_version=expected_version)
        if status != "eliminated":
            reassess(session, ctx, unit)
        return unit


def enterprises(ctx: Context) -> list[tuple[int, str]]:
    """(id, name) of every enterprise, for the "add unit" form."""
    with Session(ctx.engine) as session:
        return [(e.id, e.name) for e in session.exec(select(Enterprise).order_by(Enterprise.name))
                if e.id is not None]
