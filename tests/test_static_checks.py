"""CI runs the static checks before the tests, and the layer contracts hold (import-linter)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ci_runs_mypy_and_import_linter_before_pytest() -> None:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    position = {name: next(i for i, line in enumerate(lines) if line.startswith(f".venv/bin/{name}") or
                           f".venv/bin/python -m {name}" in line) for name in ("mypy", "lint-imports", "pytest")}
    assert position["mypy"] < position["pytest"] and position["lint-imports"] < position["pytest"]


def test_the_layer_contracts_hold() -> None:
    linter = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert linter, "import-linter is part of the test extra"
    result = subprocess.run([linter], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "3 kept, 0 broken" in result.stdout
