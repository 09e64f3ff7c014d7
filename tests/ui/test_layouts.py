"""Layouts by terminal size: the grid follows new results, a list when it cannot fit, and a
message when the terminal is too small."""

from __future__ import annotations

from uikit import catch_up, moment, screen_text

from elextui.clock import FakeClock
from elextui.timeline import Timeline
from elextui.ui.app import ElextuiApp, make_app
from elextui.ui.widgets.council_grid import CouncilGrid


def tile_in_view(grid: CouncilGrid, council_id: str) -> bool:
    """Whether the council's tile rows lie within the grid's scrolled window."""
    row = grid.order.index(council_id) // grid.tiles.columns
    top = row * grid.tiles.pitch
    return grid.scroll_y <= top and top + grid.tiles.height <= grid.scroll_y + grid.size.height


def playing_from(night: Timeline, clock: FakeClock, when: str) -> ElextuiApp:
    return make_app(night, speed=60, clock=clock, start=moment(night, when), idle_limit=300)


async def test_at_80x24_the_grid_follows_the_newest_declaration(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = playing_from(night_2018, clock, "fri 00:59")
    async with app.run_test(size=(80, 24)) as pilot:
        await catch_up(pilot, clock)
        grid = app.main.grid
        assert not tile_in_view(grid, "redditch")  # R is far down the alphabet
        await catch_up(pilot, clock, 3.0)  # past 01:00, when Redditch falls (and a second more)
        assert app.state.councils["redditch"].declared
        assert tile_in_view(grid, "redditch")


async def test_the_grid_stays_where_the_user_moved_it(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = playing_from(night_2018, clock, "fri 00:59")
    async with app.run_test(size=(80, 24)) as pilot:
        await catch_up(pilot, clock)
        await pilot.press("tab")  # select councils: the cursor is on Adur, at the top
        await catch_up(pilot, clock, 2.0)
        assert app.state.councils["redditch"].declared
        assert not tile_in_view(app.main.grid, "redditch")
        assert app.main.grid.scroll_y == 0


async def test_a_short_terminal_lists_the_latest_declarations(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = make_app(night_2018, paused=True, clock=clock, start=moment(night_2018, "03:30"))
    async with app.run_test(size=(70, 20)) as pilot:
        await catch_up(pilot, clock)
        assert not app.main.grid.display or app.main.grid.size.height == 0
        text = screen_text(app)
        assert "Latest declarations" in text
        assert "Fri 03:28 Plymouth  LAB GAIN from CON" in text


async def test_a_tiny_terminal_says_it_is_too_small(night_2018: Timeline, clock: FakeClock) -> None:
    app = make_app(night_2018, paused=True, clock=clock)
    async with app.run_test(size=(50, 15)) as pilot:
        await catch_up(pilot, clock)
        assert "Terminal too small: 50\u00d715" in screen_text(app)
        await pilot.resize_terminal(80, 24)
        await catch_up(pilot, clock)
        text = screen_text(app)
        assert "too small" not in text and "Scoreboard" in text
