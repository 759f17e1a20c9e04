"""Bureau mode: an elimination is marked done with evidence, then verified (对账销号) — audited, the unit
retired — a verification out of order is refused with a message, and the roll-up adds up to the ledger."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, select
from textual.widgets import DataTable, Input

from equipinv.models import AuditLog, EliminationRecord, Equipment
from tests.tui.conftest import notifications, settle
from tui.screens.bureau import BureauScreen, ClosureDialog


def _record(engine: sa.Engine, record_id: int) -> EliminationRecord:
    with Session(engine) as session:
        record = session.get(EliminationRecord, record_id)
        assert record is not None
        return record


def test_mark_done_then_verify(drive, engine, monkeypatch) -> None:
    chosen: list[int] = []

    async def scenario(pilot, app) -> None:
        await pilot.press("5")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, BureauScreen)
        table = screen.query_one(DataTable)
        table.focus()
        chosen.append(screen.rows[0].id)
        await pilot.press("v")  # verifying before it is done is refused
        await pilot.pause()
        app.screen.query_one("#closure-text", Input).value = "县工信局 张三"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert any("须先报告已完成" in n for n in notifications(app))
        assert _record(engine, chosen[0]).status == "planned"
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ClosureDialog)
        await pilot.press(*"拆除照片及废旧物资回收单")
        await pilot.press("ctrl+s")  # no recipient: refused with the field named, nothing stored
        await settle(pilot, app)
        assert _record(engine, chosen[0]).status == "planned"
        assert any("接收单位" in n for n in notifications(app))
        await pilot.press("d")
        await pilot.pause()
        await pilot.press(*"拆除照片及废旧物资回收单")
        app.screen.query_one("#closure-recipient", Input).value = "吕梁市再生资源回收有限公司"
        app.screen.query_one("#closure-certificate", Input).value = "晋回收-2026-018"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert _record(engine, chosen[0]).status == "done"
        monkeypatch.setenv("EQUIPINV_USER", "bureau_li")  # the login that verifies is not the one that reported done
        table.move_cursor(row=next(i for i, r in enumerate(screen.rows) if r.id == chosen[0]))
        await pilot.press("v")
        await pilot.pause()
        await pilot.press(*"李四")
        await pilot.press("ctrl+s")
        await settle(pilot, app)

    drive(scenario)
    record = _record(engine, chosen[0])
    assert (record.status, record.verified_by, record.evidence) == ("verified", "李四", "拆除照片及废旧物资回收单")
    assert (record.disposal_route, record.recipient, record.disposal_quantity) == ("recycle", "吕梁市再生资源回收有限公司", 1)
    with Session(engine) as session:
        assert session.get(Equipment, record.equipment_id).status == "eliminated"
        actions = {a.action for a in session.exec(select(AuditLog).where(AuditLog.table_name == "eliminationrecord",
                                                                          AuditLog.row_id == record.id))}
    assert actions == {"done", "verify"}


def test_rollup_by_region_adds_up(drive, engine) -> None:
    with engine.connect() as connection:
        live = connection.execute(sa.text("select sum(quantity) from equipment where status != 'eliminated'")).scalar_one()

    async def scenario(pilot, app) -> None:
        await pilot.press("5")
        await settle(pilot, app)
        await pilot.press("g")
        await settle(pilot, app)
        table = app.screen.query_one(DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert rows[-1][0] == "合计" and int(rows[-1][2]) == live
        assert sum(int(r[2]) for r in rows[:-1]) == live and len(rows) > 2

    drive(scenario)
