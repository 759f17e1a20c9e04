"""A demo ledger built once per test module through the CLI, and a runner for commands against it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from equipinv.cli import main
from equipinv.cli_support import STATE

Runner = Callable[..., tuple[int, str, str]]


@pytest.fixture(scope="module")
def demo_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    STATE._engine = None
    assert main(["--db", str(path), "demo", "--json", "--out", str(path.parent / "out")]) == 0
    return path


@pytest.fixture
def run_demo(demo_ledger: Path, capsys: pytest.CaptureFixture[str]) -> Runner:
    """Run `equipinv --db <demo ledger> ARGS` in-process; returns (exit status, stdout, stderr)."""

    def invoke(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        if STATE._engine is not None:
            STATE._engine.dispose()
        STATE._engine = None
        code = main(["--db", str(demo_ledger), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """Run `equipinv --db <an empty ledger of this test> ARGS` in-process; returns (exit status, stdout, stderr)."""
    db = str(tmp_path / "cli.sqlite")
    STATE._engine = None
    assert main(["--db", db, "init"]) == 0  # only init creates a ledger
    capsys.readouterr()

    def invoke(*args: str) -> tuple[int, str, str]:
        STATE._engine = None
        code = main(["--db", db, *args])
        out, err = capsys.readouterr()
        return code, out, err

    yield invoke
    if STATE._engine is not None:
        STATE._engine.dispose()
    STATE._engine = None
