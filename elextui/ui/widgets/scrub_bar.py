"""The scrub bar: the night from start to end, where we are, markers and declaration density."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

LEVELS = " \u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588"
"""Density glyphs from none to most."""
LABEL = 6
"""Cells for the time label at each end."""


@dataclass(frozen=True)
class NightSpan:
    """The fixed parts of the bar: end labels and where declarations and markers fall (0..1)."""

    start_label: str
    end_label: str
    declarations: Sequence[float]
    markers: Sequence[float]


class ScrubBar(Widget):
    """Two lines: declaration density above a track with markers (◆) and the position (●)."""

    COMPONENT_CLASSES = {"scrub-bar--played", "scrub-bar--position", "scrub-bar--marker"}

    class Seek(Message):
        """The bar was clicked at a fraction of the night."""

        def __init__(self, fraction: float) -> None:
            super().__init__()
            self.fraction = fraction

    def __init__(self, span: NightSpan) -> None:
        super().__init__()
        self.span = span
        self.position = 0.0
        self._cells: tuple[int, NightSpan, list[str], set[int]] | None = None
        """Per track width and span: the density glyphs and the marker cells."""

    def show(self, position: float) -> None:
        """Move the position marker (a fraction of the night); redraw when its cell moves."""
        position = min(1.0, max(0.0, position))
        if position != self.position:
            track = self._track_width()
            moved = track <= 1 or self._here(position, track) != self._here(self.position, track)
            self.position = position
            if moved:
                self.refresh()

    @staticmethod
    def _here(position: float, track: int) -> int:
        """The track cell of the position marker."""
        return round(position * (track - 1))

    def on_click(self, event: events.Click) -> None:
        """Seek to the clicked point of the track."""
        offset = event.get_content_offset(self)
        track = self._track_width()
        if offset is None or track <= 1:
            return
        x = offset.x - LABEL
        if 0 <= x < track:
            self.post_message(self.Seek(x / (track - 1)))

    def _track_width(self) -> int:
        return max(0, self.size.width - 2 * LABEL)

    def render(self) -> RenderableType:
        """The density line and the track line."""
        track = self._track_width()
        if track <= 1:
            return ""
        here = self._here(self.position, track)
        levels, markers = self._layout(track)
        played = self.get_component_rich_style("scrub-bar--played", partial=True)
        here_style = self.get_component_rich_style("scrub-bar--position", partial=True)
        marker = self.get_component_rich_style("scrub-bar--marker", partial=True)
        density = Text(" " * LABEL, no_wrap=True)
        for x, level in enumerate(levels):
            density.append(level, played if x <= here else "dim")
        line = Text(f"{self.span.start_label:<{LABEL - 1}} ", no_wrap=True, style="dim")
        for x in range(track):
            if x == here:
                line.append("\u25cf", here_style)
            elif x in markers:
                line.append("\u25c6", marker)
            elif x < here:
                line.append("\u2501", played)
            else:
                line.append("\u2500", "dim")
        line.append(f" {self.span.end_label:>{LABEL - 1}}", "dim")
        return Text("\n").join([density, line])

    def _layout(self, track: int) -> tuple[list[str], set[int]]:
        """The density glyph of each cell and the marker cells, computed once per width and span.

        Counting the declarations is the costly part (hundreds of thousands on a big night):
        it is redone only when the width or the span changes, never per frame.
        """
        cached = self._cells
        if cached is not None and cached[0] == track and cached[1] is self.span:
            return cached[2], cached[3]
        counts = [0] * track
        last = track - 1
        for fraction in self.span.declarations:
            counts[min(last, int(fraction * track))] += 1
        most = max(counts) or 1
        steps = len(LEVELS) - 1
        levels = [LEVELS[-(-count * steps // most)] if count else " " for count in counts]
        markers = {min(last, round(f * last)) for f in self.span.markers}
        self._cells = (track, self.span, levels, markers)
        return levels, markers
