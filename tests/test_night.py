"""The headless Night: one parser and timeline for replay and follow, late entries, resync."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from elextui.clock import FakeClock
from elextui.feed import FeedError, load_feed
from elextui.night import Grew, Night, NightEvent, ProblemsFound, SourceStatus
from elextui.player import Played, PlayerEvent
from elextui.report import state_json
from elextui.source import Chunk, FileSource, RelayClock, Status, Update
from elextui.timeline import Timeline
from tests.feedkit import council, entry, header

ROOT = Path(__file__).resolve().parents[1]
FEED_2018 = ROOT / "feeds" / "england-locals-2018.jsonl"


def line(obj: dict[str, Any]) -> bytes:
    """One feed line."""
    return json.dumps(obj).encode()


HEAD = [line(header()), line(council("plymouth", 57, control="CON")), line(council("derby", 51))]


def result(at: str, council_id: str = "plymouth", party: str = "LAB", seats: int = 57) -> bytes:
    """A result giving a council to `party` outright."""
    return line(entry("result", f"2018-05-04T{at}:00+01:00", council=council_id, control=party))


def post(at: str, text: str) -> bytes:
    """A post."""
    return line(entry("post", f"2018-05-04T{at}:00+01:00", text=text))


class Scripted:
    """A Source whose updates a test pushes by hand."""

    name = "scripted.jsonl"
    growing = True

    def __init__(self, *first: Update) -> None:
        self.queue: asyncio.Queue[Update] = asyncio.Queue()
        for update in first:
            self.queue.put_nowait(update)

    def push(self, *updates: Update) -> None:
        for update in updates:
            self.queue.put_nowait(update)

    async def updates(self) -> AsyncGenerator[Update, None]:
        while True:
            yield await self.queue.get()


class Following:
    """A followed night with its events, its player's events and a fake clock."""

    def __init__(self, night: Night, clock: FakeClock) -> None:
        self.night = night
        self.clock = clock
        self.events: list[NightEvent] = []
        self.played: list[Played] = []
        self.player_events: list[PlayerEvent] = []
        night.listeners.append(self.events.append)

    def texts(self) -> list[str]:
        """Text (posts) or council (results) of every entry played."""
        return [
            getattr(p.entry, "text", "") or getattr(p.entry, "council", "") for p in self.played
        ]

    async def settle(self) -> None:
        await self.clock.run(0.3)


@asynccontextmanager
async def following(source: Scripted, wall: float = 0.0) -> AsyncIterator[Following]:
    """Open a night on `source`, run its pump and its player; stop both after."""
    clock = FakeClock()
    night = await asyncio.wait_for(Night.open(source, clock=clock, wall=lambda: wall), 5)
    run = Following(night, clock)

    async def play() -> None:
        async for event in night.player.events():
            run.player_events.append(event)
            if isinstance(event, Played):
                run.played.append(event)

    tasks = [asyncio.create_task(night.follow()), asyncio.create_task(play())]
    await run.settle()
    try:
        yield run
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def test_load_reads_a_file_through_the_parser_and_checks_it(tmp_path: Path) -> None:
    night = Night.load(FileSource(FEED_2018))
    reference = Timeline(load_feed(FEED_2018))
    assert len(night.timeline) == len(reference)
    assert night.timeline.times == reference.times
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"\n".join([*HEAD, b"{oops"]) + b"\n")
    with pytest.raises(FeedError) as err:
        Night.load(FileSource(bad))
    assert str(err.value.problems[0]).startswith(f"{bad}:4: invalid JSON")


async def test_open_waits_for_the_header_and_plays_what_is_there() -> None:
    source = Scripted(Chunk([]), Chunk(HEAD[:1]), Chunk([*HEAD[1:], post("00:10", "first")]))
    async with following(source) as run:
        assert run.night.player.live
        assert run.texts() == ["first"]
        source.push(Chunk([post("00:20", "second")]))
        await run.settle()
        assert run.texts() == ["first", "second"]
        assert isinstance(run.events[-1], Grew) and run.events[-1].added == 1


async def test_bad_lines_are_reported_with_their_line_and_skipped() -> None:
    source = Scripted(Chunk([*HEAD, post("00:10", "first")]))
    async with following(source) as run:
        source.push(Chunk([b"{not json", post("00:20", "second"), line({"type": "tally"})]))
        await run.settle()
        assert run.texts() == ["first", "second"]
        problems = [str(p) for e in run.events if isinstance(e, ProblemsFound) for p in e.problems]
        assert problems[0].startswith("scripted.jsonl:5: invalid JSON")
        assert problems[1].startswith("scripted.jsonl:7: unknown type 'tally'")


async def test_late_entry_is_inserted_played_as_late_and_the_board_recomputed() -> None:
    source = Scripted(Chunk([*HEAD, post("00:10", "a"), post("03:00", "c")]))
    async with following(source) as run:
        source.push(Chunk([result("01:00", "derby", "CON")]))
        await run.settle()
        late = [p for p in run.played if p.late]
        assert [getattr(p.entry, "council", None) for p in late] == ["derby"]
        assert late[0].index == 2  # its place in time order
        player = run.night.player
        assert player.index == 3 and player.live
        assert player.state.councils["derby"].declared
        assert id(late[0].entry) in player.late
        assert run.night.timeline.entries[1] is late[0].entry


async def test_restart_with_the_same_lines_doubles_nothing() -> None:
    lines = [*HEAD, post("00:10", "a"), post("00:20", "b")]
    source = Scripted(Chunk(lines))
    async with following(source) as run:
        # truncated to a prefix, then the whole file again and one more line
        source.push(Chunk(lines[:3], restart=True))
        source.push(Chunk(lines[3:] + [post("00:30", "c")]))
        await run.settle()
        source.push(Chunk([*lines, post("00:30", "c")], restart=True))
        await run.settle()
        assert run.texts() == ["a", "b", "c"]
        assert len(run.night.timeline) == 3


async def test_restart_with_other_lines_reads_the_feed_again() -> None:
    source = Scripted(Chunk([*HEAD, post("00:10", "a"), post("00:20", "b")]))
    async with following(source) as run:
        source.push(Chunk([*HEAD, post("00:10", "A")], restart=True))
        await run.settle()
        timeline = run.night.timeline
        assert [getattr(e, "text", "") for e in timeline.entries] == ["A"]
        messages = [e.message for e in run.events if isinstance(e, SourceStatus)]
        assert any("replaced" in m for m in messages)


async def test_leaving_the_live_edge_counts_arrivals_and_l_returns() -> None:
    source = Scripted(Chunk([*HEAD, post("00:10", "a")]))
    async with following(source) as run:
        player = run.night.player
        player.pause()
        assert not player.live
        source.push(Chunk([post("00:20", "b"), post("00:30", "c")]))
        await run.settle()
        assert player.arrived == 2
        assert run.texts() == ["a"]
        player.go_live()
        await run.settle()
        assert player.live and player.arrived == 0
        assert player.index == 3
        ticks = [e for e in run.player_events if hasattr(e, "arrived")]
        assert any(getattr(t, "arrived", 0) == 2 for t in ticks)


async def test_replay_catching_up_rejoins_the_live_edge() -> None:
    source = Scripted(Chunk([*HEAD, post("00:10", "a"), post("00:20", "b")]))
    async with following(source) as run:
        player = run.night.player
        player.seek_index(0)
        player.set_speed(600)
        player.resume()
        assert not player.live
        await run.clock.run(13.5)  # 22:00 to 00:15 at 600x
        assert not player.live and player.index == 1
        await run.clock.run(5)
        assert player.live


async def test_relay_clock_drives_the_live_edge_and_freezes_when_stale() -> None:
    night_at = 1525399200.0  # 2018-05-04T03:00:00+01:00
    source = Scripted(Chunk([*HEAD, post("00:10", "a")], relay=RelayClock(night_at, 600, 0.0)))
    async with following(source) as run:
        before = run.night.live_time()
        assert before == pytest.approx(night_at + 0.3 * 600)
        await run.clock.run(30)  # no answer for 30 s: the clock runs on 10 s past the last
        assert run.night.live_time() == pytest.approx(night_at + 10 * 600)
        source.push(Chunk([], relay=RelayClock(night_at + 60, 600, run.clock.now())))
        await run.settle()
        assert run.night.live_time() == pytest.approx(night_at + 60 + 0.3 * 600)
        assert run.night.player.at.timestamp() < night_at + 10 * 600  # corrected back
        source.push(Status(123.0, "no answer"))
        await run.settle()
        frozen = run.night.live_time()
        await run.clock.run(1)
        assert run.night.live_time() == frozen
        assert run.night.stale_since == 123.0


async def test_wall_clock_is_the_live_edge_of_a_night_happening_now() -> None:
    now = 1525399200.0  # 03:00 on the night
    source = Scripted(Chunk([*HEAD, post("00:10", "a")]))
    async with following(source, wall=now) as run:
        assert run.night.live_time() == now
    async with following(Scripted(Chunk([*HEAD, post("00:10", "a")])), wall=2e9) as run:
        assert run.night.live_time() == run.night.timeline.times[-1]  # long past: the last entry


async def test_followed_2018_in_pieces_ends_where_state_at_end_does() -> None:
    data = FEED_2018.read_bytes().splitlines()
    source = Scripted(Chunk(data[:50]))
    async with following(source) as run:
        for start in range(50, len(data), 37):
            source.push(Chunk(data[start : start + 37]))
        await run.settle()
        reference = Timeline(load_feed(FEED_2018))
        end = reference.end
        got = state_json(run.night.timeline.feed, run.night.player.state, end)
        want = state_json(reference.feed, reference.seek(end), end)
        assert got == want
        assert len(run.played) == len(reference)


async def test_the_real_clock_reads_outside_a_running_loop() -> None:
    """The App reads the live edge before its own loop runs (a relay's clock needs `now`)."""
    source = Scripted(Chunk([*HEAD, post("00:10", "a")], relay=RelayClock(1525399200.0, 600, 0.0)))
    night = await asyncio.wait_for(Night.open(source), 5)
    moment = await asyncio.to_thread(night.live_time)  # no running loop in that thread
    assert moment >= 1525399200.0
