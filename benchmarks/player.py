"""Benchmark the player in real time: entries delivered per second and event-loop lag.

    python benchmarks/player.py --entries 1000000 --speed 10000 --seconds 10

Plays a synthetic feed with the real clock for a fixed wall time while a probe task
asks to sleep 10 ms over and over; the probe's overshoot is the event-loop lag a UI
would feel. Prints a table, then one JSON object as the last line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from contextlib import aclosing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write_feed  # noqa: E402

from elextui.feed import load_feed  # noqa: E402
from elextui.player import Played, Player, parse_speed  # noqa: E402
from elextui.timeline import Timeline  # noqa: E402

PROBE_SECONDS = 0.01


async def play(timeline: Timeline, speed: float, seconds: float) -> dict[str, float]:
    """Play for `seconds` of wall time; count entries and measure the probe's lag."""
    player = Player(timeline, speed=speed)
    lags: list[float] = []
    played = 0

    async def probe() -> None:
        loop = asyncio.get_running_loop()
        while True:
            asked = loop.time()
            await asyncio.sleep(PROBE_SECONDS)
            lags.append(loop.time() - asked - PROBE_SECONDS)

    async def consume() -> None:
        nonlocal played
        async with aclosing(player.events()) as events:
            async for event in events:
                if isinstance(event, Played):
                    played += 1

    start_feed = player.at
    probe_task = asyncio.create_task(probe())
    consumer = asyncio.create_task(consume())
    started = time.perf_counter()
    await asyncio.sleep(seconds)
    elapsed = time.perf_counter() - started
    feed_seconds = (player.at - start_feed).total_seconds()
    for task in (consumer, probe_task):
        task.cancel()
    await asyncio.gather(consumer, probe_task, return_exceptions=True)
    lags.sort()
    return {
        "entries_per_s": played / elapsed,
        "effective_speed": feed_seconds / elapsed,
        "lag_median_ms": statistics.median(lags) * 1000,
        "lag_p99_ms": lags[int(len(lags) * 0.99)] * 1000,
        "lag_max_ms": lags[-1] * 1000,
    }


def main() -> None:
    """Generate a feed, load it, play it, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--speed", default="10000")
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    speed = parse_speed(args.speed)
    with tempfile.TemporaryDirectory() as folder:
        path = write_feed(Path(folder) / "feed.jsonl", args.entries)
        timeline = Timeline(load_feed(path))
    span = (timeline.end - timeline.start).total_seconds()
    figures = asyncio.run(play(timeline, speed, args.seconds))
    print(f"feed: {len(timeline):,} entries over {span / 3600:.1f} h of feed time")
    played = figures["effective_speed"]
    print(f"speed asked {args.speed}, played {played:,.0f}x for {args.seconds:g} s")
    print(f"entries delivered per second  {figures['entries_per_s']:>12,.0f}")
    print(f"event-loop lag median         {figures['lag_median_ms']:>12.2f} ms")
    print(f"event-loop lag p99            {figures['lag_p99_ms']:>12.2f} ms")
    print(f"event-loop lag max            {figures['lag_max_ms']:>12.2f} ms")
    summary = {"entries": len(timeline), "speed": args.speed, **figures}
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in summary.items()}))


if __name__ == "__main__":
    main()
