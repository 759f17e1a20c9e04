"""The one error hierarchy of equipinv: every expected failure is an `EquipinvError`.

An error carries the field and the value it is about (where there is one) and its message in Chinese
and in English. Its type says what the fronts do with it: `BadInput` (bad input or usage, nothing
changed: exit status 2, a warning to correct the input) or `OperationFailed` (the operation could not
be done for another reason: exit status 1). Fronts decide by type — `exit_code`, `advice` — never by
searching the message text. Anything that is not an `EquipinvError` is a bug: the CLI says "internal
error", the TUI logs it.

Many messages were written as one text, "中文 (error: English)"; the base class splits such a text,
so `str(error)` stays the one line users see and `message_zh` / `message_en` are there for whoever
needs one language.
"""

from __future__ import annotations

_EN_MARK = " (error: "


class EquipinvError(Exception):
    """An expected failure: what went wrong (Chinese, English), and the field and value concerned."""

    exit_code = 1
    advice = "请检查后重试"  # what the TUI tells the user to do next

    def __init__(self, message_zh: str, message_en: str | None = None, *, field: str | None = None,
                 value: object = None) -> None:
        if message_en is None and message_zh.endswith(")") and _EN_MARK in message_zh:
            message_zh, _sep, rest = message_zh.rpartition(_EN_MARK)
            message_en = rest[:-1]
        self.message_zh = message_zh
        self.message_en = message_en or ""
        self.field = field
        self.value = value
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.message_zh}{_EN_MARK}{self.message_en})" if self.message_en else self.message_zh


class BadInput(EquipinvError, ValueError):
    """Bad input or usage: nothing was changed; the user corrects the input (exit status 2)."""

    exit_code = 2
    advice = "请改正后重试"


class OperationFailed(EquipinvError, RuntimeError):
    """The input was fine but the operation could not be done (exit status 1)."""

    exit_code = 1


class Conflict(OperationFailed):
    """Someone else changed the row first: the change is refused, not merged."""

    advice = "请按 Esc 返回，重新打开后再修改"

