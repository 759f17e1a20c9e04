"""The `equipinv` command: global options, the command tree, and errors as one line.

This module is the composition root: it alone in the core may import `tui` and `reports`, and only
inside the commands that need them. Each group of commands lives in `equipinv/commands/`; this file
mounts them and turns every expected failure into a one-line Chinese + English message on stderr
with exit status 2 (bad input, nothing changed) or 1 (failed for another reason).
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Annotated

import typer
from typer._click import exceptions as click_exceptions

from equipinv.cli_support import STATE, terminal_safe
from equipinv.collector import collector_paused
from equipinv.errors import BadInput, EquipinvError

app = typer.Typer(
    name="equipinv",
    help="设备台账与更新淘汰规划 (equipment inventory and retirement planner for the 2024 renewal campaign)",
    no_args_is_help=False,  # `equipinv` alone prints SHORT_USAGE, not the whole help
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    add_completion=True,  # typer's own --install-completion / --show-completion (bash, zsh, fish, PowerShell)
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},  # inherited by every subcommand
)

#: What `equipinv` alone prints: the commands a new user needs first.
SHORT_USAGE = """用法：equipinv [--db 文件或URL] 命令 [参数]   (usage: equipinv [--db PATH|URL] COMMAND [ARGS])

常用命令 (most used commands):
  init                          新建台账数据库 (create a ledger)
  demo --out 文件夹              生成演示台账并运行全流程 (the whole job on a demo ledger)
  template 文件.xlsx             生成设备台账 Excel 模板 (write the ledger template)
  import 文件.xlsx -e 企业        导入设备台账 (import a ledger)
  equipment fields [类别]        可填字段、单位和可选值 (the keys a unit takes)
  classify 类别 键=值...          对一台设备分级 (grade one unit)
  check / grade                 检查淘汰目录、能效分级 (check and grade the ledger)
  lists / report                输出清单、生成 PDF/XLSX 报告 (lists and reports)
  tui                           打开终端界面 (open the terminal app)

全部命令：equipinv -h；某命令的说明：equipinv 命令 -h；版本：equipinv --version
(all commands: equipinv -h; one command: equipinv COMMAND -h)"""


@app.callback()
def _global_options(
    ctx: typer.Context,
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
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:
        typer.echo(SHORT_USAGE)


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
    1 failed operation); an OSError is a failed operation; anything else is an internal error. With
    `--json` anywhere on the line, the error is a JSON object on stderr instead (same exit status).
    """
    args = sys.argv[1:] if argv is None else argv
    command = typer.main.get_command(app)
    try:
        with collector_paused():  # a command's rows hold no cycles to collect (equipinv.collector)
            result = command.main(args=args, prog_name="equipinv", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except typer.Exit as exc:
        return exc.exit_code
    except Exception as exc:  # the last guard: no traceback reaches a user
        error = _as_error(exc)
        _tell(error, json_output="--json" in args)
        return error.exit_code


def _as_error(exc: Exception) -> EquipinvError:
    """Every failure as an `EquipinvError` (its type gives the exit status), said in one line."""
    if isinstance(exc, click_exceptions.UsageError):
        return UsageError(f"用法错误：{exc.format_message()}", f"usage error: {exc.format_message()}")
    if isinstance(exc, typer.Abort):
        return Aborted("已取消", "aborted")
    _debug_traceback()
    if isinstance(exc, EquipinvError):
        return exc
    if isinstance(exc, OSError):
        return EquipinvError(str(exc))
    refused = _database_refusal(exc)
    if refused is not None:
        return refused
    return InternalError(f"内部错误 {type(exc).__name__}: {exc}；加 --debug 查看详情", "internal error; rerun with --debug")


class UsageError(BadInput):
    """The command line itself is wrong (unknown option, missing argument)."""


class Aborted(EquipinvError):
    """The user answered no, or pressed Ctrl-C at a prompt."""


class InternalError(EquipinvError):
    """A bug: not an expected failure."""


def _tell(error: EquipinvError, *, json_output: bool) -> None:
    """The error on stderr: one line of text, or with --json one object {code, field, value, message_zh, message_en}."""
    if json_output:
        import json

        code = re.sub(r"(?<!^)(?=[A-Z])", "_", type(error).__name__).lower()
        sys.stderr.write(json.dumps({"code": code, "exit_code": error.exit_code, "field": error.field,
                                     "value": None if error.value is None else str(error.value),
                                     "message_zh": error.message_zh.removeprefix("错误："),
                                     "message_en": error.message_en}, ensure_ascii=False) + "\n")
        return
    if isinstance(error, (UsageError, Aborted)):  # click's English text is already in message_zh
        _say(f"{error.message_zh} ({'usage error' if isinstance(error, UsageError) else 'aborted'})")
    else:
        _say(f"错误：{str(error).removeprefix('错误：')}")


def _database_refusal(exc: Exception) -> EquipinvError | None:
    """A driver error about the --db database itself (read-only file, server gone) said in one line, else None."""
    if "sqlalchemy" not in sys.modules:  # no database was opened: not a database error
        return None
    from equipinv.db import resolve_url
    from equipinv.db_target import refusal

    return refusal(exc, resolve_url(STATE.db))


def _say(message: str) -> None:
    sys.stderr.write(terminal_safe(message.replace("\n", " ")) + "\n")


def _debug_traceback() -> None:
    if STATE.debug:
        import traceback

        traceback.print_exc()


def run() -> None:
    sys.exit(main())
