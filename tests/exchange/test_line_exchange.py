"""Production lines travel like units: an enterprise's lines go through a survey package (schema 3) and through
the Excel template's 生产线 sheet into a county database (SQLite and PostgreSQL) and come out with equal fields and
equal grades; packages without `lines.json` (schema 1 and 2) are still read; a bad line refuses the file whole."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from equipinv.bureau.consolidate import consolidate
from equipinv.codes import make_credit_code
from equipinv.db import open_database
from equipinv.exchange.ledger_export import filled_template
from equipinv.exchange.ledger_import import import_ledger
from equipinv.exchange.line_sheet import LINE_SHEET
from equipinv.exchange.lines_member import MEMBER as LINES_MEMBER
from equipinv.exchange.package import (
    PackageError,
    StoredPackages,
    content_checksum,
    export_package,
    import_package,
    manifest_place,
    package_identity,
    parse_package,
)
from equipinv.exchange.reader import LedgerFileError
from equipinv.exchange.template import write_template
from equipinv.ledger import add_enterprise
from equipinv.models import AuditLog, Enterprise, ProductionLine, Submission
from equipinv.production_lines import add_line, grade_of

TODAY = dt.date(2026, 12, 3)
CODE = make_credit_code("91141181MA0LNEX07")
LINES = (  # kind, capacity, energy, year, commissioning: every grade, a negative figure and an ungraded line
    ("1号焦炉", "coke_stamp_charged", "60万吨/年", "132", "2025", "2008-10"),    # between
    ("2号焦炉", "coke_top_charged", "400000 t/a", "141.5", "2025", "2004-05"),  # below 基准
    ("3号焦炉", "coke_stamp_charged", "100万吨/年", "112", "2026", ""),         # 标杆
    ("1号转炉", "converter", "150万吨/年", "-13.25", "2025", "2011-01-15"),     # between (negative)
    ("石灰窑", "lime", "10万吨/年", "", "", ""),                                 # ungraded: no value
)


@pytest.fixture
def home(tmp_path: Path) -> sa.Engine:
    """The enterprise's own database with its lines (and no units: lines travel on their own)."""
    engine = open_database(f"sqlite:///{tmp_path / 'home.sqlite'}", migrate=True)
    with Session(engine) as session:
        owner = add_enterprise(session, {"credit_code": CODE, "name": "测试焦化钢铁", "region_code": "141181",
                                         "industry_code": "C2521"}, actor="test")
        for name, kind, capacity, energy, year, commissioned in LINES:
            add_line(session, owner, {"name": name, "kind": kind, "capacity_t_a": capacity,
                                      "unit_energy_kgce_t": energy, "energy_year": year,
                                      "commissioning_date": commissioned}, today=TODAY)
        session.commit()
    return engine


def _lines(engine: sa.Engine) -> dict[str, tuple[Any, ...]]:
    """Every line of the enterprise: its reported fields and its grade (level, 标杆, 基准, basis, deadline)."""
    with Session(engine) as session:
        owner = session.exec(select(Enterprise).where(Enterprise.credit_code == CODE)).one()
        found = {}
        for line in session.exec(select(ProductionLine).where(ProductionLine.enterprise_id == owner.id)):
            g = grade_of(line)
            found[line.name] = (line.kind, line.capacity_t_a, line.unit_energy_kgce_t, line.energy_year,
                                line.commissioning_date, g.level, g.benchmark, g.baseline, g.basis, g.deadline)
        return found


def _export(home: sa.Engine, path: Path) -> Path:
    with Session(home) as session:
        owner = session.exec(select(Enterprise).where(Enterprise.credit_code == CODE)).one()
        return export_package(session, owner, path, period="2026-11")


def test_lines_reach_the_county_through_a_package_equal_and_equally_graded(home: sa.Engine, engine: sa.Engine,
                                                                          tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _export(home, inbox / "pkg.zip")
    mine = _lines(home)
    assert {v[5] for v in mine.values()} == {"between", "below_baseline", "benchmark", None}  # the cases are there
    assert mine["2号焦炉"][1:4] == (400_000.0, 141.5, 2025) and "2025年底前" in mine["2号焦炉"][9]
    report = consolidate(engine, inbox, workers=0)
    assert not report.rejected and len(report.accepted) == 1
    assert _lines(engine) == mine
    # a rerun of the same inbox adds nothing; the package's lines came in audited
    consolidate(engine, inbox, workers=0)
    assert _lines(engine) == mine
    with Session(engine) as session:
        audited = session.exec(select(AuditLog).where(AuditLog.table_name == "productionline")).all()
    assert sorted(a.action for a in audited) == ["create"] * len(LINES)


def test_a_changed_line_arrives_as_an_audited_edit(home: sa.Engine, engine: sa.Engine, tmp_path: Path) -> None:
    with Session(engine) as session:
        import_package(session, _export(home, tmp_path / "first.zip"))
        session.commit()
    with Session(home) as session:
        line = session.exec(select(ProductionLine).where(ProductionLine.name == "2号焦炉")).one()
        line.unit_energy_kgce_t = 128.0  # retrofitted: now between 标杆 and 基准
        session.add(line)
        session.commit()
    with Session(engine) as session:
        import_package(session, _export(home, tmp_path / "second.zip"))
        session.commit()
        edits = session.exec(select(AuditLog).where(AuditLog.table_name == "productionline",
                                                    AuditLog.action == "import")).all()
    assert [e.changes for e in edits] == [{"unit_energy_kgce_t": [141.5, 128.0]}]
    assert _lines(engine) == _lines(home) and _lines(engine)["2号焦炉"][5] == "between"


def _two_packages(home: sa.Engine, folder: Path) -> tuple[Path, Path]:
    """The enterprise's package, then a newer one whose only change is a line (the ledger member is the same)."""
    first = _export(home, folder / "1_first.zip")
    with Session(home) as session:
        line = session.exec(select(ProductionLine).where(ProductionLine.name == "2号焦炉")).one()
        line.unit_energy_kgce_t = 128.0
        session.add(line)
        session.commit()
    second = _export(home, folder / "2_second.zip")
    manifests = [_manifest(p) for p in (first, second)]
    assert manifests[0]["members"]["ledger.csv"] == manifests[1]["members"]["ledger.csv"]
    assert manifests[0]["members"][LINES_MEMBER] != manifests[1]["members"][LINES_MEMBER]
    return first, second


def _manifest(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as archive:
        return dict(json.loads(archive.read("manifest.json")))


def test_a_package_whose_only_change_is_a_line_is_not_taken_for_the_one_on_record(home: sa.Engine, engine: sa.Engine,
                                                                                 tmp_path: Path) -> None:
    """The county gets the changed line, and a rerun over the same inbox recognises both packages by their
    whole content and adds nothing."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _two_packages(home, inbox)
    report = consolidate(engine, inbox, workers=0)
    assert [a["file"] for a in report.accepted] == ["1_first.zip", "2_second.zip"] and report.duplicates == []
    assert _lines(engine) == _lines(home) and _lines(engine)["2号焦炉"][2] == 128.0
    with Session(engine) as session:
        before = (session.exec(select(sa.func.count()).select_from(Submission)).one(),
                  session.exec(select(sa.func.count()).select_from(AuditLog)).one())
    again = consolidate(engine, inbox, workers=0)
    assert again.accepted == [] and again.older == [] and again.duplicates == ["1_first.zip", "2_second.zip"]
    with Session(engine) as session:
        assert (session.exec(select(sa.func.count()).select_from(Submission)).one(),
                session.exec(select(sa.func.count()).select_from(AuditLog)).one()) == before
    assert _lines(engine)["2号焦炉"][2] == 128.0


def test_a_submission_stored_by_its_ledger_checksum_still_recognises_its_package(home: sa.Engine,
                                                                                  tmp_path: Path) -> None:
    """Package submissions stored before held the ledger's checksum: their package is still on record (a rerun
    over an old inbox stays quiet), while a newer package with that same ledger is read, so its change arrives."""
    first, second = (_manifest(p) for p in _two_packages(home, tmp_path))
    code, ledger = CODE, first["members"]["ledger.csv"]["sha256"]
    legacy = StoredPackages(frozenset({(code, ledger)}), {code: manifest_place(first)})
    assert legacy.hold(first) and not legacy.hold(second)
    assert not StoredPackages(frozenset({(code, ledger)})).hold(first)  # no place on record: read it
    current = StoredPackages(frozenset({package_identity(first)}), {code: manifest_place(first)})
    assert current.hold(first) and not current.hold(second)
    assert package_identity(first) != (code, ledger) and package_identity(first)[1] == content_checksum(first)


def _rewrite(source: Path, target: Path, *, version: int, drop: tuple[str, ...] = (),
             replace: dict[str, bytes] | None = None) -> Path:
    """The package again with members dropped or replaced and the manifest made to match (a consistent file
    as an older tool, or a hostile one, would write it)."""
    with zipfile.ZipFile(source) as archive:
        members = {n: archive.read(n) for n in archive.namelist() if n != "manifest.json" and n not in drop}
        manifest = json.loads(archive.read("manifest.json"))
    members.update(replace or {})
    manifest.update(schema_version=version, members={n: {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
                                                     for n, d in members.items()})
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        for name, data in members.items():
            archive.writestr(name, data)
    return target


def test_packages_without_lines_are_still_read_and_a_bad_line_refuses_the_package(home: sa.Engine,
                                                                                   tmp_path: Path) -> None:
    package = _export(home, tmp_path / "pkg.zip")
    with zipfile.ZipFile(package) as archive:
        assert json.loads(archive.read("manifest.json"))["schema_version"] == 3
        carried = json.loads(archive.read("lines.json"))
    assert [line["name"] for line in carried] == sorted(name for name, *_ in LINES)
    older = parse_package(_rewrite(package, tmp_path / "v2.zip", version=2, drop=("lines.json",)), today=TODAY)
    assert older.lines == []
    with pytest.raises(PackageError, match="缺少成员 lines.json"):  # a version-3 package must carry it
        parse_package(_rewrite(package, tmp_path / "v3.zip", version=3, drop=("lines.json",)), today=TODAY)
    bad = [dict(carried[0], capacity_t_a="50 t/h")]
    with pytest.raises(PackageError) as refused:
        parse_package(_rewrite(package, tmp_path / "bad.zip", version=3,
                               replace={"lines.json": json.dumps(bad, ensure_ascii=False).encode()}), today=TODAY)
    assert "lines.json" in str(refused.value) and "第 1 条" in str(refused.value) and "t/h" in str(refused.value)


def test_lines_reach_the_county_through_the_template(home: sa.Engine, engine: sa.Engine, tmp_path: Path) -> None:
    with Session(home) as session:
        owner = session.exec(select(Enterprise).where(Enterprise.credit_code == CODE)).one()
        workbook = write_template(tmp_path / "台账.xlsx", filled_template(session, owner))
    sheet = openpyxl.load_workbook(workbook)[LINE_SHEET]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[:2] for r in rows][:2] == [("1号焦炉", "常规焦炉（捣固）"), ("1号转炉", "转炉工序")]  # kinds as users read them
    with Session(engine) as session:
        import_ledger(session, workbook, today=TODAY)
        session.commit()
    assert _lines(engine) == _lines(home)
    # the same workbook through a county's consolidation inbox
    county = open_database(f"sqlite:///{tmp_path / 'county.sqlite'}", migrate=True)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "台账.xlsx").write_bytes(workbook.read_bytes())
    assert not consolidate(county, inbox, workers=0).rejected
    assert _lines(county) == _lines(home)
    county.dispose()


def test_a_bad_row_on_the_line_sheet_refuses_the_workbook_naming_row_and_field(engine: sa.Engine,
                                                                               tmp_path: Path) -> None:
    path = write_template(tmp_path / "空白.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook["企业信息"]["B1"], workbook["企业信息"]["B2"] = CODE, "测试焦化钢铁"
    workbook["企业信息"]["B3"], workbook["企业信息"]["B4"] = "141181", "C2521"
    sheet = workbook[LINE_SHEET]
    sheet.append(["1号焦炉", "常规焦炉（捣固）", "60万吨/年", 132, 2025, None])
    sheet.append(["2号焦炉", "常规焦炉（顶装）", "50 t/h", 1410, 2025, None])
    workbook.save(path)
    with Session(engine) as session, pytest.raises(LedgerFileError) as refused:
        import_ledger(session, path, today=TODAY)
    message = str(refused.value)
    assert "第 3 行" in message and "产能" in message and "t/h" in message and "80～250" in message
    assert "第 2 行" not in message
    with Session(engine) as session:
        assert session.exec(select(ProductionLine)).all() == []
