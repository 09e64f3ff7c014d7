"""The presenter's screen: big clock and badge, one slide at a time, no key footer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import ContentSwitcher

from elextui.clock import Clock
from elextui.feed.model import Result
from elextui.kiosk import Cycle, Shown, Slide
from elextui.player import Played
from elextui.state import State
from elextui.ui.palette import Palette
from elextui.ui.screens.board import BoardScreen, Frame
from elextui.ui.widgets.council_grid import CouncilGrid
from elextui.ui.widgets.kiosk import (
    Attract,
    GainDetail,
    KioskHeader,
    LatestDeclarations,
    PartyCards,
)
from elextui.ui.widgets.night_header import HeaderInfo
from elextui.ui.widgets.scrub_bar import NightSpan, ScrubBar


class KioskScreen(BoardScreen):
    """Header always up; below it the attract slide, the board, the latest or a gain."""

    AUTO_FOCUS = ""
    DEFAULT_CSS = """
    KioskScreen {
        background: $background;
    }
    KioskScreen #slides {
        height: 1fr;
    }
    KioskScreen #board CouncilGrid {
        height: 1fr;
        border-top: solid $primary 50%;
        padding: 0 1;
    }
    KioskScreen ScrubBar {
        height: 2;
        background: $panel;
    }
    KioskScreen.-blank {
        background: black;
    }
    KioskScreen.-blank > * {
        display: none;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pageup", "app.previous_moment", "Previous key moment"),
        Binding("pagedown", "app.next_moment", "Next key moment"),
        Binding("b", "blank", "Blank the screen"),
    ]

    def __init__(
        self, palette: Palette, span: NightSpan, timezone: str, first: str | None = None
    ) -> None:
        super().__init__()
        self.header = KioskHeader()
        self.cards = PartyCards(palette)
        self.grid = CouncilGrid(palette)
        self.latest = LatestDeclarations(palette, timezone)
        self.gain = GainDetail(palette, timezone)
        self.attract = Attract()
        self.scrub_bar = ScrubBar(span)
        self.attract.id, self.latest.id, self.gain.id = "attract", "latest", "gain"
        self.switcher = ContentSwitcher(initial="attract", id="slides")
        self.first = first
        self.shown = Shown(Slide.ATTRACT)
        """The slide on screen (under the blank, if blanked)."""
        self._state: State | None = None
        self._ready = False

    @property
    def blanked(self) -> bool:
        """Whether the presenter blanked the screen."""
        return self.has_class("-blank")

    def compose(self) -> ComposeResult:
        """Header, slides, scrub bar: no footer."""
        yield self.header
        with self.switcher:
            yield self.attract
            with Vertical(id="board"):
                yield self.cards
                self.grid.border_title = "Councils"
                yield self.grid
            yield self.latest
            yield self.gain
        yield self.scrub_bar

    def show_header(self, header: HeaderInfo, state: State) -> None:
        """Redraw the header alone."""
        self.header.show(header, state.called)

    def show(self, frame: Frame) -> None:
        """Hand the latest picture to the header and the slides."""
        state = frame.state
        self._state = state
        self.header.show(frame.header, state.called)
        self.scrub_bar.show(frame.position)
        self.cards.show(state)
        self.grid.show(state)
        for council_id, gain in frame.flashes:
            self.grid.flash(council_id, gain)
        self.latest.show(state)
        if self.shown.slide is Slide.ATTRACT:
            self.attract.show(state, self.first)

    def slide(self, shown: Shown, state: State) -> None:
        """Put a slide up (a gain slide shows its council as of `state`)."""
        if shown.slide is Slide.GAIN:
            status = state.councils.get(shown.council or "")
            if status is None:
                shown = Shown(Slide.BOARD)
            else:
                self.gain.show(status)
        if shown.slide is Slide.ATTRACT:
            self.attract.show(state, self.first)
        self.shown = shown
        if self._ready:
            self.switcher.current = shown.slide.value

    def on_mount(self) -> None:
        """Put up the slide chosen before the screen was ready."""
        self._ready = True
        self.switcher.current = self.shown.slide.value

    def action_blank(self) -> None:
        """Blank the screen, or bring it back."""
        self.set_class(not self.blanked, "-blank")


class KioskMode:
    """Drives a kiosk screen's slides on the player's clock (fake in tests)."""

    def __init__(self, screen: KioskScreen, clock: Clock, seconds: float) -> None:
        self.screen = screen
        self.clock = clock
        self.seconds = seconds
        """Wall seconds each slide stays up."""
        self.cycle = Cycle()

    async def run(self, state: Callable[[], State]) -> None:
        """Put up one slide after another until cancelled; `state()` is the state on screen."""
        shown = self.cycle.advance(state().declared > 0)
        while True:
            self.screen.slide(shown, state())
            poked = await self.cycle.wait(self.clock, self.seconds)
            shown = self.cycle.current if poked else self.cycle.advance(state().declared > 0)

    def played(self, played: Sequence[Played], before: State) -> None:
        """Entries played: each gain gets a slide; the first declaration ends the attract."""
        for event in played:
            if isinstance(event.entry, Result):
                status = event.state.councils.get(event.entry.council)
                if status is not None and status.gained:
                    self.cycle.gained(status.council.id)
        if before.declared == 0 and played and played[-1].state.declared > 0:
            self.cycle.show(Shown(Slide.BOARD))

    def jumped(self, state: State, board: bool = False) -> None:
        """The position jumped: forget waiting gains; attract or board as the state says."""
        self.cycle.clear()
        attract = self.cycle.current.slide is Slide.ATTRACT
        if board or (state.declared > 0) == attract:
            self.cycle.show(Shown(Slide.BOARD if state.declared else Slide.ATTRACT))
