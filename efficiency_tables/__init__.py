"""The 2024 benchmark tables (重点用能产品设备能效先进水平、节能水平和准入水平（2024年版）) as data, and the grader.

Public API:
    grade_unit(category, params, on=None) -> GradeResult
    grade_arrays(category, columns, on=None) -> GradeArrays
    grade_ledger(categories, columns, on=None) -> GradeArrays
    level_requirement(category, params, level, on=None) -> LevelRequirement
    estimate_efficiency(category, params, year_made, on=None) -> GradeResult
    coverage() -> list[CoverageEntry]
    PARAMETERS: category -> tuple[Parameter, ...]

Parameters are plain floats in the unit their name gives (rated_power_kw, no_load_loss_w, ...) or code
strings; missing values are NaN / "" (or absent). The edition is the one in force on `on` (default today).
"""

from .coverage import CoverageEntry, EditionCoverage, coverage
from .grader import grade_arrays, grade_ledger, grade_unit
from .parameters import METRICS, PARAMETERS, Parameter
from .registry import CATEGORY_LABELS, Edition, edition_on, editions
from .requirements import estimate_efficiency, level_requirement
from .results import (
                      GRADES,
                      LEVEL_LABELS,
                      LEVEL_MAPPING_NOTE,
                      LEVELS,
                      GradeArrays,
                      GradeResult,
                      LevelRequirement,
                      Threshold,
                      reason_text,
)

__all__ = [
    "grade_unit", "grade_arrays", "grade_ledger", "level_requirement", "estimate_efficiency", "coverage",
    "PARAMETERS", "METRICS", "Parameter", "GradeResult", "GradeArrays", "LevelRequirement", "Threshold",
    "CoverageEntry", "EditionCoverage", "Edition", "edition_on", "editions", "GRADES", "LEVELS", "LEVEL_LABELS",
    "LEVEL_MAPPING_NOTE", "CATEGORY_LABELS", "reason_text",
]
