"""The county receives what the enterprise has: the demo's enterprises export their survey packages, the
county consolidates them into an empty database (SQLite and PostgreSQL), and every unit's stored fields,
grades and findings, the projects, the declared needs and each enterprise's lists equal the enterprise's."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from equipinv.bureau.consolidate import consolidate
from equipinv.checking import check_stored_units
from equipinv.commands.demo_cmd import DEMO_BUDGETS
from equipinv.config import Config
from equipinv.db import open_database, session_scope
from equipinv.demo import DEMO_TODAY, build_demo
from equipinv.exchange.package import export_package
from equipinv.grading import grade_stored_units
from equipinv.lists import LIST_IDS, Scope, build_list
from equipinv.models import DeclaredNeed, Enterprise, Equipment, Finding, Project, Site
from equipinv.planner import load_planning_data, make_plan
from equipinv.projects import declare_need

# Columns that name where a row lives in one database (ids, times, versions), not what was reported.
_LOCAL = {"id", "enterprise_id", "site_id", "project_id", "parent_id", "submission_id", "created_at", "updated_at",
          "version", "graded_at", "checked_at"}


def _units(session: Session, enterprise: Enterprise) -> dict[str, dict[str, Any]]:
    sites = {s.id: s.name for s in session.exec(select(Site).where(Site.enterprise_id == enterprise.id))}
    projects = {p.id: p.name for p in session.exec(select(Project).where(Project.enterprise_id == enterprise.id))}
    units = session.exec(select(Equipment).where(Equipment.enterprise_id == enterprise.id)).all()
    assets = {u.id: u.asset_no for u in units}
    found = {}
    for u in units:
        row = {k: v for k, v in u.model_dump().items() if k not in _LOCAL}
        row.update(site=sites.get(u.site_id), project=projects.get(u.project_id), parent=assets.get(u.parent_id))
        found[u.asset_no] = row
    return found


def _assert_same_units(mine: Session, at_home: Enterprise, theirs: Session, received: Enterprise) -> None:
    """Every unit of the enterprise, field by field, the same in both databases."""
    home_units, county_units = _units(mine, at_home), _units(theirs, received)
    assert county_units.keys() == home_units.keys()
    for asset_no, fields in home_units.items():
        differing = {k: (v, county_units[asset_no][k]) for k, v in fields.items() if county_units[asset_no][k] != v}
        assert not differing, f"{at_home.name} {asset_no}: {differing}"


def _findings(session: Session, enterprise: Enterprise) -> set[tuple[Any, ...]]:
    rows = session.exec(select(Equipment.asset_no, Finding).join(Finding, Finding.equipment_id == Equipment.id)
                        .where(Equipment.enterprise_id == enterprise.id)).all()
    return {(a, f.rule_id, f.outcome, f.deadline, f.replacement, tuple(f.missing_fields), f.reason) for a, f in rows}


def _projects_and_needs(session: Session, enterprise: Enterprise) -> tuple[list[Any], list[Any]]:
    projects = [p.model_dump(exclude={"id", "enterprise_id"})
                for p in session.exec(select(Project).where(Project.enterprise_id == enterprise.id)
                                      .order_by(Project.name))]
    needs = [(a, n.line_name, n.action, n.replacement, n.investment_yuan, n.planned_year, n.reason)
             for n, a in session.exec(select(DeclaredNeed, Equipment.asset_no)
                                      .join(Equipment, Equipment.id == DeclaredNeed.equipment_id, isouter=True)
                                      .where(DeclaredNeed.enterprise_id == enterprise.id).order_by(DeclaredNeed.id))]
    return projects, needs


def _local_numbers(row: dict[str, Any]) -> dict[str, Any]:
    """A plan is numbered by the database that stores it ("第3号更新计划"): the same plan has another number at
    the county, so the number is masked when rows of two databases are compared."""
    return {k: re.sub(r"第\d+号", "第N号", v) if isinstance(v, str) else v for k, v in row.items()}


def _lists(session: Session, enterprise: Enterprise) -> dict[str, list[dict[str, Any]]]:
    scope = Scope.enterprise(enterprise)
    return {list_id: [_local_numbers(row) for section in build_list(session, list_id, scope, today=DEMO_TODAY).sections
                      for row in section.rows] for list_id in LIST_IDS}


@pytest.fixture(scope="module")
def enterprise_side(tmp_path_factory: pytest.TempPathFactory) -> tuple[sa.Engine, Path]:
    """The demo with a declared need and a project investment added, exported package by package."""
    folder = tmp_path_factory.mktemp("round_trip")
    inbox = folder / "inbox"
    inbox.mkdir()
    source = open_database(folder / "enterprise.sqlite")
    with session_scope(source) as s:
        build_demo(s)
    with session_scope(source) as s:
        coke = s.exec(select(Enterprise).where(Enterprise.name == "孝义市金晖焦化有限公司")).one()
        unit = s.exec(select(Equipment).where(Equipment.enterprise_id == coke.id).order_by(Equipment.asset_no)).first()
        assert unit is not None
        declare_need(s, coke, {"asset_no": unit.asset_no, "action": "renewal", "replacement": "YE4 超高效电机",
                               "investment_yuan": "12万元", "planned_year": "2027", "reason": "能效低于准入水平"})
        declare_need(s, coke, {"line_name": "1号焦炉", "action": "digital_retrofit", "planned_year": "2028",
                               "reason": "智能化改造"})
        for project in s.exec(select(Project).where(Project.enterprise_id == coke.id)):
            project.investment_yuan = 3.2e8
            s.add(project)
    with session_scope(source) as s:
        grade_stored_units(s)
    with session_scope(source) as s:
        check_stored_units(s)
    with session_scope(source) as s:  # the demo's plan, as `equipinv demo` makes it
        config, scope = Config(), Scope.everything(s)
        data = load_planning_data(s, scope, config, on=DEMO_TODAY)
        make_plan(s, data, DEMO_BUDGETS, objective="npv", config=config, current_year=DEMO_TODAY.year, scope=scope)
    with session_scope(source) as s:  # and the coking plant's own plan, which its package carries to the county
        coke = s.exec(select(Enterprise).where(Enterprise.name == "孝义市金晖焦化有限公司")).one()
        own = Scope.enterprise(coke)
        data = load_planning_data(s, own, Config(), on=DEMO_TODAY)
        make_plan(s, data, DEMO_BUDGETS, objective="npv", config=Config(), current_year=DEMO_TODAY.year, scope=own)
    with Session(source) as s:
        for n, enterprise in enumerate(s.exec(select(Enterprise).order_by(Enterprise.id)).all()):
            export_package(s, enterprise, inbox / f"{n:02d}_{enterprise.credit_code}.zip", period="2026-11")
    return source, inbox


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_county_equals_enterprises_field_by_field(enterprise_side, backend: str, request: pytest.FixtureRequest,
                                                   tmp_path: Path) -> None:
    source, inbox = enterprise_side
    url = str(tmp_path / "county.sqlite") if backend == "sqlite" else request.getfixturevalue("pg_url")
    county = open_database(url, migrate=True)
    consolidate(county, inbox, workers=0)
    with Session(source) as mine, Session(county) as theirs:
        enterprises = mine.exec(select(Enterprise).order_by(Enterprise.credit_code)).all()
        assert len(enterprises) == 5
        for at_home in enterprises:
            received = theirs.exec(select(Enterprise).where(Enterprise.credit_code == at_home.credit_code)).one()
            _assert_same_units(mine, at_home, theirs, received)
            assert _findings(theirs, received) == _findings(mine, at_home), at_home.name
            assert _projects_and_needs(theirs, received) == _projects_and_needs(mine, at_home), at_home.name
            home_lists, county_lists = _lists(mine, at_home), _lists(theirs, received)
            for list_id in LIST_IDS:
                assert county_lists[list_id] == home_lists[list_id], f"{at_home.name}: {list_id}"
    county.dispose()


def test_a_version_1_package_is_read_as_having_no_projects_or_needs(enterprise_side, tmp_path: Path) -> None:
    import hashlib
    import json
    import zipfile

    from equipinv.exchange.package import V1_MEMBERS, parse_package

    _, inbox = enterprise_side
    newest = sorted(inbox.glob("*.zip"))[0]
    with zipfile.ZipFile(newest) as archive:
        members = {name: archive.read(name) for name in V1_MEMBERS}
        manifest = json.loads(archive.read("manifest.json"))
    manifest.update(schema_version=1, members={n: {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
                                               for n, d in members.items()})
    old = tmp_path / "v1.zip"
    with zipfile.ZipFile(old, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        for name, data in members.items():
            archive.writestr(name, data)
    package = parse_package(old, today=dt.date(2026, 12, 1))
    assert package.projects == [] and package.needs == [] and package.ledger.valid


def test_the_same_through_the_excel_template(enterprise_side, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each enterprise's ledger written into the template (`template -e`) and imported into an empty database.

    An Excel ledger carries no plan, so the lists compared are those a ledger alone decides.
    """
    from equipinv.cli import main
    from equipinv.cli_support import STATE

    source, _ = enterprise_side
    county_path = tmp_path / "from_excel.sqlite"
    source_path = str(source.url.database)

    def run(db: str, *args: str) -> None:
        STATE._engine = None
        code = main(["--db", db, *args])
        out, err = capsys.readouterr()
        assert code == 0, err
        if STATE._engine is not None:
            STATE._engine.dispose()
        STATE._engine = None

    run(str(county_path), "init")
    with Session(source) as mine:
        codes = [e.credit_code for e in mine.exec(select(Enterprise).order_by(Enterprise.credit_code))]
    for code in codes:
        workbook = tmp_path / f"{code}.xlsx"
        run(source_path, "template", str(workbook), "-e", code)
        run(str(county_path), "import", str(workbook))
    county = open_database(county_path)
    with Session(source) as mine, Session(county) as theirs:
        for code in codes:
            at_home = mine.exec(select(Enterprise).where(Enterprise.credit_code == code)).one()
            received = theirs.exec(select(Enterprise).where(Enterprise.credit_code == code)).one()
            _assert_same_units(mine, at_home, theirs, received)
            assert _findings(theirs, received) == _findings(mine, at_home)
            assert _projects_and_needs(theirs, received)[0] == _projects_and_needs(mine, at_home)[0]
            for list_id in ("current_state", "new_project"):
                home = build_list(mine, list_id, Scope.enterprise(at_home), today=DEMO_TODAY).sections
                there = build_list(theirs, list_id, Scope.enterprise(received), today=DEMO_TODAY).sections
                assert [r for s in there for r in s.rows] == [r for s in home for r in s.rows], (code, list_id)
    county.dispose()


def test_the_county_demand_list_is_built_from_its_enterprises_plans_and_needs(enterprise_side, tmp_path: Path) -> None:
    """With no county plan, the county's demand list holds each enterprise's own plan (carried by its package)
    and what enterprises declared themselves, each row saying which."""
    source, inbox = enterprise_side
    county = open_database(tmp_path / "county.sqlite")
    consolidate(county, inbox, workers=0)
    with Session(source) as mine, Session(county) as theirs:
        coke_home = mine.exec(select(Enterprise).where(Enterprise.name == "孝义市金晖焦化有限公司")).one()
        home_rows = _lists(mine, coke_home)["demand"]
        region = build_list(theirs, "demand", Scope.region(theirs, "141100"), today=DEMO_TODAY)
        rows = [r for s in region.sections for r in s.rows]
    coke_rows = [r for r in rows if r["enterprise"] == coke_home.name]
    planned = [r for r in coke_rows if r["source_label"].startswith("企业更新计划")]
    assert len(planned) == len([r for r in home_rows if r["source_label"].startswith("企业更新计划")]) > 0
    # the two needs the coking plant declared (one unit, one line), besides or within its own plan's rows
    declared = {"企业自报：能效低于准入水平", "企业自报：智能化改造"}
    assert {r["source_label"] for r in rows} <= {"企业更新计划", "企业更新计划；企业亦自报", *declared}
    line = [r for r in rows if r["equipment_name"] == "1号焦炉"]
    assert line and line[0]["source_label"] == "企业自报：智能化改造" and line[0]["measure_label"] == "数字化改造"
    unit_need = [r for r in coke_rows if r["source_label"] in ("企业更新计划；企业亦自报", "企业自报：能效低于准入水平")]
    assert len(unit_need) == 1, "the unit's own need is listed once, with or within its plan row"
    assert "尚未制定更新计划" in " ".join(region.notes)  # the county itself has no plan: it says so
    county.dispose()


def test_a_plan_made_in_an_enterprises_own_database_reaches_the_county(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """In an enterprise's own database "all" is that enterprise: its plan is the enterprise's plan, its package
    carries it, and the county's demand list shows it as 企业更新计划."""
    import json

    from equipinv.cli import main
    from equipinv.cli_support import STATE
    from equipinv.codes import make_credit_code

    def run(db: Path, *args: str) -> str:
        STATE._engine = None
        code = main(["--db", str(db), *args])
        out, err = capsys.readouterr()
        assert code == 0, err
        if STATE._engine is not None:
            STATE._engine.dispose()
        STATE._engine = None
        return out

    own, county, package = tmp_path / "own.sqlite", tmp_path / "county.sqlite", tmp_path / "p.zip"
    run(own, "init")
    run(own, "enterprise", "add", "--credit-code", make_credit_code("91141181MA0GX5K2L"), "--name", "孝义焦化",
        "--region", "141181", "--industry", "C2521")
    for n in (1, 2, 3):  # motors below the access level, with what planning needs
        run(own, "equipment", "add", "-e", "孝义焦化", f"asset_no=DJ-{n}", "name=引风机电机", "category=motor",
            "rated_power_kw=75", "poles=4", "efficiency_pct=88", "operating_hours_per_year=6000", "load_factor=0.75",
            "commissioning_date=2005-06", "design_life_years=20")
    plan = json.loads(run(own, "plan", "--budget", "2027=1e6", "--json"))
    assert plan["scope"].startswith("企业：孝义焦化") and len(plan["items"]) == 3
    run(own, "survey", "export", "-e", "孝义焦化", "-o", str(package), "--period", "2026-11")
    run(county, "init")
    run(county, "survey", "import", str(package))
    demand = json.loads(run(county, "lists", "demand", "--region", "141100", "--json"))
    sources = [r["source_label"] for s in demand["sections"] for r in s["rows"]]
    assert sources == ["企业更新计划"] * 3
