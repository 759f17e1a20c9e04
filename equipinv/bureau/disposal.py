"""How an eliminated unit left (处置去向), checked before anything is stored, and the county's listing of it.

The plans count recycling (scrapped-vehicle recycling about ×2, waste equipment recycling), so marking
an elimination done records the route (拆解, 回收, 再制造, 转让, 梯次利用), the recipient and its
qualification or certificate number (a scrapped vehicle needs its 报废机动车回收证明 number), and the
weight or the quantity handed over. `disposals` lists them by route and recipient.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from equipinv.models import EliminationRecord, Enterprise, Equipment

DISPOSAL_ROUTES: dict[str, str] = {
    "dismantle": "拆解", "recycle": "回收", "remanufacture": "再制造", "transfer": "转让", "cascade": "梯次利用",
}
VEHICLE_CATEGORIES = ("truck", "vehicle")


class DisposalError(ValueError):
    """A disposal the rules refuse (no recipient, a vehicle without its certificate, ...)."""


@dataclass(frozen=True)
class Disposal:
    """What the enterprise reports with 'done': route, recipient, certificate, weight or quantity."""

    route: str
    recipient: str
    certificate_no: str = ""
    weight_t: float | None = None
    quantity: int | None = None

    def checked(self, category: str) -> Disposal:
        """This disposal with its route as a code, or DisposalError naming the field and value."""
        codes = {label: code for code, label in DISPOSAL_ROUTES.items()}
        route = codes.get(self.route.strip(), self.route.strip())
        if route not in DISPOSAL_ROUTES:
            raise DisposalError(f'处置方式 "{self.route}" 未知（可选：{"、".join(DISPOSAL_ROUTES.values())}） '
                                f'(error: disposal route "{self.route}" is unknown)')
        if not self.recipient.strip():
            raise DisposalError(f'接收单位 "{self.recipient}" 不能为空 (error: disposal recipient is required)')
        if category in VEHICLE_CATEGORIES and not self.certificate_no.strip():
            raise DisposalError(f'报废机动车回收证明编号 "{self.certificate_no}" 不能为空：车辆报废须附回收证明 '
                                f'(error: a scrapped vehicle needs its recycling certificate number)')
        if self.weight_t is None and self.quantity is None:
            raise DisposalError("处置重量（吨）或数量须至少填写一项 (error: disposal weight or quantity is required)")
        if self.weight_t is not None and not self.weight_t > 0:
            raise DisposalError(f'处置重量 "{self.weight_t}" 应大于 0 吨 (error: disposal weight must be positive)')
        if self.quantity is not None and self.quantity <= 0:
            raise DisposalError(f'处置数量 "{self.quantity}" 应大于 0 (error: disposal quantity must be positive)')
        return Disposal(route, self.recipient.strip(), self.certificate_no.strip(), self.weight_t, self.quantity)

    def columns(self) -> dict[str, Any]:
        return {"disposal_route": self.route, "recipient": self.recipient,
                "recipient_cert_no": self.certificate_no or None, "disposal_weight_t": self.weight_t,
                "disposal_quantity": self.quantity}


@dataclass
class DisposalGroup:
    """Disposals of one route to one recipient."""

    route: str
    recipient: str
    records: int = 0
    quantity: int = 0
    weight_t: float = 0.0
    certificates: list[str] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"route": self.route, "route_label": DISPOSAL_ROUTES.get(self.route, self.route),
                "recipient": self.recipient, "records": self.records, "quantity": self.quantity,
                "weight_t": round(self.weight_t, 6), "certificates": self.certificates or []}


def disposals(session: Session, enterprise_ids: list[int], *, start: dt.date | None = None,
              end: dt.date | None = None) -> list[DisposalGroup]:
    """Disposals reported done (or verified) by these enterprises, grouped by route and recipient."""
    table = EliminationRecord.__table__  # type: ignore[attr-defined]
    query = (select(EliminationRecord).join(Enterprise, col(Enterprise.id) == EliminationRecord.enterprise_id)
             .where(col(EliminationRecord.disposal_route).is_not(None)))
    if start is not None:
        query = query.where(table.c.done_date >= start)
    if end is not None:
        query = query.where(table.c.done_date <= end)
    wanted = set(enterprise_ids)
    groups: dict[tuple[str, str], DisposalGroup] = {}
    for record in session.exec(query.order_by(table.c.disposal_route, table.c.recipient, table.c.id)):
        if record.enterprise_id not in wanted:
            continue
        key = (record.disposal_route or "", record.recipient or "")
        group = groups.setdefault(key, DisposalGroup(*key, certificates=[]))
        group.records += 1
        group.quantity += record.disposal_quantity or 0
        group.weight_t += record.disposal_weight_t or 0.0
        if record.recipient_cert_no:
            assert group.certificates is not None
            group.certificates.append(record.recipient_cert_no)
    return list(groups.values())


def unit_category(session: Session, record: EliminationRecord) -> str:
    category = session.execute(sa.select(col(Equipment.category)).where(col(Equipment.id) == record.equipment_id)).scalar()
    return str(category or "")
