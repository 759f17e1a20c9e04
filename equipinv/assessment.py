"""Bringing grades and findings up to date after new ledger data arrived (import, package, consolidation)."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlmodel import col, select

from equipinv.checking import check_stored_units
from equipinv.db import session_scope
from equipinv.grading import grade_stored_units
from equipinv.models import Enterprise, Equipment


def assess_enterprises(engine: sa.Engine, credit_codes: Iterable[str | None]) -> None:
    """Grade and check every unit of these enterprises, in one transaction."""
    codes = {c for c in credit_codes if c}
    if not codes:
        return
    with session_scope(engine) as session:
        ids = session.exec(select(Enterprise.id).where(col(Enterprise.credit_code).in_(codes))).all()
        where = Equipment.__table__.c.enterprise_id.in_(ids)  # type: ignore[attr-defined]
        grade_stored_units(session, where=where)
        check_stored_units(session, where=where)
