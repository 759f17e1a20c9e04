"""Rows of a long list kept on disk, so a province's list costs a batch of memory, not the list.

A list is built in one pass over the ledger but read several times (subtotals, totals, each renderer)
and grouped into sections whose headings need counts known only at the end. `RowSpool` is the
temporary file of one list; each section's `SpooledRows` keeps its last rows in memory and pickles
every full batch into that file, remembering where it went. A list of a few thousand rows never
touches the disk; one file serves every section, however many enterprises or industries it has.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator, Sequence
from typing import IO, Any, overload

BATCH_ROWS = 2000


class RowSpool:
    """The temporary file a list's full batches go to (deleted when the spool is dropped)."""

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None

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
    """One section's rows, in the order appended: full batches in the spool, the rest in memory."""

    def __init__(self, spool: RowSpool, batch_rows: int | None = None) -> None:
        self._spool = spool
        self._batch_rows = batch_rows or BATCH_ROWS
        self._stored: list[tuple[int, int]] = []  # (offset, rows) of each batch in the spool
        self._stored_rows = 0
        self._tail: list[Any] = []

    def append(self, row: Any) -> None:
        self._tail.append(row)
        if len(self._tail) >= self._batch_rows:
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
