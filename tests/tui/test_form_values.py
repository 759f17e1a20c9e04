"""Every stored value of the demo ledger, shown in the edit form, passes validation unchanged and parses
back to the stored number — so opening and saving a form never flags or alters an untouched field."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, select

from equipinv.models import Equipment
from equipinv.validation import validate_equipment
from tui.screens.unit_form import COMMON, category_fields, shown_value


def test_form_round_trips_every_demo_value(engine: sa.Engine) -> None:
    with Session(engine) as session:
        units = list(session.exec(select(Equipment)))
    checked = 0
    for unit in units:
        for field in [*COMMON, *(f for f, _ in category_fields(unit.category))]:
            text = shown_value(unit, field)
            if not text or field == "site":
                continue
            clean = validate_equipment({"category": unit.category, field: text}, partial=True)
            stored = getattr(unit, field) if field in Equipment.model_fields else unit.rating_params[field]
            got = clean.get(field, clean.get("rating_params", {}).get(field))
            if isinstance(stored, float):
                assert abs(got - stored) <= 1e-6 * max(1.0, abs(stored)), (unit.asset_no, field, text)
            else:
                assert got == stored, (unit.asset_no, field, text)
            checked += 1
    assert checked > 1000
