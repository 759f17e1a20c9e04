"""Importing an enterprise's Excel/CSV ledger as one survey submission.

Every row is validated by the same validator as the CLI and the TUI. Valid rows are stored in the
caller's transaction as one `Submission` (checksum, version): new units in bulk inserts, known asset
numbers updated through `ledger.edit_equipment` (audited, field by field), and every unit that arrived
or changed graded and checked in the same transaction. Rejected rows go to an
error workbook next to the input, with their original cells and the reason per field. The same file
imported again changes nothing; `dry_run` reports what would happen and stores nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from openpyxl import Workbook
from sqlmodel import Session, col, select

from equipinv import designations, integrity
from equipinv.assessment import reassess_stored, store_arrival_findings
from equipinv.bulk_insert import insert_columns
from equipinv.codes import validate_credit_code
from equipinv.exchange.grading_gaps import GradingGap, grading_gaps
from equipinv.exchange.ledger_parse import ParsedLedger, RejectedRow, RowWarning, assess, parse_ledger
from equipinv.exchange.line_sheet import read_line_sheet
from equipinv.exchange.lines_member import store_lines
from equipinv.exchange.package_extras import store_projects
from equipinv.exchange.project_sheet import read_projects
from equipinv.exchange.reader import LedgerFileError, UnknownColumn, read_ledger
from equipinv.exchange.safe_cells import safe_text
from equipinv.ledger import add_enterprise, add_equipment, audit, edit_equipment, find_enterprise
from equipinv.mine_location import apply_mine_type
from equipinv.models import Enterprise, Equipment, Project, Site, Submission, utcnow

# Column defaults the ORM would fill, for rows inserted in bulk.
_DEFAULTS: dict[str, Any] = {"quantity": 1, "status": "in_use", "value_sources": {}, "rating_params": {}, "extra": {}}


@dataclass
class ImportReport:
    file: str
    enterprise_credit_code: str | None = None
    enterprise_name: str | None = None
    submission_id: int | None = None
    version: int | None = None
    accepted: int = 0  # new units
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    duplicate: bool = False
    dry_run: bool = False
    error_workbook: str | None = None
    unknown_columns: list[UnknownColumn] = field(default_factory=list)  # kept per unit in `extra`
    serial_columns: list[str] = field(default_factory=list)  # recognised as serial numbers, not stored
    grading_gaps: list[GradingGap] = field(default_factory=list)  # fields grading needs that rows lack
    checksum_sha256: str = ""
    derived_units: int = 0  # valid rows with a rating read from their model designation
    designation_warnings: list[dict[str, str]] = field(default_factory=list)  # model contradicts an entered value
    warnings: list[RowWarning] = field(default_factory=list)  # rows stored, with a note (issue 23)

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "enterprise_credit_code": self.enterprise_credit_code,
                "enterprise_name": self.enterprise_name, "submission_id": self.submission_id, "version": self.version,
                "accepted": self.accepted, "updated": self.updated, "unchanged": self.unchanged,
                "rejected": [r.to_dict() for r in self.rejected], "rejected_count": len(self.rejected),
                "duplicate": self.duplicate, "dry_run": self.dry_run, "error_workbook": self.error_workbook,
                "unknown_headers": [c.header for c in self.unknown_columns],
                "unknown_columns": [c.to_dict() for c in self.unknown_columns], "serial_columns": self.serial_columns,
                "grading_gaps": [g.to_dict() for g in self.grading_gaps], "checksum_sha256": self.checksum_sha256,
                "derived_units": self.derived_units, "designation_warnings": self.designation_warnings,
                "warnings": [w.to_dict() for w in self.warnings]}


    def notices(self) -> list[str]:
        """What the user is told about the file's columns: those kept in `extra` (with how many values), the
        serial numbers recognised, and the fields grading needs that rows lack."""
        lines = [f"列“{c.header}”{'与列“' + c.duplicate_of + '”重复' if c.duplicate_of else '未对应任何字段'}："
                 f"{c.values} 个值已原样保存在各设备的其他列(extra)中 "
                 f"(warning: column {c.header!r} kept in extra, {c.values} values)" for c in self.unknown_columns]
        lines += [f"列“{h}”识别为序号，不入库 (column {h!r} read as a serial number)" for h in self.serial_columns]
        return lines + [gap.message for gap in self.grading_gaps]


def _enterprise(session: Session, given: dict[str, Any], credit_code: str | None, dry_run: bool) -> Enterprise | None:
    """The enterprise the ledger belongs to: given, or from the enterprise sheet (created when new). A
    workbook naming another enterprise than the one given is refused: one of the two is a mistake."""
    if credit_code:
        named = find_enterprise(session, credit_code)
        sheet = str(given.get("credit_code", "")).strip().upper()
        if sheet and sheet != named.credit_code:
            raise LedgerFileError(f"工作簿企业信息表的信用代码 {sheet} 与指定的企业 {named.credit_code} 不一致 "
                                  f"(error: the workbook's credit code {sheet} contradicts --enterprise "
                                  f"{named.credit_code})")
        return named
    if "credit_code" not in given:
        raise LedgerFileError("未指定企业：工作簿没有“企业信息”表，或该表未填写统一社会信用代码；"
                              "请填写或用 --enterprise 指定 "
                              "(error: no enterprise sheet or its credit code is blank; fill it in or pass --enterprise)")
    code = validate_credit_code(str(given["credit_code"]))
    found = session.exec(select(Enterprise).where(Enterprise.credit_code == code)).first()
    if found is not None or dry_run:
        return found
    return add_enterprise(session, given, actor="import")


def _differs(unit: Equipment, clean: dict[str, Any]) -> bool:
    for name, value in clean.items():
        if name in ("site", "project", "parent_asset_no"):
            continue
        current = getattr(unit, name)
        if isinstance(current, dict):
            if any(current.get(k) != v for k, v in value.items()):
                return True
        elif current != value:
            return True
    return False


def import_ledger(session: Session, path: str | Path, *, enterprise_credit_code: str | None = None,
                  dry_run: bool = False, submitted_by: str | None = None, today: dt.date | None = None) -> ImportReport:
    """Import one ledger file (see the module docstring); raises LedgerFileError for an unreadable file."""
    path = Path(path)
    sheet, data = read_ledger(path)
    parsed = parse_ledger(sheet, data, today=today or dt.date.today())
    projects = read_projects(path, today=parsed.today)
    lines = read_line_sheet(path, today=parsed.today)
    origin = SubmissionOrigin("ledger", path.name, dt.date.today().strftime("%Y-%m"))
    if (projects or lines) and not dry_run:
        enterprise = _enterprise(session, parsed.enterprise, enterprise_credit_code, dry_run)
        if enterprise is not None:
            store_projects(session, enterprise, projects)
            store_lines(session, enterprise, lines, actor=submitted_by or "import", today=parsed.today)
    return store_ledger(session, parsed, path, origin, enterprise_credit_code=enterprise_credit_code, dry_run=dry_run,
                        submitted_by=submitted_by)


def store_ledger(session: Session, parsed: ParsedLedger, path: Path, origin: SubmissionOrigin, *,
                 enterprise_credit_code: str | None = None, enterprise: Enterprise | None = None,
                 dry_run: bool = False, submitted_by: str | None = None) -> ImportReport:
    """Store a parsed ledger as one submission in the caller's transaction (see the module docstring).

    `path` is the file it came from (a survey package's ledger has its package's path): the error
    workbook is written beside it. The enterprise is `enterprise` when the caller has it already, else
    the one `enterprise_credit_code` names, else the one the ledger's enterprise sheet gives.
    """
    report = ImportReport(file=str(path), dry_run=dry_run, unknown_columns=parsed.unknown_columns,
                          serial_columns=parsed.serial_columns, grading_gaps=grading_gaps(parsed.valid),
                          checksum_sha256=parsed.checksum_sha256, rejected=parsed.rejected, warnings=parsed.warnings)
    _review_designations(parsed, report)
    if enterprise is None:
        enterprise = _enterprise(session, parsed.enterprise, enterprise_credit_code, dry_run)
    if enterprise is not None:
        report.enterprise_credit_code, report.enterprise_name = enterprise.credit_code, enterprise.name
        earlier = session.exec(select(Submission).where(Submission.enterprise_id == enterprise.id,
                                                        Submission.checksum_sha256 == report.checksum_sha256,
                                                        Submission.status != "rejected")).first()
        if earlier is not None:
            report.duplicate, report.submission_id, report.version = True, earlier.id, earlier.version
            report.rejected = []
            return report
        if origin.created_at is not None:
            _refuse_older(session, enterprise, origin)
    else:
        report.enterprise_credit_code = str(parsed.enterprise.get("credit_code"))
    if enterprise is not None and parsed.assessment is None:  # the stored mine type and region, where the sheet gave none
        apply_mine_type(enterprise.mine_type, parsed.valid)
        if not parsed.enterprise.get("region_code"):
            parsed.enterprise["region_code"] = enterprise.region_code
    existing = {} if enterprise is None else {u.asset_no: u for u in session.exec(
        select(Equipment).where(Equipment.enterprise_id == enterprise.id))}
    new_rows = [i for i, clean in enumerate(parsed.valid) if clean["asset_no"] not in existing]
    changed = [clean for clean in parsed.valid
               if clean["asset_no"] in existing and _differs(existing[clean["asset_no"]], clean)]
    report.accepted, report.updated = len(new_rows), len(changed)
    report.unchanged = len(parsed.valid) - len(new_rows) - len(changed)
    if report.rejected and not dry_run:
        report.error_workbook = str(write_error_workbook(path, parsed.headers, report.rejected))
    if dry_run:
        return report
    assert enterprise is not None and enterprise.id is not None
    submission = _new_submission(session, enterprise, origin, report, submitted_by)
    to_reassess = _insert_new(session, enterprise, parsed, new_rows, submission.id)
    for clean in changed:
        unit = existing[clean["asset_no"]]
        edit_equipment(session, unit, {k: v for k, v in clean.items() if k != "asset_no"},
                       actor=submitted_by or "import", submission_id=submission.id, action="import")
        assert unit.id is not None
        to_reassess.append(unit.id)
    session.flush()
    if origin.source == "package":
        _retire_dropped(session, enterprise, parsed, submission)
    reassess_stored(session, to_reassess, on=parsed.today)
    audit(session, "import", "submission", submission.id,
          {"file": origin.filename, "created": report.accepted, "updated": report.updated, "rejected": len(report.rejected)},
          actor=submitted_by or "import", enterprise_id=enterprise.id, submission_id=submission.id)
    return report


def _review_designations(parsed: ParsedLedger, report: ImportReport) -> None:
    """Count the rows the model filled, and list where it contradicts what the row entered (a data-quality
    warning: the entered value stays)."""
    for clean in parsed.valid:
        if designations.derived_fields(clean.get("value_sources")):
            report.derived_units += 1
        for conflict in designations.review(clean).conflicts:
            report.designation_warnings.append({"asset_no": clean["asset_no"], "field": conflict.field,
                                                "message": conflict.message})


@dataclass(frozen=True)
class SubmissionOrigin:
    source: str  # ledger | package
    filename: str
    period: str
    created_at: dt.datetime | None = None  # a package's manifest: when and in which order it was made
    sequence: int | None = None


def _new_submission(session: Session, enterprise: Enterprise, origin: SubmissionOrigin, report: ImportReport,
                    submitted_by: str | None) -> Submission:
    """The next version of the enterprise's submissions; the database records the login and supersedes the
    earlier versions itself (equipinv.integrity)."""
    previous = session.exec(select(sa.func.max(Submission.version)).where(Submission.enterprise_id == enterprise.id)).one()
    submission = Submission(enterprise_id=enterprise.id, source=origin.source, filename=origin.filename,
                            checksum_sha256=report.checksum_sha256, version=(previous or 0) + 1,
                            period=origin.period, submitted_by=submitted_by, login=integrity.session_login(),
                            manifest_created_at=origin.created_at, sequence=origin.sequence,
                            rows_accepted=report.accepted + report.updated, rows_rejected=len(report.rejected))
    session.add(submission)
    session.flush()
    session.refresh(submission)  # PostgreSQL numbers the version itself, under a lock
    report.submission_id, report.version = submission.id, submission.version
    return submission


def package_place(period: str | None, created_at: dt.datetime | None, sequence: int | None) -> tuple[str, str, int]:
    """Where a package stands in its enterprise's sequence: period, then creation time, then sequence number."""
    when = "" if created_at is None else (created_at if created_at.tzinfo else created_at.replace(tzinfo=dt.UTC)
                                          ).astimezone(dt.UTC).isoformat()
    return period or "", when, sequence or 0


def _refuse_older(session: Session, enterprise: Enterprise, origin: SubmissionOrigin) -> None:
    """A package made before the enterprise's newest stored package is reported, not applied (the file
    names play no part)."""
    from equipinv.exchange.package import OlderVersion

    stored = session.exec(select(Submission).where(Submission.enterprise_id == enterprise.id,
                                                   Submission.source == "package",
                                                   col(Submission.manifest_created_at).is_not(None))).all()
    newest = max(stored, key=lambda s: package_place(s.period, s.manifest_created_at, s.sequence), default=None)
    if newest is None:
        return
    mine = package_place(origin.period, origin.created_at, origin.sequence)
    theirs = package_place(newest.period, newest.manifest_created_at, newest.sequence)
    if mine <= theirs:
        raise OlderVersion(f"调查包 {origin.filename} 被拒收：其清单（{mine[0]}，{mine[1]}）不晚于已入库的第 "
                           f"{newest.version} 版 {newest.filename}（{theirs[0]}，{theirs[1]}），旧版本不予覆盖 "
                           f"(error: package {origin.filename} is not newer than stored version {newest.version}; "
                           f"not applied)")


def _retire_dropped(session: Session, enterprise: Enterprise, parsed: ParsedLedger, submission: Submission) -> None:
    """A package is the enterprise's whole ledger: units it no longer lists are retired, the audit naming
    the version (a row refused for a bad value does not count as dropped)."""
    listed = {clean["asset_no"] for clean in parsed.valid} | {
        str(cell).strip() for row in parsed.rejected for cell in row.cells if cell not in (None, "")}
    dropped = session.exec(select(Equipment).where(Equipment.enterprise_id == enterprise.id,
                                                   col(Equipment.status) != "eliminated",
                                                   col(Equipment.asset_no).not_in(listed))).all()
    for unit in dropped:
        edit_equipment(session, unit, {"status": "eliminated"}, actor=f"submission version {submission.version}",
                       submission_id=submission.id, action="retire")
        audit(session, "retire", "equipment", unit.id,
              {"reason": f"第 {submission.version} 版调查包未列出 (not listed by version {submission.version})",
               "version": submission.version, "file": submission.filename},
              actor="import", enterprise_id=enterprise.id, submission_id=submission.id)


def _named_ids(session: Session, model: type[Site] | type[Project], enterprise_id: int, names: set[str]) -> dict[str, int]:
    """Ids of the enterprise's sites or projects by name, creating the ones not seen before."""
    if not names:
        return {}
    known: dict[str, int | None] = dict(session.execute(
        sa.select(col(model.name), col(model.id)).where(col(model.enterprise_id) == enterprise_id)).all())
    for name in sorted(names - set(known)):
        created = model(enterprise_id=enterprise_id, name=name)
        session.add(created)
        session.flush()
        known[name] = created.id
    return {k: v for k, v in known.items() if v is not None}


def _insert_new(session: Session, enterprise: Enterprise, parsed: ParsedLedger, positions: list[int],
                submission_id: int | None) -> list[int]:
    """The new units (`parsed.valid` at `positions`) in bulk, graded and checked on the way in (see
    `equipinv.assessment`; a ledger not assessed yet is assessed here).

    Rows naming a parent unit are added one by one after their parents; their ids are returned so
    they can be assessed where they are stored.
    """
    assert enterprise.id is not None
    cleans = [parsed.valid[i] for i in positions]
    sites = _named_ids(session, Site, enterprise.id, {c["site"] for c in cleans if "site" in c})
    projects = _named_ids(session, Project, enterprise.id, {c["project"] for c in cleans if "project" in c})
    plain_positions = [i for i in positions if "parent_asset_no" not in parsed.valid[i]]
    plain = [parsed.valid[i] for i in plain_positions]
    with_parent = [parsed.valid[i] for i in positions if "parent_asset_no" in parsed.valid[i]]
    if plain:
        _store_plain(session, enterprise, parsed, plain_positions, sites, projects, submission_id)
    added = [add_equipment(session, enterprise, clean, actor="import", submission_id=submission_id)
             for clean in with_parent]
    return [unit.id for unit in added if unit.id is not None]


def _store_plain(session: Session, enterprise: Enterprise, parsed: ParsedLedger, positions: list[int],
                 sites: dict[str, int], projects: dict[str, int], submission_id: int | None) -> None:
    """Rows without a parent: one bulk insert with their grades, then their findings."""
    assert enterprise.id is not None
    if parsed.assessment is None:
        assess([parsed])
    assert parsed.assessment is not None
    plain = [parsed.valid[i] for i in positions]
    assessment = parsed.assessment if len(positions) == len(parsed.valid) else parsed.assessment.take(positions)
    now = utcnow()
    names = sorted(({k for c in plain for k in c} | set(_DEFAULTS)) - {"site", "project"})
    columns: dict[str, list[Any]] = {name: [c.get(name, _DEFAULTS.get(name)) for c in plain] for name in names}
    columns.update(enterprise_id=[enterprise.id] * len(plain), submission_id=[submission_id] * len(plain),
                   created_at=[now] * len(plain), updated_at=[now] * len(plain), version=[1] * len(plain),
                   site_id=[sites.get(c.get("site", "")) for c in plain],
                   project_id=[projects.get(c.get("project", "")) for c in plain], **assessment.stored)
    insert_columns(session.connection(), Equipment.__table__, columns)  # type: ignore[attr-defined]
    ids = dict(session.execute(sa.select(col(Equipment.asset_no), col(Equipment.id)).where(
        col(Equipment.enterprise_id) == enterprise.id, col(Equipment.submission_id) == submission_id)).all())
    store_arrival_findings(session, assessment, [ids[c["asset_no"]] for c in plain], enterprise.id)


def write_error_workbook(source: Path, headers: list[str], rejected: list[RejectedRow]) -> Path:
    """`<name>.errors.xlsx` beside the input: the rejected rows' original cells and the reasons per field."""
    out = source.with_name(f"{source.stem}.errors.xlsx")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("被拒绝的行")
    ws.append(["原行号", *[safe_text(h) for h in headers], "错误原因"])
    for row in rejected:
        reasons = "；".join(row.errors.values())
        ws.append([row.row, *[safe_text(_cell(c)) for c in row.cells], safe_text(reasons)])
    wb.save(out)
    return out


def _cell(value: Any) -> Any:
    return value if isinstance(value, (int, float, str, dt.date, dt.datetime)) or value is None else str(value)
