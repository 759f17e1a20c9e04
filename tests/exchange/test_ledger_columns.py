"""Ledger columns as people name them (issue 16): columns no field takes are kept per unit in `extra`,
reported with their value counts and carried through a survey package and consolidation; serial numbers
are recognised; a rating whose unit sits in the next column is read per row with per-row errors; month
dates under 出厂年月 give the year made; another category's parameter is a warning, kept in `extra`; the
report names the fields grading needs that rows lack. Real .xlsx files, the CLI, SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from equipinv.bureau.consolidate import consolidate
from equipinv.codes import make_credit_code
from equipinv.db import open_database, session_scope
from equipinv.exchange.ledger_import import import_ledger
from equipinv.exchange.package import SCHEMA_VERSION, export_package, parse_package
from equipinv.exchange.reader import UnknownColumn
from equipinv.ledger import add_enterprise
from equipinv.models import Enterprise, Equipment
from tests.cli_runner import run_cli

CREDIT = make_credit_code("91141181MA0GX5K2L")
TODAY = dt.date(2026, 11, 22)
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(db_url: str, capsys: pytest.CaptureFixture[str]) -> Run:
    """`equipinv --db <empty ledger with the coking plant> ARGS`, on SQLite and on PostgreSQL."""
    engine = open_database(db_url, migrate=True)
    with session_scope(engine) as s:
        add_enterprise(s, {"credit_code": CREDIT, "name": "孝义焦化", "region_code": "141181", "industry_code": "C2521"})
    engine.dispose()

    def invoke(*args: str) -> tuple[int, str, str]:
        return run_cli(capsys, ["--db", db_url, *args])

    return invoke


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _units(db_url: str) -> dict[str, Equipment]:
    engine = open_database(db_url)
    with Session(engine) as s:
        found = {u.asset_no: u for u in s.exec(select(Equipment))}
    engine.dispose()
    return found


HEADER = ["序号", "资产编号", "设备名称", "设备类别", "额定功率(kW)", "资产原值(万元)", "责任人", None]


def test_unknown_columns_are_kept_reported_and_shown(run: Run, db_url: str, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "ledger.xlsx", [
        HEADER,
        [1, "M-1", "引风机电机", "电动机", 132, 12.5, "张三", "备用"],
        [2, "M-2", "循环泵电机", "电动机", 30, None, "李四", None],
        [3, "M-3", "给水泵电机", "电动机", 45, 8, None, None]])
    code, out, err = run("import", str(path), "-e", CREDIT, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["accepted"] == 3 and report["serial_columns"] == ["序号"]
    assert report["unknown_columns"] == [{"header": "资产原值(万元)", "values": 2, "duplicate_of": None},
                                         {"header": "责任人", "values": 2, "duplicate_of": None},
                                         {"header": "（无表头）第H列", "values": 1, "duplicate_of": None}]
    units = _units(db_url)
    assert units["M-1"].extra == {"资产原值(万元)": 12.5, "责任人": "张三", "（无表头）第H列": "备用"}
    assert units["M-2"].extra == {"责任人": "李四"} and units["M-3"].extra == {"资产原值(万元)": 8}
    code, out, err = run("equipment", "show", "M-1", "-e", CREDIT)
    kept = [line.split() for line in out.splitlines()]
    assert code == 0 and "【其他列（原台账中未对应字段的列）】" in out, err
    assert ["资产原值(万元)", "12.5"] in kept and ["责任人", "张三"] in kept, out
    code, out, err = run("equipment", "edit", "-e", CREDIT, "M-1", "extra=abc")
    assert code == 2 and err.count("\n") == 1 and '"extra"' in err and "Traceback" not in err
    assert _units(db_url)["M-1"].extra["责任人"] == "张三", "nothing stored is lost"


def test_import_says_per_column_what_it_kept(run: Run, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "ledger.xlsx", [HEADER, [1, "M-1", "引风机电机", "电动机", 132, 12.5, "张三", None]])
    code, out, err = run("import", str(path), "-e", CREDIT, "--dry-run")
    assert code == 0, err
    assert "列“资产原值(万元)”未对应任何字段：1 个值已原样保存" in err and "列“责任人”" in err
    assert "序号" in err and "识别为序号" in err and "（无表头）" not in err  # an empty column is no news


def test_extra_travels_through_the_package_and_consolidation(run: Run, db_url: str, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "ledger.xlsx", [HEADER, [1, "M-1", "引风机电机", "电动机", 132, 12.5, "张三", None]])
    assert run("import", str(path), "-e", CREDIT)[0] == 0
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    code, _, err = run("survey", "export", "-e", CREDIT, "-o", str(inbox / "p.zip"), "--period", "2026-11")
    assert code == 0, err
    package = parse_package(inbox / "p.zip", today=TODAY)
    assert package.ledger.unknown_columns == [], "the package's own columns are all read"
    assert package.ledger.valid[0]["extra"] == {"资产原值(万元)": 12.5, "责任人": "张三"}
    county = open_database(tmp_path / "county.sqlite")
    report = consolidate(county, inbox, workers=0)
    assert len(report.accepted) == 1, report.rejected
    with Session(county) as s:
        unit = s.exec(select(Equipment).where(Equipment.asset_no == "M-1")).one()
        assert unit.extra == _units(db_url)["M-1"].extra == {"资产原值(万元)": 12.5, "责任人": "张三"}
    county.dispose()


def test_a_repeated_field_column_is_kept_not_overwritten(engine: sa.Engine, tmp_path: Path) -> None:
    with session_scope(engine) as s:
        add_enterprise(s, {"credit_code": CREDIT, "name": "孝义焦化", "region_code": "141181", "industry_code": "C2521"})
    path = _workbook(tmp_path / "ledger.xlsx", [
        ["编号", "资产编号", "设备名称", "设备类别", "额定功率", "功率"],
        [7, "M-1", "电机", "电动机", 132, 130]])
    with session_scope(engine) as s:
        report = import_ledger(s, path, enterprise_credit_code=CREDIT, today=TODAY)
    assert report.serial_columns == ["编号"], "编号 beside 资产编号 is the row's serial number"
    assert report.unknown_columns == [UnknownColumn("功率", 1, duplicate_of="额定功率")]
    with Session(engine) as s:
        unit = s.exec(select(Equipment)).one()
    assert (unit.asset_no, unit.rated_power_kw, unit.extra) == ("M-1", 132, {"功率": 130})


def test_a_rating_with_its_unit_in_the_next_column(run: Run, db_url: str, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "ledger.xlsx", [
        ["资产编号", "设备名称", "设备类别", "额定功率/容量", "单位", "出厂年份"],
        ["M-1", "引风机电机", "电动机", 132, "kW", 2019],
        ["T-1", "主变压器", "电力变压器", 1250, "kVA", 2009],
        ["B-1", "燃煤锅炉", "工业锅炉", 10, "t/h", 2008],
        ["B-2", "燃气锅炉", "工业锅炉", 2.8, "MW", 2016],
        ["M-2", "大电机", "电动机", 5_000_000, "kW", 2019],  # a typing error: out of range
        ["M-3", "水泵电机", "电动机", 75, "m³/h", 2019],  # no rating's unit
        ["M-4", "风机电机", "电动机", 55, None, 2019]])  # no unit: power or capacity?
    code, out, err = run("import", str(path), "-e", CREDIT, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["accepted"] == 4 and report["unknown_columns"] == []
    errors = {r["row"]: r["errors"] for r in report["rejected"]}
    assert set(errors) == {6, 7, 8}
    assert "超出合理范围" in errors[6]["rated_power_kw"] and "5000000 kW" in errors[6]["rated_power_kw"]
    assert '单位 "m³/h" 不是功率、容量' in errors[7]["rated_power_kw"]
    assert "缺少单位" in errors[8]["rated_power_kw"] and '"55"' in errors[8]["rated_power_kw"]
    units = _units(db_url)
    assert (units["M-1"].rated_power_kw, units["M-1"].capacity_kva) == (132, None)
    assert (units["T-1"].capacity_kva, units["T-1"].rated_power_kw) == (1250, None)
    assert units["B-1"].capacity_t_h == 10 and units["B-2"].capacity_mw == 2.8 and units["B-2"].rated_power_kw is None


def test_a_single_quantity_with_a_unit_column(engine: sa.Engine, tmp_path: Path) -> None:
    with session_scope(engine) as s:
        add_enterprise(s, {"credit_code": CREDIT, "name": "孝义焦化", "region_code": "141181", "industry_code": "C2521"})
    path = _workbook(tmp_path / "ledger.xlsx", [
        ["资产编号", "设备名称", "设备类别", "功率", "单位", "扬程", "单位"],
        ["P-1", "循环泵", "离心泵", 100, "hp", 32, "m"],
        ["P-2", "补水泵", "离心泵", 15, None, 20, None],
        ["P-3", "排污泵", "离心泵", 12, "kg", 20, None],
        ["P-4", "深井泵", "离心泵", 22, "kW", 60, "MPa"],
        ["T-1", "配变", "电力变压器", 630, "kVA", None, None]])
    with session_scope(engine) as s:
        report = import_ledger(s, path, enterprise_credit_code=CREDIT, today=TODAY)
    assert report.accepted == 3 and report.unknown_columns == []
    assert [(r.row, sorted(r.errors)) for r in report.rejected] == [(4, ["rated_power_kw"]), (5, ["head_m"])]
    with Session(engine) as s:
        units = {u.asset_no: u for u in s.exec(select(Equipment))}
    assert units["P-1"].rated_power_kw == pytest.approx(74.57, abs=0.01) and units["P-1"].head_m == 32
    assert units["P-2"].rated_power_kw == 15, "no unit given: the header's field in its canonical unit"
    assert (units["T-1"].capacity_kva, units["T-1"].rated_power_kw) == (630, None), "the row's unit decides"


def test_month_dates_under_the_made_header_give_the_year(run: Run, db_url: str, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "ledger.xlsx", [
        ["资产编号", "设备名称", "设备类别", "出厂年月"],
        ["M-1", "电机一", "电动机", "2006年5月"],
        ["M-2", "电机二", "电动机", 2006.5],
        ["M-3", "电机三", "电动机", "2006.05"],
        ["M-4", "电机四", "电动机", "2006-05"],
        ["M-5", "电机五", "电动机", dt.datetime(2006, 5, 1)],
        ["M-6", "电机六", "电动机", 2006.10],  # Excel drops the trailing zero of October: still 2006
        ["M-7", "电机七", "电动机", "2006.13"],
        ["M-8", "电机八", "电动机", "2035年5月"]])
    code, out, err = run("import", str(path), "-e", CREDIT, "--json")
    assert code == 0, err
    report = json.loads(out)
    rejected = {r["row"]: r["errors"] for r in report["rejected"]}
    assert set(rejected) == {8, 9} and "不是整年份" in rejected[8]["year_made"] and "2026" in rejected[9]["year_made"]
    assert {a: u.year_made for a, u in _units(db_url).items()} == {f"M-{n}": 2006 for n in range(1, 7)}


def test_another_categorys_parameter_is_a_warning_kept_in_extra(run: Run, db_url: str, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "ledger.xlsx", [
        ["资产编号", "设备名称", "设备类别", "燃料", "燃烧方式"],
        ["M-1", "引风机电机", "电动机", None, "grate"],
        ["B-1", "燃煤锅炉", "工业锅炉", "燃煤", "grate"]])
    code, out, err = run("import", str(path), "-e", CREDIT, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["accepted"] == 2 and not report["rejected"]
    assert [(w["row"], w["field"]) for w in report["warnings"]] == [(2, "firing")]
    assert "工业锅炉的参数" in report["warnings"][0]["message"] and "三相异步电动机" in report["warnings"][0]["message"]
    units = _units(db_url)
    assert units["M-1"].rating_params == {} and units["M-1"].extra == {"燃烧方式": "grate"}
    assert units["B-1"].rating_params == {"firing": "grate"} and units["B-1"].extra == {}
    code, _, err = run("import", str(path), "-e", CREDIT)
    assert code == 0 and err == "", "the same file again: nothing new to say"


def test_fields_grading_needs_are_named_per_column_before_storing(run: Run, db_url: str, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "ledger.xlsx", [
        ["资产编号", "设备名称", "设备类别", "额定容量(kVA)", "空载损耗(W)", "负载损耗(W)", "变压器类型"],
        ["T-1", "主变", "电力变压器", 1250, 1800, 12000, None],
        ["T-2", "配变", "电力变压器", 630, 1000, 6000, None],
        ["T-3", "干变", "电力变压器", 800, 1100, 6900, "干式"]])
    code, out, err = run("import", str(path), "-e", CREDIT, "--dry-run")
    assert code == 0, err
    assert "电力变压器：3 行中 2 行缺少“变压器类型”，这些设备无法分级" in err
    assert _units(db_url) == {}, "a dry run stores nothing but says it all"
    code, out, err = run("import", str(path), "-e", CREDIT, "--json")
    assert code == 0, err
    gaps = json.loads(out)["grading_gaps"]
    assert [(g["category"], g["field"], g["field_label"], g["rows"], g["of"]) for g in gaps] == [
        ("transformer", "transformer_type", "变压器类型", 2, 3)]


def test_a_package_of_an_unknown_schema_version_is_refused_naming_it(tmp_path: Path) -> None:
    import hashlib
    import zipfile

    from equipinv.exchange.package import PackageError

    source = open_database(tmp_path / "source.sqlite")
    with session_scope(source) as s:
        add_enterprise(s, {"credit_code": CREDIT, "name": "孝义焦化", "region_code": "141181", "industry_code": "C2521"})
    with Session(source) as s:
        path = export_package(s, s.exec(select(Enterprise)).one(), tmp_path / "p.zip", period="2026-11")
    source.dispose()
    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    for version in (0, SCHEMA_VERSION + 1):
        manifest = dict(json.loads(members["manifest.json"]), schema_version=version)
        changed = tmp_path / f"v{version}.zip"
        with zipfile.ZipFile(changed, "w") as archive:
            for name, data in {**members, "manifest.json": json.dumps(manifest).encode()}.items():
                archive.writestr(name, data)
        assert hashlib.sha256(members["ledger.csv"]).hexdigest() == manifest["members"]["ledger.csv"]["sha256"]
        with pytest.raises(PackageError) as refused:
            parse_package(changed, today=TODAY)
        assert f"格式版本 'equipinv-survey' {version}" in str(refused.value) and "第 1、2、3 版" in str(refused.value)


def test_a_rating_header_merged_over_value_and_unit(engine: sa.Engine, tmp_path: Path) -> None:
    """额定功率/容量 merged over two columns, 数值 | 单位 beneath it: the second row is part of the header."""
    with session_scope(engine) as s:
        add_enterprise(s, {"credit_code": CREDIT, "name": "孝义焦化", "region_code": "141181", "industry_code": "C2521"})
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["资产编号", "设备名称", "设备类别", "额定功率/容量", None, "出厂年月"],
                [None, None, None, "数值", "单位", None],
                ["M-1", "引风机电机", "电动机", 132, "kW", "2019.5"],
                ["T-1", "主变压器", "电力变压器", 1250, "kVA", "2009年6月"]):
        sheet.append(row)
    sheet.merge_cells("D1:E1")
    book.save(tmp_path / "merged.xlsx")
    with session_scope(engine) as s:
        report = import_ledger(s, tmp_path / "merged.xlsx", enterprise_credit_code=CREDIT, today=TODAY)
    assert (report.accepted, report.rejected, report.unknown_columns) == (2, [], [])
    with Session(engine) as s:
        units = {u.asset_no: (u.rated_power_kw, u.capacity_kva, u.year_made) for u in s.exec(select(Equipment))}
    assert units == {"M-1": (132, None, 2019), "T-1": (None, 1250, 2009)}
