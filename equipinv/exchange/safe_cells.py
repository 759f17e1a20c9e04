"""Cells a spreadsheet would execute are written as text: a value starting with =, +, -, @ (or a tab or
carriage return) gets a leading apostrophe, the usual defence against formula injection (CSV/XLSX)."""

from __future__ import annotations

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: object) -> object:
    """`value` unchanged unless it is text a spreadsheet would run; then prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(_TRIGGERS):
        return "'" + value
    return value
