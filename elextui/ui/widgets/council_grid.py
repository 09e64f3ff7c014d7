"""The council grid: a tile per council, drawn with the Line API and cached Strips."""

from __future__ import annotations

import time
from dataclasses import dataclass

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.color import Color
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from elextui.clock import Clock, MonotonicClock
from elextui.describe import clean_text
from elextui.state import CouncilStatus, State
from elextui.ui.labels import short_names
from elextui.ui.palette import Palette
from elextui.ui.tiles import tile_detail, tile_status, tile_style
from elextui.ui.widgets.pass_style import PassStyle

FLASH_SECONDS = 3.0
"""How long a newly declared tile stays highlighted (gains twice as long)."""
FOLLOW_SECONDS = 1.0
"""While declarations come faster than this, the grid scrolls to the newest one at most
this often (a grid that jumps every frame cannot be read); a lone one is followed at once."""


@dataclass(frozen=True)
class TileLayout:
    """How tiles sit in the grid: columns, tile size and the blank lines between rows."""

    columns: int
    width: int
    height: int
    gap: int

    @property
    def pitch(self) -> int:
        """Lines from the top of one tile row to the next."""
        return self.height + self.gap


TILE_SHAPES: tuple[tuple[int, int, int], ...] = ((16, 3, 1), (14, 3, 0), (10, 2, 0))
"""Tile (minimum width, height, gap), best first: the first that shows every tile is used."""
COMPACT = TileLayout(columns=0, width=10, height=2, gap=0)
"""The tile used when no shape fits: the grid scrolls."""


def choose_layout(count: int, width: int, height: int) -> TileLayout:
    """The biggest tiles that show all `count` tiles in width x height, else compact ones."""
    for min_width, tile_height, gap in TILE_SHAPES:
        rows = max(1, (height + gap) // (tile_height + gap))
        columns = max(1, -(-count // rows))
        tile_width = (width - (columns - 1)) // columns
        if tile_width >= min_width:
            return TileLayout(columns, tile_width, tile_height, gap)
    columns = max(1, (width + 1) // (COMPACT.width + 1))
    tile_width = max(COMPACT.width, (width - (columns - 1)) // columns)
    return TileLayout(columns, tile_width, COMPACT.height, COMPACT.gap)


class CouncilOpened(Message):
    """The user asked for a council's detail from the grid or the map (Enter or double click)."""

    def __init__(self, council_id: str) -> None:
        super().__init__()
        self.council_id = council_id


class CouncilGrid(ScrollView, PassStyle, can_focus=True):
    """Tiles coloured by control: faint while pending, `LAB GAIN` bold, flashed on arrival."""

    COMPONENT_CLASSES = {
        "council-grid--pending",
        "council-grid--gain",
        "council-grid--called",
        "council-grid--flash",
        "council-grid--flash-gain",
        "council-grid--cursor",
    }

    BINDINGS = [
        Binding("up", "move(0, -1)", "Up", show=False),
        Binding("down", "move(0, 1)", "Down", show=False),
        Binding("left", "move(-1, 0)", "Left", show=False),
        Binding("right", "move(1, 0)", "Right", show=False),
        Binding("enter", "open", "Open council", show=False),
        Binding("escape", "leave", "Back to playback", show=False),
    ]

    def __init__(self, palette: Palette, clock: Clock | None = None) -> None:
        super().__init__()
        self.palette = palette
        self.clock = clock or MonotonicClock()
        """What paces following declarations (the player's: fake in tests)."""
        self._followed_at = float("-inf")
        """When the grid last scrolled to a declaration (on `clock`)."""
        self._follow_next: str | None = None
        """The newest declaration waiting for its turn to be followed."""
        self._follow_waiting = False
        self.state: State | None = None
        self.order: list[str] = []
        """Council ids in tile order (by name)."""
        self._index: dict[str, int] = {}
        """Each council's place in `order`."""
        self.cursor = 0
        self.tiles = TileLayout(1, 12, 2, 0)
        self._flashes: dict[str, tuple[float, bool]] = {}
        self._flash_timer: Timer | None = None
        self._cache: LRUCache[int, Strip] = LRUCache(256)
        self._tiles: dict[str, tuple[CouncilStatus, tuple[bool | None, bool], list[Segment]]] = {}
        self._title: Text | None = None
        """The border title last assigned (assigning one repaints the whole widget)."""
        self.names: dict[str, str] = {}
        """Each council's name as its tiles show it (short names unique in the night)."""

    @property
    def selected(self) -> str | None:
        """The id of the council under the cursor."""
        return self.order[self.cursor] if self.order else None

    @property
    def flashing(self) -> dict[str, bool]:
        """Councils highlighted right now, each with whether it was a gain."""
        return {council_id: gain for council_id, (_, gain) in self._flashes.items()}

    def show(self, state: State) -> None:
        """Draw `state` (nothing to do when it is the one already drawn)."""
        if state is self.state:
            return
        shown = self.state
        if shown is None or state.councils.keys() != shown.councils.keys():
            self.order = sorted(state.councils, key=lambda c: state.councils[c].council.name)
            self._index = {council_id: index for index, council_id in enumerate(self.order)}
            self.cursor = min(self.cursor, max(0, len(self.order) - 1))
            self.state = state
            self._reflow()
            self._changed()
            return
        self.state = state
        before, after = shown.councils, state.councils
        # statuses are immutable, replaced when they change (the same object: no change);
        # a seek unpacks new ones, equal where nothing changed
        changed = [
            i
            for i, council_id in enumerate(self.order)
            if (status := after[council_id]) is not (old := before[council_id]) and status != old
        ]
        self._changed(self._rows_of(changed))

    def flash(self, council_id: str, gain: bool) -> None:
        """Highlight a council's tile for a moment (a result just landed)."""
        seconds = FLASH_SECONDS * (2 if gain else 1)
        self._flashes[council_id] = (time.monotonic() + seconds, gain)
        if self._flash_timer is None:
            self._flash_timer = self.set_interval(0.5, self._expire_flashes)
        self._changed(self._rows_of_councils([council_id]), title=False)

    def follow(self, council_id: str) -> None:
        """Bring a newly declared council into view, unless the user is selecting tiles:
        at once, or, within `FOLLOW_SECONDS` of the last, the newest when that time is up."""
        if self.has_focus or council_id not in self._index:
            return
        wait = self._followed_at + FOLLOW_SECONDS - self.clock.now()
        if wait <= 0:
            self._follow_now(council_id)
            return
        self._follow_next = council_id
        if not self._follow_waiting:
            self._follow_waiting = True
            self.run_worker(self._follow_later(), group="follow")

    async def _follow_later(self) -> None:
        await self.clock.sleep(self._followed_at + FOLLOW_SECONDS - self.clock.now())
        self._follow_waiting = False
        council_id, self._follow_next = self._follow_next, None
        if council_id is not None and not self.has_focus:
            self._follow_now(council_id)

    def _follow_now(self, council_id: str) -> None:
        self._followed_at = self.clock.now()
        self._follow_next = None
        index = self._index.get(council_id)
        if index is not None:
            self.scroll_to_region(self._tile_region(index), animate=False, immediate=True)

    def _tile_region(self, index: int) -> Region:
        """Where a tile sits in the whole grid."""
        tiles = self.tiles
        row, column = divmod(index, tiles.columns)
        return Region(column * (tiles.width + 1), row * tiles.pitch, tiles.width, tiles.height)

    def select(self, council_id: str) -> None:
        """Put the cursor on a council and scroll it into view."""
        index = self._index.get(council_id)
        if index is not None:
            self._move_to(index)

    def on_resize(self, event: events.Resize) -> None:
        """Reflow the tiles for the new size."""
        self._reflow()

    def watch_has_focus(self, has_focus: bool) -> None:
        """Show the cursor and the selected council while the grid has the keys; hide them
        (and say how to get them) when it gives them back."""
        super().watch_has_focus(has_focus)
        self._changed()  # the title and the border's colour change: all of it repaints

    def on_click(self, event: events.Click) -> None:
        """Select the tile under the mouse; a double click opens it."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self._tile_at(offset.x + int(self.scroll_x), offset.y + int(self.scroll_y))
        if index is None:
            return
        self.focus()
        self._move_to(index)
        if event.chain >= 2:
            self.action_open()

    def action_move(self, dx: int, dy: int) -> None:
        """Move the cursor by columns and rows."""
        if self.order:
            target = self.cursor + dx + dy * self.tiles.columns
            self._move_to(max(0, min(len(self.order) - 1, target)))

    def action_open(self) -> None:
        """Ask for the selected council's detail."""
        if self.selected is not None:
            self.post_message(CouncilOpened(self.selected))

    def action_leave(self) -> None:
        """Give the keys back to playback."""
        self.screen.set_focus(None)

    def render_line(self, y: int) -> Strip:
        """One line of tiles, from the cache when nothing changed."""
        line = y + int(self.scroll_y)
        strip = self._cache.get(line)
        if strip is None:
            strip = self._render_grid_line(line)
            self._cache[line] = strip
        return strip

    def _render_grid_line(self, line: int) -> Strip:
        base = self.base_style()
        width = self.size.width
        tiles = self.tiles
        row, offset = divmod(line, tiles.pitch)
        if self.state is None or offset >= tiles.height:
            return Strip.blank(width, base)
        gap = Segment(" ", base)
        segments: list[Segment] = []
        for index in range(row * tiles.columns, min(len(self.order), (row + 1) * tiles.columns)):
            if segments:
                segments.append(gap)
            segments.append(self._tile(index, base)[offset])
        count = (len(segments) + 1) // 2
        length = count * tiles.width + max(0, count - 1)  # a tile's text is its width
        if length < width:  # what adjust_cell_length gives, without a second Strip
            segments.append(Segment(" " * (width - length), base))
            return Strip(segments, width)
        return Strip(segments, length).adjust_cell_length(width, base)

    def _tile(self, index: int, base: Style) -> list[Segment]:
        """A tile's lines, cached until its status, flash or cursor changes (`base`: the
        grid's own style, computed once per line: `rich_style` walks every ancestor)."""
        assert self.state is not None
        council_id = self.order[index]
        status = self.state.councils[council_id]
        flash = self._flashes.get(council_id)
        look = (flash[1] if flash else None, index == self.cursor and self.has_focus)
        cached = self._tiles.get(council_id)
        if cached is not None and cached[0] is status and cached[1] == look:
            return cached[2]
        style = self._tile_style(status, look[0], look[1], base)
        lines = [
            Segment(self._tile_text(status, offset, look[1]), style)
            for offset in range(self.tiles.height)
        ]
        self._tiles[council_id] = (status, look, lines)
        return lines

    def _tile_text(self, status: CouncilStatus, offset: int, cursor: bool) -> str:
        """A tile's line: its name, status or seats over the whole tile (the gap between
        tiles is the margin); the selected tile's name starts with a ▸."""
        width = self.tiles.width
        if offset == 0:
            text = self.names.get(status.council.id) or clean_text(status.council.name)
            if cursor:
                text = "\u25b8" + set_cell_size(text, width - 1).rstrip()
        elif offset == 1:
            text = tile_status(status, width)
        else:
            text = tile_detail(status, width)
        return set_cell_size(text, width)

    def _tile_style(
        self, status: CouncilStatus, flash: bool | None, cursor: bool, base: Style
    ) -> Style:
        background = Color.from_rich_color(base.bgcolor) if base.bgcolor else Color(0, 0, 0)
        return tile_style(
            self.palette,
            status,
            background,
            lambda name: self._component(f"council-grid--{name}"),
            flash,
            cursor,
        )

    def _component(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def _tile_at(self, x: int, y: int) -> int | None:
        tiles = self.tiles
        row, offset = divmod(y, tiles.pitch)
        column, inside = divmod(x, tiles.width + 1)
        if offset >= tiles.height or inside >= tiles.width or column >= tiles.columns:
            return None
        index = row * tiles.columns + column
        return index if index < len(self.order) else None

    def _move_to(self, index: int) -> None:
        rows = self._rows_of([self.cursor, index])
        self.cursor = index
        self.scroll_to_region(self._tile_region(index), animate=False, immediate=True)
        self._changed(rows)

    def _reflow(self) -> None:
        width, height = self.scrollable_content_region.size
        if width <= 0:
            return
        self.tiles = choose_layout(len(self.order), width, height)
        self._tiles.clear()
        if self.state is not None:
            councils = self.state.councils
            named = {c: clean_text(councils[c].council.name) for c in self.order}
            self.names = short_names(named, self.tiles.width)
        rows = -(-len(self.order) // self.tiles.columns)
        self.virtual_size = Size(width, rows * self.tiles.pitch - self.tiles.gap)
        self._changed()

    def _expire_flashes(self) -> None:
        now = time.monotonic()
        expired = [key for key, (until, _) in self._flashes.items() if until <= now]
        for key in expired:
            del self._flashes[key]
        if expired:
            self._changed(self._rows_of_councils(expired), title=False)
        if not self._flashes and self._flash_timer is not None:
            self._flash_timer.stop()
            self._flash_timer = None

    def notify_style_update(self) -> None:
        """CSS changed (a theme switch): redraw every tile."""
        super().notify_style_update()
        self._tiles.clear()
        self._cache.clear()

    def _rows_of(self, indices: list[int]) -> set[int]:
        """The tile rows of these tile indices."""
        columns = self.tiles.columns
        return {index // columns for index in indices}

    def _rows_of_councils(self, council_ids: list[str]) -> set[int]:
        """The tile rows of these councils' tiles."""
        at = self._index
        return self._rows_of([at[c] for c in council_ids if c in at])

    def _changed(self, rows: set[int] | None = None, title: bool = True) -> None:
        """Redraw the tile `rows` whose tiles changed (None: everything).

        A row's cached lines are dropped and only its lines repaint (the cache is keyed
        by virtual line, so a row out of view is dropped too); the title is reassigned
        only when its text changes (an assignment repaints the whole widget); `title`
        False: the change cannot touch it (flashes).
        """
        if title:
            self._update_title()
        if rows is None:
            self._cache.clear()
            self.refresh()
            return
        tiles = self.tiles
        top, height = int(self.scroll_y), self.size.height
        for row in rows:
            first = row * tiles.pitch
            for line in range(first, first + tiles.height):
                self._cache.discard(line)
            if first < top + height and first + tiles.height > top:
                self.refresh(Region(0, first - top, self.size.width, tiles.height))

    def _update_title(self) -> None:
        if self.state is None or not self.order:
            return
        title = Text("Councils", style="bold")
        if not self.has_focus:
            title.append("  was CON = not declared yet \u00b7 tab to select", style="not bold dim")
            if self.state.called:
                title.append(f"  {self.state.called} called", style="not bold italic")
        else:
            status = self.state.councils[self.order[self.cursor]]
            title.append(f"  {clean_text(status.council.name)}: {status.outcome}", style="not bold")
            title.append("  enter opens \u00b7 esc", style="not bold dim")
        if title != self._title:
            self._title = title
            self.border_title = title
