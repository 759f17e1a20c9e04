"""The demo ledger and one survey package per demo enterprise: the inbox most consolidation tests start from."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from equipinv.db import open_database, session_scope
from equipinv.demo import build_demo
from equipinv.exchange.package import export_package
from equipinv.models import Enterprise


def demo_packages(source_path: Path, folder: Path, *, period: str) -> sa.Engine:
    """Store the demo at `source_path` and write `NN_<credit code>.zip` per enterprise into `folder`;
    returns the source database (dispose it when done)."""
    source = open_database(source_path)
    with session_scope(source) as s:
        build_demo(s)
    with Session(source) as s:
        for n, enterprise in enumerate(s.exec(select(Enterprise).order_by(Enterprise.id)).all()):
            export_package(s, enterprise, folder / f"{n:02d}_{enterprise.credit_code}.zip", period=period)
    return source
