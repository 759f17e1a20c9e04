"""On the demo ledger: the elimination list holds every legal elimination and nothing else, the renewal
list the plan's encouraged renewals, and each finding kind goes from `check` through the list,
mark-done with its disposal and verify into the bulletin; bad closure input is refused, nothing stored.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from sqlmodel import Session, col, select

from equipinv.db import make_engine
from equipinv.elimination_basis import BASIS_KINDS, basis_kind
from equipinv.models import EliminationRecord, Enterprise, Equipment, Finding

DONE = dt.date.today().isoformat()  # the demo's check runs today: nothing can be done before it


def _session(ledger: Path) -> Session:
    return Session(make_engine(f"sqlite:///{ledger}"))


def _legal_units(ledger: Path) -> dict[int, set[str]]:
    """unit id -> the legal kinds of its findings, straight from the finding table."""
    with _session(ledger) as s:
        kinds: dict[int, set[str]] = {}
        for f in s.exec(select(Finding)):
            if kind := basis_kind(f.rule_id, f.catalogue_id, f.kind, f.outcome):
                kinds.setdefault(f.equipment_id, set()).add(kind)
        return kinds


def _list(run_demo, list_id: str) -> dict:
    code, out, _ = run_demo("lists", list_id, "--as-of", "2026-11-22", "--json")
    assert code == 0
    return json.loads(out)


def _key(row: dict) -> tuple:
    return (row["enterprise"], row["equipment_name"], row["model"], row["years_in_service"])


def test_split_legal_from_encouraged(run_demo, demo_ledger: Path) -> None:
    legal = _legal_units(demo_ledger)
    elimination, renewal = _list(run_demo, "elimination"), _list(run_demo, "renewal")
    rows = [r for s in elimination["sections"] for r in s["rows"]]
    assert len(rows) == len(legal)  # every unit a law condemns, planned or not
    strongest = [min(kinds, key=list(BASIS_KINDS).index) for kinds in legal.values()]
    for section in elimination["sections"]:
        label = section["title"].split("（")[0] if not section["title"].startswith("排放") else "排放标准淘汰（营运货车）"
        kind = next(k for k, v in BASIS_KINDS.items() if v == label)
        assert len(section["rows"]) == strongest.count(kind), kind
        pieces = sum(r["quantity"] for r in section["rows"])
        assert section["title"].endswith(f"（{len(section['rows'])} 行、{pieces} 台）")
        assert {r["basis_kind_label"] for r in section["rows"]} == {label}
    below_access = [u for u, kinds in legal.items() if "below_access" in kinds]
    assert len(below_access) > sum(k == "below_access" for k in strongest)  # some also condemned more strongly
    assert not any("更新计划（" in r["basis"] for r in rows)  # no economic choice is an elimination
    renewal_rows = [r for s in renewal["sections"] for r in s["rows"]]
    assert renewal_rows and all("淘汰" not in r["reason"] or "引导" in r["reason"] for r in renewal_rows)
    assert not {_key(r) for r in rows} & {_key(r) for r in renewal_rows}
    for row in rows:  # issue 12 item 2: every timetable names a year, and says what it rests on
        assert re.match(r"^20\d\d年", row["deadline"]) and "按主管部门规定期限" not in row["deadline"], row
        assert any(w in row["deadline"] for w in ("更新计划", "期限", "立即", "2027年底前"))
        assert "（更新为" not in row["replacement_name"]


def _unit_of_kind(ledger: Path, kind: str) -> tuple[str, str, str]:
    """(credit code, asset no, category) of an open unit whose record has this kind."""
    with _session(ledger) as s:
        unit, enterprise = s.exec(select(Equipment, Enterprise).join(Enterprise)
                                  .join(EliminationRecord, EliminationRecord.equipment_id == Equipment.id)
                                  .where(EliminationRecord.basis_kind == kind, EliminationRecord.status == "planned")
                                  .order_by(Equipment.id)).first()
        return enterprise.credit_code, unit.asset_no, unit.category


def _record(ledger: Path, credit: str, asset: str) -> EliminationRecord:
    with _session(ledger) as s:
        return s.exec(select(EliminationRecord).join(Equipment).join(Enterprise)
                      .where(Enterprise.credit_code == credit, Equipment.asset_no == asset)).one()


def test_each_kind_closes_through_the_loop(run_demo, demo_ledger: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    closed: list[str] = []
    for kind in ("catalogue", "coal_mine", "scrap_age", "emission", "below_access"):
        credit, asset, category = _unit_of_kind(demo_ledger, kind)
        args = ["elimination", "mark-done", asset, "-e", credit, "--evidence", "拆除照片", "--route", "拆解",
                "--recipient", "吕梁市再生资源回收有限公司", "--quantity", "1", "--date", DONE]
        if category in ("truck", "vehicle"):
            code, _, err = run_demo(*args)  # a vehicle without its 报废机动车回收证明 number
            assert code == 2 and "报废机动车回收证明" in err and _record(demo_ledger, credit, asset).status == "planned"
            args += ["--certificate", "晋报废-2026-0031"]
        monkeypatch.setenv("EQUIPINV_USER", "enterprise_clerk")
        code, _, err = run_demo(*args)
        assert code == 0, err
        monkeypatch.setenv("EQUIPINV_USER", "county_zhang")  # the bureau verifies under its own login
        code, _, err = run_demo("elimination", "verify", asset, "-e", credit, "--by", "县工信局 张三", "--date", DONE)
        assert code == 0, err
        closed.append(kind)
    code, out, _ = run_demo("elimination", "disposals", "--json")
    groups = json.loads(out)
    assert [(g["route_label"], g["recipient"], g["records"]) for g in groups] == \
        [("拆解", "吕梁市再生资源回收有限公司", len(closed))]
    assert "晋报废-2026-0031" in groups[0]["certificates"]
    code, out, _ = run_demo("progress", "--as-of", DONE, "--period", "month", "--json")
    by_kind = {r["key"]: r for r in json.loads(out)["by_kind"]}
    assert all(by_kind[k]["verified"] == 1 and by_kind[k]["verified_in_period"] == 1 for k in closed)
    pdf = tmp_path / "月通报.pdf"
    code, _, err = run_demo("report", "progress", "--period", "month", "--as-of", DONE, "-o", str(pdf))
    assert code == 0 and pdf.stat().st_size > 0, err


def test_a_failed_pressure_vessel_becomes_an_elimination(run_demo, demo_ledger: Path) -> None:
    with _session(demo_ledger) as s:
        vessels = s.exec(select(Equipment, Enterprise).join(Enterprise).join(Finding)
                         .where(Finding.rule_id == "pressure-vessel-design-life", Finding.outcome == "match")
                         .order_by(Equipment.id)).all()
    (failed, e1), (passed, e2) = vessels[0], vessels[1]
    before = len([r for s in _list(run_demo, "elimination")["sections"] for r in s["rows"]])
    code, _, err = run_demo("elimination", "assess", passed.asset_no, "-e", e2.credit_code, "--outcome", "pass",
                            "--assessor", "山西省特检院", "--date", "2026-11-23")
    assert code == 2 and "下次评估日期" in err  # a pass must name its next review
    code, _, err = run_demo("elimination", "assess", passed.asset_no, "-e", e2.credit_code, "--outcome", "pass",
                            "--assessor", "山西省特检院", "--date", "2026-11-23", "--next-review", "2029-11-23")
    assert code == 0, err
    code, _, err = run_demo("elimination", "assess", failed.asset_no, "-e", e1.credit_code, "--outcome", "replace",
                            "--assessor", "山西省特检院", "--date", "2026-11-23", "--report-no", "TJ-77")
    assert code == 0, err
    sections = _list(run_demo, "elimination")["sections"]
    assert sum(len(s["rows"]) for s in sections) == before + 1
    failed_rows = next(s["rows"] for s in sections if s["title"].startswith("安全评估不合格"))
    assert len(failed_rows) == 1 and "安全风险评估不合格" in failed_rows[0]["basis"]
    assert failed_rows[0]["replacement_name"] == "符合现行安全技术规范的新压力容器"
    assert _record(demo_ledger, e1.credit_code, failed.asset_no).basis_kind == "safety_failed"


def test_bad_closure_input_is_refused_and_nothing_stored(run_demo, demo_ledger: Path) -> None:
    credit, asset, _category = _unit_of_kind(demo_ledger, "below_access")
    base = ["elimination", "mark-done", asset, "-e", credit, "--evidence", "照片", "--quantity", "1"]
    future = (dt.date.today() + dt.timedelta(days=5)).isoformat()
    cases = [
        ([*base, "--route", "拆解", "--recipient", " ", "--date", DONE], "接收单位"),
        ([*base, "--route", "烧掉", "--recipient", "某站", "--date", DONE], '处置方式 "烧掉"'),
        ([*base, "--route", "拆解", "--recipient", "某站", "--date", future], f'完成日期 "{future}"'),
        ([*base, "--route", "拆解", "--recipient", "某站", "--date", "2026-11-01"], '完成日期 "2026-11-01" 早于'),
        (["elimination", "verify", asset, "-e", credit, "--by", "张三"], "须先报告已完成"),
    ]
    for args, message in cases:
        code, out, err = run_demo(*args)
        assert code == 2 and message in err and out == "", (args, err)
        assert len(err.strip().splitlines()) == 1 and "(error:" in err
        assert _record(demo_ledger, credit, asset).status == "planned"
    with _session(demo_ledger) as s:
        clean = s.exec(select(Equipment, Enterprise).join(Enterprise)
                       .outerjoin(EliminationRecord, EliminationRecord.equipment_id == Equipment.id)
                       .where(col(EliminationRecord.id).is_(None))
                       .order_by(Equipment.id)).first()
    unit, enterprise = clean
    code, _, err = run_demo("elimination", "mark-done", unit.asset_no, "-e", enterprise.credit_code, "--evidence", "x",
                            "--route", "拆解", "--recipient", "某站", "--quantity", "1", "--date", DONE)
    assert code == 2 and "没有淘汰记录" in err


def test_a_hazchem_process_confirmed_by_hand_closes_like_the_others(run_demo, demo_ledger: Path) -> None:
    with _session(demo_ledger) as s:
        unit, enterprise = s.exec(select(Equipment, Enterprise).join(Enterprise)
                                  .outerjoin(EliminationRecord, EliminationRecord.equipment_id == Equipment.id)
                                  .where(Equipment.category == "other", col(EliminationRecord.id).is_(None))
                                  .order_by(Equipment.id)).first()
    args = ["elimination", "confirm", unit.asset_no, "-e", enterprise.credit_code, "--by", "县应急局 李四"]
    code, _, err = run_demo(*args, "--rule", "hazchem-draft2-3")  # a draft is never a legal basis
    assert code == 2 and "hazchem-draft2-3" in err
    code, out, err = run_demo(*args, "--rule", "hazchem-b1-2", "--json")
    assert code == 0, err
    assert "应急厅〔2020〕38号" in json.loads(out)["citation"]
    code, _, _ = run_demo("check")  # a re-check keeps what a person confirmed
    rows = [r for s in _list(run_demo, "elimination")["sections"] if s["title"].startswith("危化品淘汰目录")
            for r in s["rows"]]
    assert [r["equipment_name"] for r in rows] == [unit.name]
    record = _record(demo_ledger, enterprise.credit_code, unit.asset_no)
    assert (record.basis_kind, record.status) == ("hazchem", "planned")
    code, _, err = run_demo("elimination", "mark-done", unit.asset_no, "-e", enterprise.credit_code, "--evidence",
                            "工艺停用拆除记录", "--route", "拆解", "--recipient", "某危废处置中心", "--weight-t", "2.5",
                            "--date", DONE)
    assert code == 0, err


def test_a_plan_text_is_cited_as_replacement_only_inside_its_region(run_demo, demo_ledger: Path) -> None:
    """Issue 21 item 6: the default replacement class of catalogue rows cites 吕梁's 任务(4) for 孝义 (141181),
    Shanxi's plan for 沁水 (140521) and, for the Hebei enterprise (张家口宣化, 130705), the national basis."""
    rows = [r for s in _list(run_demo, "elimination")["sections"] for r in s["rows"]]
    by_enterprise: dict[str, set[str]] = {}
    for r in rows:
        if r["replacement_name"].startswith("更换为同类高效设备"):
            by_enterprise.setdefault(r["enterprise"], set()).add(r["replacement_name"])
    hebei = by_enterprise["张家口宣化恒达机械制造有限公司"]
    assert hebei and all("发改环资规〔2024〕127号" in t and "吕梁" not in t and "山西" not in t for t in hebei)
    assert all("《吕梁市" in t for t in by_enterprise["孝义市金晖焦化有限公司"])
    assert all("晋政发〔2024〕10号" in t and "吕梁" not in t for t in by_enterprise.get("沁水县城镇供水公司", ()))
    with _session(demo_ledger) as s:  # what is stored, as `check` and the unit page read it
        stored = s.exec(select(Finding.replacement).join(Equipment, col(Equipment.id) == Finding.equipment_id)
                        .join(Enterprise, col(Enterprise.id) == Equipment.enterprise_id)
                        .where(Enterprise.region_code == "130705")).all()
    assert stored and not any("吕梁" in (t or "") for t in stored)


def test_a_row_confirmed_by_hand_cites_the_replacement_basis_of_its_region(run_demo, demo_ledger: Path) -> None:
    """The same rule for a catalogue row only a person judges: confirmed on the Hebei enterprise's motor, the
    stored finding's replacement cites the national basis, not 吕梁's plan."""
    with _session(demo_ledger) as s:
        unit, enterprise = s.exec(select(Equipment, Enterprise).join(Enterprise)
                                  .where(Equipment.category == "motor", Enterprise.region_code == "130705")
                                  .order_by(Equipment.id)).first()
    code, _, err = run_demo("elimination", "confirm", unit.asset_no, "-e", enterprise.credit_code, "--by", "县工信局 王五",
                            "--rule", "miit-b1-1-2")
    assert code == 0, err
    with _session(demo_ledger) as s:
        stored = s.exec(select(Finding).where(Finding.equipment_id == unit.id, Finding.rule_id == "miit-b1-1-2")).one()
    assert "发改环资规〔2024〕127号" in stored.replacement and "吕梁" not in stored.replacement
