"""Helpers for the UI tests: name a moment, let the app catch up with the fake clock."""

from __future__ import annotations

import html
import re
from datetime import datetime

from textual.app import App
from textual.pilot import Pilot

from elextui.clock import FakeClock
from elextui.timeline import Timeline
from elextui.timeparse import parse_time


def moment(timeline: Timeline, text: str) -> datetime:
    """A TIME on the timeline's night."""
    return parse_time(text, timeline.start, timeline.end, timeline.feed.election.timezone)


async def catch_up(pilot: Pilot[None], clock: FakeClock | None = None, seconds: float = 0) -> None:
    """Move the fake clock, then let the player, the messages and one frame go through."""
    if clock is not None:
        if seconds:
            await clock.run(seconds)
        await clock.settle()
    await pilot.pause(0.08)


def screen_text(app: App[None]) -> str:
    """The text of the current screen, from the SVG screenshot with its tags removed."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")
