"""The coverage report lists every 2024 category, what is encoded (row counts = data files), what is missing."""

from __future__ import annotations

from effgrade_cases import records

from efficiency_tables import PARAMETERS, coverage
from efficiency_tables.registry import editions


def test_every_category_of_the_project_is_listed():
    listed = {c.category for c in coverage() if c.category}
    assert set(PARAMETERS) <= listed
    assert {"welder", "furnace", "truck", "other"} <= listed


def test_encoded_rows_equal_the_data_files():
    by_label = {f"{e.standard}-{e.edition}": e for e in editions()}
    for entry in coverage():
        for ed in entry.editions:
            e = by_label[f"{ed.standard}-{ed.edition}"]
            if ed.status == "encoded":
                assert ed.rows == len(records(e)) > 0 and ed.tables
            else:
                assert ed.rows == 0 and ed.missing_reason


def test_missing_things_are_said():
    entries = {c.category: c for c in coverage() if c.category}
    assert entries["chiller"].encoded == "partial" and any("表5" in m for m in entries["chiller"].missing)
    assert any("2007" in m for m in entries["pump"].missing)
    assert entries["motor"].in_2024_list == "confirmed"
    annex = [c for c in coverage() if c.category is None and c.missing and "43" in c.missing[0]]
    assert annex and annex[0].in_2024_list == "unknown"
    assert entries["motor"].to_dict()["editions"][0]["rows"] == 168
