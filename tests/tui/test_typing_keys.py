"""Typing is typing: while a text field or a drop-down has focus, printable keys never fire a screen
shortcut (typing `TUI-001` in a drop-down stays on the screen; `4` in the budget field is a 4), Alt+digit
switches screens from anywhere (as kitty sends it, and as xterm or tmux send it: ESC then the digit), and the
footer shows the Alt form while the user types."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Select
from textual.widgets._footer import FooterKey

from tests.tui.conftest import settle
from tui.screens.bureau import BureauScreen
from tui.screens.plan import PlanScreen
from tui.screens.reports import ReportsScreen
from tui.screens.unit_form import UnitFormScreen


def footer_keys(app) -> dict[str, str]:
    """key -> label of what the footer shows now."""
    return {k.key: k.description for k in app.screen.query(FooterKey)}


def test_typing_in_a_drop_down_or_a_field_stays_on_the_screen(drive) -> None:
    async def scenario(pilot, app) -> None:
        await pilot.press("3")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, PlanScreen) and footer_keys(app)["1"] == "概况"  # the table has focus
        enterprise = screen.query_one("#plan-enterprise", Select)
        enterprise.focus()
        await pilot.pause()
        await pilot.press("T", "U", "I", "minus", "0", "0", "1")
        await settle(pilot, app)
        assert app.screen is screen and enterprise.value is Select.NULL
        keys = footer_keys(app)
        assert "1" not in keys and keys["alt+1"] == "概况" and keys["alt+4"] == "报表"
        assert {"Alt+1", "Alt+4"} <= {k.key_display for k in app.screen.query(FooterKey)}
        budgets = screen.query_one("#plan-budgets", Input)
        budgets.focus()
        await pilot.pause()
        budgets.value = "2027="
        budgets.cursor_position = len(budgets.value)
        await pilot.press("4")
        await pilot.pause()
        assert app.screen is screen and budgets.value == "2027=4"
        await pilot.press("cent_sign")  # what Textual makes of xterm's / tmux's Alt+4 (ESC 4): not typed, a switch
        await settle(pilot, app)
        assert isinstance(app.screen, ReportsScreen) and budgets.value == "2027=4"
        await pilot.press("alt+3")  # back: the mode kept what was typed
        await settle(pilot, app)
        assert app.screen is screen and screen.query_one("#plan-budgets", Input).value == "2027=4"
        screen.query_one("#plan-table", DataTable).focus()
        await pilot.pause()
        assert footer_keys(app)["1"] == "概况" and "alt+1" not in footer_keys(app)
        await pilot.press("1")
        await settle(pilot, app)
        assert app.current_mode == "overview"

    drive(scenario)


def test_no_drop_down_on_any_screen_lets_a_shortcut_through(drive, engine) -> None:
    async def each_drop_down(pilot, app, other_screen_key: str) -> int:
        screen = app.screen
        drop_downs = list(screen.query(Select))
        for drop_down in drop_downs:
            value = drop_down.value
            drop_down.focus()
            await pilot.pause()
            await pilot.press(other_screen_key, "d", "x", "a")
            await settle(pilot, app)
            assert app.screen is screen, f"{drop_down.id} let a key switch the screen"
            assert drop_down.value == value
        return len(drop_downs)

    async def scenario(pilot, app) -> None:
        counted = {}
        for key, other in (("3", "1"), ("4", "2"), ("5", "3")):
            await pilot.press(f"alt+{key}")  # a drop-down of the screen before still has focus
            await settle(pilot, app)
            counted[type(app.screen).__name__] = await each_drop_down(pilot, app, other)
        assert isinstance(app.screen, BureauScreen)
        status = app.screen.query_one("#bureau-status", Select)
        status.focus()
        await pilot.pause()
        assert not {"d", "v", "1"} & set(app.screen.active_bindings)  # 标记完成 / 核验销号 are out of reach
        await pilot.press("2")  # the bureau's status drop-down had focus: still the bureau screen
        await settle(pilot, app)
        app.screen.query_one(DataTable).focus()
        await pilot.press("2", "a")
        await settle(pilot, app)
        assert isinstance(app.screen, UnitFormScreen)
        counted["UnitFormScreen"] = await each_drop_down(pilot, app, "1")
        assert counted == {"PlanScreen": 3, "ReportsScreen": 3, "BureauScreen": 2, "UnitFormScreen": 4}

    drive(scenario)
