"""The characters the shipped PDF font must draw (used by build_cjk_font.py and the font tests).

ASCII, Latin-1, GB 2312 in full (under both its GB 2312 and its GBK Unicode mappings), CJK and
full-width punctuation, the units and symbols the lists print, and every non-ASCII character of the
project's own packages: labels, headings, catalogues, GB/T 2260 region names. Needs nothing but
the standard library, so the tests can check the shipped font against it.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("equipinv", "catalog", "efficiency_tables", "reports", "tui")
TEXT_SUFFIXES = (".py", ".csv", ".toml", ".json", ".tcss", ".md")

RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1: ° ± × ÷ ² ³ µ · ü (Lüliang) and foreign makers' names
    (0x2010, 0x2027),  # dashes, quotes, bullets, ellipsis
    (0x2030, 0x203B),  # ‰ ′ ″ ※
    (0x2070, 0x2079),  # superscript digits (m³, m²)
    (0x2080, 0x2089),  # subscript digits (CO₂)
    (0x2100, 0x2183),  # letterlike: ℃ № ™, Roman numerals Ⅰ–Ⅻ ⅰ–ⅻ
    (0x2190, 0x2199),  # arrows
    (0x2460, 0x249B),  # ① – ⑳, ⑴ – ⒇, ⒈ – ⒛
    (0x3000, 0x303F),  # CJK punctuation 、。《》【】〔〕
    (0x3220, 0x3243),  # ㈠ – ㈩ and parenthesised ideographs
    (0x3380, 0x33DF),  # squared units ㎡ ㎥ ㎏ ㎾ ㎞
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFE50, 0xFE6B),  # small forms ﹑
    (0xFF01, 0xFF5E),  # full-width ASCII
    (0xFFE0, 0xFFE6),  # full-width ￠ ￡ ￥
)
EXTRA = "€≤≥≠≈±×÷√∞∑∏∫∶∵∴≌∽≮≯⊙⊥∠⌒§"


def gb2312_chars() -> set[str]:
    """Every character of GB 2312 (682 symbols, 3,755 level-1 and 3,008 level-2 hanzi).

    Python's ``gb2312`` and ``gbk`` codecs map a few symbols differently (A1A4 is U+30FB or U+00B7
    ·, A1AA U+2015 or U+2014 —); ledgers typed on Windows use the GBK ones, so both are kept.
    """
    chars: set[str] = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            for codec in ("gb2312", "gbk"):
                try:
                    chars.add(bytes((hi, lo)).decode(codec))
                except UnicodeDecodeError:
                    pass
    return chars


def project_chars(root: Path = ROOT) -> set[str]:
    """Non-ASCII characters in the project's packages: labels, headings, catalogues, region names."""
    chars: set[str] = set()
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*")):
            if path.suffix in TEXT_SUFFIXES and path.is_file() and path.parent.name != "cjkfont":  # not the builder
                chars.update(c for c in path.read_text("utf-8") if ord(c) > 0x7E and c.isprintable())
    return chars


def wanted_chars(root: Path = ROOT) -> set[str]:
    chars = {chr(cp) for lo, hi in RANGES for cp in range(lo, hi + 1)}
    return chars | set(EXTRA) | gb2312_chars() | project_chars(root)
