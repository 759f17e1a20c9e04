"""One category registry (catalog/data/categories.toml) that the ledger, the catalogue matcher, the
labels, the savings dispatch and the price table agree with.

The review found three drifted copies: the ledger refused 焊机 while the catalogue accepted it. A
ledger with a 焊机 row now imports and gets its catalogue finding.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from importlib.resources import files
from pathlib import Path

import openpyxl
import sqlalchemy as sa
from sqlmodel import Session, select

import catalog
import efficiency_tables as et
from catalog.facts import CATEGORIES as CATALOG_CATEGORIES
from catalog.facts import norm_category
from equipinv import categories, labels
from equipinv.codes import make_credit_code
from equipinv.db import session_scope
from equipinv.exchange.columns import COLUMNS
from equipinv.exchange.ledger_import import import_ledger
from equipinv.exchange.template import EQUIPMENT_SHEET, write_template
from equipinv.models import Equipment, Finding
from equipinv.planning import savings

CREDIT = make_credit_code("91141181MA0GX5K2L")


def _welder_ledger(tmp_path: Path) -> Path:
    path = write_template(tmp_path / "ledger.xlsx")
    wb = openpyxl.load_workbook(path)
    for row, value in enumerate((CREDIT, "孝义焦化", "141181", "C2521", 12000), start=1):
        wb["企业信息"].cell(row=row, column=2, value=value)
    position = {c.field: i for i, c in enumerate(COLUMNS, start=1)}
    unit = {"asset_no": "HJ-001", "name": "交流弧焊机", "category": "焊机", "model": "BX1-330",
            "commissioning_date": "1998年5月", "status": "在用"}
    for key, value in unit.items():
        wb[EQUIPMENT_SHEET].cell(row=5, column=position[key], value=value)
    wb.save(path)
    return path


def test_a_ledger_with_a_welding_machine_imports_and_gets_its_catalogue_finding(engine: sa.Engine,
                                                                                  tmp_path: Path) -> None:
    with session_scope(engine) as s:
        report = import_ledger(s, _welder_ledger(tmp_path), today=dt.date(2026, 11, 22))
    assert not report.rejected and report.accepted == 1
    with Session(engine) as s:
        unit = s.exec(select(Equipment)).one()
        findings = s.exec(select(Finding).where(Finding.equipment_id == unit.id)).all()
    assert unit.category == "welder"
    assert any(f.rule_id == "miit-b1-2-3" and f.kind == "mandatory" and f.outcome == "match" for f in findings)


def test_every_part_reads_the_same_vocabulary() -> None:
    registry = categories.registry()
    assert labels.CATEGORIES == CATALOG_CATEGORIES == {code: c.label for code, c in registry.items()}
    for code, c in registry.items():
        for written in (code, c.label, *c.aliases):  # the matcher checks mine equipment as its general category
            assert labels.code_for("category", written) == code, written
            assert norm_category(written) == (c.checked_as or code), written


def test_the_registry_agrees_with_the_benchmark_tables_and_the_savings_models() -> None:
    registry = categories.registry()
    # the benchmark data names the same codes (mine equipment, checked as a general category, has no table)
    assert set(et.CATEGORY_LABELS) == {code for code, c in registry.items() if not c.checked_as}
    graded = {code for code, c in registry.items() if c.grading_metric}
    assert graded == set(et.PARAMETERS)
    for code in graded:
        assert registry[code].grading_metric in {p.name for p in et.PARAMETERS[code]}, code
    covered = set(savings.MOTOR_CATEGORIES) | set(savings.PUMP_FAN_CATEGORIES) | set(savings.VEHICLE_CATEGORIES)
    assert covered == {code for code, c in registry.items() if c.savings_model in ("motor", "pump_fan", "vehicle")}
    for code, c in registry.items():
        assert bool(c.savings_model) == bool(c.savings_metric), code
        field_names = {f.name for f in c.fields}
        assert not c.price_basis or c.price_basis in field_names | {"quantity"}, code


def test_registry_fields_are_ledger_columns_with_their_canonical_units() -> None:
    from equipinv.units import FIELD_UNITS, parse_quantity

    for code, c in categories.registry().items():
        for f in c.fields:
            assert f.name in Equipment.model_fields, (code, f.name)
            if f.name in FIELD_UNITS:  # one registry unit is one canonical unit of the column
                assert parse_quantity(f.name, f"1 {f.unit}") == 1.0, (code, f.name, f.unit)


def test_the_unit_form_shows_the_registry_fields_of_a_category() -> None:
    from tui.screens.unit_form import COMMON, category_fields

    for code, c in categories.registry().items():
        shown = [name for name, _label in category_fields(code)]
        assert {f.name for f in c.fields} <= set(shown) and not set(shown) & set(COMMON), code


def test_the_price_table_quotes_on_the_registry_basis() -> None:
    prices = tomllib.loads(files("equipinv.planning").joinpath("data", "prices.toml").read_text(encoding="utf-8"))
    registry = categories.registry()
    for row in prices["price"]:
        if row["action"] in ("energy_saving", "advanced"):
            assert row["basis"] == registry[row["category"]].price_basis, row


def test_catalogue_rows_name_registry_categories_only() -> None:
    named = {code for spec in catalog.load().specs for code in spec.categories}
    assert "welder" in named and named <= set(categories.registry())
