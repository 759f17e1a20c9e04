"""The ledger screen: search (debounced) over asset number, name and model, the filter dialog, sorting,
paging, and the overview's bars opening the ledger filtered — each count checked against SQL."""

from __future__ import annotations

import sqlalchemy as sa
from rich.text import Text
from sqlmodel import Session
from textual.widgets import Checkbox, DataTable, Select

from equipinv.demo import DEMO_TODAY
from tests.tui.conftest import settle
from tui.ledger_query import EQ, PAGE_SIZE, LedgerFilter, load_page, past_life_clause
from tui.screens.filters import FilterScreen
from tui.screens.ledger import LedgerScreen
from tui.widgets.bars import BarChart


def _count(engine: sa.Engine, *conditions) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(EQ).where(*conditions)).scalar_one()


def test_search_filters_as_you_type(drive, engine) -> None:
    expected = _count(engine, sa.or_(EQ.c.asset_no.ilike("%S7-%"), EQ.c.name.ilike("%S7-%"), EQ.c.model.ilike("%S7-%")))
    assert 0 < expected < PAGE_SIZE

    async def scenario(pilot, app) -> None:
        await pilot.press("2")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, LedgerScreen) and screen.page.total == _count(engine)
        await pilot.press("slash", *"S7-")
        await pilot.pause(0.3)
        await settle(pilot, app)
        assert screen.page.total == expected
        table = screen.query_one(DataTable)
        assert table.row_count == expected
        models = [table.get_row_at(i)[3] for i in range(table.row_count)]
        assert all("S7-" in m for m in models)
        await pilot.press("escape", "c")
        await settle(pilot, app)
        assert screen.page.total == _count(engine)

    drive(scenario)


def test_filter_dialog_combines_filters(drive, engine) -> None:
    with engine.connect() as connection:
        past = past_life_clause(connection.dialect.name, DEMO_TODAY)
    expected = _count(engine, EQ.c.category == "motor", past, EQ.c.enterprise_id == 1)
    assert expected > 0

    async def scenario(pilot, app) -> None:
        await pilot.press("2")
        await settle(pilot, app)
        await pilot.press("f")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FilterScreen)
        dialog.query_one("#f-category", Select).value = "motor"
        dialog.query_one("#f-life", Checkbox).value = True
        dialog.query_one("#f-enterprise", Select).value = "1"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.screen.page.total == expected
        assert "超设计年限" in str(app.screen.query_one("#ledger-status").content)

    drive(scenario)


def test_sorting_and_paging_follow_sql_order(drive, engine) -> None:
    async def scenario(pilot, app) -> None:
        await pilot.press("2")
        await settle(pilot, app)
        screen = app.screen
        screen.apply_filter(screen.filter.with_(sort_key="commissioned", descending=True))
        await settle(pilot, app)
        table = screen.query_one(DataTable)
        dates = [table.get_row_at(i)[5] for i in range(table.row_count)]
        assert dates == sorted(dates, reverse=True)
        first_page_last = dates[-1]
        await pilot.press("n")
        await settle(pilot, app)
        assert screen.page.offset == PAGE_SIZE
        second = [table.get_row_at(i)[5] for i in range(table.row_count) if table.get_row_at(i)[5]]
        assert second and max(second) <= first_page_last
        await pilot.press("p")
        await settle(pilot, app)
        assert screen.page.offset == 0

    drive(scenario)


def test_overview_bars_open_the_ledger_with_the_same_count(drive, engine) -> None:
    async def scenario(pilot, app) -> None:
        for chart_id, target in (("#bars-level", {"level": "below_access"}),
                                 ("#bars-life", {"category": "motor", "past_design_life": True})):
            chart = app.screen.query_one(chart_id, BarChart)
            chart.focus()
            index = next(i for i, b in enumerate(chart.chart_bars) if b.target == target)
            chart.highlighted = index
            await pilot.press("enter")
            await settle(pilot, app)
            assert isinstance(app.screen, LedgerScreen)
            assert app.screen.page.total == chart.chart_bars[index].value > 0
            await pilot.press("escape")
            await settle(pilot, app)
        assert _count(engine, EQ.c.benchmark_level == "below_access", EQ.c.status != "eliminated") == \
            next(b.value for b in app.screen.query_one("#bars-level", BarChart).chart_bars
                 if b.target == {"level": "below_access"})
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, LedgerScreen)

    drive(scenario)


def test_page_query_counts_findings_per_unit(engine) -> None:
    with Session(engine) as session:
        page = load_page(session, LedgerFilter(has_finding=True), today=DEMO_TODAY)
    assert page.total > 0 and all(r.open_findings > 0 for r in page.rows)
    assert any(r.mandatory_findings for r in page.rows)


def test_the_header_states_rows_and_pieces(drive, engine) -> None:
    """共 N 行、M 台（套）: rows counted as rows, pieces as the sum of their quantities (issue 21 item 7), from the
    one aggregate query on a full page and from the page itself when it holds every match."""
    def totals(*conditions) -> tuple[int, int]:
        with engine.connect() as connection:
            found = connection.execute(sa.select(sa.func.count(), sa.func.sum(EQ.c.quantity)).where(*conditions)).one()
        return int(found[0]), int(found[1])

    rows, pieces = totals()
    assert pieces > rows > PAGE_SIZE, "the demo holds rows of several pieces and more than a page"
    searched = totals(EQ.c.category == "pressure_vessel")

    async def scenario(pilot, app) -> None:
        await pilot.press("2")
        await settle(pilot, app)
        status = Text.from_markup(str(app.screen.query_one("#ledger-status").content)).plain
        assert f"共 {rows:,} 行、{pieces:,} 台（套）" in status, status
        app.screen.apply_filter(LedgerFilter(category="pressure_vessel"))
        await settle(pilot, app)
        status = Text.from_markup(str(app.screen.query_one("#ledger-status").content)).plain
        assert app.screen.page.total == searched[0] < PAGE_SIZE
        assert f"共 {searched[0]:,} 行、{searched[1]:,} 台（套）" in status, status

    drive(scenario)


def test_filters_use_the_columns_in_memory_and_an_edit_refreshes_them(drive, engine) -> None:
    """After the first page the screen holds the filter columns; marking a unit idle drops them, so the
    next filter, evaluated on the columns loaded again, counts the unit where it now is."""
    idle_before = _count(engine, EQ.c.status == "idle")

    async def scenario(pilot, app) -> None:
        await pilot.press("2")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, LedgerScreen) and screen.columns is not None and len(screen.columns) == _count(engine)
        screen.apply_filter(screen.filter.with_(status="in_use"))
        await settle(pilot, app)
        in_use = screen.page.total
        assert in_use == _count(engine, EQ.c.status == "in_use") > 0
        await pilot.press("i")  # the first row, in use, becomes idle
        await settle(pilot, app)
        assert screen.page.total == in_use - 1 and screen.columns is not None
        screen.apply_filter(screen.filter.with_(status="idle"))
        await settle(pilot, app)
        assert screen.page.total == idle_before + 1 == _count(engine, EQ.c.status == "idle")

    drive(scenario)
