"""The app following a feed, on the fake clock: LIVE, leaving it, `l`, late entries, staleness."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator
from typing import Any

from uikit import catch_up, screen_text

from elextui.clock import FakeClock
from elextui.night import Night
from elextui.source import Chunk, Status, Update
from elextui.ui.app import ElextuiApp, make_app

SIZE = (160, 48)


def line(obj: dict[str, Any]) -> bytes:
    """One feed line."""
    return json.dumps(obj).encode()


HEAD = [
    line(
        {
            "type": "election",
            "feed_version": 1,
            "id": "live-test",
            "title": "Test night",
            "polling_day": "2018-05-03",
            "timezone": "Europe/London",
            "starts": "2018-05-03T22:00:00+01:00",
            "parties": [{"code": "LAB", "name": "Labour"}, {"code": "CON", "name": "Tory"}],
        }
    ),
    line({"type": "council", "id": "plymouth", "name": "Plymouth", "seats": 57, "control": "CON"}),
    line({"type": "council", "id": "derby", "name": "Derby", "seats": 51, "control": "LAB"}),
]


def post(at: str, text: str) -> bytes:
    """A post at `at` (HH:MM on the morning after polling day)."""
    return line({"type": "post", "at": f"2018-05-04T{at}:00+01:00", "text": text})


def result(at: str, council: str, control: str) -> bytes:
    """A result giving `council` to `control`."""
    when = f"2018-05-04T{at}:00+01:00"
    return line({"type": "result", "at": when, "council": council, "control": control})


class Scripted:
    """A Source whose updates the test pushes."""

    name = "scripted.jsonl"
    growing = True

    def __init__(self, *first: Update) -> None:
        self.queue: asyncio.Queue[Update] = asyncio.Queue()
        for update in first:
            self.queue.put_nowait(update)

    async def updates(self) -> AsyncGenerator[Update, None]:
        while True:
            yield await self.queue.get()


async def following(source: Scripted, clock: FakeClock) -> ElextuiApp:
    """The app on a night opened from `source` (wall time long after the night)."""
    night = await Night.open(source, clock=clock, wall=lambda: 2e9)
    return make_app(night)


def header_line(app: ElextuiApp) -> str:
    return screen_text(app).splitlines()[0]


async def test_live_header_pause_counts_arrivals_and_l_returns(clock: FakeClock) -> None:
    """Following: LIVE; a pause shows REPLAY and counts new entries; `l` goes back to LIVE."""
    source = Scripted(Chunk([*HEAD, post("00:10", "First post")]))
    app = await following(source, clock)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock, 0.3)
        assert "LIVE" in header_line(app) and "First post" in screen_text(app)
        source.queue.put_nowait(Chunk([post("00:20", "Second post")]))
        await catch_up(pilot, clock, 0.3)
        assert "Second post" in screen_text(app)
        await pilot.press("space")
        await catch_up(pilot, clock, 0.3)
        source.queue.put_nowait(Chunk([post("00:30", "Third post"), post("00:40", "Fourth")]))
        await catch_up(pilot, clock, 0.3)
        header = header_line(app)
        assert "LIVE" not in header and "REPLAY +2 new" in header
        assert "Third post" not in screen_text(app)
        await pilot.press("l")
        await catch_up(pilot, clock, 0.3)
        assert "LIVE" in header_line(app)
        assert "Third post" in screen_text(app) and "Fourth" in screen_text(app)


async def test_the_palette_goes_back_to_live(clock: FakeClock) -> None:
    source = Scripted(Chunk([*HEAD, post("00:10", "First post")]))
    app = await following(source, clock)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock, 0.3)
        await pilot.press("left")  # a step back leaves the live edge
        await catch_up(pilot, clock, 0.3)
        assert "REPLAY" in header_line(app)
        await pilot.press("ctrl+p", *"go live")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await catch_up(pilot, clock, 0.3)
        assert "LIVE" in header_line(app) and app.player.live


async def test_a_late_result_is_marked_late_and_the_board_recomputed(clock: FakeClock) -> None:
    """A result earlier than entries already shown: LATE in the ticker, Derby on the board."""
    source = Scripted(Chunk([*HEAD, post("00:10", "Early"), post("03:00", "Later")]))
    app = await following(source, clock)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock, 0.3)
        source.queue.put_nowait(Chunk([result("01:00", "derby", "CON")]))
        await catch_up(pilot, clock, 0.3)
        assert app.state.councils["derby"].declared
        text = screen_text(app)
        assert "LATE" in text and "declared 1/2" in text
        assert app.player.live


async def test_stale_source_is_shown_until_it_recovers(clock: FakeClock) -> None:
    source = Scripted(Chunk([*HEAD, post("00:10", "First post")]))
    app = await following(source, clock)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock, 0.3)
        source.queue.put_nowait(Status(2e9 - 25, "http://x/feed.jsonl: HTTP 500"))
        await catch_up(pilot, clock, 0.3)
        assert "STALE 25s, since" in header_line(app)  # the wall clock is 2e9 here
        source.queue.put_nowait(Status(None, "reconnected"))
        await catch_up(pilot, clock, 0.3)
        assert "STALE" not in header_line(app)


async def test_bad_lines_are_notified_and_skipped(clock: FakeClock) -> None:
    source = Scripted(Chunk([*HEAD, post("00:10", "First post")]))
    app = await following(source, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await catch_up(pilot, clock, 0.3)
        source.queue.put_nowait(Chunk([b"{broken", post("00:20", "Still here")]))
        await catch_up(pilot, clock, 0.3)
        await pilot.pause(0.2)  # toasts are mounted on the next refresh
        text = screen_text(app)
        assert "Still here" in text
        assert "Bad lines skipped" in text and "scripted.jsonl:5: invalid JSON" in text


async def test_l_does_nothing_when_replaying_a_file(clock: FakeClock, mini: Any) -> None:
    app = make_app(mini, paused=True, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        await pilot.press("l")
        await catch_up(pilot, clock)
        assert not app.player.live and "LIVE" not in header_line(app)
        assert "Live" not in screen_text(app).splitlines()[-1]  # not in the footer


async def test_help_at_the_live_edge_keeps_following_and_says_so(clock: FakeClock) -> None:
    source = Scripted(Chunk([*HEAD, post("00:10", "First post")]))
    app = await following(source, clock)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock, 0.3)
        await pilot.press("question_mark")
        await catch_up(pilot, clock, 0.3)
        assert str(app.screen.query_one("#help").border_subtitle).endswith(
            "live: the feed keeps coming"
        )
        source.queue.put_nowait(Chunk([post("00:20", "Second post")]))
        await catch_up(pilot, clock, 0.3)
        assert app.player.live and app.playing
        await pilot.press("escape")
        await catch_up(pilot, clock, 0.3)
        assert "LIVE" in header_line(app) and "Second post" in screen_text(app)
