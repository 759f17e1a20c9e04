"""Attack 2: signing off one's own work. Eliminations move only planned -> done -> verified, another
login verifies, verified records never change; stored submissions cannot be forged — all held by the
database, so raw SQL through a county login fails as the program does."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlmodel import select

from equipinv.bureau.closure import ClosureError, mark_done, verify
from equipinv.bureau.disposal import Disposal
from equipinv.db import session_scope
from equipinv.models import EliminationRecord
from tests.security.conftest import XIAOYI, Site

_OPEN = ("SELECT r.id FROM eliminationrecord r JOIN enterprise e ON e.id = r.enterprise_id "
         f"WHERE e.region_code = '{XIAOYI}' AND r.status = 'planned' ORDER BY r.id LIMIT 1")


def _refused(engine: sa.Engine, sql: str, match: str, **params: object) -> None:
    with pytest.raises(sa.exc.DBAPIError, match=match), engine.begin() as c:
        c.execute(sa.text(sql), params)


def _done_by_clerk(site: Site) -> int:
    record_id = int(site.scalar(_OPEN) or 0)
    with session_scope(site.engine("clerk")) as s:
        record = s.get(EliminationRecord, record_id)
        assert record is not None
        mark_done(s, record, done_date=dt.date.today(), evidence="拆除照片",  # the record opened today
                  disposal=Disposal("拆解", "吕梁市再生资源回收有限公司", "晋回收-2026-018", quantity=1))
    assert site.scalar("SELECT done_login FROM eliminationrecord WHERE id = :i", i=record_id) == site.login("clerk")
    return record_id


def test_a_county_cannot_verify_by_plain_sql(site: Site) -> None:
    record_id = int(site.scalar(_OPEN) or 0)
    _refused(site.engine("clerk"), "UPDATE eliminationrecord SET status = 'verified', verified_by = '自己' WHERE id = :i",
             "planned -> done -> verified", i=record_id)
    _refused(site.engine("clerk"), "INSERT INTO eliminationrecord (equipment_id, enterprise_id, basis, status, created_at, "
             "updated_at, version) SELECT id, enterprise_id, 'x', 'verified', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1 "
             "FROM equipment WHERE id NOT IN (SELECT equipment_id FROM eliminationrecord) LIMIT 1", "starts planned")
    assert site.scalar("SELECT status FROM eliminationrecord WHERE id = :i", i=record_id) == "planned"


def test_the_login_that_reported_done_cannot_verify(site: Site) -> None:
    record_id = _done_by_clerk(site)
    clerk = site.engine("clerk")
    _refused(clerk, "UPDATE eliminationrecord SET status = 'verified', verified_date = '2026-11-03', verified_by = 'x' "
             "WHERE id = :i", "cannot verify it", i=record_id)
    with pytest.raises(ClosureError, match="cannot verify it"), session_scope(clerk) as s:
        verify(s, s.get(EliminationRecord, record_id), verified_date=dt.date.today(), verified_by="张三")
    _refused(clerk, "UPDATE eliminationrecord SET status = 'planned' WHERE id = :i", "planned -> done -> verified",
             i=record_id)
    with session_scope(site.engine("inspector")) as s:  # another login of the county verifies
        verify(s, s.get(EliminationRecord, record_id), verified_date=dt.date.today(), verified_by="李四")
    assert site.scalar("SELECT verified_login FROM eliminationrecord WHERE id = :i", i=record_id) == site.login("inspector")


def test_a_verified_record_is_immutable(site: Site) -> None:
    record_id = _done_by_clerk(site)
    with session_scope(site.engine("inspector")) as s:
        verify(s, s.get(EliminationRecord, record_id), verified_date=dt.date.today(), verified_by="李四")
    for engine in (site.engine("inspector"), site.owner):
        _refused(engine, "UPDATE eliminationrecord SET verified_date = '2026-12-01' WHERE id = :i", "immutable",
                 i=record_id)
        _refused(engine, "DELETE FROM eliminationrecord WHERE id = :i", "immutable", i=record_id)
    with session_scope(site.owner) as s:
        record = s.exec(select(EliminationRecord).where(EliminationRecord.id == record_id)).one()
        assert (record.status, record.verified_date, record.verified_by) == ("verified", dt.date.today(), "李四")


def test_a_county_cannot_forge_its_submissions(site: Site) -> None:
    own = int(site.scalar("SELECT s.id FROM submission s JOIN enterprise e ON e.id = s.enterprise_id "
                          f"WHERE e.region_code = '{XIAOYI}' ORDER BY s.id LIMIT 1") or 0)
    accepted = site.scalar("SELECT rows_accepted FROM submission WHERE id = :i", i=own)
    for engine in (site.engine("clerk"), site.owner):
        _refused(engine, "UPDATE submission SET rows_accepted = 99999 WHERE id = :i",
                 "cannot be changed|permission denied", i=own)
        _refused(engine, "DELETE FROM submission WHERE id = :i", "cannot be changed|permission denied", i=own)
    assert site.scalar("SELECT rows_accepted FROM submission WHERE id = :i", i=own) == accepted
