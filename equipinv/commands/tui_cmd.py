"""`equipinv tui`: open the terminal app on the ledger given by the global --db option."""

from __future__ import annotations

import typer

from equipinv.cli_support import STATE


def register(app: typer.Typer) -> None:
    app.command("tui", help="打开终端界面：台账、分级、淘汰、规划、报表 (open the terminal app)")(tui)


def tui() -> None:
    from sqlalchemy.engine import make_url

    from equipinv.cli import load_ui  # the composition root reaches the UI, lazily
    from equipinv.collector import collect_as_usual

    collect_as_usual()  # the app is open all day: its cycles must be collected
    context = STATE.context()
    load_ui("tui.app").run(context.engine, db_label=make_url(str(context.engine.url)).render_as_string(hide_password=True),
                           config=context.config)
