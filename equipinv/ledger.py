"""Keeping the ledger: add, edit, idle and retire units and enterprises, each change audited.

The CLI, the TUI and the importers all change stored rows through these functions, so every change
is validated the same way, leaves an `AuditLog` row, and respects optimistic locking (`version`).
Errors are `ValidationFailed` (bad input, nothing changed) or `ConflictError` (someone else saved
first) or `NotFound`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from equipinv import designations
from equipinv.errors import BadInput, Conflict
from equipinv.models import AuditLog, Enterprise, Equipment, Project, Site, utcnow
from equipinv.validation import FieldError, ValidationFailed, validate_enterprise, validate_equipment

# Fields of an equipment record that are stored via a lookup, not as a column.
_REFERENCE_FIELDS = ("site", "project", "parent_asset_no")


class NotFound(BadInput, LookupError):
    """A referenced enterprise or unit does not exist; the message names what was looked for."""

    advice = "请检查后重试"


class ConflictError(Conflict, RuntimeError):
    """The row changed since it was read (its version moved on): the edit is refused, not merged."""

    advice = "请按 Esc 返回，重新打开该设备后再修改"


def audit(
    session: Session,
    action: str,
    table_name: str,
    row_id: int | None,
    changes: Mapping[str, Any],
    *,
    actor: str | None = None,
    enterprise_id: int | None = None,
    submission_id: int | None = None,
) -> None:
    """Record one change; values are made JSON-safe (dates as ISO text)."""
    session.add(
        AuditLog(
            action=action,
            table_name=table_name,
            row_id=row_id,
            actor=actor,
            enterprise_id=enterprise_id,
            submission_id=submission_id,
            changes={k: _json_safe(v) for k, v in changes.items()},
        )
    )


def _json_safe(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value


def find_enterprise(session: Session, key: str | int) -> Enterprise:
    """An enterprise by id, credit code or exact name."""
    text = str(key).strip()
    query = select(Enterprise).where(
        sa.or_(col(Enterprise.credit_code) == text.upper(), col(Enterprise.name) == text)
    )
    if text.isdigit() and len(text) < 18:
        query = select(Enterprise).where(Enterprise.id == int(text))
    found = session.exec(query).first()
    if found is None:
        raise NotFound(f'企业 "{text}" 不存在 (error: enterprise "{text}" not found)')
    return found


def add_enterprise(session: Session, raw: Mapping[str, object], *, actor: str | None = None) -> Enterprise:
    """Create an enterprise; a credit code already stored is refused, not overwritten."""
    clean = validate_enterprise(raw)
    if session.exec(select(Enterprise).where(Enterprise.credit_code == clean["credit_code"])).first():
        raise ValidationFailed(
            [FieldError("credit_code", clean["credit_code"],
                        f'统一社会信用代码 "{clean["credit_code"]}" 已存在 (error: credit code already exists)')]
        )
    enterprise = Enterprise(**clean)
    session.add(enterprise)
    session.flush()
    audit(session, "create", "enterprise", enterprise.id, clean, actor=actor, enterprise_id=enterprise.id)
    return enterprise


def find_equipment(session: Session, enterprise: Enterprise, asset_no: str) -> Equipment:
    """A unit by its asset number within an enterprise."""
    found = session.exec(
        select(Equipment).where(Equipment.enterprise_id == enterprise.id, Equipment.asset_no == asset_no.strip())
    ).first()
    if found is None:
        raise NotFound(
            f'企业 {enterprise.name} 没有资产编号为 "{asset_no}" 的设备 (error: no unit with asset number "{asset_no}")'
        )
    return found


def _site_id(session: Session, enterprise_id: int, name: str) -> int:
    site = session.exec(select(Site).where(Site.enterprise_id == enterprise_id, Site.name == name)).first()
    if site is None:
        site = Site(enterprise_id=enterprise_id, name=name)
        session.add(site)
        session.flush()
    assert site.id is not None
    return site.id


def _project_id(session: Session, enterprise_id: int, name: str) -> int:
    project = session.exec(
        select(Project).where(Project.enterprise_id == enterprise_id, Project.name == name)
    ).first()
    if project is None:
        project = Project(enterprise_id=enterprise_id, name=name)
        session.add(project)
        session.flush()
    assert project.id is not None
    return project.id


def _resolve_references(session: Session, enterprise: Enterprise, clean: dict[str, Any]) -> dict[str, Any]:
    """Site and project names become ids (created on first use); a parent asset number must exist."""
    assert enterprise.id is not None
    columns = {k: v for k, v in clean.items() if k not in _REFERENCE_FIELDS}
    if "site" in clean:
        columns["site_id"] = _site_id(session, enterprise.id, clean["site"])
    if "project" in clean:
        columns["project_id"] = _project_id(session, enterprise.id, clean["project"])
    if "parent_asset_no" in clean:
        try:
            columns["parent_id"] = find_equipment(session, enterprise, clean["parent_asset_no"]).id
        except NotFound as exc:
            raise ValidationFailed([FieldError("parent_asset_no", clean["parent_asset_no"], str(exc))]) from exc
    return columns


def _refuse_taken_asset_no(session: Session, enterprise_id: int | None, asset_no: str) -> None:
    """Asset numbers are unique within an enterprise: say so before the database has to."""
    taken = session.exec(
        select(Equipment.id).where(Equipment.enterprise_id == enterprise_id, Equipment.asset_no == asset_no)
    ).first()
    if taken is not None:
        raise ValidationFailed([FieldError(
            "asset_no", asset_no, f'资产编号 "{asset_no}" 在本企业已存在 (error: asset number "{asset_no}" already exists)')])


def add_equipment(
    session: Session,
    enterprise: Enterprise,
    raw: Mapping[str, object],
    *,
    actor: str | None = None,
    submission_id: int | None = None,
    today: dt.date | None = None,
) -> Equipment:
    """Add one unit; a duplicate asset number within the enterprise is refused with its name."""
    clean = validate_equipment(raw, today=today)
    _refuse_taken_asset_no(session, enterprise.id, clean["asset_no"])
    columns = _resolve_references(session, enterprise, clean)
    unit = Equipment(enterprise_id=enterprise.id, submission_id=submission_id, **columns)  # type: ignore[arg-type]
    session.add(unit)
    session.flush()
    audit(session, "create", "equipment", unit.id, clean, actor=actor,
          enterprise_id=enterprise.id, submission_id=submission_id)
    return unit


def edit_equipment(
    session: Session,
    unit: Equipment,
    raw: Mapping[str, object],
    *,
    actor: str | None = None,
    expected_version: int | None = None,
    submission_id: int | None = None,
    action: str = "update",
) -> dict[str, tuple[Any, Any]]:
    """Change the given fields of a unit; returns {field: (old, new)} of what really changed.

    The update is conditional on the version the editor read, so a concurrent save is refused
    with `ConflictError` instead of silently overwritten.
    """
    clean = validate_equipment(raw, partial=True)
    enterprise = session.get(Enterprise, unit.enterprise_id)
    assert enterprise is not None
    columns = _resolve_references(session, enterprise, clean)
    for merged in ("rating_params", "value_sources", "extra"):  # an edit adds to these mappings, never drops keys
        if merged in columns:
            columns[merged] = {**getattr(unit, merged), **columns[merged]}
    columns = designations.rederive(unit.model_dump(), clean, columns)  # derived values follow the model
    if "asset_no" in columns and columns["asset_no"] != unit.asset_no:
        _refuse_taken_asset_no(session, unit.enterprise_id, columns["asset_no"])
    changes = {k: (getattr(unit, k), v) for k, v in columns.items() if getattr(unit, k) != v}
    if not changes:
        return {}
    version = expected_version if expected_version is not None else unit.version
    values = {k: new for k, (_old, new) in changes.items()}
    values |= {"version": version + 1, "updated_at": utcnow()}
    if submission_id is not None:
        values["submission_id"] = submission_id
    result = session.execute(
        sa.update(Equipment)
        .where(col(Equipment.id) == unit.id, col(Equipment.version) == version)
        .values(**values)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise ConflictError(
            f"设备 {unit.asset_no} 已被他人修改（版本 {version} 已过期），请重新打开后再保存 "
            f"(error: unit {unit.asset_no} was changed by someone else; reload and save again)"
        )
    session.refresh(unit)
    audit(session, action, "equipment", unit.id, {k: [o, n] for k, (o, n) in changes.items()},
          actor=actor, enterprise_id=unit.enterprise_id, submission_id=submission_id)
    return changes


def set_status(session: Session, unit: Equipment, status: str, *, actor: str | None = None,
               expected_version: int | None = None) -> None:
    """Mark a unit in use, idle or eliminated (retire); audited like any edit."""
    edit_equipment(session, unit, {"status": status}, actor=actor, expected_version=expected_version,
                   action="retire" if status == "eliminated" else "update")
