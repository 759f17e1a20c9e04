"""Catalogue items only a person can judge (hazardous-chemicals processes, coal-mine materials, ...),
confirmed on a unit by hand so they enter the elimination list and the closure loop like any other.

The matcher never answers these rows (`catalog.manual_specs`); the confirmation is stored as a finding
of that row, with who confirmed it and when, and a re-check leaves it alone (`checking.manual_rule_ids`).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from sqlmodel import Session, select

import catalog

from equipinv.bureau.closure import ClosureError
from equipinv.checking import CheckSummary, store_findings
from equipinv.ledger import audit
from equipinv.models import Enterprise, Equipment, Finding, utcnow


class ManualFindingError(ClosureError):
    """A confirmation the rules refuse (unknown or draft row, a unit outside the row's categories...)."""


def _region(session: Session, unit: Equipment) -> str | None:
    owner = session.get(Enterprise, unit.enterprise_id)
    return owner.region_code if owner is not None else None


@lru_cache(maxsize=1)
def manual_rules() -> dict[str, catalog.Spec]:
    return {s.rule_id: s for s in catalog.manual_specs()}


def confirm_manual(session: Session, unit: Equipment, rule_id: str, *, confirmed_by: str, on: dt.date,
                   actor: str | None = None) -> Finding:
    """Record that a person checked `unit` against the manual catalogue row `rule_id` and it applies."""
    assert unit.id is not None
    spec = manual_rules().get(rule_id.strip())
    if spec is None:
        known = "、".join(manual_rules())
        raise ManualFindingError(f'人工核对条目 "{rule_id}" 不存在或为征求意见稿（可选：{known}） '
                                 f'(error: "{rule_id}" is not an in-force catalogue row judged by hand)')
    if unit.category not in spec.categories:
        raise ManualFindingError(f'设备 "{unit.asset_no}" 的类别 "{unit.category}" 不属于 {spec.rule_id} 的适用类别 '
                                 f'({"、".join(sorted(spec.categories))}) (error: category does not fit the row)')
    if not confirmed_by.strip():
        raise ManualFindingError(f'核对人 "{confirmed_by}" 不能为空 (error: the person who confirmed it is required)')
    if on > dt.date.today():
        raise ManualFindingError(f'核对日期 "{on}" 晚于今天 (error: confirmation date "{on}" is in the future)')
    if session.exec(select(Finding).where(Finding.equipment_id == unit.id, Finding.rule_id == spec.rule_id)).first():
        raise ManualFindingError(f'设备 "{unit.asset_no}" 已登记 {spec.rule_id} (error: already confirmed)')
    label = "立即" if spec.immediate else (spec.deadline.isoformat() if spec.deadline else None)
    row = {"equipment_id": unit.id, "rule_id": spec.rule_id, "catalogue_id": spec.document.id,
           "catalogue_version": catalog.CATALOGUE_VERSION, "kind": spec.kind, "outcome": "match",
           "citation": spec.citation, "reason": f"{spec.reason}（人工核对：{confirmed_by.strip()}，{on.isoformat()}）",
           "deadline": spec.deadline, "deadline_label": label,
           "replacement": catalog.replacement_text(spec, _region(session, unit)) or None,
           "missing_fields": [], "checked_at": utcnow()}
    store_findings(session, {k: [v] for k, v in row.items()}, CheckSummary(as_of=on))
    audit(session, "confirm", "finding", None, {"rule_id": spec.rule_id, "by": confirmed_by.strip()},
          actor=actor, enterprise_id=unit.enterprise_id)
    found = session.exec(select(Finding).where(Finding.equipment_id == unit.id, Finding.rule_id == spec.rule_id)).one()
    return found
