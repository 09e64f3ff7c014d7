"""The player never spins: in every state its loop awaits, so other tasks (and quit keys) run.

Each test drives the player on a FakeClock while a second task counts its turns of the
event loop. A player that loops without awaiting starves that task; a guard alarm turns
such a hang into a failure instead of a stuck test run.
"""

from __future__ import annotations

import asyncio
import math
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import pytest
from feedkit import council, entry, header, load

from elextui.clock import FakeClock
from elextui.player import SPEEDS, Finished, Played, Player, PlayerEvent, Tick
from elextui.timeline import Timeline

LAST = "2018-05-04T03:00:00+01:00"
ENDS = "2018-05-05T12:00:00+01:00"


class Hung(Exception):
    """The guard alarm went off: something never gave the event loop a turn."""


@contextmanager
def guard(seconds: float = 20.0) -> Iterator[None]:
    """Fail (not hang) if the body takes more than `seconds` of real time."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise Hung(f"no progress within {seconds:g} s: the player is spinning")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def night(*, ends: str | None = None, councils: int = 1, entries: int = 1) -> Timeline:
    """A night with `councils` councils and `entries` posts up to LAST."""
    extra = {"ends": ends} if ends else {}
    lines = [header(**extra)]
    lines += [council(f"c{i}", 10, control="LAB") for i in range(councils)]
    lines += [entry("post", LAST, text=f"p{i}") for i in range(entries)]
    return Timeline(load(*lines))


class Watch:
    """Runs a player's events in a task and counts another task's turns alongside it."""

    def __init__(self, player: Player, clock: FakeClock) -> None:
        self.player = player
        self.clock = clock
        self.events: list[PlayerEvent] = []
        self.turns = 0

    def finished(self) -> int:
        """How many Finished events so far."""
        return sum(isinstance(e, Finished) for e in self.events)

    def played(self) -> int:
        """How many entries played so far."""
        return sum(isinstance(e, Played) for e in self.events)

    async def until(self, condition: str, rounds: int = 500) -> None:
        """Let tasks run until `condition` (a method name) is non-zero, within `rounds` turns."""
        for _ in range(rounds):
            if getattr(self, condition)():
                return
            await asyncio.sleep(0)
        raise AssertionError(f"{condition} never happened")


async def watched(player: Player, clock: FakeClock, body: object) -> Watch:
    """Run `body(watch)` while the player plays and a counter task takes turns."""
    watch = Watch(player, clock)

    async def consume() -> None:
        async for event in player.events():
            watch.events.append(event)

    async def count() -> None:
        while True:
            watch.turns += 1
            await asyncio.sleep(0)

    with guard():
        tasks = [asyncio.create_task(consume()), asyncio.create_task(count())]
        try:
            await body(watch)  # type: ignore[operator]
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
    return watch


async def test_max_speed_with_a_later_ends_reaches_the_end_and_waits() -> None:
    timeline = night(ends=ENDS)
    clock = FakeClock()
    player = Player(timeline, clock=clock, speed=math.inf)

    async def body(watch: Watch) -> None:
        await watch.until("finished")
        assert watch.played() == 1
        assert player.at == timeline.end and player.at_end and not player.playing
        turns = watch.turns
        await clock.settle(50)
        assert watch.turns >= turns + 40  # the counter ran: the player is waiting, not spinning
        assert watch.finished() == 1

    await watched(player, clock, body)


@pytest.mark.parametrize("ends", [None, ENDS])
async def test_a_header_only_feed_finishes_at_once_and_waits(ends: str | None) -> None:
    timeline = night(ends=ends, councils=0, entries=0)
    for speed in (3600.0, math.inf):  # an hour a second: `ends` is 38 feed hours on
        clock = FakeClock()
        player = Player(timeline, clock=clock, speed=speed)

        async def body(watch: Watch, clock: FakeClock = clock) -> None:
            await clock.run(40, step=0.5)
            await watch.until("finished")
            assert watch.player.at_end and not watch.player.playing
            turns = watch.turns
            await clock.settle(50)
            assert watch.turns >= turns + 40

        await watched(player, clock, body)


async def test_past_the_last_entry_the_clock_runs_on_to_ends_without_spinning() -> None:
    timeline = night(ends=ENDS)
    clock = FakeClock()
    player = Player(timeline, clock=clock, speed=3600)  # an hour a second

    async def body(watch: Watch) -> None:
        await clock.run(6, step=0.5)  # 6 feed hours: the last entry (03:00) has played
        assert watch.played() == 1 and not watch.finished()
        turns = watch.turns
        await clock.settle(50)  # no wall time passes: the player must wait for it
        assert watch.turns >= turns + 40
        assert player.at < timeline.end
        await clock.run(40, step=0.5)
        assert watch.finished() == 1 and player.at == timeline.end

    await watched(player, clock, body)


async def test_many_councils_and_no_entries_finish_and_wait() -> None:
    timeline = night(councils=20_000, entries=0)
    clock = FakeClock()
    player = Player(timeline, clock=clock, speed=math.inf)

    async def body(watch: Watch) -> None:
        await watch.until("finished")
        turns = watch.turns
        await clock.settle(50)
        assert watch.turns >= turns + 40

    await watched(player, clock, body)


async def test_pressing_faster_up_to_max_mid_night_is_safe() -> None:
    timeline = night(ends=ENDS, entries=5)
    clock = FakeClock()
    player = Player(timeline, clock=clock, speed=60)

    async def body(watch: Watch) -> None:
        await clock.run(1)
        for _ in SPEEDS:
            player.faster()
            await clock.settle(5)
        assert math.isinf(player.speed)
        await watch.until("finished")
        assert watch.played() == 5 and player.at == timeline.end
        player.faster()  # already at max: stays there, still waits
        turns = watch.turns
        await clock.settle(50)
        assert math.isinf(player.speed) and watch.turns >= turns + 40

    await watched(player, clock, body)


async def test_looping_an_empty_night_does_not_restart_forever() -> None:
    timeline = night(councils=0, entries=0)
    clock = FakeClock()
    player = Player(timeline, clock=clock, speed=math.inf, loop=True, loop_pause=0)

    async def body(watch: Watch) -> None:
        await watch.until("finished")
        await clock.run(5)
        assert watch.finished() == 1 and not player.playing

    await watched(player, clock, body)


async def test_a_zero_loop_pause_still_waits_a_tick_between_loops() -> None:
    timeline = night(ends=ENDS)
    clock = FakeClock()
    player = Player(timeline, clock=clock, speed=math.inf, loop=True, loop_pause=0)

    async def body(watch: Watch) -> None:
        await watch.until("finished")
        turns = watch.turns
        await clock.settle(50)  # no wall time: the loop's pause has not passed
        assert watch.finished() == 1 and watch.turns >= turns + 40
        await clock.run(0.2)
        assert watch.finished() >= 2

    await watched(player, clock, body)


async def test_every_control_at_the_end_of_a_max_speed_night_keeps_waiting() -> None:
    timeline = night(ends=ENDS, entries=3)
    clock = FakeClock()
    player = Player(timeline, clock=clock, speed=math.inf)
    controls = [
        player.resume,
        player.to_end,
        player.toggle_pause,
        player.toggle_pause,
        player.next_marker,
        lambda: player.shift(3600),
        lambda: player.step(1),
        player.resume,
    ]

    async def body(watch: Watch) -> None:
        await watch.until("finished")
        for control in controls:
            control()
            turns = watch.turns
            await clock.settle(50)
            assert watch.turns >= turns + 40, control
        assert any(isinstance(e, Tick) for e in watch.events)

    await watched(player, clock, body)
