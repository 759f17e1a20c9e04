"""Safety assessments a rule calls for (Qinshui: pressure vessels at design life or over 20 years in use;
Lüliang: old elevators) and what their outcome does to the closure loop.

The finding sends the unit for assessment; the outcome decides: pass (kept, with the next review date),
repair (kept after repair), replace (failed: the unit becomes a legal elimination of kind
safety_failed and gets an open elimination record, closed like any other by done -> verified).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, select

from equipinv.bureau.closure import ClosureError
from equipinv.elimination_basis import FindingLike, needs_assessment
from equipinv.ledger import audit
from equipinv.models import EliminationRecord, Equipment, Finding, SafetyAssessment, utcnow

OUTCOMES = {"pass": "评估合格", "repair": "维修后继续使用", "replace": "评估不合格，淘汰更换"}


class AssessmentError(ClosureError):
    """An assessment the rules refuse (no finding asks for one, a pass without next review date, ...)."""


@dataclass(frozen=True)
class AssessmentInput:
    outcome: str
    assessed_date: dt.date
    assessor: str
    next_review_date: dt.date | None = None
    report_no: str = ""


def record_assessment(session: Session, unit: Equipment, given: AssessmentInput, *, actor: str | None = None,
                      today: dt.date | None = None) -> SafetyAssessment:
    """Store an assessment of `unit`; a failed one opens the unit's elimination record."""
    assert unit.id is not None
    day = today or dt.date.today()
    found = list(session.exec(select(Finding).where(Finding.equipment_id == unit.id)))
    finding = next(iter(needs_assessment(found)), None)
    if finding is None:
        raise AssessmentError(f'设备 "{unit.asset_no}" 没有要求安全评估的检查结果（先运行 equipinv check） '
                              f'(error: unit "{unit.asset_no}" has no finding that asks for a safety assessment)')
    if given.outcome not in OUTCOMES:
        raise AssessmentError(f'评估结论 "{given.outcome}" 未知（可选：pass 合格、repair 维修、replace 淘汰更换） '
                              f'(error: assessment outcome "{given.outcome}" is unknown)')
    if given.assessed_date > day:
        raise AssessmentError(f'评估日期 "{given.assessed_date}" 晚于今天 (error: assessment date is in the future)')
    if not given.assessor.strip():
        raise AssessmentError(f'评估单位 "{given.assessor}" 不能为空 (error: assessor is required)')
    if given.outcome == "pass" and (given.next_review_date is None or given.next_review_date <= given.assessed_date):
        raise AssessmentError(f'下次评估日期 "{given.next_review_date}" 须晚于评估日期 {given.assessed_date}：评估合格须写明 '
                              f'(error: a pass needs a next review date after the assessment)')
    assessment = SafetyAssessment(equipment_id=unit.id, enterprise_id=unit.enterprise_id, rule_id=finding.rule_id,
                                  outcome=given.outcome, assessed_date=given.assessed_date,
                                  next_review_date=given.next_review_date if given.outcome == "pass" else None,
                                  assessor=given.assessor.strip(), report_no=given.report_no.strip() or None)
    session.add(assessment)
    session.flush()
    audit(session, "assess", "safetyassessment", assessment.id,
          {"outcome": given.outcome, "assessed_date": given.assessed_date.isoformat()},
          actor=actor, enterprise_id=unit.enterprise_id)
    if given.outcome == "replace":
        _open_failed(session, unit, finding, given)
    return assessment


def _open_failed(session: Session, unit: Equipment, finding: FindingLike, given: AssessmentInput) -> None:
    basis = f"{finding.citation}：安全风险评估不合格（{given.assessed_date.isoformat()}，{given.assessor.strip()}）"
    record = session.exec(select(EliminationRecord).where(EliminationRecord.equipment_id == unit.id)).first()
    if record is None:
        record = EliminationRecord(equipment_id=int(unit.id or 0), enterprise_id=unit.enterprise_id, basis=basis,
                                   basis_kind="safety_failed")
        record.created_at = dt.datetime.combine(given.assessed_date, dt.time(), tzinfo=dt.UTC)
    elif record.status == "planned" and record.basis_kind == "below_access":
        record.basis, record.basis_kind, record.version, record.updated_at = basis, "safety_failed", record.version + 1, utcnow()
    else:
        return
    session.add(record)
    session.flush()
