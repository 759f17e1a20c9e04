"""The documents of a scope for every front: one of the four lists, or the summary report's figures.

Both are built from the stored ledger, findings and the accepted plan of the same scope (which the
document names); the fronts hand them to `reports` with the PDF font of the `Context`'s configuration.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from equipinv.listing import ListDocument, SummaryReport
from equipinv.lists import build_list
from equipinv.services.context import Context
from equipinv.services.scopes import ScopeRequest
from equipinv.summary import build_summary


def list_document(ctx: Context, list_id: str, chosen: ScopeRequest, *, today: dt.date | None = None) -> ListDocument:
    """One of the four lists of the scope, as of `today` (default: the context's clock)."""
    with Session(ctx.engine) as session:
        return build_list(session, list_id, chosen.resolve(session), today=today or ctx.today)


def summary_document(ctx: Context, chosen: ScopeRequest, *, today: dt.date | None = None) -> SummaryReport:
    """The summary report's figures for the scope."""
    with Session(ctx.engine) as session:
        return build_summary(session, chosen.resolve(session), today=today or ctx.today)
