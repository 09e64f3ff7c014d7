"""The scoreboard: a line per party drawn with the Line API, changed cells flagged for a moment.

It looks like the `DataTable` it replaced (header row, zebra stripes, padded columns), but
each line is rendered once and kept: a new state redraws only the lines whose cells
changed, a flag running out only its own line.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from elextui.describe import coverage_variants, signed, standings
from elextui.feed.model import NOC
from elextui.state import PartyTally, State
from elextui.ui.labels import party_label
from elextui.ui.palette import Palette

FLAG_SECONDS = 4.0
"""How long a changed cell stays flagged."""
COLUMNS = ("party", "councils", "councils_change", "councillors", "councillors_change")
LABELS = ("Party", "Councils", "+/-", "Cllrs", "+/-")
WIDTHS = (0, 8, 4, 5, 4)
"""Cells for each figure column (right-aligned in them); a longer figure widens its column."""
NAMES_FROM_WIDTH = 52
"""Show party names next to codes when the table is at least this wide."""
PADDING = 1
"""Blank cells either side of every cell."""
FLAG_STYLE = "reverse bold"

Figures = tuple[str, str, str, str]
"""A row's figures as text, in the order of `COLUMNS[1:]`."""
Look = tuple[str, Figures, tuple[bool, ...]]
"""Everything a row's line depends on besides the table's widths and styles."""
PassStyles = tuple[Style, Style, Style, Style, Color]


def _figures(code: str, tally: PartyTally) -> Figures:
    """A row's figures as text; NOC has no councillors."""
    is_party = code != NOC
    return (
        str(tally.councils),
        signed(tally.councils_change),
        str(tally.councillors) if is_party else "",
        signed(tally.councillors_change) if is_party else "",
    )


def cell_segments(console: Console, cell: Text, width: int, pre: Style) -> list[Segment]:
    """A cell over its row's style `pre`, padded to `width` and by `PADDING` either side.

    The same text and styles as Rich renders `Styled(Padding(cell, (0, PADDING)), pre)`
    on one line `width + 2 * PADDING` wide (as the DataTable did), at a fraction of the
    cost; the cell must fit in `width`.
    """
    pad = " " * PADDING
    if cell.spans:
        pieces = list(cell.render(console))
    else:
        pieces = [Segment(cell.plain, console.get_style(cell.style, default=Style.null()))]
    segments = [Segment(pad, pre)]
    segments.extend(Segment(text, pre + style if style else pre) for text, style, _ in pieces)
    segments.append(Segment(" " * (width - cell.cell_len) + pad, pre))
    return segments


class Scoreboard(ScrollView, can_focus=False):
    """Councils and councillors by party, in the header's party order (`standings`).

    Line 0 is the header, line 1 + i the i-th party (rows scroll under the header if the
    widget is too short for them all). Lines are rendered when first shown and kept until
    what they show changes: their row's figures or flags, the column widths, the names,
    the width, or the styles (theme) they were drawn with.
    """

    DEFAULT_CSS = """
    Scoreboard {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        & > .scoreboard--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .scoreboard--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .scoreboard--even-row {
            background: $surface-lighten-1 50%;
        }
        &:dark > .scoreboard--even-row {
            background: $surface-darken-1 40%;
        }
    }
    """
    COMPONENT_CLASSES = {"scoreboard--header", "scoreboard--even-row", "scoreboard--odd-row"}

    def __init__(self, palette: Palette) -> None:
        super().__init__()
        self.palette = palette
        self.clock: Callable[[], float] = time.monotonic
        """When flags run out is measured on this clock."""
        self._state: State | None = None
        self._order: list[str] = []
        self._shown: dict[str, Figures] = {}
        self._flags: dict[tuple[str, str], float] = {}
        self._timer: Timer | None = None
        self._names = False
        self._coverage: list[str] = []
        self._subtitle = ""
        """The coverage as last put in the border (assigning one repaints the whole widget)."""
        self._rows: list[Look] = []
        """What each row's line shows, in order."""
        self._widths: tuple[int, ...] = ()
        """Each column's content width (without the padding)."""
        self._strips: dict[int, Strip] = {}
        """Rendered lines of the whole table (0 the header, 1 + i row i)."""
        self._strips_width = 0
        """The width the kept lines were rendered at."""
        self._styles: PassStyles | None = None
        """The styles of this render pass, once looked up."""

    @property
    def flagged(self) -> set[tuple[str, str]]:
        """The (party, column) cells highlighted right now."""
        return set(self._flags)

    @property
    def order(self) -> list[str]:
        """The party codes of the rows, top to bottom."""
        return list(self._order)

    @property
    def lines(self) -> list[Strip]:
        """Every line of the table, rendered (the screen only renders the lines in view)."""
        self._styles = None
        try:
            return [self._line(y) for y in range(1 + len(self._rows))]
        finally:
            self._styles = None

    def show(self, state: State, flag: bool = False) -> None:
        """Draw `state`; with `flag`, cells that changed are highlighted for a moment."""
        if state is self._state and not flag:
            return  # a clock tick: nothing on the board changed
        self._state = state
        rows = standings(state)
        shown = {code: _figures(code, tally) for code, tally in rows}
        if flag:
            until = self.clock() + FLAG_SECONDS
            for code, figures in shown.items():
                old = self._shown.get(code)
                if old is None:
                    continue
                for key, value, before in zip(COLUMNS[1:], figures, old, strict=True):
                    if value != before:
                        self._flags[(code, key)] = until
            if self._flags and self._timer is None:
                self._timer = self.set_interval(0.5, self._expire)
        self._shown = shown
        self._coverage = coverage_variants(state)
        self._show_coverage()
        self._update([code for code, _ in rows])

    @property
    def coverage(self) -> str:
        """What the councillor columns cover, as shown under the table."""
        return str(self.border_subtitle or "")

    def _show_coverage(self) -> None:
        """The longest wording of the coverage that fits under the table."""
        if not self._coverage:
            return
        room = self.size.width - 4  # the rule's corners and the subtitle's padding
        worded = [f"Cllrs: {text}" for text in self._coverage]
        text = next((t for t in worded if len(t) <= room), self._coverage[-1])
        if text != self._subtitle:
            self._subtitle = text
            self.border_subtitle = text

    def on_resize(self) -> None:
        """Show party names when there is room; reword the coverage to fit."""
        self._show_coverage()
        names = self.size.width >= NAMES_FROM_WIDTH
        if names != self._names:
            self._names = names
            self._update(self._order, everything=True)

    def restyle(self) -> None:
        """Redraw every line (party colours changed with the theme)."""
        self._strips.clear()
        self.refresh()

    # -- what changed ------------------------------------------------------------

    def _update(self, order: list[str], everything: bool = False) -> None:
        """Show rows for `order`, repainting only the lines whose row changed."""
        rows = [self._look(code) for code in order]
        widths = self._measure(order)
        self._order = order
        if everything or widths != self._widths or len(rows) != len(self._rows):
            self._rows, self._widths = rows, widths
            self._strips.clear()
            self.virtual_size = Size(sum(widths) + 2 * PADDING * len(widths), 1 + len(rows))
            self.refresh()
            return
        width, height = self.size
        scroll_y = self.scroll_offset.y
        for index, (new, old) in enumerate(zip(rows, self._rows, strict=True)):
            if new != old:
                self._strips.pop(1 + index, None)
                y = 1 + index - scroll_y  # rows scroll under the header
                if 1 <= y < height:
                    self.refresh(Region(0, y, width, 1))
        self._rows = rows

    def _look(self, code: str) -> Look:
        flags = self._flags
        return (code, self._shown[code], tuple((code, key) in flags for key in COLUMNS[1:]))

    def _measure(self, order: Sequence[str]) -> tuple[int, ...]:
        """Each column's content width: its widest cell, the header's label included."""
        party = max(
            (party_label(code, self.palette, name=self._names).cell_len for code in order),
            default=0,
        )
        widths = [max(len(LABELS[0]), party)]
        for index, width in enumerate(WIDTHS[1:]):
            longest = max((cell_len(self._shown[code][index]) for code in order), default=0)
            widths.append(max(width, len(LABELS[1 + index]), longest))
        return tuple(widths)

    def _expire(self) -> None:
        """Unflag cells whose time is up (redrawing only their lines)."""
        now = self.clock()
        expired = [key for key, until in self._flags.items() if until <= now]
        for key in expired:
            del self._flags[key]
        if expired:
            self._update(self._order)
        if not self._flags and self._timer is not None:
            self._timer.stop()
            self._timer = None

    # -- drawing -------------------------------------------------------------------

    def notify_style_update(self) -> None:
        """The CSS applied to the scoreboard changed (a theme, a class): draw every line
        again. (Its background is opaque, so its lines depend on its own styles only.)"""
        super().notify_style_update()
        self._strips.clear()

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines asked for (the styles are looked up once, if any line needs drawing)."""
        self._styles = None
        try:
            return super().render_lines(crop)
        finally:
            self._styles = None

    def render_line(self, y: int) -> Strip:
        """Line `y` of the view: the header, then the rows at the scroll position."""
        return self._line(y if y == 0 else y + self.scroll_offset.y)

    def _line(self, y: int) -> Strip:
        """Line `y` of the whole table, kept once rendered (until the width changes)."""
        width = self.size.width
        if width != self._strips_width:
            self._strips.clear()
            self._strips_width = width
        strip = self._strips.get(y)
        if strip is None:
            if y > len(self._rows):
                return Strip.blank(width, self.rich_style)
            strip = self._strips[y] = self._draw(y)
        return strip

    def _pass_styles(self) -> PassStyles:
        """The header's, even and odd rows', the widget's styles and its background colour
        (each walks every ancestor: looked up once per render pass)."""
        if self._styles is None:
            self._styles = (
                self.get_component_styles("scoreboard--header").rich_style,
                self.get_component_styles("scoreboard--even-row").rich_style,
                self.get_component_styles("scoreboard--odd-row").rich_style,
                self.rich_style,
                self.background_colors[1],
            )
        return self._styles

    def _draw(self, y: int) -> Strip:
        """Render line `y` of the table as the DataTable did: padded cells, each cell styled
        over its row's style, the rest of the line in the row's colours faded a little."""
        header, even, odd, base, background = self._pass_styles()
        index = y - 1  # the row's index; the header's is -1
        if y == 0:
            row_style = header
            cells: list[Text] = [
                Text(label.rjust(width)) for label, width in zip(LABELS, WIDTHS, strict=True)
            ]
        else:
            code, figures, flags = self._rows[index]
            row_style = odd if index % 2 else even
            cells = [party_label(code, self.palette, name=self._names)]
            for value, width, flagged in zip(figures, WIDTHS[1:], flags, strict=True):
                cells.append(Text(value.rjust(width), style=FLAG_STYLE if flagged else ""))
        console = self.app.console
        segments: list[Segment] = []
        for column, (cell, width) in enumerate(zip(cells, self._widths, strict=True)):
            pre = row_style + Style.from_meta({"row": index, "column": column})
            segments.extend(cell_segments(console, cell, width, pre))
        widget_width = self.size.width
        table_width = sum(self._widths) + 2 * PADDING * len(self._widths)
        if row_style.bgcolor is not None:
            faded = Color.from_rich_color(row_style.bgcolor).blend(background, factor=0.25)
            extend = Style.from_color(color=row_style.color, bgcolor=faded.rich_color)
        else:
            extend = Style.from_color(row_style.color, row_style.bgcolor)
        extend += Style.from_meta({"row": index, "column": 0, "out_of_bounds": True})
        segments.append(Segment(" " * max(0, widget_width - table_width), extend))
        strip = Strip(segments).crop(0, widget_width)
        return strip.adjust_cell_length(widget_width, base).simplify()
