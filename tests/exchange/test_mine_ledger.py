"""A coal mine's 机电设备台账 typed with the mine's own headers and words imports (issue 23): every good
row stored, its underground banned items decided with their deadlines, its explosion-proof motors decided
from the voltage in 额定参数, its bad rows refused with reasons, unknown 类型 words kept as 其他 with a warning."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import sqlalchemy as sa
from sqlmodel import Session, select

from equipinv.codes import make_credit_code
from equipinv.db import open_database, session_scope
from equipinv.exchange.ledger_import import import_ledger
from equipinv.exchange.package import export_package, import_package
from equipinv.models import Enterprise, Equipment, Finding

CREDIT = make_credit_code("91141125MA0KX7M3T")
TODAY = dt.date(2026, 11, 22)
HEADERS = ["序号", "设备编码", "名称", "类型", "规格型号", "额定参数", "制造日期", "台数", "使用地点", "煤安标志编号", "备注"]
GOOD = [
    ("KD-001", "矿用隔爆型馈电开关", "开关", "DW10-400/1140", "400A 1140V", dt.datetime(2005, 3, 1), 1, "井下中央变电所",
     "MAC050123"),
    ("DJ-001", "隔爆电机", "电机", "YB160M-4", "11kW 660V", dt.datetime(2008, 6, 15), 2, "1201综采工作面", "MAD080001"),
    ("DJ-002", "隔爆电机", "隔爆电机", "YBK-250M-4", "55kW 660/1140V", dt.datetime(2010, 1, 10), 1,
     "井下+450水平运输大巷", "MAD100002"),
    ("DJ-003", "隔爆电机", "电机", "YB250M-4", "55kW 660/1140V", dt.datetime(2009, 5, 1), 1, "井下1202运输顺槽", ""),
    ("DJ-004", "防爆电机", "电机", "BJO2-52-4", "10kW/380V", dt.datetime(1995, 7, 1), 1, "1201回风巷", ""),
    ("DL-001", "铝芯电力电缆", "电缆", "VLV-3×35", "", dt.datetime(2003, 1, 1), 1, "井下采区变电所", ""),
    ("ZJ-001", "液压支架", "支架", "ZY3-3200/17/35", "", dt.datetime(2004, 9, 1), 80, "1201综采工作面", "MAH040001"),
    ("TS-001", "矿井提升机", "提升机", "KJ1600/1220", "", dt.datetime(2001, 4, 1), 1, "主井提升机房", ""),
    ("BY-001", "移动变电站", "移变", "KBSGZY-1000/10", "1000kVA 10/0.69kV", dt.datetime(2012, 8, 1), 1,
     "井下中央变电所", "MAB120007"),
    ("QT-001", "掘锚一体机", "掘锚机", "EJM340/4-2", "", dt.datetime(2018, 3, 1), 1, "1203掘进工作面", ""),
]
BAD = [
    ("BY-002", "矿用变压器", "矿用变压器", "KBSG-400/10", "400kW", dt.datetime(2011, 1, 1), 1, "井下采区变电所", ""),
    ("DJ-005", "", "电机", "YBK2-200L-4", "30kW 660V", dt.datetime(2015, 1, 1), 1, "井下", ""),
    ("DJ-006", "隔爆电机", "电机", "YB2-132S-4", "7.5kW 660V", "去年", 1, "井下", ""),
]


def _mine_ledger(path: Path) -> Path:
    """The workbook as a mine's 机电科 keeps it: a title row, its own headers, real Excel dates."""
    wb = openpyxl.Workbook()
    info = wb.active
    info.title = "企业信息"
    for key, value in (("统一社会信用代码", CREDIT), ("企业名称", "柳林县某煤业有限公司"), ("行政区划代码", "141125"),
                       ("行业代码", "B0610"), ("矿井类型", "井工矿")):
        info.append([key, value])
    ws = wb.create_sheet("机电设备台账")
    ws.append(["柳林县某煤业有限公司 机电设备台账（2026年11月）"])
    ws.append(HEADERS)
    for n, row in enumerate(GOOD + BAD, start=1):
        ws.append([n, *row[:8], row[8] or None, ""])
        if isinstance(row[5], dt.datetime):
            ws.cell(row=ws.max_row, column=7).number_format = "yyyy-mm-dd"
    wb.save(path)
    return path


def _findings(engine: sa.Engine) -> dict[str, dict[str, Finding]]:
    with Session(engine) as s:
        units = {u.id: u.asset_no for u in s.exec(select(Equipment))}
        out: dict[str, dict[str, Finding]] = {}
        for f in s.exec(select(Finding)):
            out.setdefault(units[f.equipment_id], {})[f.rule_id] = f
        return out


def test_mine_ledger_imports_with_its_own_headers_and_words(engine: sa.Engine, tmp_path: Path) -> None:
    path = _mine_ledger(tmp_path / "机电设备台账.xlsx")
    assert openpyxl.load_workbook(path)["机电设备台账"]["G3"].is_date  # a real Excel date under 制造日期
    with session_scope(engine) as s:
        report = import_ledger(s, path, today=TODAY)
    assert (report.unknown_columns, report.serial_columns) == ([], ["序号"])
    assert report.accepted == len(GOOD)
    rejected = {r.row: r.errors for r in report.rejected}
    assert set(rejected) == {3 + len(GOOD), 4 + len(GOOD), 5 + len(GOOD)}
    by_row = list(rejected.values())
    assert "额定参数" in by_row[0]["rated_parameters"] and "400kW" in by_row[0]["rated_parameters"]
    assert "kVA" in by_row[0]["rated_parameters"]  # names the unit expected
    assert "设备名称" in by_row[1]["name"] and "年份" in by_row[2]["year_made"]
    warned = {(w.row, w.field) for w in report.warnings}
    assert (12, "category") in warned and (3, "rated_parameters") in warned  # 掘锚机, and 400 A has no field

    with Session(engine) as s:
        units = {u.asset_no: u for u in s.exec(select(Equipment))}
        assert s.exec(select(Enterprise.mine_type)).one() == "underground"
    assert units["KD-001"].category == "mine_switchgear" and units["KD-001"].ma_number == "MAC050123"
    assert units["KD-001"].year_made == 2005 and units["KD-001"].location == "井下中央变电所"
    assert units["ZJ-001"].category == "hydraulic_support" and units["ZJ-001"].quantity == 80
    assert (units["BY-001"].category, units["BY-001"].capacity_kva, units["BY-001"].voltage_kv) == ("mobile_substation", 1000, 10)
    assert (units["DJ-002"].rated_power_kw, units["DJ-002"].voltage_kv) == (55, 1.14)
    assert (units["QT-001"].category, units["QT-001"].category_word) == ("other", "掘锚机")
    assert units["KD-001"].value_sources["underground_coal_mine"] == "location"
    assert units["TS-001"].value_sources["underground_coal_mine"] == "mine_type"  # a surface hoist of a 井工矿
    assert all(u.underground_coal_mine for u in units.values())

    found = _findings(engine)
    decided = {(unit, rule): f.deadline_label for unit, fs in found.items() for rule, f in fs.items()
               if f.outcome == "match"}
    for unit, rule in (("KD-001", "coal-b1-1"), ("DJ-004", "coal-b1-6"), ("DL-001", "coal-b1-17"),
                       ("ZJ-001", "coal-b1-10"), ("TS-001", "coal-b1-7")):
        assert decided.get((unit, rule)) == "立即", (unit, rule, found.get(unit, {}).keys())
    # explosion-proof motors decided from the voltage in 额定参数: 660 V is within YB's 660 V and below,
    # 660/1140 V is a YBK motor's rating and beyond YB's
    assert decided.get(("DJ-001", "ind2024-motor-yb")) == "立即"
    assert decided.get(("DJ-002", "ind2024-motor-ybk")) == "立即"
    assert "ind2024-motor-yb" not in found.get("DJ-003", {})
    assert not any(f.outcome == "cannot_decide" and "underground_coal_mine" in f.missing_fields
                   for fs in found.values() for f in fs.values())


_MINE_FIELDS = ("category", "category_word", "location", "ma_number", "underground_coal_mine", "value_sources",
                "rated_power_kw", "capacity_kva", "voltage_kv", "year_made", "quantity")


def test_a_mine_ledger_survives_the_survey_package(engine: sa.Engine, tmp_path: Path) -> None:
    """What the mine's ledger gave (and what was read from it) reaches the county unchanged."""
    with session_scope(engine) as s:
        import_ledger(s, _mine_ledger(tmp_path / "机电设备台账.xlsx"), today=TODAY)
    with Session(engine) as s:
        enterprise = s.exec(select(Enterprise)).one()
        package = export_package(s, enterprise, tmp_path / "mine.zip", period="2026-11")
        sent = {u.asset_no: {f: getattr(u, f) for f in _MINE_FIELDS} for u in s.exec(select(Equipment))}
    county = open_database(f"sqlite:///{tmp_path / 'county.sqlite'}")
    with session_scope(county) as s:
        report = import_package(s, package)
    assert report.accepted == len(GOOD) and not report.rejected
    with Session(county) as s:
        received = {u.asset_no: {f: getattr(u, f) for f in _MINE_FIELDS} for u in s.exec(select(Equipment))}
        assert s.exec(select(Enterprise.mine_type)).one() == "underground"
    county.dispose()
    assert received == sent


def test_an_open_pit_mine_registered_by_cli_uses_nothing_underground(tmp_path: Path, capsys) -> None:
    """The mine type stored on the enterprise (enterprise add --mine-type) decides for a CSV ledger
    whose places say nothing; a place naming an underground working still says underground."""
    import json

    from equipinv.cli import main
    from equipinv.cli_support import STATE

    db = str(tmp_path / "mine.sqlite")
    credit = make_credit_code("91140600MA0L2P8Q5")
    STATE._engine = None
    assert main(["--db", db, "init"]) == 0 and capsys.readouterr()  # only init creates a ledger
    STATE._engine = None
    assert main(["--db", db, "enterprise", "add", "--credit-code", credit, "--name", "朔州某露天煤矿",
                 "--region", "140600", "--industry", "B0610", "--mine-type", "露天矿", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["mine_type"] == "open_pit"
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("设备编码,名称,类型,规格型号,使用地点\nGD-1,铝芯电力电缆,电缆,VLV-3×35,采场配电点\n"
                      "GD-2,铝芯电力电缆,电缆,VLV-3×70,井下临时水仓\n", encoding="utf-8")
    STATE._engine.dispose()
    STATE._engine = None
    assert main(["--db", db, "import", str(ledger), "--enterprise", credit, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["accepted"] == 2
    engine = STATE.engine()
    with Session(engine) as s:
        units = {u.asset_no: u for u in s.exec(select(Equipment))}
    assert (units["GD-1"].underground_coal_mine, units["GD-1"].value_sources) == (
        False, {"underground_coal_mine": "mine_type"})
    assert (units["GD-2"].underground_coal_mine, units["GD-2"].value_sources) == (
        True, {"underground_coal_mine": "location"})
    found = _findings(engine)
    assert "coal-b1-17" not in found.get("GD-1", {}) and found["GD-2"]["coal-b1-17"].outcome == "match"
    STATE._engine.dispose()
    STATE._engine = None
