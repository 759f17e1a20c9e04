"""A drop-down that keeps printable keys to itself, as a text field does.

Textual's `Select` lets a typed character bubble up to the screen and the app, so typing `TUI-001` in a
closed drop-down fired the digit that switches screens. Claiming the printable keys (`check_consume_key`)
removes every printable shortcut of the screen and the app from the binding chain while it has focus — the
footer then shows the Alt+digit form of the screen keys instead (see `tui.app`).
"""

from __future__ import annotations

from typing import TypeVar

from textual.widgets import Select

T = TypeVar("T")


class DropDown(Select[T]):
    """A `Select` that, like an `Input`, consumes printable keys: no single-key shortcut fires while it has focus."""

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        return character is not None and character.isprintable()
