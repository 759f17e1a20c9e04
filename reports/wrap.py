"""Line breaking of cell text for Chinese forms, done once, outside reportlab's Paragraph.

reportlab's CJK paragraphs measure every character on every wrap, and a table wraps each cell
several times; a 10,000-row list then takes minutes. Here each string is broken once into lines
(plain strings with newlines, which a table cell draws directly) using a per-font width cache.
Breaks fall between CJK characters, after spaces, hyphens and slashes; a Latin word breaks only
when it is longer than the line; closing punctuation never starts a line: the character before it
moves down with it, and an opening bracket never ends one (no line ever grows past the width, so
nothing overlaps the next column). A CJK text never ends on a lone character ("孝义市金晖焦化有限公"
/ "司"): the line above hands one down.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’…%,.;:?!)]}·")
NO_LINE_END = frozenset("（《「『【〔〈“‘([{")
BREAK_AFTER = frozenset(" -/\\_|,;、，；")


def _is_cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80


class Wrapper:
    """Breaks text into lines no wider than a width, in one font at one size."""

    def __init__(self, font_name: str, size: float) -> None:
        self.font_name, self.size = font_name, size
        self._widths: dict[str, float] = {}
        self._lines: dict[tuple[str, float], list[str]] = {}
        """Lists repeat themselves (enterprise names, citations): wrap each distinct text once."""

    def width(self, ch: str) -> float:
        w = self._widths.get(ch)
        if w is None:
            w = self._widths[ch] = stringWidth(ch, self.font_name, self.size)
        return w

    def text_width(self, text: str) -> float:
        return sum(self.width(c) for c in text)

    def lines(self, text: str, width: float) -> list[str]:
        """``text`` broken into lines of at most ``width`` points (explicit newlines kept)."""
        key = (text, width)
        found = self._lines.get(key)
        if found is None:
            if len(self._lines) > 100_000:
                self._lines.clear()
            found = self._lines[key] = [ln for p in text.split("\n") for ln in self._wrap(p, width)]
        return list(found)

    def _wrap(self, s: str, width: float) -> list[str]:
        if len(s) * self.size <= width or self.text_width(s) <= width:
            return [s]
        lines: list[str] = []
        start, used, last_break, i = 0, 0.0, -1, 0
        while i < len(s):
            ch = s[i]
            cw = self.width(ch)
            if used + cw > width and i > start:
                cut = last_break if last_break > start else i
                while cut - 1 > start and cut < len(s) and (s[cut] in NO_LINE_START or s[cut - 1] in NO_LINE_END):
                    cut -= 1
                lines.append(s[start:cut].rstrip())
                start = cut
                while start < len(s) and s[start] == " ":
                    start += 1
                i = max(i, start)
                used, last_break = self.text_width(s[start:i]), -1
                continue
            used += cw
            if ch in BREAK_AFTER or _is_cjk(ch) or (i + 1 < len(s) and _is_cjk(s[i + 1])):
                last_break = i + 1
            i += 1
        if start < len(s):
            lines.append(s[start:])
        return _no_lone_last(lines)


def _no_lone_last(lines: list[str]) -> list[str]:
    """Move one character down when the last line would hold a single CJK character alone."""
    if len(lines) < 2 or len(lines[-1]) != 1 or not _is_cjk(lines[-1]) or len(lines[-2]) < 3:
        return lines
    moved = lines[-2][-1]
    if not _is_cjk(moved) or moved in NO_LINE_START or lines[-2][-2] in NO_LINE_END:
        return lines
    return [*lines[:-2], lines[-2][:-1], moved + lines[-1]]
