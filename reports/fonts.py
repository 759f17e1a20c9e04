"""Which Chinese font a PDF uses, and which characters it cannot draw.

Order of resolution: the ``EQUIPINV_PDF_FONT`` environment variable, then the value the caller
passes from the config file (``[pdf] font``), both written ``path`` or ``path,index`` (the index
picks a face of a .ttc collection); else the font shipped in ``reports/cjkfont/``. reportlab embeds
whichever it is as a subset, so every PDF renders on a machine without any Chinese font.

Why a shipped font: a fresh Debian, a locked-down office PC or a container often has no Chinese
TrueType font, and reportlab's built-in ``STSong-Light`` is not embedded — readers without Adobe's
Asian font pack show blank boxes. The shipped ``EquipinvSansSC-Regular.ttf`` is Noto Sans CJK SC
(SIL Open Font License, so it may be bundled and embedded), a sans face that reads well in dense
tables, cut by ``reports/cjkfont/build_font.py`` to GB 2312 in full, Latin, punctuation, units and every
character the project's own labels and data use, and converted from CFF to TrueType outlines
because reportlab embeds only TrueType (``glyf``) fonts. A name with a rarer character is still
printed: :meth:`ResolvedFont.missing_chars` finds it, the renderers mark it ``[U+XXXX]`` and warn,
and the user can name a fuller font. Only if the shipped file is missing (a distribution that
strips bundled fonts) is a system TrueType CJK font looked for, with a warning; if none is found
either, :class:`FontError` says how to name one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import as_file, files
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from equipinv.errors import BadInput

ENV_VAR = "EQUIPINV_PDF_FONT"
SHIPPED_FILE = "EquipinvSansSC-Regular.ttf"
SHIPPED_LABEL = "内置字体 Equipinv Sans SC（Noto Sans CJK SC 子集）"

SYSTEM_WARNING = (
    "警告：未找到随程序安装的内置中文字体 {shipped}，改用系统字体 {path}"
    " (warning: the bundled CJK font is missing; using a system font instead)"
)
NO_FONT_ERROR = (
    "错误：未找到随程序安装的内置中文字体 {shipped}，系统中也没有可嵌入的中文 TrueType 字体。请重新安装 equipinv，"
    "或在环境变量 EQUIPINV_PDF_FONT / 配置文件 [pdf] font 中指定 .ttf/.ttc 字体路径"
    "（如 C:\\Windows\\Fonts\\simhei.ttf 或 /path/msyh.ttc,0）"
    " (error: the bundled CJK font is missing and no system CJK TrueType font was found)"
)

_WINDOWS_FILES = ("simhei.ttf", "msyh.ttc", "msyh.ttf", "simsun.ttc", "simkai.ttf", "simfang.ttf")
_LINUX_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)
_MAC_FILES = (
    "/System/Library/Fonts/STHeiti Light.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "/Library/Fonts/Microsoft/SimHei.ttf",
)
_PROBE = "中国设备淘汰清单"


class FontError(BadInput, ValueError):
    """A configured font that cannot be used (bad input: the caller exits with status 2)."""


@dataclass(frozen=True)
class ResolvedFont:
    """A registered reportlab font name plus what the caller should tell the user about it."""

    name: str
    source: str
    """"env", "config", "shipped" or "system"."""
    path: str
    subfont_index: int = 0
    warnings: tuple[str, ...] = field(default=())
    _glyphs: frozenset[int] = field(default=frozenset(), repr=False, compare=False)

    @property
    def label(self) -> str:
        """How a message names the font: the shipped one by name, any other by its file."""
        return SHIPPED_LABEL if self.source == "shipped" else self.path

    def missing_chars(self, texts: Iterable[str]) -> list[str]:
        """Characters of ``texts`` the font has no glyph for, sorted, without duplicates."""
        seen: set[str] = set()
        for text in texts:
            seen.update(text)
        return sorted(c for c in seen if ord(c) not in self._glyphs and c.isprintable() and not c.isspace())


def parse_spec(spec: str) -> tuple[str, int]:
    """``"path"`` or ``"path,index"`` -> (path, index)."""
    path, sep, index = spec.strip().rpartition(",")
    if sep and index.strip().isdigit():
        return path.strip(), int(index)
    return spec.strip(), 0


def _load_ttf(path: str, index: int) -> tuple[str, frozenset[int]]:
    """Register ``path`` (face ``index``) once and return its name and code-point coverage."""
    digest = hashlib.sha1(f"{os.path.abspath(path)}#{index}".encode()).hexdigest()[:10]
    name = f"EquipinvCJK-{digest}"
    try:
        font = pdfmetrics.getFont(name)
    except KeyError:
        font = TTFont(name, path, subfontIndex=index)
        if not all(ord(c) in font.face.charToGlyph for c in _PROBE):
            raise TTFError(f"{path} has no Chinese glyphs") from None
        pdfmetrics.registerFont(font)
    return name, frozenset(font.face.charToGlyph)


def _windows_candidates() -> list[str]:
    roots = [os.environ.get("WINDIR", r"C:\Windows"), os.environ.get("LOCALAPPDATA", "")]
    dirs = [Path(roots[0]) / "Fonts"]
    if roots[1]:
        dirs.append(Path(roots[1]) / "Microsoft" / "Windows" / "Fonts")
    return [str(d / f) for d in dirs for f in _WINDOWS_FILES]


def _fc_list_candidates() -> list[str]:
    """Chinese-capable font files fontconfig knows, as ``path,index`` specs."""
    if shutil.which("fc-list") is None:
        return []
    try:
        out = subprocess.run(
            ["fc-list", "-f", "%{file}|%{index}\n", ":lang=zh"], capture_output=True, text=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    specs = []
    for line in sorted(set(out.splitlines())):
        path, _, index = line.rpartition("|")
        if path.lower().endswith((".ttf", ".ttc")):
            specs.append(f"{path},{index if index.isdigit() else 0}")
    return specs


def system_candidates() -> list[str]:
    """Font specs worth trying on this operating system, most preferred first."""
    if sys.platform.startswith("win"):
        return _windows_candidates()
    if sys.platform == "darwin":
        return list(_MAC_FILES) + _fc_list_candidates()
    return list(_LINUX_FILES) + _fc_list_candidates()


def _from_spec(spec: str, source: str) -> ResolvedFont:
    path, index = parse_spec(spec)
    label = "环境变量 EQUIPINV_PDF_FONT" if source == "env" else "配置项 [pdf] font"
    if not Path(path).is_file():
        raise FontError(f"错误：{label} 指定的字体文件 \"{path}\" 不存在 (error: font file \"{path}\" not found)")
    try:
        name, glyphs = _load_ttf(path, index)
    except (TTFError, OSError, IndexError) as exc:
        raise FontError(
            f"错误：{label} 指定的字体 \"{spec}\" 不是可嵌入的中文 TrueType 字体 "
            f"(error: font \"{spec}\" is not an embeddable CJK TrueType font: {exc})"
        ) from None
    return ResolvedFont(name, source, path, index, (), glyphs)


def shipped_font_path() -> Path:
    """Where the installed package keeps the bundled font (it may be absent in a stripped install)."""
    with as_file(files("reports") / "cjkfont" / SHIPPED_FILE) as path:
        return Path(path)


@lru_cache(maxsize=1)
def _default_font() -> ResolvedFont:
    shipped = shipped_font_path()
    if shipped.is_file():
        name, glyphs = _load_ttf(str(shipped), 0)
        return ResolvedFont(name, "shipped", str(shipped), 0, (), glyphs)
    for spec in system_candidates():
        path, index = parse_spec(spec)
        if not Path(path).is_file():
            continue
        try:
            name, glyphs = _load_ttf(path, index)
        except (TTFError, OSError, IndexError):
            continue  # e.g. a CFF-outline OpenType font reportlab cannot embed
        warning = SYSTEM_WARNING.format(shipped=shipped, path=spec)
        return ResolvedFont(name, "system", path, index, (warning,), glyphs)
    raise FontError(NO_FONT_ERROR.format(shipped=shipped))


def resolve_font(configured: str | None = None) -> ResolvedFont:
    """The font a PDF should use: env var, then ``configured``, then the shipped font.

    Raises :class:`FontError` when the user named a font that cannot be used: silently
    falling back would hide the mistake.
    """
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return _from_spec(env, "env")
    if configured and configured.strip():
        return _from_spec(configured, "config")
    return _default_font()
