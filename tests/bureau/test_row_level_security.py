"""County staff see and change only their county, city staff read their counties — enforced by
PostgreSQL itself: raw SQL through each staff member's own login connection."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import select

from equipinv.bureau.assessments import AssessmentInput, record_assessment
from equipinv.bureau.security import add_staff, setup_roles
from equipinv.checking import check_stored_units
from equipinv.db import open_database, session_scope
from equipinv.demo import build_demo
from equipinv.exchange.ledger_import import import_ledger
from equipinv.ledger import NotFound
from equipinv.models import Equipment, Finding

pytestmark = pytest.mark.postgres

XIAOYI, LIULIN, LVLIANG = "141181", "141125", "141100"


@pytest.fixture
def staff(pg_url: str, pg_server_url: str) -> Iterator[dict[str, sa.Engine]]:
    """Demo data, policies, and three logins: Xiaoyi county (write), Liulin county (write), Lüliang city (read)."""
    owner = open_database(pg_url, migrate=True)
    with session_scope(owner) as s:
        build_demo(s)
    with session_scope(owner) as s:
        check_stored_units(s)
    setup_roles(owner)
    setup_roles(owner)  # idempotent
    suffix = uuid.uuid4().hex[:8]
    logins = {"xiaoyi": (f"county_{XIAOYI}_{suffix}", XIAOYI, True), "liulin": (f"county_{LIULIN}_{suffix}", LIULIN, True),
              "city": (f"city_{LVLIANG}_{suffix}", LVLIANG, False)}
    engines = {"owner": owner}
    for key, (role, region, write) in logins.items():
        add_staff(owner, role, region, can_write=write, password="pw-" + suffix)
        url = sa.engine.make_url(pg_url).set(username=role, password="pw-" + suffix)
        engines[key] = sa.create_engine(url)
    yield engines
    for engine in engines.values():
        engine.dispose()
    admin = sa.create_engine(pg_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        for role, _region, _write in logins.values():
            c.exec_driver_sql(f"DROP ROLE IF EXISTS {role}")
    admin.dispose()


def _regions(engine: sa.Engine) -> set[str]:
    with engine.connect() as c:
        return set(c.execute(sa.text("SELECT region_code FROM enterprise")).scalars())


def _count(engine: sa.Engine, sql: str) -> int:
    with engine.connect() as c:
        return int(c.execute(sa.text(sql)).scalar_one())


def test_each_role_sees_only_its_region(staff: dict[str, sa.Engine]) -> None:
    assert _regions(staff["xiaoyi"]) == {XIAOYI}
    assert _regions(staff["liulin"]) == {LIULIN}
    assert _regions(staff["city"]) == {XIAOYI, LIULIN, "141121"}  # the Lüliang counties of the demo
    assert len(_regions(staff["owner"])) == 5
    units_owner = _count(staff["owner"], "SELECT count(*) FROM equipment e JOIN enterprise x ON x.id = e.enterprise_id "
                                         "WHERE x.region_code = '141181'")
    assert _count(staff["xiaoyi"], "SELECT count(*) FROM equipment") == units_owner
    assert _count(staff["xiaoyi"], "SELECT count(*) FROM finding f JOIN equipment e ON e.id = f.equipment_id "
                                   "JOIN enterprise x ON x.id = e.enterprise_id WHERE x.region_code <> '141181'") == 0
    assert _count(staff["liulin"], "SELECT count(*) FROM equipment WHERE model LIKE 'S7%' AND enterprise_id IN "
                                   "(SELECT id FROM enterprise WHERE region_code = '141181')") == 0
    # production lines: the demo's coke ovens are in Xiaoyi, its clinker line in Wenshui (also Lüliang)
    lines = "SELECT count(*) FROM productionline"
    assert (_count(staff["xiaoyi"], lines), _count(staff["liulin"], lines), _count(staff["city"], lines)) == (3, 0, 4)


def test_a_county_cannot_change_another_county(staff: dict[str, sa.Engine]) -> None:
    others = ("SELECT count(*) FROM eliminationrecord WHERE enterprise_id IN "
              "(SELECT id FROM enterprise WHERE region_code <> '141125')")
    before = _count(staff["owner"], others)
    with staff["liulin"].begin() as c:
        changed = c.execute(sa.text("UPDATE equipment SET name = 'hacked' WHERE enterprise_id IN "
                                    "(SELECT id FROM enterprise WHERE region_code = '141181')")).rowcount
        c.execute(sa.text("DELETE FROM eliminationrecord"))  # reaches only its own county's rows
    assert changed == 0 and before > 0
    assert _count(staff["owner"], "SELECT count(*) FROM equipment WHERE name = 'hacked'") == 0
    assert _count(staff["owner"], others) == before
    with pytest.raises(sa.exc.ProgrammingError, match="row-level security"), staff["liulin"].begin() as c:
        c.execute(sa.text("INSERT INTO enterprise (credit_code, name, region_code, industry_code, created_at, "
                          "updated_at, version) VALUES ('91141181MA0XXXXXXX', '冒名企业', '141181', '2521', now(), "
                          "now(), 1)"))


def test_a_county_writes_its_own_rows(staff: dict[str, sa.Engine]) -> None:
    with staff["xiaoyi"].begin() as c:
        changed = c.execute(sa.text("UPDATE equipment SET notes = '县局核查' WHERE asset_no = 'DJ-0001'")).rowcount
    assert changed == 1
    assert _count(staff["owner"], "SELECT count(*) FROM equipment WHERE notes = '县局核查'") == 1


def test_the_city_reads_but_cannot_write(staff: dict[str, sa.Engine]) -> None:
    assert _count(staff["city"], "SELECT count(*) FROM equipment") > 0
    with staff["city"].begin() as c:
        changed = c.execute(sa.text("UPDATE equipment SET notes = 'city' WHERE TRUE")).rowcount
    assert changed == 0
    with pytest.raises(sa.exc.ProgrammingError), staff["city"].connect() as c:  # the staff mapping is out of reach
        c.execute(sa.text("SELECT * FROM bureaustaff")).all()


def test_a_county_imports_a_ledger_through_its_own_login(staff: dict[str, sa.Engine], tmp_path: Path) -> None:
    """PostgreSQL refuses COPY where row-level security applies, so a staff import takes plain INSERTs — and
    the policies still hold: the county's enterprise takes the ledger, another county's stays out of reach."""
    with staff["owner"].connect() as c:
        own, other = (c.execute(sa.text("SELECT credit_code FROM enterprise WHERE region_code = :r ORDER BY id LIMIT 1"),
                                {"r": region}).scalar_one() for region in (XIAOYI, LIULIN))
    ledger = tmp_path / "county.csv"
    ledger.write_text("资产编号,设备名称,设备类别,型号,额定功率(kW),出厂年份\n"
                      "XJ-1,县局补录电机,三相异步电动机,Y2-132S-4,5.5,2003\n", encoding="utf-8")
    with session_scope(staff["xiaoyi"]) as s:
        report = import_ledger(s, ledger, enterprise_credit_code=own, submitted_by="county")
    assert report.accepted == 1
    stored = _count(staff["owner"], "SELECT count(*) FROM equipment e JOIN enterprise x ON x.id = e.enterprise_id "
                                    f"WHERE e.asset_no = 'XJ-1' AND x.credit_code = '{own}' AND e.graded_at IS NOT NULL")
    assert stored == 1
    with pytest.raises(NotFound), session_scope(staff["xiaoyi"]) as s:  # Liulin's enterprise is invisible to Xiaoyi
        import_ledger(s, ledger, enterprise_credit_code=other, submitted_by="county")


def test_safety_assessments_stay_in_their_county(staff: dict[str, sa.Engine]) -> None:
    with session_scope(staff["owner"]) as s:
        vessels = s.exec(select(Equipment).join(Finding).where(Finding.rule_id == "pressure-vessel-design-life",
                                                               Finding.outcome == "match")).all()
        assert vessels
        for unit in vessels:
            record_assessment(s, unit, AssessmentInput("repair", dt.date(2026, 11, 23), "山西省特检院"))
    total = _count(staff["owner"], "SELECT count(*) FROM safetyassessment")
    own = _count(staff["owner"], "SELECT count(*) FROM safetyassessment a JOIN enterprise x ON x.id = a.enterprise_id "
                                 "WHERE x.region_code = '141181'")
    assert total == len(vessels) > own
    assert _count(staff["xiaoyi"], "SELECT count(*) FROM safetyassessment") == own
