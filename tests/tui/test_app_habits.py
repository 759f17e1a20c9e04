"""Habits people expect: help (?), a Chinese command palette, Esc goes back, 80×24 works, and a failure
becomes a notification with what to do — the app keeps running and no traceback reaches the screen."""

from __future__ import annotations

import asyncio

from textual.command import CommandPalette
from textual.widgets import DataTable

from equipinv.demo import DEMO_TODAY
from tests.tui.conftest import notifications, settle
from tui.app import EquipinvApp
from tui.screens.help import HelpScreen
from tui.screens.ledger import LedgerScreen
from tui.screens.overview import OverviewScreen


def test_help_lists_the_keys_of_the_screen_below(drive) -> None:
    async def scenario(pilot, app) -> None:
        await pilot.press("2")
        await settle(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(str(s.content) if isinstance(s.content, str) else "" for s in app.screen.query("Static"))
        keys = app.screen._screen_keys()
        assert "筛选" in [str(cell) for cell in keys.columns[1]._cells]
        assert "帮助" in text
        await pilot.press("escape")
        assert isinstance(app.screen, LedgerScreen)

    drive(scenario)


def test_command_palette_offers_chinese_commands(drive) -> None:
    async def scenario(pilot, app) -> None:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert CommandPalette.is_open(app)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"概况", "设备台账", "新增设备", "更新规划", "生成报表", "帮助", "退出"} <= set(titles)
        await pilot.press(*"台账")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, LedgerScreen)

    drive(scenario)


def test_escape_goes_back_to_the_overview(drive) -> None:
    async def scenario(pilot, app) -> None:
        for key in ("2", "3", "4"):
            await pilot.press(key)
            await settle(pilot, app)
            assert not isinstance(app.screen, OverviewScreen)
            await pilot.press("escape")
            await settle(pilot, app)
            assert isinstance(app.screen, OverviewScreen)

    drive(scenario)


def test_small_terminal(make_app) -> None:
    app = make_app()

    async def main() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, app)
            assert "在用和闲置设备" in str(app.screen.query_one("#overview-headline").content)
            await pilot.press("2")
            await settle(pilot, app)
            table = app.screen.query_one(DataTable)
            assert table.row_count > 0 and table.size.height >= 10

    asyncio.run(main())
    assert app.internal_errors == []


def test_a_failure_is_a_notification_and_the_app_goes_on(engine, monkeypatch) -> None:
    import tui.screens.ledger as ledger_screen

    def broken(*_args, **_kwargs):
        raise RuntimeError("磁盘故障")

    monkeypatch.setattr(ledger_screen, "load_page", broken)
    app = EquipinvApp(engine, today=DEMO_TODAY)

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot, app)
            await pilot.press("2")
            await settle(pilot, app)
            assert any("磁盘故障" in n and "Esc" in n for n in notifications(app))
            await pilot.press("escape")
            await settle(pilot, app)
            assert isinstance(app.screen, OverviewScreen)  # still running, still answering keys

    asyncio.run(main())
    assert [type(e) for e in app.internal_errors] == [RuntimeError]
    assert app.return_code in (None, 0)


def test_user_errors_say_what_to_do(drive) -> None:
    from equipinv.ledger import ConflictError

    async def scenario(pilot, app) -> None:
        app.report_error(ConflictError("设备 DJ-0001 已被他人修改 (error: changed)"))
        await pilot.pause()

    app = drive(scenario)
    assert any("已被他人修改" in n and "重新打开" in n for n in notifications(app))
