"""Closing eliminations (对账销号) and the progress figures, for every front.

An elimination record is named by its id (the TUI's progress ledger) or by enterprise and asset number
(the CLI): `RecordRef`. Each move is one transaction through `equipinv.bureau.closure` (rules, optimistic
locking, audit) with the context's actor; staff who verify are named in the audit trail by who verified.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from equipinv.bureau import closure
from equipinv.bureau.disposal import Disposal
from equipinv.db import session_scope
from equipinv.ledger import find_enterprise
from equipinv.models import EliminationRecord
from equipinv.services.context import Context

RecordRef = int | tuple[str, str]  # a record id, or (enterprise id / credit code / name, asset number)


def find_record(session: Session, ref: RecordRef) -> EliminationRecord:
    """The elimination record `ref` names, or a `ClosureError` naming it."""
    if isinstance(ref, tuple):
        enterprise, asset_no = ref
        return closure.record_for(session, find_enterprise(session, enterprise), asset_no)
    record = session.get(EliminationRecord, ref)
    if record is None:
        raise closure.ClosureError(f"淘汰记录 {ref} 不存在 (error: elimination record {ref} not found)")
    return record


def mark_done(ctx: Context, ref: RecordRef, *, done_date: dt.date | None, evidence: str, disposal: Disposal,
              expected_version: int | None = None) -> EliminationRecord:
    """The enterprise reports the elimination done (date, evidence, how the unit left); `done_date` defaults
    to today."""
    with session_scope(ctx.engine) as session:
        record = find_record(session, ref)
        closure.mark_done(session, record, done_date=done_date or ctx.today, evidence=evidence, disposal=disposal,
                          actor=ctx.actor, expected_version=expected_version, today=ctx.today)
        return record


def verify(ctx: Context, ref: RecordRef, *, verified_date: dt.date | None, verified_by: str,
           expected_version: int | None = None) -> EliminationRecord:
    """The bureau verifies and ticks the elimination off (the unit is recorded as eliminated)."""
    with session_scope(ctx.engine) as session:
        record = find_record(session, ref)
        closure.verify(session, record, verified_date=verified_date or ctx.today, verified_by=verified_by,
                       actor=verified_by, expected_version=expected_version)
        return record


def progress(ctx: Context, *, period: str, as_of: dt.date | None = None,
             enterprise_ids: list[int] | None = None) -> closure.Progress:
    """The dekad or month progress figures and the problem list, as of `as_of` (default today)."""
    with Session(ctx.engine) as session:
        return closure.progress(session, as_of=as_of or ctx.today, period=period, enterprise_ids=enterprise_ids)
