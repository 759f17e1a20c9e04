"""Survey packages: the round trip, and every way a package is refused with its reason."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from equipinv.db import open_database, session_scope
from equipinv.demo import build_demo
from equipinv.exchange.package import MEMBERS, PackageError, export_package, import_package, read_package
from equipinv.models import Enterprise, Equipment, Submission


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pkg")
    engine = open_database(folder / "source.sqlite")
    with session_scope(engine) as s:
        build_demo(s)
    with Session(engine) as s:
        enterprise = s.exec(select(Enterprise).where(Enterprise.name == "沁水县城镇供水公司")).one()
        path = export_package(s, enterprise, folder / "qinshui.zip", period="2026-11")
    engine.dispose()
    return path


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _write(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def test_manifest_lists_every_member_with_its_checksum(package: Path) -> None:
    manifest, data = read_package(package)
    assert manifest["schema_version"] == 3 and manifest["period"] == "2026-11" and manifest["credit_code"]
    assert set(manifest["members"]) == set(MEMBERS) and set(data) == {"manifest.json", *MEMBERS}
    assert manifest["tool_version"] and manifest["created_at"]


def test_round_trip_on_both_backends(engine: sa.Engine, package: Path) -> None:
    with session_scope(engine) as s:
        report = import_package(s, package)
    assert report.accepted > 10 and not report.rejected
    with session_scope(engine) as s:
        again = import_package(s, package)
    assert again.duplicate
    with Session(engine) as s:
        assert s.exec(select(sa.func.count()).select_from(Equipment)).one() == report.accepted
        assert s.exec(select(Submission.source)).all() == ["package"]


def _tampered(tmp_path: Path, package: Path, **changes: bytes) -> Path:
    members = _members(package)
    members.update(changes)
    return _write(tmp_path / "tampered.zip", members)


def test_refusals(tmp_path: Path, package: Path, engine: sa.Engine) -> None:
    members = _members(package)
    manifest = json.loads(members["manifest.json"])
    cases: list[tuple[Path, str]] = []
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(package.read_bytes()[: package.stat().st_size // 2])
    cases.append((truncated, "损坏或被截断"))
    cases.append((_tampered(tmp_path, package, **{"ledger.csv": members["ledger.csv"] + b"x"}), "SHA-256"))
    unknown = dict(manifest, schema_version=99)
    cases.append((_write(tmp_path / "schema.zip", {**members, "manifest.json": json.dumps(unknown).encode()}), "格式版本"))
    cases.append((_write(tmp_path / "escape.zip", {**members, "../evil.txt": b"x"}), "越出"))
    cases.append((_write(tmp_path / "abs.zip", {**members, "/etc/passwd": b"x"}), "越出"))
    bomb = b"0" * (30 * 1024 * 1024)
    cases.append((_write(tmp_path / "bomb.zip", {**members, "ledger.csv": bomb}), "zip 炸弹"))
    missing = {k: v for k, v in members.items() if k != "plan.json"}
    cases.append((_write(tmp_path / "missing.zip", missing), "缺少成员 plan.json"))
    other = members["ledger.csv"].decode().replace(manifest["credit_code"], "91350100M000100Y43", 1).encode()
    other_manifest = json.loads(members["manifest.json"])
    other_manifest["members"]["ledger.csv"]["sha256"] = hashlib.sha256(other).hexdigest()
    cases.append((_write(tmp_path / "other.zip", {**members, "ledger.csv": other,
                                                  "manifest.json": json.dumps(other_manifest).encode()}), "其他企业"))
    listed = json.dumps(dict(manifest, members=list(manifest["members"]))).encode()  # a list, not a mapping
    cases.append((_write(tmp_path / "listed.zip", {**members, "manifest.json": listed}), "SHA-256"))
    cases.append((_write(tmp_path / "array.zip", {**members, "manifest.json": b"[1, 2]"}), "JSON 对象"))
    broken = dict(manifest)
    broken["members"] = dict(manifest["members"], **{"enterprise.json": {"sha256": hashlib.sha256(b"{oops").hexdigest()}})
    cases.append((_write(tmp_path / "enterprise.zip", {**members, "enterprise.json": b"{oops",
                                                       "manifest.json": json.dumps(broken).encode()}), "不是有效的 JSON"))
    not_zip = tmp_path / "text.zip"
    not_zip.write_text("hello")
    cases.append((not_zip, "zip"))
    for path, fragment in cases:
        with pytest.raises(PackageError, match=fragment), session_scope(engine) as s:
            import_package(s, path)
    with pytest.raises(PackageError, match="超过上限"):
        read_package(package, max_bytes=100)
    with Session(engine) as s:  # nothing of any refused package was stored
        assert s.exec(select(sa.func.count()).select_from(Submission)).one() == 0


def test_symlink_members_are_refused(tmp_path: Path, package: Path) -> None:
    members = _members(package)
    path = tmp_path / "link.zip"
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            if name == "plan.json":
                info = zipfile.ZipInfo(name)
                info.external_attr = (0o120777 << 16)
                z.writestr(info, "/etc/passwd")
            else:
                z.writestr(name, data)
    with pytest.raises(PackageError, match="链接"):
        read_package(path)


def test_exported_ledger_cells_are_never_formulas(tmp_path: Path, engine: sa.Engine) -> None:
    from equipinv.codes import make_credit_code
    from equipinv.ledger import add_enterprise, add_equipment

    with session_scope(engine) as s:
        ent = add_enterprise(s, {"credit_code": make_credit_code("91141181MA0GX5K2L"), "name": "公式测试",
                                 "region_code": "141181", "industry_code": "2521"})
        add_equipment(s, ent, {"asset_no": "X-1", "name": "=cmd|' /C calc'!A0", "category": "motor", "model": "+1-2"})
    with Session(engine) as s:
        ent = s.exec(select(Enterprise)).one()
        path = export_package(s, ent, tmp_path / "f.zip", period="2026-11")
    ledger = _members(path)["ledger.csv"].decode()
    assert "'=cmd" in ledger and "'+1-2" in ledger
    assert "\n=" not in ledger and ",=" not in ledger and ",+" not in ledger
