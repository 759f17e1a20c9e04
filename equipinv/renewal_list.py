"""鼓励更新清单: the renewals and retrofits no law requires, kept apart from the elimination list.

A row is a unit the stored plan renews or retrofits for its economics or energy saving, or a unit an
encouraging rule names (advisory catalogue rows, the vehicle guidance mileage "可引导报废"), that is
*not* on the elimination list: a unit some law condemns is only ever there (`unit_legal_basis`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from equipinv import labels
from equipinv.elimination_basis import basis_kind, needs_assessment
from equipinv.elimination_list import unit_legal_basis
from equipinv.listing import Row

if TYPE_CHECKING:
    from equipinv.lists import _Ledger

_NOT_RENEWING = ("keep", "incomplete")
PLAN_ITEM_STATUSES = {"planned": "计划", "done": "已完成"}


def renewal_rows(ledger: _Ledger) -> Iterable[tuple[str, Row]]:
    """Rows of 鼓励更新清单, one section per enterprise."""
    from equipinv.lists import level_text  # lists imports this module

    for u in ledger.units:
        assert u.id is not None
        if u.status == "eliminated" or unit_legal_basis(ledger, u) is not None:
            continue
        findings = ledger.findings_of(u)
        encouraging = [f for f in findings if f.outcome == "match" and f not in needs_assessment(findings)
                       and basis_kind(f.rule_id, f.catalogue_id, f.kind) is None]
        item = ledger.plan_item_of(u)
        planned = item is not None and item.action not in _NOT_RENEWING
        if not planned and not encouraging:
            continue
        reasons = [f"{f.citation}：{f.reason}" for f in encouraging]
        if planned:
            assert item is not None
            reasons.append(f"更新计划（{item.reason}）" if item.reason else "更新计划")
        category = labels.label("category", u.category)
        yield ledger.enterprise_name(u), {
            "enterprise": ledger.enterprise_name(u), "equipment_name": u.name, "model": u.model,
            "quantity": u.quantity, "years_in_service": ledger.served(u),
            "efficiency_level_label": level_text(u), "reason": "；".join(dict.fromkeys(reasons)),
            "measure_label": labels.ACTIONS.get(item.action, item.action) if planned and item else "鼓励更新（未列入计划）",
            "target_equipment": f"{category}（{labels.label('action', item.action)}）" if planned and item
            else (encouraging[0].replacement or f"达到节能水平及以上的{category}"),
            "planned_year": item.year if planned and item else None,
            "investment_yuan": item.investment_yuan if planned and item else None,
            "annual_saving_tce": item.annual_saving_tce if planned and item else None,
            "annual_reduction_tco2": item.annual_saving_tco2 if planned and item else None,
            "progress_label": PLAN_ITEM_STATUSES.get(item.status, item.status) if planned and item else "",
        }

