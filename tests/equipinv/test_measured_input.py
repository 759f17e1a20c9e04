"""A measured input power travels from the ledger into the planner's savings and the demand list's notes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from sqlmodel import Session

from equipinv.cli import main
from equipinv.cli_support import STATE
from equipinv.codes import make_credit_code
from equipinv.config import Config
from equipinv.db import open_database
from equipinv.grading import grade_one
from equipinv.lists import Scope
from equipinv.models import Enterprise, Equipment
from equipinv.planner import load_planning_data
from equipinv.planning.savings import motor_savings, pump_fan_savings

ON = dt.date(2026, 6, 1)


def _ledger(path: Path) -> None:
    engine = open_database(path)
    with Session(engine) as session:
        enterprise = Enterprise(credit_code=make_credit_code("91141181MA0GX5K2L"), name="实测功率测试企业",
                                region_code="141181", industry_code="C2521")
        session.add(enterprise)
        session.commit()
        common = {"enterprise_id": enterprise.id, "poles": 4, "operating_hours_per_year": 6000.0, "load_factor": 0.6}
        units = [Equipment(asset_no="M-1", name="皮带机电机", category="motor", rated_power_kw=75.0, efficiency_pct=91.0,
                           measured_input_kw=40.0, **common),
                 Equipment(asset_no="M-2", name="皮带机电机", category="motor", rated_power_kw=75.0, efficiency_pct=91.0,
                           **common),
                 Equipment(asset_no="P-1", name="循环水泵", category="pump", rated_power_kw=45.0, efficiency_pct=60.0,
                           flow_m3_h=200.0, head_m=40.0, speed_rpm=1480.0, measured_input_kw=30.0,
                           rating_params={"pump_type": "end_suction", "stages": 1}, **common)]
        session.add_all(units)
        session.commit()
        for unit in units:
            grade_one(session, unit, on=ON)
        session.commit()
    engine.dispose()


def test_planner_values_the_old_unit_by_its_measured_input(tmp_path: Path) -> None:
    path = tmp_path / "measured.sqlite"
    _ledger(path)
    engine = open_database(path)
    with Session(engine) as session:
        enterprise = session.get(Enterprise, 1)
        assert enterprise is not None
        data = load_planning_data(session, Scope.enterprise(enterprise), Config(), on=ON)
    engine.dispose()
    by_asset = {u.asset_no: i for i, u in enumerate(data.units)}
    m1, m2, p1 = by_asset["M-1"], by_asset["M-2"], by_asset["P-1"]
    new_eff = data.replacement_efficiency_pct
    measured = motor_savings([75.0], [6000.0], [0.6], [91.0], [new_eff[m1]], poles=[4], measured_input_kw=[40.0])
    nameplate = motor_savings([75.0], [6000.0], [0.6], [91.0], [new_eff[m2]], poles=[4])
    saved = data.candidates.energy_saved[:, 1]  # the energy-saving-level replacement
    assert np.isfinite(new_eff[m1]) and saved[m1] == pytest.approx(measured.energy_saved[0], rel=1e-9)
    assert saved[m2] == pytest.approx(nameplate.energy_saved[0], rel=1e-9)
    assert saved[m1] != pytest.approx(saved[m2], rel=1e-3)  # the measurement changed the figure
    pump = pump_fan_savings([45.0], [6000.0], [0.6], [60.0], [new_eff[p1]], poles=[4], measured_input_kw=[30.0])
    assert np.isfinite(pump.energy_saved[0]) and saved[p1] == pytest.approx(pump.energy_saved[0], rel=1e-9)
    assert data.candidates.complete[p1, 1], data.candidates.missing_fields(p1, 1)


def test_demand_list_says_which_units_were_measured(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "measured.sqlite"
    _ledger(path)

    def run(*args: str) -> tuple[int, str]:
        STATE._engine = None
        code = main(["--db", str(path), *args])
        out, _ = capsys.readouterr()
        STATE._engine = None
        return code, out

    code, out = run("plan", "--budget", "2027=1e7,2028=1e7", "--json")
    assert code == 0
    items = json.loads(out)["items"]
    code, out = run("lists", "demand", "--json")
    notes = json.loads(out)["notes"]
    measured = sum(1 for i in items if i["asset_no"] in ("M-1", "P-1"))
    note = next(n for n in notes if "实测输入功率" in n)
    assert f"{measured} 项按实测输入功率计算" in note and f"其余 {len(items) - measured} 项" in note
