"""Attack 1: rewriting the audit trail. The log is append-only in the database, the login is the
session's, and a row changed behind the triggers' back breaks the hash chain `audit verify` checks."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from equipinv.audit_chain import verify
from equipinv.cli import main
from equipinv.cli_support import STATE
from tests.security.conftest import XIAOYI, Site

_OWN_ROW = ("SELECT a.id FROM auditlog a JOIN enterprise e ON e.id = a.enterprise_id "
            f"WHERE e.region_code = '{XIAOYI}' ORDER BY a.id LIMIT 1")


def _refused(engine: sa.Engine, sql: str, **params: object) -> None:
    with pytest.raises(sa.exc.DBAPIError, match="append-only|permission denied"), engine.begin() as c:
        c.execute(sa.text(sql), params)


def test_a_county_login_cannot_change_or_delete_its_audit_rows(site: Site) -> None:
    row = site.scalar(_OWN_ROW)
    before = site.scalar("SELECT row_hash FROM auditlog WHERE id = :i", i=row)
    clerk = site.engine("clerk")
    with clerk.connect() as c:  # the county sees its own audit rows ...
        assert c.execute(sa.text("SELECT count(*) FROM auditlog WHERE id = :i"), {"i": row}).scalar_one() == 1
    _refused(clerk, "UPDATE auditlog SET action = 'nothing' WHERE id = :i", i=row)  # ... but cannot rewrite them
    _refused(clerk, "DELETE FROM auditlog WHERE id = :i", i=row)
    _refused(site.owner, "UPDATE auditlog SET actor = 'someone else' WHERE id = :i", i=row)  # not even the owner
    _refused(site.owner, "DELETE FROM auditlog")
    assert site.scalar("SELECT row_hash FROM auditlog WHERE id = :i", i=row) == before
    with site.owner.connect() as c:
        assert verify(c).breaks == []


def test_the_login_is_the_sessions_never_the_clients(site: Site) -> None:
    enterprise = site.scalar(f"SELECT id FROM enterprise WHERE region_code = '{XIAOYI}' ORDER BY id LIMIT 1")
    insert = ("INSERT INTO auditlog (at, actor, action, table_name, enterprise_id, changes) "
              "VALUES (CURRENT_TIMESTAMP, 'city_boss', 'update', 'equipment', :e, '{}')")
    clerk = site.engine("clerk")
    with clerk.begin() as c:
        c.execute(sa.text(insert), {"e": enterprise})
    login = site.scalar("SELECT login FROM auditlog ORDER BY id DESC LIMIT 1")
    assert login == site.login("clerk")  # the claimed actor is only a label; the login is recorded by the database
    forged = insert.replace("changes)", "changes, login, row_hash)").replace("'{}')", "'{}', 'city_boss', 'ab')")
    if site.backend == "sqlite":  # a forged login or hash is refused ...
        with pytest.raises(sa.exc.DBAPIError, match="written by the database"), clerk.begin() as c:
            c.execute(sa.text(forged), {"e": enterprise})
    else:  # ... or overwritten by the database
        with clerk.begin() as c:
            c.execute(sa.text(forged), {"e": enterprise})
        assert site.scalar("SELECT login FROM auditlog ORDER BY id DESC LIMIT 1") == site.login("clerk")
        assert site.scalar("SELECT row_hash FROM auditlog ORDER BY id DESC LIMIT 1") != "ab"
    if site.backend == "postgres":  # no anonymous rows in another login's name
        with pytest.raises(sa.exc.DBAPIError, match="row-level security"), clerk.begin() as c:
            c.execute(sa.text(insert), {"e": None})
    with site.owner.connect() as c:
        chain = verify(c)
    assert chain.breaks == [] and chain.rows == site.scalar("SELECT count(*) FROM auditlog")


def _tamper(site: Site, row: int) -> None:
    """What only someone who can switch the triggers off can do: change a stored audit row."""
    with site.owner.begin() as c:
        if site.backend == "postgres":
            c.exec_driver_sql("ALTER TABLE auditlog DISABLE TRIGGER auditlog_append_only")
            c.execute(sa.text("UPDATE auditlog SET changes = '{\"status\": \"in_use\"}' WHERE id = :i"), {"i": row})
            c.exec_driver_sql("ALTER TABLE auditlog ENABLE TRIGGER auditlog_append_only")
        else:
            c.exec_driver_sql("DROP TRIGGER auditlog_append_only")
            c.execute(sa.text("UPDATE auditlog SET changes = '{\"status\": \"in_use\"}' WHERE id = :i"), {"i": row})


def test_audit_verify_names_the_changed_row(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    url = site.owner.url.render_as_string(hide_password=False)
    STATE._engine = None
    assert main(["--db", url, "audit", "verify"]) == 0
    assert "审计日志完整" in capsys.readouterr().out
    row = int(site.scalar(_OWN_ROW) or 0) + 2
    _tamper(site, row)
    assert main(["--db", url, "audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert f"第 {row} 行" in out and "row changed after it was written" in out
    with site.owner.connect() as c:
        assert [b.row_id for b in verify(c).breaks] == [row]


def test_a_deleted_row_breaks_the_chain_after_it(site: Site, tmp_path: Path) -> None:
    row = int(site.scalar(_OWN_ROW) or 0) + 1
    with site.owner.begin() as c:
        if site.backend == "postgres":
            c.exec_driver_sql("ALTER TABLE auditlog DISABLE TRIGGER auditlog_append_only")
        else:
            c.exec_driver_sql("DROP TRIGGER auditlog_no_delete")
        c.execute(sa.text("DELETE FROM auditlog WHERE id = :i"), {"i": row})
    with site.owner.connect() as c:
        breaks = verify(c).breaks
    assert [b.row_id for b in breaks] == [row + 1] and "expected" in breaks[0].reason
