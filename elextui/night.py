"""A night, headless: Source → FeedParser → Timeline → Player, for the App, `--no-ui` and `state`.

Replaying a file and following a growing one differ only in their Source: both feed lines
to the same incremental parser and the same timeline. Following, the Night reports what
happens (entries added, bad lines, the source going stale) to its listeners.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from contextlib import aclosing
from dataclasses import dataclass

from elextui.clock import Clock
from elextui.feed.model import Entry
from elextui.feed.reader import Feed, FeedError, FeedParser, Problem, paused_gc
from elextui.player import Player
from elextui.source import Chunk, FileSource, RelayClock, Source, Status, Update
from elextui.timeline import Timeline

WALL_BEFORE = 12 * 3600.0
"""A followed night whose start is at most this far ahead of now is live in wall time."""
WALL_AFTER = 36 * 3600.0
"""... and so is one whose last entry is at most this far behind now."""
RELAY_AHEAD = 10.0
"""Wall seconds a relay's clock is run on past its last answer (then it waits for the next)."""


@dataclass(frozen=True, slots=True)
class Grew:
    """Entries arrived: `added` of them, `late` of those earlier than entries already there."""

    first: int
    """The first timeline index that changed."""
    added: int
    late: int


@dataclass(frozen=True, slots=True)
class ProblemsFound:
    """Lines of a followed feed were bad and skipped."""

    problems: Sequence[Problem]


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """The source went stale or recovered (or the feed was replaced)."""

    stale_since: float | None
    """Wall time (POSIX) of the last good read while stale; None when fresh."""
    message: str


NightEvent = Grew | ProblemsFound | SourceStatus
Listener = Callable[[NightEvent], None]


class Night:
    """A feed's timeline and the player that plays it, fed by a Source.

    Build one with `load` (a complete file: every problem is an error) or `open`
    (a growing file or URL: bad lines are reported and skipped), or `from_timeline`.
    """

    def __init__(
        self,
        timeline: Timeline,
        player: Player,
        *,
        source: Source | None = None,
        parser: FeedParser | None = None,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.timeline = timeline
        self.player = player
        self.source = source
        self.parser = parser
        self.wall = wall
        self.listeners: list[Listener] = []
        self.stale_since: float | None = None
        """Wall time (POSIX) of the source's last good read, while it is stale."""
        self._stale_at: float | None = None
        self._relay: RelayClock | None = None
        self._lines: list[bytes] = []
        self._resync: int | None = None
        self._reported = len(parser.problems) if parser else 0

    # -- building ----------------------------------------------------------------

    @classmethod
    def from_timeline(cls, timeline: Timeline, **player_options: object) -> Night:
        """A night over a timeline already built (tests, screenshots)."""
        return cls(timeline, Player(timeline, **player_options))  # type: ignore[arg-type]

    @classmethod
    def load(cls, source: FileSource, **player_options: object) -> Night:
        """Read a complete feed through the parser; raise FeedError listing every problem."""
        parser = FeedParser(source.name)
        try:
            with paused_gc():
                entries = parser.parse_lines(source.lines())
        except OSError as err:
            message = f"cannot read: {err.strerror or err}"
            raise FeedError([Problem(source.name, 0, message)]) from None
        parser.finish()
        if parser.problems or parser.election is None:
            raise FeedError(parser.problems)
        feed = Feed(parser.path, parser.election, parser.councils, entries, parser.warnings)
        timeline = Timeline(feed)
        player = Player(timeline, **player_options)  # type: ignore[arg-type]
        return cls(timeline, player, source=source, parser=parser)

    @classmethod
    async def open(
        cls,
        source: Source,
        *,
        clock: Clock | None = None,
        wall: Callable[[], float] = time.time,
        listener: Listener | None = None,
        **player_options: object,
    ) -> Night:
        """Read a growing source until its header has come; the player starts at the live edge.

        `listener` hears about bad lines and staleness while waiting for the header.
        """
        opening = _Opening(source, wall, listener)
        async with aclosing(source.updates()) as updates:
            async for update in updates:
                opening.take(update)
                if opening.ready:
                    break
        parser = opening.parser
        assert parser.election is not None
        feed = Feed(parser.path, parser.election, dict(parser.councils), opening.entries)
        timeline = Timeline(feed)
        player = Player(timeline, clock=clock, **player_options)  # type: ignore[arg-type]
        night = cls(timeline, player, source=source, wall=wall)
        night.parser = parser
        night._reported = len(parser.problems)
        night._lines = opening.lines
        night._relay = opening.relay
        night.stale_since = opening.stale_since
        if listener is not None:
            night.listeners.append(listener)
        night.player.live_clock = night.live_time
        night.player.go_live(from_start=True)
        return night

    # -- following ---------------------------------------------------------------

    @property
    def following(self) -> bool:
        """Whether the night follows a growing source."""
        return self.player.live_clock is not None

    async def follow(self) -> None:
        """Read the source for as long as it grows (until cancelled)."""
        assert self.source is not None
        async with aclosing(self.source.updates()) as updates:
            async for update in updates:
                self.take(update)

    def take(self, update: Update) -> None:
        """Apply one update from the source."""
        if isinstance(update, Status):
            self._status(update)
            return
        if update.relay is not None:
            self._relay = update.relay
        if update.restart and self._lines:
            self._resync = 0
        fresh = update.lines
        if self._resync is not None:
            fresh = []
            known = self._lines
            for i, raw in enumerate(update.lines):
                if self._resync >= len(known):
                    fresh = update.lines[i:]
                    self._resync = None
                    break
                if known[self._resync] != raw:
                    self._replace(known[: self._resync] + update.lines[i:])
                    return
                self._resync += 1
            if self._resync is not None and self._resync >= len(known):
                self._resync = None
        if fresh:
            self._add(fresh)

    def live_time(self) -> float:
        """Feed time (POSIX) of the live edge.

        A relay says what its clock shows; a night happening now follows wall time; a
        recorded night being appended sits at its latest entry. Never before the latest entry.
        """
        timeline = self.timeline
        last = timeline.times[-1] if timeline.times else timeline.start.timestamp()
        if self._relay is not None:
            moment = self._stale_at if self._stale_at is not None else self.player.clock.now()
            moment = min(moment, self._relay.received + RELAY_AHEAD)
            return max(last, self._relay.now(moment))
        now = self.wall()
        start = timeline.start.timestamp()
        if start - WALL_BEFORE <= now <= max(last, start) + WALL_AFTER:
            return max(now, last)
        return last

    def _emit(self, event: NightEvent) -> None:
        for listener in list(self.listeners):
            listener(event)

    def _status(self, status: Status) -> None:
        self.stale_since = status.stale_since
        if status.stale_since is None:
            self._stale_at = None
        elif self._stale_at is None:
            self._stale_at = self.player.clock.now()
        self._emit(SourceStatus(status.stale_since, status.message))

    def _report(self) -> None:
        assert self.parser is not None
        problems = self.parser.problems[self._reported :]
        self._reported = len(self.parser.problems)
        if problems:
            self._emit(ProblemsFound(problems))

    def _add(self, lines: list[bytes]) -> None:
        assert self.parser is not None
        self._lines.extend(lines)
        entries = self.parser.parse_lines(lines)
        self._report()
        timeline = self.timeline
        councils = [c for k, c in self.parser.councils.items() if k not in timeline.feed.councils]
        if not entries and not councils:
            return
        last = timeline.times[-1] if timeline.times else None
        late = [e for e in entries if last is not None and e.at.timestamp() < last]
        first = timeline.extend(entries, councils)
        self.player.extended(first, len(entries), late, len(councils))
        self._emit(Grew(first, len(entries), len(late)))

    def _replace(self, lines: list[bytes]) -> None:
        """The feed was replaced by different content: read it again from the start."""
        name = self.source.name if self.source is not None else self.timeline.feed.path
        parser = FeedParser(name)
        entries = parser.parse_lines(lines)
        self._resync = None
        self._lines = list(lines)
        if parser.election is None:
            self._emit(SourceStatus(None, f"{name}: replaced by a feed without its header"))
            return
        self.parser = parser
        self._reported = 0
        self._report()
        feed = Feed(parser.path, parser.election, dict(parser.councils), entries)
        Timeline.__init__(self.timeline, feed, self.timeline.every)
        self.player.rebuilt()
        self._emit(SourceStatus(self.stale_since, f"{name}: the feed was replaced; read again"))
        self._emit(Grew(0, len(entries), 0))


class _Opening:
    """Lines read before a followed feed's header has come."""

    def __init__(self, source: Source, wall: Callable[[], float], listener: Listener | None):
        self.parser = FeedParser(source.name)
        self.entries: list[Entry] = []
        self.lines: list[bytes] = []
        self.relay: RelayClock | None = None
        self.stale_since: float | None = None
        self.listener = listener
        self._reported = 0

    @property
    def ready(self) -> bool:
        return self.parser.election is not None

    def take(self, update: Update) -> None:
        if isinstance(update, Status):
            self.stale_since = update.stale_since
            if self.listener is not None:
                self.listener(SourceStatus(update.stale_since, update.message))
            return
        assert isinstance(update, Chunk)
        if update.relay is not None:
            self.relay = update.relay
        if update.restart:  # nothing shown yet: simply start again
            self.parser = FeedParser(self.parser.path)
            self.entries, self.lines, self._reported = [], [], 0
        self.lines.extend(update.lines)
        self.entries.extend(self.parser.parse_lines(update.lines))
        problems = self.parser.problems[self._reported :]
        self._reported = len(self.parser.problems)
        if problems and self.listener is not None:
            self.listener(ProblemsFound(problems))
