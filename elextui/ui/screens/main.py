"""The main screen: header, scoreboard, ticker, council grid (or map) and scrub bar."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Literal

from textual import events
from textual.app import ComposeResult
from textual.containers import Container, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from elextui.clock import Clock
from elextui.state import State
from elextui.ui.palette import Palette
from elextui.ui.screens.board import BoardScreen, Frame
from elextui.ui.widgets.council_grid import CouncilGrid
from elextui.ui.widgets.council_map import CouncilMap
from elextui.ui.widgets.latest import LatestDeclarations
from elextui.ui.widgets.night_header import HeaderInfo, NightHeader
from elextui.ui.widgets.scoreboard import Scoreboard
from elextui.ui.widgets.scrub_bar import NightSpan, ScrubBar
from elextui.ui.widgets.ticker import Ticker

MIN_SIZE = (60, 18)
"""Below this many columns or lines the board is replaced by a message saying so."""

View = Literal["grid", "map"]


class BoardFooter(Footer):
    """Textual's footer, composed again only when the keys it shows change.

    Opening or closing a dialog refreshes the board's bindings to the same keys; composing
    again mounts a widget per key and lays out the screen (~20 ms, and a repaint of the
    whole dialog above it), which a key pressed meanwhile waits behind.
    """

    _shown: Hashable = None
    """What the footer was last composed from (None: not yet)."""

    def _keys(self, screen: Screen[object]) -> Hashable:
        """What `compose` shows: the screen's active bindings and how their keys read."""
        display = self.app.get_key_display
        return (
            self.show_command_palette,
            self.compact,
            *(
                (key, active.binding, active.enabled, active.tooltip, display(active.binding))
                for key, active in screen.active_bindings.items()
            ),
        )

    def compose(self) -> ComposeResult:
        """The keys, as Textual's footer composes them (remembering what from)."""
        if self._bindings_ready:
            self._shown = self._keys(self.screen)
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Compose again if the keys shown changed."""
        if self._shown is not None and screen is self.screen and self._keys(screen) == self._shown:
            return
        super().bindings_changed(screen)


class MainScreen(BoardScreen):
    """The board: panes stacked on a small terminal, side by side on a big one; on a
    short one the latest declarations replace the grid; on a tiny one, a message."""

    AUTO_FOCUS = ""
    """Nothing has focus at first, so the arrow keys step through the night."""
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-cramped"), (22, "-short"), (30, "-tall")]

    def __init__(
        self,
        palette: Palette,
        span: NightSpan,
        day_zone: str | None = None,
        timezone: str = "UTC",
        *,
        year: int | None = None,
        view: View = "grid",
        clock: Clock | None = None,
    ) -> None:
        super().__init__()
        self.header = NightHeader()
        self.scoreboard = Scoreboard(palette)
        self.ticker = Ticker(day_zone=day_zone)
        self.grid = CouncilGrid(palette, clock)
        self.latest = LatestDeclarations(palette, timezone, day=day_zone is not None)
        self.scrub_bar = ScrubBar(span)
        self.too_small = Static(id="too-small")
        self.map = CouncilMap(palette, year, timezone)
        self.view: View = view
        self._focus_map = view == "map"
        """The map takes the arrow keys when the board opens on it (after the first frame)."""

    @property
    def councils(self) -> CouncilGrid | CouncilMap:
        """The councils' view on screen: the grid or the map."""
        return self.map if self.view == "map" else self.grid

    def set_view(self, view: View) -> None:
        """Show the grid or the map in the same place."""
        self.view = view
        self.set_class(view == "map", "-map")

    def select(self, council_id: str) -> None:
        """Select a council in both views."""
        self.grid.select(council_id)
        self.map.select(council_id)

    def compose(self) -> ComposeResult:
        """Lay out the panes."""
        yield self.header
        with Container(id="body"):
            with Vertical(id="panels"):
                self.scoreboard.border_title = "Scoreboard"
                yield self.scoreboard
                self.ticker.border_title = "Ticker"
                yield self.ticker
            yield self.grid
            self.latest.border_title = "Latest declarations"
            yield self.latest
            yield self.map
        self.set_view(self.view)
        yield self.scrub_bar
        yield BoardFooter(compact=True)
        yield self.too_small

    def on_resize(self, event: events.Resize) -> None:
        """Say so when the terminal is too small for the board."""
        width, height = event.size
        small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        self.set_class(small, "-too-small")
        if small:
            self.too_small.update(
                f"Terminal too small: {width}\u00d7{height}.\n"
                f"The board needs {MIN_SIZE[0]}\u00d7{MIN_SIZE[1]} or more.\n"
                "Enlarge the window, or press q to quit."
            )

    def show_header(self, header: HeaderInfo, state: State) -> None:
        """Redraw the header alone."""
        self.header.show(header)

    def show(self, frame: Frame) -> None:
        """Hand the latest picture to every widget."""
        state = frame.state
        self.header.show(frame.header)
        self.scrub_bar.show(frame.position)
        self.scoreboard.show(state, flag=frame.flag)
        self.grid.show(state)
        self.latest.show(state)
        self.map.show(state)
        latest = None
        for council_id, gain in frame.flashes:
            self.grid.flash(council_id, gain)
            self.map.flash(council_id, gain)
            latest = council_id
        if latest is not None:
            self.grid.follow(latest)
        if frame.reset_rows is not None:
            self.ticker.replace(frame.reset_rows)
        if frame.older_rows:
            self.ticker.add_older(frame.older_rows)
        self.ticker.add(frame.rows)
        if self._focus_map:
            self._focus_map = False
            self.map.focus()
