"""设备台账: the ledger table, one SQL page at a time, with search, filters, sorting and badges.

The table never holds more than one page (`PAGE_SIZE` rows); counting and fetching run in a thread
worker, so typing in the search box never freezes the screen. Search is debounced: the query runs
once the typing pauses. After the first page, a second worker loads the filter columns into memory
(`LedgerColumns`): from then on a filter or a keystroke costs milliseconds, not a pass over the table.
They are dropped (and loaded again) whenever the screen comes back from another screen or edits a unit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from sqlmodel import Session
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.markup import escape
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.worker import Worker, WorkerState

from equipinv import labels
from tui.errors import guarded
from tui.ledger_query import PAGE_SIZE, SORTABLE, LedgerFilter, LedgerPage, load_page, site_names
from tui.widgets.badges import date_text, finding_badge, level_badge, rating_text, status_text

if TYPE_CHECKING:
    from tui.ledger_columns import LedgerColumns

DEBOUNCE_SECONDS = 0.05  # the pause that ends a burst of typing; with the query, under the 100 ms of issue 18
COLUMNS: tuple[tuple[str, str, int | None], ...] = (  # key, header, width
    ("asset_no", "资产编号", 10), ("name", "设备名称", 14), ("category", "类别", 14), ("model", "型号", 12),
    ("rating", "额定值", 10), ("commissioned", "投运日期", 10), ("status", "状态", 6), ("level", "能效水平", 14),
    ("finding", "淘汰/提示", 10), ("enterprise", "企业", 20),
)
HEADERS = {"id": "录入顺序"} | {key: header for key, header, _ in COLUMNS}


def describe_filter(flt: LedgerFilter) -> str:
    """The filters in force, in Chinese, for the status line."""
    parts = []
    if flt.text:
        parts.append(f"搜索“{flt.text}”")
    if flt.category:
        parts.append(labels.label("category", flt.category))
    if flt.level:
        parts.append(labels.label("benchmark_level", flt.level))
    if flt.status:
        parts.append(labels.label("status", flt.status))
    if flt.site:
        parts.append(f"厂区 {flt.site}")
    if flt.enterprise_id is not None:
        parts.append("指定企业")
    if flt.has_finding:
        parts.append("有淘汰/提示")
    if flt.mandatory:
        parts.append("须强制淘汰")
    if flt.past_design_life:
        parts.append("超设计年限")
    if flt.exclude_eliminated and not flt.status:
        parts.append("不含已淘汰")
    return "、".join(parts) if parts else "无"


class LedgerScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "搜索", key_display="/"),
        Binding("f", "filters", "筛选"),
        Binding("c", "clear", "清除筛选"),
        Binding("s", "sort", "排序"),
        Binding("r", "reverse", "倒序"),
        Binding("n", "page(1)", "下页"),
        Binding("p", "page(-1)", "上页"),
        Binding("a", "app.add_unit", "新增"),
        Binding("e", "app.add_enterprise", "新增企业"),
        Binding("m", "app.import", "导入"),
        Binding("i", "toggle_idle", "闲置/在用"),
        Binding("x", "retire", "淘汰"),
        Binding("escape", "back", "返回"),
    ]

    def __init__(self, initial: LedgerFilter | None = None) -> None:
        super().__init__()
        self.filter = initial or LedgerFilter()
        self.page: LedgerPage | None = None
        self._debounce: Timer | None = None
        self.columns: LedgerColumns | None = None
        self._columns_generation = 0  # bumped when the columns go stale; a load started before is discarded
        self._columns_loading: int | None = None  # the generation being loaded
        self._keep_columns_on_resume = False  # back from the filter dialog: nothing was edited

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(value=self.filter.text, placeholder="搜索：资产编号、设备名称或型号（/）", id="search")
        yield Static("正在读取台账…", id="ledger-status")
        table: DataTable[Any] = DataTable(id="ledger-table", cursor_type="row", zebra_stripes=True)
        for key, header, width in COLUMNS:
            table.add_column(header, key=key, width=width)
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    def on_screen_resume(self) -> None:
        if self._keep_columns_on_resume:
            self._keep_columns_on_resume = False
        else:  # back from a unit, a form, an import…: what was edited there is not in the columns
            self.drop_columns()
        if self.page is not None:  # show the unit's new state
            self.reload(self.page.offset)

    # --- loading ------------------------------------------------------------------------------

    def reload(self, offset: int = 0) -> None:
        self._load(self.filter, offset)

    @work(thread=True, exclusive=True, group="ledger-page", exit_on_error=False)
    def _load(self, flt: LedgerFilter, offset: int) -> LedgerPage:
        columns = self.columns
        with Session(self.app.engine) as session:  # type: ignore[attr-defined]
            return load_page(session, flt, offset, today=self.app.today, columns=columns)  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="ledger-columns", exit_on_error=False)
    def _load_columns(self, generation: int) -> tuple[int, LedgerColumns]:
        from tui.ledger_columns import LedgerColumns  # numpy: not needed before the first page is shown

        with Session(self.app.engine) as session:  # type: ignore[attr-defined]
            return generation, LedgerColumns.load(session)

    def drop_columns(self) -> None:
        """Forget the in-memory columns (the ledger changed): filters go to SQL until they are loaded again."""
        self.columns = None
        self._columns_generation += 1

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group not in ("ledger-page", "ledger-columns"):
            return
        result = event.worker.result
        if event.state == WorkerState.SUCCESS and isinstance(result, LedgerPage):
            self._show(result)
        elif event.state == WorkerState.SUCCESS and isinstance(result, tuple):
            generation, columns = result
            self._columns_loading = None
            if generation == self._columns_generation:
                self.columns = columns
        elif event.state == WorkerState.ERROR and event.worker.error is not None:  # columns: not tried again
            self.app.report_error(event.worker.error)  # type: ignore[attr-defined]

    def _show(self, page: LedgerPage) -> None:
        table: DataTable[Any] = self.query_one(DataTable)
        keep = table.cursor_row if self.page is not None and page.offset == self.page.offset else 0
        self.page = page
        table.clear()
        for r in page.rows:
            table.add_row(
                r.asset_no, r.name, labels.label("category", r.category), r.model or "",
                rating_text(r.category, r.rated_power_kw, r.capacity_kva, r.capacity_t_h, r.capacity_mw),
                date_text(r.commissioning_date), status_text(r.status), level_badge(r.benchmark_level),
                finding_badge(r.mandatory_findings, r.open_findings), r.enterprise, key=str(r.id))
        if page.rows:
            table.move_cursor(row=min(keep, len(page.rows) - 1))
        self._status()
        if self.columns is None and self._columns_loading != self._columns_generation:
            self._columns_loading = self._columns_generation
            self._load_columns(self._columns_generation)

    def _status(self) -> None:
        page = self.page
        if page is None:
            return
        first, last = (page.offset + 1, page.offset + len(page.rows)) if page.rows else (0, 0)
        arrow = "↓" if self.filter.descending else "↑"
        self.query_one("#ledger-status", Static).update(
            f"共 [b]{page.total:,}[/b] 行、[b]{page.pieces:,}[/b] 台（套）· 第 {first:,}–{last:,} 行"
            f" · 筛选：{escape(describe_filter(self.filter))}"
            f" · 排序：{HEADERS.get(self.filter.sort_key, self.filter.sort_key)}{arrow}")

    def apply_filter(self, flt: LedgerFilter) -> None:
        self.filter = flt
        self.reload()

    # --- search and filters -------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _typed(self, event: Input.Changed) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        text = event.value
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, lambda: self._search(text))

    def _search(self, text: str) -> None:
        if text != self.filter.text:
            self.apply_filter(self.filter.with_(text=text))

    @on(Input.Submitted, "#search")
    def _submitted(self) -> None:
        self.query_one(DataTable).focus()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    @guarded
    def action_filters(self) -> None:
        from tui.screens.filters import FilterScreen
        from equipinv.services.units import enterprises

        with Session(self.app.engine) as session:  # type: ignore[attr-defined]
            sites = site_names(session)
        self._keep_columns_on_resume = True
        self.app.push_screen(FilterScreen(self.filter, sites, enterprises(self.app.context)),  # type: ignore[attr-defined]
                             self._filtered)

    def _filtered(self, flt: LedgerFilter | None) -> None:
        if flt is not None:
            self.apply_filter(flt)

    def action_clear(self) -> None:
        self.query_one("#search", Input).value = ""
        self.apply_filter(LedgerFilter(sort_key=self.filter.sort_key, descending=self.filter.descending))

    def action_sort(self) -> None:
        keys = list(SORTABLE)
        following = keys[(keys.index(self.filter.sort_key) + 1) % len(keys)] if self.filter.sort_key in keys else keys[0]
        self.apply_filter(self.filter.with_(sort_key=following, descending=False))

    def action_reverse(self) -> None:
        self.apply_filter(self.filter.with_(descending=not self.filter.descending))

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        if key in SORTABLE:
            same = key == self.filter.sort_key
            self.apply_filter(self.filter.with_(sort_key=key, descending=not self.filter.descending if same else False))

    def action_page(self, step: int) -> None:
        if self.page is None:
            return
        offset = self.page.offset + step * PAGE_SIZE
        if 0 <= offset < self.page.total:
            self.reload(offset)

    def action_back(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus:
            self.query_one(DataTable).focus()
        else:
            self.app.action_go_back()  # type: ignore[attr-defined]

    # --- unit actions -------------------------------------------------------------------------

    def selected_unit(self) -> int | None:
        table: DataTable[Any] = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(str(key.value))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.open_unit(int(str(event.row_key.value)))  # type: ignore[attr-defined]

    @guarded
    def action_toggle_idle(self) -> None:
        from equipinv.services.units import set_unit_status

        unit_id = self.selected_unit()
        row = next((r for r in (self.page.rows if self.page else []) if r.id == unit_id), None)
        if row is None or row.status == "eliminated":
            self.notify("已淘汰的设备不能改为闲置或在用", severity="warning")
            return
        status = "in_use" if row.status == "idle" else "idle"
        set_unit_status(self.app.context, row.id, status)  # type: ignore[attr-defined]
        self.notify(f"{row.asset_no} {row.name} 已标记为{labels.label('status', status)}")
        self.drop_columns()
        self.reload(self.page.offset if self.page else 0)

    def action_retire(self) -> None:
        from tui.screens.unit_detail import confirm_retire

        unit_id = self.selected_unit()
        row = next((r for r in (self.page.rows if self.page else []) if r.id == unit_id), None)
        if row is not None:
            confirm_retire(self, row.id, f"{row.asset_no} {row.name}",
                           lambda: (self.drop_columns(), self.reload(self.page.offset if self.page else 0)))
