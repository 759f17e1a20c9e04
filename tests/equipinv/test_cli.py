"""The command line end to end: JSON on stdout only, one-line errors, exit statuses, nothing lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from equipinv.codes import make_credit_code

CREDIT = make_credit_code("91141181MA0GX5K2L")


@pytest.fixture
def run(cli):
    """The shared runner (tests/equipinv/conftest.py) on this test's own empty ledger."""
    return cli


def _add_enterprise(run) -> None:
    code, out, err = run("enterprise", "add", "--credit-code", CREDIT, "--name", "测试焦化", "--region", "141181",
                         "--industry", "C2521", "--energy", "12000 tce", "--json")
    assert code == 0, err
    assert json.loads(out)["industry_label"] == "炼焦"


def test_help_lists_the_commands(run) -> None:
    code, out, _ = run("--help")
    assert code == 0
    for command in ("init", "demo", "enterprise", "equipment", "db"):
        assert command in out


def test_ledger_workflow_with_json(run) -> None:
    _add_enterprise(run)
    code, out, err = run("equipment", "add", "-e", CREDIT, "asset_no=DJ-1", "name=主电机", "category=motor",
                         "rated_power_kw=100 hp", "poles=4", "commissioning_date=2009年6月", "--json")
    assert code == 0, err
    unit = json.loads(out)
    assert unit["rated_power_kw"] == pytest.approx(74.57, abs=0.01) and unit["category_label"] == "三相异步电动机"
    code, out, _ = run("equipment", "edit", "-e", "测试焦化", "DJ-1", "efficiency_pct=93.1", "--json")
    assert code == 0 and json.loads(out)["changed"] == ["efficiency_pct"]
    code, out, _ = run("equipment", "edit", "-e", CREDIT, "DJ-1", "efficiency_pct=", "--json")
    assert code == 0 and "efficiency_pct" not in json.loads(out)["unit"]  # cleared
    code, out, _ = run("equipment", "list", "--json")
    listing = json.loads(out)
    assert [u["asset_no"] for u in listing] == ["DJ-1"] and listing[0]["status"] == "in_use"
    code, out, _ = run("equipment", "retire", "-e", CREDIT, "DJ-1", "--json")
    assert code == 0 and json.loads(out)["status"] == "eliminated"
    code, out, _ = run("enterprise", "list", "--json")
    assert json.loads(out)[0]["unit_count"] == 1


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("enterprise", "add", "--credit-code", CREDIT[:-1] + ("0" if CREDIT[-1] != "0" else "1"), "--name", "x",
          "--region", "141181", "--industry", "C2521"), "校验码错误"),
        (("enterprise", "add", "--credit-code", CREDIT, "--name", "x", "--region", "999999", "--industry", "C2521"),
         '行政区划代码 "999999"'),
        (("enterprise", "add", "--credit-code", CREDIT, "--name", "x", "--region", "141181", "--industry", "C9999"),
         '行业代码 "C9999"'),
        (("equipment", "add", "-e", CREDIT, "asset_no=DJ-1", "name=a", "category=motor"), '资产编号 "DJ-1" 在本企业已存在'),
        (("equipment", "add", "-e", CREDIT, "asset_no=X", "name=a", "category=motor", "rated_power_kw=1250 kVA"),
         "不是功率单位"),
        (("equipment", "add", "-e", CREDIT, "asset_no=X", "name=a", "category=motor", "commissioning_date=2099-01-01"),
         "晚于今天"),
        (("equipment", "add", "-e", CREDIT, "asset_no=X", "name=a", "category=motor", "rated_power_kw=0.1 W"),
         "超出合理范围"),
        (("equipment", "add", "-e", "不存在的企业", "asset_no=X", "name=a", "category=motor"), "不存在"),
        (("equipment", "add", "-e", CREDIT, "nonsense"), "键=值"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_changes_nothing(run, args: tuple[str, ...], fragment: str) -> None:
    _add_enterprise(run)
    assert run("equipment", "add", "-e", CREDIT, "asset_no=DJ-1", "name=主电机", "category=motor")[0] == 0
    before = run("equipment", "list", "--json")[1]
    code, out, err = run(*args)
    assert code == 2
    assert out == ""
    assert err.startswith("错误：") and fragment in err and "error" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert run("equipment", "list", "--json")[1] == before
    assert len(json.loads(run("enterprise", "list", "--json")[1])) == 1


def test_usage_error_exits_2(run) -> None:
    code, out, err = run("no-such-command")
    assert code == 2 and out == "" and "用法错误" in err


def test_demo_json_summary(run) -> None:
    code, out, err = run("demo", "--json", "--out", str(Path(os.environ.get("TMPDIR", "/tmp")) / "equipinv-demo"))
    assert code == 0, err
    summary = json.loads(out)
    assert summary["enterprises"] == 5
    assert sum(c["units"] for c in summary["by_category"]) > 300


def test_console_script_runs_as_a_subprocess(tmp_path: Path) -> None:
    """The installed entry point, in its own process, with the database from the environment."""
    env = os.environ | {"EQUIPINV_DATABASE_URL": str(tmp_path / "env.sqlite")}
    script = Path(sys.executable).with_name("equipinv")
    result = subprocess.run([str(script), "init", "--json"], capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["database"].endswith("env.sqlite")
    bad = subprocess.run([str(script), "--db", str(tmp_path / "env.sqlite"), "enterprise", "show", "nobody"],
                         capture_output=True, text=True, env=env, check=False)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and bad.stderr.count("\n") == 1
