"""An enterprise's submission versions, and what each one changed in the county ledger.

The county needs to see why its ledger says what it says: which version is in force, where each
came from (file, manifest period and time, the login that stored it), and for one version the units
it brought in, the fields it changed and the units it retired. Everything is read back from what was
stored: the submissions, the units' `submission_id` (the version that last changed a unit) and the
audit rows of that submission; so a unit a version bulk-added and a later version changed counts as
added by neither (units stored in bulk leave no audit row of their own).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from equipinv.ledger import NotFound
from equipinv.models import AuditLog, Enterprise, Equipment, Submission


def history(session: Session, enterprise: Enterprise) -> list[Submission]:
    """The enterprise's submissions, oldest version first."""
    return list(session.exec(select(Submission).where(Submission.enterprise_id == enterprise.id)
                             .order_by(col(Submission.version))))


@dataclass
class VersionChanges:
    version: int
    filename: str | None
    added: list[str] = field(default_factory=list)  # asset numbers first stored by this version
    changed: dict[str, dict[str, Any]] = field(default_factory=dict)  # asset number -> field -> [old, new]
    retired: list[str] = field(default_factory=list)  # units this version no longer listed

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "filename": self.filename, "added": self.added, "changed": self.changed,
                "retired": self.retired}


def changes(session: Session, enterprise: Enterprise, version: int) -> VersionChanges:
    """What version `version` of the enterprise's submissions did to its ledger."""
    submission = session.exec(select(Submission).where(Submission.enterprise_id == enterprise.id,
                                                       Submission.version == version)).first()
    if submission is None:
        raise NotFound(f"企业 {enterprise.name} 没有第 {version} 版报送 (error: no submission version {version})")
    found = VersionChanges(version, submission.filename)
    asset_of = dict(session.exec(select(Equipment.id, Equipment.asset_no)
                                 .where(Equipment.enterprise_id == enterprise.id)).all())
    stored_by = set(session.exec(select(Equipment.asset_no).where(  # last changed by it: added, changed or retired
        Equipment.enterprise_id == enterprise.id, Equipment.submission_id == submission.id)).all())
    rows = session.exec(select(AuditLog).where(AuditLog.submission_id == submission.id,
                                               AuditLog.table_name == "equipment").order_by(col(AuditLog.id)))
    for row in rows:
        asset = asset_of.get(row.row_id, str(row.row_id))
        if row.action == "retire":
            if asset not in found.retired:
                found.retired.append(asset)
        elif row.action == "create":
            stored_by.add(asset)
        elif row.action in ("import", "update"):
            found.changed.setdefault(asset, {}).update(row.changes)
    found.retired.sort()
    found.added = sorted(stored_by - set(found.changed) - set(found.retired))
    return found
