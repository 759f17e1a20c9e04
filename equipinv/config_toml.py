"""The effective configuration written as an equipinv.toml a user can copy, edit and load again.

`config show` prints this: every key in its section with its effective value and, as a comment, where
the value came from (default with its source, or the config file). A key with no value (a coefficient
nobody has sourced yet) is written commented out, so the printed file loads back to the same settings.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping
from typing import Any

from equipinv.config import Config


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else "nan"
    return json.dumps(str(value), ensure_ascii=False)  # a TOML basic string is a JSON string


def _line(key: str, value: Any, origin: str) -> str:
    if value is None:
        return f"# {key} =  # 未设置（{origin}）"
    return f"{key} = {_literal(value)}  # {origin}"


def _section(config: Config, name: str, obj: Any) -> list[str]:
    """One dataclass section: scalar keys first, then a sub-table per mapping-valued key (TOML's order)."""
    scalars, tables = [f"[{name}]"], []
    for f in dataclasses.fields(obj):
        key, value = f"{name}.{f.name}", getattr(obj, f.name)
        if isinstance(value, Mapping):
            tables.append("")
            tables.append(f"[{key}]")
            tables.extend(_line(sub, v, config.origin(f"{key}.{sub}")) for sub, v in value.items())
        else:
            scalars.append(_line(f.name, value, config.origin(key)))
    return scalars + tables


def render_toml(config: Config) -> str:
    """The effective settings as TOML, each with its origin in a comment."""
    lines = ["# equipinv 生效的配置 (effective configuration)",
             f"# 配置文件：{config.path or '未使用（全部为默认值）'}", ""]
    lines += _section(config, "coefficients", config.coefficients) + [""]
    lines += _section(config, "economics", config.economics)
    by_category: dict[str, list[str]] = {}
    for (category, action), entry in sorted(config.prices.entries.items()):
        origin = (config.origin(f"prices.{category}.{action}") if (category, action) in config.prices.overridden
                  else f"默认 元/{entry.basis}，{entry.status}：{entry.source}")
        by_category.setdefault(category, []).append(_line(action, entry.yuan_per_basis, origin))
    for category, entries in by_category.items():
        lines += ["", f"[prices.{category}]", *entries]
    lines += ["", "[pdf]", _line("font", config.pdf_font, config.origin("pdf.font") if config.pdf_font
                                 else "默认：内置字体 Equipinv Sans SC")]
    return "\n".join(lines) + "\n"
