"""Which Chinese font a PDF uses, and which characters it cannot draw.

Order of resolution: the ``EQUIPINV_PDF_FONT`` environment variable, then the value the caller
passes from the config file (``[pdf] font``), both written ``path`` or ``path,index`` (the index
picks a face of a .ttc collection); else the first TrueType CJK font found where Windows, Linux
and macOS keep them (and whatever ``fc-list`` knows); reportlab embeds it as a subset, so the PDF
renders on machines without Chinese fonts. Only when none loads, reportlab's built-in
``STSong-Light`` CID font is used, which is *not* embedded: the font then carries a warning saying
so and how to fix it. Font files are never shipped with the project.
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
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from equipinv.errors import BadInput

ENV_VAR = "EQUIPINV_PDF_FONT"
CID_FALLBACK = "STSong-Light"

FALLBACK_WARNING = (
    "警告：未找到可嵌入的中文 TrueType 字体，PDF 使用阅读器自带的 STSong-Light 字体，"
    "在没有中文字体的电脑上可能显示为空白或方框。请安装文泉驿微米黑（Debian/Ubuntu："
    "apt install fonts-wqy-microhei）或在环境变量 EQUIPINV_PDF_FONT / 配置文件 [pdf] font 中"
    "指定 .ttf/.ttc 字体路径（如 C:\\Windows\\Fonts\\simhei.ttf 或 /path/msyh.ttc,0）"
    " (warning: no embeddable CJK TrueType font found; the PDF relies on the reader's fonts)"
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
    """"env", "config", "system" or "fallback"."""
    path: str | None = None
    subfont_index: int = 0
    embedded: bool = True
    warnings: tuple[str, ...] = field(default=())
    _glyphs: frozenset[int] | None = field(default=None, repr=False, compare=False)

    def missing_chars(self, texts: Iterable[str]) -> list[str]:
        """Characters of ``texts`` the font has no glyph for, sorted, without duplicates.

        For the non-embedded CID fallback the coverage is the reader's business: nothing is
        reported (the fallback warning already says the text may not show).
        """
        if self._glyphs is None:
            return []
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
    return ResolvedFont(name, source, path, index, True, (), glyphs)


@lru_cache(maxsize=1)
def _first_system_font() -> ResolvedFont | None:
    for spec in system_candidates():
        path, index = parse_spec(spec)
        if not Path(path).is_file():
            continue
        try:
            name, glyphs = _load_ttf(path, index)
        except (TTFError, OSError, IndexError):
            continue  # e.g. a CFF-outline OpenType font reportlab cannot embed
        return ResolvedFont(name, "system", path, index, True, (), glyphs)
    return None


def cid_fallback() -> ResolvedFont:
    """The built-in, non-embedded STSong-Light with its warning."""
    try:
        pdfmetrics.getFont(CID_FALLBACK)
    except KeyError:
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    return ResolvedFont(CID_FALLBACK, "fallback", None, 0, False, (FALLBACK_WARNING,), None)


def resolve_font(configured: str | None = None, *, search_system: bool = True) -> ResolvedFont:
    """The font a PDF should use: env var, then ``configured``, then system, then the CID fallback.

    Raises :class:`FontError` when the user named a font that cannot be used: silently
    falling back would hide the mistake.
    """
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return _from_spec(env, "env")
    if configured and configured.strip():
        return _from_spec(configured, "config")
    found = _first_system_font() if search_system else None
    return found if found is not None else cid_fallback()
