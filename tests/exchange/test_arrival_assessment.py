"""Units graded and checked on arrival get exactly the grades, findings and elimination records that
`equipinv grade` and `equipinv check` give the same units once stored."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from equipinv.bureau.consolidate import consolidate
from equipinv.checking import check_stored_units
from equipinv.db import open_database, session_scope
from equipinv.grading import grade_stored_units
from equipinv.models import EliminationRecord, Enterprise, Equipment, Finding
from tests.demo_packages import demo_packages


def _assessed(engine: sa.Engine) -> tuple[dict[tuple[str, str], Any], set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """Grades by (credit code, asset no), findings and elimination records, without ids and times."""
    with Session(engine) as s:
        key = {u.id: (e.credit_code, u.asset_no) for u, e in s.exec(
            select(Equipment, Enterprise).where(Equipment.enterprise_id == Enterprise.id)).all()}
        grades = {key[u.id]: (u.grade, u.benchmark_level, u.grade_standard,
                              {k: v for k, v in (u.grade_detail or {}).items()}, u.graded_at is not None,
                              u.checked_at is not None)
                  for u in s.exec(select(Equipment)).all()}
        findings = {(key[f.equipment_id], f.rule_id, f.outcome, f.kind, f.deadline, f.deadline_label,
                     tuple(f.missing_fields), f.citation, f.replacement, f.catalogue_version)
                    for f in s.exec(select(Finding)).all()}
        records = {(key[r.equipment_id], r.basis, r.deadline, r.status, r.replacement)
                   for r in s.exec(select(EliminationRecord)).all()}
    return grades, findings, records


def test_arrival_assessment_equals_the_stored_path(db_url: str, tmp_path: Path) -> None:
    today = dt.date.today()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    demo_packages(tmp_path / "source.sqlite", inbox, period="2026-11").dispose()
    target = open_database(db_url, migrate=True)
    consolidate(target, inbox)
    on_arrival = _assessed(target)
    with session_scope(target) as s:  # the same units, graded and checked where they are stored
        grade_stored_units(s, on=today)
        check_stored_units(s, as_of=today)
    stored_path = _assessed(target)
    grades, findings, records = on_arrival
    assert len(grades) == 395 and len(findings) > 250 and len(records) > 50  # the demo, with its findings
    assert all(g[4] and g[5] for g in grades.values())  # every unit graded and checked on arrival
    assert on_arrival == stored_path
    target.dispose()
