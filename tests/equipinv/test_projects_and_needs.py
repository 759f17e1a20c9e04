"""Projects and enterprise-declared needs from the command line: stored as given, audited, bad values named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import Session, select

from equipinv.codes import make_credit_code
from equipinv.db import open_database
from equipinv.models import AuditLog, DeclaredNeed, Project

CREDIT = make_credit_code("91141181MA0GX5K2L")


@pytest.fixture
def run(cli):
    """The shared CLI runner on a ledger holding one coking plant and one of its units."""
    assert cli("init")[0] == 0
    assert cli("enterprise", "add", "--credit-code", CREDIT, "--name", "孝义焦化", "--region", "141181",
               "--industry", "C2521")[0] == 0
    assert cli("equipment", "add", "-e", "孝义焦化", "asset_no=DJ-1", "name=引风机电机", "category=motor")[0] == 0
    return cli


def test_projects_are_added_listed_edited_and_audited(run, tmp_path: Path) -> None:
    code, out, err = run("project", "add", "-e", "孝义焦化", "name=5.5米捣固焦炉升级改造项目", "commissioning_date=2027年6月",
                         "is_new_project=是", "annual_energy_tce=12000 tce", "investment_yuan=3.2亿元", "--json")
    assert code == 0, err
    project = json.loads(out)
    assert project["investment_yuan"] == 3.2e8 and project["annual_energy_tce"] == 12000
    assert project["commissioning_date"] == "2027-06-01" and project["is_new_project"] is True
    code, _, err = run("project", "edit", "-e", "孝义焦化", "5.5米捣固焦炉升级改造项目", "investment_yuan=", "is_new_project=否")
    assert code == 0, err
    code, out, _ = run("project", "list", "--json")
    [listed] = json.loads(out)
    assert listed["investment_yuan"] is None and listed["is_new_project"] is False
    code, _, err = run("project", "add", "-e", "孝义焦化", "name=5.5米捣固焦炉升级改造项目")
    assert code == 2 and "已存在" in err
    code, _, err = run("project", "add", "-e", "孝义焦化", "name=二期", "investment_yuan=75 kW")
    assert code == 2 and "项目总投资" in err and "75 kW" in err
    engine = open_database(tmp_path / "cli.sqlite")
    with Session(engine) as s:
        actions = [a.action for a in s.exec(select(AuditLog).where(AuditLog.table_name == "project"))]
        assert actions == ["create", "update"]
        assert s.exec(select(Project)).one().name == "5.5米捣固焦炉升级改造项目"
    engine.dispose()


def test_declared_needs_name_a_unit_or_a_line_and_refuse_bad_values(run, tmp_path: Path) -> None:
    code, out, err = run("need", "add", "-e", "孝义焦化", "asset_no=DJ-1", "action=设备更新",
                         "replacement=YE4 超高效电机", "investment_yuan=12万元", "planned_year=2027", "reason=能效低于准入水平",
                         "--json")
    assert code == 0, err
    need = json.loads(out)
    assert need["action"] == "renewal" and need["investment_yuan"] == 120000 and need["asset_no"] == "DJ-1"
    code, _, err = run("need", "add", "-e", "孝义焦化", "line_name=1号焦炉", "action=digital_retrofit",
                       "planned_year=2028", "reason=智能化改造")
    assert code == 0, err
    code, out, _ = run("need", "list", "-e", "孝义焦化", "--json")
    needs = json.loads(out)
    assert [(n["asset_no"], n["line_name"], n["action_label"]) for n in needs] == [
        ("DJ-1", None, "设备更新"), (None, "1号焦炉", "数字化改造")]
    for bad, named in ((["action=翻新", "planned_year=2027", "reason=x", "asset_no=DJ-1"], "翻新"),
                       (["action=renewal", "planned_year=2019", "reason=x", "asset_no=DJ-1"], "2019"),
                       (["action=renewal", "planned_year=2027", "reason=x"], "产线/装置"),
                       (["action=renewal", "planned_year=2027", "reason=x", "asset_no=NOPE"], "NOPE"),
                       (["action=renewal", "planned_year=2027", "asset_no=DJ-1"], "需求原因")):
        code, _, err = run("need", "add", "-e", "孝义焦化", *bad)
        assert code == 2 and named in err, (bad, err)
    engine = open_database(tmp_path / "cli.sqlite")
    with Session(engine) as s:
        assert len(s.exec(select(DeclaredNeed)).all()) == 2, "refused needs store nothing"
    engine.dispose()
