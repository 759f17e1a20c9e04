"""How one list value reads on paper: the text both renderers agree on.

The PDF prints these strings; the XLSX writes numbers natively but uses the same decimals and
the same missing-value mark, so a bureau comparing the two files sees the same figures.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from equipinv.listing import Column, FillerInfo, ListDocument

MISSING = "—"
"""A number the ledger does not have: shown as missing, never as 0."""

SEQ_HEADER = "序号"
SUBTOTAL_LABEL = "小计"
TOTAL_LABEL = "合计"
EMPTY_TEXT = "无"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Drop control characters pasted from other systems: XML cannot hold them, PDFs draw boxes."""
    return _CONTROL.sub("", text)


def format_number(column: Column, value: float) -> str:
    if column.kind == "int":
        return f"{int(round(value)):,}" if abs(value) >= 10000 else str(int(round(value)))
    text = f"{value:,.{column.shown_decimals}f}" if column.kind in ("yuan", "tce", "tco2") else (
        f"{value:.{column.shown_decimals}f}"
    )
    return text + "%" if column.kind == "percent" else text


def format_date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def format_cell(column: Column, value: Any) -> str:
    """The printed text of ``value`` in ``column`` ("" for an empty text cell)."""
    if value is None or value == "":
        return MISSING if column.numeric else ""
    if column.numeric and isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(column, float(value))
    if column.kind == "date":
        return format_date(value)
    return str(value)


def format_filing_date(value: dt.date | None) -> str:
    """填报日期 as Chinese forms write it ("2026年11月22日"); blank for hand filling."""
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


SIGN_OFF_BLANK = "　" * 4
"""A blank a person fills in by hand on the printed form."""


def sign_off_fields(filler: FillerInfo) -> list[tuple[str, str]]:
    """The block a government form ends with (填报单位（盖章） / 填报人 / 审核人 / 联系电话 / 填报日期), as
    (label, value) pairs both renderers print; what the program does not know is left blank to sign."""
    return [("填报单位（盖章）", filler.unit or SIGN_OFF_BLANK), ("填报人", filler.person or SIGN_OFF_BLANK),
            ("审核人", SIGN_OFF_BLANK), ("联系电话", filler.phone or SIGN_OFF_BLANK),
            ("填报日期", format_filing_date(filler.date) or "　年　月　日")]


def section_heading(doc: ListDocument, title: str) -> str:
    return f"{doc.section_label}：{title}" if doc.section_label else title


def document_texts(doc: ListDocument) -> list[str]:
    """Every string the document prints, for the font-coverage check."""
    f = doc.filler
    texts = [doc.title, doc.scope, doc.section_label, f.unit, f.person, f.phone, *doc.notes]
    texts += [c.header for c in doc.columns]
    for section in doc.sections:
        texts.append(section.title)
        texts.extend(str(v) for row in section.rows for v in row.values() if isinstance(v, str))
    return texts
