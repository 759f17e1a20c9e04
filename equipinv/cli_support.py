"""What every command shares: the open database, JSON and table output, user-facing errors.

Commands print results to stdout (one JSON document with `--json`, else a table), and progress and
warnings to stderr, so `equipinv ... --json | jq` always gets clean JSON.
"""

from __future__ import annotations

import _json
import dataclasses
import datetime as dt
import functools
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlalchemy as sa

from equipinv import errors
from equipinv.errors import BadInput

if TYPE_CHECKING:
    from equipinv.config import Config
    from equipinv.services.context import Context


class UserError(BadInput, ValueError):
    """Bad input or usage: exit status 2, nothing changed; the message is Chinese + English."""


class OperationFailed(errors.OperationFailed, RuntimeError):
    """An operation that failed for another reason: exit status 1, with the reason."""


@dataclass
class AppState:
    """Global options of one invocation; the engine is opened on first use only."""

    db: str | None = None
    config_path: Path | None = None
    debug: bool = False
    _engine: sa.Engine | None = field(default=None, repr=False)
    _config: Config | None = field(default=None, repr=False)

    def reset(self, *, db: str | None, config_path: Path | None, debug: bool) -> None:
        """A new invocation: forget the previous one's database (main() may run many times in a process)."""
        if self._engine is not None:
            self._engine.dispose()
        self.db, self.config_path, self.debug, self._engine, self._config = db, config_path, debug, None, None

    def engine(self, *, create: bool = False) -> sa.Engine:
        """The --db ledger; only `init` and `demo` pass `create` (a mistyped path is refused, not created)."""
        if self._engine is None:
            from equipinv.db import open_database

            self._engine = open_database(self.db, create=create)
        return self._engine

    def context(self, today: dt.date | None = None) -> Context:
        """What the use cases run with: this invocation's database and --config, the clock (`today` freezes it)."""
        from equipinv.config import load_config
        from equipinv.services.context import Context

        if self._config is None:
            self._config = load_config(self.config_path)
        return Context.on(self.engine(), self._config, today, actor="cli")


STATE = AppState()


def json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def emit_json(document: Any) -> None:
    """Exactly one JSON document on stdout, UTF-8, Chinese unescaped.

    An iterator inside the document (a generator of rows) is written as an array item by item, so a
    province's rows stream out instead of being held as one string; the text is what `json.dumps`
    with indent=2 would write for the same lists. The pieces reach stdout `_WRITE_PIECES` at a time:
    one `write` per row cost a fifth of writing `recommend --json`.
    """
    pieces: list[str] = []

    def write(text: str) -> None:
        pieces.append(text)
        if len(pieces) >= _WRITE_PIECES:
            sys.stdout.write("".join(pieces))
            pieces.clear()

    _write_json(document, 0, write)
    sys.stdout.write("".join(pieces) + "\n")


_WRITE_PIECES = 512  # pieces of text joined into one write to stdout (a few hundred rows)


def _write_json(value: Any, level: int, write: Callable[[str], Any]) -> None:
    pad = "  " * level
    if isinstance(value, Iterator):
        empty = True
        for item in value:
            write(("[" if empty else ",") + "\n" + pad + "  ")
            _write_json(item, level + 1, write)
            empty = False
        write("[]" if empty else "\n" + pad + "]")
    elif (text := _flat_text(value, pad)) is not None:  # a row: no iterator inside
        write(text)
    elif isinstance(value, Mapping) and any(isinstance(v, Iterator) for v in value.values()):
        for n, (key, item) in enumerate(value.items()):
            write(("{" if n == 0 else ",") + "\n" + pad + "  " + json.dumps(key, ensure_ascii=False) + ": ")
            _write_json(item, level + 1, write)
        write("\n" + pad + "}")
    else:
        write(_indented(value, pad))


_SCALARS = frozenset((str, int, float, bool, type(None)))  # exact types: a subclass goes the general way
_SCALARS_OR_LIST = _SCALARS | {list}


def _indented(value: Any, pad: str) -> str:
    """`json.dumps(value, indent=2)`, each line after the first shifted by `pad`."""
    text = _flat_text(value, pad)
    if text is None:
        return json.dumps(value, ensure_ascii=False, default=json_default, indent=2).replace("\n", "\n" + pad)
    return text


def _flat_text(value: Any, pad: str) -> str | None:
    """`_indented` of a non-empty dict with text keys and plain values or lists of them (a list's row, a
    recommendation line); None for anything else.

    An indented dump runs in the pure-Python encoder, which cost half of `recommend --json`. Such a dict is
    written by the C encoder in one call instead, its item separator carrying the newline and indent: the
    same text, as no encoded value holds a raw newline. Its non-empty lists (which that separator would lay
    out wrongly) are written empty, then each is put in place of its `"key": []`, found after the newline
    that starts every item."""
    if type(value) is not dict or not value or set(map(type, value)) != {str}:
        return None
    kinds = set(map(type, value.values()))
    lists: dict[str, list[Any]] = {}
    if not kinds <= _SCALARS:
        if not kinds <= _SCALARS_OR_LIST:
            return None
        lists = {key: item for key, item in value.items() if type(item) is list and item}
        if not all(set(map(type, item)) <= _SCALARS for item in lists.values()):
            return None
    inner = pad + "  "
    text = "{\n" + inner + _inline(value | dict.fromkeys(lists, []) if lists else value, inner)[1:-1] + "\n" + pad + "}"
    for key, item in lists.items():
        item_start = "\n" + inner + _encode_text(key) + ": "
        text = text.replace(item_start + "[]", item_start + "[\n" + inner + "  " + _inline(item, inner + "  ")[1:-1]
                            + "\n" + inner + "]", 1)
    return text


@functools.cache
def _line_encoder(pad: str) -> Callable[[Any, int], list[str]]:
    """The C encoder json.dumps(ensure_ascii=False) uses, its items separated by a new line indented by `pad`."""
    return _json.make_encoder(None, json_default, _encode_text, None, ": ", ",\n" + pad, False, False, True)


def _inline(value: dict[str, Any] | list[Any], pad: str) -> str:
    """A flat dict or list with each item on a line of its own indented by `pad`, brackets on the first and last."""
    return "".join(_line_encoder(pad)(value, 0))


_encode_text = json.encoder.encode_basestring  # the C function json.dumps(ensure_ascii=False) uses


#: Rows a table shows on screen unless the user asks for all (rich measures every cell before printing).
PAGE_ROWS = 50


def page_of(rows: Sequence[Any], show_all: bool) -> Sequence[Any]:
    """The rows a screen shows: the first `PAGE_ROWS`, or all with --all."""
    return rows if show_all else rows[:PAGE_ROWS]


def print_page(title: str | None, columns: Sequence[str], page: Sequence[Sequence[object]], *, total: int,
               rest_hint: str) -> None:
    """A page of rows as a table, then the total and how to get the rest (`rest_hint`) when rows are left out."""
    print_table(title, columns, page)
    if len(page) < total:
        sys.stdout.write(f"共 {total:,} 行，显示前 {len(page):,} 行；全部：{rest_hint} "
                         f"(showing {len(page):,} of {total:,} rows)\n")


@contextmanager
def working(message: str, *, quiet: bool = False) -> Iterator[None]:
    """A spinner with `message` on stderr while a long step runs; nothing when `quiet` (--json) or not a terminal."""
    if quiet or not sys.stderr.isatty():
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(message):
        yield


def progress_bar(total: int, description: str, *, quiet: bool = False) -> Callable[[int, int], None] | None:
    """A rich progress bar on stderr, fed `(done, total)`; None when `quiet`, small or not a terminal."""
    if quiet or total < 2000 or not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import Progress

    bar = Progress(console=Console(stderr=True), transient=True)
    task = bar.add_task(description, total=total)
    bar.start()

    def show(done: int, total_rows: int) -> None:
        bar.update(task, completed=done, total=total_rows)
        if done >= total_rows:
            bar.stop()

    return show


def warn(message: str) -> None:
    sys.stderr.write(message + "\n")


def terminal_safe(text: str) -> str:
    """Text for the terminal: control, zero-width and bidirectional characters shown as escapes (\\x1b,
    \\u202e), so a stored name cannot move the cursor, recolour the screen or reverse what follows."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == "\n" else (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")
                   for c in text)


def print_table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """A human-readable table (rich measures CJK width, so columns line up); cells are shown as text,
    never as rich markup or terminal controls."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=None if title is None else escape(terminal_safe(title)), show_lines=False)
    for name in columns:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else escape(terminal_safe(_fmt(v))) for v in row))
    Console(soft_wrap=False, width=max(120, Console().width)).print(table)


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) >= 100 else f"{value:.4g}"
    return str(value)


def parse_assignments(pairs: Sequence[str]) -> dict[str, str]:
    """KEY=VALUE arguments (values may hold spaces and '=')."""
    result: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UserError(f'参数 "{pair}" 应写成 键=值 (error: argument "{pair}" must be KEY=VALUE)')
        result[key.strip()] = value.strip()
    return result


def parse_cli_date(text: str | None) -> dt.date | None:
    """A date option as people write it (2026-11-22, 2026年11月); None stays None."""
    if text is None:
        return None
    from equipinv.validation import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise UserError(f'日期 "{text}" 无法识别 (error: "{text}" is not a date)') from exc


def record_dict(row: Any, keys: Sequence[str] | None = None) -> dict[str, Any]:
    """A stored row as a plain dict (for JSON output)."""
    data: Mapping[str, Any] = row.model_dump() if hasattr(row, "model_dump") else dict(row)
    return {k: data[k] for k in keys} if keys else dict(data)
