"""Run the CLI in-process as a user would, each call on a fresh engine; the tests' one runner."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from equipinv.cli import main
from equipinv.cli_support import STATE


def run_cli(capsys: pytest.CaptureFixture[str], args: Sequence[str]) -> tuple[int, str, str]:
    """`equipinv ARGS`: (exit status, stdout, stderr), the engine disposed afterwards."""
    capsys.readouterr()
    STATE._engine = None
    code = main(list(args))
    if STATE._engine is not None:
        STATE._engine.dispose()
    STATE._engine = None
    out, err = capsys.readouterr()
    return code, out, err
