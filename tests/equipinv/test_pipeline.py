"""Grading and checking the stored demo ledger, and the lists built from the results."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

import catalog
import efficiency_tables as et
from equipinv.bureau.closure import mark_done
from equipinv.bureau.disposal import Disposal
from equipinv.checking import check_stored_units
from equipinv.config import Config
from equipinv.db import open_database, session_scope
from equipinv.demo import DEMO_TODAY, build_demo
from equipinv.elimination_basis import basis_kind
from equipinv.grading import grade_stored_units, unit_parameters
from equipinv.listing import ELIMINATION_COLUMNS
from equipinv.lists import LIST_IDS, Scope, build_list
from equipinv.models import EliminationRecord, Enterprise, Equipment, Finding
from equipinv.services import units
from equipinv.services.context import Context


@pytest.fixture(scope="module")
def demo_engine(tmp_path_factory: pytest.TempPathFactory) -> sa.Engine:
    engine = open_database(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    with session_scope(engine) as s:
        build_demo(s)
    with session_scope(engine) as s:
        grade_stored_units(s, on=DEMO_TODAY)
    with session_scope(engine) as s:
        check_stored_units(s, as_of=DEMO_TODAY)
    return engine


def test_stored_grades_equal_the_per_unit_grader(demo_engine: sa.Engine) -> None:
    with Session(demo_engine) as s:
        units = s.exec(select(Equipment)).all()
        assert units
        for u in units:
            expected = et.grade_unit(u.category, unit_parameters(u), on=DEMO_TODAY)
            assert u.grade == expected.grade, u.asset_no
            assert u.benchmark_level == (expected.level or "ungraded"), u.asset_no
            assert (u.grade_detail or {}).get("reason") == expected.ungradable_reason
            if expected.standard:
                assert u.grade_standard == f"{expected.standard}-{expected.edition}"


def test_every_graded_category_has_a_level_and_ungradable_units_say_why(demo_engine: sa.Engine) -> None:
    with Session(demo_engine) as s:
        rows = s.exec(select(Equipment.category, Equipment.benchmark_level, Equipment.grade_detail)).all()
    motors = [level for cat, level, _ in rows if cat == "motor"]
    assert {"below_access", "access"} <= set(motors)
    for _cat, level, detail in rows:
        if level == "ungraded":
            assert detail and detail["reason"], "an ungraded unit must carry its reason"


def test_stored_findings_equal_the_per_unit_matcher(demo_engine: sa.Engine) -> None:
    from equipinv.checking import unit_facts

    with Session(demo_engine) as s:
        units = s.exec(select(Equipment)).all()
        region = {e.id: e.region_code for e in s.exec(select(Enterprise))}
        stored = {(f.equipment_id, f.rule_id, f.outcome) for f in s.exec(select(Finding))}
    expected = {(u.id, f.rule_id, f.outcome) for u in units
                for f in catalog.match_unit(unit_facts(u, region[u.enterprise_id]), as_of=DEMO_TODAY)}
    assert stored == expected and stored


def test_legal_findings_open_elimination_records(demo_engine: sa.Engine) -> None:
    """Every unit a law condemns (catalogue, scrapping age, named truck rule, below access) gets a record."""
    with Session(demo_engine) as s:
        findings = s.exec(select(Finding)).all()
        records = s.exec(select(EliminationRecord)).all()
    legal = {f.equipment_id: basis_kind(f.rule_id, f.catalogue_id, f.kind, f.outcome) for f in findings
             if basis_kind(f.rule_id, f.catalogue_id, f.kind, f.outcome)}
    mandatory_units = {f.equipment_id for f in findings if f.kind == "mandatory" and f.outcome == "match"}
    assert {r.equipment_id for r in records} == set(legal) > mandatory_units
    assert {r.basis_kind for r in records} >= {"catalogue", "scrap_age", "emission", "below_access"}
    assert all(r.status == "planned" and r.basis.startswith("《") for r in records)


def test_rechecking_is_idempotent_and_keeps_closed_records(demo_engine: sa.Engine) -> None:
    with session_scope(demo_engine) as s:
        record = s.exec(select(EliminationRecord)).first()
        assert record is not None
        mark_done(s, record, done_date=dt.date.today(), evidence="拆除照片",  # the database records who
                  disposal=Disposal("拆解", "吕梁市再生资源回收有限公司", "晋回收-2026-018", quantity=1))
        rid = record.id
        before = s.exec(select(sa.func.count()).select_from(Finding)).one()
    with session_scope(demo_engine) as s:
        check_stored_units(s, as_of=DEMO_TODAY)
    with Session(demo_engine) as s:
        assert s.exec(select(sa.func.count()).select_from(Finding)).one() == before
        again = s.get(EliminationRecord, rid)
        assert again is not None and again.status == "done"


def test_editing_a_unit_regrades_and_rechecks_it(demo_engine: sa.Engine) -> None:
    """The edit use case stores the new grade and findings itself: read back from a fresh session."""
    with Session(demo_engine) as s:
        unit = s.exec(select(Equipment).where(Equipment.category == "motor", Equipment.model.startswith("YE3"),  # type: ignore[union-attr]
                                              Equipment.poles.is_not(None), Equipment.efficiency_pct.is_not(None))).first()  # type: ignore[union-attr]
        assert unit is not None and unit.benchmark_level != "below_access" and unit.id is not None
        unit_id = unit.id
    units.edit_unit(Context.on(demo_engine, Config(), DEMO_TODAY), unit_id, {"efficiency_pct": "60"})
    with Session(demo_engine) as s:
        stored = s.get(Equipment, unit_id)
        assert stored is not None and stored.benchmark_level == "below_access" and stored.efficiency_pct == 60
        findings = s.exec(select(Finding).where(Finding.equipment_id == unit_id)).all()
    assert any(f.rule_id == "benchmark-below-access" and f.outcome == "match" for f in findings)


def test_every_list_has_the_columns_the_plans_name(demo_engine: sa.Engine) -> None:
    with Session(demo_engine) as s:
        scope = Scope.region(s, "141100")
        for list_id in LIST_IDS:
            doc = build_list(s, list_id, scope, today=DEMO_TODAY)
            assert doc.title and doc.columns
        elimination = build_list(s, "elimination", scope, today=DEMO_TODAY)
    headers = [c.header for c in elimination.columns]
    for named in ("淘汰设备名称", "服务年限（年）", "淘汰标准", "淘汰时间表", "更新设备名称", "项目单位", "型号", "数量"):
        assert named in headers
    assert elimination.row_count > 0
    assert all(row["basis"].startswith("《") for section in elimination.sections for row in section.rows)
    assert [c.key for c in elimination.columns] == [c.key for c in ELIMINATION_COLUMNS]


def test_region_scope_covers_only_its_counties(demo_engine: sa.Engine) -> None:
    with Session(demo_engine) as s:
        lvliang = build_list(s, "current_state", Scope.region(s, "141100"), today=DEMO_TODAY)
        everything = build_list(s, "current_state", Scope.everything(s), today=DEMO_TODAY)
        names = {sec.title for sec in lvliang.sections}
        all_names = set(s.exec(select(Enterprise.name)).all())
    assert "沁水县城镇供水公司" not in names and "孝义市金晖焦化有限公司" in names
    assert {sec.title for sec in everything.sections} == all_names


def test_grading_and_checking_on_postgres(pg_url: str) -> None:
    engine = open_database(pg_url, migrate=True)
    with session_scope(engine) as s:
        build_demo(s)
    with session_scope(engine) as s:
        graded = grade_stored_units(s, on=DEMO_TODAY)
    with session_scope(engine) as s:
        checked = check_stored_units(s, as_of=DEMO_TODAY)
    assert graded.graded > 200 and checked.units_with_mandatory > 10
    with Session(engine) as s:
        assert s.exec(select(sa.func.count()).select_from(EliminationRecord)).one() == checked.units_with_legal_basis
    engine.dispose()
