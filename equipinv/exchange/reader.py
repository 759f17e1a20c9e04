"""Reading ledgers as people keep them: .xlsx or .csv, title rows, merged headers, synonyms, units.

The file is checked before it is parsed (empty, oversized, encrypted, an old .xls renamed, not a
workbook, a zip bomb or duplicate members: `zip_limits`, as for packages) and refused as a whole with
a reason; then the header row is found (the row naming most known columns,
with the row above it joined when headers are merged over two rows), each column is given its role
(`column_roles`: a field, a serial number, the unit of its neighbour, or kept in `extra`), and every data
row comes back as {field: cell} plus its original cells, ready for validation. Cells holding formulas are
reported, never evaluated.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from equipinv.errors import BadInput
from equipinv.exchange.column_roles import (
    CellFault,
    ColumnRole,
    alias_field,
    column_roles,
    is_unit_header,
    month_date,
    read_by_unit,
    with_row_unit,
)
from equipinv.exchange.columns import ENTERPRISE_FIELDS, REQUIRED, field_for_header, normalise_header
from equipinv.exchange.template import EQUIPMENT_SHEET
from equipinv.exchange.zip_limits import MAX_FILE_BYTES, archive_refusal
from equipinv.units import FIELD_UNITS

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_HEADER_SCAN_ROWS = 15


class LedgerFileError(BadInput, ValueError):
    """The file as a whole cannot be read as a ledger; nothing from it is stored."""


_JSON_FIELDS = ("value_sources", "extra")  # mappings a survey package writes as JSON text


@dataclass
class SheetRow:
    number: int  # 1-based row number in the sheet, as a person sees it
    cells: dict[str, Any]  # field -> value (units from the header applied); "extra": {header: cell}
    original: list[Any]  # the row's cells as read
    formula_fields: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # field -> why a cell could not be read (no unit ...)


@dataclass(frozen=True)
class UnknownColumn:
    """A column no field takes, kept per unit in `extra`: its header, how many cells held a value, and the
    header of the earlier column of the same field when it repeats one."""

    header: str
    values: int
    duplicate_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"header": self.header, "values": self.values, "duplicate_of": self.duplicate_of}


@dataclass
class LedgerSheet:
    headers: list[str]  # the original header texts, one per column
    fields: list[str | None]  # the field each column maps to
    rows: list[SheetRow]
    enterprise: dict[str, Any]  # from the enterprise sheet, if any
    unknown_columns: list[UnknownColumn]
    serial_columns: list[str] = field(default_factory=list)  # recognised serial numbers (序号), not stored


def check_file(path: Path) -> bytes:
    """The file's bytes, or LedgerFileError for what is plainly not a readable ledger."""
    if not path.exists():
        raise LedgerFileError(f"文件 {path} 不存在 (error: file not found)")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise LedgerFileError(f"文件 {path.name} 共 {size} 字节，超过上限 {MAX_FILE_BYTES} 字节 "
                              f"(error: file of {size} bytes exceeds the limit of {MAX_FILE_BYTES} bytes)")
    data = path.read_bytes()
    if not data:
        raise LedgerFileError(f"文件 {path.name} 是空文件（0 字节） (error: the file is empty)")
    if path.suffix.lower() == ".csv":
        return data
    if data.startswith(_OLE2):
        if _ENCRYPTED in data:
            raise LedgerFileError(f"工作簿 {path.name} 设有打开密码，请取消密码后另存为 .xlsx 再导入 "
                                  f"(error: the workbook is password-protected)")
        raise LedgerFileError(f"文件 {path.name} 是旧版 .xls 格式（扩展名被改为 .xlsx），请在 Excel 中另存为 .xlsx "
                              f"(error: an old .xls file renamed to .xlsx)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            refused = archive_refusal(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise LedgerFileError(f"文件 {path.name} 不是有效的 .xlsx 工作簿或已损坏 (error: not a valid .xlsx workbook)") from exc
    if refused is not None:
        raise LedgerFileError(f"工作簿 {path.name} 被拒收：{refused[0]} (error: workbook refused: {refused[1]})")
    return data


def read_ledger(path: Path) -> tuple[LedgerSheet, bytes]:
    """The ledger rows of `path` (and its bytes, for the checksum)."""
    data = check_file(path)
    if path.suffix.lower() == ".csv":
        return read_csv_ledger(data, path.name), data
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise LedgerFileError(f"无法读取工作簿 {path.name}：{exc} (error: the workbook cannot be read)") from exc
    names = workbook.sheet_names
    sheet_name = EQUIPMENT_SHEET if EQUIPMENT_SHEET in names else _best_sheet(workbook, names)
    grid = workbook.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
    enterprise = _enterprise_sheet(workbook, names)
    formulas = _formula_cells(data, names.index(sheet_name))
    return _parse(grid, enterprise, formulas), data


def read_csv_ledger(data: bytes, name: str, *, skip: tuple[str, ...] = ()) -> LedgerSheet:
    """The ledger rows of a CSV file's bytes (`name`: the file name, for messages; `skip`: headers of columns
    the caller reads itself, such as a survey package's credit code)."""
    return _parse(_csv_grid(data, name), {}, set(), skip)


def _csv_grid(data: bytes, name: str) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise LedgerFileError(f"CSV 文件 {name} 的编码无法识别（请用 UTF-8 或 GBK） (error: unknown CSV encoding)")
    return [list(row) for row in csv.reader(io.StringIO(text))]


def _best_sheet(workbook: CalamineWorkbook, names: list[str]) -> str:
    """The sheet whose first rows name the most ledger columns."""
    def score(name: str) -> int:
        rows = workbook.get_sheet_by_name(name).to_python(nrows=_HEADER_SCAN_ROWS)
        return max((sum(field_for_header(c)[0] is not None for c in row) for row in rows), default=0)

    return max(names, key=score)


def _enterprise_sheet(workbook: CalamineWorkbook, names: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in names:
        for row in workbook.get_sheet_by_name(name).to_python(nrows=20):
            if len(row) >= 2:
                key = normalise_header(row[0])[0].replace(" ", "")
                target = ENTERPRISE_FIELDS.get(key) or ENTERPRISE_FIELDS.get(str(row[0]).strip())
                if target and row[1] not in ("", None):
                    found[target] = str(row[1]).strip() if target != "annual_energy_tce" else row[1]
        if "credit_code" in found:
            return found
    return found


_CELL_WITH_FORMULA = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*>(?:(?!</c>).)*?<f[ >/]', re.S)


def _formula_cells(data: bytes, sheet_index: int) -> set[tuple[int, int]]:
    """(row, column) of every cell holding a formula, read from the sheet XML without evaluating."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = sorted((n for n in archive.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", n)),
                        key=lambda n: int(re.findall(r"\d+", n)[-1]))
        if sheet_index >= len(sheets):
            return set()
        xml = archive.read(sheets[sheet_index])
    if b"<f" not in xml:
        return set()
    return {(int(row), _column_number(col.decode())) for col, row in _CELL_WITH_FORMULA.findall(xml)}


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def _header_row(grid: list[list[Any]]) -> int:
    scores = [sum(field_for_header(c)[0] is not None for c in row) for row in grid[:_HEADER_SCAN_ROWS]]
    best = max(range(len(scores)), key=scores.__getitem__, default=0)
    if not scores or scores[best] < 2:
        raise LedgerFileError("找不到表头行：前15行中没有可识别的列名（如 资产编号、设备名称、设备类别） "
                              "(error: no recognisable header row)")
    return best


def _parse(grid: list[list[Any]], enterprise: dict[str, Any], formulas: set[tuple[int, int]],
           skip: tuple[str, ...] = ()) -> LedgerSheet:
    if not grid:
        raise LedgerFileError("工作表为空 (error: the sheet is empty)")
    header_index = _header_row(grid)
    headers = [str(c).strip() if c not in (None, "") else "" for c in grid[header_index]]
    above = grid[header_index - 1] if header_index > 0 else []
    fields: list[str | None] = []
    units: list[str | None] = []
    for i, text in enumerate(headers):
        name, unit = field_for_header(text)
        if name is None and i < len(above) and above[i] not in ("", None):  # merged two-row header
            name, unit = field_for_header(f"{above[i]}{text}")
            name = name or field_for_header(above[i])[0]
        fields.append(name)
        units.append(unit)
    first_data = header_index + 1
    below = grid[first_data] if first_data < len(grid) else []
    if _is_sub_header(below, fields):  # a group header merged over a row of column names beneath it
        for i, text in enumerate(below):
            name, unit = field_for_header(text)
            if name is not None and i < len(fields):
                fields[i], units[i] = name, unit
                headers[i] = f"{headers[i]}{text}" if headers[i] else str(text)
            elif is_unit_header(text) and i < len(headers) and not headers[i]:  # 额定功率/容量 over 数值 | 单位
                headers[i] = str(text)
        first_data += 1
    missing = [f for f in REQUIRED if f not in fields]
    if missing:
        raise LedgerFileError(f"表头缺少必填列：{'、'.join(missing)} (error: required columns missing: {', '.join(missing)})")
    headers = [h or f"（无表头）第{get_column_letter(i)}列" for i, h in enumerate(headers, start=1)]
    roles = column_roles(headers, fields, units, skip)
    category_col = fields.index("category")
    rows = []
    for offset, raw in enumerate(grid[first_data:], start=first_data + 1):
        if all(v in ("", None) for v in raw):
            continue
        row = _read_row(offset, raw, roles, category_col, formulas)
        if not str(row.cells.get("asset_no", "")).startswith("示例"):
            rows.append(row)
    kept = [(r.header, sum(r.header in row.cells.get("extra", {}) for row in rows), r.duplicate_of)
            for r in roles if r.kind == "extra"]
    unknown = [UnknownColumn(header, values, duplicate_of) for header, values, duplicate_of in kept
               if values or not header.startswith("（无表头）")]
    return LedgerSheet(headers, fields, rows, enterprise, unknown,
                       serial_columns=[r.header for r in roles if r.kind == "serial"])


def _read_row(number: int, raw: list[Any], roles: list[ColumnRole], category_col: int,
              formulas: set[tuple[int, int]]) -> SheetRow:
    """One data row read by its columns' roles (see `column_roles`)."""
    cells: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    row = SheetRow(number, cells, list(raw))
    category = raw[category_col] if category_col < len(raw) else None
    for col, role in enumerate(roles, start=1):
        value = raw[col - 1] if col <= len(raw) else None
        if role.kind == "field" and (number, col) in formulas:
            row.formula_fields.append(str(role.field))
        if role.kind in ("serial", "unit", "skip") or value in ("", None):
            continue
        if role.kind == "extra":
            extra[role.header] = _plain(value)
            continue
        name = role.field if role.alias is None else alias_field(role.alias, category)
        assert name is not None
        row_unit = raw[role.unit_column] if role.unit_column is not None and role.unit_column < len(raw) else None
        try:
            if role.by_unit:
                name, value = read_by_unit(role, value, row_unit, category)
            elif role.unit_column is not None:
                value = with_row_unit(value, row_unit)
            elif role.month_dates:
                value = month_date(value)
        except CellFault as fault:
            row.errors[fault.field] = str(fault)
            continue
        plain_text = role.unit is None and type(value) is str and value[0] != "'" and name not in _JSON_FIELDS
        cells.setdefault(name, value if plain_text else _with_unit(name, value, role.unit))
    if extra:
        cells["extra"] = {**extra, **cells.get("extra", {})}
    return row


def _plain(value: Any) -> Any:
    """A cell kept in `extra` as JSON can hold it: text, numbers, flags; dates in ISO."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        return str(value) if isinstance(value, dt.timedelta) else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, (str, int, float, bool)) else str(value)


def _is_sub_header(row: list[Any], fields: list[str | None]) -> bool:
    """A row under the header naming further columns, with no asset number of its own."""
    named = [field_for_header(c)[0] or is_unit_header(c) for c in row]
    if not any(named):
        return False
    asset_col = fields.index("asset_no") if "asset_no" in fields else None
    return asset_col is None or asset_col >= len(row) or row[asset_col] in ("", None)


def _with_unit(name: str, value: Any, unit: str | None) -> Any:
    """A bare number under a header with a unit ("功率(kW)") carries that unit into validation."""
    if isinstance(value, str) and value.startswith("'") and value[1:2] in ("=", "+", "-", "@"):
        value = value[1:]  # written escaped by an export (safe_cells): the text itself, not a formula
    if name in _JSON_FIELDS and isinstance(value, str):
        try:
            return dict(json.loads(value))
        except (ValueError, TypeError):
            return {}
    if isinstance(value, float) and value.is_integer() and name in ("year_made", "quantity", "poles"):
        return int(value)
    if isinstance(value, dt.datetime) and name != "commissioning_date":
        return value.date().isoformat()
    if unit and name in FIELD_UNITS and isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value} {unit}"
    if unit and name in FIELD_UNITS and isinstance(value, str) and re.fullmatch(r"\s*[-+]?\d+(\.\d+)?\s*", value):
        return f"{value.strip()} {unit}"
    return value


def read_grid(path: Path) -> list[list[Any]]:
    """The cells of a simple table file (a .csv, or the first sheet of an .xlsx), after the same file checks."""
    data = check_file(path)
    if path.suffix.lower() == ".csv":
        return _csv_grid(data, path.name)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise LedgerFileError(f"无法读取工作簿 {path.name}：{exc} (error: the workbook cannot be read)") from exc
