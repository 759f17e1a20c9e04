"""Projects (项目) and the renewal needs an enterprise declares itself (企业自报需求), validated and audited.

The CLI and the TUI add and change both only through these functions, like units through
`equipinv.ledger`: every value is checked with its field named, nothing is stored on a bad value, and
every change leaves an audit row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, col, select

from equipinv.ledger import NotFound, audit, find_equipment
from equipinv.models import DeclaredNeed, Enterprise, Equipment, Project
from equipinv.units import QuantityError, parse_quantity
from equipinv.validation import FieldError, ValidationFailed, parse_date, parse_yes_no

PROJECT_FIELDS: dict[str, str] = {
    "name": "项目名称", "commissioning_date": "项目投产时间", "is_new_project": "新建项目",
    "annual_energy_tce": "年综合能耗", "investment_yuan": "项目总投资",
}
NEED_ACTIONS: dict[str, str] = {
    "renewal": "设备更新", "retrofit": "技术改造", "safety_retrofit": "安全改造", "digital_retrofit": "数字化改造",
    "eliminate": "淘汰",
}
NEED_FIELDS: dict[str, str] = {
    "asset_no": "资产编号", "line_name": "产线/装置", "action": "需求类型", "replacement": "更新设备",
    "investment_yuan": "投资估算", "planned_year": "计划年度", "reason": "需求原因",
}
# A need is planned within the campaign or the years after it that a county plans for.
PLANNED_YEARS = (2024, 2035)


def _bad(field: str, value: object, zh: str, en: str, labels: Mapping[str, str]) -> FieldError:
    name = labels.get(field, field)
    return FieldError(field, str(value), f'{name} "{value}" {zh} (error: {field} "{value}" {en})')


def _quantity(field: str, value: object, unit_field: str, labels: Mapping[str, str]) -> float:
    try:
        number = parse_quantity(unit_field, value)  # type: ignore[arg-type]
    except QuantityError as exc:
        raise ValidationFailed([_bad(field, value, exc.reason_zh, exc.reason_en, labels)]) from exc
    if number < 0:
        raise ValidationFailed([_bad(field, value, "不能为负", "must not be negative", labels)])
    return number


def validate_project(raw: Mapping[str, object], *, today: dt.date, partial: bool = False) -> dict[str, Any]:
    """Clean one project record; `ValidationFailed` naming every bad field."""
    clean: dict[str, Any] = {}
    errors: list[FieldError] = []
    for field, value in raw.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            if field == "name":
                clean[field] = str(value).strip()
            elif field == "commissioning_date":
                try:
                    date = parse_date(value)
                except ValueError:
                    raise ValidationFailed([_bad(field, value, "不是可识别的日期", "is not a date", PROJECT_FIELDS)]) from None
                clean[field] = date  # a new project's commissioning may lie ahead: no "future" check
            elif field == "is_new_project":
                try:
                    clean[field] = parse_yes_no(value)
                except ValueError:
                    raise ValidationFailed([_bad(field, value, "应为 是/否", "must be yes or no", PROJECT_FIELDS)]) from None
            elif field == "annual_energy_tce":
                clean[field] = _quantity(field, value, "annual_energy_tce", PROJECT_FIELDS)
            elif field == "investment_yuan":
                clean[field] = _quantity(field, value, "money_yuan", PROJECT_FIELDS)
            else:
                errors.append(_bad(field, value, f"不是项目字段（可用：{'、'.join(PROJECT_FIELDS.values())}）",
                                   "is not a field of a project", PROJECT_FIELDS))
        except ValidationFailed as exc:
            errors.extend(exc.errors)
    if not partial and "name" not in clean and not any(e.field == "name" for e in errors):
        errors.append(_bad("name", "", "为必填项", "is required", PROJECT_FIELDS))
    if errors:
        raise ValidationFailed(errors)
    return clean


def find_project(session: Session, enterprise: Enterprise, name: str) -> Project:
    found = session.exec(select(Project).where(Project.enterprise_id == enterprise.id,
                                               Project.name == name.strip())).first()
    if found is None:
        raise NotFound(f'企业 {enterprise.name} 没有名为 "{name}" 的项目 (error: no project named "{name}")')
    return found


def add_project(session: Session, enterprise: Enterprise, raw: Mapping[str, object], *, actor: str | None = None,
                today: dt.date | None = None) -> Project:
    """Create a project of `enterprise`; a name it already uses is refused, not overwritten."""
    clean = validate_project(raw, today=today or dt.date.today())
    if session.exec(select(Project).where(Project.enterprise_id == enterprise.id, Project.name == clean["name"])).first():
        raise ValidationFailed([_bad("name", clean["name"], "已存在", "already exists", PROJECT_FIELDS)])
    project = Project(enterprise_id=int(enterprise.id or 0), **clean)
    session.add(project)
    session.flush()
    audit(session, "create", "project", project.id, clean, actor=actor, enterprise_id=enterprise.id)
    return project


def edit_project(session: Session, project: Project, raw: Mapping[str, object], *, actor: str | None = None,
                 today: dt.date | None = None) -> Project:
    """Change the given fields of a project (blank clears an optional one)."""
    clean = validate_project(raw, today=today or dt.date.today(), partial=True)
    cleared = {f for f, v in raw.items() if f != "name" and f in PROJECT_FIELDS and (v is None or str(v).strip() == "")}
    changes: dict[str, Any] = {}
    for field in [*clean, *cleared]:
        new = clean.get(field, False if field == "is_new_project" else None)
        if getattr(project, field) != new:
            changes[field] = {"old": getattr(project, field), "new": new}
            setattr(project, field, new)
    if changes:
        session.add(project)
        audit(session, "update", "project", project.id, changes, actor=actor, enterprise_id=project.enterprise_id)
    return project


def list_projects(session: Session, enterprise: Enterprise | None = None) -> list[Project]:
    query = select(Project).order_by(col(Project.enterprise_id), col(Project.name))
    if enterprise is not None:
        query = query.where(Project.enterprise_id == enterprise.id)
    return list(session.exec(query))


def validate_need(raw: Mapping[str, object]) -> dict[str, Any]:
    """Clean one declared need (the unit is named by its asset number, or a line by its name)."""
    clean: dict[str, Any] = {}
    errors: list[FieldError] = []
    for field, value in raw.items():
        text = "" if value is None else str(value).strip()
        if not text:
            continue
        if field in ("asset_no", "line_name", "replacement", "reason"):
            clean[field] = text
        elif field == "action":
            code = next((c for c, zh in NEED_ACTIONS.items() if text in (c, zh)), None)
            if code is None:
                errors.append(_bad(field, text, f"不是可选值（可选：{'、'.join(NEED_ACTIONS.values())}）",
                                   f"is not one of {', '.join(NEED_ACTIONS)}", NEED_FIELDS))
            else:
                clean[field] = code
        elif field == "planned_year":
            low, high = PLANNED_YEARS
            if not text.isdigit() or not low <= int(text) <= high:
                errors.append(_bad(field, text, f"应为 {low}～{high} 之间的年份", f"must be a year {low}..{high}", NEED_FIELDS))
            else:
                clean[field] = int(text)
        elif field == "investment_yuan":
            try:
                clean[field] = _quantity(field, value, "money_yuan", NEED_FIELDS)
            except ValidationFailed as exc:
                errors.extend(exc.errors)
        else:
            errors.append(_bad(field, text, "不是需求字段", "is not a field of a need", NEED_FIELDS))
    for required in ("action", "planned_year", "reason"):
        if required not in clean and not any(e.field == required for e in errors):
            errors.append(_bad(required, "", "为必填项", "is required", NEED_FIELDS))
    if "asset_no" in clean and "line_name" in clean:
        errors.append(_bad("asset_no", clean["asset_no"], "与产线/装置只能填一个", "and line_name exclude each other",
                           NEED_FIELDS))
    elif "asset_no" not in clean and "line_name" not in clean:
        errors.append(_bad("asset_no", "", "或产线/装置须填一个", "or line_name is required", NEED_FIELDS))
    if errors:
        raise ValidationFailed(errors)
    return clean


def declare_need(session: Session, enterprise: Enterprise, raw: Mapping[str, object], *,
                 actor: str | None = None) -> DeclaredNeed:
    """Record a need the enterprise declares for one of its units or lines."""
    clean = validate_need(raw)
    asset_no = clean.pop("asset_no", None)
    unit_id = find_equipment(session, enterprise, asset_no).id if asset_no else None
    need = DeclaredNeed(enterprise_id=int(enterprise.id or 0), equipment_id=unit_id, **clean)
    session.add(need)
    session.flush()
    audit(session, "create", "declaredneed", need.id, {**clean, "asset_no": asset_no}, actor=actor,
          enterprise_id=enterprise.id)
    return need


def list_needs(session: Session, enterprise: Enterprise | None = None) -> list[tuple[DeclaredNeed, str | None]]:
    """Each declared need with the asset number of its unit (None for a line)."""
    query = (select(DeclaredNeed, Equipment.asset_no)
             .join(Equipment, col(Equipment.id) == col(DeclaredNeed.equipment_id), isouter=True)
             .order_by(col(DeclaredNeed.enterprise_id), col(DeclaredNeed.planned_year), col(DeclaredNeed.id)))
    if enterprise is not None:
        query = query.where(DeclaredNeed.enterprise_id == enterprise.id)
    return [(need, asset_no) for need, asset_no in session.exec(query)]
