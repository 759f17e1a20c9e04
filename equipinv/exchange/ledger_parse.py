"""A ledger file read and validated, ready to store: its clean rows, its refused rows, its checksum.

Nothing here touches the database, so many ledgers can be read and validated side by side (a
consolidation does it in worker processes) and their rows assessed in one pass before each ledger is
stored in its own transaction (`ledger_import.store_ledger`). Every row goes through the one validator
the CLI and the TUI use.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from equipinv import labels
from equipinv.assessment import ArrivalAssessment, assess_records
from equipinv.exchange.reader import LedgerSheet, SheetRow, UnknownColumn
from equipinv.mine_location import apply_mine_type
from equipinv.validation import FIELD_NAMES_ZH, FieldError, ValidationFailed, validate_equipment


@dataclass
class RejectedRow:
    row: int
    cells: list[Any]
    errors: dict[str, str]  # field -> message

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "errors": self.errors, "cells": [str(c) if c is not None else "" for c in self.cells]}


@dataclass(frozen=True)
class RowWarning:
    """Something stored differently from how the row wrote it (a 类型 word kept as 其他 ...)."""

    row: int
    field: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "message": self.message}


@dataclass
class ParsedLedger:
    """One ledger after reading and validation (and, once `assess` ran, with its rows' assessment)."""

    checksum_sha256: str
    headers: list[str]  # the original header texts (for the error workbook)
    enterprise: dict[str, Any]  # as the file gives it (enterprise sheet or package), maybe empty
    unknown_columns: list[UnknownColumn]  # kept per unit in `extra`
    valid: list[dict[str, Any]]  # clean rows
    rejected: list[RejectedRow]
    today: dt.date
    assessment: ArrivalAssessment | None = field(default=None, repr=False)
    warnings: list[RowWarning] = field(default_factory=list)
    serial_columns: list[str] = field(default_factory=list)  # recognised serial numbers (序号), not stored


def parse_ledger(sheet: LedgerSheet, data: bytes, *, today: dt.date) -> ParsedLedger:
    """Validate every row of a ledger read by `reader` (`data`: the file's bytes, for the checksum)."""
    warnings: list[RowWarning] = []
    valid, rejected = _validate_rows(sheet.rows, today, warnings)
    apply_mine_type(labels.code_for("mine_type", str(sheet.enterprise.get("mine_type", ""))), valid)
    return ParsedLedger(hashlib.sha256(data).hexdigest(), sheet.headers, sheet.enterprise, sheet.unknown_columns,
                        valid, rejected, today, warnings=warnings, serial_columns=sheet.serial_columns)


def _validate_rows(rows: list[SheetRow], today: dt.date,
                   warnings: list[RowWarning]) -> tuple[list[dict[str, Any]], list[RejectedRow]]:
    counts = Counter(str(r.cells.get("asset_no", "")).strip() for r in rows)
    valid, rejected = [], []
    for row in rows:
        errors: dict[str, str] = dict(row.errors)
        for name in row.formula_fields:
            errors[name] = (f"{FIELD_NAMES_ZH.get(name, name)} 单元格是公式，请改为数值后再导入 "
                            f"(error: {name} holds a formula)")
        asset = str(row.cells.get("asset_no", "")).strip()
        if asset and counts[asset] > 1:
            errors["asset_no"] = (f'资产编号 "{asset}" 在本文件中重复出现 {counts[asset]} 次 '
                                  f'(error: duplicate asset number in the file)')
        row_warnings: list[FieldError] = []
        try:
            clean = validate_equipment(row.cells, today=today, warnings=row_warnings)
        except ValidationFailed as failed:
            for error in failed.errors:
                errors.setdefault(error.field, error.message)
            clean = {}
        if errors:
            rejected.append(RejectedRow(row.number, row.original, errors))
        else:
            valid.append(clean)
            warnings.extend(RowWarning(row.number, w.field, w.message) for w in row_warnings)
    return valid, rejected


def assess(ledgers: list[ParsedLedger]) -> None:
    """Grade and check the valid rows of several ledgers in one pass (the graders' fixed cost per call
    is paid once), giving each ledger its share; ledgers of different dates are assessed apart."""
    by_day: dict[dt.date, list[ParsedLedger]] = {}
    for ledger in ledgers:
        by_day.setdefault(ledger.today, []).append(ledger)
    for day, group in by_day.items():
        # each row with its enterprise's region: a local plan's rules bind only the enterprises of that region
        together = assess_records([row | {"region_code": ledger.enterprise.get("region_code")}
                                   for ledger in group for row in ledger.valid], on=day)
        starts = [0]
        for ledger in group:
            starts.append(starts[-1] + len(ledger.valid))
        for ledger, part in zip(group, together.split(starts), strict=True):
            ledger.assessment = part
