"""Production lines (生产线/工序装置) in the ledger: checked on the way in, graded on the way out.

A line's capacity is an annual capacity (t/a); an hourly or daily figure ("50 t/h") is refused rather than
guessed into a year, since the operating hours are not known. Its unit-product energy use (kgce/t) must lie in
the physical range of its kind: a figure outside is a unit or typing mistake, not a very bad line.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from equipinv.ledger import NotFound, audit
from equipinv.line_benchmarks import DEADLINE_SOURCE, LineGrade, grade_line, line_kinds
from equipinv.models import Enterprise, ProductionLine
from equipinv.validation import FieldError, ValidationFailed, parse_date

FIELD_NAMES_ZH = {"name": "生产线名称", "kind": "生产线类型", "capacity_t_a": "产能", "unit_energy_kgce_t": "单位产品能耗",
                  "energy_year": "能耗年份", "commissioning_date": "投产日期"}
# annual-capacity units as ledgers write them -> tonnes per year
_ANNUAL_UNITS = {"t/a": 1.0, "吨/年": 1.0, "t/年": 1.0, "万t/a": 1e4, "万吨/年": 1e4, "万t/年": 1e4, "万吨": 1e4}
_ENERGY_UNITS = ("kgce/t", "千克标准煤/吨", "kgce/吨")
_NUMBER_AND_UNIT = re.compile(r"^([+-]?(?:\d+\.?\d*|\.\d+))\s*(.*)$")


class _Bad(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh)
        self.zh, self.en = zh, en


def _split(value: object) -> tuple[float, str]:
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "")
    m = _NUMBER_AND_UNIT.match(text)
    if not m:
        raise _Bad("不是数值", "is not a number")
    return float(m.group(1)), m.group(2).replace(" ", "")


def _capacity(value: object) -> float:
    number, unit = _split(value)
    if unit and unit not in _ANNUAL_UNITS:
        raise _Bad(f"单位应为年产能 t/a（吨/年、万吨/年），不是 {unit}",
                   f"must be an annual capacity in t/a (or 万吨/年), not {unit}")
    tonnes = number * _ANNUAL_UNITS.get(unit, 1.0)
    if not math.isfinite(tonnes) or tonnes <= 0:
        raise _Bad("应大于 0", "must be greater than 0")
    return tonnes


def _energy(value: object, kind: str | None) -> float:
    number, unit = _split(value)
    if unit and unit not in _ENERGY_UNITS:
        raise _Bad(f"单位应为 kgce/t（千克标准煤/吨），不是 {unit}", f"must be in kgce/t, not {unit}")
    spec = line_kinds().get(kind or "")
    if spec and spec.plausible:
        low, high = spec.plausible
        if not low <= number <= high:
            raise _Bad(f"超出{spec.name_zh}的物理合理范围 {low:g}～{high:g} kgce/t",
                       f"is outside the physical range of {kind}, {low:g}..{high:g} kgce/t")
    elif number <= 0:
        raise _Bad("应大于 0", "must be greater than 0")
    return number


def _year(value: object, today: dt.date) -> int:
    text = str(value).strip()
    if not text.isdigit() or not 1990 <= int(text) <= today.year:
        raise _Bad(f"应为 1990～{today.year} 的年份", f"must be a year 1990..{today.year}")
    return int(text)


def _error(field: str, value: object, zh: str, en: str) -> FieldError:
    return FieldError(field, str(value), f'{FIELD_NAMES_ZH.get(field, field)} "{value}" {zh} (error: {field} "{value}" {en})')


def validate_line(raw: Mapping[str, object], *, today: dt.date | None = None) -> dict[str, Any]:
    """Clean one production-line record; raises `ValidationFailed` naming every bad field."""
    today = today or dt.date.today()
    errors: list[FieldError] = []
    clean: dict[str, Any] = {}
    kind = str(raw.get("kind", "")).strip() or None
    for field, value in raw.items():
        if value is None or not str(value).strip():
            continue
        try:
            if field == "name":
                clean[field] = str(value).strip()
            elif field == "kind":
                if kind not in line_kinds():
                    raise _Bad("不是已知的生产线类型，可选：" + "、".join(line_kinds()),
                               "is not a known line kind (see equipinv/data/line_benchmarks.csv)")
                clean[field] = kind
            elif field == "capacity_t_a":
                clean[field] = _capacity(value)
            elif field == "unit_energy_kgce_t":
                clean[field] = _energy(value, kind)
            elif field == "energy_year":
                clean[field] = _year(value, today)
            elif field == "commissioning_date":
                try:
                    clean[field] = parse_date(value)
                except ValueError:
                    raise _Bad("不是日期", "is not a date") from None
                if clean[field] > today:
                    raise _Bad("晚于今天", "is in the future")
            else:
                raise _Bad("不是生产线的字段，可用：" + "、".join(FIELD_NAMES_ZH), "is not a production-line field")
        except _Bad as bad:
            errors.append(_error(field, value, bad.zh, bad.en))
    for required in ("name", "kind", "capacity_t_a"):
        if required not in clean and not any(e.field == required for e in errors):
            errors.append(_error(required, "", "为必填项", "is required"))
    if "unit_energy_kgce_t" in clean and "energy_year" not in clean and not any(e.field == "energy_year" for e in errors):
        errors.append(_error("energy_year", "", "填了单位产品能耗时为必填项", "is required with unit_energy_kgce_t"))
    if errors:
        raise ValidationFailed(errors)
    return clean


def add_line(session: Session, enterprise: Enterprise, raw: Mapping[str, object], *, actor: str | None = None,
             today: dt.date | None = None) -> ProductionLine:
    """Store one line; a second line of the same name in the enterprise is refused."""
    clean = validate_line(raw, today=today)
    _refuse_taken_name(session, int(enterprise.id or 0), clean["name"])
    line = ProductionLine(enterprise_id=enterprise.id, **clean)  # type: ignore[arg-type]
    session.add(line)
    session.flush()
    audit(session, "create", "productionline", line.id, {k: str(v) for k, v in clean.items()}, actor=actor,
          enterprise_id=enterprise.id)
    return line


def stored_fields(line: ProductionLine) -> dict[str, Any]:
    """A stored line's fields as `validate_line` takes them (what an edit merges into, what a package carries)."""
    return {field: getattr(line, field) for field in FIELD_NAMES_ZH}


def edit_line(session: Session, line: ProductionLine, raw: Mapping[str, object], *, actor: str | None = None,
              today: dt.date | None = None, action: str = "update") -> dict[str, tuple[Any, Any]]:
    """Change the given fields of a line, audited like an equipment edit; returns {field: (old, new)} changed.

    The whole record is validated after the change, so a new kind is checked against the stored energy use
    and a new energy use against the stored kind; a blank value clears an optional field.
    """
    unknown = [f for f in raw if f not in FIELD_NAMES_ZH]
    if unknown:
        raise ValidationFailed([_error(f, raw[f], "不是生产线的字段，可用：" + "、".join(FIELD_NAMES_ZH),
                                       "is not a production-line field") for f in unknown])
    merged = {**stored_fields(line), **raw}
    clean = validate_line(merged, today=today)
    changes = {f: (getattr(line, f), clean.get(f)) for f in FIELD_NAMES_ZH if getattr(line, f) != clean.get(f)}
    if not changes:
        return {}
    if "name" in changes:
        _refuse_taken_name(session, line.enterprise_id, clean["name"])
    for field, (_old, new) in changes.items():
        setattr(line, field, new)
    session.add(line)
    session.flush()
    audit(session, action, "productionline", line.id, {k: [o, n] for k, (o, n) in changes.items()}, actor=actor,
          enterprise_id=line.enterprise_id)
    return changes


def _refuse_taken_name(session: Session, enterprise_id: int, name: str) -> None:
    taken = session.exec(select(ProductionLine).where(ProductionLine.enterprise_id == enterprise_id,
                                                      ProductionLine.name == name)).first()
    if taken is not None:
        enterprise = session.get(Enterprise, enterprise_id)
        where = enterprise.name if enterprise else "本企业"
        raise ValidationFailed([_error("name", name, f"在{where}已存在", "already exists in this enterprise")])


def find_line(session: Session, enterprise: Enterprise, name: str) -> ProductionLine:
    """An enterprise's line by its name (names are unique within an enterprise)."""
    found = session.exec(select(ProductionLine).where(ProductionLine.enterprise_id == enterprise.id,
                                                      ProductionLine.name == name.strip())).first()
    if found is None:
        raise NotFound(f'生产线 "{name}" 在{enterprise.name}不存在 (error: line "{name}" not found in this enterprise)')
    return found


def grade_of(line: ProductionLine) -> LineGrade:
    return grade_line(line.kind, line.unit_energy_kgce_t, line.energy_year)


def lines_where(session: Session, *conditions: sa.ColumnElement[bool]) -> list[tuple[ProductionLine, Enterprise]]:
    """Lines with their enterprise, filtered by conditions on either table, in a stable order."""
    query = (select(ProductionLine, Enterprise).join(Enterprise, col(Enterprise.id) == col(ProductionLine.enterprise_id))
             .where(*conditions).order_by(col(Enterprise.id), col(ProductionLine.name)))
    return [(line, ent) for line, ent in session.exec(query)]


def line_record(line: ProductionLine, enterprise: Enterprise) -> dict[str, Any]:
    grade = grade_of(line)
    spec = line_kinds()[line.kind]
    return {
        "id": line.id, "enterprise": enterprise.name, "name": line.name, "kind": line.kind, "kind_label": spec.name_zh,
        "capacity_t_a": line.capacity_t_a, "unit_energy_kgce_t": line.unit_energy_kgce_t,
        "energy_year": line.energy_year,
        "commissioning_date": line.commissioning_date.isoformat() if line.commissioning_date else None,
        "level": grade.level, "level_label": grade.label, "benchmark": grade.benchmark, "baseline": grade.baseline,
        "basis": grade.basis, "deadline": grade.deadline,
        "deadline_source": DEADLINE_SOURCE if grade.deadline and spec.deadline else None,
    }


@dataclass(frozen=True)
class LineCapacity:
    """Capacity (t/a) of a set of lines by grade: the plans' targets are capacity-weighted."""

    at_benchmark: float
    at_or_above_baseline: float
    graded: float
    ungraded_lines: int
    below_baseline: tuple[tuple[ProductionLine, Enterprise, LineGrade], ...]
    bases: tuple[str, ...]  # what the grades were measured against, one text per kind involved
    graded_lines: int


def capacity_summary(pairs: Sequence[tuple[ProductionLine, Enterprise]]) -> LineCapacity:
    """Sum each line's capacity into its grade; lines that cannot be graded stay out of the denominator."""
    at_benchmark = at_baseline = graded = 0.0
    ungraded = graded_lines = 0
    below: list[tuple[ProductionLine, Enterprise, LineGrade]] = []
    bases: dict[str, str] = {}
    for line, enterprise in pairs:
        grade = grade_of(line)
        if grade.level is None:
            ungraded += 1
            continue
        graded_lines += 1
        graded += line.capacity_t_a
        bases[line.kind] = f"{line_kinds()[line.kind].name_zh}：{grade.basis}"
        if grade.level == "benchmark":
            at_benchmark += line.capacity_t_a
        if grade.level in ("benchmark", "between"):
            at_baseline += line.capacity_t_a
        else:
            below.append((line, enterprise, grade))
    return LineCapacity(at_benchmark, at_baseline, graded, ungraded, tuple(below), tuple(bases.values()), graded_lines)
