"""The grading, checking, list and report commands end to end on the demo ledger."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from pypdf import PdfReader


def test_classify_motor_in_kw_and_hp_agree(run_demo) -> None:
    code, out, _ = run_demo("classify", "motor", "power=75 kW", "poles=4", "efficiency=95.2", "--on", "2026-11-22", "--json")
    kw = json.loads(out)
    code_hp, out_hp, _ = run_demo("classify", "motor", "power=100.58 hp", "poles=4", "efficiency=95.2", "--json")
    hp = json.loads(out_hp)
    assert code == code_hp == 0
    assert (kw["grade"], kw["level"]) == (hp["grade"], hp["level"])
    assert kw["standard"] == "GB 18613" and kw["thresholds"]


def test_classify_transformer_both_losses(run_demo) -> None:
    code, out, _ = run_demo("classify", "transformer", "capacity=630 kVA", "type=oil", "core=steel", "connection=Dyn11",
                       "no_load_loss=570 W", "load_loss=6200 W", "--json")
    result = json.loads(out)
    assert code == 0 and result["gradable"] and {t["metric"] for t in result["thresholds"]} == {
        "no_load_loss_w", "load_loss_w"}


def test_classify_ungradable_and_bad_input(run_demo) -> None:
    code, out, _ = run_demo("classify", "motor", "power=75 kW", "efficiency=95.2", "--json")
    assert code == 0 and not json.loads(out)["gradable"] and "极数" in json.loads(out)["ungradable_reason"]
    code, out, err = run_demo("classify", "motor", "power=1250 kVA")
    assert code == 2 and out == "" and "不是功率单位" in err
    code, _, err = run_demo("classify", "spaceship", "power=1 kW")
    assert code == 2 and "没有能效分级表" in err


def test_classify_help_lists_keys_and_units(run_demo) -> None:
    code, out, _ = run_demo("classify", "--help")
    assert code == 0 and "rated_power_kw [kW]" in out and "no_load_loss_w [W]" in out


def test_tables_coverage(run_demo) -> None:
    code, out, _ = run_demo("tables", "--json")
    entries = json.loads(out)
    assert code == 0 and any(e["standard"].startswith("GB 18613") and e["encoded"] == "yes" for e in entries)
    assert any(e["encoded"] == "no" for e in entries)  # what is missing is listed, not hidden


def test_grade_summary_json(run_demo) -> None:
    code, out, _ = run_demo("grade", "--json")
    summary = json.loads(out)
    assert code == 0 and summary["graded"] > 200 and summary["editions"]["motor"] == "GB 18613-2020"


def test_grade_estimate_missing_flags_estimates(run_demo) -> None:
    code, out, _ = run_demo("grade", "--estimate-missing", "--json")
    assert code == 0
    summary = json.loads(out)
    code, out, _ = run_demo("equipment", "list", "--category", "motor", "--json")
    assert code == 0
    # every filled value is marked as an estimate on the unit itself
    code, out2, _ = run_demo("lists", "current_state", "--json")
    labels = [r["efficiency_level_label"] for s in json.loads(out2)["sections"] for r in s["rows"]]
    assert (summary["estimated_filled"] > 0) == any("估算" in label for label in labels)


def test_match_one_unit(run_demo) -> None:
    code, out, _ = run_demo("match", "motor", "model=Y132S1-2", "made=2001", "--json")
    result = json.loads(out)
    assert code == 0 and result["matched"] >= 1
    assert any(f["citation"].startswith("《高耗能落后机电设备（产品）淘汰目录") for f in result["findings"])
    code, out, _ = run_demo("match", "motor", "model=YE3-132S1-2", "made=2018", "power=5.5kW", "poles=2",
                       "efficiency=90", "--json")
    assert code == 0 and json.loads(out)["matched"] == 0


def test_check_and_catalogs(run_demo) -> None:
    code, out, _ = run_demo("check", "--json")
    summary = json.loads(out)
    assert code == 0 and summary["units_with_mandatory_finding"] > 0
    code, out, _ = run_demo("catalogs", "--json")
    documents = {c["id"] for c in json.loads(out)}
    assert code == 0 and len(documents) >= 5
    for rule in summary["by_rule"]:  # every finding cites a document that exists in the data files
        assert rule["rule_id"]


def test_lists_csv_and_json(run_demo, tmp_path: Path) -> None:
    target = tmp_path / "elim.csv"
    code, out, err = run_demo("lists", "elimination", "--region", "141100", "--csv", str(target), "--json")
    assert code == 0
    document = json.loads(out)
    with target.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["项目单位", "淘汰设备名称", "型号"]
    assert len(rows) - 1 == sum(len(s["rows"]) for s in document["sections"]) > 0
    code, _, err = run_demo("lists", "nonsense")
    assert code == 2 and "清单" in err


def test_report_pdf_and_xlsx(run_demo, tmp_path: Path) -> None:
    pdf = tmp_path / "elim.pdf"
    code, out, _ = run_demo("report", "elimination", "--format", "pdf", "--region", "141100", "-o", str(pdf), "--json")
    result = json.loads(out)
    assert code == 0 and pdf.exists() and result["pages"] == len(PdfReader(pdf).pages)
    assert "设备淘汰清单" in PdfReader(pdf).pages[0].extract_text()
    summary = tmp_path / "summary.pdf"
    code, out, _ = run_demo("report", "summary", "-o", str(summary), "--json")
    assert code == 0 and len(PdfReader(summary).pages) >= 1
    xlsx = tmp_path / "cs.xlsx"
    code, out, _ = run_demo("report", "current_state", "--format", "xlsx", "-o", str(xlsx), "--json")
    assert code == 0 and json.loads(out)["rows"] > 300
    code, _, err = run_demo("report", "elimination", "--format", "docx")
    assert code == 2 and "docx" in err


def test_config_show_and_bad_config(run_demo, tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text('[economics]\ndiscount_rate = 0.06\n', encoding="utf-8")
    code, out, _ = run_demo("--config", str(good), "config", "show", "--json")
    settings = {s["key"]: s for s in json.loads(out)["settings"]}
    assert code == 0 and settings["economics.discount_rate"]["value"] == 0.06
    assert str(good) in settings["economics.discount_rate"]["origin"]
    assert settings["economics.horizon_years"]["origin"] == "默认"
    bad = tmp_path / "bad.toml"
    bad.write_text('[economics]\ndiscount_rate = 3.0\n', encoding="utf-8")
    code, out, err = run_demo("--config", str(bad), "config", "show")
    assert code == 2 and "discount_rate" in err and "3.0" in err


def test_config_show_prints_toml_that_loads_back_to_the_same_settings(run_demo, tmp_path: Path) -> None:
    import tomllib

    from equipinv.config import load_config

    given = tmp_path / "given.toml"
    given.write_text('[economics]\ndiscount_rate = 0.06\n[prices.motor]\nenergy_saving = 420.0\n'
                     '[coefficients.fuel_kgce_per_unit]\ngas = 1.2143\n', encoding="utf-8")
    code, out, err = run_demo("--config", str(given), "config", "show")
    assert code == 0, err
    printed = tomllib.loads(out)  # the whole output is TOML, its notes are comments
    assert printed["economics"]["discount_rate"] == 0.06 and printed["prices"]["motor"]["energy_saving"] == 420.0
    assert "discount_rate = 0.06  # 配置文件" in out and "horizon_years = 15.0  # 默认" in out
    copy = tmp_path / "copy.toml"
    copy.write_text(out, encoding="utf-8")
    again, before = load_config(copy), load_config(given)
    assert [(k, v) for k, v, _ in again.rows()] == [(k, v) for k, v, _ in before.rows()]


def test_the_demo_prints_a_short_summary_and_the_files_not_the_tables(run_demo, tmp_path: Path) -> None:
    code, out, err = run_demo("demo", "--out", str(tmp_path / "out"))
    assert code == 0, err
    lines = out.splitlines()
    [summary] = [line for line in lines if line.startswith("设备淘汰清单：")]
    assert " 行、" in summary and " 台（套），其中" in summary and "低于准入水平" in summary
    assert "2027 年 800 万元" in out and "{2027" not in out  # budgets as people write them
    assert len(lines) < 60, "the elimination table goes to the files, not the terminal"
    assert lines[-1].startswith("全部清单（XLSX）：") and (tmp_path / "out" / "设备淘汰清单.pdf").exists()
