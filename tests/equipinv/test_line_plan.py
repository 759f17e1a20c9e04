"""Lines below 基准 become plan candidates beside the unit schedule: a finding with the document's deadline, a
retrofit to 基准 and a renewal to 标杆 with tce saved = capacity × (current − target) / 1000 (checked by hand),
the investment the enterprise declared for the line (else said missing), stored with the plan and shown by
`plan --json`; lines at or above 基准 and ungraded lines give none, and the unit items are unchanged."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from equipinv.codes import make_credit_code
from equipinv.config import Config
from equipinv.ledger import add_enterprise, add_equipment
from equipinv.lists import Scope
from equipinv.models import Plan
from equipinv.planning.line_candidates import candidates_for_scope
from equipinv.production_lines import add_line
from equipinv.projects import declare_need
from equipinv.services.context import Context
from equipinv.services.planning import PlanRequest, solve_plan
from equipinv.services.scopes import ScopeRequest

TODAY = dt.date(2026, 12, 3)


def _ledger(session: Session) -> None:
    coke = add_enterprise(session, {"credit_code": make_credit_code("91141181MA0LNEX11"), "name": "甲焦化",
                                    "region_code": "141181", "industry_code": "C2521"}, actor="test")
    cement = add_enterprise(session, {"credit_code": make_credit_code("91141121MA0LNEX12"), "name": "乙水泥",
                                      "region_code": "141121", "industry_code": "C3011"}, actor="test")
    elsewhere = add_enterprise(session, {"credit_code": make_credit_code("91130705MA0LNEX13"), "name": "丙钢铁",
                                         "region_code": "130705", "industry_code": "C3110"}, actor="test")
    for owner, name, kind, capacity, energy in (
        (coke, "2号焦炉", "coke_top_charged", "40万吨/年", "141"),  # below 135: finding, deadline 2025
        (coke, "3号焦炉", "coke_stamp_charged", "100万吨/年", "112"),  # 标杆: no candidate
        (cement, "熟料线", "cement_clinker", "77.5万吨/年", "120"),  # below 117: deadline not sourced
        (cement, "石灰窑", "lime", "10万吨/年", "150"),  # ungraded: no candidate
        (elsewhere, "1号转炉", "converter", "150万吨/年", "-5"),  # below, but outside Lüliang
    ):
        add_line(session, owner, {"name": name, "kind": kind, "capacity_t_a": capacity, "unit_energy_kgce_t": energy,
                                  "energy_year": "2025"}, today=TODAY)
    declare_need(session, coke, {"line_name": "2号焦炉", "action": "retrofit", "investment_yuan": "3800万元",
                                 "planned_year": "2027", "reason": "焦炉炉体大修及余热回收"})
    add_equipment(session, coke, {"asset_no": "DJ-1", "name": "风机电机", "category": "三相异步电动机",
                                  "rated_power_kw": "75 kW", "poles": 4, "efficiency_pct": 90.0,
                                  "commissioning_date": "2010-01", "operating_hours_per_year": 6000,
                                  "load_factor": 0.75}, today=TODAY)


def test_candidates_of_a_region_by_hand(engine: sa.Engine) -> None:
    with Session(engine) as session:
        _ledger(session)
        session.commit()
        found = candidates_for_scope(session, Scope.region(session, "141100"), first_year=2027)
    got = {(c.line, c.action): c for c in found}
    assert sorted(got) == [("2号焦炉", "renew_to_benchmark"), ("2号焦炉", "retrofit_to_baseline"),
                           ("熟料线", "renew_to_benchmark"), ("熟料线", "retrofit_to_baseline")]
    oven = got["2号焦炉", "retrofit_to_baseline"]
    assert oven.target_kgce_t == 135 and oven.annual_saving_tce == pytest.approx(400_000 * 6 / 1000)  # 2,400 tce
    assert got["2号焦炉", "renew_to_benchmark"].annual_saving_tce == pytest.approx(400_000 * 31 / 1000)  # to 110
    assert oven.investment_yuan == pytest.approx(3.8e7) and "焦炉炉体大修" in (oven.cost_source or "")
    assert oven.year == 2027 and oven.deadline == "2025年底前完成技术改造或淘汰退出（煤制焦炭领域）"  # past: first year
    assert "低于基准" in oven.finding and "141 kgce/t" in oven.finding
    renewal = got["2号焦炉", "renew_to_benchmark"]  # the declared need is a retrofit, not a renewal
    assert renewal.investment_yuan is None and "无改造投资来源" in (renewal.missing or "")
    clinker = got["熟料线", "retrofit_to_baseline"]
    assert clinker.annual_saving_tce == pytest.approx(775_000 * 3 / 1000) and "deadline not sourced" in clinker.deadline
    assert clinker.year == 2027 and "GB 16780-2021" in clinker.basis


def test_plan_json_lists_the_line_candidates_and_stores_them(engine: sa.Engine) -> None:
    with Session(engine) as session:
        _ledger(session)
        session.commit()
    ctx = Context.on(engine, Config(), TODAY, actor="test")
    solved = solve_plan(ctx, ScopeRequest(None, "141100"), PlanRequest({2027: 5e5, 2028: 5e5}), store=True)
    assert [(c.line, c.action) for c in solved.line_candidates][:1] == [("2号焦炉", "retrofit_to_baseline")]
    assert {it.equipment_id for it in solved.result.items} <= set(solved.names)  # unit items as before
    with Session(engine) as session:
        plan = session.exec(select(Plan).where(Plan.id == solved.result.plan_id)).one()
    stored = plan.inputs["line_candidates"]
    assert len(stored) == 4 and stored[0]["annual_saving_tce"] == 2400.0 and stored[0]["investment_yuan"] == 3.8e7


def test_plan_cli_json_and_text(cli) -> None:
    assert cli("enterprise", "add", "--credit-code", make_credit_code("91141181MA0LNEX14"), "--name", "丁焦化",
               "--region", "141181", "--industry", "C2521")[0] == 0
    assert cli("line", "add", "-e", "丁焦化", "name=1号焦炉", "kind=coke_stamp_charged", "capacity_t_a=60万吨/年",
               "unit_energy_kgce_t=150 kgce/t", "energy_year=2025")[0] == 0
    assert cli("equipment", "add", "-e", "丁焦化", "asset_no=M-1", "name=电机", "category=三相异步电动机",
               "rated_power_kw=55 kW", "poles=4", "efficiency_pct=90", "commissioning_date=2012-03")[0] == 0
    code, out, err = cli("plan", "--budget", "2027=1e6", "--json")
    assert code == 0, err
    lines = json.loads(out)["line_candidates"]
    # 600,000 t/a × (150 − 140) / 1000 = 6,000 tce to 基准; × (150 − 115) / 1000 = 21,000 tce to 标杆
    assert [(c["action"], c["annual_saving_tce"]) for c in lines] == [("retrofit_to_baseline", 6000.0),
                                                                       ("renew_to_benchmark", 21000.0)]
    code, out, _ = cli("plan", "--budget", "2027=1e6")
    assert code == 0 and "发现：丁焦化1号焦炉" in out and "生产线改造候选" in out and "21,000.0" in out
