"""帮助 (?): the keys of the screen underneath and the habits of the whole app, in Chinese."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

GENERAL = (
    ("1 / 2 / 3 / 4 / 5", "概况 / 设备台账 / 更新规划 / 生成报表 / 对账销号（主管部门）"),
    ("Alt+1 … Alt+5", "同上，任何时候都可用：光标在输入框或下拉框中时数字键用于输入，底栏随之显示 Alt+数字"),
    ("Ctrl+P", "命令面板：输入关键字查找任何功能"),
    ("Esc", "返回上一屏（或关闭对话框）"),
    ("Tab / Shift+Tab", "在输入框、表格、按钮之间移动"),
    ("?", "本帮助"),
    ("Ctrl+Q", "退出"),
)
TIPS = ("数量可带单位输入：75 kW、100 hp、1250 kVA、10 t/h；日期可写 2009-06-15、2009年6月、2009.6。\n"
        "出错时右下角提示原因和处理办法，不会丢失已保存的数据。鼠标可用但不是必需的。")


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,q", "dismiss", "关闭")]

    def __init__(self, under: Screen[Any]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static("[b]帮助[/b]  本屏按键", id="help-title")
            yield Static(self._screen_keys())
            yield Static("[b]全局按键[/b]")
            yield Static(self._table(GENERAL))
            yield Static(TIPS, id="help-tips")

    def _screen_keys(self) -> Table:
        rows = []
        for binding in getattr(self.under, "BINDINGS", []):
            if isinstance(binding, Binding) and binding.description:
                rows.append((binding.key_display or binding.key, binding.description))
        return self._table(rows or [("—", "本屏没有专用按键")])

    @staticmethod
    def _table(rows: Any) -> Table:
        table = Table(show_header=False, box=None, padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column(overflow="fold")  # Chinese has no spaces to wrap at: fold, never cut with "…"
        for key, text in rows:
            table.add_row(key, text)
        return table
