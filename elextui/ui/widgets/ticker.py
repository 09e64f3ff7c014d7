"""The ticker: every entry as it plays, newest at the bottom, with a bounded history."""

from __future__ import annotations

from bisect import bisect_right
from collections import deque
from collections.abc import Hashable, Iterable

from rich.console import RenderableType
from rich.rule import Rule
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from elextui.describe import day_name
from elextui.feed.model import Entry
from elextui.ui.labels import HangingRow

TickerItem = tuple[Entry, RenderableType]
"""An entry and its ready-made row."""

HISTORY = 200
"""Entries the ticker keeps."""
MIN_WIDTH = 20
"""Rows are wrapped to at least this many cells (narrower, the ticker scrolls sideways)."""


class _Row:
    """An item as the ticker lays it out: its day rule (if any) and its lines at a width."""

    __slots__ = ("day", "height", "item", "rule", "strips")

    def __init__(self, item: TickerItem, day: str | None) -> None:
        self.item = item
        self.day = day
        """The local day of the entry (None: the ticker names no days)."""
        self.rule = False
        """Whether a rule naming `day` goes above the row."""
        self.height = 0
        """Lines of the row itself at the ticker's width (0: not measured yet)."""
        self.strips: list[Strip] | None = None
        """The row's lines at that width, once drawn."""


class Ticker(ScrollView, can_focus=False):
    """Rows of entries drawn with the Line API: only the lines in view are ever rendered.

    Adding rows measures them (a row that fits on one line costs nothing to measure) and
    renders none; a line is rendered when it first shows, and kept until the width
    changes. With a `day_zone` (the feed's timezone, given when the night spans days), a
    rule naming the day goes above the first row and wherever the local date changes.

    Lines are numbered from the first row ever added (`_tops`), so rows dropped from the
    front renumber nothing, and a line keeps its number as it scrolls: the screen's
    lines (styled, padded, filtered) are kept by that number and a scroll redraws only
    the lines that were not on screen before.
    """

    DEFAULT_CSS = """
    Ticker {
        background: $surface;
        color: $foreground;
        overflow-y: scroll;
    }
    """

    def __init__(self, history: int = HISTORY, day_zone: str | None = None) -> None:
        super().__init__()
        self.items: deque[TickerItem] = deque(maxlen=history)
        """The entries shown, oldest first, with their rows."""
        self.day_zone = day_zone
        self._history = history
        self._rows: list[_Row] = []
        self._tops: list[int] = []
        """The first line of each row (its rule's line if it has one), counted from the
        first row ever added (rows placed again, after a jump or a new width, are numbered
        on: a number always means the same line)."""
        self._end = 0
        """The line after the last row, counted the same way."""
        self._width = 0
        """The width rows are measured and drawn at (0: not known yet)."""
        self._rules: dict[str, Strip] = {}
        self._frame: tuple[Style, int, int] | None = None
        """The ticker's style, scrollable width and content width, kept while drawing."""
        self._drawing = False
        """Whether `render_lines` is drawing (`_frame` is kept for its lines)."""
        self._screen_lines: dict[int, Strip] = {}
        """Lines as the screen shows them (after padding, border and filters), by number."""
        self._screen_key: Hashable = None
        """What those lines were drawn for: size, filters, horizontal scroll (a change of
        the ticker's CSS, theme included, forgets them too: its background is opaque, so
        its lines depend on its own styles only)."""

    @property
    def entries(self) -> list[Entry]:
        """The entries shown, oldest first."""
        return [entry for entry, _ in self.items]

    @property
    def lines(self) -> list[Strip]:
        """Every line of the ticker, rendered (the screen only renders the lines in view)."""
        style = self.rich_style
        return [self._line(y, style) for y in range(self.virtual_size.height)]

    def add(self, items: Iterable[TickerItem]) -> None:
        """Append entries that just played."""
        items = list(items)
        if items:
            self.items.extend(items)
            rows = [self._row(item) for item in items[-self._history :]]
            if self._width:
                self._place(rows)
                self._extent()
            else:  # not sized yet: on_resize places them
                self._rows = [*self._rows, *rows][-self._history :]

    def add_older(self, items: Iterable[TickerItem]) -> None:
        """Put entries from before the oldest one shown above it, as many as the history
        has room for (the newest of them)."""
        room = self._history - len(self.items)
        items = list(items)[-room:] if room > 0 else []
        if items:
            self.items.extendleft(reversed(items))
            rows = [*(self._row(item) for item in items), *self._rows]
            self._rows, self._tops = [], []  # all placed again (numbered on)
            if self._width:
                self._place(rows)
                self._extent()
            else:
                self._rows = rows

    def replace(self, items: Iterable[TickerItem]) -> None:
        """Show exactly these entries (after a jump)."""
        self.items.clear()
        self._rows, self._tops = [], []  # numbered on from `_end`: no line number is reused
        self.add(items)
        if not self.items:
            self._extent()

    def on_mount(self) -> None:
        """Stay at the end: whatever resizes the ticker (the scoreboard above it growing,
        a new layout), the newest entry stays in view, until the reader scrolls up."""
        self.anchor()

    def on_resize(self, event: events.Resize) -> None:
        """Re-wrap for the new width."""
        width = max(MIN_WIDTH, self.scrollable_content_region.width)
        if width != self._width:
            self._width = width
            self._rules.clear()
            rows = self._rows
            self._rows, self._tops = [], []
            for row in rows:
                row.height, row.strips = 0, None
            self._place(rows)
            self._extent()

    def notify_style_update(self) -> None:
        """The CSS changed (theme, classes): the kept screen lines are stale."""
        super().notify_style_update()
        self._screen_lines.clear()

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines in view: those shown before (at the same size, style and filters)
        as they were; the rest drawn by Textual, with the ticker's style computed once."""
        self._frame, self._drawing = None, True
        try:
            size = self.region.size
            scroll_x, scroll_y = self.scroll_offset
            key = (size, (*self.app.get_line_filters(),), scroll_x)
            if key != self._screen_key:
                self._screen_key = key
                self._screen_lines.clear()
            kept = self._screen_lines
            gutter = self.styles.gutter
            first = (self._tops[0] if self._tops else self._end) + scroll_y - gutter.top
            content = range(
                gutter.top,
                min(size.height - gutter.bottom, gutter.top + self.virtual_size.height - scroll_y),
            )
            lines = {
                y: kept[first + y] for y in crop.line_range if first + y in kept and y in content
            }
            missing = [y for y in crop.line_range if y not in lines]
            while missing:  # drawn by Textual a run of consecutive lines at a time
                run = 1
                while run < len(missing) and missing[run] == missing[0] + run:
                    run += 1
                drawn = super().render_lines(Region(0, missing[0], size.width, run))
                for y, strip in zip(missing[:run], drawn, strict=True):
                    lines[y] = strip
                    if y in content:
                        kept[first + y] = strip
                del missing[:run]
            strips = [lines[y] for y in crop.line_range]
            if crop.x or crop.width != size.width:
                strips = [strip.crop(crop.x, crop.right) for strip in strips]
            return strips
        finally:
            self._frame, self._drawing = None, False

    def render_line(self, y: int) -> Strip:
        """Line `y` of the view: the rows' lines, cropped to the scroll position."""
        scroll_x, scroll_y = self.scroll_offset
        frame = self._frame
        if frame is None:  # properties walking every ancestor: once a frame
            content = self.content_region.width
            frame = (self.rich_style, self.scrollable_content_region.width, content)
            self._frame = frame if self._drawing else None
        style, width, content = frame
        strip = self._line(scroll_y + y, style)
        length = strip.cell_length
        if scroll_x or length > width:
            return strip.crop_extend(scroll_x, scroll_x + width, style).apply_style(style)
        # what crop_extend then apply_style give, as one Strip (each costs five caches),
        # padded under the scroll bar too (the bar covers it): Textual would pad it again
        add = style.__add__
        line = [
            Segment(text, None if control else add(own), control) for text, own, control in strip
        ]
        if length < content:
            line.append(Segment(" " * (content - length), add(style)))
        return Strip(line, content)

    # -- layout -----------------------------------------------------------------

    def _row(self, item: TickerItem) -> _Row:
        zone = self.day_zone
        return _Row(item, None if zone is None else day_name(item[0].at, zone))

    def _place(self, rows: list[_Row]) -> None:
        """Measure rows and put them after the last, dropping the oldest beyond the history."""
        day = self._rows[-1].day if self._rows else None
        line = self._end
        tops = self._tops
        console = self.app.console
        width = self._width
        for row in rows:
            row.rule = row.day is not None and row.day != day
            day = row.day
            renderable = row.item[1]
            if isinstance(renderable, HangingRow):
                row.height = renderable.height(console, width)
            else:
                row.strips = self._draw(renderable)
                row.height = len(row.strips)
            tops.append(line)
            line += row.height + row.rule
        self._rows.extend(rows)
        self._end = line
        drop = len(self._rows) - self._history
        if drop > 0:
            del self._rows[:drop]
            del tops[:drop]
            first = self._rows[0]
            if first.day is not None and not first.rule:  # the first row names its day
                first.rule = True
                tops[0] -= 1
                self._screen_lines.pop(tops[0], None)
        if len(self._screen_lines) > 4 * self._history:  # forget lines no longer numbered
            top = tops[0] if tops else line
            self._screen_lines = {y: s for y, s in self._screen_lines.items() if y >= top}

    def _extent(self) -> None:
        """Take the rows' extent and scroll to the end."""
        if not self._width:
            return  # not sized yet: on_resize places the rows
        top = self._tops[0] if self._tops else self._end
        self._set_virtual_size(Size(self._width, self._end - top))
        self.scroll_end(animate=False, immediate=bool(self.container_size), x_axis=False)
        self.refresh()

    def _set_virtual_size(self, size: Size) -> None:
        """Take the rows' new extent without a layout of the whole screen when only the
        height changed: the ticker's own size does not depend on its rows (and a
        scroll bar that appears or goes still asks for one), so it updates its scroll bar
        and repaints itself. Assigning `virtual_size` reflows and repaints every widget."""
        old = self.virtual_size
        if size == old:
            return
        if size.width != old.width or not self.container_size or self.styles.auto_dimensions:
            self.virtual_size = size
            return
        self.set_reactive(Ticker.virtual_size, size)
        self._scroll_update(size)

    def _line(self, y: int, style: Style) -> Strip:
        """Line `y` of the whole ticker (its first row's first line is 0)."""
        if not self._tops or y < 0 or y >= self.virtual_size.height:
            return Strip.blank(self._width, style)
        line = self._tops[0] + y
        index = bisect_right(self._tops, line) - 1
        row = self._rows[index]
        offset = line - self._tops[index]
        if row.rule:
            if offset == 0:
                return self._rule(row.day or "")
            offset -= 1
        if row.strips is None:
            row.strips = self._draw(row.item[1])
        return row.strips[offset] if offset < len(row.strips) else Strip.blank(self._width)

    def _rule(self, day: str) -> Strip:
        strip = self._rules.get(day)
        if strip is None:
            strip = self._rules[day] = self._draw(Rule(day, style="dim", align="left"))[0]
        return strip

    def _draw(self, renderable: RenderableType) -> list[Strip]:
        """A renderable's lines at the ticker's width (`render_line` pads them to the view)."""
        console = self.app.console
        if isinstance(renderable, HangingRow):  # the ticker's rows: half the cost
            lines = renderable.segment_lines(console, self._width)
        else:
            options = console.options.update_width(self._width)
            lines = list(Segment.split_lines(console.render(renderable, options)))
        return Strip.from_lines(lines) or [Strip.blank(self._width)]
