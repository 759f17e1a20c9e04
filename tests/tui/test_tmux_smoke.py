"""The real program in a real terminal: `equipinv --db X tui` under tmux, keys sent, the pane read back.

Proves the console script mounts the command, the app paints Chinese text in a 120×40 terminal,
the keys switch screens, and quitting leaves no traceback on the terminal.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

tmux = shutil.which("tmux")
pytestmark = pytest.mark.skipif(tmux is None, reason="tmux 未安装 (tmux not installed)")


def _capture(session: str) -> str:
    return subprocess.run([tmux, "capture-pane", "-p", "-t", session], capture_output=True, text=True,
                          check=True).stdout


def _wait_for(session: str, text: str, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _capture(session)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} not on screen:\n{screen}")


def test_real_app_in_tmux(demo_db: Path) -> None:
    program = Path(sys.executable).parent / "equipinv"
    session = f"equipinv-tui-{uuid.uuid4().hex[:8]}"
    command = f"'{program}' --db '{demo_db}' tui; echo EXITED-$?; sleep 30"
    subprocess.run([tmux, "new-session", "-d", "-s", session, "-x", "120", "-y", "40", command], check=True)
    try:
        overview = _wait_for(session, "低于准入水平")  # the figures, not just the panel titles
        assert "在用和闲置设备" in overview and "按能效水平" in overview
        subprocess.run([tmux, "send-keys", "-t", session, "2"], check=True)
        ledger = _wait_for(session, "排序：录入顺序")  # the ledger's status line, shown once a page loaded
        assert "资产编号" in ledger and "台（套）" in ledger
        subprocess.run([tmux, "send-keys", "-t", session, "?"], check=True)
        assert "全局按键" in _wait_for(session, "全局按键")
        subprocess.run([tmux, "send-keys", "-t", session, "Escape"], check=True)
        time.sleep(0.5)
        subprocess.run([tmux, "send-keys", "-t", session, "C-q"], check=True)
        final = _wait_for(session, "EXITED-")
        assert "EXITED-0" in final and "Traceback" not in final
    finally:
        subprocess.run([tmux, "kill-session", "-t", session], capture_output=True)
