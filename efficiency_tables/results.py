"""Result types of the grader, their JSON form, and the code tables that decode the array results."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

import numpy as np

from .derive import ASSUMPTIONS
from .registry import editions

GRADES: tuple[str | None, ...] = (None, "1", "2", "3", "below_3")  # index = grade code
LEVELS: tuple[str | None, ...] = (None, "advanced", "energy_saving", "access", "below_access")  # index = level code
LEVEL_LABELS: dict[str, str] = {
    "advanced": "先进水平", "energy_saving": "节能水平", "access": "准入水平", "below_access": "未达准入水平",
}
SLOT_LEVELS = ("advanced", "energy_saving", "access")  # threshold slot k (grade k+1) -> level
LEVEL_MAPPING_NOTE = ("先进水平按1级、节能水平按2级、准入水平按3级（标准限定值）对应；“先进水平=1级”为默认假设 "
                      "(advanced = grade 1 is the default assumption; energy-saving = grade 2; access = grade 3)")

_REASONS: list[str] = [""]
_REASON_CODES: dict[str, int] = {"": 0}


def reason_code(text: str) -> int:
    """Stable code for a reason text within this process (0 = gradable)."""
    code = _REASON_CODES.get(text)
    if code is None:
        code = len(_REASONS)
        _REASONS.append(text)
        _REASON_CODES[text] = code
    return code


def reason_text(code: int) -> str | None:
    return _REASONS[code] or None


@dataclass(frozen=True)
class Threshold:
    """One value a unit is compared with: grade `grade` of `metric` (the level that grade gives)."""

    metric: str
    grade: str  # "1", "2" or "3"
    level: str
    value: float
    unit: str
    direction: str  # "higher" or "lower" is better


@dataclass
class GradeResult:
    category: str
    grade: str | None  # "1", "2", "3", "below_3"; None when ungradable or the standard has no grades
    level: str | None  # "advanced", "energy_saving", "access", "below_access"
    metric: str | None  # the first (main) metric
    value: float | None
    metrics: dict[str, float | None] = field(default_factory=dict)
    thresholds: list[Threshold] = field(default_factory=list)
    standard: str | None = None
    edition: str | None = None
    table: str | None = None
    clause: str | None = None
    source_page: str | None = None
    source_id: str | None = None
    confidence: str | None = None
    rating: dict[str, str] = field(default_factory=dict)  # the table row's rating as printed
    between_rule: str | None = None
    between_rule_sourced: bool | None = None
    ungradable_reason: str | None = None
    estimated: bool = False
    assumptions: list[str] = field(default_factory=list)
    assessed_on: date | None = None
    level_mapping: str = LEVEL_MAPPING_NOTE

    @property
    def gradable(self) -> bool:
        return self.ungradable_reason is None

    @property
    def level_label(self) -> str | None:
        return LEVEL_LABELS.get(self.level or "")

    def to_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["assessed_on"] = self.assessed_on.isoformat() if self.assessed_on else None
        d["level_label"] = self.level_label
        d["gradable"] = self.gradable
        return d


@dataclass
class LevelRequirement:
    """What a new unit must reach for `level` (the planner takes these as the new unit's metrics)."""

    category: str
    level: str
    grade: str | None
    thresholds: list[Threshold]
    standard: str | None
    edition: str | None
    table: str | None
    between_rule: str | None
    reason: str | None  # why no requirement can be given
    assessed_on: date | None = None

    def values(self) -> dict[str, float]:
        return {t.metric: t.value for t in self.thresholds}

    def to_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["assessed_on"] = self.assessed_on.isoformat() if self.assessed_on else None
        return d


@dataclass
class GradeArrays:
    """Array results: codes index `GRADES`, `LEVELS`, `reason_text`; `edition` indexes `editions()` (-1 none)."""

    grade: np.ndarray  # int8
    level: np.ndarray  # int8
    reason: np.ndarray  # int16
    edition: np.ndarray  # int16
    row: np.ndarray  # int32, row of the edition's table (-1 none)
    assumed: np.ndarray | None = None  # bool: the row was chosen on an assumption (`assumption_text`)

    def assumption_text(self, category: str) -> str | None:
        """What was assumed for units of `category` flagged in `assumed` (e.g. a transformer's voltage)."""
        return ASSUMPTIONS.get(category)

    def __len__(self) -> int:
        return len(self.grade)

    def grades(self) -> list[str | None]:
        return [GRADES[c] for c in self.grade.tolist()]

    def levels(self) -> list[str | None]:
        return [LEVELS[c] for c in self.level.tolist()]

    def reasons(self) -> list[str | None]:
        return [reason_text(c) for c in self.reason.tolist()]

    def editions(self) -> list[str | None]:
        """The standard edition each unit was judged against ("GB 18613-2020"), None where none applied."""
        labels = [e.label for e in editions()]
        return [labels[c] if c >= 0 else None for c in self.edition.tolist()]

    @staticmethod
    def reason_text(code: int) -> str | None:
        return reason_text(code)
