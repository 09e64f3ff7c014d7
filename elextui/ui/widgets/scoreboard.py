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
FLAG_STYLE = Style(reverse=True, bold=True)
"""A flagged cell's figure (over its row's style)."""

Figures = tuple[str, str, str, str]
"""A row's figures as text, in the order of `COLUMNS[1:]`."""
Look = tuple[str, Figures, tuple[bool, ...]]
"""Everything a row's line depends on besides the table's widths and styles."""
LineStyles = tuple[Style, Style, Style, Style, Color]
"""The header's, even rows', odd rows' and widget's styles, and its background colour."""


def _figures(code: str, tally: PartyTally) -> Figures:
    """A row's figures as text; NOC has no councillors."""
    is_party = code != NOC
    return (
        str(tally.councils),
        signed(tally.councils_change),
        str(tally.councillors) if is_party else "",
        signed(tally.councillors_change) if is_party else "",
    )


def _cell_segments(console: Console, cell: Text, width: int, pre: Style) -> list[Segment]:
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
        """The coverage as last put in the bottom rule."""
        self._rows: list[Look] = []
        """What each row's line shows, in order."""
        self._widths: tuple[int, ...] = ()
        """Each column's content width (without the padding)."""
        self._strips: dict[int, Strip] = {}
        """Rendered lines of the whole table (0 the header, 1 + i row i)."""
        self._strips_width = 0
        """The width the kept lines were rendered at."""
        self._styles: LineStyles | None = None
        """The styles the kept lines were drawn with, once looked up."""
        self._party_cells: dict[tuple[int, str], list[Segment]] = {}
        """Party cells drawn, by row index and code (their styles depend on the row)."""
        self._cell_styles: dict[int, tuple[list[Style], Style]] = {}
        """Each row's styles (`_row_styles`), by index."""
        self._label_widths: dict[tuple[str, bool], int] = {}

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
        return [self._line(y) for y in range(1 + len(self._rows))]

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
            self._set_subtitle(text)

    def _set_subtitle(self, text: str) -> None:
        """Put `text` in the bottom rule, repainting only that line: assigning
        `border_subtitle` repaints the whole widget (Textual 8's descriptor refreshes it)."""
        outer = self.outer_size
        if not self.is_mounted or not outer:
            self.border_subtitle = text
            return
        # What the descriptor stores, without its refresh.
        self._border_subtitle = self.render_str(text).expand_tabs(4).split()[0]
        offset = self.content_offset  # refresh() takes regions of the content
        self.refresh(Region(-offset.x, outer.height - 1 - offset.y, outer.width, 1))

    def on_resize(self) -> None:
        """Show party names when there is room; reword the coverage to fit."""
        self._show_coverage()
        names = self.size.width >= NAMES_FROM_WIDTH
        if names != self._names:
            self._names = names
            self._update(self._order, everything=True)

    def restyle(self) -> None:
        """Redraw every line (party colours changed with the theme)."""
        self._forget()
        self.refresh()

    # -- what changed ------------------------------------------------------------

    def _update(self, order: list[str], everything: bool = False) -> None:
        """Show rows for `order`, repainting only the lines whose row changed."""
        rows = [self._look(code) for code in order]
        widths = self._measure(order)
        self._order = order
        if everything or widths != self._widths or len(rows) != len(self._rows):
            self._rows, self._widths = rows, widths
            self._forget()
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
        party = max((self._label_width(code) for code in order), default=0)
        widths = [max(len(LABELS[0]), party)]
        for index, width in enumerate(WIDTHS[1:]):
            longest = max((cell_len(self._shown[code][index]) for code in order), default=0)
            widths.append(max(width, len(LABELS[1 + index]), longest))
        return tuple(widths)

    def _label_width(self, code: str) -> int:
        key = (code, self._names)
        width = self._label_widths.get(key)
        if width is None:
            label = party_label(code, self.palette, name=self._names)
            width = self._label_widths[key] = label.cell_len
        return width

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
        self._forget()

    def _forget(self) -> None:
        """Drop every kept line, and the styles and cells they were drawn with."""
        self._strips.clear()
        self._party_cells.clear()
        self._cell_styles.clear()
        self._styles = None

    def render_line(self, y: int) -> Strip:
        """Line `y` of the view: the header, then the rows at the scroll position."""
        return self._line(y if y == 0 else y + self.scroll_offset.y)

    def _line(self, y: int) -> Strip:
        """Line `y` of the whole table, kept once rendered (until the width changes)."""
        width = self.size.width
        if width != self._strips_width:
            self._forget()
            self._strips_width = width
        strip = self._strips.get(y)
        if strip is None:
            if y > len(self._rows):
                return Strip.blank(width, self.rich_style)
            strip = self._strips[y] = self._draw(y)
        return strip

    def _draw(self, y: int) -> Strip:
        """Render line `y` of the table as the DataTable did: padded cells, each over its
        row's style, then the rest of the line."""
        index = y - 1  # the row's index; the header's is -1
        pres, extend = self._row_styles(index)
        pad = " " * PADDING
        widths = self._widths
        segments: list[Segment] = []
        if y == 0:
            labels = [LABELS[0].ljust(widths[0])]
            labels += [
                label.rjust(width) for label, width in zip(LABELS[1:], widths[1:], strict=True)
            ]
            segments = [
                Segment(f"{pad}{label}{pad}", pre) for label, pre in zip(labels, pres, strict=True)
            ]
        else:
            code, figures, flags = self._rows[index]
            key = (index, code)
            party = self._party_cells.get(key)
            if party is None:
                label = party_label(code, self.palette, name=self._names)
                party = _cell_segments(self.app.console, label, widths[0], pres[0])
                self._party_cells[key] = party
            segments.extend(party)
            for value, width, flagged, pre in zip(
                figures, widths[1:], flags, pres[1:], strict=True
            ):
                text = value.rjust(width)
                if flagged:
                    segments.append(Segment(pad, pre))
                    segments.append(Segment(text, pre + FLAG_STYLE))
                    segments.append(Segment(pad, pre))
                else:
                    segments.append(Segment(f"{pad}{text}{pad}", pre))
        widget_width = self.size.width
        table_width = sum(widths) + 2 * PADDING * len(widths)
        segments.append(Segment(" " * max(0, widget_width - table_width), extend))
        strip = Strip(segments).crop(0, widget_width)
        return strip.adjust_cell_length(widget_width, self._looked_up()[3]).simplify()

    def _row_styles(self, index: int) -> tuple[list[Style], Style]:
        """Row `index`'s style under each cell (with the cell's place as meta) and the
        style of the rest of the line (the row's colours faded a quarter towards the
        background); the header's index is -1."""
        kept = self._cell_styles.get(index)
        if kept is None:
            styles = self._looked_up()
            row_style = styles[0] if index < 0 else styles[2] if index % 2 else styles[1]
            pres = [
                row_style + Style.from_meta({"row": index, "column": column})
                for column in range(len(COLUMNS))
            ]
            if row_style.bgcolor is not None:
                faded = Color.from_rich_color(row_style.bgcolor).blend(styles[4], factor=0.25)
                extend = Style.from_color(color=row_style.color, bgcolor=faded.rich_color)
            else:
                extend = Style.from_color(row_style.color, row_style.bgcolor)
            extend += Style.from_meta({"row": index, "column": 0, "out_of_bounds": True})
            kept = self._cell_styles[index] = (pres, extend)
        return kept

    def _looked_up(self) -> LineStyles:
        """The header's, even and odd rows', the widget's styles and its background colour
        (each walks every ancestor: looked up again only after the CSS changed)."""
        if self._styles is None:
            self._styles = (
                self.get_component_styles("scoreboard--header").rich_style,
                self.get_component_styles("scoreboard--even-row").rich_style,
                self.get_component_styles("scoreboard--odd-row").rich_style,
                self.rich_style,
                self.background_colors[1],
            )
        return self._styles
