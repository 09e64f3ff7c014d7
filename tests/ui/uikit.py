"""Helpers for the UI tests: name a moment, let the app catch up with the fake clock."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual.app import App
from textual.pilot import Pilot

from elextui.clock import FakeClock
from elextui.timeline import Timeline
from elextui.timeparse import parse_time
from elextui.ui.screens.board import Frame


def moment(timeline: Timeline, text: str) -> datetime:
    """A TIME on the timeline's night."""
    return parse_time(text, timeline.start, timeline.end, timeline.feed.election.timezone)


async def catch_up(pilot: Pilot[None], clock: FakeClock | None = None, seconds: float = 0) -> None:
    """Move the fake clock, then let the player, the messages and one frame go through."""
    if clock is not None:
        if seconds:
            player = getattr(pilot.app, "player", None)
            for _ in range(200):  # bounded: the player worker starts within a few frames
                if player is None or player.started:
                    break
                await pilot.pause(0.01)
            assert player is None or player.started, "the player worker never started"
            await clock.run(seconds)
        await clock.settle()
    await pilot.pause(0.08)
    for _ in range(1000):  # bounded: under load a throttled redraw can still be due
        if not getattr(pilot.app, "draw_pending", False):
            break
        await pilot.pause(0.02)


_TEXT = re.compile(
    r'<text[^>]*? x="([\d.]+)" y="([\d.]+)" textLength="([\d.]+)"[^>]*>([^<]*)</text>'
)
"""One run of text in a Textual SVG screenshot: x, y, width in pixels, and the text."""


def screen_text(app: App[None]) -> str:
    """The current screen as lines of text, rebuilt from the SVG screenshot's text runs."""
    rows: dict[float, dict[int, str]] = {}
    cell = 0.0
    for x, y, length, raw in _TEXT.findall(app.export_screenshot()):
        text = html.unescape(raw).replace("\xa0", " ")
        if text and not cell:
            cell = float(length) / len(text)
        if text:
            rows.setdefault(float(y), {})[round(float(x) / cell)] = text
    lines = []
    for y in sorted(rows):
        line = ""
        for column, text in sorted(rows[y].items()):
            line = line.ljust(column) + text
        lines.append(line)
    return "\n".join(lines)


async def until(pilot: Pilot[None], condition: Callable[[], object], what: str) -> None:
    """Let the app run until `condition()` is true (bounded: fails with `what` otherwise).

    The bound (about a minute) only turns a hang into a failure: a passing condition returns
    at once, and a starved machine can take many seconds to get there.
    """
    for _ in range(3000):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never happened: {what}")


async def settled(pilot: Pilot[Any]) -> None:
    """Wait until the board is drawn and two screenshots in a row are the same.

    Layout settles over a few frames (the scoreboard grows, the ticker shrinks and
    scrolls): a fixed sleep raced it under load; this waits for the screen to be still.
    """
    app = pilot.app
    await until(
        pilot,
        lambda: getattr(app, "frames", 1) > 0 and not getattr(app, "draw_pending", False),
        "the first frame",
    )
    previous = None
    for _ in range(100):
        await pilot.pause(0.05)
        shot = app.export_screenshot()
        if shot == previous:
            return
        previous = shot
    raise AssertionError("the screen never stopped changing")


def recorded_frames(app: Any) -> list[Frame]:
    """Every Frame the app hands its board screen from now on (each still shown as usual)."""
    frames: list[Frame] = []
    show = app.main.show

    def recorded(frame: Frame) -> None:
        frames.append(frame)
        show(frame)

    app.main.show = recorded
    return frames
