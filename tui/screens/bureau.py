"""主管部门 (bureau mode): the progress ledger of eliminations where staff mark items done and verified
(对账销号), the dekad / month progress with the problem list, and the roll-up by region or industry."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, Select, Static

from equipinv import labels
from equipinv.bureau.disposal import DISPOSAL_ROUTES, Disposal
from equipinv.elimination_basis import CAMPAIGN_END_YEAR
from equipinv.services import closure as closing
from equipinv.validation import parse_date
from tui import bureau_service as service
from tui.errors import guarded
from tui.widgets.badges import money_text
from tui.widgets.drop_down import DropDown

STATUS_STYLE = {"planned": "yellow", "done": "cyan", "verified": "green"}


Answer = tuple[dt.date, str, Disposal | None]


class ClosureDialog(ModalScreen[Answer | None]):
    """A date and a text (evidence, or the verifier's name) for one move of an elimination record; marking
    done also asks how the unit left (route, recipient, certificate number, quantity)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消"),
        Binding("ctrl+s", "ok", "确认"),
    ]

    def __init__(self, title: str, text_label: str, today: dt.date, *, disposal: bool = False) -> None:
        super().__init__()
        self.title_text, self.text_label, self.today, self.asks_disposal = title, text_label, today, disposal

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(self.title_text, id="closure-title", markup=False)
            yield Label("日期（如 2026-11-20、2026年11月20日）")
            yield Input(self.today.isoformat(), id="closure-date")
            yield Label(self.text_label)
            yield Input(id="closure-text")
            if self.asks_disposal:
                yield Label("处置方式")
                yield DropDown([(zh, code) for code, zh in DISPOSAL_ROUTES.items()], value="recycle",
                               allow_blank=False, compact=True, id="closure-route")
                yield Label("接收单位")
                yield Input(id="closure-recipient")
                yield Label("资质或报废机动车回收证明编号（车辆必填）")
                yield Input(id="closure-certificate")
                yield Label("数量")
                yield Input("1", id="closure-quantity")
            yield Static("", id="closure-message")
            with Horizontal(id="confirm-buttons"):
                yield Button("确认 (Ctrl+S)", variant="primary", id="ok")
                yield Button("取消 (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#closure-text", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_ok() if event.button.id == "ok" else self.dismiss(None)

    def action_ok(self) -> None:
        text = self.query_one("#closure-text", Input).value.strip()
        try:
            day = parse_date(self.query_one("#closure-date", Input).value)
        except ValueError:
            self.query_one("#closure-message", Static).update("[red]日期无法识别，请按 2026-11-20 的格式填写[/]")
            return
        if not text:
            self.query_one("#closure-message", Static).update(f"[red]请填写{self.text_label}[/]")
            return
        disposal = None
        if self.asks_disposal:
            quantity = self.query_one("#closure-quantity", Input).value.strip()
            if not quantity.isdigit():
                self.query_one("#closure-message", Static).update(f"[red]数量 \"{escape(quantity)}\" 应为正整数[/]")
                return
            disposal = Disposal(str(self.query_one("#closure-route", Select).value),
                                self.query_one("#closure-recipient", Input).value,
                                self.query_one("#closure-certificate", Input).value, quantity=int(quantity))
        self.dismiss((day, text, disposal))

    def action_cancel(self) -> None:
        self.dismiss(None)


class BureauScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "done", "标记完成"),
        Binding("v", "verify", "核验销号"),
        Binding("l", "show('records')", "销号台账"),
        Binding("g", "show('region')", "按地区汇总"),
        Binding("h", "show('industry')", "按行业汇总"),
        Binding("escape", "app.go_back", "返回"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view = "records"
        self.rows: list[service.RecordRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="bureau-bar", classes="select-row"):
            yield Label("状态")
            yield DropDown([(zh, code) for code, zh in labels.ELIMINATION_STATUSES.items()], prompt="全部",
                           compact=True, id="bureau-status")
            yield Label("周期")
            yield DropDown([("本旬", "dekad"), ("本月", "month")], value="dekad", allow_blank=False, compact=True,
                           id="bureau-period")
        yield Static("", id="bureau-summary")
        yield DataTable(id="bureau-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()
        self.query_one("#bureau-table").focus()

    def on_select_changed(self) -> None:
        self.refresh_view()

    def action_show(self, view: str) -> None:
        self.view = view
        self.refresh_view()

    @guarded
    def refresh_view(self) -> None:
        period = str(self.query_one("#bureau-period", Select).value)
        p = closing.progress(self.app.context, period=period)  # type: ignore[attr-defined]
        t = p.total
        self.query_one("#bureau-summary", Static).update(
            f"{'本旬' if period == 'dekad' else '本月'}（{p.start}～{p.end}）：待淘汰 [b]{t.planned}[/b] · "
            f"已完成待核验 [b]{t.done}[/b] · 已核验销号 [b green]{t.verified}[/] · 逾期 [b red]{t.overdue}[/] · "
            f"本期完成 {t.done_in_period}、本期销号 {t.verified_in_period} · 问题清单 {len(p.problems)} 条")
        table: DataTable[Any] = self.query_one("#bureau-table", DataTable)
        table.clear(columns=True)
        if self.view == "records":
            self._records(table)
        else:
            self._rollup(table, self.view)

    def _records(self, table: DataTable[Any]) -> None:
        status = self.query_one("#bureau-status", Select).value
        self.rows, total = service.records(self.app.engine, None if status is Select.NULL else str(status))  # type: ignore[attr-defined]
        for key, header in (("enterprise", "企业"), ("asset_no", "资产编号"), ("name", "设备名称"), ("deadline", "期限"),
                            ("status", "状态"), ("done", "完成日期"), ("verified", "核验"), ("basis", "淘汰依据")):
            table.add_column(header, key=key)
        for r in self.rows:
            table.add_row(r.enterprise, r.asset_no, r.name,
                          r.deadline.isoformat() if r.deadline else f"{CAMPAIGN_END_YEAR}年底前",
                          f"[{STATUS_STYLE.get(r.status, '')}]{labels.label('elimination_status', r.status)}[/]",
                          r.done_date.isoformat() if r.done_date else "",
                          f"{r.verified_by} {r.verified_date}" if r.verified_date else "", r.basis, key=str(r.id))
        if total > len(self.rows):
            self.notify(f"共 {total} 条，只显示期限最近的 {len(self.rows)} 条；可按状态筛选", severity="warning")

    def _rollup(self, table: DataTable[Any], by: str) -> None:
        rows, total = service.roll_up(self.app.engine, by, self.app.today)  # type: ignore[attr-defined]
        columns = [("label", "地区" if by == "region" else "行业"), ("enterprises", "企业"), ("units", "设备（台/套）"),
                   *((lv, labels.LEVELS[lv]) for lv in labels.LEVELS), ("past", "超设计年限"), ("open", "未销号淘汰"),
                   ("invest", "计划投资"), ("tce", "年节能tce")]
        for key, header in columns:
            table.add_column(header, key=key)
        for r in [*rows, total]:
            table.add_row(r.label, str(r.enterprises), str(r.pieces), *(str(r.levels.get(lv, 0)) for lv in labels.LEVELS),
                          str(r.past_design_life), str(r.open_eliminations), money_text(r.plan_investment_yuan),
                          f"{r.plan_saving_tce:,.1f}", key=r.key)

    def _selected(self) -> service.RecordRow | None:
        table: DataTable[Any] = self.query_one("#bureau-table", DataTable)
        if self.view != "records" or not table.row_count:
            self.notify("请先在销号台账（L）中选中一条记录", severity="warning")
            return None
        key = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        return next((r for r in self.rows if str(r.id) == key), None)

    def action_done(self) -> None:
        row = self._selected()
        if row is not None:
            self.app.push_screen(ClosureDialog(f"标记已完成：{row.enterprise} {row.asset_no} {row.name}", "证明材料说明",
                                               self.app.today, disposal=True),  # type: ignore[attr-defined]
                                 lambda answer: self._move(row, answer, done=True))

    def action_verify(self) -> None:
        row = self._selected()
        if row is not None:
            self.app.push_screen(ClosureDialog(f"核验销号：{row.enterprise} {row.asset_no} {row.name}（设备将记为已淘汰）",
                                               "核验人", self.app.today),  # type: ignore[attr-defined]
                                 lambda answer: self._move(row, answer, done=False))

    @guarded
    def _move(self, row: service.RecordRow, answer: Answer | None, *, done: bool) -> None:
        if answer is None:
            return
        day, text, disposal = answer
        context = self.app.context  # type: ignore[attr-defined]
        if done:
            assert disposal is not None
            closing.mark_done(context, row.id, done_date=day, evidence=text, disposal=disposal,
                              expected_version=row.version)
        else:
            closing.verify(context, row.id, verified_date=day, verified_by=text, expected_version=row.version)
        self.notify(f"{row.asset_no} {row.name} 已{'标记完成' if done else '核验销号'}（已记入审计日志）")
        self.refresh_view()
