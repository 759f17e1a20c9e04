"""Decoded values fill only empty fields, carry `derived_from_model` through the database (both
backends), edits and a survey package, and a contradicting model is a warning, never applied."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from equipinv import designations
from equipinv.db import open_database, session_scope
from equipinv.exchange.package import export_package, import_package
from equipinv.grading import grade_one
from equipinv.ledger import add_enterprise, add_equipment, edit_equipment, find_equipment
from equipinv.models import Enterprise, Equipment
from equipinv.validation import validate_equipment

ENTERPRISE = {"credit_code": "91140100MA0K0XXX0X", "name": "型号测试企业", "region_code": "141100", "industry_code": "2521"}
DERIVED = designations.DERIVED


def _enterprise(session: Session) -> Enterprise:
    from equipinv.codes import make_credit_code

    return add_enterprise(session, ENTERPRISE | {"credit_code": make_credit_code("91141100MA0K0ABC0")})


UNITS = [
    {"asset_no": "M-1", "name": "皮带机电机", "category": "motor", "model": "Y315M-4", "rated_power_kw": "132 kW",
     "efficiency_pct": 94.0},
    {"asset_no": "M-2", "name": "水泵电机", "category": "motor", "model": "YE3-160L-6", "rated_power_kw": "11 kW",
     "poles": 4, "efficiency_pct": 90.0},  # the model says 6 poles: a warning, the entered 4 stays
    {"asset_no": "T-1", "name": "配电变压器", "category": "transformer", "model": "S11-M-800/10",
     "no_load_loss_w": "980 W", "load_loss_w": "7500 W", "connection_group": "Dyn11"},
    {"asset_no": "F-1", "name": "引风机", "category": "fan", "model": "4-72-11No.8C", "efficiency_pct": 82.0},
    {"asset_no": "B-1", "name": "燃煤锅炉", "category": "boiler", "model": "DZL4-1.25-AII", "thermal_efficiency_pct": 80},
]


def test_validator_fills_only_empty_fields_and_marks_them() -> None:
    clean = validate_equipment(UNITS[0])
    assert clean["poles"] == 4 and clean["value_sources"] == {"poles": DERIVED}
    entered = validate_equipment(UNITS[1])
    assert entered["poles"] == 4 and "poles" not in entered.get("value_sources", {})
    assert [c.field for c in designations.review(entered).conflicts] == ["poles"]
    assert "6" in designations.review(entered).conflicts[0].message
    fan = validate_equipment(UNITS[3])
    assert fan["rating_params"] == {"fan_type": "centrifugal", "pressure_coefficient": 0.4, "specific_speed": 72.0,
                                    "machine_number": 8.0}
    assert set(designations.derived_fields(fan["value_sources"])) == set(fan["rating_params"])
    nameplate = validate_equipment(UNITS[0] | {"poles": 4, "value_sources": {"poles": "nameplate"}})
    assert nameplate["value_sources"] == {"poles": "nameplate"}  # an entered value keeps its own source


def test_bad_designations_never_fail_a_row() -> None:
    for model in ("Y-?", "S9-/10", "Ｙ３１５Ｍ－４", " y315m-4 ", "4-72-11No.", "DZL4-1.25-AⅡ", "???", "型号不详"):
        category = {"S": "transformer", "4": "fan", "D": "boiler"}.get(model.strip()[:1], "motor")
        clean = validate_equipment({"asset_no": "X", "name": "x", "category": category, "model": model})
        assert clean["model"] == unicodedata.normalize("NFKC", model).strip()  # text is stored NFKC-normalised
    assert validate_equipment({"asset_no": "X", "name": "x", "category": "motor", "model": "Ｙ３１５Ｍ－４"})["poles"] == 4
    assert "capacity_kva" not in validate_equipment({"asset_no": "X", "name": "x", "category": "transformer",
                                                     "model": "S9-/10"})


def test_round_trip_through_the_database_and_edits(engine: sa.Engine) -> None:
    with session_scope(engine) as s:
        enterprise = _enterprise(s)
        for raw in UNITS:
            add_equipment(s, enterprise, raw)
    with Session(engine) as s:
        units = {u.asset_no: u for u in s.exec(select(Equipment))}
    assert units["M-1"].poles == 4 and units["M-1"].value_sources == {"poles": DERIVED}
    assert units["M-2"].poles == 4 and units["M-2"].value_sources == {}
    t = units["T-1"]
    assert (t.capacity_kva, t.voltage_kv, t.transformer_type, t.core_material) == (800.0, 10.0, "oil", "steel")
    assert designations.derived_fields(t.value_sources) == ["capacity_kva", "core_material", "transformer_type",
                                                            "voltage_kv"]
    b = units["B-1"]
    assert (b.capacity_t_h, b.pressure_mpa, b.fuel, b.rating_params) == (
        4.0, 1.25, "coal", {"firing": "grate", "coal_class": "bituminous_2"})
    with session_scope(engine) as s:
        enterprise = s.exec(select(Enterprise)).one()
        unit = find_equipment(s, enterprise, "M-1")
        edit_equipment(s, unit, {"model": "Y315M-6"})  # a new model: the derived value follows it
        assert unit.poles == 6 and unit.value_sources == {"poles": DERIVED}
        edit_equipment(s, unit, {"poles": 2})  # entered now: the mark goes, the model disagrees
        assert unit.poles == 2 and unit.value_sources == {}
        assert [c.field for c in designations.review(unit.model_dump()).conflicts] == ["poles"]
        other = find_equipment(s, enterprise, "T-1")
        edit_equipment(s, other, {"model": "型号不详"})  # the model no longer states them: derived values go
        assert (other.capacity_kva, other.transformer_type, other.value_sources) == (None, None, {})
        result = grade_one(s, find_equipment(s, enterprise, "F-1"))
        assert result.level and s.get(Equipment, unit.id) is not None
    with Session(engine) as s:
        fan = s.exec(select(Equipment).where(Equipment.asset_no == "F-1")).one()
        assert fan.grade_detail and set(fan.grade_detail["derived_fields"]) == {
            "fan_type", "pressure_coefficient", "specific_speed", "machine_number"}


def test_round_trip_through_a_survey_package(tmp_path: Path, engine: sa.Engine) -> None:
    source = open_database(tmp_path / "source.sqlite")
    with session_scope(source) as s:
        enterprise = _enterprise(s)
        for raw in UNITS:
            add_equipment(s, enterprise, raw)
        path = export_package(s, enterprise, tmp_path / "survey.zip", period="2026-11")
        exported = {u.asset_no: (u.poles, u.capacity_kva, dict(u.value_sources), dict(u.rating_params))
                    for u in s.exec(select(Equipment))}
    source.dispose()
    with session_scope(engine) as s:
        report = import_package(s, path)
    assert report.accepted == len(UNITS) and not report.rejected
    assert report.derived_units == 4 and [w["asset_no"] for w in report.designation_warnings] == ["M-2"]
    with Session(engine) as s:
        imported = {u.asset_no: (u.poles, u.capacity_kva, dict(u.value_sources), dict(u.rating_params))
                    for u in s.exec(select(Equipment))}
    assert imported == exported
    assert imported["M-1"][2] == {"poles": DERIVED} and imported["M-2"][2] == {}
