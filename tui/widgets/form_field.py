"""One labelled input of the unit form, with its own message line that validation fills as you type."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static


class FormField(Vertical):
    """A field name (canonical English), a Chinese label, a compact input and a message under it."""

    DEFAULT_CSS = """
    FormField { height: auto; margin: 0 1 0 0; }
    FormField > Horizontal { height: 1; }
    FormField Label { width: 14; }
    FormField Input { width: 1fr; }
    FormField > .field-message { color: $error; height: auto; display: none; }
    FormField.invalid > .field-message { display: block; }
    FormField.invalid Input { background: $error 25%; }
    """

    def __init__(self, field: str, label: str, value: str = "", *, hint: str = "", **kwargs: Any) -> None:
        super().__init__(id=f"field-{field}", **kwargs)
        self.field = field
        self.label = label
        self.initial = value
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(self.label)
            yield Input(value=self.initial, placeholder=self.hint, id=f"input-{self.field}", compact=True)
        yield Static("", classes="field-message", markup=False)

    @property
    def value(self) -> str:
        return self.query_one(Input).value.strip()

    @property
    def changed(self) -> bool:
        return self.value != self.initial.strip()

    def show_error(self, message: str | None) -> None:
        self.query_one(".field-message", Static).update(message or "")
        self.set_class(bool(message), "invalid")
