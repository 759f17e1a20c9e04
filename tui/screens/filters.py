"""筛选: choose category, level, status, site, "has a finding" and "past design life" for the ledger."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Label, Select

from equipinv import labels
from tui.ledger_query import LedgerFilter


def _options(mapping: dict[str, str]) -> list[tuple[str, str]]:
    return [(zh, code) for code, zh in mapping.items()]


class FilterScreen(ModalScreen[LedgerFilter | None]):
    """Returns the new filter (the search text and sort order are kept), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消"),
        Binding("ctrl+s", "apply", "应用"),
    ]

    def __init__(self, current: LedgerFilter, sites: list[str], enterprises: list[tuple[int, str]]) -> None:
        super().__init__()
        self.current = current
        self.sites = sites
        self.enterprises = enterprises

    def compose(self) -> ComposeResult:
        c = self.current
        with VerticalScroll(id="filter-box"):
            yield Label("[b]筛选设备[/b]")
            yield Label("企业")
            yield Select([(name, str(eid)) for eid, name in self.enterprises], prompt="全部", compact=True, id="f-enterprise",
                         value=str(c.enterprise_id) if c.enterprise_id is not None else Select.NULL)
            yield Label("设备类别")
            yield Select(_options(labels.CATEGORIES), prompt="全部", compact=True, value=c.category or Select.NULL,
                         id="f-category")
            yield Label("能效水平")
            yield Select(_options(labels.LEVELS), prompt="全部", compact=True, value=c.level or Select.NULL, id="f-level")
            yield Label("使用状态")
            yield Select(_options(labels.STATUSES), prompt="全部", compact=True, value=c.status or Select.NULL, id="f-status")
            yield Label("厂区/车间")
            yield Select([(s, s) for s in self.sites], prompt="全部", compact=True, value=c.site or Select.NULL, id="f-site")
            yield Checkbox("有淘汰发现或提示", c.has_finding, id="f-finding")
            yield Checkbox("须强制淘汰", c.mandatory, id="f-mandatory")
            yield Checkbox("已达或超过设计年限", c.past_design_life, id="f-life")
            with Horizontal(id="filter-buttons"):
                yield Button("应用 (Ctrl+S)", variant="primary", id="apply")
                yield Button("全部清除", id="clear")
                yield Button("取消 (Esc)", id="cancel")

    def _value(self, selector: str) -> str | None:
        value = self.query_one(selector, Select).value
        return None if value is Select.NULL else str(value)

    def action_apply(self) -> None:
        self.dismiss(self.current.with_(
            category=self._value("#f-category"), level=self._value("#f-level"), status=self._value("#f-status"),
            site=self._value("#f-site"), enterprise_id=int(e) if (e := self._value("#f-enterprise")) else None,
            has_finding=self.query_one("#f-finding", Checkbox).value,
            mandatory=self.query_one("#f-mandatory", Checkbox).value,
            past_design_life=self.query_one("#f-life", Checkbox).value))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "apply":
            self.action_apply()
        elif event.button.id == "clear":
            self.dismiss(LedgerFilter(text=self.current.text, sort_key=self.current.sort_key,
                                      descending=self.current.descending))
        else:
            self.dismiss(None)
