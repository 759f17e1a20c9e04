"""One error hierarchy: every expected failure is an `EquipinvError` with field, value and both
messages, and the fronts map it by type (exit status, TUI advice) — never by its message text."""

from __future__ import annotations

import pytest

from equipinv.bureau.closure import ClosureError
from equipinv.bureau.security import SecurityError
from equipinv.cli_support import OperationFailed, UserError
from equipinv.codes import CodeError, region
from equipinv.config import ConfigError
from equipinv.db import SchemaMismatch
from equipinv.db_target import DatabaseRefused
from equipinv.errors import BadInput, EquipinvError
from equipinv.errors import OperationFailed as Failed
from equipinv.exchange.package import PackageError
from equipinv.exchange.reader import LedgerFileError
from equipinv.ledger import ConflictError, NotFound
from equipinv.planning.optimiser import InfeasiblePlanError
from equipinv.units import QuantityError, parse_quantity
from equipinv.validation import ValidationFailed, validate_equipment
from tui.errors import describe

BAD_INPUT = (UserError, ValidationFailed, CodeError, QuantityError, NotFound, ConfigError, ClosureError, SecurityError,
             PackageError, LedgerFileError, InfeasiblePlanError, SchemaMismatch, DatabaseRefused)
FAILED = (OperationFailed, ConflictError)


@pytest.mark.parametrize("kind", BAD_INPUT)
def test_bad_input_errors_share_the_base_and_exit_2(kind: type[Exception]) -> None:
    assert issubclass(kind, BadInput) and issubclass(kind, EquipinvError) and kind.exit_code == 2


@pytest.mark.parametrize("kind", FAILED)
def test_failed_operations_share_the_base_and_exit_1(kind: type[Exception]) -> None:
    assert issubclass(kind, Failed) and kind.exit_code == 1


def test_an_error_carries_field_value_and_both_messages() -> None:
    with pytest.raises(QuantityError) as caught:
        parse_quantity("rated_power_kw", "1250 kVA")
    error = caught.value
    assert (error.field, error.value) == ("rated_power_kw", "1250 kVA")
    assert "不是" in error.message_zh and "1250 kVA" in error.message_zh and "error" not in error.message_zh
    assert "rated_power_kw" in error.message_en
    with pytest.raises(ValidationFailed) as failed:
        validate_equipment({"asset_no": "A", "name": "x", "category": "飞船"})
    assert (failed.value.field, failed.value.value) == ("category", "飞船") and failed.value.message_en
    with pytest.raises(CodeError) as code:
        region("999999")
    assert code.value.message_zh and code.value.message_en


def test_the_tui_tells_errors_apart_by_type_not_by_text() -> None:
    title, message, unexpected = describe(BadInput("预算写错了", "bad budget", field="budget", value="x"))
    assert not unexpected and "预算写错了" in message and BadInput.advice in message
    _title, message, unexpected = describe(ConflictError("设备已被他人修改 (error: changed by someone else)"))
    assert not unexpected and ConflictError.advice in message
    _title, _message, unexpected = describe(ValueError("看似友好 (error: looks friendly)"))
    assert unexpected  # a plain ValueError is a bug, whatever its text says


def test_the_cli_maps_by_type(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    from equipinv import cli

    assert cli.main(["--db", str(tmp_path / "x.sqlite"), "init"]) == 0
    capsys.readouterr()
    code = cli.main(["--db", str(tmp_path / "x.sqlite"), "lists", "demand", "-e", "1", "--region", "141100"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and err.startswith("错误：范围只能选一个") and "(error: " in err
