"""`equipinv config show`: the effective settings and where each came from."""

from __future__ import annotations

from typing import Annotated

import typer

from equipinv.cli_support import STATE, emit_json

config_app = typer.Typer(help="配置 (configuration)", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(config_app, name="config")


@config_app.command("show", help="显示生效的配置及来源 (show effective settings and their origin)")
def show(json_output: Annotated[bool, typer.Option("--json")] = False) -> None:
    from equipinv.config import default_config_path, load_config

    config = load_config(STATE.config_path)
    rows = config.rows()
    if json_output:
        emit_json({"path": str(config.path) if config.path else None, "default_path": str(default_config_path()),
                   "settings": [{"key": k, "value": v, "origin": o} for k, v, o in rows]})
        return
    from equipinv.config_toml import render_toml

    if config.path is None:
        typer.echo(f"# 可将以下内容保存为 {default_config_path()} 后修改 (save as the config file to edit)")
    typer.echo(render_toml(config), nl=False)
