"""Leaving a form with unsaved changes asks first (Esc, the 取消 button, quitting the app); an untouched
form — or one changed back — leaves at once; saying no keeps every typed value; nothing is stored either way."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, func, select
from textual.widgets import Button, Input, Select, Static

from equipinv.models import Enterprise, Equipment
from tests.tui.conftest import screen_text, settle
from tui.screens.confirm import ConfirmScreen
from tui.screens.enterprise_form import EnterpriseFormScreen
from tui.screens.ledger import LedgerScreen
from tui.screens.unit_detail import UnitScreen
from tui.screens.unit_form import UnitFormScreen


def _count(engine: sa.Engine, table: type) -> int:
    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(table)).one())


def _unit(engine: sa.Engine, asset_no: str) -> Equipment:
    with Session(engine) as session:
        return session.exec(select(Equipment).where(Equipment.asset_no == asset_no,
                                                    Equipment.enterprise_id == 1)).one()


def test_enterprise_form_asks_before_discarding(drive, engine) -> None:
    before = _count(engine, Enterprise)

    async def scenario(pilot, app) -> None:
        await pilot.press("2")
        await settle(pilot, app)
        await pilot.press("e")
        await settle(pilot, app)
        assert isinstance(app.screen, EnterpriseFormScreen)
        await pilot.press("escape")  # nothing typed: leaves at once
        await pilot.pause()
        assert isinstance(app.screen, LedgerScreen)
        await pilot.press("e")
        await settle(pilot, app)
        form = app.screen
        await pilot.press(*"山西测试")  # the credit code box has focus
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "新增企业" in screen_text(
            app.screen.query_one("#confirm-question", Static))
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form and form.query_one("#input-credit_code", Input).value == "山西测试"
        await pilot.click("#cancel")  # the 取消 button asks the same
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, LedgerScreen)

    drive(scenario)
    assert _count(engine, Enterprise) == before


def test_unit_forms_ask_only_when_something_changed(drive, engine) -> None:
    before = _unit(engine, "DJ-0002")

    async def scenario(pilot, app) -> None:
        app.open_unit(before.id)
        await settle(pilot, app)
        await pilot.press("e")
        await settle(pilot, app)
        form = app.screen
        assert isinstance(form, UnitFormScreen)
        power = form.query_one("#input-rated_power_kw", Input)
        opened_with = power.value
        power.value = "100 hp"
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # Esc on the question is "no"
        await pilot.pause()
        assert app.screen is form and power.value == "100 hp"
        power.value = opened_with  # changed back: nothing to lose
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, UnitScreen)
        await pilot.press("e")
        await settle(pilot, app)
        app.screen.query_one("#form-status", Select).value = "idle"  # a drop-down counts as a change too
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        app.screen.query_one("#yes", Button).press()
        await pilot.pause()
        assert isinstance(app.screen, UnitScreen)
        app.action_add_unit()  # a new unit's preset choices (enterprise, category, status) are not changes
        await settle(pilot, app)
        assert isinstance(app.screen, UnitFormScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, UnitScreen)

    drive(scenario)
    after = _unit(engine, "DJ-0002")
    assert (after.version, after.rated_power_kw, after.status) == (before.version, before.rated_power_kw, before.status)


def test_quitting_asks_about_a_form_left_open_in_another_mode(make_app, engine) -> None:
    import asyncio

    app = make_app()
    before = _count(engine, Equipment)

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot, app)
            await pilot.press("2", "a")
            await settle(pilot, app)
            form = app.screen
            assert isinstance(form, UnitFormScreen)
            assert app.open_forms == {form}
            form.query_one("#input-asset_no", Input).focus()
            await pilot.press(*"TUI-001")
            await pilot.press("alt+1")  # the form stays in the ledger mode, as typed
            await settle(pilot, app)
            assert app.current_mode == "overview"
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            assert "新增设备" in screen_text(app.screen.query_one("#confirm-question", Static))
            await pilot.press("n")
            await pilot.pause()
            assert app.return_code is None and app.current_mode == "overview"  # still running
            await pilot.press("alt+2")
            await settle(pilot, app)
            assert app.screen is form and form.query_one("#input-asset_no", Input).value == "TUI-001"
            await pilot.press("ctrl+q")
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
            assert app.return_code == 0  # exit was asked for

    asyncio.run(main())
    assert app.internal_errors == []
    assert _count(engine, Equipment) == before
