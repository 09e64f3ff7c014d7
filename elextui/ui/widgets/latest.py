"""The latest declarations, newest first: what a terminal too short for the grid shows."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.widget import Widget

from elextui.describe import clean_text, clock
from elextui.state import State
from elextui.ui.labels import outcome_text
from elextui.ui.palette import Palette


class LatestDeclarations(Widget):
    """One line per declared (or called) council, newest first: time, name, outcome."""

    def __init__(self, palette: Palette, timezone: str, day: bool = False) -> None:
        super().__init__()
        self.palette = palette
        self.timezone = timezone
        self.day = day
        """Whether times carry their weekday."""
        self.state: State | None = None

    def show(self, state: State) -> None:
        """Draw `state` (nothing to do when it is the one already drawn)."""
        if state is not self.state:
            self.state = state
            if self.display:
                self.refresh()

    def render(self) -> RenderableType:
        """As many of the newest results as fit."""
        state = self.state
        if state is None:
            return ""
        done = [s for s in state.councils.values() if s.result is not None]
        if not done:
            return Text("No council has declared yet.", style="dim italic")
        done.sort(key=lambda s: s.result.at if s.result else 0, reverse=True)
        lines = []
        for status in done[: max(1, self.size.height)]:
            assert status.result is not None
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append(
                clock(status.result.at, self.timezone, status.result.estimated, day=self.day), "dim"
            )
            line.append(" ")
            line.append(clean_text(status.council.name), "bold")
            line.append("  ")
            line.append_text(outcome_text(status, self.palette))
            lines.append(line)
        return Text("\n").join(lines)
