"""Errors as people should see them: a notification saying what went wrong and what to do, never a traceback.

Expected failures are `equipinv.errors.EquipinvError`s (bad input, a concurrent edit, a missing row, an
unreachable database): their Chinese + English message is shown with the advice their type carries. Anything else is written with
its traceback to a log file in the user log directory, and the notification names that file.
"""

from __future__ import annotations

import datetime as dt
import functools
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from platformdirs import user_log_dir

from equipinv.errors import EquipinvError


def log_path() -> Path:
    return Path(user_log_dir("equipinv", appauthor=False)) / "tui-errors.log"


def write_log(error: BaseException) -> Path:
    """Append the traceback to the log; returns where it went (or would have gone)."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {dt.datetime.now(dt.UTC).isoformat()}\n")
            handle.write("".join(traceback.format_exception(error)))
    except OSError:
        pass
    return path


def describe(error: BaseException) -> tuple[str, str, bool]:
    """(title, message, unexpected) of a notification for `error`; an unexpected error is also logged."""
    if isinstance(error, EquipinvError):  # by type, never by the message text: the error knows its advice
        return "操作未完成", f"{str(error).removeprefix('错误：')}\n{error.advice}", False
    if isinstance(error, OSError):
        return "文件或数据库错误", f"{error}\n请检查路径和权限后重试", False
    path = write_log(error)
    return "内部错误", (f"{type(error).__name__}: {error}\n详情已写入 {path}；"
                        f"请按 Esc 返回后重试 (internal error, logged)"), True


F = TypeVar("F", bound=Callable[..., Any])


def guarded(method: F) -> F:
    """Wrap a widget's handler so a failure becomes a notification instead of ending the app."""
    if _is_coroutine(method):
        @functools.wraps(method)
        async def run_async(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return await method(self, *args, **kwargs)
            except Exception as error:  # noqa: BLE001 - every failure becomes a notification
                self.app.report_error(error)
                return None
        return run_async  # type: ignore[return-value]

    @functools.wraps(method)
    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as error:  # noqa: BLE001 - every failure becomes a notification
            self.app.report_error(error)
            return None
    return run  # type: ignore[return-value]


def _is_coroutine(method: Callable[..., Any]) -> bool:
    import inspect

    return inspect.iscoroutinefunction(method)
