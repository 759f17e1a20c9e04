"""Attack 4: replaying an old version. A package's place comes from its manifest, not its file name; an
older package arriving after a newer one is reported and not applied; the newest version defines the
county ledger, units it drops retired with the audit naming the version."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlmodel import Session, col, select

from equipinv.bureau.consolidate import consolidate
from equipinv.bureau.versions import changes
from equipinv.models import AuditLog, Enterprise, Equipment
from tests.security.conftest import XIAOYI, Site
from tests.security.packages import export, members, rewrite


def _two_versions(site: Site, inbox: Path) -> tuple[str, str]:
    """z_old.zip (made first) and a_new.zip (made a day later, one unit dropped, one renamed)."""
    inbox.mkdir()
    with Session(site.owner) as s:
        old = export(s, XIAOYI, inbox / "z_old.zip", period="2026-11")
    made = dt.datetime.fromisoformat(json.loads(members(old)["manifest.json"])["created_at"])
    lines = members(old)["ledger.csv"].decode().splitlines()
    dropped = lines[1].split(",")[1]
    renamed = lines[2].split(",")[1]
    assert lines[0].startswith("credit_code,asset_no,name,")

    def newer(rows: list[str]) -> list[str]:
        kept = [rows[0], *rows[2:]]
        kept[1] = kept[1].replace(kept[1].split(",")[2], "新版名称", 1)
        return kept

    rewrite(old, inbox / "a_new.zip", ledger=newer,
            manifest={"created_at": (made + dt.timedelta(days=1)).isoformat(), "period": "2026-12"})
    return dropped, renamed


def _unit(asset_no: str):  # type: ignore[no-untyped-def]
    return (select(Equipment).join(Enterprise, col(Enterprise.id) == Equipment.enterprise_id)
            .where(Equipment.asset_no == asset_no, Enterprise.region_code == XIAOYI))


def test_an_older_package_named_last_is_reported_not_applied(site: Site, tmp_path: Path) -> None:
    dropped, renamed = _two_versions(site, tmp_path / "inbox")
    report = consolidate(site.owner, tmp_path / "inbox", workers=0)
    assert [a["file"] for a in report.accepted] == ["a_new.zip"]
    assert [o["file"] for o in report.older] == ["z_old.zip"] and "not newer than stored version 2" in \
        report.older[0]["reason"]
    with Session(site.owner) as s:
        unit = s.exec(_unit(renamed)).one()
        assert unit.name == "新版名称"  # the newer content stands
        gone = s.exec(_unit(dropped)).one()
        assert gone.status == "eliminated"  # the county ledger is the newest version's, not a mix
        reasons = [a.changes.get("reason", "") for a in s.exec(select(AuditLog).where(
            AuditLog.table_name == "equipment", AuditLog.row_id == gone.id, AuditLog.action == "retire"))]
        assert any("not listed by version 2" in r for r in reasons)
        enterprise = s.get(Enterprise, gone.enterprise_id)
        assert enterprise is not None
        diff = changes(s, enterprise, 2)  # the county can see what the version changed
        assert diff.retired == [dropped] and diff.changed[renamed]["name"][1] == "新版名称" and diff.added == []


def test_the_newer_package_wins_whatever_the_order_of_arrival(site: Site, tmp_path: Path) -> None:
    dropped, renamed = _two_versions(site, tmp_path / "inbox")
    later = tmp_path / "later"
    later.mkdir()
    (tmp_path / "inbox" / "a_new.zip").rename(later / "a_new.zip")
    first = consolidate(site.owner, tmp_path / "inbox", workers=0)  # the old one alone: applied, version 2
    assert [a["file"] for a in first.accepted] == ["z_old.zip"]
    second = consolidate(site.owner, later, workers=0)  # then the new one: applied, version 3
    assert [(a["file"], a["version"]) for a in second.accepted] == [("a_new.zip", 3)] and second.older == []
    with Session(site.owner) as s:
        assert (s.exec(_unit(dropped)).one().status, s.exec(_unit(renamed)).one().name) == ("eliminated", "新版名称")
