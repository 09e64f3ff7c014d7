"""The grid follows declarations: a lone one at once, a burst at most once a second (on
the player's clock: fake here, so nothing waits for real time)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from uikit import moment, until

import elextui.ui
from elextui.clock import FakeClock
from elextui.timeline import Timeline
from elextui.ui.palette import Palette
from elextui.ui.widgets.council_grid import FOLLOW_SECONDS, CouncilGrid


class FollowApp(App[None]):
    """Just a council grid on a fake clock, styled as in the app."""

    CSS_PATH = Path(elextui.ui.__file__).parent / "elextui.tcss"
    AUTO_FOCUS = None

    def __init__(self, timeline: Timeline, clock: FakeClock) -> None:
        super().__init__()
        self.grid = CouncilGrid(Palette(timeline.feed.election.parties), clock)

    def compose(self) -> ComposeResult:
        yield self.grid


def in_view(grid: CouncilGrid, council_id: str) -> bool:
    """Whether the council's tile lies within the grid's scrolled window."""
    top = grid.order.index(council_id) // grid.tiles.columns * grid.tiles.pitch
    return grid.scroll_y <= top and top + grid.tiles.height <= grid.scroll_y + grid.size.height


async def test_a_lone_declaration_is_followed_at_once_a_burst_once_a_second(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = FollowApp(night_2018, clock)
    async with app.run_test(size=(64, 16)) as pilot:
        grid = app.grid
        grid.show(night_2018.seek(moment(night_2018, "02:00")))
        await pilot.pause()
        first, middle, last = grid.order[0], grid.order[len(grid.order) // 2], grid.order[-1]
        assert not in_view(grid, middle) and not in_view(grid, last)

        grid.follow(last)  # the first declaration: at once
        assert in_view(grid, last)
        clock.advance(FOLLOW_SECONDS)
        grid.follow(first)  # a second later: at once too
        assert in_view(grid, first)

        scrolled: list[float] = []

        def scrolled_to(y: float) -> None:
            scrolled.append(y)

        grid.watch(grid, "scroll_y", scrolled_to, init=False)
        clock.advance(0.1)
        grid.follow(middle)  # a burst: each waits for the second to be up
        clock.advance(0.1)
        grid.follow(last)
        await clock.settle()
        await pilot.pause()
        assert in_view(grid, first) and scrolled == []
        clock.advance(FOLLOW_SECONDS - 0.2)  # the second is up: the newest, once
        await until(pilot, lambda: in_view(grid, last), "the newest declaration followed")
        assert len(scrolled) == 1

        clock.advance(FOLLOW_SECONDS)
        grid.follow(first)  # quiet for a second: at once again
        assert in_view(grid, first)


async def test_a_selecting_user_keeps_the_grid_where_it_is(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = FollowApp(night_2018, clock)
    async with app.run_test(size=(64, 16)) as pilot:
        grid = app.grid
        grid.show(night_2018.seek(moment(night_2018, "02:00")))
        await pilot.pause()
        grid.follow(grid.order[0])
        grid.follow(grid.order[-1])  # waiting for its turn...
        await pilot.press("tab")  # ...when the user takes the grid: it stays put
        assert grid.has_focus
        clock.advance(FOLLOW_SECONDS)
        await clock.settle()
        await pilot.pause()
        assert grid.scroll_y == 0
