"""The equipinv terminal app: modes (概况, 台账, 规划, 报表, 销号), global keys, the command palette, errors.

The app holds the database engine and "today" (tests and snapshots freeze it); screens read and write
through `tui.ledger_query`, `tui.overview_data` and the core's use cases (`equipinv.services`), with the
`Context` (engine, configuration, clock) the CLI built at start-up. No
traceback ever reaches the screen: a failure becomes a notification that says what to do
(`tui.errors`), and an unexpected one is logged to a file the notification names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from importlib import import_module
from typing import TYPE_CHECKING, Any, ClassVar

import sqlalchemy as sa
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.screen import ModalScreen, Screen
from textual.worker import WorkerFailed

from equipinv.config import Config
from equipinv.services.context import Context
from tui.errors import describe
from tui.screens.confirm import ConfirmScreen
from tui.screens.form_screen import FormScreen
from tui.screens.overview import OverviewScreen

if TYPE_CHECKING:
    from tui.ledger_query import LedgerFilter


def _screen_of(module: str, name: str) -> Callable[[], Screen[Any]]:
    """A mode's screen, its module imported on the first switch: the first screen (the overview) shows
    before the ledger, planning, report and closure screens (and the core they import) are loaded."""
    return lambda: getattr(import_module(module), name)()  # type: ignore[no-any-return]

SCREEN_KEYS = (("1", "overview", "概况"), ("2", "ledger", "台账"), ("3", "plan", "规划"), ("4", "reports", "报表"),
               ("5", "bureau", "销号"))
# What Textual 8 makes of Alt+1…Alt+5 in xterm, tmux or Windows Terminal (ESC then the digit): the characters
# macOS prints for Option+1…5 (its table of WezTerm sequences), which also arrive as such from a Mac's Option
# key. Only terminals speaking the kitty keyboard protocol send "alt+1" itself. Measured under tmux 3.3a.
ALT_DIGIT_CHARACTERS = {"inverted_exclamation_mark": "alt+1", "trade_mark_sign": "alt+2", "pound_sign": "alt+3",
                        "cent_sign": "alt+4", "infinity": "alt+5"}


def screen_key_bindings() -> list[Binding]:
    """Each mode on a digit and on Alt+digit.

    The digit works only while no text field or drop-down has focus: those consume printable keys
    (`Input`, `tui.widgets.drop_down.DropDown`), which takes the digit out of the binding chain. Alt+digit
    works everywhere (priority: a focused text field would otherwise type the "1" a terminal sends with
    it). The footer shows the first active key of an action, so it shows "1 概况" normally and
    "Alt+1 概况" while the user types.
    """
    bindings = []
    for digit, mode, label in SCREEN_KEYS:
        action = f"switch_mode('{mode}')"
        bindings += [Binding(digit, action, label),
                     Binding(f"alt+{digit}", action, label, key_display=f"Alt+{digit}", priority=True)]
    return bindings


class EquipinvApp(App[None]):
    """设备台账与更新淘汰规划 — keyboard first, mouse optional."""

    CSS_PATH = "app.tcss"
    TITLE = "设备台账与更新淘汰规划"
    MODES: ClassVar[dict[str, Any]] = {
        "overview": OverviewScreen, "ledger": _screen_of("tui.screens.ledger", "LedgerScreen"),
        "plan": _screen_of("tui.screens.plan", "PlanScreen"), "reports": _screen_of("tui.screens.reports", "ReportsScreen"),
        "bureau": _screen_of("tui.screens.bureau", "BureauScreen"),
    }
    DEFAULT_MODE = "overview"
    BINDINGS: ClassVar[list[BindingType]] = [
        *screen_key_bindings(),
        Binding("question_mark", "help", "帮助", key_display="?"),
        Binding("ctrl+p", "command_palette", "命令", show=False, priority=True),
        Binding("ctrl+q", "quit", "退出", priority=True),
        Binding("ctrl+c", "quit", show=False, priority=True),
    ]

    def __init__(self, engine: sa.Engine, *, today: dt.date | None = None, db_label: str = "",
                 config: Config | None = None) -> None:
        super().__init__()
        self.engine = engine
        self._today = today
        # what every use case runs with: the configuration given by --config and the app's clock
        self.context = Context(engine, config or Config(), clock=lambda: self.today, actor="tui")
        self.sub_title = db_label
        self.internal_errors: list[BaseException] = []
        self.open_forms: set[FormScreen] = set()  # forms mounted in any mode; quitting asks about unsaved ones

    @property
    def today(self) -> dt.date:
        """The date figures are computed for (frozen in tests and snapshots)."""
        return self._today or dt.date.today()

    async def on_event(self, event: events.Event) -> None:
        """Alt+digit as the terminal sent it (see ALT_DIGIT_CHARACTERS) becomes alt+digit before any widget
        sees it, so a focused text field does not type "£" instead of switching screens."""
        if isinstance(event, events.Key) and not event.is_forwarded and event.key in ALT_DIGIT_CHARACTERS:
            event = events.Key(ALT_DIGIT_CHARACTERS[event.key], None)
        await super().on_event(event)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No screen switch under a dialog (Alt+digit is a priority key and would reach past it)."""
        return not (action == "switch_mode" and isinstance(self.screen, ModalScreen))

    # --- errors -------------------------------------------------------------------------------

    def report_error(self, error: BaseException) -> str:
        """Show a failure as a notification (unexpected ones are also logged and remembered); returns the
        message, for a screen that keeps it on show."""
        if isinstance(error, WorkerFailed):
            error = error.error
        title, message, unexpected = describe(error)
        if unexpected:
            self.internal_errors.append(error)
        self.notify(message, title=title, severity="error", timeout=10, markup=False)
        return message

    def _handle_exception(self, error: Exception) -> None:
        """Textual would exit and print a traceback; the app says what happened and keeps running."""
        self.report_error(error)

    async def action_quit(self) -> None:
        """Quit; with a form holding unsaved changes (in any mode) only after the user agreed to discard them."""
        unsaved = sorted(f.form_title for f in self.open_forms if f.has_changes())
        if not unsaved or isinstance(self.screen, ConfirmScreen):  # Ctrl+Q twice quits as well
            self.exit()
            return
        question = f"{'、'.join(f'「{t}」' for t in unsaved)}有尚未保存的修改，退出将丢弃这些修改。确定退出吗？"
        self.push_screen(ConfirmScreen(question, confirm_label="退出"), lambda yes: self.exit() if yes else None)

    # --- navigation ---------------------------------------------------------------------------

    def open_ledger(self, flt: LedgerFilter) -> None:
        """The ledger filtered as `flt`, on top of the current screen (Esc comes back)."""
        from tui.screens.ledger import LedgerScreen

        self.push_screen(LedgerScreen(initial=flt))

    def open_unit(self, unit_id: int) -> None:
        from tui.screens.unit_detail import UnitScreen

        self.push_screen(UnitScreen(unit_id))

    def action_add_enterprise(self) -> None:
        from tui.screens.enterprise_form import EnterpriseFormScreen

        self.push_screen(EnterpriseFormScreen())

    def action_add_unit(self) -> None:
        from tui.screens.unit_form import UnitFormScreen

        self.push_screen(UnitFormScreen(None))

    def action_go_back(self) -> None:
        """Esc: close the screen on top, or from a mode's first screen go back to the overview."""
        if len(self.screen_stack) > 1:
            self.pop_screen()
        elif self.current_mode != "overview":
            self.switch_mode("overview")

    def action_import(self) -> None:
        from tui.screens.importing import ImportScreen

        self.push_screen(ImportScreen())

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_command_palette(self) -> None:
        if not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CommandPalette(placeholder="搜索命令…", id="--command-palette"))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield SystemCommand("概况", "设备总体情况：类别、能效水平、超设计年限、淘汰期限、规划", self._mode("overview"))
        yield SystemCommand("设备台账", "查看、搜索、筛选全部设备", self._mode("ledger"))
        yield SystemCommand("新增设备", "在台账中录入一台设备", self.action_add_unit)
        yield SystemCommand("新增企业", "录入企业（信用代码、行政区划、行业），再为它录入或导入设备", self.action_add_enterprise)
        yield SystemCommand("导入台账", "导入 Excel/CSV 台账，或汇总收件箱中的调查包", self.action_import)
        yield SystemCommand("更新规划", "改造建议排序与按年度预算优化的更新计划", self._mode("plan"))
        yield SystemCommand("生成报表", "四张清单与汇总报告（PDF / XLSX）", self._mode("reports"))
        yield SystemCommand("对账销号", "淘汰进度台账：标记完成、核验销号；按地区、行业汇总", self._mode("bureau"))
        from tui.ledger_query import LedgerFilter

        yield SystemCommand("强制淘汰设备", "须依法淘汰的设备（淘汰目录、强制标准、报废年限）",
                            lambda: self.open_ledger(LedgerFilter(mandatory=True)))
        yield SystemCommand("超设计年限设备", "使用年限已达设计年限的设备",
                            lambda: self.open_ledger(LedgerFilter(past_design_life=True)))
        yield SystemCommand("帮助", "按键说明", self.action_help)
        yield SystemCommand("切换主题", "浅色 / 深色", self.action_change_theme)
        yield SystemCommand("退出", "退出程序", self.action_quit)

    def _mode(self, mode: str) -> Any:
        return lambda: self.switch_mode(mode)


def run(engine: sa.Engine, db_label: str = "", config: Config | None = None) -> None:
    """Run the app in the terminal (the `equipinv tui` command, which passes the loaded --config)."""
    EquipinvApp(engine, db_label=db_label, config=config).run()
