"""The SQL behind the ledger table and the overview gives, on SQLite and on PostgreSQL, the same counts
as working the filters out unit by unit in Python over the demo ledger."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from equipinv.checking import check_stored_units
from equipinv.db import open_database, session_scope
from equipinv.demo import DEMO_TODAY, build_demo
from equipinv.grading import grade_stored_units
from equipinv.ledger_stats import years_in_service
from equipinv.models import EliminationRecord, Equipment, Finding, Site
from tui.ledger_query import LedgerFilter, load_page
from tui.overview_data import load_overview


@pytest.fixture
def demo_engine(db_url: str):
    engine = open_database(db_url, migrate=True)
    with session_scope(engine) as session:
        build_demo(session)
    with session_scope(engine) as session:
        grade_stored_units(session, on=DEMO_TODAY)
        check_stored_units(session, as_of=DEMO_TODAY)
    yield engine
    engine.dispose()


def _past(u: Equipment) -> bool:
    served = years_in_service(u.commissioning_date, DEMO_TODAY)
    return served is not None and u.design_life_years is not None and served >= u.design_life_years


def test_filters_and_overview_match_python(demo_engine: sa.Engine) -> None:
    with Session(demo_engine) as session:
        units = list(session.exec(select(Equipment)))
        flagged = {f.equipment_id for f in session.exec(select(Finding).where(Finding.outcome == "match"))}
        mandatory = {f.equipment_id for f in session.exec(select(Finding).where(
            Finding.outcome == "match", Finding.kind == "mandatory"))}
        sites = {s.id: s.name for s in session.exec(select(Site))}
        site = next(iter(sites.values()))
        cases = {
            LedgerFilter(): lambda u: True,
            LedgerFilter(text="y2-"): lambda u: any("y2-" in (v or "").lower() for v in (u.asset_no, u.name, u.model)),
            LedgerFilter(text="电机"): lambda u: any("电机" in (v or "") for v in (u.asset_no, u.name, u.model)),
            LedgerFilter(category="motor", level="below_access"):
                lambda u: u.category == "motor" and u.benchmark_level == "below_access",
            LedgerFilter(level="ungraded"): lambda u: u.benchmark_level in (None, "ungraded"),
            LedgerFilter(has_finding=True): lambda u: u.id in flagged,
            LedgerFilter(mandatory=True): lambda u: u.id in mandatory,
            LedgerFilter(past_design_life=True): _past,
            LedgerFilter(site=site): lambda u: sites.get(u.site_id) == site,
        }
        for flt, keep in cases.items():
            expected = sorted(u.id for u in units if keep(u))
            page = load_page(session, flt, limit=1000, today=DEMO_TODAY)
            assert page.total == len(expected) > 0, flt
            assert [r.id for r in page.rows] == expected, flt  # ledger order: by id
        by_date = load_page(session, LedgerFilter(sort_key="commissioned", descending=True), limit=50, today=DEMO_TODAY)
        dates = [r.commissioning_date for r in by_date.rows if r.commissioning_date]
        assert dates == sorted(dates, reverse=True)
        overview = load_overview(session, today=DEMO_TODAY)
        records = list(session.exec(select(EliminationRecord)))
    live = [u for u in units if u.status != "eliminated"]
    assert overview.units == len(live) == sum(overview.by_category.values()) == sum(overview.by_level.values())
    assert overview.past_life == sum(_past(u) for u in live)
    planned = [r for r in records if r.status == "planned"]
    assert overview.eliminations_open == len(planned) > 0
    nearest = min((r.deadline for r in planned if r.deadline), default=None)
    assert overview.deadlines[0].deadline == nearest
    assert sum(g.units for g in overview.deadlines) <= len(planned)
