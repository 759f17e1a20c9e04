"""Least-cost closers of the target gaps on a hand-counted Zhangjiakou ledger (SQLite and PostgreSQL): the
cheapest energy-saving replacements by the price table (motor 500 yuan/kW, equipinv's default edition) among the
key industries' units below 节能水平, and the lines to renew to 标杆 or retrofit to 基准 for the capacity shares,
cheapest declared investment per tonne first, then the largest lines; and the same in `equipinv targets --json`."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from equipinv.codes import make_credit_code
from equipinv.grading import grade_stored_units
from equipinv.ledger import add_enterprise, add_equipment
from equipinv.models import Equipment
from equipinv.production_lines import add_line
from equipinv.projects import declare_need
from equipinv.targets.closers import closers_for

TODAY = dt.date(2026, 12, 3)


def _enterprise(session: Session, suffix: str, industry: str, name: str):
    return add_enterprise(session, {"credit_code": make_credit_code(f"91130705MA0LNE{suffix}"), "name": name,
                                    "region_code": "130705", "industry_code": industry}, actor="test")


def _motor(session: Session, owner, asset_no: str, kw: float, efficiency: float, quantity: int = 1) -> None:
    add_equipment(session, owner, {"asset_no": asset_no, "name": "电机", "category": "三相异步电动机",
                                   "rated_power_kw": f"{kw} kW", "poles": 4, "efficiency_pct": efficiency,
                                   "quantity": quantity, "commissioning_date": "2012-03"}, today=TODAY)


def _ledger(session: Session, *, declare: bool) -> None:
    steel = _enterprise(session, "X21", "C3110", "张家口钢铁")  # 钢铁: a key industry of Zhangjiakou
    cement = _enterprise(session, "X22", "C3011", "张家口水泥")  # 建材: a key industry
    coke = _enterprise(session, "X23", "C2521", "张家口焦化")  # 炼焦: not in Zhangjiakou's list
    _motor(session, steel, "M-1", 75, 90.0)  # below: 75 × 500 = 37,500 yuan
    _motor(session, steel, "M-2", 11, 80.0, quantity=3)  # below: 3 × 5,500 = 16,500 yuan, 5,500 a unit
    _motor(session, steel, "M-3", 30, 97.0)  # at or above the energy-saving level
    _motor(session, cement, "M-4", 5.5, 70.0)  # below: 2,750 yuan
    _motor(session, coke, "M-9", 4, 70.0)  # below, cheapest of all, but not a key industry
    for owner, name, kind, capacity, energy in (
        (cement, "熟料线", "cement_clinker", "77.5万吨/年", "98"),  # 标杆
        (steel, "1号高炉", "blast_furnace", "200万吨/年", "380"),  # between
        (steel, "1号转炉", "converter", "150万吨/年", "-5"),  # below 基准 (-12)
        (coke, "1号焦炉", "coke_stamp_charged", "100万吨/年", "150"),  # below, not a key industry
    ):
        add_line(session, owner, {"name": name, "kind": kind, "capacity_t_a": capacity, "unit_energy_kgce_t": energy,
                                  "energy_year": "2025"}, today=TODAY)
    if declare:
        declare_need(session, steel, {"line_name": "1号转炉", "action": "renewal", "investment_yuan": "1亿元",
                                      "planned_year": "2027", "reason": "转炉更新"})
    grade_stored_units(session, on=TODAY)


def _by_metric(engine: sa.Engine, *, declare: bool):
    with Session(engine) as session:
        _ledger(session, declare=declare)
        session.commit()
        levels = {u.asset_no: u.benchmark_level for u in session.exec(select(Equipment))}
        found = closers_for(session, "130700", TODAY)
    return levels, {c.metric: c for c in found if c.plan_id == "zhangjiakou_2024_4"}


def test_cheapest_units_and_lines_close_each_gap(engine: sa.Engine) -> None:
    levels, closers = _by_metric(engine, declare=True)
    assert levels["M-3"] in ("energy_saving", "advanced")
    assert all(levels[a] in ("access", "below_access") for a in ("M-1", "M-2", "M-4", "M-9"))
    # 6 graded key-industry units, 1 good: "基本达到" has no number, so all 5 others, cheapest per unit first
    share = closers["key_industry_energy_saving_share"]
    assert share.value == pytest.approx(1 / 6) and share.threshold is None and "100%" in (share.note or "")
    assert [(c.ref, c.amount, c.cost_yuan) for c in share.closers] == [("M-4", 1, 2750), ("M-2", 3, 16500),
                                                                        ("M-1", 1, 37500)]
    assert share.total_cost_yuan == 56750 and share.remaining_gap == 0
    assert [c.gap_closed for c in share.closers] == pytest.approx([1 / 6, 3 / 6, 1 / 6])
    # 标杆 share 77.5 / 427.5 万t, target 35 %: 72.125 万t needed; the converter's declared 1亿 (66.7 yuan/t) first
    benchmark = closers["benchmark_capacity_share"]
    assert benchmark.value == pytest.approx(77.5 / 427.5) and benchmark.threshold == 0.35
    assert [(c.ref, c.action, c.cost_yuan) for c in benchmark.closers] == [("1号转炉", "renew_to_benchmark", 1e8)]
    assert benchmark.closers[0].gap_closed == pytest.approx(150 / 427.5) and benchmark.remaining_gap == 0
    # 基准 share 277.5 / 427.5, target 100 %: only the converter, retrofitted; its declared need is a renewal
    baseline = closers["baseline_capacity_share"]
    assert [(c.ref, c.action, c.cost_yuan) for c in baseline.closers] == [("1号转炉", "retrofit_to_baseline", None)]
    assert baseline.unpriced == 1 and baseline.remaining_gap == pytest.approx(0)
    assert "no investment declared" in baseline.closers[0].cost_source
    # targets without a closer model say so
    assert closers["nev_heavy_trucks"].closers == [] and "no least-cost closer" in (closers["nev_heavy_trucks"].missing or "")


def test_without_declared_investment_the_largest_line_goes_first(engine: sa.Engine) -> None:
    _, closers = _by_metric(engine, declare=False)
    benchmark = closers["benchmark_capacity_share"]
    assert [(c.ref, c.cost_yuan) for c in benchmark.closers] == [("1号高炉", None)]  # 200 万t ≥ 72.125 万t
    assert "未申报投资" in (benchmark.note or "")


def test_targets_cli_shows_the_closers(cli) -> None:
    for suffix, name, industry in (("X31", "张家口钢铁", "C3110"),):
        assert cli("enterprise", "add", "--credit-code", make_credit_code(f"91130705MA0LNE{suffix}"), "--name", name,
                   "--region", "130705", "--industry", industry)[0] == 0
    for line in (("name=1号高炉", "kind=blast_furnace", "capacity_t_a=200万吨/年", "unit_energy_kgce_t=380"),
                 ("name=2号高炉", "kind=blast_furnace", "capacity_t_a=100万吨/年", "unit_energy_kgce_t=350")):
        assert cli("line", "add", "-e", "张家口钢铁", *line, "energy_year=2025")[0] == 0
    code, out, err = cli("targets", "--region", "130700", "--json")
    assert code == 0, err
    found = {c["metric"]: c for c in json.loads(out)["closers"] if c["plan_id"] == "zhangjiakou_2024_4"}
    # 标杆 100 / 300 万t < 35 %: 5 万t more needed, the 200 万t furnace closes it
    bench = found["benchmark_capacity_share"]
    assert [c["ref"] for c in bench["closers"]] == ["1号高炉"] and bench["unpriced_closers"] == 1
    assert bench["closers"][0]["gap_closed"] == pytest.approx(2 / 3)
    code, out, _ = cli("targets", "--region", "130700")
    assert code == 0 and "最低成本措施：1 项" in out and "1号高炉" in out and "更新改造至标杆水平" in out


def test_cnc_rate_closers_are_the_oldest_non_cnc_key_process_tools(engine: sa.Engine) -> None:
    with Session(engine) as session:
        works = _enterprise(session, "X41", "C3431", "张家口机械")
        for asset_no, cnc, made, quantity in (("T-1", True, 2020, 2), ("T-2", False, 2001, 1), ("T-3", False, 1995, 1),
                                              ("T-4", False, 2010, 3), ("T-5", None, 1990, 1)):
            session.add(Equipment(enterprise_id=works.id, asset_no=asset_no, name="车床", category="machine_tool",
                                  key_process=True, cnc=cnc, year_made=made, quantity=quantity))
        session.commit()
        [cnc] = [c for c in closers_for(session, "130700", TODAY) if c.metric == "key_process_cnc_rate"]
    # 2 of 7 flagged units are CNC, target 78 %: 6 CNC needed, 4 more; oldest first, the unflagged T-5 not counted
    assert cnc.value == pytest.approx(2 / 7) and cnc.threshold == 0.78
    assert [(c.ref, c.amount) for c in cnc.closers] == [("T-3", 1), ("T-2", 1), ("T-4", 3)]
    assert all(c.cost_yuan is None and "no machine-tool price" in c.cost_source for c in cnc.closers)
    assert cnc.remaining_gap == 0 and cnc.unpriced == 3
