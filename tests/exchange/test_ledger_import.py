"""Excel/CSV ledgers as people keep them: the template round trip, three real-world shapes, refusals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from equipinv.codes import make_credit_code
from equipinv.db import session_scope
from equipinv.exchange.columns import COLUMNS
from equipinv.exchange.ledger_export import ledger_rows
from equipinv.exchange.ledger_import import import_ledger
from equipinv.exchange.reader import LedgerFileError
from equipinv.exchange.template import EQUIPMENT_SHEET, write_template
from equipinv.ledger import add_enterprise
from equipinv.models import AuditLog, Enterprise, Equipment, Submission

CREDIT = make_credit_code("91141181MA0GX5K2L")
TODAY = dt.date(2026, 11, 22)


def _enterprise(engine: sa.Engine) -> None:
    with session_scope(engine) as s:
        add_enterprise(s, {"credit_code": CREDIT, "name": "孝义焦化", "region_code": "141181", "industry_code": "C2521"})


def _import(engine: sa.Engine, path: Path, **kwargs):
    with session_scope(engine) as s:
        return import_ledger(s, path, today=TODAY, **kwargs)


def _units(engine: sa.Engine) -> dict[str, Equipment]:
    with Session(engine) as s:
        return {u.asset_no: u for u in s.exec(select(Equipment))}


def _filled_template(tmp_path: Path) -> Path:
    path = write_template(tmp_path / "ledger.xlsx")
    wb = openpyxl.load_workbook(path)
    for row, value in enumerate((CREDIT, "孝义焦化", "141181", "C2521", 12000), start=1):
        wb["企业信息"].cell(row=row, column=2, value=value)
    sheet = wb[EQUIPMENT_SHEET]
    position = {c.field: i for i, c in enumerate(COLUMNS, start=1)}
    for r, unit in enumerate(({"asset_no": "DJ-001", "name": "皮带机电机", "category": "三相异步电动机", "model": "Y280S-4",
                               "rated_power_kw": 75, "poles": 4, "efficiency_pct": 92.7, "measured_input_kw": 48.5,
                               "commissioning_date": "2003年6月",
                               "site": "备煤车间", "status": "在用"},
                              {"asset_no": "BY-001", "name": "配电变压器", "category": "电力变压器", "model": "S9-630/10",
                               "capacity_kva": 630, "no_load_loss_w": 1200, "load_loss_w": 6200,
                               "commissioning_date": dt.datetime(2004, 3, 1)}), start=5):
        for key, value in unit.items():
            sheet.cell(row=r, column=position[key], value=value)
    wb.save(path)
    return path


def test_template_round_trip(engine: sa.Engine, tmp_path: Path) -> None:
    path = _filled_template(tmp_path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:3] == ["填表说明", "企业信息", EQUIPMENT_SHEET]
    assert "额定功率(kW)" in [c.value for c in wb[EQUIPMENT_SHEET][1]]
    assert any("设备类别" in str(v.sqref) or v.formula1 for v in wb[EQUIPMENT_SHEET].data_validations.dataValidation)
    report = _import(engine, path)
    assert (report.accepted, len(report.rejected), report.version) == (2, 0, 1)  # the example rows are skipped
    assert report.unknown_columns == [], "every column of the template is read (IPLV, COP_I … by their codes)"
    units = _units(engine)
    assert units["DJ-001"].rated_power_kw == 75 and units["DJ-001"].commissioning_date == dt.date(2003, 6, 1)
    assert units["BY-001"].capacity_kva == 630 and units["BY-001"].commissioning_date == dt.date(2004, 3, 1)
    with Session(engine) as s:
        assert s.exec(select(Enterprise.name)).one() == "孝义焦化"  # created from the enterprise sheet
    # the measured input power travels: read from its template column, stored, written back out by the export
    assert "实测输入功率(kW)" in [c.value for c in wb[EQUIPMENT_SHEET][1]]
    assert units["DJ-001"].measured_input_kw == 48.5 and units["BY-001"].measured_input_kw is None
    with Session(engine) as s:
        exported = ledger_rows(s, s.exec(select(Enterprise)).one())
    row = {r[exported.fields.index("asset_no")]: r for r in exported.rows}["DJ-001"]
    assert row[exported.fields.index("measured_input_kw")] == 48.5


def test_title_row_merged_headers_units_in_header(engine: sa.Engine, tmp_path: Path) -> None:
    """A county form: title row, a group header merged over two columns, units in brackets, Excel dates."""
    _enterprise(engine)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["孝义焦化 重点用能设备台账（2026年11月）"])
    ws.merge_cells("A1:H1")
    ws.append(["序号", "设备编号", "设备名称", "设备类型", "规格型号", "电机参数", None, "投产日期"])
    ws.merge_cells("F2:G2")
    ws.append([None, None, None, None, None, "功率（千瓦）", "效率（%）", None])
    ws.append([1, "M-01", "引风机电机", "电动机", "YE3-315M-4", 132, 95.6, dt.datetime(2019, 5, 1)])
    ws.append([2, "M-02", "循环泵电机", "电动机", "Y2-200L-4", "30", 91.0, dt.datetime(2008, 7, 15)])
    path = tmp_path / "county_form.xlsx"
    wb.save(path)
    report = _import(engine, path, enterprise_credit_code=CREDIT)
    assert (report.accepted, report.rejected) == (2, [])
    units = _units(engine)
    assert units["M-01"].rated_power_kw == 132 and units["M-01"].efficiency_pct == 95.6
    assert units["M-02"].rated_power_kw == 30 and units["M-02"].commissioning_date == dt.date(2008, 7, 15)


def test_english_headers_units_in_cells(engine: sa.Engine, tmp_path: Path) -> None:
    _enterprise(engine)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Asset No.", "Equipment Name", "Category", "Model", "Rated Power", "Poles", "Commissioned", "Status"])
    ws.append(["P-1", "Cooling pump motor", "motor", "YE2-160M-4", "100 hp", 4, "2009.6", "in_use"])
    ws.append(["P-2", "Fan motor", "motor", "YE3-132S-4", "5.5kW", 4, "2015-03", "idle"])
    path = tmp_path / "english.xlsx"
    wb.save(path)
    report = _import(engine, path, enterprise_credit_code=CREDIT)
    assert report.accepted == 2
    units = _units(engine)
    assert units["P-1"].rated_power_kw == pytest.approx(74.57, abs=0.01)
    assert units["P-1"].commissioning_date == dt.date(2009, 6, 1) and units["P-2"].status == "idle"


def test_csv_in_gbk_with_text_dates(engine: sa.Engine, tmp_path: Path) -> None:
    _enterprise(engine)
    path = tmp_path / "ledger.csv"
    text = "资产编号,设备名称,设备类别,容量(kVA),空载损耗(W),负载损耗(W),投运日期\nT-1,主变,变压器,1000,1150,10300,2009年6月\n"
    path.write_bytes(text.encode("gb18030"))
    report = _import(engine, path, enterprise_credit_code=CREDIT)
    assert report.accepted == 1
    unit = _units(engine)["T-1"]
    assert (unit.capacity_kva, unit.no_load_loss_w, unit.commissioning_date) == (1000, 1150, dt.date(2009, 6, 1))


def test_bad_rows_are_rejected_field_by_field_and_written_to_an_error_workbook(engine: sa.Engine, tmp_path: Path) -> None:
    _enterprise(engine)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["资产编号", "设备名称", "设备类别", "额定功率(kW)", "出厂年份"])
    ws.append(["A-1", "好电机", "电动机", 55, 2010])
    ws.append(["A-2", "=HYPERLINK(\"x\")", "飞船", "1250 kVA", "去年"])
    ws.append(["A-3", "重复一", "电动机", 10, 2010])
    ws.append(["A-3", "重复二", "电动机", 10, 2010])
    ws.append(["A-4", "公式功率", "电动机", "=10*7.5", 2010])
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    report = _import(engine, path, enterprise_credit_code=CREDIT)
    assert report.accepted == 1
    by_row = {r.row: r.errors for r in report.rejected}
    # an unknown category word (飞船) is no reason to refuse a row: it is kept as 其他 with a warning (issue 23)
    assert set(by_row[3]) == {"name", "rated_power_kw", "year_made"}
    assert "公式" in by_row[3]["name"]  # a formula is reported, never evaluated
    assert "不是功率单位" in by_row[3]["rated_power_kw"]
    assert "重复" in by_row[4]["asset_no"] and "重复" in by_row[5]["asset_no"]
    assert "公式" in by_row[6]["rated_power_kw"]
    errors = openpyxl.load_workbook(report.error_workbook).active
    values = [[c.value for c in row] for row in errors.iter_rows()]
    assert values[0][-1] == "错误原因" and len(values) == 5
    flat = [v for row in values for v in row if isinstance(v, str)]
    assert not any(v.startswith(("=", "+", "-", "@")) for v in flat)  # nothing a spreadsheet would run
    assert set(_units(engine)) == {"A-1"}


def test_dry_run_reimport_and_update(engine: sa.Engine, tmp_path: Path) -> None:
    path = _filled_template(tmp_path)
    dry = _import(engine, path, dry_run=True)
    assert dry.dry_run and dry.accepted == 2 and _units(engine) == {}
    first = _import(engine, path)
    again = _import(engine, path)
    assert again.duplicate and again.version == first.version
    wb = openpyxl.load_workbook(path)
    sheet = wb[EQUIPMENT_SHEET]
    efficiency_col = [c.field for c in COLUMNS].index("efficiency_pct") + 1
    sheet.cell(row=5, column=efficiency_col, value=93.1)
    wb.save(path)
    second = _import(engine, path)
    assert (second.updated, second.unchanged, second.accepted, second.version) == (1, 1, 0, 2)
    assert _units(engine)["DJ-001"].efficiency_pct == 93.1
    with Session(engine) as s:
        statuses = s.exec(select(Submission.version, Submission.status).order_by(Submission.version)).all()
        assert statuses == [(1, "superseded"), (2, "complete")]
        history = s.exec(select(AuditLog).where(AuditLog.table_name == "equipment", AuditLog.action == "import")).all()
        assert history and history[0].changes["efficiency_pct"] == [92.7, 93.1]


@pytest.mark.parametrize(
    ("content", "name", "fragment"),
    [
        (b"", "empty.xlsx", "0 字节"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + b"\0" * 64, "locked.xlsx", "密码"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "old.xlsx", ".xls"),
        (b"this is not a workbook", "text.xlsx", "不是有效的 .xlsx"),
    ],
)
def test_unreadable_files_are_refused_whole(engine: sa.Engine, tmp_path: Path, content: bytes, name: str,
                                            fragment: str) -> None:
    _enterprise(engine)
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LedgerFileError, match=fragment):
        _import(engine, path, enterprise_credit_code=CREDIT)
    with Session(engine) as s:
        assert s.exec(select(sa.func.count()).select_from(Submission)).one() == 0


def test_a_sheet_without_a_header_is_refused(engine: sa.Engine, tmp_path: Path) -> None:
    _enterprise(engine)
    wb = openpyxl.Workbook()
    wb.active.append(["随便", "什么", "东西"])
    path = tmp_path / "noheader.xlsx"
    wb.save(path)
    with pytest.raises(LedgerFileError, match="表头"):
        _import(engine, path, enterprise_credit_code=CREDIT)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_headers_take_the_keys_and_short_aliases_of_equipment_add(engine: sa.Engine, tmp_path: Path,
                                                                  suffix: str) -> None:
    """A file headed as `equipment add` is typed reads as it does (issue 21 item 3): canonical keys and the
    short aliases of `equipinv.field_keys`; an alias of several fields takes each row's category's own."""
    _enterprise(engine)
    rows = [["asset_no", "name", "category", "power", "efficiency", "capacity", "Commissioning_Date"],
            ["M-1", "引风机电机", "电动机", "132", "95.6", "", "2019-05-01"],
            ["B-1", "燃煤锅炉", "锅炉", "", "82", "10", "2012-03-01"]]
    path = tmp_path / f"keys{suffix}"
    if suffix == ".csv":
        path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    else:
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        book.save(path)
    report = _import(engine, path, enterprise_credit_code=CREDIT)
    assert (report.accepted, report.rejected, report.unknown_columns) == (2, [], [])
    units = _units(engine)
    assert (units["M-1"].rated_power_kw, units["M-1"].efficiency_pct) == (132, 95.6)
    assert units["M-1"].commissioning_date == dt.date(2019, 5, 1)
    # the boiler's efficiency is its thermal efficiency and its capacity its evaporation, as with
    # `equipment add category=boiler efficiency=82 capacity=10`
    assert (units["B-1"].thermal_efficiency_pct, units["B-1"].efficiency_pct) == (82, None)
    assert units["B-1"].capacity_t_h == 10 and units["B-1"].capacity_kva is None
