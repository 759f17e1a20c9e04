"""The 旬调度 bulletin of a small example, checked by hand, and read back from its PDF (pdftotext) and XLSX.

Example (dekad 2026-11-11..20, as of 2026-11-15): 孝义焦化 (141181, coking) has a catalogue motor A
(deadline 2026-10-31, still open: overdue), a scrapped truck B (done 11-12, to a recycler with its
certificate) and a unit C below the access level (no deadline: due by the end of 2027); 柳林煤业
(141125, coal) has a coal-mine banned starter D (done 11-03, verified 11-14). A pressure vessel P of
柳林煤业 passed its assessment; the plan renews 孝义焦化's fan F (done 11-13 at 180,000 yuan against
200,000 planned) and pump G (open, 50,000 planned).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from equipinv.bulletin import build_bulletin
from equipinv.bureau.assessments import AssessmentInput, record_assessment
from equipinv.bureau.closure import mark_done, verify
from equipinv.bureau.disposal import Disposal
from equipinv.bureau.renewal_progress import mark_renewal_done
from equipinv.codes import make_credit_code
from equipinv.db import session_scope
from equipinv.ledger import add_enterprise, add_equipment
from equipinv.lists import Scope
from equipinv.models import EliminationRecord, Finding, Plan, PlanItem
from reports.bulletin import render_bulletin_pdf, render_bulletin_xlsx

OPENED = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
AS_OF = dt.date(2026, 11, 15)


def _unit(s: Session, enterprise, asset: str, category: str, kind: str | None, deadline: dt.date | None = None):
    unit = add_equipment(s, enterprise, {"asset_no": asset, "name": f"设备{asset}", "category": category})
    if kind is not None:
        s.add(EliminationRecord(equipment_id=unit.id, enterprise_id=enterprise.id, basis=f"《依据》{asset}",
                                basis_kind=kind, deadline=deadline, created_at=OPENED))
        s.flush()
    return unit


@pytest.fixture
def example(engine: sa.Engine, monkeypatch: pytest.MonkeyPatch) -> sa.Engine:
    with session_scope(engine) as s:
        xiaoyi = add_enterprise(s, {"credit_code": make_credit_code("91141181MA0GX5K2L"), "name": "孝义焦化",
                                    "region_code": "141181", "industry_code": "2521"})
        liulin = add_enterprise(s, {"credit_code": make_credit_code("91141125MA0H3T8Q7"), "name": "柳林煤业",
                                    "region_code": "141125", "industry_code": "0610"})
        _unit(s, xiaoyi, "A", "motor", "catalogue", dt.date(2026, 10, 31))
        b = _unit(s, xiaoyi, "B", "truck", "scrap_age", dt.date(2026, 12, 31))
        _unit(s, xiaoyi, "C", "pump", "below_access")
        d = _unit(s, liulin, "D", "other", "coal_mine", dt.date(2026, 11, 30))
        p = _unit(s, liulin, "P", "pressure_vessel", None)
        s.add(Finding(equipment_id=p.id, rule_id="pressure-vessel-design-life", catalogue_id="qinshui_2024",
                      catalogue_version="t", kind="safety_assessment", outcome="match", citation="沁水县方案",
                      reason="使用超过20年"))
        fan, pump = _unit(s, xiaoyi, "F", "fan", None), _unit(s, xiaoyi, "G", "pump", None)
        plan = Plan(objective="npv", model_version="t", created_at=OPENED)
        s.add(plan)
        s.flush()
        for unit, cost in ((fan, 200_000.0), (pump, 50_000.0)):
            s.add(PlanItem(plan_id=plan.id, equipment_id=unit.id, action="energy_saving", year=2026,
                           investment_yuan=cost))
        s.flush()
        records = {r.equipment_id: r for r in s.exec(select(EliminationRecord))}
        mark_done(s, records[b.id], done_date=dt.date(2026, 11, 12), evidence="报废证明",
                  disposal=Disposal("拆解", "吕梁报废汽车回收拆解有限公司", "晋报废-2026-0031", weight_t=9.5))
        mark_done(s, records[d.id], done_date=dt.date(2026, 11, 3), evidence="回收单",
                  disposal=Disposal("回收", "柳林物资回收站", quantity=1))
        monkeypatch.setenv("EQUIPINV_USER", "bureau_wang")  # another login verifies (the database checks)
        verify(s, records[d.id], verified_date=dt.date(2026, 11, 14), verified_by="王科长")
        record_assessment(s, p, AssessmentInput("pass", dt.date(2026, 11, 5), "山西省特检院",
                                                dt.date(2029, 11, 5), "TJ-2026-77"), today=AS_OF)
        mark_renewal_done(s, fan, completed=dt.date(2026, 11, 13), actual_cost_yuan=180_000, today=AS_OF)
    return engine


def _rows(bulletin, list_id: str) -> list[dict]:
    doc = next(t for t in bulletin.tables if t.list_id == list_id)
    return [r for s in doc.sections for r in s.rows]


def test_dekad_bulletin_by_hand(example: sa.Engine) -> None:
    with Session(example) as s:
        b = build_bulletin(s, Scope.everything(s), as_of=AS_OF, period="dekad")
    assert (b.start, b.end) == (dt.date(2026, 11, 11), dt.date(2026, 11, 20))
    assert b.title == "设备更新和淘汰工作旬调度（2026年11月中旬）"
    county = {r["label"]: r for r in _rows(b, "progress_county")}
    # 孝义市: A open+overdue, B done in period, C open; 柳林县: D verified in period (done before it)
    assert [county["孝义市"][k] for k in ("total", "planned", "done", "verified", "overdue", "done_in_period")] == \
        [3, 2, 1, 0, 1, 1]
    assert [county["柳林县"][k] for k in ("total", "planned", "done", "verified", "verified_in_period")] == [1, 0, 0, 1, 1]
    kinds = {r["label"]: r["total"] for r in _rows(b, "progress_kind")}
    assert kinds == {"淘汰目录": 1, "煤矿禁用目录": 1, "强制报废年限": 1, "低于准入水平": 1}
    assert [(p["asset_no"], p["problem"]) for p in _rows(b, "problems")] == [("A", "逾期未完成")]
    assert _rows(b, "safety") == [{"label": "评估合格", "units": 1}]
    assert _rows(b, "renewal_progress") == [{"label": "孝义市", "items": 2, "done": 1, "done_in_period": 1,
                                             "planned_yuan": 250_000.0, "spent_yuan": 180_000.0}]
    # the trend: six dekads, oldest first; on 10-31 (third dekad of October) nothing was done yet
    assert [p.label for p in b.trend][-2:] == ["2026年11月上旬", "2026年11月中旬"]
    october = next(p for p in b.trend if p.label == "2026年10月下旬")
    assert (october.planned, october.done, october.verified, october.overdue) == (4, 0, 0, 0)
    first_dekad = next(p for p in b.trend if p.label == "2026年11月上旬")
    assert (first_dekad.planned, first_dekad.done, first_dekad.overdue) == (3, 1, 1)  # D done 11-03, A overdue


def _tokens(line: str) -> list[str]:
    return line.split()


def test_bulletin_pdf_and_xlsx_read_back(example: sa.Engine, tmp_path: Path) -> None:
    with Session(example) as s:
        b = build_bulletin(s, Scope.everything(s), as_of=AS_OF, period="dekad")
    pdf = tmp_path / "旬调度.pdf"
    result = render_bulletin_pdf(b, pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert result.pages == len(re.findall(r"第\s*\d+\s*页\s*共", text))
    assert "设备更新和淘汰工作旬调度（2026年11月中旬）" in text
    for heading in ("一、淘汰任务进度（按县（市、区））", "四、问题清单（1项）", "五、压力容器、电梯安全风险评估",
                    "六、鼓励更新项目进展与投资完成", "七、近6期进度趋势"):
        assert heading in text.replace(" ", ""), heading
    lines = [_tokens(line) for line in text.splitlines()]
    assert ["孝义市", "3", "2", "1", "0", "1", "1", "0"] in lines
    assert ["柳林县", "1", "0", "0", "1", "0", "0", "1"] in lines
    assert ["合计", "4", "2", "1", "1", "1", "1", "1"] in lines
    assert ["孝义市", "2", "1", "1", "250,000", "180,000"] in lines
    assert "2026年11月上旬" in text  # the chart's category labels
    xlsx = tmp_path / "旬调度.xlsx"
    render_bulletin_xlsx(b, xlsx)
    book = openpyxl.load_workbook(xlsx)
    assert len(book.sheetnames) == len(b.tables) + 1
    values = [[c for c in row if c is not None] for row in book.worksheets[0].iter_rows(values_only=True)]
    assert [2, "孝义市", 3, 2, 1, 0, 1, 1, 0] in values  # counties in GB/T 2260 order: 柳林县 first and ["合计", 4, 2, 1, 1, 1, 1, 1] in values
