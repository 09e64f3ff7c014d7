"""The ticker: every entry as it plays, newest at the bottom, with a bounded history."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from rich.console import RenderableType
from rich.rule import Rule
from textual import events
from textual.widgets import RichLog

from elextui.describe import day_name
from elextui.feed.model import Entry

TickerItem = tuple[Entry, RenderableType]
"""An entry and its ready-made row."""

HISTORY = 200
"""Entries the ticker keeps."""


class Ticker(RichLog):
    """A RichLog of ready-made entry rows; it re-wraps them when its width changes.

    With a `day_zone` (the feed's timezone, given when the night spans days), a rule
    naming the day goes before the first entry and wherever the local date changes.
    """

    def __init__(self, history: int = HISTORY, day_zone: str | None = None) -> None:
        super().__init__(max_lines=history * 4, wrap=True, markup=False, min_width=20)
        self.can_focus = False
        self.items: deque[TickerItem] = deque(maxlen=history)
        """The entries shown, oldest first, with their rows."""
        self.day_zone = day_zone
        self._day: str | None = None
        """The day named by the last separator written."""
        self._width = 0

    @property
    def entries(self) -> list[Entry]:
        """The entries shown, oldest first."""
        return [entry for entry, _ in self.items]

    def add(self, items: Iterable[TickerItem]) -> None:
        """Append entries that just played."""
        items = list(items)
        for i, item in enumerate(items, 1):
            self.items.append(item)
            self._write(item, scroll_end=i == len(items))

    def replace(self, items: Iterable[TickerItem]) -> None:
        """Show exactly these entries (after a jump)."""
        self.items.clear()
        self.items.extend(items)
        self._rewrite()

    def on_mount(self) -> None:
        """Stay at the end: whatever resizes the ticker (the scoreboard above it growing,
        a new layout), the newest entry stays in view, until the reader scrolls up."""
        self.anchor()

    def on_resize(self, event: events.Resize) -> None:
        """Re-wrap for the new width."""
        if event.size.width != self._width:
            self._width = event.size.width
            self._rewrite()

    def _rewrite(self) -> None:
        self.clear()
        self._day = None
        for i, item in enumerate(self.items, 1):
            self._write(item, scroll_end=i == len(self.items))

    def _write(self, item: TickerItem, scroll_end: bool) -> None:
        """Write a row, after a day rule if its day is not the one above it."""
        if self.day_zone is not None:
            day = day_name(item[0].at, self.day_zone)
            if day != self._day:
                self._day = day
                self.write(Rule(day, style="dim", align="left"), expand=True, scroll_end=False)
        self.write(item[1], expand=True, scroll_end=scroll_end)
