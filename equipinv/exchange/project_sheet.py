"""The template's 项目 sheet: an enterprise's projects (name, 项目投产时间, new-project flag, energy, investment).

Read with the same checks as the ledger file; every row is validated with `equipinv.projects` and a bad
one refuses the file with the row and field named (projects are few, and a wrong commissioning date
would move a whole project between the current-state and new-project lists).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from equipinv.exchange.reader import LedgerFileError, check_file
from equipinv.exchange.template import PROJECT_HEADERS, PROJECT_SHEET
from equipinv.projects import validate_project
from equipinv.validation import validate_each

_BY_HEADER = {header.split("(")[0]: field for header, field in PROJECT_HEADERS}


def read_projects(path: Path, *, today: dt.date) -> list[dict[str, Any]]:
    """The validated projects of an .xlsx ledger's 项目 sheet ([] for a CSV or a workbook without one)."""
    if path.suffix.lower() == ".csv":
        return []
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(check_file(path)))
    if PROJECT_SHEET not in workbook.sheet_names:
        return []
    grid = workbook.get_sheet_by_name(PROJECT_SHEET).to_python(skip_empty_area=False)
    if not grid:
        return []
    fields = [_BY_HEADER.get(str(h).split("(")[0].strip()) for h in grid[0]]
    given = [(f"第 {number} 行", raw) for number, row in enumerate(grid[1:], start=2)
             if (raw := {f: v for f, v in zip(fields, row, strict=False) if f and v not in (None, "")})]
    projects, problems = validate_each(given, validate_project, today=today)
    if problems:
        raise LedgerFileError(f"“{PROJECT_SHEET}”表有误：" + "；".join(problems))
    return projects
