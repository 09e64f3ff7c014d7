"""The scrub bar: the night from start to end, its days and hours, where we are, markers
and how many councils declared when."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

SHADES = "\u2591\u2592\u2593\u2588"
"""Declaration density on the track, from few to most."""
STEPS = (1, 2, 3, 4, 6, 12)
"""Hours between labelled ticks: the smallest whose labels do not crowd is used."""
TICK_ROOM = 8
"""Cells a clock label (`04:00`) needs from one to the next."""


@dataclass(frozen=True)
class HourTick:
    """A whole hour on the night: where it falls (0..1), the clock label, and the
    weekday (`Fri`) when it is midnight of a new day."""

    fraction: float
    hour: int
    label: str
    day: str | None = None


@dataclass(frozen=True)
class NightSpan:
    """The fixed parts of the bar: end labels, the night's hours, and where declarations
    and markers fall (0..1)."""

    start_label: str
    end_label: str
    declarations: Sequence[float]
    markers: Sequence[float]
    ticks: Sequence[HourTick] = ()
    short_start: str = ""
    """A shorter start label (`Thu`) for when the long one would hide a day boundary."""


@dataclass(frozen=True)
class _Scale:
    """What the bar draws at one width, computed once per width."""

    labels: Text
    shades: list[str]
    markers: frozenset[int]


def _scale(span: NightSpan, width: int) -> _Scale:
    """Day and hour labels placed without overlap, and the density shades, at `width`."""
    taken = [False] * width
    cells: list[tuple[int, str, str]] = []

    def place(x: int, text: str, style: str) -> bool:
        if x < 0 or x + len(text) > width:
            return False
        if any(taken[max(0, x - 1) : min(width, x + len(text) + 1)]):
            return False
        for i in range(x, x + len(text)):
            taken[i] = True
        cells.append((x, text, style))
        return True

    def column(fraction: float) -> int:
        return min(width - 1, max(0, round(fraction * (width - 1))))

    # Day boundaries first: a day must always be named.
    for tick in span.ticks:
        if tick.day:
            place(column(tick.fraction), f"\u2502{tick.day}", "bold")
    # The ends: in full if there is room, else shorter.
    for text in (span.start_label, span.short_start):
        if text and place(0, text, "bold"):
            break
    for text in (span.end_label, span.end_label.split()[-1]):
        if place(width - len(text), text, "bold"):
            break
    # Clock ticks every `step` hours, the smallest step that leaves room between labels.
    hours = [t for t in span.ticks if not t.day]
    if len(span.ticks) > 1:
        per_hour = (span.ticks[-1].fraction - span.ticks[0].fraction) * width
        per_hour /= max(1, len(span.ticks) - 1)
        step = next((s for s in STEPS if s * per_hour >= TICK_ROOM), None)
        if step is not None:
            for tick in hours:
                if tick.hour % step == 0:
                    place(column(tick.fraction), f"\u2575{tick.label}", "dim")
    labels = Text(no_wrap=True, end="")
    x = 0
    for start, text, style in sorted(cells):
        labels.append(" " * (start - x))
        labels.append(text, style)
        x = start + len(text)
    labels.append(" " * (width - x))
    counts = [0] * width
    for fraction in span.declarations:
        counts[column(fraction)] += 1
    most = max(counts, default=0) or 1
    shades = [
        SHADES[min(len(SHADES) - 1, (count * len(SHADES) - 1) // most)] if count else ""
        for count in counts
    ]
    return _Scale(labels, shades, frozenset(column(f) for f in span.markers))


class ScrubBar(Widget):
    """Two lines: days and hours above a track shaded by declarations, with markers (◆)
    and the position (●)."""

    COMPONENT_CLASSES = {"scrub-bar--played", "scrub-bar--position", "scrub-bar--marker"}

    class Seek(Message):
        """The bar was clicked at a fraction of the night."""

        def __init__(self, fraction: float) -> None:
            super().__init__()
            self.fraction = fraction

    def __init__(self, span: NightSpan) -> None:
        super().__init__()
        self.span = span
        """What the bar shows; a live night may replace it (the caches notice)."""
        self.position = 0.0
        self._scales: tuple[NightSpan, dict[int, _Scale]] = (span, {})

    def show(self, position: float) -> None:
        """Move the position marker (a fraction of the night); redraw when its cell moves."""
        position = min(1.0, max(0.0, position))
        if position != self.position:
            width = self.size.width
            moved = width <= 1 or self._here(position, width) != self._here(self.position, width)
            self.position = position
            if moved:
                self.refresh()

    @staticmethod
    def _here(position: float, width: int) -> int:
        """The cell of the position marker."""
        return round(position * (width - 1))

    def on_click(self, event: events.Click) -> None:
        """Seek to the clicked point of the bar."""
        offset = event.get_content_offset(self)
        width = self.size.width
        if offset is None or width <= 1:
            return
        if 0 <= offset.x < width:
            self.post_message(self.Seek(offset.x / (width - 1)))

    def scale(self, width: int) -> _Scale:
        """The labels and shades at `width`, computed once per width and span.

        Counting the declarations is the costly part (hundreds of thousands on a big night):
        it is redone only when the width or the span changes, never per frame.
        """
        span, scales = self._scales
        if span is not self.span:
            span, scales = self._scales = (self.span, {})
        scale = scales.get(width)
        if scale is None:
            scale = scales[width] = _scale(span, width)
        return scale

    def render(self) -> RenderableType:
        """The label line and the track line."""
        width = self.size.width
        if width <= 1:
            return ""
        scale = self.scale(width)
        here = self._here(self.position, width)
        played = self.get_component_rich_style("scrub-bar--played", partial=True)
        here_style = self.get_component_rich_style("scrub-bar--position", partial=True)
        marker = self.get_component_rich_style("scrub-bar--marker", partial=True)
        line = Text(no_wrap=True, end="")
        for x in range(width):
            if x == here:
                line.append("\u25cf", here_style)
            elif x in scale.markers:
                line.append("\u25c6", marker)
            else:
                glyph = scale.shades[x] or ("\u2501" if x < here else "\u2500")
                line.append(glyph, played if x < here else "dim")
        return Text("\n").join([scale.labels, line])
