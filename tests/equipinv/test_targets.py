"""The target dashboard: each plan's targets computed on hand-counted ledgers, on SQLite and PostgreSQL.

Grades are stored directly (the grader has its own tests): what is proven here is the counting — key
industries by GB/T 4754 code, units weighted by quantity, ungraded units out of the denominator, the
projection under an accepted plan, and "insufficient data" (never 0 % or 100 %) where the ledger cannot tell.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from equipinv.bureau.closure import mark_done, verify
from equipinv.bureau.disposal import Disposal
from equipinv.codes import make_credit_code
from equipinv.models import EliminationRecord, Enterprise, Equipment, Plan, PlanItem
from equipinv.targets import assess_targets, key_energy_user_rule, plans_covering

AS_OF = dt.date(2026, 12, 3)
_ASSET_NUMBERS = itertools.count(1)


def _enterprise(session: Session, prefix: str, region: str, industry: str, **extra: object) -> Enterprise:
    e = Enterprise(credit_code=make_credit_code(prefix), name=f"企业{prefix[-3:]}", region_code=region,
                   industry_code=industry, **extra)
    session.add(e)
    session.flush()
    return e


def _units(session: Session, e: Enterprise, category: str, specs: list[dict[str, object]]) -> list[Equipment]:
    made = []
    for spec in specs:
        u = Equipment(enterprise_id=e.id, asset_no=f"{category}-{next(_ASSET_NUMBERS)}", name=category,
                      category=category, **spec)
        session.add(u)
        made.append(u)
    session.flush()
    return made


def _status(report, plan_id: str, metric: str):
    [found] = [s for s in report.statuses if s.plan.id == plan_id and s.target.metric == metric]
    return found


@pytest.fixture
def lvliang(engine: sa.Engine) -> Iterator[tuple[Session, dict[str, Equipment]]]:
    """A coking plant (key industry) and a water works (not one) in Lüliang, counted by hand below."""
    with Session(engine) as session:
        coke = _enterprise(session, "91141181MA0TEXT01", "141181", "2521", annual_energy_tce=12_000.0)
        water = _enterprise(session, "12141181MB0TEXT02", "141181", "4610", annual_energy_tce=6_000.0)
        levels = (["advanced"] * 3 + ["energy_saving"] + ["access"] * 4 + ["below_access"] + [None] * 2)
        motors = _units(session, coke, "motor", [{"benchmark_level": lv} for lv in levels])
        [pair] = _units(session, coke, "pump", [{"benchmark_level": "energy_saving", "quantity": 2}])
        _units(session, coke, "motor", [{"benchmark_level": "advanced", "status": "eliminated"}])
        _units(session, coke, "truck", [{"benchmark_level": None}])  # not main energy-using equipment
        _units(session, water, "motor", [{"benchmark_level": "energy_saving"}] * 5)
        session.commit()
        yield session, {"below": motors[8], "access_a": motors[4], "access_b": motors[5], "pair": pair}


def test_energy_saving_share_counts_key_industry_units_by_quantity(lvliang) -> None:
    session, _ = lvliang
    share = _status(assess_targets(session, "141100", AS_OF), "lvliang_2024_tasks", "key_industry_energy_saving_share")
    # advanced 3 + energy-saving 1 + a pair of pumps 2 = 6 good of 6 + 4 access + 1 below = 11 graded;
    # 2 ungraded motors, the eliminated motor, the truck and the water works' motors stay out.
    assert (share.result.numerator, share.result.denominator) == (6, 11)
    assert share.result.value == pytest.approx(6 / 11)
    assert "2 台未分级" in share.result.note
    assert share.status == "no_threshold" and share.gap is None  # "基本达到" sets no number


def test_projection_follows_the_accepted_plan(lvliang) -> None:
    session, units = lvliang
    plan = Plan(objective="npv", model_version="test", status="accepted")
    session.add(plan)
    session.flush()
    session.add_all([
        PlanItem(plan_id=plan.id, equipment_id=units["below"].id, action="energy_saving", year=2026),
        PlanItem(plan_id=plan.id, equipment_id=units["access_a"].id, action="advanced", year=2027),
        PlanItem(plan_id=plan.id, equipment_id=units["access_b"].id, action="eliminate", year=2027),
    ])
    session.commit()
    share = _status(assess_targets(session, "141100", AS_OF), "lvliang_2024_tasks", "key_industry_energy_saving_share")
    assert share.result.projected == {2026: pytest.approx(7 / 11), 2027: pytest.approx(8 / 10)}


def test_a_region_without_key_industries_has_insufficient_data_not_zero(engine: sa.Engine) -> None:
    with Session(engine) as session:
        water = _enterprise(session, "12141181MB0TEXT03", "141181", "4610")
        _units(session, water, "motor", [{"benchmark_level": "below_access"}])
        session.commit()
        report = assess_targets(session, "141100", AS_OF)
    share = _status(report, "lvliang_2024_tasks", "key_industry_energy_saving_share")
    assert share.result.value is None and share.status == "insufficient_data"
    assert "重点行业" in share.result.missing
    investment = _status(report, "lvliang_2024_tasks", "equipment_investment_growth")
    assert investment.status == "insufficient_data" and "基准缺失" in investment.result.missing


def test_cnc_rate_counts_key_process_machine_tools_with_a_flag(engine: sa.Engine) -> None:
    with Session(engine) as session:
        works = _enterprise(session, "91130705MA0TEXT04", "130705", "3431")
        _units(session, works, "machine_tool", [
            {"key_process": True, "cnc": True}, {"key_process": True, "cnc": True, "quantity": 2},
            {"key_process": True, "cnc": True}, {"key_process": True, "cnc": False},
            {"key_process": True, "cnc": None}, {"key_process": None, "cnc": True, "quantity": 2}])
        session.commit()
        cnc = _status(assess_targets(session, "130700", AS_OF), "zhangjiakou_2024_4", "key_process_cnc_rate")
    assert (cnc.result.numerator, cnc.result.denominator) == (4, 5)
    assert cnc.target.threshold == 0.78 and cnc.status == "met"
    assert "未标关键工序的机床 2 台" in cnc.result.note and "未标数控的 1 台" in cnc.result.note


def test_investment_growth_against_the_2023_baseline(engine: sa.Engine) -> None:
    with Session(engine) as session:
        works = _enterprise(session, "91130705MA0TEXT05", "130705", "3431", equipment_investment_2023_yuan=1.0e7)
        _enterprise(session, "91130705MA0TEXT06", "130705", "3431")  # no baseline: left out, and said
        [unit] = _units(session, works, "motor", [{}])
        plan = Plan(objective="npv", model_version="test", status="accepted")
        session.add(plan)
        session.flush()
        session.add_all([PlanItem(plan_id=plan.id, equipment_id=unit.id, action="energy_saving", year=2026,
                                  investment_yuan=1.1e7),
                         PlanItem(plan_id=plan.id, equipment_id=unit.id, action="energy_saving", year=2027,
                                  investment_yuan=1.3e7)])
        session.commit()
        growth = _status(assess_targets(session, "130700", AS_OF), "zhangjiakou_2024_4", "equipment_investment_growth")
    assert growth.result.value == pytest.approx(0.1) and growth.status == "not_met"
    assert growth.gap == pytest.approx(0.15)
    assert growth.result.projected == {2026: pytest.approx(0.1), 2027: pytest.approx(0.3)}
    assert "1/2 家企业" in growth.result.baseline


def test_vehicle_and_farm_machine_targets_of_zhangjiakou(engine: sa.Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    with Session(engine) as session:
        bus = _enterprise(session, "12130705MB0TEXT07", "130705", "5411")
        _units(session, bus, "vehicle", [{"vehicle_type": "城市公交车", "fuel": "electric", "year_made": 2025}] * 9
               + [{"vehicle_type": "城市公交车", "fuel": "diesel", "year_made": 2024},
                  {"vehicle_type": "城市公交车", "fuel": "diesel", "year_made": 2019}])  # old bus: not 新增及更新
        _units(session, bus, "truck", [{"vehicle_type": "重型载货汽车", "fuel": "electric", "year_made": 2025,
                                        "quantity": 3}, {"vehicle_type": "中型载货汽车", "fuel": "electric",
                                                         "year_made": 2025}])
        farm = _units(session, bus, "farm_machine", [{"quantity": 4}, {"quantity": 6}])
        records = [EliminationRecord(equipment_id=unit.id, enterprise_id=bus.id, basis="test",
                                     deadline=dt.date(2027, 6, 30)) for unit in farm]
        session.add_all(records)
        session.flush()
        monkeypatch.setenv("EQUIPINV_USER", "clerk")
        mark_done(session, records[0], done_date=dt.date.today(), evidence="回收证明",
                  disposal=Disposal("回收", "张家口农机回收站", quantity=4))
        monkeypatch.setenv("EQUIPINV_USER", "bureau")  # the database wants another login to verify
        verify(session, records[0], verified_date=dt.date.today(), verified_by="县农业农村局")
        session.commit()
        report = assess_targets(session, "130700", dt.date.today())
    bus_share = _status(report, "zhangjiakou_2024_4", "nev_share_bus")
    assert bus_share.result.value == pytest.approx(0.9) and bus_share.status == "met"
    taxi = _status(report, "zhangjiakou_2024_4", "nev_share_taxi")
    assert taxi.status == "insufficient_data" and "出租" in taxi.result.missing
    assert _status(report, "zhangjiakou_2024_4", "nev_heavy_trucks").result.value == 3
    scrapped = _status(report, "zhangjiakou_2024_4", "farm_machines_scrapped")
    assert scrapped.result.value == 4  # the verified scrapping counts; the planned 6 are projected
    assert scrapped.result.projected == {2027: 10}
    lines = _status(report, "zhangjiakou_2024_4", "benchmark_capacity_share")
    assert lines.status == "insufficient_data"


def test_plans_cover_a_region_and_its_ancestors_most_local_first() -> None:
    assert [p.id for p in plans_covering("141181")] == ["lvliang_2024_tasks", "shanxi_2024_10"]
    assert [p.id for p in plans_covering("140521")] == ["qinshui_2024_13", "shanxi_2024_10"]
    assert [p.id for p in plans_covering("130705")] == ["zhangjiakou_2024_4"]
    assert plans_covering("110101") == ()
    rule = key_energy_user_rule()
    assert [rule.status(t) for t in (12_000, 10_000, 7_000, 4_999, None)] == ["key", "key", "designable", "no",
                                                                                "unknown"]
    assert "第五十二条" in rule.source


@pytest.fixture
def run(cli):
    return cli


def test_cli_records_baseline_and_cnc_flags_and_prints_every_target(run) -> None:
    assert run("init")[0] == 0
    code, _, err = run("enterprise", "add", "--credit-code", make_credit_code("91130705MA0TEXT08"), "--name",
                       "宣化机械", "--region", "130705", "--industry", "C3431", "--investment-2023", "800万元")
    assert code == 0, err
    for asset, cnc in (("JC-1", "是"), ("JC-2", "否")):
        code, _, err = run("equipment", "add", "-e", "宣化机械", f"asset_no={asset}", "name=数控车床",
                           "category=machine_tool", f"cnc={cnc}", "key_process=是")
        assert code == 0, err
    code, out, err = run("targets", "--region", "130700", "--as-of", "2026-12-03", "--json")
    assert code == 0, err
    report = json.loads(out)
    by_metric = {t["metric"]: t for t in report["targets"]}
    assert set(by_metric) == {"equipment_investment_growth", "key_industry_energy_saving_share",
                              "digital_rd_tool_rate", "key_process_cnc_rate", "benchmark_capacity_share",
                              "baseline_capacity_share",
                              "farm_machines_scrapped", "nev_share_bus", "nev_share_taxi", "nev_heavy_trucks"}
    assert by_metric["key_process_cnc_rate"]["value"] == 0.5
    assert by_metric["key_process_cnc_rate"]["status"] == "not_met"
    assert "78%" in by_metric["key_process_cnc_rate"]["quote"]
    assert by_metric["digital_rd_tool_rate"]["status"] == "insufficient_data"
    code, text, _ = run("targets", "--region", "141100")
    assert code == 0 and "晋政发〔2024〕10号" in text and "数据不足" in text
    code, _, err = run("targets", "--region", "999999")
    assert code == 2 and "999999" in err
