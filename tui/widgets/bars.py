"""A horizontal bar chart whose rows can be chosen: each bar is a way into the filtered ledger."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str
    style: str = "cyan"
    target: Any = None  # what choosing the bar opens (a LedgerFilter change)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_len(text))


class BarChart(OptionList):
    """Bars as options: arrow keys move, Enter opens the ledger filtered to that bar."""

    DEFAULT_CSS = "BarChart { height: auto; max-height: 14; }"

    def __init__(self, bars: list[Bar], *, bar_width: int = 24, **kwargs: Any) -> None:
        self.chart_bars = bars
        self.bar_width = bar_width
        super().__init__(*self._bar_options(), **kwargs)

    def _bar_options(self) -> list[Option]:
        top = max((b.value for b in self.chart_bars), default=0) or 1
        label_width = max((cell_len(b.label) for b in self.chart_bars), default=0)
        options = []
        for i, bar in enumerate(self.chart_bars):
            filled = round(self.bar_width * bar.value / top)
            text = Text(_pad(bar.label, label_width) + " ")
            text.append("█" * filled, style=bar.style)
            text.append("·" * (self.bar_width - filled), style="dim")
            text.append(f" {bar.shown}")
            options.append(Option(text, id=str(i)))
        return options

    def set_bars(self, bars: list[Bar]) -> None:
        self.chart_bars = bars
        self.clear_options()
        self.add_options(self._bar_options())

    def chosen(self, option_id: str | None) -> Bar | None:
        return self.chart_bars[int(option_id)] if option_id is not None else None
