"""Every CLI edit path stores a fresh grade and fresh findings in the same transaction as the change.

The review found `equipment edit` on the CLI left the stored grade and findings stale (only the TUI
regraded). These tests change units through the command line and read the stored rows back.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlmodel import Session, select

from equipinv.db import open_database
from equipinv.models import Enterprise, Equipment, Finding


def _a_graded_ye3_motor(ledger: Path) -> tuple[str, str, int]:
    engine = open_database(ledger)
    with Session(engine) as s:
        unit = s.exec(select(Equipment).where(Equipment.category == "motor", Equipment.model.startswith("YE3"),  # type: ignore[union-attr]
                                              Equipment.poles.is_not(None), Equipment.efficiency_pct.is_not(None),  # type: ignore[union-attr]
                                              Equipment.benchmark_level != "below_access")).first()
        assert unit is not None and unit.id is not None
        enterprise = s.get(Enterprise, unit.enterprise_id)
        assert enterprise is not None
        found = (enterprise.credit_code, unit.asset_no, unit.id)
    engine.dispose()
    return found


def _stored(ledger: Path, unit_id: int) -> tuple[Equipment, list[Finding]]:
    engine = open_database(ledger)
    with Session(engine) as s:
        unit = s.get(Equipment, unit_id)
        assert unit is not None
        findings = list(s.exec(select(Finding).where(Finding.equipment_id == unit_id)))
    engine.dispose()
    return unit, findings


def test_cli_edit_regrades_and_rechecks_the_stored_unit(run_demo, demo_ledger: Path) -> None:
    credit, asset_no, unit_id = _a_graded_ye3_motor(demo_ledger)
    before, _ = _stored(demo_ledger, unit_id)
    code, out, err = run_demo("equipment", "edit", "-e", credit, asset_no, "efficiency_pct=60", "--json")
    assert code == 0, err
    assert json.loads(out)["unit"]["benchmark_level"] == "below_access"
    after, findings = _stored(demo_ledger, unit_id)
    assert after.efficiency_pct == 60 and after.benchmark_level == "below_access"
    assert after.graded_at is not None and (before.graded_at is None or after.graded_at > before.graded_at)
    assert any(f.rule_id == "benchmark-below-access" and f.outcome == "match" for f in findings)


def test_cli_add_stores_a_graded_and_checked_unit(run_demo, demo_ledger: Path) -> None:
    credit, _asset_no, _unit_id = _a_graded_ye3_motor(demo_ledger)
    code, out, err = run_demo("equipment", "add", "-e", credit, "asset_no=NEW-M-1", "name=新电机", "category=motor",
                              "rated_power_kw=75 kW", "poles=4", "efficiency_pct=80", "commissioning_date=2020-01",
                              "--json")
    assert code == 0, err
    unit, findings = _stored(demo_ledger, json.loads(out)["id"])
    assert unit.benchmark_level == "below_access" and unit.checked_at is not None
    assert any(f.rule_id == "benchmark-below-access" for f in findings)
