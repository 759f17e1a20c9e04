"""The cyclic garbage collector during one CLI command.

A command over a province's ledger builds millions of small objects (rows, tuples, lines) that live
until it ends and hold almost no reference cycles, yet the collector's passes rescan them all: 17 % of
`recommend --json` and 11 % of `lists elimination --csv` at 100,000 units, and its full passes grow
with the heap. So a command runs with the collector paused. Reference counting still frees at once
everything that is not in a cycle; the few cycles (some 3,700 objects at the end of `recommend` at
100,000 units) are freed when the process ends. The terminal app, open all day, collects as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off; it is on again after if it was on before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def collect_as_usual() -> None:
    """For what runs long (the terminal app): cycles are collected again."""
    gc.enable()
