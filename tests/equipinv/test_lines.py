"""Production lines graded against 标杆/基准: the grader against the data file, the capacity-weighted shares on
hand-counted lines (SQLite and PostgreSQL), bad input, and the commands on a fresh ledger and on the demo.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from equipinv.cli import main
from equipinv.cli_support import STATE
from equipinv.codes import make_credit_code
from equipinv.line_benchmarks import grade_line, line_kinds
from equipinv.models import Enterprise, ProductionLine
from equipinv.production_lines import add_line, validate_line
from equipinv.targets import assess_targets
from equipinv.validation import ValidationFailed

DATA_FILE = Path(__file__).parents[2] / "equipinv" / "data" / "line_benchmarks.csv"
TODAY = dt.date(2026, 12, 3)


def _data_row(kind: str) -> dict[str, str]:
    with DATA_FILE.open(encoding="utf-8") as f:
        [row] = [r for r in csv.DictReader(ln for ln in f if not ln.startswith("#")) if r["kind"] == kind]
    return row


def test_top_charged_coke_oven_graded_against_the_values_in_the_data_file() -> None:
    row = _data_row("coke_top_charged")
    # hand-checked: GB 21342-2025 表1 顶装焦炉 1级 110 / 3级 135 kgce/t; the 2023 document's columns are empty
    assert (row["doc_benchmark"], row["doc_baseline"], row["grade_1"], row["grade_3"]) == ("", "", "110", "135")
    assert [grade_line("coke_top_charged", v, 2025).level for v in (104.0, 110.0, 110.5, 135.0, 135.1)] == [
        "benchmark", "benchmark", "between", "between", "below_baseline"]
    below = grade_line("coke_top_charged", 141.0, 2025)
    assert below.label == "低于基准" and below.baseline == 135 and below.benchmark == 110
    assert below.deadline == "2025年底前完成技术改造或淘汰退出（煤制焦炭领域）"
    assert "未能核实" in (below.basis or "") and "GB 21342-2025" in (below.basis or "")
    assert grade_line("coke_top_charged", 120.0, 2025).deadline is None


def test_clinker_and_converter_follow_their_own_rows() -> None:
    assert (_data_row("cement_clinker")["grade_1"], _data_row("cement_clinker")["grade_3"]) == ("100", "117")
    assert grade_line("cement_clinker", 109.0, 2025).label == "基准与标杆之间"
    # converters recover more energy than they use: negative figures, lower is still better
    assert (_data_row("converter")["grade_1"], _data_row("converter")["grade_3"]) == ("-30", "-12")
    assert [grade_line("converter", v, 2025).level for v in (-31.0, -20.0, -5.0)] == [
        "benchmark", "between", "below_baseline"]
    clinker_below = grade_line("cement_clinker", 120.0, 2025)
    assert clinker_below.level == "below_baseline" and "deadline not sourced" in (clinker_below.deadline or "")


def test_a_kind_without_values_is_not_graded_and_says_so() -> None:
    grade = grade_line("lime", 100.0, 2025)
    assert grade.level is None and grade.label.startswith("cannot grade: value missing for lime")
    assert grade_line("cement_clinker", None, None).missing.startswith("未填单位产品能耗")
    assert all(k.limit_read_at for k in line_kinds().values() if k.grades[0] is not None)


@pytest.mark.parametrize("field, value, words", [
    ("capacity_t_a", "50 t/h", ["产能", "t/a", "t/h", "capacity_t_a"]),
    ("capacity_t_a", "2000 t/d", ["产能", "t/a", "t/d"]),
    ("unit_energy_kgce_t", "1280", ["单位产品能耗", "80～250", "coke_top_charged"]),
    ("unit_energy_kgce_t", "128 kWh/t", ["kgce/t", "kWh/t"]),
    ("kind", "coke", ["生产线类型", "coke_top_charged"]),
])
def test_bad_input_names_the_field_and_what_is_expected(field: str, value: str, words: list[str]) -> None:
    raw = {"name": "1号焦炉", "kind": "coke_top_charged", "capacity_t_a": "60万吨/年", "unit_energy_kgce_t": "128",
           "energy_year": "2025"} | {field: value}
    with pytest.raises(ValidationFailed) as exc:
        validate_line(raw, today=TODAY)
    assert [e.field for e in exc.value.errors] == [field]
    assert all(w in str(exc.value) for w in words)


def test_capacity_units_and_the_year_an_energy_figure_needs() -> None:
    base = {"name": "熟料线", "kind": "cement_clinker", "unit_energy_kgce_t": "109 kgce/t", "energy_year": "2025"}
    for text, tonnes in (("77.5万吨/年", 775_000.0), ("775000 t/a", 775_000.0), ("775000", 775_000.0)):
        assert validate_line(base | {"capacity_t_a": text}, today=TODAY)["capacity_t_a"] == pytest.approx(tonnes)
    with pytest.raises(ValidationFailed) as exc:
        validate_line({k: v for k, v in base.items() if k != "energy_year"} | {"capacity_t_a": "1"}, today=TODAY)
    assert [e.field for e in exc.value.errors] == ["energy_year"]


def _enterprise(session: Session, prefix: str, region: str, industry: str) -> Enterprise:
    e = Enterprise(credit_code=make_credit_code(prefix), name=f"企业{prefix[-3:]}", region_code=region,
                   industry_code=industry)
    session.add(e)
    session.flush()
    return e


def test_capacity_weighted_shares_on_hand_counted_lines(engine: sa.Engine) -> None:
    with Session(engine) as session:
        cement = _enterprise(session, "91130705MA0LNEX01", "130705", "3011")  # 建材: key industry of Zhangjiakou
        steel = _enterprise(session, "91130705MA0LNEX02", "130705", "3110")   # 钢铁: key industry
        coke = _enterprise(session, "91130705MA0LNEX03", "130705", "2521")    # 炼焦: not in Zhangjiakou's list
        for owner, name, kind, cap, energy in (
            (cement, "熟料线", "cement_clinker", "77.5万吨/年", "98"),        # ≤ 100: 标杆
            (steel, "1号高炉", "blast_furnace", "200万吨/年", "380"),         # 361 < 380 ≤ 415: between
            (steel, "1号转炉", "converter", "150万吨/年", "-5"),              # -5 > -12: below 基准
            (steel, "石灰窑", "lime", "10万吨/年", "100"),                    # no values: ungraded
            (coke, "1号焦炉", "coke_stamp_charged", "100万吨/年", "110"),     # 标杆, but not a key industry
        ):
            add_line(session, owner, {"name": name, "kind": kind, "capacity_t_a": cap, "unit_energy_kgce_t": energy,
                                      "energy_year": "2025"}, today=TODAY)
        session.commit()
        report = assess_targets(session, "130700", TODAY)
    by_metric = {s.target.metric: s for s in report.statuses}
    share = by_metric["benchmark_capacity_share"]
    assert share.result.value == pytest.approx(77.5 / 427.5) and share.status == "not_met"
    assert share.result.denominator == pytest.approx(4_275_000)
    baseline = by_metric["baseline_capacity_share"]
    assert baseline.result.value == pytest.approx(277.5 / 427.5) and baseline.target.threshold == 1.0
    assert "全部达到基准水平以上" in baseline.target.quote
    assert "1号转炉" in baseline.result.note and "2025年底前" in baseline.result.note
    assert "1 条生产线未分级" in baseline.result.note
    # the region's own line summary counts every industry, the coke plant too
    assert report.lines.graded == pytest.approx(5_275_000) and report.lines.at_benchmark == pytest.approx(1_775_000)
    assert [line.name for line, _, _ in report.lines.below_baseline] == ["1号转炉"]


@pytest.fixture
def run(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    db = str(tmp_path / "lines.sqlite")
    STATE._engine = None
    assert main(["--db", db, "init"]) == 0  # only init creates a ledger
    capsys.readouterr()

    def invoke(*args: str) -> tuple[int, str, str]:
        STATE._engine = None
        code = main(["--db", db, *args])
        out, err = capsys.readouterr()
        return code, out, err

    yield invoke, db
    if STATE._engine is not None:
        STATE._engine.dispose()
    STATE._engine = None


def test_cli_adds_lists_and_refuses_lines(run) -> None:
    invoke, db = run
    assert invoke("enterprise", "add", "--credit-code", make_credit_code("91141181MA0LNEX04"), "--name", "测试焦化",
                  "--region", "141181", "--industry", "C2521")[0] == 0
    code, out, err = invoke("line", "add", "-e", "测试焦化", "name=2号焦炉", "kind=coke_top_charged",
                            "capacity_t_a=40万吨/年", "unit_energy_kgce_t=141", "energy_year=2025",
                            "commissioning_date=2004-05", "--json")
    assert code == 0, err
    added = json.loads(out)
    assert added["level_label"] == "低于基准" and added["capacity_t_a"] == 400_000 and "glmsg" in added["deadline_source"]
    code, _, err = invoke("line", "add", "-e", "测试焦化", "name=3号焦炉", "kind=coke_top_charged",
                          "capacity_t_a=50 t/h", "unit_energy_kgce_t=120", "energy_year=2025")
    assert code == 2 and "产能" in err and "t/a" in err and err.count("\n") == 1
    code, _, err = invoke("line", "add", "-e", "测试焦化", "name=2号焦炉", "kind=coke_top_charged",
                          "capacity_t_a=10万吨/年")
    assert code == 2 and "已存在" in err
    code, out, _ = invoke("line", "list", "--json")
    assert code == 0 and [r["name"] for r in json.loads(out)] == ["2号焦炉"]  # nothing of the refused lines stored
    code, out, _ = invoke("line", "list", "-e", "测试焦化")
    assert code == 0 and "低于基准" in out and "发现：测试焦化2号焦炉" in out and "GB 21342-2025" in out
    code, out, _ = invoke("targets", "--region", "141100")
    assert code == 0 and "生产线（工序）：已分级 1 条" in out and "低于基准 135" in out
    engine = sa.create_engine(f"sqlite:///{db}")
    with Session(engine) as session:
        assert len(session.exec(select(ProductionLine)).all()) == 1
    engine.dispose()


def test_demo_lines_in_the_targets_of_luliang_and_zhangjiakou(run_demo) -> None:
    code, out, err = run_demo("targets", "--region", "141100", "--json")
    assert code == 0, err
    lines = json.loads(out)["production_lines"]
    # demo: coke ovens 60 (132, between) + 40 (141, below) + 100 (112, 标杆) 万t/a, clinker 77.5 (109, between)
    assert lines["graded_lines"] == 4 and lines["graded_capacity_t_a"] == pytest.approx(2_775_000)
    assert lines["benchmark_capacity_t_a"] == pytest.approx(1_000_000)
    assert lines["baseline_or_better_capacity_t_a"] == pytest.approx(2_375_000)
    assert [b["line"] for b in lines["below_baseline"]] == ["2号焦炉（4.3米顶装）"]
    code, out, _ = run_demo("targets", "--region", "130700")
    assert code == 0 and "工业重点领域标杆水平产能比例" in out and "能效达到基准水平以上的产能比例" in out
    code, out, _ = run_demo("line", "list", "-e", "文水县华盛水泥有限公司", "--json")
    assert [r["level_label"] for r in json.loads(out)] == ["基准与标杆之间"]
