"""Write the README screenshots of the real app: screenshots/*.svg and .png (rsvg-convert)."""

from __future__ import annotations

import sys
from pathlib import Path

from elextui.feed import load_feed, resolve_feed
from elextui.timeline import Timeline
from elextui.timeparse import parse_time
from elextui.ui.screenshot import png_tool, save_screenshot, svg_to_png

OUT = Path(__file__).resolve().parent.parent / "screenshots"

SHOTS: list[tuple[str, str, tuple[int, int], dict[str, object]]] = [
    ("main-0330-160x48", "03:30", (160, 48), {}),
    ("main-end-160x48", "end", (160, 48), {}),
    ("main-call-160x48", "2018-05-04T23:25:00+01:00", (160, 48), {}),
    ("main-0330-80x24", "03:30", (80, 24), {}),
    ("detail-plymouth-160x48", "03:30", (160, 48), {"council": "plymouth"}),
    ("help-160x48", "03:30", (160, 48), {"press": ["question_mark"]}),
    ("map-0330-160x48", "03:30", (160, 48), {"view": "map"}),
    ("map-0330-80x24", "03:30", (80, 24), {"view": "map"}),
]
"""(file stem, TIME on the 2018 night, terminal size, extra options)."""


def main() -> int:
    """Write every shot; PNGs only when rsvg-convert is installed."""
    timeline = Timeline(load_feed(resolve_feed("england-locals-2018")))
    tz = timeline.feed.election.timezone
    convert = png_tool() is not None
    if not convert:
        print(
            "rsvg-convert not found (apt install librsvg2-bin): writing SVG only", file=sys.stderr
        )
    for stem, when, size, options in SHOTS:
        at = parse_time(when, timeline.start, timeline.end, tz)
        svg = OUT / f"{stem}.svg"
        save_screenshot(timeline, at, str(svg), size, **options)  # type: ignore[arg-type]
        print(svg.relative_to(OUT.parent))
        if convert:
            png = svg.with_suffix(".png")
            svg_to_png(svg, png)
            print(png.relative_to(OUT.parent))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
