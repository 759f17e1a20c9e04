"""The template's 生产线 sheet: an enterprise's production lines (coke ovens, clinker lines, blast furnaces …).

Written empty (with the kinds as a drop-down of their Chinese names) or filled by `template -e`; read back
with the same file checks as the ledger. The kind may be written as its Chinese name or its code; capacity and
energy use may carry units ("60万吨/年", "128 kgce/t"), checked by `production_lines.validate_line`, and a bad
row refuses the file with the row and field named (lines are few, and a wrong one would move capacity between
grades).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from python_calamine import CalamineWorkbook

from equipinv.exchange.lines_member import parse_lines
from equipinv.exchange.reader import LedgerFileError, check_file
from equipinv.exchange.safe_cells import safe_text
from equipinv.line_benchmarks import line_kinds

LINE_SHEET = "生产线"
LINE_HEADERS = (("生产线名称 *", "name"), ("生产线类型 *", "kind"), ("产能(t/a) *", "capacity_t_a"),
                ("单位产品能耗(kgce/t)", "unit_energy_kgce_t"), ("能耗年份", "energy_year"),
                ("投产日期", "commissioning_date"))
_BY_HEADER = {header.split("(")[0].rstrip(" *"): field for header, field in LINE_HEADERS}
_CHOICES_SHEET = "生产线选项"  # hidden: the kind names the drop-down offers


def write_line_sheet(workbook: Workbook, lines: list[dict[str, Any]]) -> None:
    """Add the 生产线 sheet, filled with `lines` (fields as `lines_member.lines_document` gives them)."""
    sheet = workbook.create_sheet(LINE_SHEET)
    names = [spec.name_zh for spec in line_kinds().values()]
    for index, (header, _) in enumerate(LINE_HEADERS, start=1):
        sheet.cell(row=1, column=index, value=header).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = 30 if index == 2 else 18
    choices = workbook.create_sheet(_CHOICES_SHEET)
    choices.sheet_state = "hidden"
    for row, name in enumerate(names, start=1):
        choices.cell(row=row, column=1, value=name)
    validation = DataValidation(type="list", formula1=f"={_CHOICES_SHEET}!$A$1:$A${len(names)}",
                                allow_blank=True, showErrorMessage=True, errorTitle="无效选项",
                                error="请从下拉列表中选择生产线类型")
    validation.add("B2:B1000")
    sheet.add_data_validation(validation)
    labels = {kind: spec.name_zh for kind, spec in line_kinds().items()}
    for row_number, line in enumerate(lines, start=2):
        for index, (_, field) in enumerate(LINE_HEADERS, start=1):
            value = line.get(field)
            if field == "kind":
                value = labels.get(str(value), value)
            if value is not None:
                sheet.cell(row=row_number, column=index, value=safe_text(value))


def read_line_sheet(path: Path, *, today: dt.date) -> list[dict[str, Any]]:
    """The validated lines of an .xlsx ledger's 生产线 sheet ([] for a CSV or a workbook without one)."""
    if path.suffix.lower() == ".csv":
        return []
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(check_file(path)))
    if LINE_SHEET not in workbook.sheet_names:
        return []
    grid = workbook.get_sheet_by_name(LINE_SHEET).to_python(skip_empty_area=False)
    if not grid:
        return []
    fields = [_BY_HEADER.get(str(h).split("(")[0].strip().rstrip(" *")) for h in grid[0]]
    codes = {spec.name_zh: kind for kind, spec in line_kinds().items()}
    given = []
    for number, row in enumerate(grid[1:], start=2):
        raw = {f: _cell(v) for f, v in zip(fields, row, strict=False) if f and v not in (None, "")}
        if raw:
            if "kind" in raw:
                raw["kind"] = codes.get(str(raw["kind"]).strip(), raw["kind"])
            given.append((f"第 {number} 行", raw))
    try:
        return parse_lines(given, today=today, where=f"“{LINE_SHEET}”表")
    except ValueError as exc:
        raise LedgerFileError(str(exc)) from exc


def _cell(value: object) -> object:
    """Whole-number floats as Excel gives them (2025.0) back to integers, so a year reads as a year."""
    return int(value) if isinstance(value, float) and value.is_integer() else value
