"""A fully described blower is planned (issue #14): the planner reads its polytropic efficiency."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
from sqlmodel import Session

from equipinv.config import Config
from equipinv.db import open_database
from equipinv.grading import grade_one
from equipinv.lists import Scope
from equipinv.models import Enterprise, Equipment
from equipinv.planner import load_planning_data, recommend

ON = dt.date(2025, 6, 1)


def test_fully_described_blower_is_not_incomplete(tmp_path: Path) -> None:
    engine = open_database(tmp_path / "blower.sqlite")
    with Session(engine) as session:
        enterprise = Enterprise(credit_code="91140000000000001X", name="鼓风机测试企业",
                                region_code="140000", industry_code="2511")
        session.add(enterprise)
        session.commit()
        blower = Equipment(enterprise_id=enterprise.id, asset_no="B-1", name="离心鼓风机", category="blower",
                           rated_power_kw=250.0, poles=2, operating_hours_per_year=7000.0, load_factor=0.8,
                           rating_params={"blower_type": "single_stage_low_speed", "b2_over_d2": 0.015,
                                          "impeller_d2_mm": 250, "polytropic_efficiency_pct": 52.0})
        session.add(blower)
        session.commit()
        grade = grade_one(session, blower, on=ON)
        assert grade.level not in (None, "ungraded")
        session.commit()
        config = Config()
        data = load_planning_data(session, Scope.enterprise(enterprise), config, on=ON)
        _, lines = recommend(data, config=config)
    engine.dispose()
    assert len(lines) == 1
    line = lines[0]
    assert line.decision != "incomplete" and line.decision_label != "数据不全", line.missing_fields
    assert line.missing_fields == []
    assert line.annual_saving_kwh is not None and line.annual_saving_kwh > 0
    assert np.isfinite(line.annual_saving_tco2) and line.annual_saving_tco2 > 0
