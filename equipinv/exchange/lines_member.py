"""Production lines on the survey path: the `lines.json` member of a package (schema 3), and storing lines
that arrive (from a package or the template's 生产线 sheet) for their enterprise.

Lines travel as the fields `production_lines.validate_line` takes, in its canonical units (t/a, kgce/t), and
are validated again on arrival: a line is never stored unchecked. Grades are not carried: they follow from the
fields and the data file, so the county grades a line exactly as the enterprise does. Arriving lines are
matched by name: a new name is added, a known one edited (audited, action "import"); a line the enterprise
no longer reports is kept, since a line is not retired by its absence from one sheet.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlmodel import Session, col, select

from equipinv.models import Enterprise, ProductionLine
from equipinv.production_lines import FIELD_NAMES_ZH, add_line, edit_line, stored_fields, validate_line
from equipinv.validation import validate_each

MEMBER = "lines.json"


def lines_document(session: Session, enterprise: Enterprise) -> list[dict[str, Any]]:
    """The enterprise's lines as plain fields (dates as ISO text), in name order."""
    lines = session.exec(select(ProductionLine).where(ProductionLine.enterprise_id == enterprise.id)
                         .order_by(col(ProductionLine.name)))
    return [{k: v.isoformat() if isinstance(v, dt.date) else v for k, v in stored_fields(line).items()}
            for line in lines]


def parse_lines(given: Sequence[tuple[str, Mapping[str, object]]], *, today: dt.date, where: str) -> list[dict[str, Any]]:
    """Validate every line, each given with its place ("第 3 行"); raises ValueError naming each bad one and
    `where` (the member or sheet), so the caller refuses the whole file as it does for projects."""
    clean, problems = validate_each(given, validate_line, today=today)
    if problems:
        raise ValueError(f"{where}有误：" + "；".join(problems))
    return clean


def parse_lines_member(data: bytes | None, *, today: dt.date) -> list[dict[str, Any]]:
    """The lines of a `lines.json` member ([] when the package has none: versions 1 and 2)."""
    if data is None:
        return []
    try:
        value = json.loads(data)
    except ValueError as exc:
        raise ValueError(f"{MEMBER} 不是有效的 JSON") from exc
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValueError(f"{MEMBER} 应为 JSON 对象的列表")
    return parse_lines([(f"第 {n} 条", v) for n, v in enumerate(value, start=1)], today=today, where=MEMBER)


def store_lines(session: Session, enterprise: Enterprise, lines: list[dict[str, Any]], *, actor: str,
                today: dt.date) -> int:
    """Add or update the enterprise's lines by name; returns how many were added or changed."""
    known = {line.name: line for line in session.exec(select(ProductionLine)
                                                      .where(ProductionLine.enterprise_id == enterprise.id))}
    touched = 0
    for clean in lines:
        line = known.get(clean["name"])
        if line is None:
            add_line(session, enterprise, clean, actor=actor, today=today)
            touched += 1
        elif edit_line(session, line, {f: clean.get(f, "") for f in FIELD_NAMES_ZH}, actor=actor, today=today,
                       action="import"):
            touched += 1
    return touched
