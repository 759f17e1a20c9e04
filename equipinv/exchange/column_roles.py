"""What each column of a ledger's header row is for, and reading a row's cells by it.

Ledgers name their columns as people do. Besides the columns that name a field, a header row may hold a
serial-number column (序号), a unit column beside a quantity (额定功率/容量 | 单位 with kW, kVA or t/h per
row), a second column for a field already taken, and columns no field takes. Every column gets a role
here: a field is read; a serial number is recognised and not stored (it is the row's place in that file);
a unit column gives its left neighbour the unit of each row; any other column is kept per unit in
`extra` under its own header, so nothing a ledger holds is silently discarded (issue 16).

A rating header naming several quantities (功率/容量), or a rating header with a unit column beside it,
takes its field from each row's unit: kW is a power, kVA a transformer's capacity, t/h a boiler's
evaporation and MW a boiler's thermal power (another unit's power in MW stays a power).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from equipinv import labels
from equipinv.exchange.columns import field_for_header, header_alias, normalise_header
from equipinv.field_keys import equipment_keys, resolve
from equipinv.units import FIELD_UNITS, QuantityError, parse_quantity
from equipinv.validation import parse_date

SERIAL_HEADERS = frozenset({"序号", "序", "顺序号", "行号", "no", "sn", "serialno", "serialnumber"})
UNIT_HEADERS = frozenset({"单位", "计量单位", "参数单位", "功率单位", "容量单位", "单位名称(参数)", "unit", "units"})
GENERIC_ASSET_HEADERS = frozenset({"编号"})  # a serial number when another column holds the asset number
RATINGS = ("rated_power_kw", "capacity_kva", "capacity_t_h", "capacity_mw")
_SEPARATORS = re.compile(r"[/／、]|或")


@dataclass(frozen=True)
class ColumnRole:
    """One column's role: `kind` is field | unit | serial | extra | skip."""

    kind: str
    header: str
    field: str | None = None
    unit: str | None = None  # the unit its header writes ("功率(kW)")
    by_unit: bool = False  # a rating column whose field each row's unit decides
    combined: bool = False  # its header names several ratings (功率/容量): a row without a unit is an error
    unit_column: int | None = None  # index of the column holding its unit per row
    duplicate_of: str | None = None  # extra: the header of the earlier column of the same field
    month_dates: bool = False  # year made under a month or date header (出厂年月): 2006.5 is May 2006
    alias: str | None = None  # a short alias of several fields (capacity, efficiency): each row's category picks


def _name(header: str) -> str:
    return normalise_header(header)[0].replace(" ", "")


def is_unit_header(text: object) -> bool:
    """A header cell naming a unit column (单位, 计量单位)."""
    return text not in (None, "") and _name(str(text)) in UNIT_HEADERS


def _combined(header: str) -> bool:
    """A header naming several ratings at once (额定功率/容量, 功率或容量)."""
    parts = [p for p in _SEPARATORS.split(_name(header)) if p]
    found = [field_for_header(p)[0] for p in parts]
    return len(parts) > 1 and all(found) and any(f in RATINGS for f in found)


def column_roles(headers: list[str], fields: list[str | None], units: list[str | None],
                 skip: tuple[str, ...] = ()) -> list[ColumnRole]:
    """The role of each column (headers, and the field and unit `field_for_header` read from each); the
    columns headed as in `skip` are the caller's to read (kind "skip")."""
    fields = [RATINGS[0] if f is None and _combined(h) else f for h, f in zip(headers, fields, strict=True)]
    has_asset = sum(f == "asset_no" for f in fields) > 1
    roles: list[ColumnRole | None] = [None] * len(headers)
    taken: dict[str, str] = {}
    for i, (header, field, unit) in enumerate(zip(headers, fields, units, strict=True)):
        if roles[i] is not None:
            continue
        name = _name(header)
        if header in skip:
            roles[i] = ColumnRole("skip", header)
            continue
        if name in SERIAL_HEADERS or (has_asset and field == "asset_no" and name in GENERIC_ASSET_HEADERS):
            roles[i] = ColumnRole("serial", header)
            continue
        if field is None:
            roles[i] = ColumnRole("extra", header)
            continue
        if field in taken:
            roles[i] = ColumnRole("extra", header, duplicate_of=taken[field])
            continue
        taken[field] = header
        beside = i + 1 < len(headers) and is_unit_header(headers[i + 1]) and unit is None \
            and field in FIELD_UNITS
        if beside:
            roles[i + 1] = ColumnRole("unit", headers[i + 1])
        combined = _combined(header)
        roles[i] = ColumnRole("field", header, field, unit, by_unit=field in RATINGS and (beside or combined),
                              combined=combined, unit_column=i + 1 if beside else None, alias=header_alias(header),
                              month_dates=field == "year_made" and any(w in name for w in ("月", "日期", "时间")))
    return [r for r in roles if r is not None]


class CellFault(ValueError):
    """A cell that cannot be read under its column's role; the message names column and value."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def rating_field(unit: str, category_text: object) -> str | None:
    """The rating field a unit belongs to (see the module docstring), None when it is no rating's unit."""
    accepting = []
    for field in RATINGS:
        try:
            parse_quantity(field, f"1 {unit}")
        except QuantityError:
            continue
        accepting.append(field)
    if "capacity_mw" in accepting and labels.code_for("category", str(category_text or "")) == "boiler":
        return "capacity_mw"
    return accepting[0] if accepting else None


def alias_field(alias: str, category_text: object) -> str:
    """The field a short-alias column holds in a row of this category, resolved as `equipment add` resolves
    the key (`efficiency` is a boiler's thermal efficiency, a motor's efficiency_pct)."""
    return _alias_field(alias, labels.code_for("category", str(category_text or "")))


@cache
def _alias_field(alias: str, category: str | None) -> str:
    valid, own = equipment_keys(category)
    return resolve(alias, valid, own=own)


def _unit_of(value: Any) -> str | None:
    """The unit a cell writes after its number ("630 kVA" -> "kVA"), None for a bare number."""
    match = re.fullmatch(r"\s*[-+]?[\d.,]+\s*([^\d\s.,].*?)\s*", str(value))
    return match.group(1) if match and not isinstance(value, (int, float)) else None


def read_by_unit(role: ColumnRole, value: Any, row_unit: Any, category_text: object) -> tuple[str, Any]:
    """(field, cell with its unit) of a rating column whose field each row's unit decides; CellFault when the
    row gives no unit or one no rating takes."""
    assert role.field is not None
    written = str(row_unit).strip() if row_unit not in (None, "") else None
    unit = written or _unit_of(value) or role.unit
    shown = _number_text(value)
    if unit is None:
        if not role.combined:
            return role.field, value  # one quantity named, no unit given: the header's field, canonical unit
        raise CellFault(role.field, f'{role.header} "{shown}" 缺少单位，无法判断是功率、容量还是蒸发量 '
                                    f'(error: {role.header} "{shown}" has no unit: power, capacity or evaporation?)')
    field = rating_field(unit, category_text)
    if field is None:
        raise CellFault(role.field, f'{role.header} "{shown}" 的单位 "{unit}" 不是功率、容量、蒸发量或热功率的单位 '
                                    f'(error: unit "{unit}" of {role.header} is no power, capacity or evaporation unit)')
    return field, value if _unit_of(value) else f"{shown} {unit}"


def with_row_unit(value: Any, row_unit: Any) -> Any:
    """A quantity cell with the unit its row writes in the unit column (a bare number only)."""
    if row_unit in (None, "") or _unit_of(value):
        return value
    return f"{_number_text(value)} {str(row_unit).strip()}"


def _number_text(value: Any) -> str:
    """A cell's number as a person wrote it (Excel hands 630 back as 630.0)."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).strip()


def month_date(value: Any) -> Any:
    """A year made written as year and month with a dot (2006.5, 2006.05, 2006.10 as Excel keeps 2006.1) as
    the date it names, so its year is read; in a plain year column 2009.5 stays an error (not a whole year)."""
    text = _number_text(value)
    if not re.fullmatch(r"\d{4}\.\d{1,2}", text):
        return value
    try:
        return parse_date(text).isoformat()
    except ValueError:
        return value  # 2006.13: the validator says it is no year
