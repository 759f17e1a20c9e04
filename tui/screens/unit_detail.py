"""设备详情: one unit, its grade with the thresholds it was compared with, and every finding with its citation.

The order and the labels of the lines are the core's (`equipinv.unit_page`), shared with `equipment show`."""

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
from equipinv import labels, unit_page
from equipinv.field_labels import chinese_part, field_label
from equipinv.services.units import UnitView, load_unit, set_unit_status
from equipinv.unit_page import FIELD_UNITS as FIELD_UNITS  # the unit form reads it here
from equipinv.unit_page import Line
from tui.errors import guarded
from tui.screens.confirm import ConfirmScreen
from tui.widgets.badges import level_badge


def _lines_table(lines: list[Line]) -> Table:
    """The core's labelled lines (`equipinv.unit_page`) as a two-column table; an alert line in red."""
    table = Table(show_header=False, box=None, padding=(0, 1))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for line in lines:
        table.add_row(line.label, Text(line.text, style="red" if line.alert else ""))
    return table


def basics(view: UnitView, today: Any) -> Table:
    return _lines_table(unit_page.basics(view, today))


def parameters(view: UnitView) -> Table:
    return _lines_table(unit_page.parameters(view))


def grade_block(grade: et.GradeResult | None, stored_level: str | None) -> Group:
    """The level and grade, the standard and table, and the value against each threshold."""
    if grade is None:
        return Group(Text("未分级"))
    lines: list[Any] = [Text.assemble("能效水平 ", level_badge(grade.level or stored_level),
                                      f"  能效等级：{labels.label('grade', grade.grade) or '—'}")]
    if grade.ungradable_reason:
        lines.append(Text(f"无法分级：{chinese_part(grade.ungradable_reason)}", style="yellow"))
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
            table.add_row(field_label(t.metric), "—" if value is None else f"{value:g}",
                          f"{t.grade}级", f"{better} {t.value:g} {t.unit}",
                          Text(labels.label("benchmark_level", t.level), style="green" if ok else "red"))
        lines.append(table)
    if grade.estimated:
        lines.append(Text("注意：所用数值为估算值", style="yellow"))
    return Group(*lines)


def findings_block(view: UnitView) -> Group:
    if not view.findings:
        return Group(Text(unit_page.no_findings_text(view)))
    parts: list[Any] = []
    for f, (title, lines) in zip(view.findings, unit_page.findings(view), strict=True):
        style = "bold red" if f.kind == "mandatory" and f.outcome == "match" else "yellow"
        parts += [Text(f"■ {title}", style=style), _lines_table(lines)]
    record = unit_page.elimination_text(view)
    if record:
        parts.append(Text(record, style="bold"))
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
