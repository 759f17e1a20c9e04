"""Closing eliminations (对账销号) and the ten-day / monthly progress figures (旬调度、月通报).

An elimination record moves planned -> done (the enterprise reports a date and evidence) ->
verified (bureau staff check it against the ledger, with date and name). The database holds the
same rules (equipinv.integrity) and records the logins: the one that verifies must differ from the
one that reported it done. Each move is conditional on
the version read, so two staff closing the same item cannot overwrite each other, and it is
audited; a verified record also retires its unit from the ledger.

Periods: a dekad is the 1st-10th, 11th-20th or 21st-last day of a month; a month is the calendar
month. Figures are counted as of the period's last day. A record without a deadline of its own is due
by the end of the campaign (2027), as the elimination list's timetable says.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from equipinv import codes, integrity, labels
from equipinv.bureau.disposal import Disposal, DisposalError, unit_category
from equipinv.elimination_basis import BASIS_KINDS, CAMPAIGN_END_YEAR
from equipinv.errors import BadInput
from equipinv.ledger import ConflictError, audit
from equipinv.models import EliminationRecord, Enterprise, Equipment, utcnow

STATUS_ORDER = ("planned", "done", "verified")


class ClosureError(BadInput, ValueError):
    """A move the closure rules forbid (e.g. verifying an item not reported done)."""


def _move(session: Session, record: EliminationRecord, values: dict[str, Any], *, actor: str | None,
          expected_version: int | None, action: str) -> None:
    version = record.version if expected_version is None else expected_version
    login = {"done": {"done_login": integrity.session_login()},
             "verify": {"verified_login": integrity.session_login()}}.get(action, {})
    try:
        with session.begin_nested():
            result = session.execute(
                sa.update(EliminationRecord)
                .where(col(EliminationRecord.id) == record.id, col(EliminationRecord.version) == version)
                .values(**values, **login, version=version + 1, updated_at=utcnow()))
    except sa.exc.IntegrityError as exc:  # a rule the database enforces (equipinv.integrity)
        reason = integrity.refusal(exc)
        if reason is None:
            raise
        raise ClosureError(f"淘汰记录 {record.id}：{reason}") from exc
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise ConflictError(f"淘汰记录 {record.id} 已被他人修改（版本 {version} 已过期），请刷新后重试 "
                            f"(error: elimination record {record.id} was changed by someone else)")
    session.refresh(record)
    audit(session, action, "eliminationrecord", record.id,
          {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()},
          actor=actor, enterprise_id=record.enterprise_id)


def mark_done(session: Session, record: EliminationRecord, *, done_date: dt.date, evidence: str,
              disposal: Disposal, actor: str | None = None, expected_version: int | None = None,
              today: dt.date | None = None) -> None:
    """The enterprise reports the unit eliminated: a date (not in the future, not before the finding that
    opened the record), evidence, and how the unit left (`Disposal`). Nothing is stored when any is wrong."""
    if record.status != "planned":
        raise ClosureError(f'淘汰记录 {record.id} 状态 "{labels.label("elimination_status", record.status)}"：'
                           f"只有计划中的淘汰可以标为已完成 (error: record status \"{record.status}\", "
                           f"only an open elimination can be marked done)")
    if done_date > (today or dt.date.today()):
        raise ClosureError(f'完成日期 "{done_date}" 晚于今天 (error: done date "{done_date}" is in the future)')
    opened = _opened_on(record)
    if done_date < opened:
        raise ClosureError(f'完成日期 "{done_date}" 早于发现淘汰依据的日期 {opened} '
                           f'(error: done date "{done_date}" is before the finding of {opened})')
    if not evidence.strip():
        raise ClosureError(f'证明材料 "{evidence}" 不能为空 (error: evidence is required)')
    try:
        checked = disposal.checked(unit_category(session, record))
    except DisposalError as exc:
        raise ClosureError(str(exc)) from exc
    _move(session, record, {"status": "done", "done_date": done_date, "evidence": evidence.strip(),
                            **checked.columns()},
          actor=actor, expected_version=expected_version, action="done")


def _opened_on(record: EliminationRecord) -> dt.date:
    """The day the finding opened this record (stored in UTC)."""
    return record.created_at.date()


def verify(session: Session, record: EliminationRecord, *, verified_date: dt.date, verified_by: str,
           actor: str | None = None, expected_version: int | None = None) -> None:
    """The bureau ticks the item off (销号); only an item reported done can be verified."""
    if record.status != "done":
        raise ClosureError(f'淘汰记录 {record.id} 状态 "{labels.label("elimination_status", record.status)}"：'
                           f"须先报告已完成才能核验销号 (error: record status \"{record.status}\", "
                           f"only a record reported done can be verified)")
    if verified_date > dt.date.today():
        raise ClosureError(f'核验日期 "{verified_date}" 晚于今天 (error: verified date "{verified_date}" is in the future)')
    if record.done_date and verified_date < record.done_date:
        raise ClosureError(f"核验日期 {verified_date} 早于完成日期 {record.done_date} (error: verified before done)")
    if not verified_by.strip():
        raise ClosureError("核验人不能为空 (error: verifier is required)")
    _move(session, record, {"status": "verified", "verified_date": verified_date, "verified_by": verified_by.strip()},
          actor=actor, expected_version=expected_version, action="verify")
    unit = session.get(Equipment, record.equipment_id)
    if unit is not None and unit.status != "eliminated":
        unit.status, unit.version, unit.updated_at = "eliminated", unit.version + 1, utcnow()
        session.add(unit)
        audit(session, "retire", "equipment", unit.id, {"status": "eliminated", "by": "verified elimination"},
              actor=actor, enterprise_id=unit.enterprise_id)


def period_bounds(as_of: dt.date, period: str) -> tuple[dt.date, dt.date]:
    """First and last day of the dekad or month containing `as_of`."""
    last_day = calendar.monthrange(as_of.year, as_of.month)[1]
    if period == "month":
        return as_of.replace(day=1), as_of.replace(day=last_day)
    if period == "dekad":
        start = 1 if as_of.day <= 10 else 11 if as_of.day <= 20 else 21
        end = 10 if start == 1 else 20 if start == 11 else last_day
        return as_of.replace(day=start), as_of.replace(day=end)
    raise BadInput(f'周期 "{period}" 未知（可选 dekad 旬、month 月） (error: unknown period "{period}")')


@dataclass
class ProgressRow:
    """Counts for one county or one industry."""

    key: str
    label: str
    planned: int = 0  # still open
    done: int = 0  # reported done, not yet verified
    verified: int = 0
    overdue: int = 0  # deadline passed, not done
    done_in_period: int = 0
    verified_in_period: int = 0

    @property
    def total(self) -> int:
        return self.planned + self.done + self.verified


@dataclass
class Progress:
    as_of: dt.date
    period: str
    start: dt.date
    end: dt.date
    by_county: list[ProgressRow] = field(default_factory=list)
    by_industry: list[ProgressRow] = field(default_factory=list)
    by_kind: list[ProgressRow] = field(default_factory=list)  # by kind of legal basis (BASIS_KINDS)
    total: ProgressRow = field(default_factory=lambda: ProgressRow("total", "合计"))
    problems: list[dict[str, Any]] = field(default_factory=list)  # 问题清单

    def to_dict(self) -> dict[str, Any]:
        def row(r: ProgressRow) -> dict[str, Any]:
            return {"key": r.key, "label": r.label, "total": r.total, "planned": r.planned, "done": r.done,
                    "verified": r.verified, "overdue": r.overdue, "done_in_period": r.done_in_period,
                    "verified_in_period": r.verified_in_period}

        return {"as_of": self.as_of.isoformat(), "period": self.period, "period_start": self.start.isoformat(),
                "period_end": self.end.isoformat(), "total": row(self.total),
                "by_county": [row(r) for r in self.by_county], "by_industry": [row(r) for r in self.by_industry],
                "by_kind": [row(r) for r in self.by_kind],
                "problems": self.problems}


def progress(session: Session, *, as_of: dt.date, period: str, enterprise_ids: list[int] | None = None) -> Progress:
    """The dispatch figures for the period containing `as_of`, and the problem list."""
    start, end = period_bounds(as_of, period)
    query = (select(EliminationRecord, Enterprise, Equipment)
             .join(Enterprise, col(Enterprise.id) == EliminationRecord.enterprise_id)
             .join(Equipment, col(Equipment.id) == EliminationRecord.equipment_id))
    if enterprise_ids is not None:
        query = query.where(col(EliminationRecord.enterprise_id).in_(enterprise_ids))
    report = Progress(as_of, period, start, end)
    counties: dict[str, ProgressRow] = {}
    industries: dict[str, ProgressRow] = {}
    kinds: dict[str, ProgressRow] = {}
    for record, enterprise, unit in session.exec(query):
        if record.created_at.date() > end:  # opened after the period: not counted in it
            continue
        county = codes.regions().get(enterprise.region_code)
        division = codes.industry_division(enterprise.industry_code)
        rows = (report.total,
                counties.setdefault(enterprise.region_code, ProgressRow(enterprise.region_code,
                                                                        county.name if county else enterprise.region_code)),
                industries.setdefault(division.full_code, ProgressRow(division.full_code, division.name)),
                kinds.setdefault(record.basis_kind or "", ProgressRow(record.basis_kind or "",
                                                                      BASIS_KINDS.get(record.basis_kind or "", "未分类"))))
        status = _status_on(record, end)
        overdue = status == "planned" and effective_deadline(record) < end
        for r in rows:
            setattr(r, status, getattr(r, status) + 1)
            r.overdue += overdue
            r.done_in_period += bool(record.done_date and start <= record.done_date <= end)
            r.verified_in_period += bool(record.verified_date and start <= record.verified_date <= end)
        problem = _problem(record, status, overdue, start)
        if problem:
            report.problems.append({"problem": problem, "enterprise": enterprise.name, "region_code": enterprise.region_code,
                                    "asset_no": unit.asset_no, "equipment_name": unit.name, "model": unit.model,
                                    "basis": record.basis, "deadline": record.deadline.isoformat() if record.deadline else None,
                                    "status": status, "done_date": record.done_date.isoformat() if record.done_date else None})
    report.by_county = [counties[k] for k in sorted(counties)]
    report.by_industry = [industries[k] for k in sorted(industries)]
    order = [*BASIS_KINDS, ""]
    report.by_kind = [kinds[k] for k in sorted(kinds, key=lambda k: order.index(k) if k in order else len(order))]
    return report


def _status_on(record: EliminationRecord, day: dt.date) -> str:
    """The record's status as it stood on `day` (later moves are not counted yet)."""
    if record.status == "verified" and record.verified_date and record.verified_date <= day:
        return "verified"
    if record.status in ("done", "verified") and record.done_date and record.done_date <= day:
        return "done"
    return "planned"


def effective_deadline(record: EliminationRecord) -> dt.date:
    """The record's own deadline, else the end of the campaign (as the elimination list's timetable says)."""
    return record.deadline or dt.date(CAMPAIGN_END_YEAR, 12, 31)


def _problem(record: EliminationRecord, status: str, overdue: bool, start: dt.date) -> str | None:
    if overdue:
        return "逾期未完成" if record.deadline else "超过行动期限（2027年底）未完成"
    if status == "done" and record.done_date and record.done_date < start:
        return "已完成但超过一个周期未核验销号"
    return None


def record_for(session: Session, enterprise: Enterprise, asset_no: str) -> EliminationRecord:
    """The elimination record of a unit, or a clear error when the unit has none."""
    found = session.exec(select(EliminationRecord).join(Equipment, col(Equipment.id) == EliminationRecord.equipment_id)
                         .where(Equipment.enterprise_id == enterprise.id, Equipment.asset_no == asset_no)).first()
    if found is None:
        raise ClosureError(f'企业 {enterprise.name} 的设备 "{asset_no}" 没有淘汰记录（先运行 equipinv check） '
                           f'(error: unit "{asset_no}" has no elimination record)')
    return found
