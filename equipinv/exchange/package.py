"""Survey packages: the one file an enterprise sends to its county, and its careful reading.

A package is a zip with `manifest.json` (schema, credit code, period, tool version, creation time,
the SHA-256 and size of every member) and the members: `enterprise.json`, `ledger.csv` (the ledger in
canonical columns, every row carrying the enterprise's credit code), `grades.json`, `findings.json`,
`plan.json`, since schema version 2 `projects.json` and `needs.json` (see `package_extras`; a
version-1 package is read as having none), and since version 3 `lines.json`, the production lines
(`lines_member`; an older package is read as having none). Reading refuses, with the reason, anything that is not exactly
that: a corrupt or truncated archive, an unknown schema, a member whose checksum differs, an oversized
archive, a zip bomb or two members of one name (`zip_limits`, checked before anything is read), member
names that would escape a folder, or rows of another enterprise than the manifest's.
The ledger then goes through the same importer as an Excel ledger.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import stat
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from equipinv import codes
from equipinv.bureau.security import login_scope
from equipinv.errors import BadInput
from equipinv.exchange.ledger_export import ledger_rows
from equipinv.exchange.ledger_import import ImportReport, SubmissionOrigin, package_place, store_ledger
from equipinv.exchange.ledger_parse import ParsedLedger, parse_ledger
from equipinv.exchange.lines_member import MEMBER as LINES_MEMBER
from equipinv.exchange.lines_member import lines_document, parse_lines_member, store_lines
from equipinv.exchange.package_extras import (
    needs_document,
    projects_document,
    store_enterprise_plan,
    store_needs,
    store_projects,
)
from equipinv.exchange.reader import LedgerFileError, read_csv_ledger
from equipinv.exchange.zip_limits import MAX_FILE_BYTES, archive_refusal
from equipinv.ledger import add_enterprise
from equipinv.models import Enterprise, Equipment, Finding, PlanItem, utcnow
from equipinv.plans import PlanScope, accepted_plan_for

SCHEMA = "equipinv-survey"
SCHEMA_VERSION = 3
READABLE_VERSIONS = (1, 2, 3)
MEMBERS = ("enterprise.json", "ledger.csv", "grades.json", "findings.json", "plan.json", "projects.json", "needs.json",
           "lines.json")
V1_MEMBERS = MEMBERS[:5]
MEMBERS_OF_VERSION = {1: V1_MEMBERS, 2: MEMBERS[:7], 3: MEMBERS}
MAX_PACKAGE_BYTES = MAX_FILE_BYTES
CREDIT_COLUMN = "credit_code"


class PackageError(BadInput, ValueError):
    """The package is refused as a whole; the message says why."""


class OlderVersion(PackageError):
    """A package older (by its manifest) than the enterprise's version already stored: reported, not applied."""


def tool_version() -> str:
    try:
        return version("equipinv")
    except PackageNotFoundError:
        return "unknown"


def _ledger_csv(session: Session, enterprise: Enterprise) -> bytes:
    """The ledger in canonical columns, every row carrying the enterprise's credit code."""
    ledger = ledger_rows(session, enterprise)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([CREDIT_COLUMN, *ledger.fields])
    writer.writerows([enterprise.credit_code, *row] for row in ledger.rows)
    return out.getvalue().encode("utf-8")


def export_package(session: Session, enterprise: Enterprise, path: str | Path, *, period: str) -> Path:
    """Write the enterprise's survey package to `path`."""
    units = list(session.exec(select(Equipment).where(Equipment.enterprise_id == enterprise.id)
                              .order_by(col(Equipment.asset_no))))
    of_enterprise = col(Equipment.enterprise_id) == enterprise.id  # joined, not an id list (a large enterprise)
    findings = session.exec(select(Finding).join(Equipment, col(Equipment.id) == Finding.equipment_id)
                            .where(of_enterprise).order_by(col(Finding.id))).all()
    plan = accepted_plan_for(session, PlanScope("enterprise", str(enterprise.id)))
    items = [] if plan is None else session.exec(
        select(PlanItem).join(Equipment, col(Equipment.id) == PlanItem.equipment_id)
        .where(PlanItem.plan_id == plan.id, of_enterprise).order_by(col(PlanItem.id))).all()
    asset = {u.id: u.asset_no for u in units}
    members = {
        "enterprise.json": _json({k: getattr(enterprise, k) for k in ("credit_code", "name", "region_code",
                                                                     "industry_code", "annual_energy_tce",
                                                                     "contact_person", "contact_phone",
                                                                     "mine_type", "equipment_investment_2023_yuan")}),
        "ledger.csv": _ledger_csv(session, enterprise),
        "grades.json": _json([{"asset_no": u.asset_no, "grade": u.grade, "benchmark_level": u.benchmark_level,
                               "grade_standard": u.grade_standard, "graded_at": u.graded_at} for u in units]),
        "findings.json": _json([{"asset_no": asset[f.equipment_id], **f.model_dump(exclude={"id", "equipment_id"})}
                                for f in findings]),
        "plan.json": _json({"plan": plan.model_dump(exclude={"id"}) if plan else None,
                            "items": [{"asset_no": asset[i.equipment_id], **i.model_dump(exclude={"id", "plan_id",
                                                                                                 "equipment_id"})}
                                      for i in items]}),
        "projects.json": _json(projects_document(session, enterprise)),
        "needs.json": _json(needs_document(session, enterprise)),
        LINES_MEMBER: _json(lines_document(session, enterprise)),
    }
    manifest = {"schema": SCHEMA, "schema_version": SCHEMA_VERSION, "credit_code": enterprise.credit_code,
                "enterprise_name": enterprise.name, "period": period, "tool_version": tool_version(),
                "created_at": utcnow().isoformat(),
                "members": {name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                            for name, data in members.items()}}
    out = Path(path)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", _json(manifest))
        for name, data in members.items():
            archive.writestr(name, data)
    return out


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v),
                      indent=1).encode("utf-8")


def _refuse(zh: str, en: str) -> PackageError:
    return PackageError(f"调查包被拒收：{zh} (error: package refused: {en})")


def _safe_name(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return not (name.startswith(("/", "\\")) or ":" in name or ".." in parts or len(parts) != 1)


def read_package(path: str | Path, *, max_bytes: int = MAX_PACKAGE_BYTES) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The verified manifest and members of a package, or PackageError with the reason."""
    path = Path(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise _refuse(f"文件 {size} 字节，超过上限 {max_bytes} 字节", f"file of {size} bytes exceeds {max_bytes}")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refuse("不是完整的 zip 文件（已损坏或被截断）", "not a complete zip archive (corrupt or truncated)") from exc
    with archive:
        infos = archive.infolist()
        for info in infos:
            if not _safe_name(info.filename) or stat.S_ISLNK(info.external_attr >> 16):
                raise _refuse(f"成员名 {info.filename!r} 含路径或链接，可能越出解压目录",
                              f"member {info.filename!r} would escape the target folder")
            if info.filename not in ("manifest.json", *MEMBERS):
                raise _refuse(f"含未知成员 {info.filename!r}", f"unknown member {info.filename!r}")
        refused = archive_refusal(archive, inflate=False)  # _read_capped caps every read
        if refused is not None:
            raise _refuse(*refused)
        data = {i.filename: _read_capped(archive, i) for i in infos}
    if "manifest.json" not in data:
        raise _refuse("缺少 manifest.json", "manifest.json missing")
    manifest = _json_object(data["manifest.json"], "manifest.json")
    if manifest.get("schema") != SCHEMA or manifest.get("schema_version") not in READABLE_VERSIONS:
        raise _refuse(f"未知的格式版本 {manifest.get('schema')!r} {manifest.get('schema_version')!r}"
                      f"（本程序支持 {SCHEMA} 第 {'、'.join(map(str, READABLE_VERSIONS))} 版）",
                      f"unknown schema or schema version (this program reads versions {READABLE_VERSIONS})")
    listed = manifest.get("members")
    for name in MEMBERS_OF_VERSION[manifest["schema_version"]]:
        if name not in data:
            raise _refuse(f"缺少成员 {name}", f"member {name} missing")
        entry = listed.get(name) if isinstance(listed, dict) else None
        expected = entry.get("sha256") if isinstance(entry, dict) else None
        if hashlib.sha256(data[name]).hexdigest() != expected:
            raise _refuse(f"成员 {name} 的 SHA-256 与清单不符（文件被改动或损坏）", f"checksum of {name} does not match")
    return manifest, data


def _json_object(data: bytes, name: str) -> dict[str, Any]:
    """A member that must hold one JSON object (a list, a number or broken JSON is refused)."""
    try:
        value = json.loads(data)
    except ValueError as exc:
        raise _refuse(f"{name} 不是有效的 JSON", f"{name} is not valid JSON") from exc
    if not isinstance(value, dict):
        raise _refuse(f"{name} 应为 JSON 对象", f"{name} is not a JSON object")
    return value


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """Read a member but never more than it declared (a lying header cannot inflate memory)."""
    try:
        with archive.open(info) as member:
            data = member.read(info.file_size + 1)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:  # zlib errors come as zipfile errors
        raise _refuse(f"成员 {info.filename} 无法解压（已损坏或被截断）", f"member {info.filename} is corrupt") from exc
    if len(data) > info.file_size:
        raise _refuse(f"成员 {info.filename} 实际大小超过声明", f"member {info.filename} is larger than declared")
    return data


@dataclass
class ParsedPackage:
    """A verified package with its ledger read and validated (no database touched yet)."""

    path: Path
    credit_code: str
    period: str | None
    enterprise: dict[str, Any]
    ledger: ParsedLedger
    projects: list[dict[str, Any]]
    needs: list[dict[str, Any]]
    plan: dict[str, Any]
    created_at: dt.datetime | None = None  # from the manifest: the package's place in its enterprise's sequence
    sequence: int | None = None
    lines: list[dict[str, Any]] = field(default_factory=list)  # production lines, validated


def parse_package(path: str | Path, *, max_bytes: int = MAX_PACKAGE_BYTES, today: dt.date | None = None) -> ParsedPackage:
    """Verify a package (see the module docstring) and validate its ledger; PackageError says why not."""
    manifest, data = read_package(path, max_bytes=max_bytes)
    return parse_members(Path(path), manifest, data, today=today or dt.date.today())


def content_checksum(manifest: dict[str, Any]) -> str:
    """The SHA-256 of the package's whole content: over each member's name and SHA-256 from the (verified)
    manifest, in name order. A package whose ledger is unchanged but whose lines, projects, needs or plan
    changed is a new submission; the same content exported again later (another creation time) is not.

    Package submissions stored before this identity hold their ledger member's SHA-256 (see `StoredPackages`).
    """
    members = manifest["members"]
    listing = "".join(f"{name}\t{members[name]['sha256']}\n" for name in sorted(members))
    return hashlib.sha256(listing.encode("utf-8")).hexdigest()


def package_identity(manifest: dict[str, Any]) -> tuple[str, str]:
    """(credit code, content checksum): what a submission of this package is recognised by."""
    return str(manifest.get("credit_code", "")), content_checksum(manifest)


def manifest_place(manifest: dict[str, Any]) -> tuple[str, str, int]:
    """The package's place in its enterprise's sequence, as storing it would record it (`package_place`)."""
    created_at, sequence = _manifest_place(manifest)
    return package_place(_period(manifest.get("period")), created_at, sequence)


def _period(period: str | None) -> str:
    """The reporting period a package stands for: its manifest's, else this month."""
    return period or dt.date.today().strftime("%Y-%m")


@dataclass(frozen=True)
class StoredPackages:
    """The package submissions on record, so that a file already stored is recognised without reading its rows."""

    checksums: frozenset[tuple[str, str]] = frozenset()  # (credit code, submission checksum)
    newest: Mapping[str, tuple[str, str, int]] = field(default_factory=dict)  # credit code -> newest `package_place`

    def hold(self, manifest: dict[str, Any]) -> bool:
        """Whether the package is on record: its content checksum is; or its ledger's is (what a submission
        stored before packages were recognised by their whole content holds) and the package is not newer
        than the enterprise's newest on record, so storing it would be refused as older anyway. A package
        newer than that whose ledger alone is unchanged is read: its lines, projects, needs or plan arrive."""
        code, content = package_identity(manifest)
        if (code, content) in self.checksums:
            return True
        ledger = str(manifest["members"]["ledger.csv"]["sha256"])
        return (code, ledger) in self.checksums and code in self.newest and manifest_place(manifest) <= self.newest[code]


def parse_members(path: Path, manifest: dict[str, Any], data: dict[str, bytes], *, today: dt.date) -> ParsedPackage:
    """The verified members of a package (`read_package`) as a parsed package, its ledger validated."""
    claimed = str(manifest.get("credit_code", ""))
    enterprise = _json_object(data["enterprise.json"], "enterprise.json")
    if enterprise.get("credit_code") != claimed:
        raise _refuse(f"企业信息的信用代码 {enterprise.get('credit_code')} 与清单 {claimed} 不符",
                      "enterprise.json names another enterprise than the manifest")
    try:
        sheet = read_csv_ledger(data["ledger.csv"], f"{path.name}:ledger.csv", skip=(CREDIT_COLUMN,))
    except LedgerFileError as exc:
        raise _refuse(f"台账无法读取：{exc}", "the ledger member cannot be read") from exc
    column = sheet.headers.index(CREDIT_COLUMN) if CREDIT_COLUMN in sheet.headers else None
    others = sorted({"" if column is None or column >= len(r.original) else str(r.original[column])
                     for r in sheet.rows} - {claimed})
    if others:
        raise _refuse(f"台账中含其他企业（{'、'.join(others)}）的设备行，清单声称为 {claimed}",
                      f"ledger rows of other enterprises ({', '.join(others)})")
    ledger = parse_ledger(sheet, data["ledger.csv"], today=today)
    ledger.checksum_sha256 = content_checksum(manifest)  # the submission stands for the whole package
    ledger.enterprise = enterprise | ledger.enterprise  # its region decides which local plans' rules bind the units
    projects, needs = (_json_list(data.get(name, b"[]"), name) for name in ("projects.json", "needs.json"))
    plan = _json_object(data["plan.json"], "plan.json")
    created_at, sequence = _manifest_place(manifest)
    try:
        lines = parse_lines_member(data.get(LINES_MEMBER), today=today)
    except ValueError as exc:
        raise _refuse(str(exc), f"{LINES_MEMBER} holds an invalid production line") from exc
    return ParsedPackage(path, claimed, manifest.get("period"), enterprise, ledger, projects, needs, plan, created_at,
                         sequence, lines)


def _json_list(data: bytes, name: str) -> list[dict[str, Any]]:
    """A member that must hold a JSON list of objects."""
    try:
        value = json.loads(data)
    except ValueError as exc:
        raise _refuse(f"{name} 不是有效的 JSON", f"{name} is not valid JSON") from exc
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise _refuse(f"{name} 应为 JSON 对象的列表", f"{name} is not a list of JSON objects")
    return value


def _manifest_place(manifest: dict[str, Any]) -> tuple[dt.datetime, int | None]:
    """When the package was made (and its optional sequence number): what orders an enterprise's versions."""
    text, sequence = manifest.get("created_at"), manifest.get("sequence")
    try:
        created = dt.datetime.fromisoformat(str(text))
    except ValueError as exc:
        raise _refuse(f"清单的创建时间 {text!r} 不是有效时间", f"manifest created_at {text!r} is not a time") from exc
    if created.tzinfo is None:
        created = created.replace(tzinfo=dt.UTC)
    if sequence is not None and (type(sequence) is not int or sequence < 0):
        raise _refuse(f"清单的序号 {sequence!r} 不是非负整数", f"manifest sequence {sequence!r} is not a whole number")
    return created, sequence


def store_package(session: Session, package: ParsedPackage, *, submitted_by: str | None = None) -> ImportReport:
    """Store a parsed package's ledger as one submission of the enterprise it names (created when new)."""
    enterprise = session.exec(select(Enterprise).where(Enterprise.credit_code == package.credit_code)).first()
    _refuse_other_county(session, package, enterprise)
    if enterprise is None:
        enterprise = add_enterprise(session, {k: v for k, v in package.enterprise.items() if v is not None},
                                    actor=submitted_by or "package")
    origin = SubmissionOrigin("package", package.path.name, _period(package.period), package.created_at,
                              package.sequence)
    store_projects(session, enterprise, package.projects)
    report = store_ledger(session, package.ledger, package.path, origin, enterprise=enterprise, submitted_by=submitted_by)
    store_needs(session, enterprise, package.needs, report.submission_id)
    store_enterprise_plan(session, enterprise, package.plan, report.submission_id)
    store_lines(session, enterprise, package.lines, actor=submitted_by or "package", today=package.ledger.today)
    return report


def _refuse_other_county(session: Session, package: ParsedPackage, enterprise: Enterprise | None) -> None:
    """A staff login stores only packages of its own county: say so, naming both regions, before the
    database's row-level security has to refuse the rows."""
    scope = login_scope(session.connection())
    if scope is None:
        return
    region = enterprise.region_code if enterprise is not None else str(package.enterprise.get("region_code", ""))
    if region in scope:
        return
    regions = codes.regions()
    own = sorted(c for c in scope if c in regions and regions[c].parent_code not in scope) or ["无"]
    raise _refuse(f"企业 {package.credit_code} 属于行政区划 {region}，本登录负责的是 {'、'.join(own)}",
                  f"enterprise {package.credit_code} is in region {region}, this login writes {', '.join(own)}")


def import_package(session: Session, path: str | Path, *, max_bytes: int = MAX_PACKAGE_BYTES,
                   submitted_by: str | None = None) -> ImportReport:
    """Verify a package and import its ledger as one submission of the enterprise it names."""
    return store_package(session, parse_package(path, max_bytes=max_bytes), submitted_by=submitted_by)
