"""Rows of a long list kept on disk, so a province's list costs a few thousand rows of memory, not the list.

A list is built in one pass over the ledger but read several times (subtotals, totals, each renderer)
and grouped into sections whose headings need counts known only at the end. `RowSpool` is the
temporary file of one list; its sections (`SpooledRows`) keep their latest rows in memory, and when the
list holds `HELD_ROWS` rows in memory across all its sections, every section pickles what it holds into
that file and remembers where it went. A list of a few thousand rows never touches the disk; one file
serves every section, however many enterprises or industries it has.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator, Sequence
from typing import IO, Any, overload

HELD_ROWS = 20_000


class RowSpool:
    """The temporary file a list's rows go to (deleted when the spool is dropped), and its sections."""

    def __init__(self, held_rows: int | None = None) -> None:
        self._file: IO[bytes] | None = None
        self._sections: list[SpooledRows] = []
        self._held = 0
        self._limit = held_rows or HELD_ROWS

    def section(self) -> SpooledRows:
        """A new, empty section of this list."""
        rows = SpooledRows(self)
        self._sections.append(rows)
        return rows

    def held(self) -> None:
        """One more row in memory; at the limit every section writes out what it holds."""
        self._held += 1
        if self._held >= self._limit:
            for rows in self._sections:
                rows.flush()
            self._held = 0

    def write(self, rows: list[Any]) -> int:
        """Store a batch; returns where it starts."""
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="equipinv-list-")
        offset = self._file.seek(0, 2)
        pickle.dump(rows, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        return offset

    def read(self, offset: int) -> list[Any]:
        assert self._file is not None
        self._file.seek(offset)
        batch: list[Any] = pickle.load(self._file)
        return batch


class SpooledRows(Sequence[Any]):
    """One section's rows, in the order appended: written batches in the spool, the latest in memory."""

    def __init__(self, spool: RowSpool) -> None:
        self._spool = spool
        self._stored: list[tuple[int, int]] = []  # (offset, rows) of each batch in the spool
        self._stored_rows = 0
        self._tail: list[Any] = []

    def append(self, row: Any) -> None:
        self._tail.append(row)
        self._spool.held()

    def flush(self) -> None:
        """Write the rows held in memory to the spool."""
        if self._tail:
            self._stored.append((self._spool.write(self._tail), len(self._tail)))
            self._stored_rows += len(self._tail)
            self._tail = []

    def __len__(self) -> int:
        return self._stored_rows + len(self._tail)

    def __iter__(self) -> Iterator[Any]:
        for offset, _n in self._stored:
            yield from self._spool.read(offset)  # a whole batch is read before its first row is handed out
        yield from self._tail

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return list(self)[index]
        position = index + len(self) if index < 0 else index
        if not 0 <= position < len(self):
            raise IndexError(index)
        for offset, n in self._stored:
            if position < n:
                return self._spool.read(offset)[position]
            position -= n
        return self._tail[position]
