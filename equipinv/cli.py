"""The `equipinv` command: global options, the command tree, and errors as one line.

This module is the composition root: it alone in the core may import `tui` and `reports`, and only
inside the commands that need them. Each group of commands lives in `equipinv/commands/`; this file
mounts them and turns every expected failure into a one-line Chinese + English message on stderr
with exit status 2 (bad input, nothing changed) or 1 (failed for another reason).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Annotated

import typer
from typer._click import exceptions as click_exceptions

from equipinv.cli_support import STATE, terminal_safe
from equipinv.errors import EquipinvError

app = typer.Typer(
    name="equipinv",
    help="设备台账与更新淘汰规划 (equipment inventory and retirement planner for the 2024 renewal campaign)",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)


@app.callback()
def _global_options(
    db: Annotated[
        str | None,
        typer.Option("--db", help="SQLite 文件路径或数据库 URL (SQLite path or SQLAlchemy URL; env EQUIPINV_DATABASE_URL)"),
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="配置文件 equipinv.toml (config file)")
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="出错时显示调用栈 (show tracebacks)")] = False,
    version: Annotated[bool, typer.Option("--version", help="显示版本并退出 (show the version and exit)",
                                          is_eager=True, callback=lambda shown: _show_version(shown))] = False,
) -> None:
    STATE.reset(db=db, config_path=config, debug=debug)


def _show_version(shown: bool) -> None:
    if shown:
        from importlib.metadata import PackageNotFoundError, version

        try:
            text = version("equipinv")
        except PackageNotFoundError:  # run from a source tree that was never installed
            text = "unknown"
        typer.echo(f"equipinv {text}")
        raise typer.Exit()


def _mount() -> None:
    """Every module in equipinv/commands/ has `register(app)`; mounting them in name order keeps the tree stable."""
    import importlib
    import pkgutil

    from equipinv import commands

    for module in sorted(m.name for m in pkgutil.iter_modules(commands.__path__)):
        importlib.import_module(f"equipinv.commands.{module}").register(app)


_mount()


def load_ui(module: str) -> ModuleType:
    """Import part of the UI or document layer (`tui...`, `reports...`) when a command needs it.

    The domain core never imports those packages; this composition root reaches them only here,
    lazily, so `import equipinv` stays free of Textual and reportlab.
    """
    if module.split(".")[0] not in ("tui", "reports"):
        raise ValueError(f"not a UI or document module: {module}")
    return importlib.import_module(module)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status.

    Errors are told apart by type only: an `EquipinvError` carries its exit status (2 bad input,
    1 failed operation); an OSError is a failed operation; anything else is an internal error.
    """
    command = typer.main.get_command(app)
    try:
        result = command.main(args=argv, prog_name="equipinv", standalone_mode=False)
        code = result if isinstance(result, int) else 0
    except click_exceptions.UsageError as exc:
        _say(f"用法错误：{exc.format_message()} (usage error)")
        code = 2
    except typer.Abort:
        _say("已取消 (aborted)")
        code = 1
    except typer.Exit as exc:
        code = exc.exit_code
    except (EquipinvError, OSError) as exc:
        _debug_traceback()
        _say(f"错误：{str(exc).removeprefix('错误：')}")
        code = exc.exit_code if isinstance(exc, EquipinvError) else 1
    except Exception as exc:  # the last guard: no traceback reaches a user
        _debug_traceback()
        _say(f"错误：内部错误 {type(exc).__name__}: {exc}；加 --debug 查看详情 (error: internal error; rerun with --debug)")
        code = 1
    return code


def _say(message: str) -> None:
    sys.stderr.write(terminal_safe(message.replace("\n", " ")) + "\n")


def _debug_traceback() -> None:
    if STATE.debug:
        import traceback

        traceback.print_exc()


def run() -> None:
    sys.exit(main())
