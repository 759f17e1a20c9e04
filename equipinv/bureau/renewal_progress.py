"""Progress of the plan's renewal items: done, when, and what they actually cost (旬调度 counts them).

A plan item moves planned -> done with its completion date and actual cost; the bulletin then
reports items done and investment spent beside the plan's estimate.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, select

from equipinv.bureau.closure import ClosureError
from equipinv.ledger import audit
from equipinv.models import Equipment, Plan, PlanItem


class RenewalError(ClosureError):
    """A renewal report the rules refuse."""


def latest_plan(session: Session) -> Plan | None:
    return session.exec(select(Plan).where(Plan.status == "accepted").order_by(col(Plan.id).desc())).first()


def mark_renewal_done(session: Session, unit: Equipment, *, completed: dt.date, actual_cost_yuan: float,
                      actor: str | None = None, today: dt.date | None = None) -> PlanItem:
    """Report the plan's item for `unit` done, on `completed`, at `actual_cost_yuan`."""
    plan = latest_plan(session)
    item = None if plan is None else session.exec(select(PlanItem).where(
        PlanItem.plan_id == plan.id, PlanItem.equipment_id == unit.id)).first()
    if plan is None or item is None or item.action == "keep":
        raise RenewalError(f'设备 "{unit.asset_no}" 不在现行更新计划中，无更新任务可报完成 '
                           f'(error: unit "{unit.asset_no}" has no renewal item in the current plan)')
    if item.status == "done":
        raise RenewalError(f'设备 "{unit.asset_no}" 的更新已于 {item.completed_date} 报完成 '
                           f'(error: the renewal of "{unit.asset_no}" is already done)')
    if completed > (today or dt.date.today()):
        raise RenewalError(f'完成日期 "{completed}" 晚于今天 (error: completion date "{completed}" is in the future)')
    if completed < plan.created_at.date():
        raise RenewalError(f'完成日期 "{completed}" 早于更新计划制定日期 {plan.created_at.date()} '
                           f'(error: completion date "{completed}" is before the plan)')
    if not actual_cost_yuan >= 0:
        raise RenewalError(f'实际投资 "{actual_cost_yuan}" 不能为负数 (error: actual cost must not be negative)')
    item.status, item.completed_date, item.actual_cost_yuan = "done", completed, float(actual_cost_yuan)
    session.add(item)
    session.flush()
    audit(session, "done", "planitem", item.id, {"completed_date": completed.isoformat(),
                                                 "actual_cost_yuan": float(actual_cost_yuan)},
          actor=actor, enterprise_id=unit.enterprise_id)
    return item
