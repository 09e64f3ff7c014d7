"""Messages the player worker posts to the App for the player's events."""

from __future__ import annotations

from textual.message import Message

from elextui.night import NightEvent
from elextui.player import Finished, Played, Reset, Tick


class ClockTicked(Message):
    """The feed clock moved; a newer tick replaces an unprocessed older one."""

    def __init__(self, tick: Tick) -> None:
        super().__init__()
        self.tick = tick

    def can_replace(self, message: Message) -> bool:
        """Only the latest tick matters."""
        return isinstance(message, ClockTicked)


class EntriesPlayed(Message):
    """Entries were played (one, or a burst played without a pause between them)."""

    def __init__(self, played: tuple[Played, ...]) -> None:
        super().__init__()
        self.played = played


class PositionReset(Message):
    """The player jumped: the whole picture must be redrawn."""

    def __init__(self, reset: Reset) -> None:
        super().__init__()
        self.reset = reset


class NightFinished(Message):
    """The player reached the end of the night."""

    def __init__(self, finished: Finished) -> None:
        super().__init__()
        self.finished = finished


class FeedChanged(Message):
    """Something happened to a followed feed: entries, bad lines, staleness."""

    def __init__(self, event: NightEvent) -> None:
        super().__init__()
        self.event = event
