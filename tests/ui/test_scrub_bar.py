"""The scrub bar's scale: every day named, clock ticks that never collide, at any width."""

from __future__ import annotations

import pytest

from elextui.timeline import Timeline
from elextui.ui.app import make_app
from elextui.ui.widgets.scrub_bar import ScrubBar


def labels(timeline: Timeline, width: int) -> str:
    app = make_app(timeline, paused=True)
    bar = ScrubBar(app.main.scrub_bar.span)
    return bar.scale(width).labels.plain


@pytest.mark.parametrize("width", [40, 60, 80, 120, 160, 200, 250, 400])
def test_every_day_is_named_and_labels_fit(night_2018: Timeline, width: int) -> None:
    text = labels(night_2018, width)
    assert len(text) == width
    # 2018 runs from Thursday 22:00 to Saturday 02:00.
    assert "\u2502Fri" in text and "\u2502Sat" in text, text
    if width >= 60:  # narrower, Friday's boundary leaves no room before it
        assert text.startswith("Thu"), text


@pytest.mark.parametrize("width", [80, 160, 250])
def test_clock_ticks_are_evenly_stepped(night_2018: Timeline, width: int) -> None:
    text = labels(night_2018, width)
    ticks = [int(part[1:3]) for part in text.split() if part.startswith("\u2575")]
    assert len(ticks) >= 3, text
    steps = {(b - a) % 24 for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps - {0}) <= 2, text  # one step, plus the one across a day label


def test_a_wide_bar_names_both_ends_in_full(night_2018: Timeline) -> None:
    text = labels(night_2018, 250)
    assert text.rstrip().endswith("Sat 02:00"), text
