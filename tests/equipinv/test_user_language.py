"""What users read on the demo ledger: Chinese names, one set of counts, dated documents, page counts.

Every command a user runs on the demo is scanned for internal names (snake_case field names, rule ids); the
console, the list and the summary state the same elimination figures in rows and pieces; `equipment show`
follows the TUI's unit page; the documents the demo writes are dated the day it runs and end with the
sign-off block; `report` says how many pages or sheets it wrote; a county's plan binds only its enterprises.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from sqlmodel import Session, select

import catalog
from catalog.facts import region_prefix
from equipinv.config import Config
from equipinv.db import open_database
from equipinv.models import Enterprise, Equipment, Finding

SNAKE = re.compile(r"(?<![A-Za-z0-9.])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![A-Za-z0-9])")
RULE_ID = re.compile(r"(?<![A-Za-z0-9])[a-z]+[0-9]*(?:-[a-z0-9]+){2,}(?![A-Za-z0-9])")
PATH = re.compile(r"\S*/\S*")
XIAOYI = "孝义市金晖焦化有限公司"

COMMANDS = (
    ("check",), ("grade",), ("recommend", "--all"), ("plan", "--budget", "2027=5e6,2028=3e6"),
    ("lists", "elimination", "--all"), ("lists", "renewal", "--all"), ("lists", "demand", "--all"),
    ("lists", "current_state", "--all"), ("lists", "new_project", "--all"),
    ("rollup", "--region", "140000", "--by", "region"), ("rollup", "--region", "141100", "--by", "industry"),
    ("equipment", "show", "-e", XIAOYI, "DJ-0001"), ("equipment", "show", "-e", XIAOYI, "BY-0001"),
    ("match", "motor", "model=Y132S1-2", "made=2001"),
)


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables are not wrapped, so a name cannot hide by being broken across lines."""
    monkeypatch.setenv("COLUMNS", "400")


def internal_names(text: str) -> list[str]:
    text = PATH.sub(" ", text)
    return sorted(set(SNAKE.findall(text)) | set(RULE_ID.findall(text)))


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_no_internal_name_reaches_the_screen(run_demo, args: tuple[str, ...]) -> None:
    code, out, err = run_demo(*args)
    assert code == 0, err
    assert out.strip()
    assert internal_names(out + err) == [], (out + err)[:2000]


def test_the_scan_finds_what_it_looks_for() -> None:
    assert internal_names("缺少 benchmark_level；规则 miit-b2-1-1；负载率") == ["benchmark_level", "miit-b2-1-1"]
    assert internal_names("写出 /tmp/pytest-of-root/x_y.pdf，2027 年 800 万元") == []


def test_plan_states_its_budgets_as_people_write_them(run_demo) -> None:
    code, out, err = run_demo("plan", "--budget", "2027=5e6,2028=3.5e6")
    assert code == 0, err
    assert "预算 2027 年 500 万元、2028 年 350 万元" in out and "目标 净现值最大" in out


def plan_region(rule_id: str) -> str:
    """The digits a unit's region must start with for `rule_id` to bind it ("" for a national rule)."""
    spec = catalog.rule_by_id(rule_id)
    return region_prefix(spec.document.region) if spec is not None and spec.document.region else ""


def test_equipment_show_reads_like_the_unit_page(run_demo, demo_ledger: Path) -> None:
    from equipinv.services.context import Context
    from equipinv.services.units import load_unit
    from equipinv.unit_page import sections

    code, out, err = run_demo("equipment", "show", "-e", XIAOYI, "DJ-0001")
    assert code == 0, err
    headings = re.findall(r"^【(.+)】$", out, flags=re.M)
    labels = [line.split()[0] for line in out.splitlines() if line.startswith("  ")]
    engine = open_database(str(demo_ledger))
    try:
        view = load_unit(Context.on(engine, Config(), dt.date.today()), (XIAOYI, "DJ-0001"))
        expected = sections(view, dt.date.today())
    finally:
        engine.dispose()
    assert headings == [title for title, _lines in expected]
    assert labels == [line.label for _t, lines in expected for line in lines]
    assert headings[:3] == ["基本信息", "技术参数", "能效分级"]
    assert labels[:4] == ["企业", "类别", "型号", "生产厂家"] and "asset_no:" not in out


def test_report_says_how_many_pages_or_sheets(run_demo, tmp_path: Path) -> None:
    pdf, xlsx = tmp_path / "e.pdf", tmp_path / "e.xlsx"
    code, out, err = run_demo("report", "elimination", "-f", "pdf", "-o", str(pdf))
    assert code == 0, err
    pages = len(PdfReader(pdf).pages)
    assert re.search(rf"（{pages} 页，\d+ 行）", out), out
    code, out, err = run_demo("report", "elimination", "-f", "xlsx", "-o", str(xlsx))
    assert code == 0, err
    assert re.search(r"（1 个工作表（设备淘汰清单），\d+ 行）", out), out


def test_a_local_plan_binds_only_its_own_enterprises(demo_ledger: Path) -> None:
    """沁水县's, 吕梁市's, 朔州市's and 山西省's plans are cited only for enterprises inside them (the demo has
    enterprises in 柳林县, 孝义市, 文水县 and 沁水县 of Shanxi and one in Hebei)."""
    engine = open_database(str(demo_ledger))
    seen_local = 0
    try:
        with Session(engine) as s:
            rows = s.execute(select(Finding.rule_id, Enterprise.region_code)
                             .join(Equipment, Equipment.id == Finding.equipment_id)  # type: ignore[arg-type]
                             .join(Enterprise, Enterprise.id == Equipment.enterprise_id)).all()  # type: ignore[arg-type]
            hebei = s.exec(select(sa.func.count()).select_from(Enterprise)
                           .where(Enterprise.region_code.startswith("13"))).one()  # type: ignore[attr-defined]
    finally:
        engine.dispose()
    assert hebei == 1
    for rule_id, region in rows:
        prefix = plan_region(rule_id)
        if prefix:
            seen_local += 1
            assert region.startswith(prefix), (rule_id, region)
    assert seen_local > 0


def test_demo_dates_its_documents_today_and_states_one_set_of_counts(cli, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    code, out, err = cli("demo", "--out", str(out_dir))
    assert code == 0, err
    today = dt.date.today()
    assert len(out.splitlines()) < 40, "a short summary, not the tables"
    assert out.rstrip().splitlines()[-1].startswith("全部清单（XLSX）：")
    line = next(ln for ln in out.splitlines() if ln.startswith("设备淘汰清单："))
    rows, pieces = map(int, re.search(r"设备淘汰清单：(\d+) 行、(\d+) 台（套）", line).groups())
    code, listed, err = cli("lists", "elimination", "--json")
    document = json.loads(listed)
    list_rows = [r for s in document["sections"] for r in s["rows"]]
    assert (rows, pieces) == (len(list_rows), sum(r["quantity"] for r in list_rows)) and pieces > rows
    by_kind = dict(re.findall(r"([^，；：\s]+?) (\d+) 行、\d+ 台(?!（)", line.split("其中", 1)[1]))
    assert sum(map(int, by_kind.values())) == rows
    summary = "".join(p.extract_text() for p in PdfReader(out_dir / "汇总报告.pdf").pages)
    squashed = "".join(summary.split())
    assert f"{rows}行、{pieces}台（套）" in squashed
    for path in (out_dir / "设备淘汰清单.pdf", out_dir / "汇总报告.pdf"):
        text = "".join("".join(p.extract_text().split()) for p in PdfReader(path).pages)
        assert f"填报日期：{today.year}年{today.month}月{today.day}日" in text, path.name
        assert "审核人：" in text
    assert f"计算至{today.isoformat()}" in "".join(
        "".join(p.extract_text().split()) for p in PdfReader(out_dir / "设备淘汰清单.pdf").pages)


def test_regional_rules_in_the_matcher() -> None:
    """One pressure vessel, 25 years in service, in three places: 沁水县's rule for 沁水县 only."""
    unit = dict(category="pressure_vessel", commissioning_date=dt.date(2000, 1, 1), design_life_years=20.0)
    rule_ids = {r: {f.rule_id for f in catalog.match_unit(catalog.UnitFacts(region_code=r, **unit),
                                                          as_of=dt.date(2026, 1, 1))}
                for r in ("140521", "141125", None)}
    assert "pressure-vessel-design-life" in rule_ids["140521"]
    assert "pressure-vessel-design-life" not in rule_ids["141125"]
    assert "pressure-vessel-design-life" in rule_ids[None]  # region unknown (a described unit): not excluded
    columns = catalog.columns_from_units([catalog.UnitFacts(region_code=r, **unit) for r in ("140521", "141125")])
    arrays = catalog.match_arrays(columns, as_of=dt.date(2026, 1, 1))
    found = {(i, f.rule_id) for i, f in arrays.findings()}
    assert (0, "pressure-vessel-design-life") in found and (1, "pressure-vessel-design-life") not in found


def test_check_states_the_elimination_lists_own_counts_up_to_a_size(run_demo, monkeypatch: pytest.MonkeyPatch) -> None:
    """`check` counts the elimination list as the list itself does; above `COUNTED_IN_CHECK` units it does
    not read the ledger a second time."""
    from equipinv.commands import check_cmds

    code, out, err = run_demo("check")
    assert code == 0, err
    counted = next(ln for ln in out.splitlines() if ln.startswith("设备淘汰清单："))
    code, listed, err = run_demo("lists", "elimination", "--json")
    sections = json.loads(listed)["sections"]
    rows = [r for s in sections for r in s["rows"]]
    assert counted.startswith(f"设备淘汰清单：{len(rows)} 行、{sum(r['quantity'] for r in rows)} 台（套），其中")
    for section in sections:
        kind = section["title"].rsplit("（", 1)[0]
        assert f"{kind} {len(section['rows'])} 行" in counted
    monkeypatch.setattr(check_cmds, "COUNTED_IN_CHECK", 10)
    code, out, err = run_demo("check")
    assert code == 0, err
    assert "设备淘汰清单：" not in out and "运行 equipinv lists elimination 查看" in out
