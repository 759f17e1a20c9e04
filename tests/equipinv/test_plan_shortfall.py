"""A budget below the mandatory work still yields the best plan within it.

Mandatory work comes first (earliest deadline, then risk); what the money cannot reach is listed per
year with the shortfall in yuan, and stored with the plan. `--strict` keeps the old refusal.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sqlmodel import Session

from equipinv.db import open_database
from equipinv.models import Plan
from equipinv.planning.triage import triage_mandatory

BUDGET = "2027=300000,2028=300000"


def test_a_short_budget_funds_mandatory_work_first_and_lists_the_rest(run_demo, demo_ledger: Path) -> None:
    code, out, err = run_demo("plan", "--budget", BUDGET, "--json")
    assert code == 0, err
    plan = json.loads(out)
    unfunded = plan["unfunded_mandatory"]
    assert unfunded and all(u["basis"] and u["cost_yuan"] > 0 for u in unfunded)
    shortfall = {int(y): v for y, v in plan["shortfall_yuan_by_year"].items()}
    assert set(shortfall) <= {2027, 2028}
    for year, total in shortfall.items():
        assert total == pytest.approx(sum(u["cost_yuan"] for u in unfunded if u["year"] == year))
    for year in plan["budgets"]:
        assert year["spend_yuan"] <= year["budget_yuan"] + 1e-6
    assert plan["items"] and any(item["mandatory"] for item in plan["items"])
    planned = {item["equipment_id"] for item in plan["items"]}
    assert not planned & {u["equipment_id"] for u in unfunded}
    assert "未获资金" in err and "缺口" in err
    engine = open_database(demo_ledger)
    with Session(engine) as s:
        stored = s.get(Plan, plan["plan_id"])
        assert stored is not None and stored.inputs["unfunded_mandatory"] == unfunded
    engine.dispose()


def test_strict_keeps_the_refusal(run_demo) -> None:
    code, out, err = run_demo("plan", "--budget", BUDGET, "--strict")
    assert code == 2 and out == "" and "超出预算" in err and "缺口" in err


def test_triage_goes_by_deadline_then_risk_within_the_yearly_budgets() -> None:
    cost = np.array([[0, 100.0], [0, 60.0], [0, 60.0], [0, 30.0]])
    available = np.ones((4, 2), dtype=bool)
    mandatory = np.array([True, True, True, False])
    deadline = np.array([2027.0, 2028.0, 2028.0, np.nan])
    risk = np.array([0.0, 1.0, 5.0, 0.0])
    triage = triage_mandatory(cost, available, mandatory, deadline, risk, [2027, 2028], [100.0, 60.0])
    assert triage.funded.tolist() == [True, False, True, False]  # same deadline: the riskier unit first
    assert triage.unfunded == [1] and triage.due_year == [2028] and triage.shortfall_by_year() == {2028: 60.0}
