"""Screenshots of the real app at a moment: for `elextui screenshot` and the README images."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from elextui.clock import FakeClock
from elextui.timeline import Timeline
from elextui.ui.app import ElextuiApp, make_app

FIRST_FRAME_SECONDS = 5.0
"""How long to wait for the board's first frame before giving up."""


def save_screenshot(
    timeline: Timeline,
    at: datetime,
    path: str,
    size: tuple[int, int] = (160, 48),
    *,
    council: str | None = None,
    press: Sequence[str] = (),
) -> None:
    """Write an SVG of the app paused at `at`, optionally with a council open or keys pressed."""
    asyncio.run(_capture(timeline, at, Path(path), size, council, press))


async def _capture(
    timeline: Timeline,
    at: datetime,
    path: Path,
    size: tuple[int, int],
    council: str | None,
    press: Sequence[str],
) -> None:
    app: ElextuiApp = make_app(timeline, paused=True, clock=FakeClock(), start=at)
    async with app.run_test(size=size) as pilot:
        waited = 0.0
        while app.frames == 0 and waited < FIRST_FRAME_SECONDS:
            await pilot.pause(0.02)
            waited += 0.02
        if council is not None:
            app.open_council(council)
        if press:
            await pilot.press(*press)
        await pilot.pause(0.1)
        path.parent.mkdir(parents=True, exist_ok=True)
        app.save_screenshot(filename=path.name, path=str(path.parent))
