"""The demo ledger (graded and checked, built once per session and copied per test) and a pilot driver.

Every app runs with "today" frozen at the demo date, so figures and snapshots do not move with the
clock. After each scenario the app must not have met an unexpected error (`internal_errors`).
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from textual.pilot import Pilot

from equipinv.checking import check_stored_units
from equipinv.db import open_database, session_scope
from equipinv.demo import DEMO_TODAY, build_demo
from equipinv.grading import grade_stored_units
from tui.app import EquipinvApp

Scenario = Callable[[Pilot, EquipinvApp], Awaitable[None]]
SIZE = (120, 40)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tui-demo") / "demo.sqlite"
    engine = open_database(path)
    with session_scope(engine) as session:
        build_demo(session)
    with session_scope(engine) as session:
        grade_stored_units(session, on=DEMO_TODAY)
    with session_scope(engine) as session:
        check_stored_units(session, as_of=DEMO_TODAY)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def demo_db(tmp_path: Path, demo_template: Path) -> Path:
    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_template, path)
    return path


@pytest.fixture
def engine(demo_db: Path) -> Iterator[sa.Engine]:
    eng = open_database(demo_db)
    yield eng
    eng.dispose()


@pytest.fixture
def make_app(engine: sa.Engine) -> Callable[[], EquipinvApp]:
    return lambda: EquipinvApp(engine, today=DEMO_TODAY, db_label="demo.sqlite")


async def settle(pilot: Pilot, app: EquipinvApp) -> None:
    """Let pending messages and workers finish (pages load in thread workers)."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def drive(make_app: Callable[[], EquipinvApp]) -> Callable[[Scenario], EquipinvApp]:
    """Run `scenario(pilot, app)` against a fresh app; fails on any unexpected error inside the app."""

    def run(scenario: Scenario) -> EquipinvApp:
        app = make_app()

        async def main() -> None:
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot, app)
                await scenario(pilot, app)

        asyncio.run(main())
        assert app.internal_errors == [], app.internal_errors
        return app

    return run


def notifications(app: EquipinvApp) -> list[str]:
    return [n.message for n in app._notifications]


def screen_text(widget: object) -> str:
    """The plain text a Static shows (rich renderables rendered at the test width)."""
    import io

    from rich.console import Console

    content = widget.content  # type: ignore[attr-defined]
    if isinstance(content, str):
        from textual.content import Content

        return Content.from_markup(content).plain
    console = Console(width=SIZE[0], file=io.StringIO(), record=True, color_system=None)
    console.print(content)
    return console.export_text()
