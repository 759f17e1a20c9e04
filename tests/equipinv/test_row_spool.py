"""A long list's rows kept on disk read back as they were appended, however they are read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from equipinv.listing import ListSection, standard_list
from equipinv.row_spool import RowSpool


def _row(i: int) -> dict[str, object]:
    return {"enterprise": f"企业{i % 7}", "equipment_name": f"设备{i}", "quantity": i % 3 or None,
            "deadline": dt.date(2027, 1 + i % 12, 1)}


def test_rows_come_back_in_order_from_disk_and_memory() -> None:
    spool = RowSpool(held_rows=4)
    first, second = spool.section(), spool.section()
    for i in range(11):
        (first if i % 2 else second).append(_row(i))  # two sections interleave their batches in one file
    assert [r["equipment_name"] for r in first] == [f"设备{i}" for i in range(1, 11, 2)]
    assert [r["equipment_name"] for r in second] == [f"设备{i}" for i in range(0, 11, 2)]
    assert len(first) == 5 and len(second) == 6 and list(first) == list(first)  # read twice, same rows
    assert first[0] == _row(1) and first[4] == _row(9) and first[-1] == _row(9) and second[-2] == _row(8)
    assert first[1:3] == [_row(3), _row(5)]
    with pytest.raises(IndexError):
        _ = first[5]


def test_reading_two_sections_at_once_does_not_mix_them() -> None:
    spool = RowSpool(held_rows=3)
    a, b = spool.section(), spool.section()
    for i in range(6):
        a.append(_row(i))
        b.append(_row(100 + i))
    pairs = list(zip(a, b, strict=True))
    assert pairs == [(_row(i), _row(100 + i)) for i in range(6)]


def test_a_list_of_spooled_sections_totals_like_one_of_plain_rows() -> None:
    rows = [_row(i) for i in range(25)]
    spooled = RowSpool(held_rows=3).section()
    for row in rows:
        spooled.append(row)
    plain = standard_list("elimination", [ListSection("淘汰目录", rows)])
    on_disk = standard_list("elimination", [ListSection("淘汰目录", spooled)])
    assert on_disk.totals() == plain.totals() == {"quantity": float(sum(r["quantity"] or 0 for r in rows))}
    assert on_disk.row_count == 25 and on_disk.sections[0].subtotal(on_disk.columns) == plain.totals()


@pytest.mark.parametrize("list_id", ["current_state", "demand", "new_project", "elimination", "renewal"])
def test_lists_read_in_small_chunks_and_spooled_equal_the_whole(demo_ledger: Path, list_id: str,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo's lists, read 7 units at a time (each chunk's findings, plan items, records and assessments
    looked up apart) with every 3 rows of the list sent to disk and no legal basis remembered from one unit
    to the next, are the lists read in one chunk in memory."""
    from sqlmodel import Session

    from equipinv import elimination_list, ledger_reader, row_spool
    from equipinv.db import make_engine
    from equipinv.lists import Scope, build_list

    def document() -> tuple[list[tuple[str, list[dict[str, object]]]], dict[str, float], list[str]]:
        with Session(make_engine(f"sqlite:///{demo_ledger}")) as session:
            doc = build_list(session, list_id, Scope.everything(session), today=dt.date(2026, 11, 22))
            return [(s.title, list(s.rows)) for s in doc.sections], doc.totals(), doc.notes

    whole = document()
    monkeypatch.setattr(ledger_reader, "CHUNK_ROWS", 7)
    monkeypatch.setattr(row_spool, "HELD_ROWS", 3)
    monkeypatch.setattr(elimination_list, "_DECISIONS_HELD", 0)
    pieces = document()
    assert sum(len(rows) for _t, rows in whole[0]) > 3  # the demo fills every list
    assert pieces == whole


def test_many_small_sections_hold_no_more_than_the_limit_in_memory() -> None:
    """A province's current-state list has thousands of enterprises of a few hundred rows: the limit is the
    list's, not each section's."""
    spool = RowSpool(held_rows=50)
    sections = [spool.section() for _ in range(40)]
    for i in range(1000):
        sections[i % 40].append(_row(i))
    assert sum(len(s._tail) for s in sections) < 50  # noqa: SLF001 - what is held is the point
    assert [r["equipment_name"] for r in sections[7]] == [f"设备{i}" for i in range(7, 1000, 40)]
