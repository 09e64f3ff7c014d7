"""Messages the player worker posts to the App for the player's events, and the pump
that posts them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.message import Message

from elextui.night import NightEvent
from elextui.player import Finished, Played, Player, Reset, Tick


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


async def post_player_events(player: Player, post: Callable[[Message], object]) -> None:
    """Play `player` until cancelled, posting a message for each of its events.

    Entries played in one go (between two yields to the event loop) travel as one
    message, so a burst at top speed costs one dispatch, not thousands.
    """
    loop = asyncio.get_running_loop()
    batch: list[Played] = []

    def send_batch() -> None:
        if batch:
            post(EntriesPlayed(tuple(batch)))
            batch.clear()

    async for event in player.events():
        if isinstance(event, Played):
            if not batch:
                loop.call_soon(send_batch)
            batch.append(event)
            continue
        send_batch()
        if isinstance(event, Tick):
            post(ClockTicked(event))
        elif isinstance(event, Reset):
            post(PositionReset(event))
        elif isinstance(event, Finished):
            post(NightFinished(event))
