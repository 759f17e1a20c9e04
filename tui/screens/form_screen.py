"""A screen that holds a form (unit add/edit, enterprise): leaving it with unsaved changes asks first.

Esc and the 取消 button leave at once when nothing was changed, and ask (tui.screens.confirm) when something
was; the app's quit asks the same for every form still open in any mode (`EquipinvApp.action_quit`).
Switching screens (Alt+digit) keeps the form as it was: a mode keeps its screens.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

from tui.screens.confirm import ConfirmScreen

DISCARD_QUESTION = "「{title}」有尚未保存的修改，离开将丢弃这些修改。确定离开吗？"


class FormScreen(Screen[None]):
    """Subclasses say what the form is (`form_title`), whether it was changed, and how it is saved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "保存"),
        Binding("escape", "leave", "取消"),
    ]

    form_title = "表单"

    def has_changes(self) -> bool:
        """True when a field or a choice differs from what the form opened with."""
        raise NotImplementedError

    def action_save(self) -> None:
        raise NotImplementedError

    def on_mount(self) -> None:
        self.app.open_forms.add(self)  # type: ignore[attr-defined]

    def on_unmount(self) -> None:
        self.app.open_forms.discard(self)  # type: ignore[attr-defined]

    def action_leave(self) -> None:
        """Close the form; with unsaved changes only after the user agreed to discard them."""
        if not self.has_changes():
            self.app.pop_screen()
            return

        def answer(discard: bool | None) -> None:
            if discard:
                self.app.pop_screen()

        self.app.push_screen(ConfirmScreen(DISCARD_QUESTION.format(title=self.form_title), confirm_label="放弃修改"),
                             answer)
