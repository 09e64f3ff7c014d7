"""The ticker: every entry as it plays, newest at the bottom, with a bounded history."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from rich.console import RenderableType
from textual import events
from textual.widgets import RichLog

HISTORY = 200
"""Entries the ticker keeps."""


class Ticker(RichLog):
    """A RichLog of ready-made entry rows; it re-wraps them when its width changes."""

    def __init__(self, history: int = HISTORY) -> None:
        super().__init__(max_lines=history * 4, wrap=True, markup=False, min_width=20)
        self.can_focus = False
        self.rows: deque[RenderableType] = deque(maxlen=history)
        """The entries shown, oldest first."""
        self._width = 0

    def add(self, rows: Iterable[RenderableType]) -> None:
        """Append entries that just played."""
        for row in rows:
            self.rows.append(row)
            self.write(row, expand=True)

    def replace(self, rows: Iterable[RenderableType]) -> None:
        """Show exactly these entries (after a jump)."""
        self.rows.clear()
        self.rows.extend(rows)
        self._rewrite()

    def on_resize(self, event: events.Resize) -> None:
        """Re-wrap for the new width."""
        if event.size.width != self._width:
            self._width = event.size.width
            self._rewrite()

    def _rewrite(self) -> None:
        self.clear()
        for row in self.rows:
            self.write(row, expand=True)
