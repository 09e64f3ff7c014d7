"""Speed steps: max is the top of the ladder, a speed to step down from (when paced), and
idle compression says when it plays faster than the speed. Fake clock, no real sleeping."""

from __future__ import annotations

import math
from datetime import timedelta

from test_player import NIGHT, START, make_timeline, near, post, running

from elextui.player import SPEEDS, TOP_SPEED, Finished, Tick

PACE = 0.01
"""The board's MAX_GAP_SECONDS."""


async def test_plus_climbs_to_max_and_minus_comes_back_down_the_same_steps() -> None:
    async with running(make_timeline(NIGHT), speed=0.1, paused=True, max_gap=PACE) as run:
        player = run.player
        climbed = [player.speed]
        for _ in range(len(SPEEDS) + 2):  # two presses past the top change nothing
            player.faster()
            climbed.append(player.speed)
        assert climbed[: len(SPEEDS)] == list(SPEEDS)
        assert climbed[-3:] == [math.inf] * 3
        came_back = [player.speed]
        for _ in range(len(SPEEDS) + 1):
            player.slower()
            came_back.append(player.speed)
        assert came_back[: len(SPEEDS)] == list(reversed(SPEEDS))
        assert came_back[-1] == SPEEDS[0]


async def test_paced_max_plays_through_the_night_and_minus_carries_on_from_there() -> None:
    # NIGHT's gaps are 30-60 minutes: at max each takes PACE wall seconds, not no time
    async with running(make_timeline(NIGHT), speed=math.inf, max_gap=PACE) as run:
        await run.clock.run(0.015, step=0.001)
        played = len(run.played())
        assert 0 < played < len(NIGHT)
        assert run.of(Finished) == [] and run.player.playing
        run.player.slower()
        assert run.player.speed == TOP_SPEED
        held = run.player.at
        await run.clock.run(0.09, step=0.01)  # 900 feed seconds at 10,000x
        assert near(run.player.at, held + timedelta(seconds=900))
        assert run.of(Finished) == []


async def test_paced_max_reaches_the_end_in_pace_per_gap_and_keeps_its_speed() -> None:
    timeline = make_timeline(NIGHT)
    gaps = len(set(timeline.times)) + 1  # start -> first time, ..., last -> end
    async with running(timeline, speed=math.inf, max_gap=PACE) as run:
        await run.clock.run(gaps * PACE + 0.01, step=0.001)
        assert len(run.played()) == len(NIGHT)
        assert len(run.of(Finished)) == 1
        assert run.player.speed == math.inf  # still max: `-` steps down from it
        run.player.slower()
        assert run.player.speed == TOP_SPEED


async def test_paced_max_is_never_slower_than_the_top_speed() -> None:
    # one entry a feed second: 10,000x crosses these gaps far faster than PACE
    entries = [post(i / 60, f"p{i}") for i in range(1, 20_001)]
    async with running(make_timeline(entries), speed=math.inf, max_gap=PACE) as run:
        await run.clock.run(1.0, step=0.05)
        assert run.player.at >= START + timedelta(seconds=TOP_SPEED * 0.95)
        assert len(run.played()) >= 9_500


async def test_unpaced_max_still_plays_everything_at_once() -> None:
    async with running(make_timeline(NIGHT), speed=math.inf) as run:
        await run.clock.settle(50)
        assert len(run.played()) == len(NIGHT)
        assert len(run.of(Finished)) == 1


async def test_ticks_say_when_idle_compression_crosses_a_quiet_spell() -> None:
    entries = [post(10, "before the lull"), post(10 + 180, "after the lull")]
    async with running(make_timeline(entries), speed=60, idle_limit=600) as run:
        await run.clock.run(5, step=0.05)  # the first 10 minutes: under the limit, at 60x
        assert run.player.quiet == 0
        assert all(t.quiet == 0 for t in run.of(Tick) if isinstance(t, Tick))
        await run.clock.run(5.2, step=0.05)  # into the 3-hour lull, played as 10 minutes (10 s)
        assert run.played() == ["before the lull"]
        assert run.player.quiet == 180 * 60
        last = run.of(Tick)[-1]
        assert isinstance(last, Tick) and last.quiet == 180 * 60
        run.player.pause()
        assert run.player.quiet == 0  # paused: nothing is being skipped
        run.player.resume()
        await run.clock.run(10.5, step=0.05)  # the rest of the lull (10 wall seconds in all)
        assert run.played() == ["before the lull", "after the lull"]
        assert run.player.quiet == 0  # the gap to the end is short again
