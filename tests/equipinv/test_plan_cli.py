"""recommend and plan on the demo ledger: ranking order, stored plan, budgets, deadlines, refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import Session, select

from equipinv.db import open_database
from equipinv.models import Plan, PlanItem


def test_recommend_ranks_mandatory_first_with_reasons(run_demo) -> None:
    code, out, _ = run_demo("recommend", "--json")
    lines = json.loads(out)
    assert code == 0 and lines
    ranked = [ln for ln in lines if ln["rank"] > 0]
    assert [ln["rank"] for ln in ranked] == list(range(1, len(ranked) + 1))
    mandatory = [i for i, ln in enumerate(ranked) if "强制淘汰" in ln["reason"]]
    others = [i for i, ln in enumerate(ranked) if "强制淘汰" not in ln["reason"]]
    assert mandatory and others and max(mandatory) < min(others)
    assert all(ln["reason"] for ln in lines)
    unranked = [ln for ln in lines if ln["rank"] < 0]
    assert all(ln["reason"] == "未分级，未参与经济排序" for ln in unranked)
    incomplete = [ln for ln in lines if ln["decision"] == "incomplete"]
    assert incomplete and all(ln["missing_fields"] for ln in incomplete)


def test_plan_respects_budgets_and_deadlines_and_is_stored(run_demo, demo_ledger: Path) -> None:
    code, out, err = run_demo("plan", "--budget", "2027=9e6,2028=3e6,2029=3e6", "--json")
    assert code == 0, err
    plan = json.loads(out)
    for year in plan["budgets"]:
        assert year["spend_yuan"] <= year["budget_yuan"] + 1e-6
    assert plan["gap"] <= 1e-3
    engine = open_database(demo_ledger)
    with Session(engine) as s:
        stored = s.get(Plan, plan["plan_id"])
        assert stored is not None and stored.status == "accepted" and stored.model_version
        assert stored.inputs["economics"]["discount_rate"] == 0.08
        items = s.exec(select(PlanItem).where(PlanItem.plan_id == stored.id)).all()
    assert len(items) == len(plan["items"])
    for item in items:
        if item.mandatory:
            assert item.deadline is not None and item.year is not None
            assert item.year <= max(item.deadline.year, 2027)
    engine.dispose()


def test_demand_list_follows_the_plan(run_demo) -> None:
    code, out, _ = run_demo("plan", "--budget", "2027=9e6,2028=3e6", "--json")
    plan = json.loads(out)
    code, out, _ = run_demo("lists", "demand", "--json")
    demand = json.loads(out)
    assert code == 0
    assert sum(len(s["rows"]) for s in demand["sections"]) == len(plan["items"])
    assert demand["totals"]["investment_yuan"] == pytest.approx(sum(i["investment_yuan"] for i in plan["items"]))
    assert all(s["title"][0].isalpha() for s in demand["sections"])  # sections are industries (C25 ...)
    # items the savings models could not value are said to be so in the notes, not left as silent zeros
    blank = [i for i in plan["items"] if not (i["annual_saving_tce"] or i["annual_saving_tco2"])]
    said = [n for n in demand["notes"] if "并非测得为 0" in n]
    assert blank and said and said[0].startswith(f"{len(blank)} 项")
    assert any(f"其余 {len(plan['items'])} 项按额定参数×负载率估算" in n for n in demand["notes"])  # none measured


@pytest.mark.parametrize(
    ("budget", "fragment"),
    [("2025=1e6", "已过去"), ("2027=-5", "不是非负金额"), ("2027", "年份=金额"), ("abc=1", "年份=金额"),
     ("2027=1000 --strict", "超出预算")],
)
def test_bad_budgets_are_refused_and_nothing_is_stored(run_demo, demo_ledger: Path, budget: str, fragment: str) -> None:
    engine = open_database(demo_ledger)
    with Session(engine) as s:
        before = len(s.exec(select(Plan)).all())
    code, out, err = run_demo("plan", "--budget", *budget.split())
    assert code == 2 and out == "" and fragment in err
    with Session(engine) as s:
        assert len(s.exec(select(Plan)).all()) == before
    engine.dispose()


def test_bad_discount_rate_in_config_is_refused(run_demo, tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("[economics]\ndiscount_rate = 3.0\n", encoding="utf-8")
    code, _, err = run_demo("--config", str(config), "plan", "--budget", "2027=9e6")
    assert code == 2 and "discount_rate" in err


def test_policy_target_and_tce_objective(run_demo) -> None:
    code, out, err = run_demo("plan", "--budget", "2027=9e6,2028=6e6", "--target", "2027=0.5", "--json")
    assert code == 0, err
    plan = json.loads(out)
    assert plan["binding_targets"] or plan["gap"] <= 1e-3
    [target] = plan["targets"]  # the share reached per plan year, as the solver had to meet it
    assert target["year"] == 2027 and target["share"] == 0.5 and target["met"]
    assert target["reached"]["2027"] >= 0.5 and target["reached"]["2028"] >= target["reached"]["2027"]
    assert 0 < target["units"] <= 392
    code, out, err = run_demo("plan", "--budget", "2027=9e6,2028=6e6", "--target", "2027=0.99")
    assert code == 2 and "政策目标" in err
    code, out, err = run_demo("plan", "--budget", "2027=9e6,2028=4e6", "--objective", "tce", "--json")
    tce_plan = json.loads(out)
    assert code == 0 and tce_plan["objective"] == "tce" and tce_plan["objective_value"] > 0
    code, _, err = run_demo("plan", "--budget", "2027=9e6", "--target", "2027")
    assert code == 2 and "年份=比例" in err
