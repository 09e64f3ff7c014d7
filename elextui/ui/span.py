"""Where moments fall on the night: the scrub bar's span and fractions of the night."""

from __future__ import annotations

from array import array
from datetime import datetime

from elextui import describe
from elextui.timeline import Timeline
from elextui.ui.widgets.scrub_bar import HourTick, NightSpan


def night_span(timeline: Timeline, timezone: str, days: bool) -> NightSpan:
    """The scrub bar's fixed parts for `timeline`: end labels (with weekdays when the
    night spans `days`), hour ticks, and where declarations and markers fall."""
    start, end = timeline.start, timeline.end  # read once: each is a property over the entries
    first, length = start.timestamp(), end.timestamp() - start.timestamp()
    times = timeline.times
    if length <= 0:  # every entry at one instant: at the end, as `fraction` puts them
        first, length = first - 1.0, 1.0
    declarations = array("d", [(times[i] - first) / length for i in timeline.declarations])
    markers = [(times[i] - first) / length for i in timeline.markers]
    ticks = [
        HourTick(
            (hour.timestamp() - first) / length,
            hour.hour,
            f"{hour:%H:%M}",
            f"{hour:%a}" if days and hour.hour == 0 else None,
        )
        for hour in describe.whole_hours(start, end, timezone)
    ]
    return NightSpan(
        describe.clock(start, timezone, day=days),
        describe.clock(end, timezone, day=days),
        declarations,
        markers,
        ticks,
        short_start=f"{describe.local(start, timezone):%a}"
        if days
        else describe.clock(start, timezone),
    )


def fraction(timeline: Timeline, moment: datetime | float) -> float:
    """Where `moment` falls in the night, from 0 (start) to 1 (end)."""
    value = moment if isinstance(moment, float) else moment.timestamp()
    start, end = timeline.start.timestamp(), timeline.end.timestamp()
    return (value - start) / (end - start) if end > start else 1.0


def moment_at(timeline: Timeline, position: float) -> datetime:
    """The moment at `position` (0 = start, 1 = end) of the night."""
    return timeline.start + (timeline.end - timeline.start) * position


def first_declaration(timeline: Timeline, timezone: str, days: bool) -> str | None:
    """The clock of the night's first declaration (None: no declaration)."""
    if not timeline.declarations:
        return None
    entry = timeline.entries[timeline.declarations[0]]
    return describe.clock(entry.at, timezone, entry.estimated, day=days)
