"""A truck is valued when its ledger row states the replacement's consumption (issue 20), else said missing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import Session

from equipinv.config import Config
from equipinv.db import open_database
from equipinv.lists import Scope
from equipinv.models import Enterprise, Equipment
from equipinv.planner import load_planning_data, recommend
from equipinv.planning.coefficients import Coefficients, Economics

ON = dt.date(2026, 12, 1)


def _truck(enterprise_id: int, asset_no: str, replacement: float | None) -> Equipment:
    return Equipment(enterprise_id=enterprise_id, asset_no=asset_no, name="运煤车", category="truck", fuel="diesel",
                     emission_standard="china_4", vehicle_type="重型载货汽车", operating=True,
                     commissioning_date=dt.date(2014, 5, 1), design_life_years=15.0, annual_distance_km=60_000.0,
                     fuel_l_per_100km=35.0, replacement_fuel_l_per_100km=replacement)


def test_stated_replacement_consumption_values_the_truck(tmp_path: Path) -> None:
    engine = open_database(tmp_path / "trucks.sqlite")
    with Session(engine) as session:
        enterprise = Enterprise(credit_code="91141100000000002X", name="货运测试企业", region_code="141100",
                                industry_code="2521")
        session.add(enterprise)
        session.commit()
        assert enterprise.id is not None
        session.add_all([_truck(enterprise.id, "T-1", 28.0), _truck(enterprise.id, "T-2", None)])
        session.commit()
        config = Config(economics=Economics().with_overrides({"fuel_price_yuan_per_unit": {"diesel": 7.5}}))
        data = load_planning_data(session, Scope.enterprise(enterprise), config, on=ON)
        _, lines = recommend(data, config=config)
    engine.dispose()
    by_asset = {line.asset_no: line for line in lines}
    litres_saved = (35.0 - 28.0) / 100 * 60_000  # 4,200 L of diesel a year
    coefficients = Coefficients()
    kgce, kgco2 = coefficients.fuel_factor("kgce", "diesel"), coefficients.fuel_factor("kgco2", "diesel")
    assert kgce is not None and kgco2 is not None
    valued = by_asset["T-1"]
    assert valued.annual_saving_tce == pytest.approx(litres_saved * kgce / 1000, abs=1e-4)  # lines round to 4 decimals
    assert valued.annual_saving_tco2 == pytest.approx(litres_saved * kgco2 / 1000, abs=1e-4)  # lines round to 4 decimals
    assert valued.decision != "incomplete" and valued.missing_fields == []
    assert valued.payback_years is not None and valued.payback_years > 0  # 4,200 L at 7.5 yuan a litre
    unvalued = by_asset["T-2"]  # the same truck with no replacement stated: said missing, never a zero
    assert unvalued.decision == "incomplete" and unvalued.missing_fields == ["new.fuel_per_100km"]
    assert unvalued.annual_saving_tce is None and unvalued.annual_saving_tco2 is None
