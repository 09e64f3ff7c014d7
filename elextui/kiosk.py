"""The presenter's cycle: which slide a kiosk shows next (no Textual; the UI only draws it)."""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass
from enum import Enum

from elextui.clock import Clock

DEFAULT_CYCLE_SECONDS = 10.0
"""Wall seconds each slide stays up before the next one."""
GAIN_QUEUE = 4
"""At most this many gains wait for their slide; older ones are dropped when more arrive."""


class Slide(Enum):
    """What a kiosk can show."""

    ATTRACT = "attract"
    """Before the first declaration: the night's title, clock and what is to come."""
    BOARD = "board"
    """Big figures per party over the council grid."""
    LATEST = "latest"
    """The latest declarations, newest first."""
    GAIN = "gain"
    """One council that changed hands, in detail."""


@dataclass(frozen=True)
class Shown:
    """A slide, and for a gain slide the council it is about."""

    slide: Slide
    council: str | None = None


class Cycle:
    """Board, then a waiting gain (or the latest declarations), then the board again.

    The board comes back after every other slide, so a run of gains never hides it for
    long; before the first declaration only the attract slide shows.
    """

    def __init__(self) -> None:
        self.gains: deque[str] = deque(maxlen=GAIN_QUEUE)
        """Councils gained since their slide was last due, oldest first."""
        self.current = Shown(Slide.ATTRACT)
        self._poke = asyncio.Event()

    def gained(self, council_id: str) -> None:
        """A council changed hands: give it a slide soon (once, even if announced twice)."""
        if council_id in self.gains:
            self.gains.remove(council_id)
        self.gains.append(council_id)

    def clear(self) -> None:
        """Forget waiting gains (after a jump in time)."""
        self.gains.clear()

    def advance(self, declared: bool) -> Shown:
        """Move to the next slide; `declared` says whether any council has declared yet."""
        if not declared:
            self.current = Shown(Slide.ATTRACT)
        elif self.current.slide in (Slide.ATTRACT, Slide.LATEST, Slide.GAIN):
            self.current = Shown(Slide.BOARD)
        elif self.gains:
            self.current = Shown(Slide.GAIN, self.gains.popleft())
        else:
            self.current = Shown(Slide.LATEST)
        return self.current

    def show(self, shown: Shown) -> None:
        """Jump to a slide at once (a presenter's key): `wait` returns and its time restarts."""
        self.current = shown
        self._poke.set()

    async def wait(self, clock: Clock, seconds: float) -> bool:
        """Wait one slide's time on `clock`; True if `show` cut it short."""
        self._poke.clear()
        poke = asyncio.ensure_future(self._poke.wait())
        sleep = asyncio.ensure_future(clock.sleep(seconds))
        try:
            await asyncio.wait({poke, sleep}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (poke, sleep):
                task.cancel()
            await asyncio.gather(poke, sleep, return_exceptions=True)
        return self._poke.is_set()
