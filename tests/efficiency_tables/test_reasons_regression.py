"""A missing input is blamed only when supplying it could place the unit in a table row."""

from __future__ import annotations

import efficiency_tables as et


def test_centrifugal_fan_outside_the_table_is_not_blamed_on_the_axial_hub_ratio() -> None:
    result = et.grade_unit("fan", {"fan_type": "centrifugal", "pressure_coefficient": 0.5, "specific_speed": 80,
                                   "machine_number": 12, "efficiency_pct": 80})
    assert result.ungradable_reason is not None
    assert "hub_ratio" not in result.ungradable_reason and "超出" in result.ungradable_reason


def test_axial_fan_without_hub_ratio_is_told_what_is_missing() -> None:
    result = et.grade_unit("fan", {"fan_type": "axial", "machine_number": 12, "efficiency_pct": 80})
    assert result.ungradable_reason is not None and "hub_ratio" in result.ungradable_reason
