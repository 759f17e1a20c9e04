"""Consolidating a county's inbox of survey packages and Excel ledgers into the bureau's database.

Each file is one transaction: it lands whole or not at all, so a run killed half-way leaves no half
submission, and running again finishes the job (files already imported are recognised by checksum,
a package by that of its whole content, `package.content_checksum`, and reported as duplicates, also
when another process stores them at the same moment: the database's unique constraints decide).
An enterprise's versions are ordered by their manifests, never by file name: a package older than the
version stored is reported, not applied. Files are read, validated and assessed ahead on worker processes
(`arrivals`); units land graded and checked, in their file's transaction. The report scores how complete
each enterprise's ledger is, so the bureau knows whom to chase.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

import efficiency_tables as et
from equipinv import integrity
from equipinv.bureau.arrivals import Arrival, read_inbox
from equipinv.codes import CodeError
from equipinv.db import is_write_race, store_racing, unique_refusal
from equipinv.exchange.ledger_import import ImportReport, SubmissionOrigin, package_place, store_ledger
from equipinv.exchange.lines_member import store_lines
from equipinv.exchange.package import OlderVersion, StoredPackages, store_package
from equipinv.exchange.reader import LedgerFileError
from equipinv.ledger import NotFound, find_enterprise
from equipinv.models import Enterprise, Equipment, Submission
from equipinv.validation import ValidationFailed

# Fields a usable ledger row has; "rating" is any one of the rating columns.
COMPLETENESS_FIELDS = ("category", "model", "rating", "commissioning_date", "design_life_years")
_RATINGS = ("rated_power_kw", "capacity_kva", "capacity_t_h", "capacity_mw")
_TABLE = Equipment.__table__  # type: ignore[attr-defined]
_TEST_DELAY_ENV = "EQUIPINV_TEST_CONSOLIDATE_DELAY"  # seconds to pause after each file (interruption tests)


@dataclass
class Completeness:
    credit_code: str
    name: str
    units: int
    score: float  # share of the required fields filled, 0..1
    missing: dict[str, int]  # field -> units lacking it
    ungradable: int  # units of a graded category that could not be graded

    def to_dict(self) -> dict[str, Any]:
        return {"credit_code": self.credit_code, "name": self.name, "units": self.units, "score": round(self.score, 4),
                "missing": self.missing, "ungradable": self.ungradable}


@dataclass
class ConsolidationReport:
    accepted: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, str]] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    superseded: list[dict[str, Any]] = field(default_factory=list)
    older: list[dict[str, str]] = field(default_factory=list)  # packages older than the version stored: not applied
    completeness: list[Completeness] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)  # inbox entries that are not inputs, and why

    def to_dict(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "rejected": self.rejected, "duplicates": self.duplicates,
                "superseded": self.superseded, "older": self.older, "skipped": self.skipped,
                "completeness": [c.to_dict() for c in self.completeness]}


def inbox_files(inbox: Path) -> list[Path]:
    """Packages and ledgers in the folder, in name order (error workbooks we wrote are not inputs)."""
    return sorted(p for p in inbox.iterdir() if p.is_file() and p.suffix.lower() in (".zip", ".xlsx", ".csv")
                  and not p.name.endswith(".errors.xlsx"))


def inbox_skipped(inbox: Path) -> list[dict[str, str]]:
    """The folder's entries `inbox_files` leaves out, each with why, so a stray file is never ignored silently."""
    skipped = []
    for p in sorted(inbox.iterdir()):
        if p.is_dir():
            reason = "子目录，不读取其中文件 (a folder: not read)"
        elif p.name.endswith(".errors.xlsx"):
            reason = "本程序写出的错误报告，不是报送文件 (an error report written by equipinv)"
        elif p.suffix.lower() not in (".zip", ".xlsx", ".csv"):
            reason = "不是调查包（.zip）或台账（.xlsx、.csv） (not a survey package or ledger)"
        else:
            continue
        skipped.append({"file": p.name, "reason": reason})
    return skipped


def _store(session: Session, arrival: Arrival) -> ImportReport:
    if arrival.package is not None:
        return store_package(session, arrival.package, submitted_by="consolidate")
    assert arrival.ledger is not None
    origin = SubmissionOrigin("ledger", arrival.path.name, dt.date.today().strftime("%Y-%m"))
    report = store_ledger(session, arrival.ledger, arrival.path, origin, submitted_by="consolidate")
    if arrival.lines and report.enterprise_credit_code:
        store_lines(session, find_enterprise(session, report.enterprise_credit_code), arrival.lines,
                    actor="consolidate", today=arrival.ledger.today)
    return report


def _store_racing(engine: sa.Engine, arrival: Arrival) -> ImportReport:
    """Store one file in its own transaction. Another process may store the same file or create the same
    enterprise at the same moment: the database's unique constraints decide, and the file is tried once
    more, when it is found a duplicate or lands on the enterprise the other process created; a refusal
    that remains becomes the file's reason (ValueError)."""
    try:
        return store_racing(engine, lambda session: _store(session, arrival))
    except (sa.exc.IntegrityError, sa.exc.OperationalError) as exc:
        refused = (unique_refusal(exc) if isinstance(exc, sa.exc.IntegrityError) else None) or integrity.refusal(exc)
        if refused is None and not is_write_race(exc):
            raise
        raise ValueError(f"文件 {arrival.path.name}：{refused or '数据库正被另一进程写入 (error: database busy)'}") from exc


def _stored_packages(session: Session) -> StoredPackages:
    """The checksums of the package submissions on record and each enterprise's newest place (a rerun skips
    those files)."""
    query = (sa.select(Enterprise.credit_code, Submission.checksum_sha256, Submission.status,  # type: ignore[call-overload]
                       Submission.period, Submission.manifest_created_at, Submission.sequence)
             .join(Enterprise, Enterprise.id == Submission.enterprise_id).where(Submission.source == "package"))
    checksums: set[tuple[str, str]] = set()
    newest: dict[str, tuple[str, str, int]] = {}
    for code, checksum, status, period, created_at, sequence in session.execute(query).all():
        if status != "rejected":
            checksums.add((code, checksum))
        if created_at is not None:  # as `store_ledger` orders the versions, rejected ones included
            place = package_place(period, created_at, sequence)
            newest[code] = max(newest.get(code, place), place)
    return StoredPackages(frozenset(checksums), newest)


def consolidate(engine: sa.Engine, inbox: Path, *, progress: Callable[[int, int, str], None] | None = None,
                workers: int | None = None) -> ConsolidationReport:
    """Import every file of `inbox`, one transaction each; see the module docstring.

    Files are read ahead on `workers` processes (default: one per core; 0 reads in this process).
    """
    report = ConsolidationReport(skipped=inbox_skipped(inbox))
    files = inbox_files(inbox)
    touched: set[str] = set()
    delay = float(os.environ.get(_TEST_DELAY_ENV, "0") or 0)
    with Session(engine) as session:
        stored = _stored_packages(session)
    for n, arrival in enumerate(read_inbox(files, dt.date.today(), workers=workers, stored=stored), start=1):
        if progress is not None:
            progress(n, len(files), arrival.path.name)
        if arrival.stored_before:
            report.duplicates.append(arrival.path.name)
            continue
        if arrival.refusal is not None:
            report.rejected.append({"file": arrival.path.name, "reason": arrival.refusal})
            continue
        try:
            result = _store_racing(engine, arrival)
        except OlderVersion as exc:
            report.older.append({"file": arrival.path.name, "reason": str(exc)})
            continue
        except (LedgerFileError, ValidationFailed, CodeError, NotFound, ValueError) as exc:
            report.rejected.append({"file": arrival.path.name, "reason": str(exc)})
            continue
        if result.duplicate:
            report.duplicates.append(arrival.path.name)
        else:
            report.accepted.append({"file": arrival.path.name, "credit_code": result.enterprise_credit_code,
                                    "version": result.version, "units_new": result.accepted,
                                    "units_updated": result.updated, "rows_rejected": len(result.rejected)})
            if result.version and result.version > 1:
                report.superseded.append({"credit_code": result.enterprise_credit_code,
                                          "superseded_versions": list(range(1, result.version))})
            touched.add(str(result.enterprise_credit_code))
        if delay:
            time.sleep(delay)
    with Session(engine) as session:
        report.completeness = completeness_scores(session, sorted(touched))
    return report


def _lacking(name: str) -> sa.ColumnElement[int]:
    """1 for a unit lacking the field, else 0 (as SQL, so the score is one aggregate query)."""
    if name == "rating":
        absent = sa.and_(*(_TABLE.c[r].is_(None) for r in _RATINGS))
    elif isinstance(_TABLE.c[name].type, sa.String):
        absent = sa.func.coalesce(_TABLE.c[name], "") == ""
    else:
        absent = _TABLE.c[name].is_(None)
    return sa.case((absent, 1), else_=0)


def completeness_scores(session: Session, credit_codes: list[str]) -> list[Completeness]:
    """How complete each enterprise's ledger is, field by field (units eliminated are not counted)."""
    enterprise = Enterprise.__table__  # type: ignore[attr-defined]
    ungradable = sa.case((sa.and_(_TABLE.c.category.in_(sorted(et.PARAMETERS)),
                                  sa.func.coalesce(_TABLE.c.benchmark_level, "ungraded") == "ungraded"), 1), else_=0)
    query = (sa.select(enterprise.c.credit_code, enterprise.c.name, sa.func.count(_TABLE.c.id),
                       *(sa.func.coalesce(sa.func.sum(_lacking(name)), 0) for name in COMPLETENESS_FIELDS),
                       sa.func.coalesce(sa.func.sum(ungradable), 0))
             .select_from(enterprise.outerjoin(_TABLE, sa.and_(_TABLE.c.enterprise_id == enterprise.c.id,
                                                             _TABLE.c.status != "eliminated")))
             .where(enterprise.c.credit_code.in_(credit_codes))
             .group_by(enterprise.c.credit_code, enterprise.c.name).order_by(enterprise.c.credit_code))
    scores = []
    for code, name, units, *counts in session.execute(query).all():
        missing = dict(zip(COMPLETENESS_FIELDS, (int(c) for c in counts[:-1]), strict=True))
        cells = units * len(COMPLETENESS_FIELDS)
        score = 1.0 - sum(missing.values()) / cells if cells else 0.0
        scores.append(Completeness(code, name, units, score, {k: v for k, v in missing.items() if v}, int(counts[-1])))
    return scores
