"""What bureau mode reads and changes, without Textual: the progress ledger of eliminations (对账销号),
the dekad / month progress figures, and the roll-up by region or industry.

The moves and the progress figures are the core's use cases (`equipinv.services.closure`); this module only
shapes rows for the screen and finds the region to roll up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from equipinv import codes
from equipinv.bureau.rollup import RollupRow, rollup
from equipinv.models import EliminationRecord, Enterprise, Equipment

SHOWN = 500


@dataclass
class RecordRow:
    id: int
    version: int
    enterprise: str
    asset_no: str
    name: str
    basis: str
    deadline: dt.date | None
    status: str
    done_date: dt.date | None
    evidence: str | None
    verified_date: dt.date | None
    verified_by: str | None


def records(engine: sa.Engine, status: str | None = None, *, limit: int = SHOWN) -> tuple[list[RecordRow], int]:
    """Elimination records, nearest deadline first (at most `limit`), and how many match in all."""
    where = [] if status is None else [col(EliminationRecord.status) == status]
    with Session(engine) as session:
        total = session.execute(sa.select(sa.func.count()).select_from(EliminationRecord).where(*where)).scalar_one()
        query = (select(EliminationRecord, Equipment.asset_no, Equipment.name, Enterprise.name)
                 .join(Equipment, col(Equipment.id) == EliminationRecord.equipment_id)
                 .join(Enterprise, col(Enterprise.id) == EliminationRecord.enterprise_id)
                 .where(*where)
                 .order_by(col(EliminationRecord.deadline).is_(None), col(EliminationRecord.deadline),
                           col(EliminationRecord.id)).limit(limit))
        rows = [RecordRow(r.id or 0, r.version, enterprise, asset_no, name, r.basis, r.deadline, r.status, r.done_date,
                          r.evidence, r.verified_date, r.verified_by)
                for r, asset_no, name, enterprise in session.exec(query)]
    return rows, int(total)


def top_regions(session: Session) -> list[str]:
    """Per province, the smallest region holding all its enterprises (a county bureau sees its county)."""
    by_province: dict[str, list[list[str]]] = {}
    for (code,) in session.execute(sa.select(Enterprise.region_code).distinct()):  # type: ignore[call-overload]
        chain = [r.code for r in codes.region_chain(code)]  # the region first, its province last
        by_province.setdefault(chain[-1], []).append(chain)
    tops = []
    for province, chains in sorted(by_province.items()):
        common = set(chains[0]).intersection(*map(set, chains[1:]))
        tops.append(next((code for code in chains[0] if code in common), province))
    return tops


def roll_up(engine: sa.Engine, by: str, today: dt.date) -> tuple[list[RollupRow], RollupRow]:
    """Roll-up by child region ("region") or industry division ("industry"), province by province."""
    rows: dict[str, RollupRow] = {}
    total = RollupRow("total", "合计")
    with Session(engine) as session:
        for region in top_regions(session):
            part, subtotal = rollup(session, region, by=by, today=today)
            for row in part:  # an industry seen in two provinces is one row
                rows.setdefault(row.key, RollupRow(row.key, row.label)).add(row)
            total.add(subtotal)
    return list(rows.values()), total
