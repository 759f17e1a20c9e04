"""Adding an enterprise from the ledger (key e): each field judged as it is typed, a wrong check character
or region named in its message, nothing stored until every field is right, a credit code already on
record refused, the new enterprise audited."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, select
from textual.widgets import Input, Static

from equipinv.codes import make_credit_code
from equipinv.models import AuditLog, Enterprise
from tests.tui.conftest import notifications, screen_text, settle
from tui.screens.enterprise_form import EnterpriseFormScreen
from tui.widgets.form_field import FormField

NEW_CODE = make_credit_code("91141181MA0TUWXY1")


def _message(form: EnterpriseFormScreen, field: str) -> str:
    return screen_text(form.query_one(f"#field-{field}", FormField).query_one(".field-message", Static))


def _enterprises(engine: sa.Engine) -> list[Enterprise]:
    with Session(engine) as session:
        return list(session.exec(select(Enterprise)))


def test_add_an_enterprise_with_checks_as_you_type(drive, engine) -> None:
    before = len(_enterprises(engine))
    with Session(engine) as session:
        taken = session.exec(select(Enterprise.credit_code)).first()

    async def scenario(pilot, app) -> None:
        await pilot.press("2")
        await settle(pilot, app)
        await pilot.press("e")
        await settle(pilot, app)
        form = app.screen
        assert isinstance(form, EnterpriseFormScreen)
        wrong_check = NEW_CODE[:-1] + ("0" if NEW_CODE[-1] != "0" else "1")
        form.query_one("#input-credit_code", Input).value = wrong_check
        form.query_one("#input-region_code", Input).value = "999999"
        await pilot.pause()
        assert wrong_check in _message(form, "credit_code") and "999999" in _message(form, "region_code")
        await pilot.press("ctrl+s")  # refused: red fields, and the required ones left blank
        await settle(pilot, app)
        assert isinstance(app.screen, EnterpriseFormScreen) and len(_enterprises(engine)) == before
        assert "必填" in _message(form, "name") and "必填" in _message(form, "industry_code")
        form.query_one("#input-credit_code", Input).value = taken
        form.query_one("#input-name", Input).value = "界面新增焦化厂"
        form.query_one("#input-region_code", Input).value = "141181"
        form.query_one("#input-industry_code", Input).value = "C2521"
        form.query_one("#input-annual_energy_tce", Input).value = "12000吨标准煤"
        await pilot.press("ctrl+s")  # a credit code already on record
        await settle(pilot, app)
        assert any("已存在" in n for n in notifications(app)) and len(_enterprises(engine)) == before
        form.query_one("#input-credit_code", Input).value = NEW_CODE.lower()
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert not isinstance(app.screen, EnterpriseFormScreen)
        assert any("已新增企业 界面新增焦化厂" in n for n in notifications(app))

    drive(scenario)
    with Session(engine) as session:
        added = session.exec(select(Enterprise).where(Enterprise.credit_code == NEW_CODE)).one()
        assert (added.region_code, added.industry_code, added.annual_energy_tce) == ("141181", "2521", 12000.0)
        audited = session.exec(select(AuditLog).where(AuditLog.table_name == "enterprise",
                                                      AuditLog.row_id == added.id)).all()
    assert len(audited) == 1 and audited[0].actor == "tui"
    assert len(_enterprises(engine)) == before + 1
