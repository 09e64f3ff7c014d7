"""The map view: councils as a hex cartogram coloured by control (Line API, cached Strips).

Councils voting tonight are coloured as the grid colours them (a faint tint while pending,
full colour once declared, gains bold and underlined, new results flashing); every other
district of England and Wales is drawn faintly so the country keeps its shape. Big enough,
each hex carries a label; on a small terminal each hex is two half-block cells.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.color import Color
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from elextui.describe import clean_text, clock
from elextui.hexmap import MAPS, Direction, Hex, HexMap, Placement, map_for, place
from elextui.state import CouncilStatus, State
from elextui.ui.labels import abbreviate
from elextui.ui.palette import Palette
from elextui.ui.tiles import WORDS_WIDTH, tile_status, tile_style
from elextui.ui.widgets.council_grid import FLASH_SECONDS, CouncilOpened
from elextui.ui.widgets.pass_style import PassStyle

BACKDROP = ("E", "W")
"""Countries drawn faintly behind the night's councils (England and Wales)."""
SIDE_GAP = 2
"""Blank cells between the map and the notes beside it."""
SIDE_MIN, SIDE_MAX = 20, 36
"""The notes go beside the map when this many cells are free, and take at most the second."""
NO_UNDERLINE = Style(underline=False)
PENDING_SHADE, CALL_SHADE, HOLD_SHADE = 0.28, 0.45, 0.62
"""Dense map: how far a hex goes from the background to its party's colour (gains: all the way)."""
INSET_MIN = 18
"""Cells a line of the map's empty corner needs to take a line of the notes."""


@dataclass(frozen=True)
class MapShape:
    """How big a hex is: `width` columns (a label and a one-cell gap), `pitch` half-lines.

    A row of hexes takes `pitch` half-lines: 4 gives two full lines (name and control),
    3 one full line for the name between half-block edges (hexes nearest their true
    shape), 2 one line, and 1 (the dense shape) half a line: two columns of half-blocks
    per hex, no gap and no text.
    """

    width: int
    pitch: int

    @property
    def dense(self) -> bool:
        """Whether hexes are half-block pixels with no label."""
        return self.pitch == 1

    @property
    def label(self) -> int:
        """Cells of a hex's text (the width less the gap)."""
        return self.width if self.dense else self.width - 1

    @property
    def shift(self) -> int:
        """How far odd rows sit to the right."""
        return self.width // 2

    def size(self, columns: int, rows: int) -> tuple[int, int]:
        """Cells taken by a map of `columns` x `rows` hexes."""
        return columns * self.width + self.shift, -(-rows * self.pitch // 2)


SHAPES: tuple[MapShape, ...] = tuple(
    MapShape(w, p) for p in (4, 3, 2) for w in (6, 5, 4) if not (p == 2 and w > 4)
)
"""Labelled shapes, best first: the first that fits is used."""
DENSE = MapShape(2, 1)
OPPOSITE: dict[Direction, Direction] = {
    "north": "south",
    "south": "north",
    "east": "west",
    "west": "east",
}
"""The shape when no labelled one fits: half-blocks, no labels."""


def choose_shape(columns: int, rows: int, width: int, height: int) -> MapShape:
    """The biggest labelled shape that fits `width` x `height`, else the dense one."""
    for shape in SHAPES:
        w, h = shape.size(columns, rows)
        if w <= width and h <= height:
            return shape
    return DENSE


_LINKS = {"and": "&", "upon": "u", "on": "o", "under": "u", "with": "w", "in": "i"}
_SKIP = {"of", "the", "City", "County", "Borough"}


def hex_label(name: str, width: int) -> str:
    """A council's name in `width` cells: whole, its usual short form, initials, or cut."""
    if cell_len(name) <= width:
        return name
    short = abbreviate(name, width)
    words = [w for w in name.replace("-", " ").replace(",", " ").split() if w not in _SKIP]
    if len(words) > 1 and (width < 5 or cell_len(short) < 3):
        initials = "".join(_LINKS.get(w, w[:1].upper()) for w in words)
        if cell_len(initials) <= width:
            return initials
    return short if cell_len(short) <= width else set_cell_size(short, width)


def summary(status: CouncilStatus, timezone: str) -> str:
    """The status line for a council: name, outcome, seats won and when it declared."""
    text = f"{clean_text(status.council.name)}: {status.outcome}"
    result = status.result
    if result is None:
        return f"{text} \u00b7 {status.control_before or 'control unknown'} before the poll"
    if result.seats_won:
        won = sorted(result.seats_won.items(), key=lambda item: -item[1])
        seats = " ".join(f"{code} {n}" for code, n in won)
        text += f" \u00b7 won {seats}"
    return f"{text} \u00b7 {clock(result.at, timezone, result.estimated)}"


class CouncilMap(ScrollView, PassStyle, can_focus=True):
    """One hex per district: the night's councils in colour, the rest of the country faint."""

    COMPONENT_CLASSES = {
        "council-map--faint",
        "council-map--pending",
        "council-map--called",
        "council-map--gain",
        "council-map--flash",
        "council-map--flash-gain",
        "council-map--cursor",
        "council-map--legend",
    }

    BINDINGS = [
        Binding("up", "move('north')", "North", show=False),
        Binding("down", "move('south')", "South", show=False),
        Binding("left", "move('west')", "West", show=False),
        Binding("right", "move('east')", "East", show=False),
        Binding("enter", "open", "Open council", show=False),
        Binding("escape", "leave", "Back to playback", show=False),
    ]

    def __init__(self, palette: Palette, year: int | None, timezone: str) -> None:
        super().__init__()
        self.palette = palette
        self.year = year
        self.timezone = timezone
        self.state: State | None = None
        self.placement: Placement | None = None
        self.selected: str | None = None
        """The id of the selected council."""
        self.shape = DENSE
        self._hexes: list[Hex] = []
        self._rows: dict[int, list[Hex]] = {}
        self._bounds = (0, 0, 0, 0)
        """q min, q max, r min, r max of the hexes drawn."""
        self._map_size = (0, 0)
        self._notes: dict[int, tuple[int, Strip, str | None]] = {}
        """Lines of text by map line: where they start, the text, the council named (if any)."""
        self._spots: list[tuple[int, int, int]] = []
        """Where the notes' lines go (x, y, width), beside the map or in its empty corner."""
        self._below = (0, 0, 0)
        self._laid_out_for = Size(0, 0)
        self._dirty = False
        """Whether something changed while hidden."""
        """Where notes that find no spot go: below the map, then further down."""
        self._last_move: tuple[Direction, str, str] | None = None
        """The last arrow: its direction, where it started and where it landed."""
        self._flashes: dict[str, tuple[float, bool]] = {}
        self._flash_timer: Timer | None = None
        self._cache: LRUCache[int, Strip] = LRUCache(256)
        self._title: Text | None = None
        """The border title last assigned (assigning one repaints the whole widget)."""
        self._restyled = False
        """Whether the CSS changed since the notes were built."""

    # -- what the app calls ------------------------------------------------------

    @property
    def hexmap(self) -> HexMap | None:
        """The cartogram in use (None before the first state)."""
        return self.placement.hexmap if self.placement else None

    @property
    def unplaced(self) -> list[str]:
        """Ids of the night's councils that have no hex (listed beside the map)."""
        return self.placement.unplaced if self.placement else []

    @property
    def flashing(self) -> dict[str, bool]:
        """Councils highlighted right now, each with whether it was a gain."""
        return {council_id: gain for council_id, (_, gain) in self._flashes.items()}

    def show(self, state: State) -> None:
        """Draw `state` (nothing to do when it is the one already drawn)."""
        if state is self.state:
            return
        shown = self.state
        self.state = state
        if shown is None or state.councils.keys() != shown.councils.keys():
            self._place()
            self._changed()
            return
        before = shown.councils
        # statuses are immutable, replaced when they change (the same object: no change);
        # a seek unpacks new ones, equal where nothing changed
        self._changed(
            [c for c, s in state.councils.items() if s is not (old := before[c]) and s != old]
        )

    def flash(self, council_id: str, gain: bool) -> None:
        """Highlight a council's hex for a moment (a result just landed)."""
        seconds = FLASH_SECONDS * (2 if gain else 1)
        self._flashes[council_id] = (time.monotonic() + seconds, gain)
        if self._flash_timer is None:
            self._flash_timer = self.set_interval(0.5, self._expire_flashes)
        self._changed([council_id])

    def select(self, council_id: str) -> None:
        """Select a council and scroll its hex (or its line in the list) into view."""
        if self.state is None or council_id not in self.state.councils:
            return
        changed = [council_id] if self.selected is None else [self.selected, council_id]
        self.selected = council_id
        region = self.region_of(council_id)
        if region is not None:
            self.scroll_to_region(region, animate=False, immediate=True)
        self._changed(changed)

    def action_move(self, direction: Direction) -> None:
        """Select the nearest council of tonight's in that direction on the map."""
        placement = self.placement
        if placement is None or self.selected is None:
            return
        code = placement.codes.get(self.selected)
        if code is None:  # in the no-hex list: up and down walk the list
            if direction in ("north", "south"):
                index = placement.unplaced.index(self.selected)
                index += 1 if direction == "south" else -1
                if 0 <= index < len(placement.unplaced):
                    self.select(placement.unplaced[index])
            return
        start = self.selected
        last = self._last_move
        if last is not None and last[0] == OPPOSITE[direction] and last[2] == self.selected:
            self.select(last[1])  # straight back where the last arrow came from
            self._last_move = None
            return
        target = placement.hexmap.step(code, direction, placement.councils)
        if target is not None:
            self.select(placement.councils[target])
            self._last_move = (direction, start, self.selected)

    def action_open(self) -> None:
        """Ask for the selected council's detail."""
        if self.selected is not None:
            self.post_message(CouncilOpened(self.selected))

    def action_leave(self) -> None:
        """Give the keys back to playback."""
        self.screen.set_focus(None)

    # -- events ----------------------------------------------------------------

    def on_show(self, event: events.Show) -> None:
        """Catch up with what changed while the grid was showing."""
        if self._dirty:
            self._layout()

    def on_resize(self, event: events.Resize) -> None:
        """Choose the hex shape for the new size."""
        self._layout()

    def watch_has_focus(self, has_focus: bool) -> None:
        """Name the keys in the status line: the map's when focused, how to get them if not."""
        super().watch_has_focus(has_focus)
        self._update_title()

    def on_click(self, event: events.Click) -> None:
        """Select the council under the mouse; a double click opens it."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        council_id = self._council_at(offset.x + int(self.scroll_x), offset.y + int(self.scroll_y))
        if council_id is None:
            return
        self.focus()
        self.select(council_id)
        if event.chain >= 2:
            self.action_open()

    def notify_style_update(self) -> None:
        """CSS changed (a theme switch): redraw everything, the notes too (when drawn: the
        ancestors' styles, which the notes' background blends, may not be updated yet)."""
        super().notify_style_update()
        self._restyled = True
        self._cache.clear()

    def restyle(self) -> None:
        """Redraw everything (the palette changed with the theme: the gains' text colours)."""
        self._changed()

    # -- placing and laying out --------------------------------------------------

    def _place(self) -> None:
        assert self.state is not None
        councils = self.state.councils
        ons = {cid: status.council.ons for cid, status in councils.items()}
        hexmap = map_for(self.year or max(MAPS), ons.values())
        placement = place(hexmap, ons)
        self.placement = placement
        drawn = {h.code: h for h in hexmap.hexes.values() if h.country in BACKDROP}
        drawn.update((code, hexmap.hexes[code]) for code in placement.councils)
        self._hexes = list(drawn.values())
        if self._hexes:
            qs = [h.q for h in self._hexes]
            rs = [h.r for h in self._hexes]
            self._bounds = (min(qs), max(qs), min(rs), max(rs))
        self._rows = {}
        for h in sorted(self._hexes, key=lambda h: h.q):
            self._rows.setdefault(h.r, []).append(h)
        if self.selected not in councils:  # the latest declaration, else the first by name
            order = sorted(councils.values(), key=lambda c: c.council.name)
            declared = [c for c in order if c.result is not None]
            latest = max(declared, key=lambda c: c.result.at if c.result else 0, default=None)
            first = latest or (order[0] if order else None)
            self.selected = first.council.id if first else None
        self._layout()

    def _layout(self) -> None:
        """Choose the hex shape for the size, and where the notes go.

        The notes (legend, gains, councils with no hex) go in a column beside the map
        when there is room, else in the empty sea at the map's top left, and what does
        not fit there below the map.
        """
        size = self.scrollable_content_region.size
        width, height = size
        if width <= 0 or self.placement is None:
            return
        self._laid_out_for = size
        q0, q1, r0, r1 = self._bounds
        columns, rows = q1 - q0 + 1, r1 - r0 + 1
        self.shape = choose_shape(columns, rows, width, height - 1)
        self._map_size = map_w, map_h = self.shape.size(columns, rows)
        beside = width - map_w - SIDE_GAP
        self._spots = []
        if beside >= SIDE_MIN:
            self._spots = [(map_w + SIDE_GAP, y, min(beside, SIDE_MAX)) for y in range(height)]
        else:
            for y in range(map_h):
                free = self._free_cells(y) - SIDE_GAP
                if free < INSET_MIN:
                    break
                self._spots.append((0, y, free))
            self._spots += [(0, y, width) for y in range(map_h, height)]
        self._below = (0, max(height, map_h), width)
        self._changed()

    def _free_cells(self, line: int) -> int:
        """Blank cells at the start of a map line (before its first hex)."""
        pitch = self.shape.pitch
        r1 = self._bounds[3]
        first = [
            self._origin(self._rows[r1 - half // pitch][0])[0]
            for half in (2 * line, 2 * line + 1)
            if self._rows.get(r1 - half // pitch)
        ]
        return min(first, default=self._map_size[0])

    # -- notes: legend, gains and the councils with no hex --------------------------

    def _build_notes(self) -> None:
        """Lay the notes in their spots (more lines than spots scroll below); size the view."""
        outer = self._pass_style
        self._pass_style = self.base_style()  # once for every note
        try:
            self._lay_notes()
        finally:
            self._pass_style = outer

    def _lay_notes(self) -> None:
        self._notes = {}
        if self.state is None or self.placement is None:
            return
        lines: list[tuple[list[Segment], str | None]] = []
        for sample, description in self._legend():
            lines.append(([sample, Segment(f" {description}", self._dim())], None))
        unplaced = self.placement.unplaced
        bold = self.base_style() + Style(bold=True)
        listed: list[tuple[list[Segment], str | None]] = []
        if unplaced:
            title = f"No hex on the {self.placement.hexmap.year} map ({len(unplaced)}):"
            listed.append(([], None))
            listed.append(([Segment(title, bold)], None))
            for council_id in unplaced:
                status = self.state.councils[council_id]
                text = f"{clean_text(status.council.name)} {tile_status(status, 16)}"
                listed.append(([Segment(text, self._style(council_id, status))], council_id))
        together = next(
            (i for i, spot in enumerate(self._spots) if spot[1] != self._spots[0][1] + i),
            len(self._spots),
        )  # gains stay in one block: beside the map, in its corner, or below it
        room = together - len(lines) - len(listed)
        lines += self._gain_notes(room)
        lines += listed
        x, y, width = self._below
        y -= 1
        for index, (segments, named) in enumerate(lines):
            if index < len(self._spots):
                x, y, width = self._spots[index]
            else:
                x, y = self._below[0], max(y + 1, self._below[1])
            self._notes[y] = (x, Strip(segments).crop(0, width), named)
        map_w, map_h = self._map_size
        right = max((x + s.cell_length for x, s, _ in self._notes.values()), default=0)
        bottom = max(self._notes, default=-1) + 1
        size = Size(max(map_w, right), max(map_h, bottom))
        if size != self.virtual_size:
            self.virtual_size = size

    def _gain_notes(self, room: int) -> list[tuple[list[Segment], str | None]]:
        """Tonight's gains in words, newest first, in at most `room` lines."""
        assert self.state is not None
        gains = sorted(
            (s for s in self.state.councils.values() if s.gained and s.result is not None),
            key=lambda s: s.result.at if s.result else 0,
            reverse=True,
        )
        if not gains or room < 3:
            return []
        base = self.base_style()
        notes: list[tuple[list[Segment], str | None]] = [
            ([], None),
            ([Segment(f"Gains ({len(gains)}):", base + Style(bold=True))], None),
        ]
        shown = gains if len(gains) <= room - 2 else gains[: room - 3]
        for status in shown:
            outcome = tile_status(status, WORDS_WIDTH)
            style = base + self.palette.text_style(status.control)
            name = abbreviate(clean_text(status.council.name), 14)
            notes.append(([Segment(f"{name} {outcome}", style)], status.council.id))
        if len(shown) < len(gains):
            notes.append(
                ([Segment(f"\u2026 and {len(gains) - len(shown)} more", self._dim())], None)
            )
        return notes

    def _legend(self) -> list[tuple[Segment, str]]:
        """Samples of each look with what it means."""
        assert self.state is not None
        party = self.state.parties[0] if self.state.parties else None
        colour = self.palette.colour(party)
        background = self._background()
        faint = Segment("  ", Style(bgcolor=self._colour("council-map--faint", "background")))
        if self.shape.dense:

            def swatch(c: Color) -> Segment:
                return Segment("  ", Style(bgcolor=c.rich_color))

            items = [
                (swatch(colour), "gain"),
                (swatch(background.blend(colour, HOLD_SHADE)), "hold"),
                (swatch(background.blend(colour, CALL_SHADE)), "called"),
                (swatch(background.blend(colour, PENDING_SHADE)), "to declare"),
                (faint, "no poll"),
                (swatch(self._theme_colour("council-map--cursor", "color")), "selected"),
            ]
            return [item for item in items if item[1] != "called" or self.state.called]

        declared = self.palette.tile_style(party, background, True)
        pending = self.palette.tile_style(party, background, False)
        gain = declared + self._component("council-map--gain")
        called = declared + self._component("council-map--called")
        items = [
            (Segment("Abc", gain), f"gain (+{party})" if self.shape.pitch == 4 else "gain"),
            (Segment("Abc", declared), "hold"),
            (Segment("Abc", called), "called, seats still counting"),
            (Segment("Abc", pending + self._component("council-map--pending")), "to declare"),
            (faint, "no poll"),
        ]
        return [item for item in items if item[1] != items[2][1] or self.state.called]

    def _origin(self, h: Hex) -> tuple[int, int]:
        """A hex's first column and its first half-line."""
        q0, _, _, r1 = self._bounds
        shape = self.shape
        x = (h.q - q0) * shape.width + (shape.shift if h.r % 2 else 0)
        return x, (r1 - h.r) * shape.pitch

    def region_of(self, council_id: str) -> Region | None:
        """Where a council is drawn (its hex, or its line in the notes), in map cells."""
        placement = self.placement
        if placement is None:
            return None
        code = placement.codes.get(council_id)
        if code is None:
            for y, (x, strip, named) in self._notes.items():
                if named == council_id:
                    return Region(x, y, strip.cell_length, 1)
            return None
        x, half = self._origin(placement.hexmap.hexes[code])
        top, bottom = half // 2, (half + self.shape.pitch - 1) // 2
        return Region(x, top, self.shape.width, bottom - top + 1)

    def _council_at(self, x: int, y: int) -> str | None:
        placement = self.placement
        if placement is None:
            return None
        note = self._notes.get(y)
        if note is not None and note[0] <= x < note[0] + note[1].cell_length and note[2]:
            return note[2]
        q0, _, _, r1 = self._bounds
        shape = self.shape
        for half in (2 * y, 2 * y + 1):
            r = r1 - half // shape.pitch
            column, inside = divmod(x - (shape.shift if r % 2 else 0), shape.width)
            h = placement.hexmap.at.get((column + q0, r))
            if h is not None and inside < shape.label and h.code in placement.councils:
                return placement.councils[h.code]
        return None

    # -- drawing ---------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """One line of the map, from the cache when nothing changed."""
        if self.scrollable_content_region.size != self._laid_out_for:
            self._layout()  # the size settled after the last resize event
        if self._restyled:
            self._restyled = False
            self._build_notes()
        line = y + int(self.scroll_y)
        strip = self._cache.get(line)
        if strip is None:
            strip = self._render_map_line(line)
            self._cache[line] = strip
        x = int(self.scroll_x)
        width = self.size.width
        return strip.crop(x, x + width).adjust_cell_length(width, self.base_style())

    def _render_map_line(self, line: int) -> Strip:
        base = self.base_style()
        width = self.virtual_size.width
        if self.state is None or self.placement is None:
            return Strip.blank(width, base)
        map_h = self._map_size[1]
        segments: list[Segment] = []
        if line < map_h:
            pitch = self.shape.pitch
            row, below = (2 * line) // pitch, (2 * line + 1) // pitch
            if row == below:  # both halves of the line in one hex row: text
                segments = self._text_line(row, (2 * line - row * pitch) // 2)
            else:
                segments = self._half_block_line(row, below)
        note = self._notes.get(line)
        if note is not None:
            x, text, _ = note
            drawn = Strip(segments)
            start = Strip(list(drawn.crop(0, x))).adjust_cell_length(x, base)
            after = list(drawn.crop(x + text.cell_length, drawn.cell_length))
            segments = [*start, *text, *after]
        return Strip(segments).adjust_cell_length(width, base)

    def _text_line(self, row: int, sub: int) -> list[Segment]:
        """A full line of hex row `row`: each hex's name (`sub` 0) or control (`sub` 1)."""
        base = self.base_style()
        segments: list[Segment] = []
        at = 0
        for h in self._rows.get(self._bounds[3] - row, ()):
            x, _ = self._origin(h)
            if x > at:
                segments.append(Segment(" " * (x - at), base))
            text, style = self._hex_cell(h, sub)
            label = text.rstrip()
            segments.append(Segment(label, style))
            if len(label) < len(text):  # pad without the gain's underline
                segments.append(Segment(text[len(label) :], style + NO_UNDERLINE))
            at = x + self.shape.label
        return segments

    def _hex_cell(self, h: Hex, sub: int) -> tuple[str, Style]:
        """A labelled hex's text on line `sub` and its style."""
        assert self.state is not None and self.placement is not None
        inner = self.shape.label
        council_id = self.placement.councils.get(h.code)
        if council_id is None:
            return " " * inner, self._component("council-map--faint")
        status = self.state.councils[council_id]
        if sub == 0:
            text = hex_label(clean_text(status.council.name), inner)
        else:
            text = tile_status(status, inner)
        return set_cell_size(text, inner), self._style(council_id, status)

    def _style(self, council_id: str, status: CouncilStatus) -> Style:
        flash = self._flashes.get(council_id)
        return tile_style(
            self.palette,
            status,
            self._background(),
            lambda name: self._component(f"council-map--{name}"),
            flash[1] if flash else None,
            council_id == self.selected,
        )

    def _half_block_line(self, upper_row: int, lower_row: int) -> list[Segment]:
        """A line shared by two hex rows: the upper in the foreground of `▀`, the lower below."""
        base = self.base_style()
        width = self._map_size[0]
        r1 = self._bounds[3]
        top = self._pixels(r1 - upper_row, width)
        bottom = self._pixels(r1 - lower_row, width)
        background = base.bgcolor
        segments: list[Segment] = []
        for upper, lower in zip(top, bottom, strict=True):
            if upper is None and lower is None:
                segment = Segment(" ", base)
            elif upper is None:
                segment = Segment("\u2584", base + Style(color=lower, bgcolor=background))
            else:
                segment = Segment("\u2580", base + Style(color=upper, bgcolor=lower or background))
            segments.append(segment)
        return list(Segment.simplify(segments))

    def _pixels(self, r: int, width: int) -> list[RichColor | None]:
        """The colour of each cell of hex row `r` (None where there is no hex)."""
        cells: list[RichColor | None] = [None] * width
        inner = self.shape.label
        for h in self._rows.get(r, ()):
            x, _ = self._origin(h)
            cells[x : x + inner] = [self._fill(h)] * inner
        return cells

    def _fill(self, h: Hex) -> RichColor:
        """A hex's colour outside its text: as its label's background, or, dense, a shade."""
        assert self.state is not None and self.placement is not None
        council_id = self.placement.councils.get(h.code)
        if council_id is None:
            return self._colour("council-map--faint", "background")
        status = self.state.councils[council_id]
        if self.shape.dense:
            return self._dense_colour(council_id, status).rich_color
        fill = self._style(council_id, status).bgcolor
        return fill if fill is not None else self._colour("council-map--faint", "background")

    def _dense_colour(self, council_id: str, status: CouncilStatus) -> Color:
        """A hex's colour when there is no room for text: gains full, holds a shade darker."""
        if council_id == self.selected:
            return self._theme_colour("council-map--cursor", "color")
        flash = self._flashes.get(council_id)
        if flash is not None and flash[1]:
            return self._theme_colour("council-map--flash-gain", "background")
        background = self._background()
        colour = self.palette.colour(status.control)
        if status.result is None:
            return background.blend(colour, PENDING_SHADE)
        if flash is not None:
            return colour.lighten(0.25)
        if status.called:
            return background.blend(colour, CALL_SHADE)
        return colour if status.gained else background.blend(colour, HOLD_SHADE)

    def _dim(self) -> Style:
        return self.base_style() + self._component("council-map--legend")

    def _background(self) -> Color:
        base = self.base_style()
        return Color.from_rich_color(base.bgcolor) if base.bgcolor else Color(0, 0, 0)

    def _component(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def _theme_colour(self, name: str, attribute: str) -> Color:
        """A colour set in CSS on a component class (blended over the background)."""
        colour: Color = getattr(self.get_component_styles(name), attribute)
        return self._background() + colour

    def _colour(self, name: str, attribute: str) -> RichColor:
        return self._theme_colour(name, attribute).rich_color

    # -- bookkeeping -----------------------------------------------------------

    def _expire_flashes(self) -> None:
        now = time.monotonic()
        expired = [key for key, (until, _) in self._flashes.items() if until <= now]
        for key in expired:
            del self._flashes[key]
        if expired:
            self._changed(expired)
        if not self._flashes and self._flash_timer is not None:
            self._flash_timer.stop()
            self._flash_timer = None

    def _changed(self, councils: list[str] | None = None) -> None:
        """Redraw the lines of these councils' hexes and the notes' lines that changed
        (None: everything).

        Lines are cached by map line: those of a council's hex and of a changed note are
        dropped, and only the ones in view repaint; the title is reassigned only when its
        text changes (an assignment repaints the whole widget).
        """
        if not self.display:  # the grid is showing: catch up when shown
            self._dirty = True
            return
        notes, size = self._notes, self.virtual_size
        self._build_notes()
        self._update_title()
        if councils is None or self._dirty or self.virtual_size != size:  # (a new width)
            self._dirty = False
            self._cache.clear()
            self.refresh()
            return
        lines = {y for y in notes.keys() | self._notes.keys() if notes.get(y) != self._notes.get(y)}
        for council_id in councils:
            lines.update(self._hex_lines(council_id))
        top, height = int(self.scroll_y), self.size.height
        for line in lines:
            self._cache.discard(line)
            if top <= line < top + height:
                self.refresh(Region(0, line - top, self.size.width, 1))

    def _hex_lines(self, council_id: str) -> range:
        """The map lines a council's hex is drawn on (none if it has no hex)."""
        placement = self.placement
        code = placement.codes.get(council_id) if placement else None
        if placement is None or code is None:
            return range(0)
        _, half = self._origin(placement.hexmap.hexes[code])
        return range(half // 2, (half + self.shape.pitch - 1) // 2 + 1)

    def _update_title(self) -> None:
        title = Text("Map", style="bold")
        if self.state is not None and self.selected in self.state.councils:
            status = self.state.councils[self.selected]
            title.append(f"  \u25b8 {summary(status, self.timezone)}", style="not bold")
        if self.has_focus:
            title.append("  arrows move \u00b7 enter opens \u00b7 esc", style="not bold dim")
        else:
            title.append("  tab to select \u00b7 m: grid", style="not bold dim")
        if title != self._title:
            self._title = title
            self.border_title = title
