"""What a frame redraws: a tick that only moves the clock repaints the header (and the
scrub bar when its position changes cell), nothing else, and asks for no layout; a key
that changes the play state shows in the header without waiting for the board's frame."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

import pytest
from textual.widget import Widget
from uikit import catch_up, moment, recorded_frames, screen_text, settled, until

from elextui.clock import FakeClock
from elextui.player import Played, Tick
from elextui.state import apply
from elextui.timeline import Timeline
from elextui.ui import frames as frames_module
from elextui.ui.app import make_app
from elextui.ui.frames import BURST_ROWS, FRAME_SECONDS
from elextui.ui.messages import ClockTicked, EntriesPlayed
from elextui.ui.widgets.ticker import HISTORY

SIZE = (160, 48)


@contextmanager
def counted_refreshes() -> Iterator[Counter[tuple[str, bool]]]:
    """Count `refresh()` calls by widget class and whether they asked for a layout."""
    calls: Counter[tuple[str, bool]] = Counter()
    original = Widget.refresh

    def refresh(self: Widget, *regions: Any, **options: Any) -> Any:
        calls[(type(self).__name__, bool(options.get("layout")))] += 1
        return original(self, *regions, **options)

    Widget.refresh = refresh  # type: ignore[method-assign]
    try:
        yield calls
    finally:
        Widget.refresh = original  # type: ignore[method-assign]


async def test_clock_only_ticks_repaint_only_the_header_and_scrub_bar(
    night_2018: Timeline, clock: FakeClock
) -> None:
    # 22:11-22:21 on the bundled night has no entry: ten feed minutes of clock ticks.
    app = make_app(night_2018, speed=60, clock=clock, start=moment(night_2018, "22:11"))
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock, 0.5)
        await settled(pilot)  # the footer's keys come a few turns after the first frame
        state, frames = app.state, app.frames
        with counted_refreshes() as calls:
            for _ in range(20):
                await catch_up(pilot, clock, 0.5)
        assert app.state is state  # nothing played: only the clock moved
        assert app.at >= moment(night_2018, "22:20")
        assert app.frames - frames >= 10
    widgets = {name for name, _ in calls}
    assert widgets <= {"NightHeader", "ScrubBar"}, calls
    assert calls[("NightHeader", False)] >= 10
    assert not any(layout for _, layout in calls)


async def test_screen_after_clock_only_frames_equals_a_fresh_render(
    night_2018: Timeline, clock: FakeClock
) -> None:
    """Clock-only frames draw the header and the scrub bar alone: after ten feed minutes of
    them (the scrub bar's marker moving a cell), the screen is what a new app shows there."""
    app = make_app(night_2018, speed=60, clock=clock, start=moment(night_2018, "22:11"))
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock, 0.25)
        full = 0
        draw = app._draw

        def counted(due: float | None = None) -> None:
            nonlocal full
            full += 1
            draw(due)

        app._draw = counted  # type: ignore[method-assign]
        bar = app.main.scrub_bar
        cell, frames = bar._here(bar.position, bar.size.width), app.frames
        for _ in range(40):  # a tick at a time (0.25 s: exact in floats), each drawn
            clock.advance(0.25)
            await catch_up(pilot, clock)
        assert app.frames - frames >= 40 and full == 0  # all clock-only frames
        assert bar._here(bar.position, bar.size.width) != cell
        assert app.at >= moment(night_2018, "22:20")
        after, at = screen_text(app), app.at
    fresh = make_app(night_2018, speed=60, clock=FakeClock(), start=at)  # a clock that stands
    async with fresh.run_test(size=SIZE) as pilot:
        await catch_up(pilot)
        await settled(pilot)
        assert screen_text(fresh) == after


async def test_pause_shows_in_the_header_before_the_boards_next_frame(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = make_app(night_2018, speed=60, clock=clock, start=moment(night_2018, "22:11"))
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock, 0.5)
        assert "PLAYING" in screen_text(app).splitlines()[0]
        frames = app.frames
        app._last_draw = time.monotonic() + 3600  # the board's next frame is an hour away
        await pilot.press("space")
        await clock.settle()
        await until(pilot, lambda: "PAUSED" in screen_text(app).splitlines()[0], "PAUSED")
        assert app.frames == frames and app.draw_pending  # the board's frame still waits


async def test_a_jump_shows_the_tickers_view_first_then_its_whole_history(
    night_2018: Timeline, clock: FakeClock
) -> None:
    """A jump's frame draws the rows the ticker shows; the older ones (up to its history of
    200) come in the frame after: then the ticker is what all the rows at once give."""
    app = make_app(night_2018, paused=True, clock=clock, start=moment(night_2018, "23:00"))
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        ticker = app.main.ticker
        drawn = recorded_frames(app)
        app.player.seek(moment(night_2018, "15:00"))
        await catch_up(pilot, clock)
        recent = list(night_2018.recent(app.player.index, HISTORY))
        assert len(recent) == HISTORY
        shown = [len(frame.reset_rows) for frame in drawn if frame.reset_rows is not None]
        assert shown == [ticker.size.height]  # the jump's frame: a screenful of rows
        assert ticker.entries == recent
        lines = [strip.text for strip in ticker.lines]
        ticker.replace([app._row(entry) for entry in recent])
        await pilot.pause()
        assert lines == [strip.text for strip in ticker.lines]


async def test_a_jump_key_draws_at_once_and_drops_entries_played_before_it(
    night_2018: Timeline, clock: FakeClock
) -> None:
    """`end` draws the end from the key itself, without waiting for the player's next turn
    (here the player's worker is stopped, so nothing else could); a batch of entries the
    player had played before the jump, arriving after it, is dropped."""
    app = make_app(night_2018, speed=60, clock=clock, start=moment(night_2018, "23:00"))
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock, 1.0)
        before = app.player.jumps
        entry = night_2018.entries[night_2018.index_at(moment(night_2018, "23:30").timestamp())]
        stale = Played(entry, 0, night_2018.seek(moment(night_2018, "23:30")), jump=before)
        app.workers.cancel_group(app, "player")
        await pilot.pause()
        await pilot.press("end")
        assert app.at == night_2018.end
        assert app.state == night_2018.seek(night_2018.end)
        assert "Sat 5 May 02:00:00" in screen_text(app).splitlines()[0]
        app.post_message(EntriesPlayed((stale,)))
        await pilot.pause()
        assert app.state == night_2018.seek(night_2018.end)
        assert app.at == night_2018.end


async def test_a_frame_brings_the_ticker_at_most_a_screenful_of_rows(
    night_2018: Timeline, clock: FakeClock
) -> None:
    """A burst bigger than the ticker's view: only the newest screenful reach it (the rest
    would scroll past unseen within the frame)."""
    app = make_app(night_2018, paused=True, clock=clock, start=moment(night_2018, "22:00"))
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        ticker = app.main.ticker
        drawn = recorded_frames(app)
        state = night_2018.baseline
        burst = []
        for index, entry in enumerate(night_2018.entries[:BURST_ROWS], 1):
            state = apply(state, entry)
            burst.append(Played(entry, index, state, jump=app.player.jumps))
        app.post_message(EntriesPlayed(tuple(burst)))
        await catch_up(pilot, clock)
        assert 0 < ticker.size.height < BURST_ROWS
        assert [len(frame.rows) for frame in drawn] == [ticker.size.height]
        assert (
            ticker.entries[-ticker.size.height :]
            == night_2018.entries[BURST_ROWS - ticker.size.height : BURST_ROWS]
        )


async def test_a_pause_after_bursts_gives_the_ticker_back_the_rows_they_left_out(
    night_2018: Timeline, clock: FakeClock
) -> None:
    """At 10,000x a frame brings the ticker only a screenful of the entries played since the
    last one; when play stops, the ticker gets its whole history back (the entries up to the
    state on screen), so scrolling back after a pause misses nothing."""
    app = make_app(night_2018, speed=10_000, clock=clock, start=moment(night_2018, "22:00"))
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock, 3.0)  # ~8 feed hours in one go: bursts of many rows
        played = app.player.index
        recent = list(night_2018.recent(played, HISTORY))
        assert len(recent) > app.main.ticker.size.height
        assert app.main.ticker.entries != recent[-len(app.main.ticker.entries) :]  # gaps
        await pilot.press("space")
        await catch_up(pilot, clock)
        assert not app.playing and app.player.index == played
        assert app.main.ticker.entries == recent


async def test_frames_keep_a_steady_beat_when_each_is_drawn_a_little_late(
    night_2018: Timeline, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches arriving every 12 ms for two seconds: each frame is drawn up to 12 ms after
    it was due, and the next is timed from when it was due, so the board draws 20 frames a
    second, no more (timed from when each was drawn, lateness would add up: 16.7 a second)."""
    app = make_app(night_2018, paused=True, clock=clock, start=moment(night_2018, "22:00"))
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        now = [0.0]
        monkeypatch.setattr(frames_module, "time", SimpleNamespace(monotonic=lambda: now[0]))
        app._last_draw = -1.0
        frames = app.frames
        for step in range(167):  # 0 to 1.992 s, no await: the waiting timers never fire
            now[0] = step * 0.012
            app._request_draw()
        assert app._draw_timer is not None
        app._draw_timer.stop()
        app._draw_timer = None
        assert app.frames - frames == round(2 / FRAME_SECONDS)  # frames due at 0, 0.05 ... 1.95


async def test_a_tick_made_before_a_pause_does_not_undo_it(
    night_2018: Timeline, clock: FakeClock
) -> None:
    """A clock tick the player made while playing, reaching the app after space paused it
    (the key's own tick is taken at once), is dropped: the header stays PAUSED. Before, the
    stale tick put PLAYING back while the player stood still, until the next key."""
    app = make_app(night_2018, speed=60, clock=clock, start=moment(night_2018, "22:11"))
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock, 0.5)
        stale = Tick(app.at, True, app.speed, controls=app.player.controls)
        await pilot.press("space")
        assert not app.player.playing
        app.post_message(ClockTicked(stale))
        await pilot.pause()
        assert not app.playing
        await until(pilot, lambda: "PAUSED" in screen_text(app).splitlines()[0], "PAUSED")
        await pilot.press("space")  # and the next key still plays on
        await until(pilot, lambda: "PLAYING" in screen_text(app).splitlines()[0], "PLAYING")
