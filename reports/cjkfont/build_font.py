"""Build reports/cjkfont/EquipinvSansSC-Regular.ttf, the CJK font every PDF embeds by default.

Source: Noto Sans CJK SC Regular (Google / Adobe, SIL Open Font License 1.1), version 2.004 as
Debian bookworm ships it in ``fonts-noto-cjk`` 1:20220127+repack1-1
(``/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc``; ``apt-get download fonts-noto-cjk``
and ``dpkg -x`` it if it is not installed). The upstream ``NotoSansCJKsc-Regular.otf`` or
``NotoSansSC-Regular.otf`` of github.com/notofonts/noto-cjk work the same way.

Noto's outlines are CFF (cubic), which reportlab cannot embed, so the script

1. subsets the Simplified Chinese face to ``charset.wanted_chars`` (GB 2312 in full, Latin,
   punctuation, units and every character the project's own packages use), dropping layout,
   vertical-metrics and hinting tables reportlab ignores;
2. converts the cubic outlines to quadratic TrueType ``glyf`` outlines with fontTools' cu2qu
   (at most 1 font unit of 1000 away from the original curve, invisible at any print size);
3. renames the family (a modified OFL font keeps its licence, not its name) and writes the .ttf.

Run from the repository root after a label or data file gains a character the font lacks
(tests/reports/test_fonts.py says so)::

    pip install "fonttools>=4.47"
    python reports/cjkfont/build_font.py /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Iterable
from pathlib import Path

from charset import wanted_chars  # beside this script
from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.ttCollection import TTCollection

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = Path(__file__).resolve().parent / "EquipinvSansSC-Regular.ttf"
FAMILY = "Equipinv Sans SC"
POSTSCRIPT = "EquipinvSansSC-Regular"
MAX_ERR = 1.0
"""cu2qu tolerance in font units (the em is 1000)."""


def open_sc_face(path: Path) -> TTFont:
    """The Simplified Chinese face of a Noto Sans CJK .ttc, or the font itself for an .otf."""
    if path.suffix.lower() not in (".ttc", ".otc"):
        return TTFont(path)
    for face in TTCollection(path).fonts:
        if face["name"].getDebugName(4) == "Noto Sans CJK SC":
            return face
    raise SystemExit(f"{path}: no 'Noto Sans CJK SC' face")


def subset_font(font: TTFont, chars: Iterable[str]) -> None:
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG", "meta"]
    options.hinting = False
    options.notdef_outline = True
    options.glyph_names = False
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.name_languages = [0x409]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)


def cff_to_glyf(font: TTFont) -> None:
    """Replace the CFF table by quadratic glyf outlines (fontTools' otf2ttf recipe)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, glyphs
    del font["CFF "]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 3.0, [], {}
    font["head"].glyphDataFormat = 0
    font["head"].indexToLocFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font: TTFont, source_version: str) -> None:
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 5, 6):
            names.removeNames(nameID=record.nameID)
    names.setName(FAMILY, 1, 3, 1, 0x409)
    names.setName(f"{POSTSCRIPT};{source_version}", 3, 3, 1, 0x409)
    names.setName(f"{FAMILY} Regular", 4, 3, 1, 0x409)
    names.setName(f"{source_version}; subset of Noto Sans CJK SC for equipinv", 5, 3, 1, 0x409)
    names.setName(POSTSCRIPT, 6, 3, 1, 0x409)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="NotoSansCJK-Regular.ttc or NotoSansCJKsc-Regular.otf")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    font = open_sc_face(args.source)
    font.recalcTimestamp = False  # keep the source's date: the same input gives the same bytes
    version = font["name"].getDebugName(5).split(";")[0]
    cmap = font.getBestCmap()
    chars = wanted_chars(ROOT)
    absent = sorted(c for c in chars if ord(c) not in cmap)
    subset_font(font, chars)
    cff_to_glyf(font)
    rename(font, version)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    font.save(args.output)
    digest = hashlib.sha256(args.source.read_bytes()).hexdigest()
    print(f"source {args.source} ({version}, sha256 {digest})")
    print(f"wrote {args.output}: {len(font.getGlyphOrder())} glyphs, {len(font.getBestCmap())} characters, "
          f"{args.output.stat().st_size:,} bytes")
    if absent:
        print(f"not in the source font ({len(absent)}): {''.join(absent)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
