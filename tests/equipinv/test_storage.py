"""The model on SQLite and on a real PostgreSQL server: migrations, constraints, audit, locking."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from equipinv.codes import make_credit_code
from equipinv.db import current_revision, head_revision, make_engine, open_database, session_scope, upgrade
from equipinv.demo import DEMO_TODAY, build_demo
from equipinv.ledger import ConflictError, add_enterprise, add_equipment, edit_equipment, set_status
from equipinv.models import AuditLog, Enterprise, Equipment, Region
from equipinv.validation import ValidationFailed

CREDIT = make_credit_code("91141181MA0GX5K2L")


def _enterprise(session: Session) -> Enterprise:
    return add_enterprise(session, {"credit_code": CREDIT, "name": "测试焦化", "region_code": "141181",
                                    "industry_code": "C2521", "annual_energy_tce": "12000 tce"})


def test_migrations_build_the_schema_from_empty(db_url: str) -> None:
    engine = make_engine(db_url)
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    tables = set(sa.inspect(engine).get_table_names())
    assert {"enterprise", "equipment", "finding", "plan", "planitem", "eliminationrecord", "auditlog",
            "submission", "region", "site", "project"} <= tables
    with Session(engine) as s:
        assert s.exec(select(sa.func.count()).select_from(Region)).one() == 3213
    upgrade(engine)  # a second run changes nothing
    with Session(engine) as s:
        assert s.exec(select(sa.func.count()).select_from(Region)).one() == 3213


def test_units_round_trip_with_audit(engine: sa.Engine) -> None:
    with session_scope(engine) as s:
        ent = _enterprise(s)
        unit = add_equipment(s, ent, {"asset_no": "DJ-1", "name": "主电机", "category": "motor",
                                      "rated_power_kw": "100 hp", "poles": 4, "commissioning_date": "2009年6月",
                                      "value_sources": {"efficiency_pct": "measured"}, "efficiency_pct": "93.6",
                                      "site": "炼焦车间"})
        uid = unit.id
    with session_scope(engine) as s:
        stored = s.get(Equipment, uid)
        assert stored is not None
        assert stored.rated_power_kw == pytest.approx(74.56998715822701)
        assert stored.commissioning_date == dt.date(2009, 6, 1)
        assert stored.value_sources == {"efficiency_pct": "measured"}
        assert stored.site_id is not None
        audits = s.exec(select(AuditLog).where(AuditLog.row_id == uid, AuditLog.table_name == "equipment")).all()
        assert [a.action for a in audits] == ["create"]
        assert audits[0].changes["commissioning_date"] == "2009-06-01"


def test_duplicate_asset_number_is_refused_and_nothing_changes(engine: sa.Engine) -> None:
    with session_scope(engine) as s:
        ent = _enterprise(s)
        add_equipment(s, ent, {"asset_no": "DJ-1", "name": "主电机", "category": "motor"})
    with pytest.raises(ValidationFailed, match='资产编号 "DJ-1" 在本企业已存在'), session_scope(engine) as s:
        ent = s.exec(select(Enterprise)).one()
        add_equipment(s, ent, {"asset_no": "DJ-2", "name": "另一台", "category": "motor"})
        add_equipment(s, ent, {"asset_no": "DJ-1", "name": "重复", "category": "motor"})
    with Session(engine) as s:  # the whole unit of work rolled back: DJ-2 is not there either
        assert s.exec(select(Equipment.asset_no)).all() == ["DJ-1"]


def test_the_database_itself_enforces_unique_asset_numbers(engine: sa.Engine) -> None:
    with session_scope(engine) as s:
        ent = _enterprise(s)
        eid = ent.id
    with pytest.raises(sa.exc.IntegrityError), Session(engine) as s:
        s.add(Equipment(enterprise_id=eid, asset_no="X", name="a", category="motor"))
        s.add(Equipment(enterprise_id=eid, asset_no="X", name="b", category="motor"))
        s.commit()


def test_foreign_keys_are_enforced(engine: sa.Engine) -> None:
    with pytest.raises(sa.exc.IntegrityError), Session(engine) as s:
        s.add(Equipment(enterprise_id=99999, asset_no="X", name="a", category="motor"))
        s.commit()


def test_a_stale_edit_is_refused(engine: sa.Engine) -> None:
    with session_scope(engine) as s:
        unit = add_equipment(s, _enterprise(s), {"asset_no": "DJ-1", "name": "主电机", "category": "motor"})
        uid = unit.id
    with session_scope(engine) as first, session_scope(engine) as second:
        a, b = first.get(Equipment, uid), second.get(Equipment, uid)
        assert a is not None and b is not None
        edit_equipment(first, a, {"efficiency_pct": "93"})
        first.commit()
        with pytest.raises(ConflictError, match="已被他人修改"):
            edit_equipment(second, b, {"efficiency_pct": "94"}, expected_version=1)
    with Session(engine) as s:
        stored = s.get(Equipment, uid)
        assert stored is not None and stored.efficiency_pct == 93.0 and stored.version == 2


def test_retire_is_audited(engine: sa.Engine) -> None:
    with session_scope(engine) as s:
        unit = add_equipment(s, _enterprise(s), {"asset_no": "DJ-1", "name": "主电机", "category": "motor"})
        set_status(s, unit, "eliminated", actor="tester")
        uid = unit.id
    with Session(engine) as s:
        actions = s.exec(select(AuditLog.action).where(AuditLog.row_id == uid, AuditLog.table_name == "equipment")).all()
        assert actions == ["create", "retire"]
        stored = s.get(Equipment, uid)
        assert stored is not None and stored.status == "eliminated"


def test_timestamps_are_utc(engine: sa.Engine) -> None:
    before = dt.datetime.now(dt.UTC)
    with session_scope(engine) as s:
        uid = add_equipment(s, _enterprise(s), {"asset_no": "A", "name": "a", "category": "motor"}).id
    with Session(engine) as s:
        stored = s.get(Equipment, uid)
        assert stored is not None
        created = stored.created_at if stored.created_at.tzinfo else stored.created_at.replace(tzinfo=dt.UTC)
        assert abs((created - before).total_seconds()) < 60


def test_demo_builds_on_both_backends(db_url: str) -> None:
    engine = open_database(db_url, migrate=True)
    with session_scope(engine) as s:
        counts = build_demo(s, seed=7)
    with Session(engine) as s:
        assert s.exec(select(sa.func.count()).select_from(Equipment)).one() == counts["units"]
        categories = set(s.exec(select(Equipment.category)).all())
    assert counts["enterprises"] == 5 and 300 <= counts["units"] <= 1000
    assert {"motor", "transformer", "pump", "fan", "air_compressor", "boiler", "truck", "elevator",
            "pressure_vessel"} <= categories
    engine.dispose()


def test_demo_is_deterministic(tmp_path) -> None:
    rows = []
    for name in ("a", "b"):
        engine = open_database(tmp_path / f"{name}.sqlite")
        with session_scope(engine) as s:
            build_demo(s, seed=11)
        with Session(engine) as s:
            rows.append(s.exec(select(Equipment.asset_no, Equipment.model, Equipment.efficiency_pct,
                                      Equipment.commissioning_date).order_by(Equipment.id)).all())
    assert rows[0] == rows[1]
    assert any(r[3] and (DEMO_TODAY - r[3]).days > 20 * 365 for r in rows[0])  # some units are old


def test_a_ledger_made_at_the_first_schema_opens_in_this_version(db_url: str) -> None:
    """Rows written at revision 0001 survive the upgrade to head and gain the new columns empty."""
    engine = make_engine(db_url)
    upgrade(engine, "0001")
    with engine.begin() as c:
        c.execute(sa.text("INSERT INTO region (code, name, level) VALUES ('140000', '山西省', 'province')"))
        c.execute(sa.text(
            "INSERT INTO enterprise (credit_code, name, region_code, industry_code, created_at, updated_at, version) "
            "VALUES (:cc, '旧企业', '140000', '2521', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)"), {"cc": CREDIT})
        c.execute(sa.text(
            "INSERT INTO equipment (enterprise_id, asset_no, name, category, quantity, status, value_sources, "
            "created_at, updated_at, version) VALUES (1, 'OLD-1', '旧电机', 'motor', 1, 'in_use', '{}', "
            "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)"))
    assert current_revision(engine) == "0001"
    reopened = open_database(db_url, migrate=True)
    assert current_revision(reopened) == head_revision() != "0001"
    with Session(reopened) as s:
        unit = s.exec(select(Equipment)).one()
        assert (unit.asset_no, unit.operating, unit.rating_params) == ("OLD-1", None, {})
    reopened.dispose()
    engine.dispose()


def test_synthetic_ledger_is_deterministic_and_stores(tmp_path) -> None:
    from equipinv.synthetic import store_synthetic, synthetic_columns

    a, b = synthetic_columns(2000, seed=5), synthetic_columns(2000, seed=5)
    assert all((a[k] == b[k]).all() or (a[k].dtype.kind == "f" and ((a[k] == b[k]) | (a[k] != a[k])).all()) for k in a)
    assert set(a["category"]) >= {"motor", "transformer", "truck"}
    engine = open_database(tmp_path / "syn.sqlite")
    store_synthetic(engine, 3000, enterprises=3, seed=5)
    with Session(engine) as s:
        assert s.exec(select(sa.func.count()).select_from(Equipment)).one() == 3000
        assert s.exec(select(sa.func.count()).select_from(Enterprise)).one() == 3
