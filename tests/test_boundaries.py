"""The domain core stays free of UI and PDF code: importing it loads no Textual, reportlab, tui or reports."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE_MODULES = [
    "equipinv.models", "equipinv.db", "equipinv.units", "equipinv.validation", "equipinv.grading",
    "equipinv.checking", "equipinv.planner", "equipinv.lists", "equipinv.summary", "equipinv.demo",
    "catalog", "efficiency_tables",
    "equipinv.services.units", "equipinv.services.planning", "equipinv.services.documents", "equipinv.services.closure",
]


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_loads_no_ui_or_pdf_library(module: str) -> None:
    code = (f"import sys, {module}; bad = [m for m in ('textual', 'reportlab', 'tui', 'reports') if m in sys.modules]; "
            "print(','.join(bad))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


@pytest.mark.parametrize("module", ["catalog", "efficiency_tables"])
def test_standalone_packages_do_not_import_equipinv(module: str) -> None:
    code = f"import sys, {module}; print('equipinv' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
