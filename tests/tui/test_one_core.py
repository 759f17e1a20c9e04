"""The TUI and the CLI run the same use cases with the same start-up context.

- the planning and reports screens use the configuration the app was started with (`--config`), not
  the default file: a discount rate set there reaches the stored plan, a PDF font named there is used;
- the same edit made through the CLI and through the TUI's form stores the same unit, grade and findings.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select
from textual.widgets import Input, Select

from equipinv.cli import main
from equipinv.cli_support import STATE
from equipinv.config import load_config
from equipinv.db import open_database
from equipinv.demo import DEMO_TODAY
from equipinv.models import Enterprise, Equipment, Finding, Plan
from tests.tui.conftest import SIZE, notifications, screen_text, settle
from tui.app import EquipinvApp
from tui.screens.unit_detail import UnitScreen


def _run(app: EquipinvApp, scenario) -> None:
    import asyncio

    async def main_() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await scenario(pilot, app)

    asyncio.run(main_())
    assert app.internal_errors == [], app.internal_errors


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "equipinv.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_planning_screen_uses_the_configuration_it_was_started_with(engine: sa.Engine, tmp_path: Path) -> None:
    config = load_config(_config(tmp_path, "[economics]\ndiscount_rate = 0.05\n"))
    app = EquipinvApp(engine, today=DEMO_TODAY, config=config)

    async def scenario(pilot, app) -> None:
        await pilot.press("3")
        await settle(pilot, app)
        app.screen.query_one("#plan-budgets", Input).value = "2027=9000000,2028=3000000"
        await pilot.press("ctrl+o")
        await settle(pilot, app)
        await pilot.press("ctrl+a")
        await settle(pilot, app)

    _run(app, scenario)
    with Session(engine) as s:
        plan = s.exec(select(Plan).order_by(Plan.id.desc())).first()  # type: ignore[union-attr]
    assert plan is not None and plan.status == "accepted" and plan.scope_kind == "all"
    assert plan.inputs["economics"]["discount_rate"] == 0.05


def test_the_planning_screen_plans_the_chosen_enterprise(engine: sa.Engine) -> None:
    with Session(engine) as s:
        enterprise = s.exec(select(Enterprise).order_by(Enterprise.id)).first()
        assert enterprise is not None
    app = EquipinvApp(engine, today=DEMO_TODAY)

    async def scenario(pilot, app) -> None:
        await pilot.press("3")
        await settle(pilot, app)
        app.screen.query_one("#plan-enterprise", Select).value = enterprise.id
        app.screen.query_one("#plan-budgets", Input).value = "2027=9000000,2028=3000000"
        await pilot.press("ctrl+o")
        await settle(pilot, app)
        await pilot.press("ctrl+a")
        await settle(pilot, app)
        assert enterprise.name in screen_text(app.screen.query_one("#plan-status"))

    _run(app, scenario)
    with Session(engine) as s:
        plan = s.exec(select(Plan).order_by(Plan.id.desc())).first()  # type: ignore[union-attr]
    assert plan is not None and (plan.scope_kind, plan.enterprise_id) == ("enterprise", enterprise.id)


def test_the_reports_screen_uses_the_configured_pdf_font(engine: sa.Engine, tmp_path: Path) -> None:
    missing_font = tmp_path / "没有这个字体.ttf"
    config = load_config(_config(tmp_path, f'[pdf]\nfont = "{missing_font}"\n'))
    app = EquipinvApp(engine, today=DEMO_TODAY, config=config)
    folder = tmp_path / "out"

    async def scenario(pilot, app) -> None:
        await pilot.press("4")
        await settle(pilot, app)
        app.screen.query_one("#report-folder", Input).value = str(folder)
        await pilot.press("ctrl+g")
        await settle(pilot, app)

    _run(app, scenario)
    assert any(str(missing_font) in message for message in notifications(app)), notifications(app)
    assert not list(folder.glob("*.pdf"))


def _a_motor(engine: sa.Engine) -> tuple[str, str, int]:
    with Session(engine) as s:
        unit = s.exec(select(Equipment).where(Equipment.category == "motor", Equipment.poles.is_not(None),  # type: ignore[union-attr]
                                              Equipment.efficiency_pct.is_not(None),  # type: ignore[union-attr]
                                              Equipment.benchmark_level != "below_access")
                      .order_by(Equipment.id)).first()
        assert unit is not None and unit.id is not None
        enterprise = s.get(Enterprise, unit.enterprise_id)
        assert enterprise is not None
        return enterprise.credit_code, unit.asset_no, unit.id


def _stored(engine: sa.Engine, unit_id: int) -> tuple[tuple[object, ...], list[tuple[str, str, str]]]:
    with Session(engine) as s:
        u = s.get(Equipment, unit_id)
        assert u is not None
        findings = sorted((f.rule_id, f.kind, f.outcome) for f in s.exec(select(Finding).where(Finding.equipment_id == unit_id)))
        return (u.rated_power_kw, u.efficiency_pct, u.grade, u.benchmark_level, u.grade_standard, u.version), findings


def test_the_same_edit_in_the_cli_and_the_tui_stores_the_same_result(demo_db: Path, tmp_path: Path) -> None:
    cli_db = tmp_path / "cli.sqlite"
    shutil.copy(demo_db, cli_db)
    tui_engine = open_database(demo_db)
    credit, asset_no, unit_id = _a_motor(tui_engine)
    before = _stored(tui_engine, unit_id)

    app = EquipinvApp(tui_engine, today=DEMO_TODAY)

    async def scenario(pilot, app) -> None:
        app.open_unit(unit_id)
        await settle(pilot, app)
        await pilot.press("e")
        await settle(pilot, app)
        app.screen.query_one("#input-rated_power_kw", Input).value = "100 hp"
        app.screen.query_one("#input-efficiency_pct", Input).value = "70"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, UnitScreen)

    _run(app, scenario)
    STATE._engine = None
    assert main(["--db", str(cli_db), "equipment", "edit", "-e", credit, asset_no, "rated_power_kw=100 hp",
                 "efficiency_pct=70"]) == 0
    if STATE._engine is not None:
        STATE._engine.dispose()
        STATE._engine = None
    cli_engine = open_database(cli_db)
    via_tui, via_cli = _stored(tui_engine, unit_id), _stored(cli_engine, unit_id)
    assert via_tui == via_cli != before
    assert via_cli[0][3] == "below_access" and any(rule == "benchmark-below-access" for rule, _k, _o in via_cli[1])
    tui_engine.dispose()
    cli_engine.dispose()
