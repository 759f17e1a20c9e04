"""Migration 0010 (the integrity rules) on a ledger written before it: the old audit rows are chained, the rules switch on."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from equipinv.audit_chain import verify
from equipinv.db import make_engine, seed_regions, upgrade

_ROWS = [
    "INSERT INTO enterprise (id, credit_code, name, region_code, industry_code, created_at, updated_at, version) "
    "VALUES (1, '91141181MA0GX5K2LK', '旧企业', '141181', '2521', '2026-01-01', '2026-01-01', 1)",
    "INSERT INTO equipment (id, enterprise_id, asset_no, name, category, quantity, status, rating_params, "
    "value_sources, created_at, updated_at, version) VALUES (1, 1, 'OLD-1', '电机', 'motor', 1, 'in_use', '{}', '{}', "
    "'2026-01-01', '2026-01-01', 1)",
    "INSERT INTO eliminationrecord (id, equipment_id, enterprise_id, basis, status, done_date, evidence, created_at, "
    "updated_at, version) VALUES (1, 1, 1, '目录', 'done', '2026-02-01', '照片', '2026-01-01', '2026-01-01', 2)",
    *(f"INSERT INTO auditlog (at, actor, action, table_name, row_id, enterprise_id, changes) VALUES "
      f"('2026-01-0{n} 00:00:00', 'old', 'update', 'equipment', 1, {e}, '{{\"n\": {n}}}')"
      for n, e in ((1, 1), (2, "NULL"), (3, 1))),
]


def test_an_old_ledger_is_chained_and_guarded_after_the_upgrade(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EQUIPINV_USER", "inspector")
    engine = make_engine(db_url)
    upgrade(engine, "0003")
    seed_regions(engine)
    with engine.begin() as c:
        for statement in _ROWS:
            c.exec_driver_sql(statement)
    upgrade(engine)
    with engine.connect() as c:
        report = verify(c)
        assert report.rows == 3 and report.breaks == [] and set(report.heads) == {"", "1"}
        assert c.exec_driver_sql("SELECT done_login FROM eliminationrecord").scalar_one() == "(0010 之前)"
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as c:
        c.exec_driver_sql("DELETE FROM auditlog")
    with engine.begin() as c:  # a record reported done before 0010 can be verified by a login of today
        c.execute(sa.text("UPDATE eliminationrecord SET status = 'verified', verified_login = equipinv_login() "
                          "WHERE id = 1"))
    engine.dispose()
