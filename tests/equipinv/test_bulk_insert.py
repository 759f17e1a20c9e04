"""Bulk inserts store exactly what the ORM would store, on SQLite and PostgreSQL (COPY)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Session, select

from equipinv.bulk_insert import insert_columns, update_columns
from equipinv.db import session_scope
from equipinv.ledger import add_enterprise
from equipinv.models import Equipment

WHEN = dt.datetime(2026, 11, 23, 4, 5, 6, 789000, tzinfo=dt.UTC)
ROWS = [
    {"asset_no": "A-1", "name": "电动机，甲", "category": "motor", "rated_power_kw": 75.5, "poles": 4,
     "commissioning_date": dt.date(2009, 6, 1), "variable_duty": True, "rating_params": {"冷却": "风冷"},
     "value_sources": {"efficiency_pct": "measured"}, "grade_detail": {"reason": None, "estimated_fields": []},
     "graded_at": WHEN, "notes": 'tab\there "quoted" \\ back\nslash'},
    {"asset_no": "A-2", "name": "泵", "category": "pump", "rated_power_kw": None, "poles": None,
     "commissioning_date": None, "variable_duty": False, "rating_params": {}, "value_sources": {},
     "grade_detail": None, "graded_at": None, "notes": "\\N"},  # the text of COPY's NULL marker is text
    {"asset_no": "A-3", "name": "a\rb\\t", "category": "fan", "rated_power_kw": 1e-05, "poles": 2,
     "commissioning_date": dt.date(1999, 12, 31), "variable_duty": None, "rating_params": {"k": [1, "二"]},
     "value_sources": {}, "grade_detail": {"missing": ["model", "年份\t"]}, "graded_at": WHEN, "notes": None},
]


def _stored(engine: sa.Engine, enterprise_id: int) -> list[dict[str, object]]:
    with Session(engine) as s:
        units = s.exec(select(Equipment).where(Equipment.enterprise_id == enterprise_id)
                       .order_by(Equipment.asset_no)).all()
        return [{k: getattr(u, k) for k in ROWS[0]} for u in units]


def test_column_insert_reads_back_like_orm_rows(engine: sa.Engine) -> None:
    with session_scope(engine) as s:
        orm = add_enterprise(s, {"credit_code": "91141181MA0GX5K2LK", "name": "乙", "region_code": "141181",
                                 "industry_code": "2521"}, actor="t")
        bulk = add_enterprise(s, {"credit_code": "91141181MA0GX5K3LL", "name": "丙", "region_code": "141181",
                                  "industry_code": "2521"}, actor="t")
        orm_id, bulk_id = orm.id, bulk.id
        for row in ROWS:
            s.add(Equipment(enterprise_id=orm_id, **row))
        now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        columns = {k: [r[k] for r in ROWS] for k in ROWS[0]} | {
            "enterprise_id": [bulk_id] * 3, "quantity": [1] * 3, "status": ["in_use"] * 3, "created_at": [now] * 3,
            "updated_at": [now] * 3, "version": [1] * 3}
        assert insert_columns(s.connection(), Equipment.__table__, columns) == 3
    assert _stored(engine, bulk_id) == _stored(engine, orm_id)
    naive = [r | {"graded_at": r["graded_at"] and r["graded_at"].replace(tzinfo=None)} for r in ROWS]
    assert [r | {"graded_at": r["graded_at"] and r["graded_at"].replace(tzinfo=None)}  # SQLite keeps no zone
            for r in _stored(engine, bulk_id)] == naive


def test_nothing_to_insert_is_no_statement(engine: sa.Engine) -> None:
    with session_scope(engine) as s:
        assert insert_columns(s.connection(), Equipment.__table__, {"asset_no": []}) == 0


def test_column_update_sets_the_listed_rows_only(engine: sa.Engine) -> None:
    """`update_columns` (COPY and UPDATE … FROM on PostgreSQL, executemany on SQLite) stores what the ORM would."""
    with session_scope(engine) as s:
        owner = add_enterprise(s, {"credit_code": "91141181MA0GX5K2LK", "name": "乙", "region_code": "141181",
                                   "industry_code": "2521"}, actor="t")
        units = [Equipment(enterprise_id=owner.id, **row) for row in ROWS]
        s.add_all(units)
        s.flush()
        ids = [u.id for u in units]
        changed = {"grade_detail": [{"reason": "新\t值", "estimated_fields": ["efficiency_pct"]}, None],
                   "graded_at": [WHEN + dt.timedelta(days=1), None], "notes": ["第二次\n", "\\N"],
                   "commissioning_date": [dt.date(2010, 1, 31), None]}
        assert update_columns(s.connection(), Equipment.__table__, [ids[0], ids[2]], changed) == 2
        assert update_columns(s.connection(), Equipment.__table__, [], {"notes": []}) == 0
    with Session(engine) as s:
        stored = {u.asset_no: u for u in s.exec(select(Equipment).where(Equipment.enterprise_id == owner.id)).all()}
        for asset_no, at in (("A-1", 0), ("A-3", 1)):
            unit = stored[asset_no]
            assert unit.grade_detail == changed["grade_detail"][at] and unit.notes == changed["notes"][at]
            assert unit.commissioning_date == changed["commissioning_date"][at]
            when = changed["graded_at"][at]
            assert (unit.graded_at and unit.graded_at.replace(tzinfo=None)) == (when and when.replace(tzinfo=None))
            assert unit.rating_params == ROWS[int(asset_no[-1]) - 1]["rating_params"], "other columns stay"
        assert stored["A-2"].notes == ROWS[1]["notes"] and stored["A-2"].graded_at is None, "unlisted rows stay"
