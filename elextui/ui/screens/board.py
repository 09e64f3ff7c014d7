"""What the board's screens share: the picture they are handed each frame, and the span."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.screen import Screen

from elextui.state import State
from elextui.ui.widgets.night_header import HeaderInfo
from elextui.ui.widgets.scrub_bar import NightSpan, ScrubBar
from elextui.ui.widgets.ticker import TickerItem


@dataclass(frozen=True, slots=True)
class Frame:
    """One picture of the night for a screen to draw."""

    state: State
    header: HeaderInfo
    position: float
    """Where the clock is in the night, 0 (start) to 1 (end)."""
    flag: bool = False
    """Whether results came in since the last frame (the scoreboard flags its change)."""
    rows: Sequence[TickerItem] = ()
    """New ticker rows."""
    reset_rows: Sequence[TickerItem] | None = None
    """After a jump: the ticker's rows from scratch (as many as it shows)."""
    older_rows: Sequence[TickerItem] = ()
    """The rest of a jump's rows, older than those on the ticker: drawn a frame later."""
    flashes: Sequence[tuple[str, bool]] = ()
    """(council id, gained) of the councils declared since the last frame, oldest first."""


class BoardScreen(Screen[None]):
    """A screen the App draws the night on (the board or the presenter's kiosk)."""

    scrub_bar: ScrubBar

    def show(self, frame: Frame) -> None:
        """Hand the latest picture to the widgets."""
        raise NotImplementedError

    def show_header(self, header: HeaderInfo, state: State) -> None:
        """Redraw the header alone (the play state changed: the board follows in its frame)."""
        raise NotImplementedError

    def set_span(self, span: NightSpan) -> None:
        """The night grew (a followed feed): redraw the scrub bar's span."""
        self.scrub_bar.span = span
        self.scrub_bar.refresh()
