"""Benchmark the real app on a big synthetic night: first frame, redraws and CPU, key latency.

    python benchmarks/ui.py --entries 1000000

Drives `ElextuiApp` headless with Textual's Pilot (`app.run_test`, 160x48), built the way
`elextui replay FEED` builds it (speed 60x, idle limit 300 s, collector frozen after the
load). Prints a table, then one JSON object as the last line.

- `load_s`: the same feed's load alone (read, validate, timeline), in the same process.
- `first_frame_s`: from starting the load to the header's first paint (`_cpu_s`: the
  process's CPU time over the same, which other work on a shared machine does not inflate).
- `redraws_per_s_60x`, `cpu_60x`: board redraws per second and process CPU time per wall
  second (1.0 = one core) while playing at 60x from the start of the night;
  `cpu_ms_per_redraw_60x` is their quotient.
- `key_ms_p50`, `key_ms_p95`: from a key event reaching the app to the header painting its
  effect, at 10,000x (`key_cpu_ms_*`: the CPU the process spent over the same): space
  (PAUSED/PLAYING), `g` + a time + enter (the clock at that time; only the enter is
  timed), `end` (the end of the night). Per key under `keys`.
- `cpu_60x_bundled`: CPU per wall second at 60x on the bundled 2018 night.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write_feed  # noqa: E402
from textual import events  # noqa: E402

from elextui.feed import load_feed, resolve_feed  # noqa: E402
from elextui.timeline import Timeline  # noqa: E402
from elextui.ui.app import ElextuiApp, make_app  # noqa: E402
from elextui.ui.widgets.night_header import HeaderInfo  # noqa: E402

SIZE = (160, 48)
IDLE_LIMIT = 300.0  # `elextui replay`'s default
TIMEOUT = 60.0  # generous: on a saturated shared machine a key can wait seconds for the CPU
Painted = list[tuple[float, float, HeaderInfo | None]]
"""Each paint of the header: wall time, process CPU time, what it showed."""


def watch_header(app: ElextuiApp) -> Painted:
    """Record (wall time, CPU time, info) each time the header paints."""
    header = app.main.header
    painted: Painted = []
    render_line = header.render_line

    def recorded(y: int) -> Any:
        painted.append((time.perf_counter(), time.process_time(), header.info))
        return render_line(y)

    header.render_line = recorded  # type: ignore[method-assign]
    return painted


CPU_SPENT: list[float] = []
"""Process CPU seconds from each timed key to its paint (what the app would need alone)."""


async def until_painted(
    painted: Painted,
    since: float,
    test: Callable[[HeaderInfo], bool],
    timeout: float = TIMEOUT,
    cpu_since: float | None = None,
) -> float:
    """Seconds from `since` to the first paint after it whose header passes `test`."""
    deadline = time.perf_counter() + timeout
    seen = 0
    while time.perf_counter() < deadline:
        for at, cpu_at, info in painted[seen:]:
            if at >= since and info is not None and test(info):
                if cpu_since is not None:
                    CPU_SPENT.append(cpu_at - cpu_since)
                return at - since
        seen = len(painted)
        await asyncio.sleep(0.001)
    raise TimeoutError("the header never showed what was awaited")


def send_key(app: ElextuiApp, key: str, char: str | None = None) -> float:
    """Post a key event to the app as the terminal driver would; the time it was sent."""
    sent = time.perf_counter()
    app.post_message(events.Key(key, char))
    return sent


async def cpu_and_frames(app: ElextuiApp, seconds: float) -> tuple[float, float]:
    """CPU seconds per wall second and redraws per second over `seconds` of play."""
    frames, cpu, wall = app.frames, time.process_time(), time.perf_counter()
    await asyncio.sleep(seconds)
    wall = time.perf_counter() - wall
    return (time.process_time() - cpu) / wall, (app.frames - frames) / wall


async def keys(app: ElextuiApp, painted: Painted, repeats: int) -> dict[str, list[float]]:
    """Key-to-paint seconds for space, g + time + enter and end at 10,000x."""
    timeline = app.timeline
    app.player.set_speed(10000)
    out: dict[str, list[float]] = {"space": [], "g": [], "end": []}
    for _ in range(repeats * 2):  # pause, resume, pause, ...
        playing = app.player.playing
        cpu = time.process_time()
        sent = send_key(app, "space", " ")
        out["space"].append(
            await until_painted(
                painted, sent, lambda h, was=playing: h.playing != was, cpu_since=cpu
            )
        )
        await asyncio.sleep(0.05)
    if not app.player.playing:
        app.player.resume()
    span = timeline.end - timeline.start
    for i in range(repeats):
        app.player.to_start()
        await asyncio.sleep(0.05)
        end = timeline.end
        cpu = time.process_time()
        sent = send_key(app, "end")
        out["end"].append(
            await until_painted(painted, sent, lambda h, end=end: h.at >= end, cpu_since=cpu)
        )
        app.player.to_start()
        await asyncio.sleep(0.05)
        target = timeline.start + span * (0.3 + 0.4 * i / max(1, repeats))
        send_key(app, "g", "g")
        for _ in range(500):  # the go-to screen is up and its field has the keys
            if type(app.screen).__name__ == "GoToTimeScreen" and app.focused is not None:
                break
            await asyncio.sleep(0.01)
        wanted = target.astimezone(ZoneInfo(app.timezone)).replace(second=0, microsecond=0)
        for char in f"{wanted:%H:%M}":
            send_key(app, char if char.isdigit() else "colon", char)
        await asyncio.sleep(0.1)
        cpu = time.process_time()
        sent = send_key(app, "enter", "\r")
        out["g"].append(
            await until_painted(
                painted,
                sent,
                lambda h, t=wanted: t <= h.at <= t + timedelta(hours=2),
                cpu_since=cpu,
            )
        )
    return out


def load(path: Path) -> Timeline:
    """What `elextui replay` does before the UI: read, validate, build the timeline."""
    return Timeline(load_feed(path))


async def run_app(
    path: Path, *, freeze: bool, play_seconds: float, repeats: int, key_test: bool
) -> dict[str, Any]:
    """Load, start the app, measure the first frame, 60x play and (optionally) keys."""
    started, cpu_started = time.perf_counter(), time.process_time()
    timeline = load(path)
    app = make_app(timeline, speed=60.0, idle_limit=IDLE_LIMIT)
    if freeze:
        gc.freeze()
    painted = watch_header(app)
    figures: dict[str, Any] = {}
    async with app.run_test(size=SIZE):
        await until_painted(painted, started, lambda h: True, timeout=600)
        figures["first_frame_s"] = painted[0][0] - started
        figures["first_frame_cpu_s"] = painted[0][1] - cpu_started
        # Checkpoints are built between frames after the first one (where the code does so):
        # wait for them, so that the figures below are of the steady state.
        while not getattr(app.timeline, "checkpoints_built", True):
            await asyncio.sleep(0.01)
        figures["checkpoints_built_s"] = time.perf_counter() - started
        await asyncio.sleep(1.0)  # settle: the first redraws after mount
        cpu, redraws = await cpu_and_frames(app, play_seconds)
        figures["cpu_60x"], figures["redraws_per_s_60x"] = cpu, redraws
        figures["cpu_ms_per_redraw_60x"] = 1000 * cpu / redraws if redraws else 0.0
        if key_test:
            figures["keys"] = await keys(app, painted, repeats)
    if freeze:
        gc.unfreeze()
    return figures


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    """Generate (or take) a feed, measure, print the table and the JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--feed", type=Path, help="measure this feed instead of generating one")
    parser.add_argument("--seconds", type=float, default=5.0, help="wall seconds of 60x play")
    parser.add_argument("--repeats", type=int, default=5, help="presses of each key to time")
    parser.add_argument(
        "--no-freeze",
        action="store_true",
        help="do not gc.freeze() after the load (how `elextui replay` ran before it did)",
    )
    parser.add_argument(
        "--night-only", action="store_true", help="only the bundled night's CPU at 60x"
    )
    args = parser.parse_args()
    freeze = not args.no_freeze
    if args.night_only:
        night = asyncio.run(
            run_app(
                resolve_feed(None),
                freeze=freeze,
                play_seconds=args.seconds,
                repeats=0,
                key_test=False,
            )
        )
        print(f"bundled 2018 night, 60x: CPU {night['cpu_60x']:.1%} of a core  (target <= 3%)")
        summary = {"cpu_60x_bundled": round(night["cpu_60x"], 4)}
        summary["redraws_per_s_60x_bundled"] = round(night["redraws_per_s_60x"], 1)
        print(json.dumps(summary))
        return
    with tempfile.TemporaryDirectory(prefix="elextui-ui-bench-") as tmp:
        path = args.feed or write_feed(Path(tmp) / "feed.jsonl", args.entries, args.seed)
        gc.collect()
        started, cpu_started = time.perf_counter(), time.process_time()
        timeline = load(path)
        load_s = time.perf_counter() - started
        load_cpu_s = time.process_time() - cpu_started
        entries = len(timeline)
        del timeline
        gc.collect()
        big = asyncio.run(
            run_app(
                path, freeze=freeze, play_seconds=args.seconds, repeats=args.repeats, key_test=True
            )
        )
    gc.collect()
    night = asyncio.run(
        run_app(
            resolve_feed(None),
            freeze=freeze,
            play_seconds=args.seconds * 2,
            repeats=0,
            key_test=False,
        )
    )
    presses = big.pop("keys")
    every = [t for times in presses.values() for t in times]
    figures = {
        "entries": entries,
        "load_s": round(load_s, 3),
        "first_frame_s": round(big["first_frame_s"], 3),
        "first_frame_vs_load": round(big["first_frame_s"] / load_s, 3),
        "load_cpu_s": round(load_cpu_s, 3),
        "first_frame_cpu_s": round(big["first_frame_cpu_s"], 3),
        "first_frame_vs_load_cpu": round(big["first_frame_cpu_s"] / load_cpu_s, 3),
        "checkpoints_built_s": round(big["checkpoints_built_s"], 3),
        "redraws_per_s_60x": round(big["redraws_per_s_60x"], 1),
        "cpu_60x": round(big["cpu_60x"], 3),
        "cpu_ms_per_redraw_60x": round(big["cpu_ms_per_redraw_60x"], 2),
        "key_ms_p50": round(statistics.median(every) * 1000, 1),
        "key_ms_p95": round(percentile(every, 0.95) * 1000, 1),
        "key_cpu_ms_p50": round(statistics.median(CPU_SPENT) * 1000, 1),
        "key_cpu_ms_p95": round(percentile(CPU_SPENT, 0.95) * 1000, 1),
        "keys": {
            key: {
                "p50": round(statistics.median(times) * 1000, 1),
                "p95": round(percentile(times, 0.95) * 1000, 1),
                "max": round(max(times) * 1000, 1),
            }
            for key, times in presses.items()
        },
        "cpu_60x_bundled": round(night["cpu_60x"], 3),
        "redraws_per_s_60x_bundled": round(night["redraws_per_s_60x"], 1),
    }
    rows = [
        ("feed", f"{entries:,} entries"),
        ("load alone", f"{load_s:.2f} s"),
        (
            "first frame",
            f"{big['first_frame_s']:.2f} s = {figures['first_frame_vs_load']:.2f}x the load"
            "  (target <= 1.3x)",
        ),
        (
            "  in CPU time",
            f"{big['first_frame_cpu_s']:.2f} s = {figures['first_frame_vs_load_cpu']:.2f}x"
            f" the load's {load_cpu_s:.2f} s",
        ),
        ("checkpoints all built", f"{big['checkpoints_built_s']:.2f} s after the load began"),
        ("60x: redraws", f"{big['redraws_per_s_60x']:.1f}/s  (target >= 20)"),
        ("60x: CPU", f"{big['cpu_60x']:.0%} of a core  (target <= 50%)"),
        ("60x: CPU per redraw", f"{big['cpu_ms_per_redraw_60x']:.1f} ms"),
        ("keys at 10,000x: p50 / p95", f"{figures['key_ms_p50']} / {figures['key_ms_p95']} ms"),
        (
            "  CPU spent per key: p50 / p95",
            f"{figures['key_cpu_ms_p50']} / {figures['key_cpu_ms_p95']} ms",
        ),
        *[
            (f"  {key}: p50 / p95 / max", f"{v['p50']} / {v['p95']} / {v['max']} ms")
            for key, v in figures["keys"].items()
        ],
        ("bundled 2018 night, 60x: CPU", f"{night['cpu_60x']:.1%} of a core  (target <= 3%)"),
        ("bundled 2018 night, 60x: redraws", f"{night['redraws_per_s_60x']:.1f}/s"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
