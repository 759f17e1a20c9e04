"""One labelled input of the unit form, with its own message line that validation fills as you type."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static


class FormField(Vertical):
    """A field name (canonical English), a Chinese label, an input and a message under it."""

    DEFAULT_CSS = """
    FormField { height: auto; margin: 0 1 0 0; }
    FormField > .field-message { color: $error; height: auto; }
    FormField > .field-hint { color: $text-muted; height: auto; }
    """

    def __init__(self, field: str, label: str, value: str = "", *, hint: str = "", **kwargs: Any) -> None:
        super().__init__(id=f"field-{field}", **kwargs)
        self.field = field
        self.label = label
        self.initial = value
        self.hint = hint

    def compose(self) -> ComposeResult:
        yield Label(self.label)
        yield Input(value=self.initial, placeholder=self.hint, id=f"input-{self.field}")
        yield Static("", classes="field-message")

    @property
    def value(self) -> str:
        return self.query_one(Input).value.strip()

    @property
    def changed(self) -> bool:
        return self.value != self.initial.strip()

    def show_error(self, message: str | None) -> None:
        self.query_one(".field-message", Static).update(message or "")
        self.set_class(bool(message), "invalid")
