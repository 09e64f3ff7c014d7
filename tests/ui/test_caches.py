"""The render caches (scrub bar per width and span, scoreboard per state) never show stale data.

Each test puts the app through seeks, resizes or a new span, then compares the screen
with a fresh app (or widget) rendered straight at the same moment.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from uikit import catch_up, moment, screen_text

from elextui.clock import FakeClock
from elextui.timeline import Timeline
from elextui.ui.app import ElextuiApp, make_app
from elextui.ui.widgets.scrub_bar import NightSpan, ScrubBar


async def fresh_screen(timeline: Timeline, at: str, size: tuple[int, int]) -> str:
    """The screen of a new app opened paused at `at`."""
    clock = FakeClock()
    app = make_app(timeline, paused=True, clock=clock, start=moment(timeline, at))
    async with app.run_test(size=size) as pilot:
        await catch_up(pilot, clock)
        return screen_text(app)


async def test_screen_after_seeks_equals_a_fresh_render(night_2018: Timeline) -> None:
    clock = FakeClock()
    app = make_app(night_2018, paused=True, clock=clock, start=moment(night_2018, "23:00"))
    async with app.run_test(size=(160, 48)) as pilot:
        await catch_up(pilot, clock)
        before = screen_text(app)
        for at in ("03:30", "01:00", "03:30"):  # forwards, back, forwards again
            app.player.seek(moment(night_2018, at))
            await catch_up(pilot, clock)
        after = screen_text(app)
    assert after != before
    assert after == await fresh_screen(night_2018, "03:30", (160, 48))


def cached_panes(app: ElextuiApp) -> list[str]:
    """The lines of the panes with render caches: scoreboard, grid, scrub bar."""
    main = app.main
    return [
        str(widget.render_line(y).text)
        for widget in (main.scoreboard, main.grid, main.scrub_bar)
        for y in range(widget.size.height)
    ]


async def test_panes_after_resize_equal_a_fresh_render(night_2018: Timeline) -> None:
    # (the ticker is left out: after a resize it re-wraps and keeps its own scroll position)
    clock = FakeClock()
    app = make_app(night_2018, paused=True, clock=clock, start=moment(night_2018, "04:00"))
    async with app.run_test(size=(160, 48)) as pilot:
        await catch_up(pilot, clock)
        await pilot.resize_terminal(120, 40)
        await catch_up(pilot, clock)
        resized = cached_panes(app)
    clock = FakeClock()
    fresh = make_app(night_2018, paused=True, clock=clock, start=moment(night_2018, "04:00"))
    async with fresh.run_test(size=(120, 40)) as pilot:
        await catch_up(pilot, clock)
        assert resized == cached_panes(fresh)


class BarApp(App[None]):
    """Just a scrub bar."""

    def __init__(self, span: NightSpan, position: float) -> None:
        super().__init__()
        self.bar = ScrubBar(span)
        self.position = position

    def compose(self) -> ComposeResult:
        yield self.bar

    def on_mount(self) -> None:
        self.bar.show(self.position)


EARLY = NightSpan("22:00", "06:00", [0.1, 0.1, 0.2, 0.5], [0.25])
LATE = NightSpan("22:00", "09:00", [0.6, 0.7, 0.7, 0.7, 0.9], [0.75])
"""LATE is EARLY after a live feed grew: new declarations, a later end."""


async def bar_text(span: NightSpan, position: float, width: int) -> str:
    app = BarApp(span, position)
    async with app.run_test(size=(width, 2)) as pilot:
        await pilot.pause()
        return screen_text(app)


async def test_scrub_bar_with_a_new_span_equals_a_fresh_bar() -> None:
    app = BarApp(EARLY, 0.4)
    async with app.run_test(size=(60, 2)) as pilot:
        await pilot.pause()
        early = screen_text(app)
        app.bar.span = LATE
        app.bar.refresh()
        await pilot.pause()
        late = screen_text(app)
        await pilot.resize_terminal(90, 2)
        await pilot.pause()
        wider = screen_text(app)
    assert early == await bar_text(EARLY, 0.4, 60)
    assert late != early
    assert late == await bar_text(LATE, 0.4, 60)
    assert wider == await bar_text(LATE, 0.4, 90)


async def test_scrub_bar_position_moves_only_when_its_cell_does() -> None:
    app = BarApp(EARLY, 0.4)
    async with app.run_test(size=(60, 2)) as pilot:
        await pilot.pause()
        app.bar.show(0.4001)  # the same cell: no redraw needed, nothing changes
        await pilot.pause()
        assert screen_text(app) == await bar_text(EARLY, 0.4001, 60)
        app.bar.show(0.8)
        await pilot.pause()
        assert screen_text(app) == await bar_text(EARLY, 0.8, 60)
