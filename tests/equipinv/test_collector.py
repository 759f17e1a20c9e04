"""A CLI command runs with the cyclic collector paused (`equipinv.collector`); the terminal app collects."""

from __future__ import annotations

import gc
from types import SimpleNamespace
from typing import Any

import pytest

from equipinv import cli as cli_module
from equipinv.cli_support import STATE
from equipinv.collector import collector_paused


@pytest.mark.parametrize("on_before", [True, False])
def test_the_collector_is_off_in_the_block_and_as_before_after(on_before: bool) -> None:
    (gc.enable if on_before else gc.disable)()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is on_before
        with pytest.raises(ZeroDivisionError), collector_paused():
            1 / 0  # noqa: B018 - an error leaves it as it was too
        assert gc.isenabled() is on_before
    finally:
        gc.enable()


def test_a_command_runs_paused_and_the_app_collects(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, bool]] = []
    real_context = STATE.context

    def recording_context(*args: Any, **kwargs: Any) -> Any:
        seen.append(("context", gc.isenabled()))
        return real_context(*args, **kwargs)

    def fake_ui(module: str) -> Any:
        seen.append((module, gc.isenabled()))
        return SimpleNamespace(run=lambda *args, **kwargs: None)

    monkeypatch.setattr(STATE, "context", recording_context)
    monkeypatch.setattr(cli_module, "load_ui", fake_ui)
    code, _out, err = cli("lists", "elimination", "--json")
    assert code == 0, err
    assert seen == [("context", False)] and gc.isenabled()
    code, _out, err = cli("tui")
    assert code == 0, err
    assert seen[1:] == [("context", True), ("tui.app", True)] and gc.isenabled()
