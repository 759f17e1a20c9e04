"""The real program in a real terminal: `equipinv --db X tui` under tmux, keys sent, the pane read back.

Proves the console script mounts the command, the app paints Chinese text in a 120×40 terminal,
the keys switch screens (Alt+digit too, while typing in a text field), and quitting leaves no traceback on the terminal.
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


def _tmux(session: str, *args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    """tmux on a server of this test's own (-L): another test's server would lend its environment and size."""
    return subprocess.run([tmux, "-L", session, *args], text=True, **kwargs)


def _capture(session: str) -> str:
    return _tmux(session, "capture-pane", "-p", "-t", session, capture_output=True, check=True).stdout


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
    _tmux(session, "new-session", "-d", "-s", session, "-x", "120", "-y", "40", command, check=True,
          stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # not pytest's capture files
    try:
        overview = _wait_for(session, "低于准入水平", timeout=60)  # the figures (start-up is slow on a busy machine)
        assert "在用和闲置设备" in overview and "按能效水平" in overview
        _tmux(session, "send-keys", "-t", session, "2", check=True)
        ledger = _wait_for(session, "排序：录入顺序")  # the ledger's status line, shown once a page loaded
        assert "资产编号" in ledger and "台（套）" in ledger
        _tmux(session, "send-keys", "-t", session, "?", check=True)
        assert "全局按键" in _wait_for(session, "全局按键")
        _tmux(session, "send-keys", "-t", session, "Escape", check=True)
        _wait_for(session, "排序：录入顺序")
        deadline = time.monotonic() + 20
        while "全局按键" in _capture(session) and time.monotonic() < deadline:  # the help has closed
            time.sleep(0.2)
        _tmux(session, "send-keys", "-t", session, "/", check=True)
        time.sleep(1.0)
        _tmux(session, "send-keys", "-t", session, "-l", "DJ-0003", check=True)  # into the search box
        typing = _wait_for(session, "Alt+3")  # the footer says how to switch screens while typing
        assert "DJ-0003" in typing and "年度预算" not in typing
        _tmux(session, "send-keys", "-t", session, "M-3", check=True)  # the terminal's Alt+3 (ESC 3)
        assert "采纳并保存" in _wait_for(session, "年度预算")
        _tmux(session, "send-keys", "-t", session, "C-q", check=True)
        final = _wait_for(session, "EXITED-")
        assert "EXITED-0" in final and "Traceback" not in final
    finally:
        _tmux(session, "kill-server", capture_output=True)
