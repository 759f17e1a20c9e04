"""设备详情: one unit, its grade with the thresholds it was compared with, and every finding with its citation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

import efficiency_tables as et
from equipinv import designations, labels
from equipinv.ledger_stats import years_in_service
from equipinv.validation import FIELD_NAMES_ZH
from tui.errors import guarded
from tui.screens.confirm import ConfirmScreen
from equipinv.services.units import UnitView, load_unit, set_unit_status
from tui.widgets.badges import level_badge

KIND_LABELS = {"mandatory": "强制淘汰", "advisory": "提示", "safety_assessment": "安全评估"}
OUTCOME_LABELS = {"match": "符合", "cannot_decide": "资料不全，无法判定"}
METRIC_UNITS = {"efficiency_pct": "%", "thermal_efficiency_pct": "%", "no_load_loss_w": "W", "load_loss_w": "W",
                "specific_power_kw_per_m3_min": "kW/(m³/min)"}
PARAMETER_FIELDS = ("rated_power_kw", "capacity_kva", "capacity_t_h", "capacity_mw", "voltage_kv", "poles",
                    "speed_rpm", "flow_m3_h", "head_m", "flow_m3_min", "pressure_mpa", "efficiency_pct",
                    "no_load_loss_w", "load_loss_w", "specific_power_kw_per_m3_min", "thermal_efficiency_pct",
                    "cop", "transformer_type", "core_material", "insulation_class", "connection_group", "fuel",
                    "emission_standard", "vehicle_type", "mileage_km", "operating_hours_per_year", "load_factor")
FIELD_UNITS = {"rated_power_kw": "kW", "capacity_kva": "kVA", "capacity_t_h": "t/h", "capacity_mw": "MW",
               "voltage_kv": "kV", "speed_rpm": "r/min", "flow_m3_h": "m³/h", "head_m": "m", "flow_m3_min": "m³/min",
               "pressure_mpa": "MPa", "efficiency_pct": "%", "no_load_loss_w": "W", "load_loss_w": "W",
               "thermal_efficiency_pct": "%", "mileage_km": "km", "operating_hours_per_year": "h"}


def _pairs_table(pairs: list[tuple[str, Any]]) -> Table:
    table = Table(show_header=False, box=None, padding=(0, 1))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for key, value in pairs:
        table.add_row(key, value if isinstance(value, Text) else Text(str(value)))
    return table


def basics(view: UnitView, today: Any) -> Table:
    u = view.unit
    served = years_in_service(u.commissioning_date, today)
    life = f"{u.design_life_years:g} 年" if u.design_life_years is not None else "未填"
    past = served is not None and u.design_life_years is not None and served >= u.design_life_years
    return _pairs_table([
        ("企业", view.enterprise.name), ("类别", labels.label("category", u.category)), ("型号", u.model or "未填"),
        ("生产厂家", u.manufacturer or "未填"), ("出厂年份", u.year_made or "未填"),
        ("投运日期", u.commissioning_date.isoformat() if u.commissioning_date else "未填"),
        ("设计年限", life),
        ("使用年限", Text(f"{served:.1f} 年" + ("（已达设计年限）" if past else ""), style="red" if past else "")
         if served is not None else "未知"),
        ("使用状态", labels.label("status", u.status)), ("运行情况", labels.label("condition", u.condition) or "未填"),
        ("厂区/车间", view.site or "未填"), ("所属项目", view.project or "—"), ("数量", u.quantity),
    ])


def parameters(view: UnitView) -> Table:
    u = view.unit
    pairs: list[tuple[str, Any]] = []
    for name in PARAMETER_FIELDS:
        value = getattr(u, name)
        if value is None:
            continue
        enum = {"transformer_type": "transformer_type", "core_material": "core_material", "fuel": "fuel",
                "emission_standard": "emission_standard"}.get(name)
        shown = labels.label(enum, value) if enum else f"{value:g}" if isinstance(value, float) else str(value)
        source = (u.value_sources or {}).get(name)
        suffix = f"（{labels.VALUE_SOURCES.get(source, source)}）" if source else ""
        pairs.append((FIELD_NAMES_ZH.get(name, name), f"{shown} {FIELD_UNITS.get(name, '')}".strip() + suffix))
    for name, value in (u.rating_params or {}).items():
        source = (u.value_sources or {}).get(name)
        pairs.append((name, f"{value}（{labels.VALUE_SOURCES.get(source, source)}）" if source else value))
    review = designations.review(u.model_dump())
    if review.decoded:  # what the model says beyond the ledger's fields (series, frame, efficiency class estimate)
        pairs.append(("型号解读", "、".join(f"{p.label} {p.text}" for p in review.decoded.parts if not p.field)))
    for conflict in review.conflicts:  # the model contradicts an entered value
        pairs.append(("型号校核", Text(conflict.message.split(" (warning")[0], style="yellow")))
    return _pairs_table(pairs or [("—", "未填写技术参数")])


def grade_block(grade: et.GradeResult | None, stored_level: str | None) -> Group:
    """The level and grade, the standard and table, and the value against each threshold."""
    if grade is None:
        return Group(Text("未分级"))
    lines: list[Any] = [Text.assemble("能效水平 ", level_badge(grade.level or stored_level),
                                      f"  能效等级：{labels.label('grade', grade.grade) or '—'}")]
    if grade.ungradable_reason:
        lines.append(Text(f"无法分级：{grade.ungradable_reason}", style="yellow"))
    if grade.standard:
        lines.append(Text(f"依据：{grade.standard}-{grade.edition or ''} {grade.table or ''}".strip()))
    if grade.thresholds:
        table = Table(title=None, box=None, padding=(0, 1))
        for header in ("指标", "本机", "等级", "限值", "对应水平"):
            table.add_column(header)
        for t in grade.thresholds:
            value = grade.metrics.get(t.metric, grade.value if t.metric == grade.metric else None)
            better = ">=" if t.direction == "higher" else "<="
            ok = value is not None and (value >= t.value if t.direction == "higher" else value <= t.value)
            table.add_row(FIELD_NAMES_ZH.get(t.metric, t.metric), "—" if value is None else f"{value:g}",
                          f"{t.grade}级", f"{better} {t.value:g} {t.unit}",
                          Text(labels.label("benchmark_level", t.level), style="green" if ok else "red"))
        lines.append(table)
    if grade.estimated:
        lines.append(Text("注意：所用数值为估算值", style="yellow"))
    return Group(*lines)


def findings_block(view: UnitView) -> Group:
    if not view.findings:
        return Group(Text("未发现淘汰目录或强制标准问题" if view.unit.checked_at else "尚未检查"))
    parts: list[Any] = []
    for f in view.findings:
        style = "bold red" if f.kind == "mandatory" and f.outcome == "match" else "yellow"
        deadline = f.deadline.isoformat() if f.deadline else (f.deadline_label or "按主管部门规定期限")
        parts.append(Text(f"■ {KIND_LABELS.get(f.kind, f.kind)}（{OUTCOME_LABELS.get(f.outcome, f.outcome)}）",
                          style=style))
        parts.append(_pairs_table([("依据", f.citation), ("原因", f.reason), ("期限", deadline)]
                                  + ([("更新为", f.replacement)] if f.replacement else [])
                                  + ([("缺少资料", "、".join(FIELD_NAMES_ZH.get(m, m) for m in f.missing_fields))]
                                     if f.missing_fields else [])))
    if view.elimination is not None:
        e = view.elimination
        parts.append(Text(f"淘汰记录：{labels.label('elimination_status', e.status)}"
                          + (f"，完成于 {e.done_date}" if e.done_date else "")
                          + (f"，{e.verified_by} 核验于 {e.verified_date}" if e.verified_date else ""), style="bold"))
    return Group(*parts)


def confirm_retire(screen: Screen[Any], unit_id: int, name: str, after: Callable[[], None],
                   version: int | None = None) -> None:
    """Ask, then retire (status eliminated, audited; refused if the unit changed since `version`)."""

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        try:
            set_unit_status(screen.app.context, unit_id, "eliminated", expected_version=version)  # type: ignore[attr-defined]
        except Exception as error:  # noqa: BLE001 - shown as a notification
            screen.app.report_error(error)  # type: ignore[attr-defined]
            return
        screen.notify(f"{name} 已标记为已淘汰（已记入审计日志）")
        after()

    screen.app.push_screen(ConfirmScreen(f"确认将设备 {name} 标记为[b]已淘汰[/b]？\n此操作会记入审计日志。",
                                         confirm_label="淘汰"), answered)


class UnitScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "编辑"),
        Binding("i", "toggle_idle", "闲置/在用"),
        Binding("x", "retire", "淘汰"),
        Binding("escape", "app.go_back", "返回"),
    ]

    def __init__(self, unit_id: int) -> None:
        super().__init__()
        self.unit_id = unit_id
        self.view: UnitView | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="unit-body"):
            yield Static(id="unit-title")
            yield Static("[b]基本信息[/b]", classes="section")
            yield Static(id="unit-basics")
            yield Static("[b]技术参数[/b]", classes="section")
            yield Static(id="unit-params")
            yield Static("[b]能效分级[/b]", classes="section")
            yield Static(id="unit-grade")
            yield Static("[b]淘汰检查[/b]", classes="section")
            yield Static(id="unit-findings")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()

    def on_screen_resume(self) -> None:
        self.refresh_view()

    @guarded
    def refresh_view(self) -> None:
        view = load_unit(self.app.context, self.unit_id)  # type: ignore[attr-defined]
        self.view = view
        u = view.unit
        self.query_one("#unit-title", Static).update(Text.assemble(
            (f"{u.asset_no}  {u.name}  ", "bold"), level_badge(u.benchmark_level),
            ("  已淘汰" if u.status == "eliminated" else "", "bold red")))
        self.query_one("#unit-basics", Static).update(basics(view, self.app.today))  # type: ignore[attr-defined]
        self.query_one("#unit-params", Static).update(parameters(view))
        self.query_one("#unit-grade", Static).update(grade_block(view.grade, u.benchmark_level))
        self.query_one("#unit-findings", Static).update(findings_block(view))

    def action_edit(self) -> None:
        from tui.screens.unit_form import UnitFormScreen

        if self.view is not None:
            self.app.push_screen(UnitFormScreen(self.view.unit, site=self.view.site))

    @guarded
    def action_toggle_idle(self) -> None:
        if self.view is None or self.view.unit.status == "eliminated":
            self.notify("已淘汰的设备不能改为闲置或在用", severity="warning")
            return
        unit = self.view.unit
        status = "in_use" if unit.status == "idle" else "idle"
        set_unit_status(self.app.context, unit.id or 0, status, expected_version=unit.version)  # type: ignore[attr-defined]
        self.notify(f"已标记为{labels.label('status', status)}")
        self.refresh_view()

    def action_retire(self) -> None:
        if self.view is not None and self.view.unit.status != "eliminated":
            u = self.view.unit
            confirm_retire(self, u.id or 0, f"{u.asset_no} {u.name}", self.refresh_view, version=u.version)
