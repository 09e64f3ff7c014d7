"""At top speed the board redraws at most ~20 times a second; the ticker keeps the latest."""

from __future__ import annotations

import json
import math
import time
from datetime import datetime, timedelta
from pathlib import Path

from uikit import recorded_frames

from elextui.feed import load_feed
from elextui.timeline import Timeline
from elextui.ui.app import make_app
from elextui.ui.frames import BURST_ROWS, FRAME_SECONDS
from elextui.ui.widgets.ticker import HISTORY, Ticker

START = datetime.fromisoformat("2018-05-03T22:00:00+01:00")


def busy_night(path: Path, councils: int = 200, entries: int = 20_000) -> Timeline:
    """A night with `entries` posts and results spread over six hours."""
    lines: list[dict[str, object]] = [
        {
            "type": "election",
            "feed_version": 1,
            "id": "busy",
            "title": "Busy night",
            "polling_day": "2018-05-03",
            "timezone": "Europe/London",
            "starts": START.isoformat(),
            "parties": [{"code": "LAB", "name": "Labour"}, {"code": "CON", "name": "Conservative"}],
        }
    ]
    for i in range(councils):
        lines.append({"type": "council", "id": f"c{i}", "name": f"Council {i}", "seats": 10})
    for i in range(entries):
        at = (START + timedelta(seconds=i * 6 * 3600 / entries)).isoformat()
        if i % 10 == 0:
            winner, other = ("LAB", "CON") if i % 20 else ("CON", "LAB")
            composition = {winner: 6, other: 4}
            lines.append(
                {
                    "type": "result",
                    "at": at,
                    "council": f"c{i % councils}",
                    "composition": composition,
                }
            )
        else:
            lines.append({"type": "post", "at": at, "text": f"post {i}"})
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    return Timeline(load_feed(path))


async def test_max_speed_redraws_at_most_20_times_a_second(tmp_path: Path) -> None:
    timeline = busy_night(tmp_path / "busy.jsonl")
    app = make_app(timeline, speed=math.inf, paused=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.1)
        frames = app.frames
        drawn = recorded_frames(app)
        began = time.monotonic()
        await pilot.press("space")
        deadline = began + 600  # a hang guard only: a starved machine can take minutes
        while app.state.applied < len(timeline) and time.monotonic() < deadline:
            await pilot.pause(0.05)
        await pilot.pause(2 * FRAME_SECONDS)
        elapsed = time.monotonic() - began
        assert app.state.applied == len(timeline)
        assert app.frames - frames <= elapsed / FRAME_SECONDS + 3
        ticker = app.main.query_one(Ticker)
        shown = ticker.entries
        assert len(shown) <= HISTORY
        burst = min(BURST_ROWS, ticker.size.height)  # at most a screenful per frame
        assert max(len(frame.rows) for frame in drawn) <= burst
        assert shown[-burst:] == timeline.entries[-burst:]
        assert [e.at for e in shown] == sorted(e.at for e in shown)
        assert app.state == timeline.state_at_index(len(timeline))
