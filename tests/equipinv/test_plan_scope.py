"""Plans carry their scope: a list, summary, roll-up or package uses the plan of its own scope and names it.

Reproduces the review's fault: after one enterprise's plan was accepted, the county-wide demand list
took that plan and shrank (182 rows to 14 on the demo).
"""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from equipinv.bureau.rollup import rollup
from equipinv.db import current_revision, make_engine, open_database, upgrade
from equipinv.lists import Scope
from equipinv.models import Enterprise, Plan, PlanItem
from equipinv.plans import accepted_plan_for
from equipinv.summary import build_summary

BUDGET = "2027=9e6,2028=3e6"


def _rows(document: dict) -> int:
    return sum(len(section["rows"]) for section in document["sections"])


def _smallest_enterprise(ledger: Path) -> Enterprise:
    engine = open_database(ledger)
    with Session(engine) as s:
        counts = s.execute(sa.text("SELECT enterprise_id, count(*) FROM equipment GROUP BY enterprise_id "
                                   "ORDER BY count(*), enterprise_id")).all()
        enterprise = s.get(Enterprise, counts[0][0])
        assert enterprise is not None
    engine.dispose()
    return enterprise


def test_an_enterprise_plan_leaves_the_county_wide_lists_alone(run_demo, demo_ledger: Path) -> None:
    code, out, _ = run_demo("lists", "demand", "--json")
    assert code == 0
    before = json.loads(out)
    whole_plan_rows = _rows(before)
    assert whole_plan_rows > 100  # the demo accepted a plan for all enterprises
    enterprise = _smallest_enterprise(demo_ledger)
    code, out, err = run_demo("plan", "-e", enterprise.credit_code, "--budget", BUDGET, "--json")
    assert code == 0, err
    enterprise_plan = json.loads(out)
    code, out, _ = run_demo("lists", "demand", "--json")
    after = json.loads(out)
    assert _rows(after) == whole_plan_rows
    assert any("全部企业" in note and "依据更新计划" in note for note in after["notes"])
    assert not any(f"第 {enterprise_plan['plan_id']} 号" in note for note in after["notes"])
    code, out, _ = run_demo("lists", "demand", "-e", enterprise.credit_code, "--json")
    own = json.loads(out)
    assert _rows(own) == len(enterprise_plan["items"]) < whole_plan_rows
    assert any(f"依据更新计划：第 {enterprise_plan['plan_id']} 号（" in note for note in own["notes"])
    engine = open_database(demo_ledger)
    with Session(engine) as s:
        stored = s.get(Plan, enterprise_plan["plan_id"])
        assert stored is not None
        assert (stored.scope_kind, stored.enterprise_id, stored.region_code) == ("enterprise", enterprise.id, None)
        everything = accepted_plan_for(s, Scope.everything(s))
        assert everything is not None and everything.status == "accepted" and everything.id != stored.id
    engine.dispose()


def test_a_region_plan_is_used_by_that_region_only(run_demo, demo_ledger: Path) -> None:
    code, out, _ = run_demo("lists", "demand", "--region", "141100", "--json")
    assert code == 0 and _rows(json.loads(out)) == 0
    assert any("尚未制定更新计划" in note for note in json.loads(out)["notes"])
    code, out, err = run_demo("plan", "--region", "141100", "--budget", BUDGET, "--json")
    assert code == 0, err
    first = json.loads(out)
    code, out, err = run_demo("plan", "--region", "141100", "--budget", "2027=9e6,2028=9e6", "--json")
    second = json.loads(out)
    code, out, err = run_demo("rollup", "--region", "141100", "--json")
    assert code == 0 and json.loads(out)["plan_id"] == second["plan_id"], err
    assert f"第 {second['plan_id']} 号" in json.loads(out)["plan_note"]
    engine = open_database(demo_ledger)
    with Session(engine) as s:
        plans = {p.id: p for p in s.exec(select(Plan))}
        assert plans[first["plan_id"]].status == "superseded"  # same scope: the newer plan replaces it
        assert (plans[second["plan_id"]].scope_kind, plans[second["plan_id"]].region_code) == ("region", "141100")
        assert sum(p.scope_kind == "all" and p.status == "accepted" for p in plans.values()) == 1
        region = Scope.region(s, "141100")
        summary = build_summary(s, region)
        assert any(f"第 {second['plan_id']} 号" in note for note in summary.notes)
        expected = sum(i.investment_yuan for i in s.exec(select(PlanItem).where(PlanItem.plan_id == second["plan_id"])))
        _rows_, total = rollup(s, "141100", by="region")
        assert total.plan_investment_yuan == expected > 0
        county_wide = build_summary(s, Scope.everything(s))
        assert not any(f"第 {second['plan_id']} 号" in note for note in county_wide.notes)
    engine.dispose()


def test_plans_stored_before_scopes_existed_get_theirs(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = make_engine(url)
    upgrade(engine, "0003")
    with engine.begin() as c:
        c.execute(sa.text("INSERT INTO region (code, name, level) VALUES ('140000', '山西省', 'province')"))
        c.execute(sa.text(
            "INSERT INTO enterprise (credit_code, name, region_code, industry_code, created_at, updated_at, version) "
            "VALUES ('91140000MA0K00000X', '旧企业', '140000', '2521', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)"))
        for enterprise_id in ("1", "NULL"):
            c.execute(sa.text(
                "INSERT INTO plan (enterprise_id, objective, status, budgets, inputs, model_version, created_at) "
                f"VALUES ({enterprise_id}, 'npv', 'accepted', '{{}}', '{{}}', 'old', CURRENT_TIMESTAMP)"))
    assert current_revision(engine) == "0003"
    engine.dispose()
    reopened = open_database(url)
    with Session(reopened) as s:
        kinds = [(p.enterprise_id, p.scope_kind) for p in s.exec(select(Plan).order_by(Plan.id))]
    assert kinds == [(1, "enterprise"), (None, "all")]
    reopened.dispose()
