"""Import without leaving the app: a workbook with good and bad rows — the good ones stored and graded,
every bad field listed with its reason — and an unreadable path refused with a message."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from sqlmodel import Session, select
from textual.widgets import DataTable, Input

from equipinv.models import Enterprise, Equipment
from tests.tui.conftest import notifications, screen_text, settle
from tui.screens.importing import ImportScreen


def _workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["资产编号", "设备名称", "设备类别", "额定功率(kW)", "极数", "效率(%)", "出厂年份", "责任人"])
    ws.append(["IMP-1", "新电机", "电动机", 55, 4, 94.5, 2015, "张三"])
    ws.append(["IMP-2", "坏数据", "飞船", "1250 kVA", 4, 90, "去年"])
    ws.append(["IMP-3", "另一台", "电动机", "100 hp", 4, 93.0, 2012])
    wb.save(path)
    return path


def test_import_a_ledger_with_bad_rows(drive, engine, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "台账.xlsx")
    with Session(engine) as session:
        credit = session.exec(select(Enterprise.credit_code)).first()

    async def scenario(pilot, app) -> None:
        await pilot.press("ctrl+p", *"导入台账")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ImportScreen)
        app.screen.query_one("#import-path", Input).value = str(path)
        app.screen.query_one("#import-credit", Input).value = credit
        await pilot.press("ctrl+g")
        await settle(pilot, app)
        result = screen_text(app.screen.query_one("#import-result"))
        assert "新增 2 台" in result and "拒绝 1 行" in result
        assert "列“责任人”未对应任何字段：1 个值已原样保存" in result  # kept in extra, and said so
        table = app.screen.query_one("#import-table", DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert {r[0] for r in rows} == {"3"}
        fields = {r[1] for r in rows}
        # an unknown category word (飞船) is no reason to refuse a row (issue 23); the row has others
        assert {"额定功率", "出厂年份"} <= fields and "设备类别" not in fields
        assert any("不是功率单位" in r[2] for r in rows)

    drive(scenario)
    with Session(engine) as session:
        units = {u.asset_no: u for u in session.exec(select(Equipment).where(Equipment.asset_no.like("IMP-%")))}
    assert set(units) == {"IMP-1", "IMP-3"}
    assert units["IMP-1"].extra == {"责任人": "张三"}
    assert abs(units["IMP-3"].rated_power_kw - 74.57) < 0.01
    assert all(u.graded_at is not None and u.benchmark_level for u in units.values())


def test_a_missing_file_is_a_message(drive, tmp_path: Path) -> None:
    async def scenario(pilot, app) -> None:
        app.action_import()
        await settle(pilot, app)
        app.screen.query_one("#import-path", Input).value = str(tmp_path / "nope.xlsx")
        await pilot.press("ctrl+g")
        await settle(pilot, app)
        assert any("找不到" in n for n in notifications(app))

    drive(scenario)


def test_consolidate_an_inbox_into_an_empty_bureau_database(engine, tmp_path: Path) -> None:
    import asyncio

    from equipinv.db import open_database, session_scope
    from equipinv.demo import DEMO_TODAY
    from equipinv.exchange.package import export_package
    from tui.app import EquipinvApp

    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    with session_scope(engine) as session:
        enterprise = session.get(Enterprise, 1)
        export_package(session, enterprise, inbox / "package.zip", period="2026-11")
        expected = len(session.exec(select(Equipment.id).where(Equipment.enterprise_id == 1)).all())
    (inbox / "broken.zip").write_bytes(b"not a zip")
    bureau = open_database(tmp_path / "bureau.sqlite")
    app = EquipinvApp(bureau, today=DEMO_TODAY)

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot, app)
            app.action_import()
            await settle(pilot, app)
            app.screen.query_one("#import-path", Input).value = str(inbox)
            await pilot.press("ctrl+g")
            await settle(pilot, app)
            assert "接收 1 份，拒收 1 份" in screen_text(app.screen.query_one("#import-result"))
            table = app.screen.query_one("#import-table", DataTable)
            rows = [table.get_row_at(i) for i in range(table.row_count)]
            assert any(r[0] == "broken.zip" and "zip" in r[2] for r in rows)
            assert any(r[1] == f"{expected} 行" for r in rows)  # ledger rows

    asyncio.run(main())
    assert app.internal_errors == []
    with Session(bureau) as session:
        assert len(session.exec(select(Equipment.id)).all()) == expected
    bureau.dispose()
