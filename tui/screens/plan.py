"""更新规划: the ranked recommendations with reasons, and a budgeted plan solved in a worker — with
yearly budgets, the objective, policy targets ("by 2027 at least 60 % of key units at the energy-saving
level", parsed as the CLI's `--target`) and the solver method (exact MILP, greedy, or chosen by size).

The optimiser runs in a thread worker with a running indicator; Ctrl+X cancels (the screen is free at
once; the solver thread finishes in the background and its answer is dropped). A solved plan is shown
year by year and stored only when the user accepts it (A), through `services.planning.solve_plan` for the
scope chosen (all enterprises, one enterprise or a region).
"""

from __future__ import annotations

import time
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, LoadingIndicator, Select, Static
from textual.worker import Worker, WorkerState

from equipinv import labels
from equipinv.errors import EquipinvError
from equipinv.field_labels import field_list
from equipinv.planner import Recommendation, parse_budgets, parse_targets
from equipinv.services.planning import PlanRequest, SolvedPlan, recommendations, solve_plan
from equipinv.services.scopes import ScopeRequest
from tui.errors import guarded
from tui.scope_choice import enterprise_options, scope_request
from tui.widgets.badges import money_text
from tui.widgets.drop_down import DropDown


def _fmt(value: float | None, pattern: str = "{:,.1f}") -> str:
    return "—" if value is None else pattern.format(value)


class PlanScreen(Screen[None]):
    # priority: these keys must work while the budget box (an Input with its own ctrl keys) has focus;
    # not in the footer: each button names its key, and the footer keeps room for the screen keys
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "recommend", "建议排序", priority=True, show=False),
        Binding("ctrl+o", "optimise", "优化计划", priority=True, show=False),
        Binding("ctrl+x", "cancel", "取消计算", priority=True, show=False),
        Binding("ctrl+a", "accept", "采纳并保存", priority=True, show=False),
        Binding("ctrl+l", "dismiss_problem", "关闭提示", priority=True, show=False),
        Binding("escape", "app.go_back", "返回"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.solved: SolvedPlan | None = None
        self._started = 0.0
        self._ticker: Timer | None = None
        self._doing = ""  # what is being computed, for the message when it fails
        self.problem: str | None = None  # why the last computation failed, on show until dismissed

    def compose(self) -> ComposeResult:
        year = self.app.today.year + 1  # type: ignore[attr-defined]
        yield Header()
        with Vertical(id="plan-form"):
            with Horizontal(classes="form-row"):
                yield Label("年度预算（元）")
                yield Input(",".join(f"{y}=5000000" for y in range(year, year + 3)), id="plan-budgets")
                yield DropDown([("净现值最大 (npv)", "npv"), ("节能量最大 (tce)", "tce")], value="npv",
                               allow_blank=False, id="plan-objective")
            with Horizontal(classes="form-row"):
                yield Label("范围")
                yield DropDown([], prompt="全部企业", id="plan-enterprise")
                yield Input(placeholder="或行政区划代码，如 141100", id="plan-region")
            with Horizontal(classes="form-row"):
                yield Label("政策目标（年份=比例）")
                yield Input(placeholder="如 2027=0.6，可留空", id="plan-targets")
                yield DropDown([("自动选择求解方法", "auto"), ("精确 MILP", "milp"), ("贪心（大规模）", "greedy")],
                               value="auto", allow_blank=False, id="plan-method")
            with Horizontal(classes="form-row"):
                yield Button("建议排序 (Ctrl+R)", id="recommend")
                yield Button("优化计划 (Ctrl+O)", variant="primary", id="optimise")
                yield Button("取消计算 (Ctrl+X)", id="cancel")
                yield Button("采纳并保存 (Ctrl+A)", variant="success", id="accept")
        yield LoadingIndicator(id="plan-busy")
        yield Static("按 Ctrl+R 查看改造建议排序，填写年度预算后按 Ctrl+O 优化更新计划。", id="plan-status")
        with Horizontal(id="plan-problem"):
            yield Static("", id="plan-problem-text", markup=False)
            yield Button("知道了 (Ctrl+L)", id="dismiss-problem")
        yield DataTable(id="plan-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#plan-enterprise", Select).set_options(enterprise_options(self.app.context))  # type: ignore[attr-defined]
        self.query_one("#plan-busy").display = False
        self.query_one("#plan-problem").display = False
        self.query_one("#plan-table").focus()  # not the budget box: digits must still switch screens

    def _busy(self, text: str | None) -> None:
        self.query_one("#plan-busy").display = text is not None
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        if text is not None:
            self._doing = text.removeprefix("正在")
            self.show_problem(None)
            self._started = time.perf_counter()
            self._ticker = self.set_interval(0.5, lambda: self._status(
                f"{text}（已用 {time.perf_counter() - self._started:.0f} 秒，Ctrl+X 取消）"))
            self._status(f"{text}（Ctrl+X 取消）")

    def _status(self, text: str) -> None:
        self.query_one("#plan-status", Static).update(text)

    def show_problem(self, text: str | None) -> None:
        """Keep why a computation failed on the screen (a toast flashes by) until dismissed or rerun."""
        self.problem = text
        self.query_one("#plan-problem-text", Static).update(text or "")
        self.query_one("#plan-problem").display = text is not None
        self.refresh_bindings()

    def _could_not(self, task: str, error: BaseException) -> None:
        message = self.app.report_error(error)  # type: ignore[attr-defined]
        self._status(f"{task}未完成：原因见下方（Ctrl+L 关闭提示）")
        self.show_problem(f"{task}未完成：{message}")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.problem is not None if action == "dismiss_problem" else True

    def action_dismiss_problem(self) -> None:
        self.show_problem(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        action = {"recommend": self.action_recommend, "optimise": self.action_optimise,
                  "cancel": self.action_cancel, "accept": self.action_accept,
                  "dismiss-problem": self.action_dismiss_problem}.get(event.button.id or "")
        if action is not None:
            action()

    # --- work ---------------------------------------------------------------------------------

    def action_recommend(self) -> None:
        try:
            scope = scope_request(self, "#plan-enterprise", "#plan-region")
        except EquipinvError as error:
            self._could_not("计算改造建议", error)
            return
        self._busy("正在计算改造建议")
        self._recommend(scope)

    @work(thread=True, exclusive=True, group="plan", exit_on_error=False)
    def _recommend(self, scope: ScopeRequest) -> list[Recommendation]:
        return recommendations(self.app.context, scope)  # type: ignore[attr-defined]

    def action_optimise(self) -> None:
        try:
            scope = scope_request(self, "#plan-enterprise", "#plan-region")
            budgets = parse_budgets(self.query_one("#plan-budgets", Input).value, self.app.today.year)  # type: ignore[attr-defined]
            targets = tuple(parse_targets(self.query_one("#plan-targets", Input).value))
        except Exception as error:  # noqa: BLE001 - a value the plan cannot be computed with is shown, not raised
            self._could_not("优化更新计划", error)
            return
        objective = str(self.query_one("#plan-objective", Select).value)
        method = str(self.query_one("#plan-method", Select).value)
        self._busy("正在优化更新计划")
        self._solve(scope, PlanRequest(budgets, objective, targets, method), store=False)

    @guarded
    def action_accept(self) -> None:
        if self.solved is None or self.solved.stored:
            self.notify("请先优化出一个计划（Ctrl+O）", severity="warning")
            return
        self._busy("正在保存计划")
        self._solve(self.solved.chosen, self.solved.request, store=True)

    @work(thread=True, exclusive=True, group="plan", exit_on_error=False)
    def _solve(self, scope: ScopeRequest, request: PlanRequest, store: bool) -> SolvedPlan:
        return solve_plan(self.app.context, scope, request, store=store)  # type: ignore[attr-defined]

    def action_cancel(self) -> None:
        running = [w for w in self.workers if w.group == "plan" and not w.is_finished]
        for worker in running:
            worker.cancel()
        self._busy(None)
        self._status("已取消计算" if running else "没有正在进行的计算")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "plan" or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        self._busy(None)
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self._could_not(self._doing, event.worker.error)
        elif isinstance(event.worker.result, SolvedPlan):
            self._show_plan(event.worker.result)
        elif isinstance(event.worker.result, list):
            self._show_recommendations(event.worker.result)

    # --- results ------------------------------------------------------------------------------

    def _table(self, columns: list[tuple[str, str]]) -> DataTable[Any]:
        table: DataTable[Any] = self.query_one("#plan-table", DataTable)
        table.clear(columns=True)
        for key, header in columns:
            table.add_column(header, key=key)
        return table

    def _show_recommendations(self, lines: list[Recommendation]) -> None:
        table = self._table([("rank", "序"), ("asset_no", "资产编号"), ("name", "名称"), ("decision", "建议"),
                             ("tce", "年节能tce"), ("invest", "投资"), ("payback", "回收期(年)"), ("reason", "理由")])
        for ln in lines:
            reason = ln.reason + (f"（缺少：{field_list(ln.missing_fields)}）" if ln.missing_fields else "")
            table.add_row(str(ln.rank) if ln.rank > 0 else "—", ln.asset_no, ln.name, ln.decision_label,
                          _fmt(ln.annual_saving_tce), _fmt(ln.investment_yuan and ln.investment_yuan / 10_000,
                                                           "{:,.1f}万"),
                          _fmt(ln.payback_years), reason)
        self._status(f"改造建议 {len(lines)} 条：强制淘汰在前（按期限），其次安全评估，再按经济性排序")

    def _show_plan(self, solved: SolvedPlan) -> None:
        self.solved = solved
        s = solved.result.schedule
        table = self._table([("year", "年份"), ("asset_no", "资产编号"), ("name", "名称"), ("action", "措施"),
                             ("mandatory", "强制"), ("invest", "投资"), ("tce", "年节能tce"), ("tco2", "年减碳tCO2")])
        for it in sorted(solved.result.items, key=lambda it: (it.year or 0, not it.mandatory, it.equipment_id)):
            asset_no, name = solved.names.get(it.equipment_id, ("", ""))
            table.add_row(str(it.year), asset_no, name, labels.label("action", it.action), "是" if it.mandatory else "",
                          money_text(it.investment_yuan), f"{it.annual_saving_tce:,.2f}", f"{it.annual_saving_tco2:,.2f}")
        years = "；".join(f"{y}年 预算{money_text(b)} 安排{money_text(sp)}"
                         for y, b, sp in zip(s.years, s.budget_yuan, s.spend_yuan, strict=True))
        state = f"已保存为第 {solved.result.plan_id} 号计划" if solved.stored else "尚未保存：按 Ctrl+A 采纳并保存"
        targets = "".join(f" · 目标 {y}年节能水平及以上≥{share:.0%}" for y, share in solved.request.targets)
        short = solved.result.shortfall_yuan_by_year
        unfunded = (f"\n预算不足：{len(solved.result.unfunded)} 台强制淘汰设备未获资金，"
                    + "；".join(f"{y}年缺口{money_text(v)}" for y, v in short.items())) if short else ""
        self._status(f"{state}（{solved.scope.description}） · {len(solved.result.items)} 项 · {years}{targets} · "
                     f"求解 {s.method}（{s.status}，"
                     f"{s.seconds:.1f} 秒）" + unfunded + "".join(f"\n提示：{n}" for n in solved.result.excluded[:3]))
        if solved.stored:
            self.notify(f"已采纳并保存第 {solved.result.plan_id} 号更新计划")
