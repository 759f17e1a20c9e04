"""The overview is the first screen and shows before the ledger's aggregates: a loading state first, then
the figures filled in by the worker (issue 18: usable within 2 s of start on a large ledger)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

import pytest
from textual.widgets import Static

import tui.screens.overview as overview_screen
from tui.app import EquipinvApp
from tui.screens.overview import OverviewScreen
from tui.widgets.bars import BarChart


def test_the_overview_shows_its_loading_state_then_the_aggregates(
        make_app: Callable[[], EquipinvApp], monkeypatch: pytest.MonkeyPatch) -> None:
    release, started = threading.Event(), threading.Event()
    real_load = overview_screen.load_overview

    def slow_load(*args: object, **kwargs: object) -> object:
        started.set()
        assert release.wait(30), "the test never released the aggregates"
        return real_load(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(overview_screen, "load_overview", slow_load)
    app = make_app()
    asyncio.run(_scenario(app, started, release))
    assert app.internal_errors == []


async def _scenario(app: EquipinvApp, started: threading.Event, release: threading.Event) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        assert started.wait(10)
        await pilot.pause()
        headline = screen.query_one("#overview-headline", Static)
        assert str(headline.content) == "正在统计…"  # drawn while the aggregates are still being counted
        assert screen.overview is None
        assert all(not chart.chart_bars for chart in screen.query(BarChart))
        release.set()
        for _ in range(200):
            if screen.overview is not None:
                break
            await pilot.pause(0.05)
        assert screen.overview is not None and screen.overview.units > 0
        await pilot.pause()
        assert f"{screen.overview.units:,}" in str(headline.content)
        assert any(chart.chart_bars for chart in screen.query(BarChart))


def test_the_first_screen_imports_none_of_the_other_screens() -> None:
    """The modes other than the overview load their screen (and the core it needs) on the first switch."""
    import subprocess
    import sys

    code = ("import sys, tui.app; mods = [m for m in ('tui.screens.ledger', 'tui.screens.plan', "
            "'tui.screens.reports', 'tui.screens.bureau', 'scipy.optimize') if m in sys.modules]; print(mods)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "[]"
