"""The async player, driven by a fake clock: no test sleeps for real."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from elextui.clock import FakeClock
from elextui.feed import Marker, Result, parse_feed
from elextui.player import Finished, Played, Player, PlayerEvent, Reset, Tick, parse_speed
from elextui.state import apply
from elextui.timeline import Timeline

BST = timezone(timedelta(hours=1))
START = datetime(2018, 5, 3, 22, 0, tzinfo=BST)


def at(minutes: float) -> str:
    """An ISO timestamp `minutes` after polls close."""
    return (START + timedelta(minutes=minutes)).isoformat()


def make_timeline(entries: list[dict[str, object]], councils: int = 3) -> Timeline:
    """A timeline from entry dicts over councils c0..cN (10 seats each, LAB before)."""
    lines: list[dict[str, object]] = [
        {
            "type": "election",
            "feed_version": 1,
            "id": "t",
            "title": "Test night",
            "polling_day": "2018-05-03",
            "timezone": "Europe/London",
            "starts": START.isoformat(),
            "parties": [{"code": "LAB", "name": "Labour"}, {"code": "CON", "name": "Tory"}],
        }
    ]
    lines += [
        {"type": "council", "id": f"c{i}", "name": f"C{i}", "seats": 10, "control": "LAB"}
        for i in range(councils)
    ]
    lines += entries
    data = "\n".join(json.dumps(line) for line in lines).encode()
    feed, problems = parse_feed(data, "test.jsonl")
    assert feed is not None, problems
    return Timeline(feed, checkpoint_every=2)


def near(moment: datetime, expected: datetime) -> bool:
    """Equal within a millisecond (the fake clock adds floats)."""
    return abs((moment - expected).total_seconds()) < 1e-3


def result(minutes: float, council: int, party: str = "CON") -> dict[str, object]:
    """A result giving council c<council> to `party` outright."""
    other = "LAB" if party == "CON" else "CON"
    return {
        "type": "result",
        "at": at(minutes),
        "council": f"c{council}",
        "composition": {party: 6, other: 4},
    }


def post(minutes: float, text: str) -> dict[str, object]:
    """A post."""
    return {"type": "post", "at": at(minutes), "text": text}


def marker(minutes: float, label: str) -> dict[str, object]:
    """A marker."""
    return {"type": "marker", "at": at(minutes), "label": label}


NIGHT = [
    marker(0, "polls close"),
    post(30, "first"),
    post(30, "second, same time"),
    result(60, 0),
    marker(60, "first gain"),
    post(90, "third"),
    result(120, 1, "LAB"),
    marker(180, "halfway"),
    result(240, 2),
]


class Run:
    """A player whose events are collected by a background task."""

    def __init__(self, player: Player, clock: FakeClock) -> None:
        self.player = player
        self.clock = clock
        self.events: list[PlayerEvent] = []

    def played(self) -> list[str]:
        """Text or council of every Played entry so far."""
        out = []
        for event in self.events:
            if isinstance(event, Played):
                entry = event.entry
                out.append(getattr(entry, "text", None) or getattr(entry, "council", None) or "")
        return out

    def of(self, kind: type) -> list[PlayerEvent]:
        """Events of one kind."""
        return [e for e in self.events if isinstance(e, kind)]


@asynccontextmanager
async def running(timeline: Timeline, **options: object) -> AsyncIterator[Run]:
    """Start a player on a fake clock; cancel it and check nothing is left over."""
    clock = FakeClock()
    player = Player(timeline, clock=clock, **options)  # type: ignore[arg-type]
    run = Run(player, clock)

    async def consume() -> None:
        async for event in player.events():
            run.events.append(event)

    task = asyncio.create_task(consume())
    await clock.settle()
    try:
        yield run
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await clock.settle()
        leftover = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        assert leftover == []


async def test_plays_in_time_order_with_ties_in_file_order() -> None:
    entries = [post(50, "late"), post(10, "a"), post(10, "b"), post(5, "early")]
    async with running(make_timeline(entries), speed=600) as run:
        await run.clock.run(10)
        assert run.played() == ["early", "a", "b", "late"]


async def test_first_event_is_a_reset_at_the_start() -> None:
    async with running(make_timeline(NIGHT), paused=True) as run:
        first = run.events[0]
        assert isinstance(first, Reset)
        assert first.at == START and first.index == 0


async def test_speed_arithmetic() -> None:
    async with running(make_timeline([post(10, "x")]), speed=60) as run:
        await run.clock.run(9.9)
        assert run.played() == []
        await run.clock.run(0.1)
        assert near(run.player.at, START + timedelta(seconds=600))
        assert run.played() == ["x"]


class CountingClock(FakeClock):
    """A fake clock that counts the player's sleeps (its wakeups)."""

    def __init__(self) -> None:
        super().__init__()
        self.sleeps = 0

    async def sleep(self, seconds: float) -> None:
        self.sleeps += 1
        await super().sleep(seconds)


async def ticks_and_wakeups(
    speed: float, seconds: float, **options: object
) -> tuple[list[Tick], int]:
    """The ticks a player gives and the times it slept, over `seconds` of a night whose
    only entry is ten hours in."""
    clock = CountingClock()
    player = Player(make_timeline([post(600, "x")]), clock=clock, speed=speed, **options)  # type: ignore[arg-type]
    ticks: list[Tick] = []

    async def consume() -> None:
        async for event in player.events():
            if isinstance(event, Tick):
                ticks.append(event)

    task = asyncio.create_task(consume())
    await clock.settle()
    ticks.clear()  # the tick of the start
    await clock.run(seconds, step=0.01)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    return ticks, clock.sleeps


async def test_a_slow_clock_ticks_as_its_second_changes_and_sleeps_in_between() -> None:
    # Each tick as the clock's second changes (within the 10 ms steps of the fake clock).
    ticks, sleeps = await ticks_and_wakeups(1, 5.005)
    assert [t.at.replace(microsecond=0) for t in ticks] == [
        START + timedelta(seconds=s) for s in range(1, 6)
    ]
    assert all(t.at.microsecond < 20_000 for t in ticks)
    assert sleeps <= 6  # once per tick, not every 10 ms of the clock it was driven by
    ticks, _ = await ticks_and_wakeups(2, 2.505)
    assert [t.at.replace(microsecond=0) for t in ticks] == [
        START + timedelta(seconds=s) for s in range(1, 6)
    ]


async def test_a_fast_clock_ticks_every_tick_seconds() -> None:
    ticks, sleeps = await ticks_and_wakeups(60, 2.005, tick_seconds=0.25)
    assert len(ticks) == 8
    assert sleeps <= 9
    gaps = [(b.at - a.at).total_seconds() for a, b in zip(ticks, ticks[1:], strict=False)]
    assert all(abs(gap - 15) < 0.7 for gap in gaps)  # steady: 0.25 s at 60x (10 ms steps)
    ticks, _ = await ticks_and_wakeups(60, 1.005)  # the default: every 100 ms
    assert 9 <= len(ticks) <= 10


async def test_pause_holds_the_clock_and_emits_nothing() -> None:
    async with running(make_timeline(NIGHT), speed=60) as run:
        await run.clock.run(20)
        run.player.pause()
        await run.clock.settle()
        held, count = run.player.at, len(run.played())
        await run.clock.run(600)
        assert run.player.at == held
        assert len(run.played()) == count
        assert run.player.playing is False
        run.player.resume()
        await run.clock.run(10)
        assert near(run.player.at, held + timedelta(seconds=600))


async def test_speed_change_takes_effect_without_a_jump() -> None:
    async with running(make_timeline([post(600, "x")]), speed=60) as run:
        await run.clock.run(5)
        assert near(run.player.at, START + timedelta(seconds=300))
        run.player.set_speed(6)
        await run.clock.run(5)
        assert near(run.player.at, START + timedelta(seconds=330))


async def test_seek_back_and_forward_mid_play_matches_the_timeline() -> None:
    timeline = make_timeline(NIGHT)
    async with running(timeline, speed=600) as run:
        await run.clock.run(15)  # 150 minutes in
        assert run.player.state.declared == 2
        back = START + timedelta(minutes=45)
        run.player.seek(back)
        await run.clock.settle()
        reset = run.events[-2] if isinstance(run.events[-1], Tick) else run.events[-1]
        assert isinstance(reset, Reset)
        assert reset.state == timeline.seek(back)
        assert all(e.at <= back for e in reset.recent)
        assert run.player.state.declared == 0
        ahead = START + timedelta(minutes=200)
        run.player.seek(ahead)
        await run.clock.settle()
        assert run.player.state == timeline.seek(ahead)


async def test_a_jump_taken_at_once_is_not_played_again_and_counts_jumps() -> None:
    """take_pending gives a UI the Reset a seek queued (and its Tick) at once; the player
    goes on from there without yielding them, and what it plays after carries the new
    jump count, so what was played before the jump can be told apart."""
    timeline = make_timeline(NIGHT)
    async with running(timeline, speed=600) as run:
        await run.clock.run(3)  # 30 minutes in: the marker and two posts played
        before = [e for e in run.of(Played) if isinstance(e, Played)]
        jumps = run.player.jumps
        assert before and {e.jump for e in before} == {jumps}
        run.player.seek(START + timedelta(minutes=50))
        taken = run.player.take_pending()
        assert [type(e) for e in taken] == [Reset, Tick]
        reset = taken[0]
        assert isinstance(reset, Reset) and reset.jump == jumps + 1 == run.player.jumps
        assert reset.state == timeline.seek(START + timedelta(minutes=50))
        count = len(run.events)
        await run.clock.run(2)  # on past the first result (60 minutes)
        later = run.events[count:]
        assert not any(isinstance(e, Reset) for e in later)
        played = [e for e in later if isinstance(e, Played)]
        assert played and all(e.jump == reset.jump for e in played)
        assert played[0].index == reset.index + 1


async def test_step_at_both_ends() -> None:
    timeline = make_timeline(NIGHT)
    async with running(timeline, speed=60) as run:
        run.player.step(-1)
        await run.clock.settle()
        assert run.player.index == 0 and not run.player.playing
        run.player.step(1)
        assert run.player.index == 1
        assert run.player.state == timeline.state_at_index(1)
        run.player.to_end()
        run.player.step(1)
        assert run.player.index == len(timeline)
        run.player.step(-1)
        assert run.player.index == len(timeline) - 1
        assert run.player.state == timeline.state_at_index(len(timeline) - 1)


async def test_marker_and_declaration_jumps() -> None:
    timeline = make_timeline(NIGHT)
    async with running(timeline, paused=True) as run:
        player = run.player
        player.next_marker()  # the polls-close marker sits at the start
        assert player.at == START
        player.next_marker()
        assert player.at == START + timedelta(minutes=60)
        assert isinstance(timeline.entries[player.index - 1], Marker)
        player.next_marker()
        assert player.at == START + timedelta(minutes=180)
        player.next_marker()  # none left: stays
        assert player.at == START + timedelta(minutes=180)
        player.previous_marker()
        assert player.at == START + timedelta(minutes=60)
        player.next_declaration()
        assert player.at == START + timedelta(minutes=120)
        assert isinstance(timeline.entries[player.index - 1], Result)
        player.previous_declaration()
        assert player.at == START + timedelta(minutes=60)
        player.previous_declaration()
        assert player.at == START + timedelta(minutes=60)


async def test_idle_compression_shows_true_feed_time() -> None:
    entries = [post(10, "before the lull"), post(10 + 180, "after the lull")]
    async with running(make_timeline(entries), speed=60, idle_limit=60) as run:
        await run.clock.run(1.01)  # the first 10-minute gap plays as 60 s: 1 s wall
        assert run.played() == ["before the lull"]
        await run.clock.run(0.49)  # half way through the 3-hour lull
        assert near(run.player.at, START + timedelta(minutes=10 + 90))
        await run.clock.run(0.52)
        assert run.played() == ["before the lull", "after the lull"]
        assert near(run.player.at, START + timedelta(minutes=190))


async def test_without_idle_limit_the_lull_takes_its_time() -> None:
    entries = [post(10, "a"), post(190, "b")]
    async with running(make_timeline(entries), speed=60) as run:
        await run.clock.run(60)
        assert run.played() == ["a"]


async def test_end_without_loop_finishes_and_pauses() -> None:
    async with running(make_timeline(NIGHT), speed=float("inf")) as run:
        await run.clock.settle(50)
        assert len(run.played()) == len(NIGHT)
        assert len(run.of(Finished)) == 1
        assert not run.player.playing
        run.player.resume()  # play again from the start
        await run.clock.settle(50)
        assert len(run.played()) == 2 * len(NIGHT)


async def test_loop_restarts_after_a_pause() -> None:
    async with running(make_timeline(NIGHT), speed=600, loop=True, loop_pause=5) as run:
        await run.clock.run(25)  # 250 minutes: the whole night
        assert len(run.of(Finished)) == 1
        before = len(run.of(Reset))
        await run.clock.run(5.5)
        resets = run.of(Reset)
        assert len(resets) == before + 1
        last = resets[-1]
        assert isinstance(last, Reset) and last.index == 0
        assert run.player.playing
        await run.clock.run(1)
        assert run.played()[len(NIGHT) :] == run.played()[:1]


async def test_quitting_while_waiting_to_loop_leaves_nothing_pending() -> None:
    async with running(make_timeline(NIGHT), speed=600, loop=True, loop_pause=5) as run:
        await run.clock.run(25)
        assert run.of(Finished)


async def test_max_speed_lets_the_event_loop_breathe() -> None:
    entries = [post(i / 100, f"p{i}") for i in range(3000)]
    timeline = make_timeline(entries)
    clock = FakeClock()
    player = Player(timeline, clock=clock, speed=float("inf"))
    other_ran = 0

    async def other() -> None:
        nonlocal other_ran
        while True:
            other_ran += 1
            await asyncio.sleep(0)

    async def consume() -> None:
        async for event in player.events():
            if isinstance(event, Played):
                clock.advance(0.001)  # each entry costs a millisecond of wall time
            if isinstance(event, Finished):
                return

    side = asyncio.create_task(other())
    await consume()
    side.cancel()
    with pytest.raises(asyncio.CancelledError):
        await side
    assert other_ran >= 100


def test_parse_speed() -> None:
    assert parse_speed("60") == 60
    assert parse_speed("0.5x") == 0.5
    assert parse_speed("max") == float("inf")
    for bad in ("0", "fast", "20000", "-1"):
        with pytest.raises(ValueError):
            parse_speed(bad)


CONTROLS = st.lists(
    st.one_of(
        st.tuples(st.just("run"), st.floats(0.05, 5)),
        st.tuples(st.just("seek"), st.floats(-10, 300)),
        st.tuples(st.sampled_from(["step+", "step-"]), st.just(0.0)),
        st.tuples(
            st.sampled_from(
                [
                    "pause",
                    "resume",
                    "faster",
                    "slower",
                    "next_marker",
                    "previous_marker",
                    "next_declaration",
                    "previous_declaration",
                    "to_start",
                    "to_end",
                ]
            ),
            st.just(0.0),
        ),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(controls=CONTROLS)
def test_any_interleaving_of_controls_matches_the_fold(
    controls: list[tuple[str, float]],
) -> None:
    """Whatever is pressed, the state is the fold of the entries played, up to the clock."""
    timeline = make_timeline(NIGHT)

    async def scenario() -> None:
        async with running(timeline, speed=60, idle_limit=120) as run:
            player = run.player
            for name, value in controls:
                if name == "run":
                    await run.clock.run(value, step=0.25)
                elif name == "seek":
                    player.seek(START + timedelta(minutes=value))
                elif name in ("step+", "step-"):
                    player.step(1 if name == "step+" else -1)
                else:
                    getattr(player, name)()
                await run.clock.settle()
            folded = timeline.baseline
            for entry in timeline.entries[: player.index]:
                folded = apply(folded, entry)
            assert player.state == folded
            clock = player.at.timestamp()
            assert all(t <= clock for t in timeline.times[: player.index])
            assert all(t >= clock for t in timeline.times[player.index :])
            played = [e for e in run.events if isinstance(e, Played)]
            for event in played:
                assert event.state == timeline.state_at_index(event.index)

    asyncio.run(scenario())


async def test_a_busy_event_loop_does_not_slow_the_feed_clock() -> None:
    """Late wake-ups (0.5 s apart) still move the clock by speed x wall time."""
    entries = [post(i / 60, f"p{i}") for i in range(3000)]  # one entry per feed second
    async with running(make_timeline(entries), speed=100) as run:
        await run.clock.run(10, step=0.5)
        fed = (run.player.at - START).total_seconds()
        assert fed == pytest.approx(1000, abs=1)
        assert len(run.played()) == pytest.approx(1000, abs=2)
