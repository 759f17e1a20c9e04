"""One unit as a person reads it: labelled, ordered lines for the CLI's `equipment show` and the TUI's unit page.

The order and the Chinese labels live here once: 基本信息 (enterprise, category, model, dates, design life and
years in service, status), 技术参数 (the nameplate fields in a fixed order, each with its unit and where the value
came from), 能效分级 (level, grade, standard, reason) and 淘汰检查 (each finding with its citation). The fronts only
draw the lines (the TUI colours a line marked `alert`).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any

from equipinv import designations, labels
from equipinv.field_labels import chinese_part, field_label, field_list
from equipinv.ledger_stats import years_in_service
from equipinv.services.units import UnitView

KIND_LABELS = {"mandatory": "强制淘汰", "advisory": "提示", "safety_assessment": "安全评估"}
OUTCOME_LABELS = {"match": "符合", "cannot_decide": "资料不全，无法判定"}
#: The technical fields in the order the unit page lists them.
PARAMETER_FIELDS = ("rated_power_kw", "capacity_kva", "capacity_t_h", "capacity_mw", "voltage_kv", "poles",
                    "speed_rpm", "flow_m3_h", "head_m", "flow_m3_min", "pressure_mpa", "efficiency_pct",
                    "no_load_loss_w", "load_loss_w", "specific_power_kw_per_m3_min", "thermal_efficiency_pct",
                    "cop", "transformer_type", "core_material", "insulation_class", "connection_group", "fuel",
                    "emission_standard", "vehicle_type", "mileage_km", "operating_hours_per_year", "load_factor")
FIELD_UNITS = {"rated_power_kw": "kW", "capacity_kva": "kVA", "capacity_t_h": "t/h", "capacity_mw": "MW",
               "voltage_kv": "kV", "speed_rpm": "r/min", "flow_m3_h": "m³/h", "head_m": "m", "flow_m3_min": "m³/min",
               "pressure_mpa": "MPa", "efficiency_pct": "%", "no_load_loss_w": "W", "load_loss_w": "W",
               "specific_power_kw_per_m3_min": "kW/(m³/min)", "thermal_efficiency_pct": "%", "mileage_km": "km",
               "operating_hours_per_year": "h"}
_ENUM_FIELDS = ("transformer_type", "core_material", "fuel", "emission_standard")


@dataclass(frozen=True)
class Line:
    """One labelled line of the unit page; `alert` marks what the reader should notice (past design life)."""

    label: str
    text: str
    alert: bool = False


def basics(view: UnitView, today: dt.date) -> list[Line]:
    u = view.unit
    served = years_in_service(u.commissioning_date, today)
    past = served is not None and u.design_life_years is not None and served >= u.design_life_years
    return [
        Line("企业", view.enterprise.name), Line("类别", labels.label("category", u.category)),
        Line("型号", u.model or "未填"), Line("生产厂家", u.manufacturer or "未填"),
        Line("出厂年份", str(u.year_made) if u.year_made else "未填"),
        Line("投运日期", u.commissioning_date.isoformat() if u.commissioning_date else "未填"),
        Line("设计年限", f"{u.design_life_years:g} 年" if u.design_life_years is not None else "未填"),
        Line("使用年限", (f"{served:.1f} 年" + ("（已达设计年限）" if past else "")) if served is not None else "未知",
             alert=past),
        Line("使用状态", labels.label("status", u.status)),
        Line("运行情况", labels.label("condition", u.condition) or "未填"),
        Line("厂区/车间", view.site or "未填"), Line("所属项目", view.project or "—"), Line("数量", f"{u.quantity} 台（套）"),
    ]


def _shown(name: str, value: Any) -> str:
    if name in _ENUM_FIELDS:
        return labels.label(name, value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def parameters(view: UnitView) -> list[Line]:
    """The nameplate fields that are filled, with unit and source; what the model designation says and contradicts."""
    u = view.unit
    sources = u.value_sources or {}
    lines: list[Line] = []
    for name in PARAMETER_FIELDS:
        value = getattr(u, name)
        if value is None:
            continue
        suffix = f"（{labels.VALUE_SOURCES.get(sources[name], sources[name])}）" if name in sources else ""
        lines.append(Line(field_label(name), f"{_shown(name, value)} {FIELD_UNITS.get(name, '')}".strip() + suffix))
    for name, value in (u.rating_params or {}).items():
        source = sources.get(name)
        lines.append(Line(name, f"{value}（{labels.VALUE_SOURCES.get(source, source)}）" if source else str(value)))
    review = designations.review(u.model_dump())
    if review.decoded:  # what the model says beyond the ledger's fields (series, frame, efficiency class estimate)
        lines.append(Line("型号解读", "、".join(f"{p.label} {p.text}" for p in review.decoded.parts if not p.field)))
    for conflict in review.conflicts:  # the model contradicts an entered value
        lines.append(Line("型号校核", conflict.message.split(" (warning")[0], alert=True))
    return lines or [Line("—", "未填写技术参数")]


def grading(view: UnitView) -> list[Line]:
    """Level and grade, the standard and table, or why the unit could not be graded."""
    grade, u = view.grade, view.unit
    level = labels.label("benchmark_level", (grade.level if grade else None) or u.benchmark_level or "ungraded")
    lines = [Line("能效水平", level),
             Line("能效等级", labels.label("grade", grade.grade) if grade and grade.grade else "—")]
    if grade is not None and grade.ungradable_reason:
        lines.append(Line("无法分级", chinese_part(grade.ungradable_reason), alert=True))
    if grade is not None and grade.standard:
        lines.append(Line("依据", f"{grade.standard}-{grade.edition or ''} {grade.table or ''}".strip()))
    if grade is not None and grade.estimated:
        lines.append(Line("注意", "所用数值为估算值", alert=True))
    return lines


def findings(view: UnitView) -> list[tuple[str, list[Line]]]:
    """Each finding under its heading ("强制淘汰（符合）"), with citation, reason, deadline and what is missing."""
    out: list[tuple[str, list[Line]]] = []
    for f in view.findings:
        deadline = f.deadline.isoformat() if f.deadline else (f.deadline_label or "按主管部门规定期限")
        lines = [Line("依据", f.citation), Line("原因", f.reason), Line("期限", deadline)]
        if f.replacement:
            lines.append(Line("更新为", f.replacement))
        if f.missing_fields:
            lines.append(Line("缺少资料", field_list(f.missing_fields)))
        out.append((f"{KIND_LABELS.get(f.kind, f.kind)}（{OUTCOME_LABELS.get(f.outcome, f.outcome)}）", lines))
    return out


def no_findings_text(view: UnitView) -> str:
    return "未发现淘汰目录或强制标准问题" if view.unit.checked_at else "尚未检查"


def elimination_text(view: UnitView) -> str | None:
    e = view.elimination
    if e is None:
        return None
    return (f"淘汰记录：{labels.label('elimination_status', e.status)}"
            + (f"，完成于 {e.done_date}" if e.done_date else "")
            + (f"，{e.verified_by} 核验于 {e.verified_date}" if e.verified_date else ""))


def sections(view: UnitView, today: dt.date) -> list[tuple[str, list[Line]]]:
    """The whole page, in the TUI's order: 基本信息, 技术参数, 能效分级, then each finding (淘汰检查)."""
    checks = [(f"淘汰检查：{title}", lines) for title, lines in findings(view)] or [
        ("淘汰检查", [Line("结果", no_findings_text(view))])]
    record = elimination_text(view)
    if record:
        checks.append(("淘汰记录", [Line("状态", record.removeprefix("淘汰记录："))]))
    page = [("基本信息", basics(view, today)), ("技术参数", parameters(view)), ("能效分级", grading(view)), *checks]
    if view.unit.extra:  # the imported ledger's columns no field takes, under their own headers
        page.append(("其他列（原台账中未对应字段的列）", [Line(header, str(cell)) for header, cell in view.unit.extra.items()]))
    return page


def display_width(text: str) -> int:
    """Terminal columns of `text`: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
