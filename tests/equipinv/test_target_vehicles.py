"""Vehicle attributes the NEV-share targets read (车辆用途, the NEV fuel kinds), the attributes travelling
through the Excel template and survey packages, farm machines counted from the elimination closure, and
the renewal plan the projections follow. Hand-counted ledgers, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from equipinv import labels
from equipinv.bureau.closure import mark_done
from equipinv.bureau.disposal import Disposal
from equipinv.codes import make_credit_code
from equipinv.db import open_database, session_scope
from equipinv.exchange.ledger_export import filled_template
from equipinv.exchange.ledger_import import import_ledger
from equipinv.exchange.package import export_package, import_package
from equipinv.exchange.template import write_template
from equipinv.ledger import add_enterprise, add_equipment
from equipinv.models import EliminationRecord, Enterprise, Equipment, Plan, PlanItem
from equipinv.targets import assess_targets
from equipinv.targets.plans import nev_definition
from equipinv.validation import ValidationFailed

AS_OF = dt.date(2026, 12, 3)
_SEQ = itertools.count(1)


def _status(report, metric: str):
    [found] = [s for s in report.statuses if s.plan.id == "zhangjiakou_2024_4" and s.target.metric == metric]
    return found


def _fleet_company(session: Session) -> Enterprise:
    return add_enterprise(session, {"credit_code": make_credit_code("12130705MB0FLEET1"), "name": "宣化公交公司",
                                    "region_code": "130705", "industry_code": "5411",
                                    "equipment_investment_2023_yuan": "300万元"}, actor="test")


def _add(session: Session, e: Enterprise, **raw: object) -> Equipment:
    row = {"asset_no": f"CL-{next(_SEQ):03d}", "name": "车辆", "category": "vehicle", "commissioning_date": "2025-03"}
    return add_equipment(session, e, row | raw, actor="test", today=AS_OF)


def test_nev_fuels_of_the_definition_are_fuel_kinds() -> None:
    nev = nev_definition()
    assert set(nev.fuels) <= set(labels.FUELS) and {"hydrogen", "phev", "electric"} == set(nev.fuels)
    assert "methanol" in labels.FUELS and "hev" in labels.FUELS and "插电式混合动力" in nev.quote


def test_bus_and_taxi_shares_read_the_vehicle_use_and_the_nev_fuel_kinds(engine: sa.Engine) -> None:
    with Session(engine) as session:
        e = _fleet_company(session)
        for fuel in ("纯电动", "插电混动", "氢燃料", "甲醇", "油电混合", "柴油"):  # 3 of 6 new-energy
            _add(session, e, vehicle_use="公交", vehicle_type="大型营运载客汽车（其他）", fuel=fuel)
        _add(session, e, vehicle_type="公交客运汽车", fuel="electric")  # no use: read from its type -> 4 of 7
        _add(session, e, vehicle_use="通勤班车", vehicle_type="公交客运汽车", fuel="diesel")  # a use says no bus
        _add(session, e, vehicle_use="公交", fuel="electric", commissioning_date="2019-05")  # not 新增及更新
        _add(session, e, vehicle_use="出租", vehicle_type="小、微型出租客运汽车", fuel="electric")
        _add(session, e, vehicle_use="taxi", vehicle_type="小、微型出租客运汽车", fuel="gas")
        session.commit()
        report = assess_targets(session, "130700", AS_OF)
        stored = session.exec(select(Equipment.fuel).where(Equipment.vehicle_use == "bus")).all()
    bus = _status(report, "nev_share_bus")
    assert (bus.result.numerator, bus.result.denominator) == (4, 7) and bus.status == "not_met"
    assert "甲醇 1 辆" in bus.result.note and "油电混合动力（非插电） 1 辆" in bus.result.note
    assert sorted(f for f in stored if f) == sorted(["electric", "phev", "hydrogen", "methanol", "hev", "diesel",
                                                     "electric"])
    taxi = _status(report, "nev_share_taxi")
    assert taxi.result.value == pytest.approx(0.5) and taxi.status == "not_met" and taxi.gap == pytest.approx(0.3)


def test_a_vehicle_use_outside_the_list_is_refused_naming_the_field(engine: sa.Engine) -> None:
    with Session(engine) as session:
        e = _fleet_company(session)
        with pytest.raises(ValidationFailed) as caught:
            _add(session, e, vehicle_use="飞行器")
    assert "车辆用途" in str(caught.value) and "飞行器" in str(caught.value)


def test_heavy_trucks_count_only_new_energy_heavy_trucks(engine: sa.Engine) -> None:
    with Session(engine) as session:
        e = _fleet_company(session)
        heavy = "重型载货汽车（包括半挂牵引车和全挂牵引车）"
        for fuel, quantity in (("hydrogen", 2), ("electric", 1), ("phev", 1), ("diesel", 3), ("methanol", 1)):
            _add(session, e, category="truck", vehicle_type=heavy, fuel=fuel, quantity=quantity)
        _add(session, e, category="truck", vehicle_type="中、轻型载货汽车", fuel="electric")
        _add(session, e, category="truck", vehicle_type=heavy, fuel="electric", commissioning_date="2022-01")
        session.commit()
        trucks = _status(assess_targets(session, "130700", AS_OF), "nev_heavy_trucks")
    assert trucks.result.value == 4 and trucks.gap == 196 and "甲醇 1 辆" in trucks.result.note


def test_farm_machines_scrapped_are_the_closure_records_done_since_2024(engine: sa.Engine,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EQUIPINV_USER", "clerk")
    with Session(engine) as session:
        e = _fleet_company(session)
        units = [_add(session, e, category="farm_machine", name="拖拉机", quantity=q) for q in (3, 5, 7, 11)]
        units[3].status = "eliminated"  # marked eliminated in the ledger without a closure record: not counted
        opened = dt.datetime(2023, 6, 1, tzinfo=dt.UTC)  # the findings date from before the campaign
        records = [EliminationRecord(equipment_id=u.id, enterprise_id=e.id, basis="test", deadline=dt.date(2028, 6, 30),
                                     created_at=opened) for u in units[:3]]
        session.add_all(records)
        session.flush()
        mark_done(session, records[0], done_date=dt.date(2025, 4, 1), evidence="回收证明",
                  disposal=Disposal("回收", "农机回收站", quantity=3))  # done, not yet verified: counts
        mark_done(session, records[1], done_date=dt.date(2023, 12, 20), evidence="回收证明",
                  disposal=Disposal("回收", "农机回收站", quantity=5))  # before the campaign: not counted
        session.commit()
        scrapped = _status(assess_targets(session, "130700", AS_OF), "farm_machines_scrapped")
    assert scrapped.result.value == 3 and scrapped.result.projected == {2028: 10}  # the planned 7 by 2028
    assert scrapped.gap == 1997 and scrapped.result.baseline.startswith("2024年起累计")


def test_the_projection_follows_the_regions_own_plan_before_the_database_wide_one(engine: sa.Engine) -> None:
    with Session(engine) as session:
        e = _fleet_company(session)
        unit = _add(session, e, category="motor", name="电机", rated_power_kw="30 kW")
        unit.benchmark_level = "access"
        wide = Plan(objective="npv", model_version="test", status="accepted")
        own = Plan(objective="npv", model_version="test", status="accepted", scope_kind="region", region_code="130700")
        session.add_all([wide, own])
        session.flush()
        session.add_all([PlanItem(plan_id=wide.id, equipment_id=unit.id, action="energy_saving", year=2027,
                                  investment_yuan=9.0e6),
                         PlanItem(plan_id=own.id, equipment_id=unit.id, action="energy_saving", year=2027,
                                  investment_yuan=4.5e6)])
        session.commit()
        report = assess_targets(session, "130700", AS_OF)
    growth = _status(report, "equipment_investment_growth")
    assert growth.result.projected == {2027: pytest.approx(0.5)}  # 450万 against the 300万 of 2023, not 900万
    assert f"第 {own.id} 号" in report.renewal_plan and "本地区" in report.renewal_plan


def test_vehicle_and_machine_tool_attributes_and_the_baseline_travel(tmp_path: Path) -> None:
    source = open_database(tmp_path / "enterprise.sqlite")
    with session_scope(source) as session:
        e = _fleet_company(session)
        _add(session, e, asset_no="CL-H2", vehicle_use="公交", fuel="氢燃料", vehicle_type="公交客运汽车")
        _add(session, e, asset_no="JC-01", category="machine_tool", name="数控车床", cnc="是", key_process="是")
    with Session(source) as session:
        e = session.exec(select(Enterprise)).one()
        template = write_template(tmp_path / "t.xlsx", filled_template(session, e))
        package = export_package(session, e, tmp_path / "p.zip", period="2026-11")
    source.dispose()
    for name, load in (("via-template", lambda s: import_ledger(s, template, today=AS_OF)),
                       ("via-package", lambda s: import_package(s, package))):
        county = open_database(tmp_path / f"{name}.sqlite")
        with session_scope(county) as session:
            assert not load(session).rejected
        with Session(county) as session:
            units = {u.asset_no: u for u in session.exec(select(Equipment))}
            baseline = session.exec(select(Enterprise.equipment_investment_2023_yuan)).one()
        county.dispose()
        assert (units["CL-H2"].vehicle_use, units["CL-H2"].fuel) == ("bus", "hydrogen"), name
        assert (units["JC-01"].cnc, units["JC-01"].key_process) == (True, True), name
        assert baseline == 3.0e6, name
