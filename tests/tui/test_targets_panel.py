"""The overview's targets panel: computed in its own worker (the first screen does not wait for it), and
showing the rows `equipinv targets` shows for the demo's regions."""

from __future__ import annotations

import asyncio
import threading

import pytest
from sqlmodel import Session
from textual.widgets import Static

from equipinv.demo import DEMO_TODAY
from equipinv.targets import assess_targets
from equipinv.targets.rows import region_targets
from tests.tui.conftest import screen_text
from tui.widgets import targets_panel
from tui.widgets.targets_panel import LOADING


def _panel_text(app) -> str:
    return screen_text(app.screen.query_one("#targets-body", Static))


def test_the_first_screen_does_not_wait_for_the_targets(make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    real = targets_panel.scope_targets

    def slow(*args, **kwargs):
        assert release.wait(30), "the test never released the targets"
        return real(*args, **kwargs)

    monkeypatch.setattr(targets_panel, "scope_targets", slow)
    app = make_app()

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(200):  # the overview's own figures arrive while the targets are still held back
                await pilot.pause(0.05)
                if "在用和闲置设备" in screen_text(app.screen.query_one("#overview-headline", Static)):
                    break
            assert "在用和闲置设备" in screen_text(app.screen.query_one("#overview-headline", Static))
            assert _panel_text(app) == LOADING
            release.set()
            await app.workers.wait_for_complete()
            await pilot.pause()
            text = _panel_text(app)
            assert LOADING not in text and "吕梁市（141100）" in text and "张家口市（130700）" in text

    asyncio.run(main())
    assert app.internal_errors == [], app.internal_errors


def test_the_panel_shows_the_cli_rows_of_each_region(drive, engine) -> None:
    with Session(engine) as session:
        lvliang = region_targets(assess_targets(session, "141100", DEMO_TODAY))
    seen: dict[str, str] = {}

    async def scenario(pilot, app) -> None:
        seen["text"] = _panel_text(app)

    drive(scenario)
    text = seen["text"]
    for row in lvliang.rows:
        assert row.label in text and row.now in text
    assert "数据不足" in text and "沁水县（140521）" in text
