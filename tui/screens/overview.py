"""概况: the ledger at a glance — every bar and line opens the ledger filtered to what it counts."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from sqlmodel import Session
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.worker import Worker, WorkerState

from equipinv import labels
from equipinv.elimination_basis import CAMPAIGN_END_YEAR
from tui.ledger_query import LedgerFilter
from tui.overview_data import Overview, load_overview
from tui.widgets.badges import LEVEL_STYLES, money_text
from tui.widgets.bars import Bar, BarChart
from tui.widgets.targets_panel import TargetsPanel

LEVEL_BAR_STYLES = {k: v.split(" on ")[-1] if " on " in v else "grey50" for k, v in LEVEL_STYLES.items()}


def category_bars(overview: Overview) -> list[Bar]:
    return [Bar(labels.label("category", c), n, f"{n:,}", "cyan", {"category": c})
            for c, n in overview.by_category.items()]


def level_bars(overview: Overview) -> list[Bar]:
    return [Bar(labels.label("benchmark_level", lv), n, f"{n:,}", LEVEL_BAR_STYLES.get(lv, "cyan"), {"level": lv})
            for lv, n in overview.by_level.items()]


def past_life_bars(overview: Overview) -> list[Bar]:
    return [Bar(labels.label("category", c), n, f"{n:,}", "magenta", {"category": c, "past_design_life": True})
            for c, n in overview.past_life_by_category.items()]


def elimination_bars(overview: Overview) -> list[Bar]:
    bars = []
    for group in overview.deadlines:
        when = group.deadline.isoformat() if group.deadline else f"{CAMPAIGN_END_YEAR}年底前"
        bars.append(Bar(when, group.units, f"{group.units} 台  {group.basis[:18]}", "red", {"mandatory": True}))
    return bars


def plan_table(overview: Overview) -> Table | Text:
    if overview.plan_id is None:
        return Text("尚无已采纳的更新计划（按 3 进入更新规划）", style="dim")
    table = Table(box=None, padding=(0, 1), title=f"已采纳计划 第 {overview.plan_id} 号", title_justify="left")
    for header in ("年份", "台数", "投资", "年节能 tce", "年减碳 tCO2"):
        table.add_column(header, justify="right")
    for y in overview.plan_years:
        table.add_row(str(y.year), f"{y.units:,}", money_text(y.investment_yuan), f"{y.saving_tce:,.1f}",
                      f"{y.saving_tco2:,.1f}")
    if overview.plan_years:
        table.add_row("合计", f"{sum(y.units for y in overview.plan_years):,}",
                      money_text(sum(y.investment_yuan for y in overview.plan_years)),
                      f"{sum(y.saving_tce for y in overview.plan_years):,.1f}",
                      f"{sum(y.saving_tco2 for y in overview.plan_years):,.1f}", style="bold")
    return table


class OverviewScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("g", "reload", "刷新"),
        Binding("a", "app.add_unit", "新增设备"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.overview: Overview | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="overview-body"):
            yield Static("正在统计…", id="overview-headline")
            with Grid(id="overview-grid"):
                with Vertical(classes="panel"):
                    yield Static("[b]按类别[/b]（回车打开台账）")
                    yield BarChart([], bar_width=14, id="bars-category")
                with Vertical(classes="panel"):
                    yield Static("[b]按能效水平[/b]")
                    yield BarChart([], bar_width=14, id="bars-level")
                with Vertical(classes="panel"):
                    yield Static("[b]已达设计年限[/b]")
                    yield BarChart([], bar_width=14, id="bars-life")
                with Vertical(classes="panel"):
                    yield Static("[b]强制淘汰：最近期限[/b]")
                    yield BarChart([], bar_width=8, id="bars-elimination")
            yield Static(id="overview-plan")
            yield TargetsPanel(id="overview-targets")
        yield Footer()

    def on_mount(self) -> None:
        self.action_reload()

    def on_screen_resume(self) -> None:
        if self.overview is not None:
            self.action_reload()

    def action_reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="overview", exit_on_error=False)
    def _load(self) -> Overview:
        with Session(self.app.engine) as session:  # type: ignore[attr-defined]
            return load_overview(session, today=self.app.today)  # type: ignore[attr-defined]

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "overview":
            return
        if event.state == WorkerState.SUCCESS and isinstance(event.worker.result, Overview):
            self._show(event.worker.result)
        elif event.state == WorkerState.ERROR and event.worker.error is not None:
            self.app.report_error(event.worker.error)  # type: ignore[attr-defined]

    def _show(self, o: Overview) -> None:
        self.overview = o
        self.query_one("#overview-headline", Static).update(
            f"在用和闲置设备 [b]{o.units:,}[/b] 台（套）· 已达设计年限 [b]{o.past_life:,}[/b] · "
            f"待淘汰 [b red]{o.eliminations_open:,}[/] · 已完成 {o.eliminations_done:,} · "
            f"已核验销号 {o.eliminations_verified:,}（统计日期 {self.app.today.isoformat()}）")  # type: ignore[attr-defined]
        self.query_one("#bars-category", BarChart).set_bars(category_bars(o))
        self.query_one("#bars-level", BarChart).set_bars(level_bars(o))
        self.query_one("#bars-life", BarChart).set_bars(past_life_bars(o))
        self.query_one("#bars-elimination", BarChart).set_bars(elimination_bars(o))
        self.query_one("#overview-plan", Static).update(plan_table(o))
        if not isinstance(self.focused, BarChart):
            self.query_one("#bars-category", BarChart).focus()
        self.query_one(TargetsPanel).reload()  # after the figures are on screen: they never wait for the targets

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        chart = event.option_list
        if isinstance(chart, BarChart):
            bar = chart.chosen(event.option.id)
            if bar is not None and bar.target:
                self.app.open_ledger(LedgerFilter(exclude_eliminated=True, **bar.target))  # type: ignore[attr-defined]
