"""What a frame redraws: a tick that only moves the clock repaints the header (and the
scrub bar when its position changes cell), nothing else, and asks for no layout."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from textual.widget import Widget
from uikit import catch_up, moment

from elextui.clock import FakeClock
from elextui.timeline import Timeline
from elextui.ui.app import make_app

SIZE = (160, 48)


@contextmanager
def counted_refreshes() -> Iterator[Counter[tuple[str, bool]]]:
    """Count `refresh()` calls by widget class and whether they asked for a layout."""
    calls: Counter[tuple[str, bool]] = Counter()
    original = Widget.refresh

    def refresh(self: Widget, *regions: Any, **options: Any) -> Any:
        calls[(type(self).__name__, bool(options.get("layout")))] += 1
        return original(self, *regions, **options)

    Widget.refresh = refresh  # type: ignore[method-assign]
    try:
        yield calls
    finally:
        Widget.refresh = original  # type: ignore[method-assign]


async def test_clock_only_ticks_repaint_only_the_header_and_scrub_bar(
    night_2018: Timeline, clock: FakeClock
) -> None:
    # 22:11-22:21 on the bundled night has no entry: ten feed minutes of clock ticks.
    app = make_app(night_2018, speed=60, clock=clock, start=moment(night_2018, "22:11"))
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock, 0.5)
        state, frames = app.state, app.frames
        with counted_refreshes() as calls:
            for _ in range(20):
                await catch_up(pilot, clock, 0.5)
        assert app.state is state  # nothing played: only the clock moved
        assert app.at >= moment(night_2018, "22:20")
        assert app.frames - frames >= 10
    widgets = {name for name, _ in calls}
    assert widgets <= {"NightHeader", "ScrubBar"}, calls
    assert calls[("NightHeader", False)] >= 10
    assert not any(layout for _, layout in calls)
