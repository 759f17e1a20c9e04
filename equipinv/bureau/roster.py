"""The bureau's roster of enterprises that must report (应报企业名录) and who has not reported (应报未报).

A county loads its roster (CSV or XLSX: credit code, name, industry, region, key energy user flag); the
reporting status for a period then compares the roster with the submissions on record: reported on time,
reported late (first submission after the due date), not reported, and reported without being on the
roster. Loading again replaces an entry of the same credit code; rows with a bad value are refused with
the row, field and value named, and nothing of the file is stored when any row is bad.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from equipinv.exchange.columns import normalise_header
from equipinv.exchange.reader import LedgerFileError, read_grid
from equipinv.models import Enterprise, RosterEntry, Submission, utcnow
from equipinv.validation import ValidationFailed, parse_yes_no, validate_enterprise

# Roster headers as bureaus write them, normalised like ledger headers.
ROSTER_HEADERS: dict[str, str] = {
    "统一社会信用代码": "credit_code", "信用代码": "credit_code", "社会信用代码": "credit_code", "credit_code": "credit_code",
    "企业名称": "name", "单位名称": "name", "名称": "name", "name": "name",
    "行业代码": "industry_code", "所属行业": "industry_code", "行业": "industry_code", "industry_code": "industry_code",
    "行政区划代码": "region_code", "所在地区": "region_code", "区划代码": "region_code", "region_code": "region_code",
    "重点用能单位": "key_energy_user", "是否重点用能单位": "key_energy_user", "key_energy_user": "key_energy_user",
}
REQUIRED = ("credit_code", "name")
_REQUIRED_ZH = {"credit_code": "统一社会信用代码", "name": "企业名称"}


class RosterError(ValueError):
    """The roster file cannot be loaded; nothing from it was stored."""


@dataclass(frozen=True)
class RosterLoad:
    """What loading a roster file did."""

    added: int
    updated: int
    rows: int


def _columns(header: list[Any]) -> list[str | None]:
    by_norm = {normalise_header(k)[0]: v for k, v in ROSTER_HEADERS.items()}
    return [by_norm.get(normalise_header(h)[0]) if h not in (None, "") else None for h in header]


def read_roster(path: Path) -> list[dict[str, Any]]:
    """The roster's rows as clean records; RosterError naming every bad row when any is bad."""
    try:
        grid = read_grid(path)
    except LedgerFileError as exc:
        raise RosterError(str(exc)) from exc
    rows = [r for r in grid if any(c not in (None, "") for c in r)]
    if not rows:
        raise RosterError(f"名录 {path.name} 没有内容 (error: the roster is empty)")
    fields = _columns(rows[0])
    missing = [f for f in REQUIRED if f not in fields]
    if missing:
        raise RosterError(f"名录 {path.name} 的表头缺少：{'、'.join(_REQUIRED_ZH[f] for f in missing)} "
                          f"(error: roster header lacks {', '.join(missing)})")
    records, problems, seen = [], [], set()
    for number, row in enumerate(rows[1:], start=2):
        raw = {f: v for f, v in zip(fields, row, strict=False) if f and v not in (None, "")}
        flag = raw.pop("key_energy_user", None)
        try:
            clean = validate_enterprise(raw, partial=True)
            for required in REQUIRED:
                if required not in clean:
                    raise ValidationFailed([])  # reported below with the field named
            clean["key_energy_user"] = None if flag is None else parse_yes_no(flag)
        except ValidationFailed as exc:
            absent = "、".join(_REQUIRED_ZH[r] for r in REQUIRED if r not in raw)
            named = "；".join(e.message for e in exc.errors) or f"缺少{absent} (error: required field missing)"
            problems.append(f"第 {number} 行：{named}")
            continue
        except ValueError:
            problems.append(f'第 {number} 行：重点用能单位 "{flag}" 应为 是/否 (error: key_energy_user must be yes/no)')
            continue
        if clean["credit_code"] in seen:
            problems.append(f"第 {number} 行：统一社会信用代码 {clean['credit_code']} 重复 (error: duplicate credit code)")
            continue
        seen.add(clean["credit_code"])
        records.append(clean)
    if problems:
        raise RosterError(f"名录 {path.name} 有 {len(problems)} 行有误，未导入：" + "；".join(problems[:20])
                          + ("……" if len(problems) > 20 else ""))
    return records


def load_roster(session: Session, path: Path) -> RosterLoad:
    """Store the roster of `path` (one transaction): new credit codes are added, known ones updated."""
    records = read_roster(path)
    known = {e.credit_code: e for e in session.exec(select(RosterEntry))}  # a roster is small: 10^2–10^5 rows
    added = 0
    for record in records:
        entry = known.get(record["credit_code"])
        if entry is None:
            session.add(RosterEntry(**record, source=path.name))
            added += 1
        else:
            for key, value in record.items():
                setattr(entry, key, value)
            entry.source, entry.loaded_at = path.name, utcnow()
    session.flush()
    return RosterLoad(added, len(records) - added, len(records))


@dataclass(frozen=True)
class RosterLine:
    credit_code: str
    name: str
    region_code: str | None
    key_energy_user: bool | None
    first_submitted: dt.datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"credit_code": self.credit_code, "name": self.name, "region_code": self.region_code,
                "key_energy_user": self.key_energy_user,
                "first_submitted": self.first_submitted.isoformat() if self.first_submitted else None}


@dataclass
class ReportingStatus:
    """Who on the roster reported for a period, who reported late, who did not; who reported unlisted."""

    period: str
    due: dt.date | None
    on_time: list[RosterLine] = field(default_factory=list)
    late: list[RosterLine] = field(default_factory=list)
    missing: list[RosterLine] = field(default_factory=list)
    not_on_roster: list[RosterLine] = field(default_factory=list)

    @property
    def roster_size(self) -> int:
        return len(self.on_time) + len(self.late) + len(self.missing)

    def to_dict(self) -> dict[str, Any]:
        return {"period": self.period, "due": self.due.isoformat() if self.due else None,
                "roster_size": self.roster_size,
                **{name: [line.to_dict() for line in getattr(self, name)]
                   for name in ("on_time", "late", "missing", "not_on_roster")}}


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)  # SQLite hands back naive UTC


def reporting_status(session: Session, period: str, due: dt.date | None = None,
                     region_codes: set[str] | None = None) -> ReportingStatus:
    """Compare the roster (within `region_codes`, if given) with the submissions of `period`.

    A submission counts for the period when it names it (survey packages carry their period) and was not
    rejected; the first such submission's time decides on time (on or before the end of `due`) or late.
    """
    sub, ent = Submission.__table__, Enterprise.__table__  # type: ignore[attr-defined]
    first = {code: _utc(at) for code, at in session.execute(
        sa.select(ent.c.credit_code, sa.func.min(sub.c.created_at))
        .select_from(sub.join(ent, sub.c.enterprise_id == ent.c.id))
        .where(sub.c.period == period, sub.c.status != "rejected").group_by(ent.c.credit_code))}
    deadline = (dt.datetime.combine(due + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC) if due else None)
    status = ReportingStatus(period, due)
    roster = session.exec(select(RosterEntry).order_by(col(RosterEntry.region_code), col(RosterEntry.credit_code)))
    for entry in roster:
        if region_codes is not None and entry.region_code not in region_codes:
            continue
        at = first.get(entry.credit_code)
        line = RosterLine(entry.credit_code, entry.name, entry.region_code, entry.key_energy_user, at)
        if at is None:
            status.missing.append(line)
        elif deadline is not None and at >= deadline:
            status.late.append(line)
        else:
            status.on_time.append(line)
    all_listed = set(session.exec(select(RosterEntry.credit_code)))
    for e in session.exec(select(Enterprise).order_by(col(Enterprise.credit_code))):
        if e.credit_code in first and e.credit_code not in all_listed and (
                region_codes is None or e.region_code in region_codes):
            status.not_on_roster.append(RosterLine(e.credit_code, e.name, e.region_code, None, first[e.credit_code]))
    return status


def roster_gaps(session: Session, period: str, due: dt.date | None = None,
                region_codes: set[str] | None = None) -> ReportingStatus | None:
    """The reporting status of `period` (see `reporting_status`) when a roster is loaded, else None: what
    `consolidate` and `progress` print beside their own figures."""
    if session.exec(select(RosterEntry.id).limit(1)).first() is None:
        return None
    return reporting_status(session, period, due, region_codes)
