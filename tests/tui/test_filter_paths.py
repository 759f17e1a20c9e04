"""Both ways the ledger table filters — in SQL, and on the columns held in memory (issue 18) — give the
rows, order, total and pieces that working the filter out unit by unit in Python gives, on SQLite and
on PostgreSQL, over a small synthetic ledger made uneven on purpose (batches of several pieces, idle and
eliminated units, sites, missing models, dates and ratings, mixed-case text)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from equipinv.checking import check_stored_units
from equipinv.db import open_database, session_scope
from equipinv.grading import grade_stored_units
from equipinv.synthetic import store_synthetic
from tests.tui.ledger_reference import expected, read_ledger
from tui.ledger_columns import LedgerColumns
from tui.ledger_query import EQ, SITE, SORTABLE, LedgerFilter, load_page

TODAY = dt.date(2026, 6, 1)
LIMIT = 40


@pytest.fixture
def uneven_engine(db_url: str):
    engine = open_database(db_url, migrate=True)
    store_synthetic(engine, 400, enterprises=5)
    with session_scope(engine) as session:
        grade_stored_units(session, on=TODAY)
        check_stored_units(session, as_of=TODAY)
    with engine.begin() as connection:
        enterprise = connection.execute(sa.select(EQ.c.enterprise_id).limit(1)).scalar_one()
        site = connection.execute(sa.insert(SITE).values(enterprise_id=enterprise, name="焦化车间")
                                  .returning(SITE.c.id)).scalar_one()
        every = lambda n, k=0: EQ.c.id % n == k  # noqa: E731
        connection.execute(sa.update(EQ).where(every(3)).values(quantity=EQ.c.id % 5 + 2))
        connection.execute(sa.update(EQ).where(every(7)).values(status="idle"))
        connection.execute(sa.update(EQ).where(every(11)).values(status="eliminated"))
        connection.execute(sa.update(EQ).where(every(13)).values(model=None))
        connection.execute(sa.update(EQ).where(every(17)).values(commissioning_date=None, rated_power_kw=None))
        connection.execute(sa.update(EQ).where(every(19)).values(design_life_years=None, name="Ye3 主电机"))
        connection.execute(sa.update(EQ).where(every(23)).values(name="ye3 主电机"))  # sorts after "Ye3" by code point
        connection.execute(sa.update(EQ).where(every(4), EQ.c.enterprise_id == enterprise).values(site_id=site))
    yield engine
    engine.dispose()


def _filters() -> list[LedgerFilter]:
    plain = LedgerFilter()
    found = [plain, plain.with_(text="ye3"), plain.with_(text=" YE3-1 "), plain.with_(text="设备1"), plain.with_(text="%_"),
             plain.with_(text="no such"), plain.with_(category="motor"), plain.with_(category="pm_motor"),
             plain.with_(level="ungraded"), plain.with_(level="below_access"), plain.with_(status="idle"),
             plain.with_(exclude_eliminated=True), plain.with_(site="焦化车间"), plain.with_(site="无此厂区"),
             plain.with_(has_finding=True), plain.with_(mandatory=True), plain.with_(past_design_life=True),
             plain.with_(category="motor", level="below_access", exclude_eliminated=True, text="y"),
             plain.with_(has_finding=True, past_design_life=True, sort_key="commissioned", descending=True),
             plain.with_(status="in_use", text="主电机", sort_key="name")]
    found += [plain.with_(sort_key=key, descending=down) for key in SORTABLE for down in (False, True)]
    found += [plain.with_(category="motor", sort_key=key, descending=True) for key in ("model", "rating", "level")]
    return found


def test_sql_and_memory_filters_match_python(uneven_engine: sa.Engine) -> None:
    with Session(uneven_engine) as session:
        ledger = read_ledger(session)
        columns = LedgerColumns.load(session)
        assert len(columns) == len(ledger.units) == 400
        for flt in _filters():
            ids, pieces = expected(ledger, flt, TODAY)
            for offset in (0, LIMIT, 10_000):  # the first page, the second, one past the end (the last page)
                want = min(offset, max(len(ids) - 1, 0) // LIMIT * LIMIT)
                for columns_or_sql in (None, columns):
                    page = load_page(session, flt, offset, limit=LIMIT, today=TODAY, columns=columns_or_sql)
                    where = ("sql" if columns_or_sql is None else "memory", flt, offset)
                    assert (page.total, page.pieces, page.offset) == (len(ids), pieces, want), where
                    assert [r.id for r in page.rows] == ids[want:want + LIMIT], where
    assert any(expected(ledger, f, TODAY)[0] for f in _filters()[1:4]), "the searches find something"
