"""What the unit screens do to the database, without Textual: load a unit's full picture, save, add, retire.

Every change goes through `equipinv.ledger` (validated, audited, optimistic locking), and the unit is
re-graded (`grading.grade_one`) and re-checked (`checking.check_one`) in the same transaction, so the
screen shows the new grade and findings the moment the save returns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

import efficiency_tables as et
from equipinv import checking, grading, ledger
from equipinv.db import session_scope
from equipinv.models import EliminationRecord, Enterprise, Equipment, Finding, Project, Site

ACTOR = "tui"


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


def load_unit(engine: sa.Engine, unit_id: int, *, today: dt.date | None = None) -> UnitView:
    """The unit, its enterprise, site, findings, elimination record and its grade explained."""
    with Session(engine, expire_on_commit=False) as session:
        unit = session.get(Equipment, unit_id)
        if unit is None:
            raise ledger.NotFound(f"设备 {unit_id} 不存在或已删除 (error: unit {unit_id} not found)")
        enterprise = session.get(Enterprise, unit.enterprise_id)
        assert enterprise is not None
        site = session.get(Site, unit.site_id) if unit.site_id else None
        project = session.get(Project, unit.project_id) if unit.project_id else None
        findings = list(session.exec(select(Finding).where(Finding.equipment_id == unit_id)
                                     .order_by(Finding.kind, Finding.rule_id)))
        record = session.exec(select(EliminationRecord).where(EliminationRecord.equipment_id == unit_id)).first()
        grade = et.grade_unit(unit.category, grading.unit_parameters(unit), on=today or dt.date.today())
        return UnitView(unit, enterprise, site.name if site else None, project.name if project else None,
                        findings, record, grade)


def _regrade(session: Session, unit: Equipment, today: dt.date | None) -> None:
    grading.grade_one(session, unit, on=today)
    checking.check_one(session, unit, as_of=today)


def save_unit(engine: sa.Engine, unit_id: int, raw: Mapping[str, object], *, expected_version: int,
              today: dt.date | None = None) -> dict[str, tuple[Any, Any]]:
    """Edit a unit (refused if someone saved it since `expected_version`), then grade and check it."""
    with session_scope(engine) as session:
        unit = session.get(Equipment, unit_id)
        if unit is None:
            raise ledger.NotFound(f"设备 {unit_id} 不存在或已删除 (error: unit {unit_id} not found)")
        changes = ledger.edit_equipment(session, unit, raw, actor=ACTOR, expected_version=expected_version)
        if changes:
            _regrade(session, unit, today)
        return changes


def add_unit(engine: sa.Engine, enterprise_id: int, raw: Mapping[str, object], *,
             today: dt.date | None = None) -> int:
    """Add a unit to an enterprise's ledger, grade and check it; returns its id."""
    with session_scope(engine) as session:
        enterprise = ledger.find_enterprise(session, enterprise_id)
        unit = ledger.add_equipment(session, enterprise, raw, actor=ACTOR, today=today)
        _regrade(session, unit, today)
        assert unit.id is not None
        return unit.id


def set_unit_status(engine: sa.Engine, unit_id: int, status: str, *, expected_version: int | None = None,
                    today: dt.date | None = None) -> None:
    """Mark idle, back in use, or retire (eliminated); re-checked unless retired."""
    with session_scope(engine) as session:
        unit = session.get(Equipment, unit_id)
        if unit is None:
            raise ledger.NotFound(f"设备 {unit_id} 不存在或已删除 (error: unit {unit_id} not found)")
        ledger.set_status(session, unit, status, actor=ACTOR, expected_version=expected_version)
        if status != "eliminated":
            _regrade(session, unit, today)


def enterprises(engine: sa.Engine) -> list[tuple[int, str]]:
    """(id, name) of every enterprise, for the "add unit" form."""
    with Session(engine) as session:
        return [(e.id, e.name) for e in session.exec(select(Enterprise).order_by(Enterprise.name))
                if e.id is not None]
