"""The header line: title, feed clock, time since polls closed, speed, play state, progress."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from elextui.describe import clean_text, long_clock, since


@dataclass(frozen=True)
class HeaderInfo:
    """What the header shows."""

    title: str
    at: datetime
    start: datetime
    timezone: str
    speed: str
    playing: bool
    finished: bool
    declared: int
    total: int
    live: bool | None = None
    """At the live edge of a followed feed (None: not following one)."""
    arrived: int = 0
    """Entries that arrived since leaving the live edge."""
    stale_since: float | None = None
    """Wall time (POSIX) of the followed source's last good read, while it is stale."""
    called: int = 0
    """Councils called but not yet declared (not in `declared`)."""
    stale_for: int = 0
    """Seconds since then."""
    quiet: str = ""
    """The length of the quiet spell idle compression is skipping (`2h50m`; "": none)."""


TITLE_MIN = 9
"""Columns kept for the title (and its space) before the status is shortened: a quiet
spell's note is shortened (and the time since polls closed dropped), then left out."""


class NightHeader(Widget):
    """One line: the title on the left (truncated first), the clock and status on the right.

    Drawn with the Line API: the line's segments go straight into a strip (a `render()`
    returning the same Text costs twice as much, converting it for Textual), so a tick
    that only moves the clock costs little.
    """

    def __init__(self) -> None:
        super().__init__()
        self.info: HeaderInfo | None = None
        self._strip: tuple[tuple[HeaderInfo | None, int, Style], Strip] | None = None
        """The last line drawn and what it was drawn from (info, width, base style)."""

    def show(self, info: HeaderInfo) -> None:
        """Draw `info` (only when it changed)."""
        if info != self.info:
            self.info = info
            self.refresh()

    def render_line(self, y: int) -> Strip:
        """The header's line (the widget is one line high; any other is blank)."""
        width = self.content_size.width
        style = self.rich_style
        if y:
            return Strip.blank(width, style)
        key = (self.info, width, style)
        if self._strip is None or self._strip[0] != key:
            text = self.text(width)
            segments = text.render(self.app.console) if text.cell_len else []
            strip = Strip(segments).adjust_cell_length(width, style).apply_style(style)
            self._strip = (key, strip)
        return self._strip[1]

    def text(self, width: int) -> Text:
        """The title and the status, side by side in `width` cells."""
        info = self.info
        if info is None:
            return Text()
        status = self._status(info, wide=True)
        if info.quiet and status.cell_len > width - TITLE_MIN:
            status = self._status(info, wide=False)
        if info.quiet and status.cell_len > width - TITLE_MIN:  # no room for the note at all
            status = self._status(replace(info, quiet=""), wide=False)
        title = Text(clean_text(info.title), style="bold", no_wrap=True)
        return side_by_side(title, status, width)

    @staticmethod
    def _status(info: HeaderInfo, wide: bool) -> Text:
        """Clock, play state, speed and progress; narrow: a shorter note of a quiet spell
        skipped, and no time since polls closed."""
        status = Text(no_wrap=True)
        status.append(long_clock(info.at, info.timezone), "bold")
        if wide:
            status.append(f" {since(info.at, info.start)}", "dim")
        if info.stale_since is not None:
            since_wall = datetime.fromtimestamp(info.stale_since).strftime("%H:%M:%S")
            status.append(f"  STALE {info.stale_for}s, since {since_wall} ", "bold reverse red")
        if info.live:
            status.append("  \u25cf LIVE ", "bold reverse green")
        else:
            if info.live is not None:
                status.append("  REPLAY", "bold yellow")
                if info.arrived:
                    status.append(f" +{info.arrived} new (l: live)", "yellow")
            if info.finished:
                status.append("  \u25a0 END ", "bold reverse")
            elif info.playing:
                status.append("  \u25b6 PLAYING", "bold green")
            else:
                status.append("  \u275a\u275a PAUSED ", "bold reverse yellow")
            status.append(f" {info.speed}", "bold")
            if info.quiet and not info.finished:
                skipping = "skipping quiet" if wide else "quiet"
                status.append(f" \u00b7 {skipping} {info.quiet}", "bold cyan")
        status.append(f"  declared {info.declared}/{info.total}")
        if info.called:
            status.append(f" \u00b7 {info.called} called", "italic")
        return status


def side_by_side(title: Text, status: Text, width: int) -> Text:
    """The title (cut short with an ellipsis) and a space, then the status, in `width` cells.

    Laid out as a two-column Rich grid would (which cost twice as much on each redraw):
    with no room for the title, a space and as much of the status as fits.
    """
    room = width - status.cell_len - 1
    if room < 1:
        status = status.copy()
        status.truncate(max(0, width - 1), overflow="ellipsis")
        return Text.assemble(" ", status, no_wrap=True)
    title = title.copy()
    title.truncate(room, overflow="ellipsis", pad=True)
    return Text.assemble(title, " ", status, no_wrap=True)
