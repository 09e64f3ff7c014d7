"""Feed text is untrusted: markup and escape codes must show as the characters they are."""

from __future__ import annotations

from uikit import catch_up, screen_text

from elextui.clock import FakeClock
from elextui.timeline import Timeline
from elextui.ui.app import make_app
from elextui.ui.screens.council_detail import CouncilDetailScreen
from elextui.ui.widgets.council_grid import CouncilGrid
from elextui.ui.widgets.night_header import NightHeader
from elextui.ui.widgets.ticker import Ticker


async def test_markup_and_escape_codes_in_a_post_show_literally(
    hostile: Timeline, clock: FakeClock
) -> None:
    app = make_app(hostile, paused=True, clock=clock, start=hostile.end)
    async with app.run_test(size=(160, 48)) as pilot:
        await catch_up(pilot, clock)
        ticker = app.main.query_one(Ticker)
        shown = " ".join(strip.text for strip in ticker.lines)
        assert "Look: [bold]x[/] and \\x1b[31mred\\x1b[0m" in shown
        assert "[link=http://e.vil]click[/link]" in shown
        assert "[reverse]Markup[/] Town" in shown
        assert "[b]Gain[/b] \\x1b]0;title\\x07" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        header = app.main.query_one(NightHeader).render_line(0).text
        assert header.startswith("[bold red]Hostile[/] night")
        await pilot.press("tab")
        await catch_up(pilot)
        grid = app.main.query_one(CouncilGrid)
        grid.select("markup-town")
        await catch_up(pilot)
        board = screen_text(app)
        assert "Councils  [reverse]Markup[/] Town: LAB GAIN from CON" in board
        await pilot.press("enter")
        await catch_up(pilot)
        assert isinstance(app.screen, CouncilDetailScreen)
        screen = screen_text(app)
        assert "[reverse]Markup[/] Town" in screen
        assert "Look: [bold]x[/] and \\x1b[31mred" in screen


async def test_an_unreadable_party_colour_falls_back(hostile: Timeline, clock: FakeClock) -> None:
    app = make_app(hostile, paused=True, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await catch_up(pilot, clock)
        assert app.palette.colour("LAB") == app.palette.colour("nobody")
