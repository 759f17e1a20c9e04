"""Every front reads the model the same way: `match` and `classify` (described units), the demo and a
synthetic ledger (stored units, fewer ungradable), `equipment show` / lists (derived values labelled)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

import efficiency_tables as et
from equipinv import designations
from equipinv.cli import main
from equipinv.cli_support import STATE
from equipinv.db import open_database
from equipinv.grading import grade_stored_units, unit_parameters
from equipinv.models import Equipment
from equipinv.synthetic import store_synthetic


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    STATE._engine = None
    assert main(["--db", str(tmp_path / "cli.sqlite"), "init"]) == 0  # only init creates a ledger

    def invoke(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        STATE._engine = None
        code = main(["--db", str(tmp_path / "cli.sqlite"), *args])
        out, err = capsys.readouterr()
        return code, out, err
    return invoke


def test_match_reads_capacity_from_the_model_and_finds_batch_one(cli) -> None:
    code, out, _ = cli("match", "transformer", "model=S7-500/10", "made=1992", "--json")
    result = json.loads(out)
    assert code == 0 and result["unit"]["capacity_kva"] == 500.0 and result["unit"]["voltage_kv"] == 10.0
    assert result["derived_from_model"]["capacity_kva"] == 500.0
    assert any(f["outcome"] == "match" and f["catalogue_id"].endswith("b1") for f in result["findings"]), result
    code, text, _ = cli("match", "transformer", "model=S7-500/10", "made=1992")
    assert code == 0 and text.startswith("【强制淘汰】") and "由型号推得" in text and "第一批" in text


def test_match_text_says_cannot_decide_first_when_something_is_missing(cli) -> None:
    code, out, _ = cli("match", "transformer", "model=S7-/10", "made=1992")  # capacity unreadable
    assert code == 0 and out.startswith("无法判定，缺少") and "未命中" not in out.splitlines()[0]
    code, out, _ = cli("match", "transformer", "model=S13-M-500/10", "made=2022")  # no losses: level unknown
    assert code == 0 and out.startswith("无法判定，缺少 能效水平") and "未命中" not in out
    code, out, _ = cli("match", "motor", "model=YE3-132M-4", "power=7.5 kW", "efficiency=95", "made=2022")
    assert code == 0 and out.startswith("未命中任何淘汰目录或规则")  # decided: nothing applies


def test_classify_fills_and_warns(cli) -> None:
    code, out, _ = cli("classify", "motor", "model=YE3-132M-4", "power=7.5 kW", "efficiency=91.5", "--json")
    result = json.loads(out)
    assert code == 0 and result["gradable"] and result["derived_from_model"] == {"poles": 4}
    code, out, _ = cli("classify", "fan", "model=4-72-11No.8C", "efficiency=80", "pressure_coefficient=0.8")
    assert code == 0 and "与录入值 0.8 不符" in out and "机号 8" in out


def test_equipment_add_show_edit_and_lists_say_what_the_model_gave(cli) -> None:
    from equipinv.codes import make_credit_code

    code = make_credit_code("91141100MA0K0ABC0")
    assert cli("enterprise", "add", "--credit-code", code, "--name", "型号企业", "--region", "141100",
               "--industry", "2521")[0] == 0
    status, out, err = cli("equipment", "add", "-e", code, "asset_no=M-1", "name=电机", "category=motor",
                           "model=Y315M-4", "rated_power_kw=132 kW", "efficiency_pct=94",
                           "commissioning_date=2005-01-01")
    assert status == 0 and "极数由型号推得" in err
    status, out, _ = cli("equipment", "show", "-e", code, "M-1", "--json")
    record = json.loads(out)
    assert record["poles"] == 4 and record["derived_from_model"] == ["poles"] and record["designation_conflicts"] == []
    assert record["value_sources"] == {"poles": "derived_from_model"}
    status, _, err = cli("equipment", "edit", "-e", code, "M-1", "poles=6")
    assert status == 0 and "与录入值 6 不符" in err
    record = json.loads(cli("equipment", "show", "-e", code, "M-1", "--json")[1])
    assert record["poles"] == 6 and record["derived_from_model"] == [] and record["designation_conflicts"][0]["decoded"] == 4
    cli("equipment", "edit", "-e", code, "M-1", "poles=")  # cleared: the model gives it again, labelled
    status, out, _ = cli("lists", "current_state", "-e", code, "--json")
    rows = json.loads(out)
    assert status == 0 and "极数由型号推得" in json.dumps(rows, ensure_ascii=False)


def _ungradable_without_derivation(session: Session) -> tuple[Counter[str], Counter[str]]:
    """Per category: units the grader cannot grade as stored, and as they would be without derived values."""
    now, without = Counter(), Counter()
    for unit in session.exec(select(Equipment)):
        if unit.category not in et.PARAMETERS:
            continue
        params = unit_parameters(unit)
        if et.grade_unit(unit.category, params).ungradable_reason:
            now[unit.category] += 1
        stripped = {k: (None if k in designations.derived_fields(unit.value_sources) else v) for k, v in params.items()}
        if et.grade_unit(unit.category, stripped).ungradable_reason:
            without[unit.category] += 1
    return now, without


def test_demo_has_fewer_ungradable_units_and_none_for_a_value_its_model_states(tmp_path: Path) -> None:
    STATE._engine = None
    assert main(["--db", str(tmp_path / "demo.sqlite"), "demo", "--json", "--out", str(tmp_path / "out")]) == 0
    engine = open_database(tmp_path / "demo.sqlite")
    with Session(engine) as s:
        now, without = _ungradable_without_derivation(s)
        assert now["fan"] == 0 < without["fan"] and now["motor"] < without["motor"]
        assert sum(now.values()) < sum(without.values())
        for unit in s.exec(select(Equipment).where(Equipment.grade.is_(None))):  # type: ignore[union-attr]
            decoded = designations.decode(unit.category, unit.model)
            missing = (unit.grade_detail or {}).get("reason", "")
            assert decoded is None or not any(f"missing {name}" in missing for name in decoded.fields()), unit.model
        derived = s.exec(select(Equipment).where(Equipment.category == "fan")).first()
        assert derived is not None and designations.derived_fields(derived.value_sources)
    engine.dispose()


def test_synthetic_ledger_has_fewer_ungradable_units(tmp_path: Path) -> None:
    engine = open_database(tmp_path / "syn.sqlite")
    store_synthetic(engine, 3000, enterprises=3, seed=5)
    with Session(engine) as s:
        grade_stored_units(s)
        now, without = _ungradable_without_derivation(s)
        assert now["motor"] < without["motor"] and now["fan"] < without["fan"] and now["transformer"] < without["transformer"]
        assert s.execute(sa.select(sa.func.count()).select_from(Equipment)).scalar_one() == 3000
    engine.dispose()
