"""The scope a screen's form chose — an enterprise (a Select), a region code (an Input) or all — for the
planning and the reports screens alike, as the core's `ScopeRequest` (validated there)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select
from textual.screen import Screen
from textual.widgets import Input, Select

from equipinv.errors import EquipinvError
from equipinv.models import Enterprise
from equipinv.services.context import Context
from equipinv.services.scopes import ScopeRequest


def enterprise_options(ctx: Context) -> list[tuple[str, int]]:
    """("name（credit code）", id) of every enterprise, by name."""
    with Session(ctx.engine) as session:
        return [(f"{e.name}（{e.credit_code}）", e.id)
                for e in session.exec(select(Enterprise).order_by(col(Enterprise.name))) if e.id is not None]


def scope_request(screen: Screen[Any], enterprise_select: str, region_input: str) -> ScopeRequest:
    """The scope of the form; raises the core's error naming what cannot be used."""
    chosen = screen.query_one(enterprise_select, Select).value
    region = screen.query_one(region_input, Input).value.strip()
    return ScopeRequest(None if chosen is Select.NULL else int(str(chosen)), region or None)


def chosen_scope(screen: Screen[Any], enterprise_select: str, region_input: str) -> ScopeRequest | None:
    """The scope of the form, or None after a notification naming what cannot be used."""
    try:
        return scope_request(screen, enterprise_select, region_input)
    except EquipinvError as error:
        screen.notify(str(error), severity="error", title="范围", markup=False)
        return None
