"""Screenshots of the real app at a moment: for `elextui screenshot` and the README images."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from elextui.clock import FakeClock
from elextui.timeline import Timeline
from elextui.ui.app import ElextuiApp, make_app
from elextui.ui.screens.main import View

FIRST_FRAME_SECONDS = 5.0
"""How long to wait for the board's first frame before giving up."""
PNG_TOOL = "rsvg-convert"
"""The SVG-to-PNG converter (Debian/Ubuntu: librsvg2-bin; macOS: brew install librsvg)."""


def png_tool() -> str | None:
    """The path of the PNG converter, or None when it is not installed."""
    return shutil.which(PNG_TOOL)


def svg_to_png(svg: Path, png: Path) -> None:
    """Convert a Textual SVG screenshot; `xml:space` keeps the runs of spaces that align it."""
    tool = png_tool()
    if tool is None:
        raise RuntimeError(f"{PNG_TOOL} not found: install librsvg2-bin, or write .svg")
    text = svg.read_text(encoding="utf-8").replace("<svg ", '<svg xml:space="preserve" ', 1)
    subprocess.run([tool, "-o", str(png)], input=text.encode(), check=True)


def save_screenshot(
    timeline: Timeline,
    at: datetime,
    path: str,
    size: tuple[int, int] = (160, 48),
    *,
    council: str | None = None,
    press: Sequence[str] = (),
    view: View = "grid",
) -> None:
    """Write an SVG (or, for a `.png` path, a PNG) of the app paused at `at` in a view,
    optionally with a council open or keys pressed."""
    target = Path(path)
    if target.suffix.lower() != ".png":
        asyncio.run(_capture(timeline, at, target, size, council, press, view))
        return
    with tempfile.TemporaryDirectory() as scratch:
        svg = Path(scratch) / "screen.svg"
        asyncio.run(_capture(timeline, at, svg, size, council, press, view))
        target.parent.mkdir(parents=True, exist_ok=True)
        svg_to_png(svg, target)


async def _capture(
    timeline: Timeline,
    at: datetime,
    path: Path,
    size: tuple[int, int],
    council: str | None,
    press: Sequence[str],
    view: View,
) -> None:
    app: ElextuiApp = make_app(timeline, paused=True, clock=FakeClock(), start=at, view=view)
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
