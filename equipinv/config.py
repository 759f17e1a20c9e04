"""The user's configuration: one TOML file whose sections override the documented defaults.

`equipinv.toml` in the user config directory (or `--config FILE`) may hold `[coefficients]`
(energy and emission factors), `[economics]` (discount rate, prices, support measures), `[prices]`
(yuan per kW / kVA / t/h by category and action) and `[pdf]` (`font = "path[,index]"`). Defaults and
their sources live with their owners (`equipinv.planning.coefficients`, `...prices`); this module
only reads the file, applies it, and says where each effective value came from.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir

from equipinv.errors import BadInput
from equipinv.planning.coefficients import Coefficients, Economics
from equipinv.planning.prices import PriceTable

SECTIONS = ("coefficients", "economics", "prices", "pdf")


class ConfigError(BadInput, ValueError):
    """The configuration file is unreadable or holds a bad value (message names the key)."""


def default_config_path() -> Path:
    return Path(user_config_dir("equipinv", appauthor=False)) / "equipinv.toml"


@dataclass(frozen=True)
class Config:
    """Effective settings and the file they were read from (None: defaults only)."""

    coefficients: Coefficients = field(default_factory=Coefficients)
    economics: Economics = field(default_factory=Economics)
    prices: PriceTable = field(default_factory=PriceTable.default)
    pdf_font: str | None = None
    path: Path | None = None
    overridden: frozenset[str] = frozenset()

    def rows(self) -> list[tuple[str, Any, str]]:
        """(key, effective value, origin) for `config show`."""
        rows: list[tuple[str, Any, str]] = []
        for section, obj in (("coefficients", self.coefficients), ("economics", self.economics)):
            for f in dataclasses.fields(obj):
                key = f"{section}.{f.name}"
                value = getattr(obj, f.name)
                value = dict(value) if isinstance(value, Mapping) else value
                rows.append((key, value, self.origin(key)))
        for (category, action), entry in sorted(self.prices.entries.items()):
            key = f"prices.{category}.{action}"
            rows.append((key, f"{entry.yuan_per_basis:g} 元/{entry.basis}",
                         self.origin(key) if key in self.overridden else f"默认（{entry.status}：{entry.source}）"))
        rows.append(("pdf.font", self.pdf_font, self.origin("pdf.font") if self.pdf_font
                     else "默认（内置字体 Equipinv Sans SC，Noto Sans CJK SC 子集）"))
        return rows

    def origin(self, key: str) -> str:
        """Where the effective value of `key` came from: the config file or the default."""
        if key in self.overridden or any(key.startswith(k + ".") for k in self.overridden):
            return f"配置文件 {self.path}"
        return "默认"


def _flatten(prefix: str, mapping: Mapping[str, Any]) -> set[str]:
    return {f"{prefix}.{k}" for k in mapping}


def load_config(path: Path | None = None) -> Config:
    """Read `path` (or the default location when it exists); unknown sections or keys are errors."""
    explicit = path is not None
    path = path or default_config_path()
    if not path.exists():
        if explicit:
            raise ConfigError(f"配置文件 {path} 不存在 (error: config file {path} not found)")
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"配置文件 {path} 格式错误：{exc} (error: config file is not valid TOML)") from exc
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise ConfigError(f"配置文件 {path} 含未知的节 {', '.join(unknown)}（可用：{', '.join(SECTIONS)}） "
                          f"(error: unknown config sections)")
    try:
        coefficients = Coefficients().with_overrides(data.get("coefficients", {}))
        economics = Economics().with_overrides(data.get("economics", {}))
        prices = PriceTable.default().with_overrides(data.get("prices", {}))
    except ValueError as exc:
        raise ConfigError(f"{str(exc).removeprefix('错误：')}（配置文件 {path}）") from exc
    pdf = data.get("pdf", {})
    overridden = (_flatten("coefficients", data.get("coefficients", {})) | _flatten("economics", data.get("economics", {}))
                  | {f"prices.{c}.{a}" for c, actions in data.get("prices", {}).items() for a in actions}
                  | _flatten("pdf", pdf))
    return Config(coefficients, economics, prices, pdf.get("font"), path, frozenset(overridden))
