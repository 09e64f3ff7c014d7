"""The main screen: header, scoreboard, ticker, council grid and scrub bar."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.containers import Container, Vertical
from textual.screen import Screen
from textual.widgets import Footer

from elextui.state import State
from elextui.ui.palette import Palette
from elextui.ui.widgets.council_grid import CouncilGrid
from elextui.ui.widgets.night_header import HeaderInfo, NightHeader
from elextui.ui.widgets.scoreboard import Scoreboard
from elextui.ui.widgets.scrub_bar import NightSpan, ScrubBar
from elextui.ui.widgets.ticker import Ticker, TickerItem


class MainScreen(Screen[None]):
    """The board: panes stacked on a small terminal, side by side on a big one."""

    AUTO_FOCUS = ""
    """Nothing has focus at first, so the arrow keys step through the night."""
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    def __init__(self, palette: Palette, span: NightSpan) -> None:
        super().__init__()
        self.palette = palette
        self.span = span

    def compose(self) -> ComposeResult:
        """Lay out the panes."""
        yield NightHeader()
        with Container(id="body"):
            with Vertical(id="panels"):
                scoreboard = Scoreboard(self.palette)
                scoreboard.border_title = "Scoreboard"
                yield scoreboard
                ticker = Ticker()
                ticker.border_title = "Ticker"
                yield ticker
            yield CouncilGrid(self.palette)
        yield ScrubBar(self.span)
        yield Footer(compact=True)

    def show(
        self,
        state: State,
        header: HeaderInfo,
        position: float,
        *,
        flag: bool = False,
        rows: Iterable[TickerItem] = (),
        reset_rows: Iterable[TickerItem] | None = None,
        flashes: Iterable[tuple[str, bool]] = (),
    ) -> None:
        """Hand the latest picture to every widget."""
        self.query_one(NightHeader).show(header)
        self.query_one(ScrubBar).show(position)
        self.query_one(Scoreboard).show(state, flag=flag)
        grid = self.query_one(CouncilGrid)
        grid.show(state)
        for council_id, gain in flashes:
            grid.flash(council_id, gain)
        ticker = self.query_one(Ticker)
        if reset_rows is not None:
            ticker.replace(reset_rows)
        ticker.add(rows)
