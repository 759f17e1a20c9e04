"""Closing eliminations and the dekad / month figures on a hand-checked example; roll-up totals."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from equipinv.bureau.disposal import Disposal
from equipinv.bureau.closure import ClosureError, mark_done, period_bounds, progress, verify
from equipinv.bureau.rollup import rollup
from equipinv.codes import make_credit_code
from equipinv.db import session_scope
from equipinv.ledger import ConflictError, add_enterprise, add_equipment, edit_equipment
from equipinv.models import AuditLog, EliminationRecord, Equipment


OPENED = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)  # the check that opened the records
SCRAP = Disposal("回收", "吕梁市再生资源回收有限公司", "晋回收-2026-018", quantity=1)


def _record(session: Session, enterprise, asset: str, deadline: dt.date | None) -> EliminationRecord:
    unit = add_equipment(session, enterprise, {"asset_no": asset, "name": "旧电机", "category": "motor"})
    record = EliminationRecord(equipment_id=unit.id, enterprise_id=enterprise.id, basis="《测试目录》第1项",
                               basis_kind="catalogue", deadline=deadline, created_at=OPENED)
    session.add(record)
    session.flush()
    return record


@pytest.fixture
def example(engine: sa.Engine, monkeypatch: pytest.MonkeyPatch) -> sa.Engine:
    """Xiaoyi (141181, coking C25) has 3 records, Liulin (141125, coal B06) has 2."""
    monkeypatch.setenv("EQUIPINV_USER", "enterprise_clerk")  # on SQLite the login is the recorded user
    with session_scope(engine) as s:
        xiaoyi = add_enterprise(s, {"credit_code": make_credit_code("91141181MA0GX5K2L"), "name": "孝义焦化",
                                    "region_code": "141181", "industry_code": "2521"})
        liulin = add_enterprise(s, {"credit_code": make_credit_code("91141125MA0H3T8Q7"), "name": "柳林煤业",
                                    "region_code": "141125", "industry_code": "0610"})
        a = _record(s, xiaoyi, "A", dt.date(2026, 10, 31))  # overdue unless done
        b = _record(s, xiaoyi, "B", dt.date(2026, 12, 31))
        c = _record(s, xiaoyi, "C", None)  # no deadline of its own: due by the end of the campaign
        d = _record(s, liulin, "D", dt.date(2026, 11, 15))
        e = _record(s, liulin, "E", dt.date(2027, 6, 30))
        mark_done(s, b, done_date=dt.date(2026, 11, 12), evidence="拆除照片", disposal=SCRAP)
        mark_done(s, d, done_date=dt.date(2026, 11, 3), evidence="回收证明 HS-001", disposal=SCRAP)
        monkeypatch.setenv("EQUIPINV_USER", "bureau_wang")  # another login verifies
        verify(s, d, verified_date=dt.date(2026, 11, 14), verified_by="王科长")
        mark_done(s, e, done_date=dt.date(2026, 10, 20), evidence="回收证明 HS-002", disposal=SCRAP)
        assert (a.status, c.status) == ("planned", "planned")
    return engine


def test_period_bounds() -> None:
    assert period_bounds(dt.date(2026, 11, 5), "dekad") == (dt.date(2026, 11, 1), dt.date(2026, 11, 10))
    assert period_bounds(dt.date(2026, 11, 20), "dekad") == (dt.date(2026, 11, 11), dt.date(2026, 11, 20))
    assert period_bounds(dt.date(2026, 2, 25), "dekad") == (dt.date(2026, 2, 21), dt.date(2026, 2, 28))
    assert period_bounds(dt.date(2026, 11, 22), "month") == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    with pytest.raises(ValueError, match="周期"):
        period_bounds(dt.date(2026, 11, 22), "week")


def test_dekad_figures_by_hand(example: sa.Engine) -> None:
    with Session(example) as s:
        report = progress(s, as_of=dt.date(2026, 11, 15), period="dekad")  # 11-11 .. 11-20
    total = report.total
    # A planned+overdue, B done (11-12), C planned, D verified (11-14), E done (10-20)
    assert (total.planned, total.done, total.verified, total.overdue) == (2, 2, 1, 1)
    assert (total.done_in_period, total.verified_in_period) == (1, 1)  # B done, D verified in 11-11..11-20
    by_county = {r.key: r for r in report.by_county}
    assert (by_county["141181"].planned, by_county["141181"].done, by_county["141181"].overdue) == (2, 1, 1)
    assert (by_county["141125"].done, by_county["141125"].verified) == (1, 1)
    assert {r.key for r in report.by_industry} == {"C25", "B06"}
    problems = {(p["asset_no"], p["problem"]) for p in report.problems}
    assert problems == {("A", "逾期未完成"), ("E", "已完成但超过一个周期未核验销号")}  # C: due by the end of 2027


def test_a_past_period_counts_what_stood_then(example: sa.Engine) -> None:
    with Session(example) as s:
        report = progress(s, as_of=dt.date(2026, 10, 25), period="dekad")  # 10-21 .. 10-31
    assert (report.total.planned, report.total.done, report.total.verified) == (4, 1, 0)


def test_closure_rules_and_audit(example: sa.Engine) -> None:
    with session_scope(example) as s:
        a = s.exec(select(EliminationRecord).join(Equipment).where(Equipment.asset_no == "A")).one()
        with pytest.raises(ClosureError, match="须先报告已完成"):
            verify(s, a, verified_date=dt.date(2026, 11, 20), verified_by="王科长")
        with pytest.raises(ClosureError, match="证明材料"):
            mark_done(s, a, done_date=dt.date(2026, 11, 20), evidence=" ", disposal=SCRAP)
        with pytest.raises(ClosureError, match="晚于今天"):
            mark_done(s, a, done_date=dt.date.today() + dt.timedelta(days=3), evidence="照片", disposal=SCRAP)
    with Session(example) as s:
        d = s.exec(select(EliminationRecord).join(Equipment).where(Equipment.asset_no == "D")).one()
        unit = s.get(Equipment, d.equipment_id)
        assert unit is not None and unit.status == "eliminated"  # verified -> retired from the ledger
        actions = s.exec(select(AuditLog.action).where(AuditLog.table_name == "eliminationrecord",
                                                       AuditLog.row_id == d.id)).all()
        assert actions == ["done", "verify"]


def test_two_staff_closing_the_same_item(example: sa.Engine) -> None:
    with session_scope(example) as first, session_scope(example) as second:
        query = select(EliminationRecord).join(Equipment).where(Equipment.asset_no == "A")
        mine, theirs = first.exec(query).one(), second.exec(query).one()
        version = theirs.version
        mark_done(first, mine, done_date=dt.date(2026, 11, 18), evidence="照片一", disposal=SCRAP)
        first.commit()
        with pytest.raises(ConflictError, match="已被他人修改"):
            mark_done(second, theirs, done_date=dt.date(2026, 11, 19), evidence="照片二", disposal=SCRAP, expected_version=version)
    with Session(example) as s:
        a = s.exec(select(EliminationRecord).join(Equipment).where(Equipment.asset_no == "A")).one()
        assert (a.status, a.evidence) == ("done", "照片一")


def test_two_staff_editing_the_same_unit(example: sa.Engine) -> None:
    with session_scope(example) as first, session_scope(example) as second:
        query = select(Equipment).where(Equipment.asset_no == "A")
        mine, theirs = first.exec(query).one(), second.exec(query).one()
        version = theirs.version
        edit_equipment(first, mine, {"model": "Y2-200L-4"}, expected_version=version)
        first.commit()
        with pytest.raises(ConflictError, match="已被他人修改"):
            edit_equipment(second, theirs, {"model": "YE3-200L-4"}, expected_version=version)
    with Session(example) as s:
        assert s.exec(select(Equipment.model).where(Equipment.asset_no == "A")).one() == "Y2-200L-4"


def test_rollup_rows_add_up_to_the_total(example: sa.Engine) -> None:
    with Session(example) as s:
        for region, by in (("141100", "region"), ("140000", "region"), ("141100", "industry")):
            rows, total = rollup(s, region, by=by)
            assert rows
            for name in ("enterprises", "units", "open_eliminations", "past_design_life"):
                assert sum(getattr(r, name) for r in rows) == getattr(total, name)
            for level, n in total.levels.items():
                assert sum(r.levels[level] for r in rows) == n
        rows, total = rollup(s, "141100", by="region")
    assert {r.key for r in rows} == {"141181", "141125"} and total.units == 3 + 1  # D's unit is retired
    assert total.open_eliminations == 4  # all but the verified one
