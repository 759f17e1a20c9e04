"""Snapshots pinning the main screens on the demo ledger (today frozen at the demo date, no clock, no
blinking cursor). Update with `pytest tests/tui --snapshot-update` after a deliberate change, and look at
the SVGs with rsvg-convert (browsers squeeze CJK glyphs)."""

from __future__ import annotations

from textual.widgets import Input

from tests.tui.conftest import settle


async def _settled(pilot) -> None:
    await settle(pilot, pilot.app)
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False


class TestOverview:
    def test_overview(self, snap_compare, make_app) -> None:
        """Counts by category and level, past design life, nearest deadlines."""
        assert snap_compare(make_app(), terminal_size=(120, 40), run_before=_settled)

    def test_overview_small_terminal(self, snap_compare, make_app) -> None:
        """The same in 80×24."""
        assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_settled)


class TestLedger:
    def test_ledger(self, snap_compare, make_app) -> None:
        """The first page with level and finding badges."""

        async def run_before(pilot) -> None:
            await pilot.press("2")
            await _settled(pilot)

        assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run_before)


class TestUnit:
    def test_unit_detail(self, snap_compare, make_app) -> None:
        """A motor below the access level: thresholds compared and its findings with citations."""

        async def run_before(pilot) -> None:
            pilot.app.open_unit(2)
            await _settled(pilot)

        assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run_before)

    def test_edit_form_with_a_bad_value(self, snap_compare, make_app) -> None:
        """The edit form showing the message under a mistyped efficiency."""

        async def run_before(pilot) -> None:
            pilot.app.open_unit(2)
            await _settled(pilot)
            await pilot.press("e")
            await _settled(pilot)
            box = pilot.app.screen.query_one("#input-rated_power_kw", Input)
            box.focus()
            box.value = "1250 kVA"
            await _settled(pilot)

        assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run_before)


class TestHelp:
    def test_help(self, snap_compare, make_app) -> None:
        """The help screen over the ledger."""

        async def run_before(pilot) -> None:
            await pilot.press("2")
            await _settled(pilot)
            await pilot.press("question_mark")
            await pilot.pause()

        assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run_before)


class TestBureau:
    def test_progress_ledger(self, snap_compare, make_app) -> None:
        """The elimination progress ledger with the dekad figures, nearest deadline first."""

        async def run_before(pilot) -> None:
            await pilot.press("5")
            await _settled(pilot)

        assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run_before)
