"""Unit workflows end to end through the keyboard: add a unit and see its grade, edit with a bad value
(message, nothing saved), edit with units ("100 hp"), mark idle, retire only after confirmation."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, select
from textual.widgets import Input, Static

import efficiency_tables as et
from equipinv.models import AuditLog, Equipment
from tests.tui.conftest import notifications, screen_text, settle
from tui.screens.confirm import ConfirmScreen
from tui.screens.unit_detail import UnitScreen
from tui.screens.unit_form import UnitFormScreen
from tui.widgets.form_field import FormField


def _unit(engine: sa.Engine, asset_no: str, enterprise_id: int = 1) -> Equipment:
    with Session(engine) as session:
        unit = session.exec(select(Equipment).where(Equipment.asset_no == asset_no,
                                                    Equipment.enterprise_id == enterprise_id)).one()
        return unit


def _text(screen, selector: str) -> str:
    return screen_text(screen.query_one(selector, Static))


def test_add_unit_shows_its_grade_with_thresholds(drive, engine) -> None:
    async def scenario(pilot, app) -> None:
        await pilot.press("ctrl+p")
        await pilot.press(*"新增设备")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot, app)
        form = app.screen
        assert isinstance(form, UnitFormScreen)
        form.query_one("#input-asset_no", Input).focus()
        await pilot.press(*"TUI-0001")
        form.query_one("#input-name", Input).value = "测试电机"
        form.query_one("#input-rated_power_kw", Input).value = "75 kW"
        form.query_one("#input-poles", Input).value = "4"
        form.query_one("#input-efficiency_pct", Input).value = "94.0"
        form.query_one("#input-commissioning_date", Input).value = "2020年6月"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, UnitScreen)
        grade = _text(app.screen, "#unit-grade")
        assert "低于准入水平" in grade and "GB 18613" in grade and "表1" in grade
        expected = et.grade_unit("motor", {"rated_power_kw": 75.0, "poles": 4, "efficiency_pct": 94.0})
        assert expected.thresholds and "94" in grade
        for t in expected.thresholds:  # the value against each threshold the grader used
            assert f">= {t.value:g} {t.unit}" in grade

    drive(scenario)
    unit = _unit(engine, "TUI-0001")
    assert unit.rated_power_kw == 75.0 and unit.benchmark_level is not None and unit.graded_at is not None
    assert unit.commissioning_date is not None and unit.commissioning_date.isoformat() == "2020-06-01"
    with Session(engine) as session:
        audit = session.exec(select(AuditLog).where(AuditLog.row_id == unit.id, AuditLog.action == "create",
                                                    AuditLog.table_name == "equipment")).one()
    assert audit.actor == "tui"


def test_bad_value_shows_a_message_and_saves_nothing(drive, engine) -> None:
    before = _unit(engine, "DJ-0002")

    async def scenario(pilot, app) -> None:
        app.open_unit(before.id)
        await settle(pilot, app)
        await pilot.press("e")
        await settle(pilot, app)
        form = app.screen
        assert isinstance(form, UnitFormScreen)
        box = form.query_one("#input-efficiency_pct", Input)
        box.focus()
        box.value = ""
        await pilot.press(*"9x5")
        await pilot.pause()
        message = screen_text(form.query_one("#field-efficiency_pct", FormField).query_one(".field-message", Static))
        assert "效率" in message and "不是数值" in message
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, UnitFormScreen)
        assert any("请先改正" in n for n in notifications(app))

    drive(scenario)
    after = _unit(engine, "DJ-0002")
    assert (after.version, after.efficiency_pct) == (before.version, before.efficiency_pct)


def test_edit_with_units_is_audited_and_regraded(drive, engine) -> None:
    before = _unit(engine, "DJ-0002")

    async def scenario(pilot, app) -> None:
        app.open_unit(before.id)
        await settle(pilot, app)
        await pilot.press("e")
        await settle(pilot, app)
        app.screen.query_one("#input-rated_power_kw", Input).value = "100 hp"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, UnitScreen)
        assert "74.57" in _text(app.screen, "#unit-params")

    drive(scenario)
    after = _unit(engine, "DJ-0002")
    assert abs(after.rated_power_kw - 74.57) < 0.01 and after.version == before.version + 1
    with Session(engine) as session:
        audit = session.exec(select(AuditLog).where(AuditLog.row_id == before.id, AuditLog.action == "update")).one()
    assert audit.changes["rated_power_kw"][0] == before.rated_power_kw


def test_retire_asks_first_and_cancel_keeps_the_unit(drive, engine) -> None:
    unit = _unit(engine, "DJ-0003")

    async def scenario(pilot, app) -> None:
        app.open_unit(unit.id)
        await settle(pilot, app)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot, app)
        assert _unit(engine, "DJ-0003").status == unit.status
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot, app)
        assert "已淘汰" in _text(app.screen, "#unit-title")

    drive(scenario)
    assert _unit(engine, "DJ-0003").status == "eliminated"
    with Session(engine) as session:
        assert session.exec(select(AuditLog).where(AuditLog.row_id == unit.id, AuditLog.action == "retire")).one()


def test_mark_idle_from_the_detail_screen(drive, engine) -> None:
    unit = _unit(engine, "DJ-0004")

    async def scenario(pilot, app) -> None:
        app.open_unit(unit.id)
        await settle(pilot, app)
        await pilot.press("i")
        await settle(pilot, app)

    drive(scenario)
    assert _unit(engine, "DJ-0004").status == ("in_use" if unit.status == "idle" else "idle")


def test_each_kind_of_unit_opens_in_detail(drive, engine) -> None:
    """Motors, transformers, boilers, trucks, special and other equipment each render their page.
    (The form's values for every demo unit are checked without Textual in test_form_values.)"""
    kinds = ("motor", "transformer", "boiler", "truck", "pressure_vessel", "other")
    with Session(engine) as session:
        first = {}
        for unit in session.exec(select(Equipment).where(Equipment.category.in_(kinds)).order_by(Equipment.id)):
            first.setdefault(unit.category, unit)
    assert set(first) == set(kinds)

    async def scenario(pilot, app) -> None:
        for unit in first.values():
            app.open_unit(unit.id)
            await pilot.pause()
            assert unit.asset_no in _text(app.screen, "#unit-title")
            assert _text(app.screen, "#unit-grade").strip() and _text(app.screen, "#unit-findings").strip()
            app.pop_screen()

    drive(scenario)


def test_emptying_a_field_clears_it(drive, engine) -> None:
    before = _unit(engine, "DJ-0003")
    assert before.efficiency_pct is not None

    async def scenario(pilot, app) -> None:
        app.open_unit(before.id)
        await settle(pilot, app)
        await pilot.press("e")
        await settle(pilot, app)
        app.screen.query_one("#input-efficiency_pct", Input).value = ""
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, UnitScreen)

    drive(scenario)
    after = _unit(engine, "DJ-0003")
    assert after.efficiency_pct is None and after.version == before.version + 1


def test_a_pole_count_read_from_the_model_is_labelled_on_the_unit_page(drive, engine) -> None:
    async def scenario(pilot, app) -> None:
        await pilot.press("ctrl+p")
        await pilot.press(*"新增设备")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot, app)
        form = app.screen
        assert isinstance(form, UnitFormScreen)
        form.query_one("#input-asset_no", Input).focus()
        await pilot.press(*"TUI-0002")
        form.query_one("#input-name", Input).value = "型号电机"
        form.query_one("#input-model", Input).value = "YE3-132M-4"  # the pole count is left to the model
        form.query_one("#input-rated_power_kw", Input).value = "7.5 kW"
        form.query_one("#input-efficiency_pct", Input).value = "91.5"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, UnitScreen)
        params = _text(app.screen, "#unit-params")
        assert "4（由型号推得）" in params
        assert "GB 18613" in _text(app.screen, "#unit-grade")

    drive(scenario)
    unit = _unit(engine, "TUI-0002")
    assert unit.poles == 4 and unit.value_sources == {"poles": "derived_from_model"} and unit.grade is not None
