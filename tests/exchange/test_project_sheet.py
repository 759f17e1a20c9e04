"""The 项目 sheet of an Excel ledger: good rows are read, and a bad row refuses the sheet naming every fault."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from equipinv.exchange.project_sheet import read_projects
from equipinv.exchange.reader import LedgerFileError
from equipinv.exchange.template import PROJECT_SHEET

TODAY = dt.date(2026, 11, 22)


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = PROJECT_SHEET
    sheet.append(["项目名称", "项目投产时间", "新建项目"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_good_rows_are_read_and_blank_rows_skipped(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "ok.xlsx", [["焦炉改造", "2025-06-30", "是"], [None, None, None], ["新建熟料线", "2026-01-15", "否"]])
    projects = read_projects(path, today=TODAY)
    assert [p["name"] for p in projects] == ["焦炉改造", "新建熟料线"]
    assert projects[0]["commissioning_date"] == dt.date(2025, 6, 30)


def test_every_bad_row_is_named_by_its_row(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "bad.xlsx", [["焦炉改造", "明年", "是"], ["熟料线", "2026-01-15", "是"],
                                             ["干熄焦", "2099-13-40", "是"]])
    with pytest.raises(LedgerFileError) as refused:
        read_projects(path, today=TODAY)
    message = str(refused.value)
    assert message.startswith(f"“{PROJECT_SHEET}”表有误：") and "第 2 行：" in message and "第 4 行：" in message
    assert "第 3 行" not in message
