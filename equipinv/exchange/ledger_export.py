"""An enterprise's stored ledger as rows of canonical columns: what a survey package's `ledger.csv` holds
and what a pre-filled template shows, so both carry every field and read back the same through the importer.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from equipinv.exchange.columns import COLUMNS
from equipinv.exchange.safe_cells import safe_text
from equipinv.exchange.template import FilledLedger
from equipinv.models import Enterprise, Equipment, Project, Site
from equipinv.validation import extra_rating_parameters

REFERENCES = ("site", "project", "parent_asset_no")
"""Columns stored as links (a site, a project, a parent unit) and written by name or asset number."""


@dataclass(frozen=True)
class LedgerRows:
    """The ledger's columns (field names) and one list of plain cell values per unit, in asset-number order."""

    fields: list[str]
    rows: list[list[Any]]


def plain(value: Any) -> Any:
    """A stored value as a ledger cell: dates in ISO, flags as 是/否, text made safe for spreadsheets."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    return safe_text(value)


def ledger_rows(session: Session, enterprise: Enterprise) -> LedgerRows:
    """Every column of every unit of `enterprise`, rating parameters, value sources and the ledger columns
    kept in `extra` included."""
    units = list(session.exec(select(Equipment).where(Equipment.enterprise_id == enterprise.id)
                              .order_by(col(Equipment.asset_no))))
    names = {"site": {s.id: s.name for s in session.exec(select(Site).where(Site.enterprise_id == enterprise.id))},
             "project": {p.id: p.name for p in session.exec(select(Project).where(Project.enterprise_id == enterprise.id))},
             "parent_asset_no": {u.id: u.asset_no for u in units}}
    links = {"site": "site_id", "project": "project_id", "parent_asset_no": "parent_id"}
    # input-only columns (a combined 额定参数 cell) are stored as the fields they were read into
    fields = [c.field for c in COLUMNS if c.field not in REFERENCES and c.field in Equipment.model_fields]
    extras = sorted({k for u in units for k in (u.rating_params or {}) if k in extra_rating_parameters()})
    rows = []
    for u in units:
        rows.append([*(plain(getattr(u, f)) for f in fields),
                     *(safe_text(names[r].get(getattr(u, links[r]) or -1, "")) for r in REFERENCES),
                     *(plain((u.rating_params or {}).get(k)) for k in extras), json.dumps(u.value_sources or {}),
                     json.dumps(u.extra or {}, ensure_ascii=False)])
    return LedgerRows([*fields, *REFERENCES, *extras, "value_sources", "extra"], rows)


def filled_template(session: Session, enterprise: Enterprise) -> FilledLedger:
    """The enterprise's ledger and projects as a pre-filled template (`write_template(path, filled)`)."""
    from equipinv.exchange.lines_member import lines_document
    from equipinv.exchange.package_extras import projects_document

    ledger = ledger_rows(session, enterprise)
    info = {k: getattr(enterprise, k) for k in ("credit_code", "name", "region_code", "industry_code",
                                                 "annual_energy_tce", "contact_person", "contact_phone", "mine_type",
                                                 "equipment_investment_2023_yuan")}
    return FilledLedger(info, ledger.fields, ledger.rows, projects_document(session, enterprise),
                        lines_document(session, enterprise))
