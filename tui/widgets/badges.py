"""Coloured badges for benchmark levels, statuses and findings, and the formatting of table cells."""

from __future__ import annotations

import datetime as dt

from rich.text import Text

from equipinv import labels

LEVEL_STYLES: dict[str, str] = {
    "advanced": "bold black on green",
    "energy_saving": "bold black on cyan",
    "access": "bold black on yellow",
    "below_access": "bold white on red",
    "ungraded": "dim",
}
STATUS_STYLES: dict[str, str] = {"in_use": "", "idle": "yellow", "eliminated": "dim strike"}


def level_badge(level: str | None) -> Text:
    """The benchmark level in Chinese on its colour (red below access, green advanced)."""
    code = level or "ungraded"
    return Text(f" {labels.label('benchmark_level', code)} ", style=LEVEL_STYLES.get(code, ""))


def status_text(status: str) -> Text:
    return Text(labels.label("status", status), style=STATUS_STYLES.get(status, ""))


def finding_badge(mandatory: int, total: int) -> Text:
    """Red for a mandatory elimination, yellow for other findings, nothing when clean."""
    if mandatory:
        return Text(" 强制淘汰 ", style="bold white on red")
    if total:
        return Text(f" {total}项提示 ", style="black on yellow")
    return Text("")


def rating_text(category: str, power_kw: float | None, kva: float | None, t_h: float | None,
                mw: float | None) -> str:
    """The headline rating of a unit with its unit (kW, kVA, t/h or MW)."""
    if category == "transformer" and kva is not None:
        return f"{kva:g} kVA"
    if category == "boiler" and (t_h is not None or mw is not None):
        return f"{t_h:g} t/h" if t_h is not None else f"{mw:g} MW"
    return f"{power_kw:g} kW" if power_kw is not None else ""


def date_text(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def money_text(yuan: float) -> str:
    """Yuan as 万元 (ten-thousands), the unit plans are read in."""
    return f"{yuan / 10_000:,.1f} 万元"
