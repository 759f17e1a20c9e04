"""Production-line kinds and their 标杆/基准 values, and the grade of a line's unit-product energy use.

The values live in `data/line_benchmarks.csv`, each row with its source. The 2023 benchmark document's own
values could not be sourced (its columns are empty); where they are missing the grader uses the national
energy-consumption limit standard's grade 1 in place of 标杆 and grade 3 in place of 基准, and every result
says so (`basis`). A kind with neither is not graded: "cannot grade: value missing for KIND".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

BENCHMARK_DOCUMENT = "《工业重点领域能效标杆水平和基准水平（2023年版）》（发改产业〔2023〕723号）"
DEADLINE_SOURCE = ("《工业重点领域能效标杆水平和基准水平（2023年版）》发布通知（国家能源局 2023-07-11，"
                   "转载 https://m.glmsg.com/info/2191/157161.htm）：此前明确的25个领域原则上应在2025年底前完成技术改造或淘汰退出")

# level codes -> the Chinese the bureaus use
LEVEL_LABELS = {"benchmark": "标杆", "between": "基准与标杆之间", "below_baseline": "低于基准"}


@dataclass(frozen=True)
class LineKind:
    """One kind of production line (a row of the data file) with its sourced values."""

    kind: str
    name_zh: str
    unit: str
    doc_benchmark: float | None
    doc_baseline: float | None
    limit_standard: str
    grades: tuple[float | None, float | None, float | None]
    limit_table: str
    limit_read_at: str
    deadline: dt.date | None
    deadline_field: str
    plausible: tuple[float, float] | None

    @property
    def benchmark(self) -> float | None:
        """The 标杆 value graded against: the document's, else the limit standard's grade 1."""
        return self.doc_benchmark if self.doc_benchmark is not None else self.grades[0]

    @property
    def baseline(self) -> float | None:
        """The 基准 value graded against: the document's, else the limit standard's grade 3."""
        return self.doc_baseline if self.doc_baseline is not None else self.grades[2]

    @property
    def basis(self) -> str:
        """What the grade is measured against, said plainly (a stand-in is named as one)."""
        if self.doc_benchmark is not None and self.doc_baseline is not None:
            return f"{BENCHMARK_DOCUMENT} 标杆 {self.doc_benchmark:g}、基准 {self.doc_baseline:g} {self.unit}"
        return (f"2023年版标杆/基准数值未能核实，按 {self.limit_standard} {self.limit_table} "
                f"1级 {_g(self.grades[0])}/3级 {_g(self.grades[2])} {self.unit} 代替")

    @property
    def deadline_text(self) -> str:
        if self.deadline is None:
            return "期限未查到来源 (deadline not sourced)"
        return f"{self.deadline.year}年底前完成技术改造或淘汰退出（{self.deadline_field}领域）"


@dataclass(frozen=True)
class LineGrade:
    """A line's energy use graded against its kind; `level` None means it could not be graded (`missing` says why)."""

    kind: str
    value: float | None
    year: int | None
    level: str | None
    benchmark: float | None = None
    baseline: float | None = None
    basis: str | None = None
    missing: str | None = None
    deadline: str | None = None

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self.level] if self.level else (self.missing or "")


def _g(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _float(text: str) -> float | None:
    return float(text) if text.strip() else None


@cache
def line_kinds() -> dict[str, LineKind]:
    text = files("equipinv").joinpath("data", "line_benchmarks.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO("".join(ln for ln in text.splitlines(keepends=True) if not ln.startswith("#"))))
    kinds = {}
    for r in rows:
        low, high = _float(r["plausible_min"]), _float(r["plausible_max"])
        kinds[r["kind"]] = LineKind(
            r["kind"], r["name_zh"], r["unit"], _float(r["doc_benchmark"]), _float(r["doc_baseline"]),
            r["limit_standard"], (_float(r["grade_1"]), _float(r["grade_2"]), _float(r["grade_3"])),
            r["limit_table"], r["limit_read_at"],
            dt.date.fromisoformat(r["deadline"]) if r["deadline"] else None, r["deadline_field"],
            (low, high) if low is not None and high is not None else None)
    return kinds


def grade_line(kind: str, value: float | None, year: int | None) -> LineGrade:
    """标杆 (≤ 标杆), 基准与标杆之间, or 低于基准 (> 基准); lower energy use is better."""
    spec = line_kinds()[kind]
    if spec.benchmark is None or spec.baseline is None:
        return LineGrade(kind, value, year, None, missing=f"cannot grade: value missing for {kind}"
                                                          f"（{spec.name_zh}：标杆/基准数值均未查到来源）")
    if value is None:
        return LineGrade(kind, value, year, None, spec.benchmark, spec.baseline, spec.basis,
                         missing="未填单位产品能耗 (no unit-product energy use recorded)")
    level = "benchmark" if value <= spec.benchmark else "between" if value <= spec.baseline else "below_baseline"
    return LineGrade(kind, value, year, level, spec.benchmark, spec.baseline, spec.basis,
                     deadline=spec.deadline_text if level == "below_baseline" else None)
