"""Column widths of a list's table, measured from what the columns hold.

Fixed shares of the page broke short names in the middle ("孝义市金晖焦化有限公" / "司") while a
long citation had room to spare. Here each column gets at least the width that keeps its short
values readable — a name of up to :data:`SHORT_CHARS` characters on at most two balanced lines
(one line for a model designation or a number, which must not break), a header broken at most
before its unit bracket — and columns whose longest value is at most :data:`NATURAL_CHARS`
characters wide get all of it when the page allows. The rest of the page goes to the columns with long text, in proportion to
their width hints (:attr:`equipinv.listing.Column.width`), never beyond what they can use.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from equipinv.listing import Column

from .wrap import BREAK_AFTER, Wrapper

SHORT_CHARS = 16
"""Values up to this many characters (names, models) are never broken mid-token nor left with a lone character."""
NATURAL_CHARS = 12
"""A column whose longest value is at most this many CJK characters wide gets all of it, room permitting."""


_TOKEN = re.compile("[^\\s" + re.escape("".join(sorted(BREAK_AFTER))) + "\u2e80-\U0010ffff]+")
"""A run the wrapper keeps whole: no space, no break-after character, no CJK character."""


def _keep_width(text: str, wrapper: Wrapper) -> float:
    """The narrowest line that keeps ``text`` readable.

    A short value stays on one line if it has no CJK character (a model designation) or fewer than
    four characters, else on two balanced lines; any value keeps its longest Latin run whole (up
    to :data:`SHORT_CHARS` characters: a longer run has to break anyway).
    """
    runs = [r[:SHORT_CHARS] for r in _TOKEN.findall(text)]
    longest_run = max((wrapper.text_width(r) for r in runs), default=0.0)
    if len(text) > SHORT_CHARS:
        return longest_run
    if len(text) < 4 or not any(ord(c) >= 0x2E80 for c in text):
        return wrapper.text_width(text)
    return max(wrapper.text_width(text[: math.ceil(len(text) / 2)]), longest_run)


def _header_width(header: str, wrapper: Wrapper) -> float:
    """A header may break before its unit bracket ("服务年限" / "（年）"), nowhere else."""
    head, bracket, unit = header.partition("（")
    return max(wrapper.text_width(head), wrapper.text_width(bracket + unit))


def column_widths(columns: Sequence[Column], texts: Iterable[Sequence[str]], wrapper: Wrapper,
                  usable: float, padding: float) -> list[float]:
    """Widths (points, summing to ``usable``) for ``columns`` given every row's cell ``texts``.

    ``padding`` is the horizontal room a cell needs besides its text.
    """
    need = [_header_width(c.header, wrapper) for c in columns]
    natural = [max(n, wrapper.text_width(c.header)) for n, c in zip(need, columns, strict=True)]
    seen: list[set[str]] = [set() for _ in columns]
    for row in texts:
        for i, text in enumerate(row):
            if text in seen[i]:
                continue
            seen[i].add(text)
            lines = text.split("\n")
            natural[i] = max(natural[i], *(wrapper.text_width(ln) for ln in lines))
            need[i] = max(need[i], *(_keep_width(ln, wrapper) for ln in lines))
    least = [n + padding for n in need]
    full = [n + padding for n in natural]
    if sum(least) >= usable:  # even the minimums do not fit: shrink them alike
        return [w * usable / sum(least) for w in least]
    widths = list(least)
    room = usable - sum(widths)
    short_first = sorted(range(len(columns)), key=lambda i: full[i] - widths[i])
    for i in short_first:  # short columns (names, models, numbers) get all they can show
        if full[i] - padding <= NATURAL_CHARS * wrapper.size and full[i] - widths[i] <= room:
            room -= full[i] - widths[i]
            widths[i] = full[i]
    while room > 0.01:  # the rest goes by width hint to columns that can still use it
        hungry = [i for i in range(len(columns)) if widths[i] < full[i] - 0.01] or list(range(len(columns)))
        weight = sum(max(columns[i].width, 0.1) for i in hungry)
        given = 0.0
        for i in hungry:
            share = room * max(columns[i].width, 0.1) / weight
            if widths[i] < full[i]:
                share = min(share, full[i] - widths[i])
            widths[i] += share
            given += share
        room -= given
    return widths
