"""The command line behaves as command lines do (short usage, -h, --version, shell completion), every
front that describes a unit takes the same keys and aliases and answers a mistyped key with the
closest valid one, `equipment fields` lists the keys, a percentage is taken only by share fields,
and with --json an error is a JSON object on stderr with the usual exit status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENTERPRISE = ("enterprise", "add", "--credit-code", "91141181MA0GX5K2LK", "--name", "测试企业", "--region", "141181",
              "--industry", "C2521")
MOTOR = ("asset_no=M1", "name=主电机", "category=motor", "poles=4")


def _equipinv(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "equipinv", *args], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(ROOT), **(env or {})))


def test_equipinv_alone_prints_a_short_usage() -> None:
    done = _equipinv()
    assert done.returncode == 0 and done.stderr == ""
    assert "用法" in done.stdout and "init" in done.stdout and "demo --out" in done.stdout and "equipment fields" in done.stdout
    assert len(done.stdout.splitlines()) < 25 and "用法错误" not in done.stdout + done.stderr


def test_dash_h_is_help_everywhere_and_version_is_printed() -> None:
    for args in (("-h",), ("equipment", "-h"), ("equipment", "add", "-h"), ("db", "status", "-h")):
        done = _equipinv(*args)
        assert done.returncode == 0 and done.stdout.startswith("Usage: equipinv"), (args, done.stderr)
    assert _equipinv("--version").stdout.startswith("equipinv ")


def test_shell_completion_is_typers_own() -> None:
    done = _equipinv(env={"_EQUIPINV_COMPLETE": "complete_bash", "COMP_WORDS": "equipinv equipment fi",
                          "COMP_CWORD": "2"})
    assert done.returncode == 0 and done.stdout.split() == ["fields"], done.stderr
    script = _equipinv("--show-completion", "bash", env={"SHELL": "/bin/bash"})
    assert script.returncode == 0 and "_EQUIPINV_COMPLETE" in script.stdout


def test_equipment_fields_lists_keys_with_name_unit_values_and_grading(cli) -> None:
    code, out, err = cli("equipment", "fields", "motor", "--json")
    assert code == 0, err
    rows = {r["key"]: r for r in json.loads(out)}
    assert rows["rated_power_kw"]["label"] == "额定功率" and rows["rated_power_kw"]["unit"] == "kW"
    assert rows["rated_power_kw"]["grading"] == "required" and "power" in rows["rated_power_kw"]["aliases"]
    assert rows["efficiency_pct"]["unit"] == "%" and rows["design_life_years"]["grading"] is None
    assert rows["status"]["allowed"] == ["在用", "闲置", "已淘汰"]
    assert "capacity_kva" not in rows  # a transformer's field is not a motor's
    code, out, _err = cli("equipment", "fields", "变压器")
    assert code == 0 and "空载损耗" in out and "W" in out and "油浸式" in out
    code, out, _err = cli("equipment", "fields")
    assert code == 0 and "capacity_kva" in out and "rated_power_kw" in out


@pytest.mark.parametrize("command", [
    ("classify", "transformer"), ("match", "transformer"), ("savings", "transformer"),
])
def test_a_mistyped_key_gets_the_closest_valid_one(cli, command: tuple[str, ...]) -> None:
    code, out, err = cli(*command, "rated_capacity_kva=630", "no_load_loss=570")
    assert code == 2 and out == "" and "是否想写 capacity_kva" in err and "did you mean capacity_kva" in err


def test_savings_suggests_its_own_duty_keys_too(cli) -> None:
    code, _out, err = cli("savings", "motor", "power=75", "efficiency=91", "contrl=vsd")
    assert code == 2 and "是否想写 control" in err


def test_equipment_add_and_edit_suggest_and_take_the_aliases(cli) -> None:
    assert cli(*ENTERPRISE)[0] == 0
    code, _out, err = cli("equipment", "add", "-e", "1", "asset_no=T1", "name=变压器", "category=transformer",
                          "rated_capacity_kva=630")
    assert code == 2 and "capacity_kva" in err
    code, out, err = cli("equipment", "add", "-e", "1", *MOTOR, "power=75 kW", "efficiency=91", "--json")
    assert code == 0, err
    unit = json.loads(out)
    assert (unit["rated_power_kw"], unit["efficiency_pct"]) == (75.0, 91.0)
    code, _out, err = cli("equipment", "edit", "-e", "1", "M1", "powr=80")
    assert code == 2 and "是否想写 power" in err
    code, _out, err = cli("equipment", "edit", "-e", "1", "M1", "power=80", "rated_power_kw=80")
    assert code == 2 and "同一字段 rated_power_kw" in err


def test_classify_takes_the_ledger_names_and_the_aliases_alike(cli) -> None:
    short = cli("classify", "motor", "power=75 kW", "poles=4", "efficiency=95.2", "--json")
    canonical = cli("classify", "motor", "rated_power_kw=75 kW", "poles=4", "efficiency_pct=95.2", "--json")
    assert short[0] == canonical[0] == 0 and json.loads(short[1])["level"] == json.loads(canonical[1])["level"]
    savings = cli("savings", "motor", "rated_power_kw=75", "poles=4", "efficiency_pct=91", "new_efficiency=95.6",
                  "load_factor=35%", "operating_hours_per_year=6000", "--json")
    aliased = cli("savings", "motor", "power=75", "poles=4", "efficiency=91", "new_efficiency=95.6", "load=0.35",
                  "hours=6000", "--json")
    assert savings[0] == aliased[0] == 0, savings[2] + aliased[2]
    assert json.loads(savings[1]) == json.loads(aliased[1])


def test_a_percentage_is_taken_only_by_share_fields(cli) -> None:
    assert cli(*ENTERPRISE)[0] == 0
    code, out, err = cli("equipment", "add", "-e", "1", *MOTOR, "rated_power_kw=75", "efficiency_pct=91%",
                         "load_factor=70%", "--json")
    assert code == 0, err
    unit = json.loads(out)
    assert unit["load_factor"] == pytest.approx(0.7) and unit["efficiency_pct"] == pytest.approx(91.0)
    for value, unit_text in (("design_life_years=70%", "年"), ("operating_hours_per_year=50%", "h/年"),
                             ("design_life_years=20年", "年"), ("rated_power_kw=70%", "功率")):
        code, out, err = cli("equipment", "edit", "-e", "1", "M1", value)
        field = value.split("=")[0]
        assert code == 2 and unit_text in err and field in err, err
    code, out, _err = cli("equipment", "show", "-e", "1", "M1", "--json")
    assert "design_life_years" not in json.loads(out)  # nothing refused was stored
    code, _out, err = cli("classify", "motor", "power=75 kW", "poles=4", "efficiency=95.2", "design_life_years=70%")
    assert code == 2 and "设计年限" in err and "百分数" in err


def test_with_json_an_error_is_a_json_object_on_stderr(cli, tmp_path: Path) -> None:
    code, out, err = cli("classify", "transformer", "rated_capacity_kva=630", "--json")
    error = json.loads(err)
    assert code == 2 and out == "" and error["code"] == "unknown_key" and error["field"] == "rated_capacity_kva"
    assert error["value"] == "rated_capacity_kva" and "capacity_kva" in error["message_zh"]
    assert "did you mean" in error["message_en"] and error["exit_code"] == 2
    done = _equipinv("--db", str(tmp_path / "missing.sqlite"), "enterprise", "list", "--json")
    error = json.loads(done.stderr)
    assert done.returncode == 2 and error["code"] == "database_refused" and "init" in error["message_zh"]
    done = _equipinv("equipment", "list", "--no-such-option", "--json")
    assert done.returncode == 2 and json.loads(done.stderr)["code"] == "usage_error"
