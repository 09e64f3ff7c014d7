"""The async player: plays a timeline's entries at a speed, driven by controls while it runs."""

from __future__ import annotations

import asyncio
import math
from bisect import bisect_left, bisect_right
from collections.abc import AsyncGenerator, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from elextui.clock import Clock, MonotonicClock
from elextui.feed.model import Entry
from elextui.state import State, apply
from elextui.timeline import Timeline

TOP_SPEED = 10000.0
"""The fastest speed with a number: above it there is only max."""
SPEEDS: tuple[float, ...] = (
    0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1200, 3600, TOP_SPEED, math.inf,
)  # fmt: skip
"""The ladder that `faster` and `slower` move along; inf is max (see `Player`)."""

TICK_SECONDS = 0.1
"""Wall seconds between clock ticks while playing, by default (`Player.tick_seconds`)."""

_YIELD_SECONDS = 0.004
"""In a burst of due entries, let the event loop run at least this often."""


def speed_label(speed: float) -> str:
    """`60x`, `0.5x` or `max`."""
    if math.isinf(speed):
        return "max"
    return f"{speed:g}x"


def parse_speed(text: str) -> float:
    """A speed from `60`, `60x`, `0.5` or `max`; raises ValueError outside 0.1 to 10,000."""
    value = text.strip().lower()
    if value == "max":
        return math.inf
    value = value.removesuffix("x")
    try:
        speed = float(value)
    except ValueError:
        raise ValueError(f"speed {text!r} is not a number or 'max'") from None
    if not SPEEDS[0] <= speed <= TOP_SPEED:
        raise ValueError(f"speed {text!r} is outside 0.1 to 10000 (or 'max')")
    return speed


@dataclass(frozen=True, slots=True)
class Tick:
    """The feed clock moved (or play/pause/speed changed)."""

    at: datetime
    playing: bool
    speed: float
    live: bool = False
    """Whether the player is at the live edge of a followed feed."""
    arrived: int = 0
    """Entries that arrived since the player left the live edge."""
    quiet: float = 0.0
    """Feed seconds of the quiet spell the clock is crossing faster than `speed` (idle
    compression; 0: none)."""
    controls: int = 0
    """The player's count of controls (pause, speed, jumps...) when it made this tick: a
    tick made before a control whose own tick was taken early (`take_pending`) is stale."""


@dataclass(frozen=True, slots=True)
class Played:
    """An entry was played; `state` is the state just after it.

    `late`: the entry arrived after entries later than it had played (a followed feed);
    `state` is then the state just after it in time order, and a Reset follows.
    """

    entry: Entry
    index: int
    state: State
    late: bool = False
    jump: int = 0
    """How many jumps the player had made when it played this (see `Reset.jump`)."""


@dataclass(frozen=True, slots=True)
class Reset:
    """The position jumped: the full state at `at` and the entries just before it."""

    at: datetime
    index: int
    state: State
    recent: Sequence[Entry]
    jump: int = 0
    """The player's count of jumps, this one included: entries played with a lower count
    were played before it (a consumer that took this Reset early can drop them)."""


@dataclass(frozen=True, slots=True)
class Finished:
    """The end of the night was reached."""

    at: datetime


PlayerEvent = Tick | Played | Reset | Finished


class Player:
    """Plays a Timeline in time order; controls may be called while `events()` runs.

    The feed clock advances `speed` feed seconds per wall second. With an idle limit
    of S seconds, a gap between entries longer than S is crossed in S/speed wall
    seconds: the clock runs faster through it but always shows true feed time.

    Max speed (inf) plays as fast as entries are read, straight to the end, unless
    `max_gap` is set: then max is a speed like the others, the top of the ladder,
    never slower than TOP_SPEED and crossing any gap between entries within
    `max_gap` wall seconds (the board sets it, so max can be watched and stepped down from).

    Following a growing feed, `live_clock` gives the live edge's feed time; at the live
    edge (`go_live`) the clock follows it and every entry plays as it arrives. Any seek,
    step or pause leaves the live edge and counts the entries that arrive after.
    """

    def __init__(
        self,
        timeline: Timeline,
        *,
        clock: Clock | None = None,
        speed: float = 60.0,
        paused: bool = False,
        idle_limit: float | None = None,
        loop: bool = False,
        loop_pause: float = 5.0,
        start: datetime | None = None,
        history: int = 200,
        live_clock: Callable[[], float] | None = None,
        max_gap: float | None = None,
        tick_seconds: float = TICK_SECONDS,
    ) -> None:
        self.timeline = timeline
        self.tick_seconds = tick_seconds
        """The shortest wall time between clock ticks while playing: a tick comes when the
        clock's whole second changes, at most this often (a UI sets its clock's frame)."""
        self.clock: Clock = clock or MonotonicClock()
        self.idle_limit = idle_limit
        self.max_gap = max_gap
        """At max speed, the most wall seconds a gap between entries takes (None: none)."""
        self.loop = loop
        self.loop_pause = loop_pause
        self.history = history
        self._speed = speed
        self._playing = not paused
        self._at = timeline.start.timestamp()
        self._index = 0
        self._state = timeline.baseline
        self._last_wall: float | None = None
        self._last_yield = 0.0
        """Wall time the player last let the event loop run in a burst."""
        self._pending: list[PlayerEvent] = []
        self.jumps = 0
        """How many times the position jumped (each Reset and Played carries the count)."""
        self.controls = 0
        """How many controls changed the play state or position (each Tick carries it)."""
        self._wake = asyncio.Event()
        self.live_clock = live_clock
        """Feed POSIX time of the live edge (None: not following a feed)."""
        self._live = False
        self.arrived = 0
        """Entries added to the timeline since the player left the live edge."""
        self.late: set[int] = set()
        """`id()`s of entries that arrived late (earlier than entries already there)."""
        self.started = False
        """Whether `events()` has begun: wall time before that is not played."""
        if start is None:
            self._queue_reset()
        else:
            self.seek(start)

    # -- what the player shows ---------------------------------------------------

    @property
    def at(self) -> datetime:
        """The feed clock, as of now on the wall clock."""
        return datetime.fromtimestamp(self._projected(), UTC)

    def _projected(self) -> float:
        """Feed time now: the last synced time plus wall time since, up to the next entry."""
        if self._live and self.live_clock is not None:
            return self.live_clock()
        if not self._playing or self._last_wall is None or self._instant:
            return self._at
        elapsed = self.clock.now() - self._last_wall
        return min(self._next_time(), self._at + elapsed * self._rate())

    @property
    def index(self) -> int:
        """How many entries have been played."""
        return self._index

    @property
    def state(self) -> State:
        """The state after the entries played so far."""
        return self._state

    @property
    def playing(self) -> bool:
        """Whether the clock is running."""
        return self._playing

    @property
    def speed(self) -> float:
        """Feed seconds per wall second (inf: as fast as entries are taken)."""
        return self._speed

    @property
    def _instant(self) -> bool:
        """Whether entries play as fast as they are read (max speed, not paced)."""
        return math.isinf(self._speed) and self.max_gap is None

    @property
    def quiet(self) -> float:
        """Feed seconds of the quiet spell the clock is crossing faster than its speed
        (idle compression), or 0."""
        if not self._playing or self._live or math.isinf(self._speed):
            return 0.0
        gap = self._gap(self._index)
        return gap if self._rate() > self._speed else 0.0

    @property
    def live(self) -> bool:
        """Whether the player is at the live edge of a followed feed."""
        return self._live

    @property
    def at_end(self) -> bool:
        """Whether every entry has played and the clock has reached the end."""
        return self._index >= len(self.timeline) and self._at >= self._end

    @property
    def _end(self) -> float:
        return self.timeline.end.timestamp()

    # -- controls ----------------------------------------------------------------

    def pause(self) -> None:
        """Hold the feed clock (leaving the live edge)."""
        self._leave_live()
        if self._playing:
            self._sync()
            self._playing = False
            self._changed()

    def resume(self) -> None:
        """Run the feed clock again (from the start, if at the end)."""
        if self._playing:
            return
        if self.at_end and self.live_clock is not None:
            self.go_live()
            return
        if self.at_end:
            self.to_start()
        self._playing = True
        self._last_wall = self.clock.now()
        self._changed()

    def toggle_pause(self) -> None:
        """Pause if playing, else resume."""
        if self._playing:
            self.pause()
        else:
            self.resume()

    def set_speed(self, speed: float) -> None:
        """Change speed at once, without a jump in feed time."""
        self._sync()
        self._speed = speed
        self._changed()

    def faster(self) -> None:
        """The next speed up the ladder."""
        self.set_speed(next((s for s in SPEEDS if s > self._speed), SPEEDS[-1]))

    def slower(self) -> None:
        """The next speed down the ladder."""
        self.set_speed(next((s for s in reversed(SPEEDS) if s < self._speed), SPEEDS[0]))

    def go_live(self, *, from_start: bool = False) -> None:
        """Play at the live edge of a followed feed: every entry as it arrives.

        `from_start`: play the entries already there first (each one as Played).
        """
        if self.live_clock is None:
            return
        self._live = True
        self._playing = True
        self.arrived = 0
        if from_start:
            self._changed()
            return
        self._at = self.live_clock()
        self._index = len(self.timeline)
        self._state = self.timeline.state_at_index(self._index)
        self._last_wall = None
        self._queue_reset()

    def _leave_live(self) -> None:
        if self._live:
            self._at = self._projected()
            self._live = False
            self.arrived = 0
            self._last_wall = None

    def _last_time(self) -> float:
        times = self.timeline.times
        return times[-1] if times else self.timeline.start.timestamp()

    def seek(self, moment: datetime | float) -> None:
        """Jump to a moment: state after every entry at or before it (leaves the live edge)."""
        self._leave_live()
        self._seek(moment)

    def _seek(self, moment: datetime | float) -> None:
        value = moment if isinstance(moment, float | int) else moment.timestamp()
        value = min(max(value, self.timeline.start.timestamp()), self._end)
        self._at = float(value)
        self._index = self.timeline.index_at(self._at)
        self._state = self.timeline.state_at_index(self._index)
        self._last_wall = None
        self._queue_reset()

    def seek_index(self, index: int) -> None:
        """Jump to just after the first `index` entries (leaves the live edge)."""
        self._leave_live()
        index = max(0, min(index, len(self.timeline)))
        self._index = index
        self._at = self.timeline.times[index - 1] if index else self.timeline.start.timestamp()
        self._state = self.timeline.state_at_index(index)
        self._last_wall = None
        self._queue_reset()

    def shift(self, seconds: float) -> None:
        """Jump by `seconds` of feed time (negative: back)."""
        self.seek(self._at + seconds)

    def step(self, delta: int) -> None:
        """Pause and move one entry forward (1) or back (-1)."""
        self.pause()
        self.seek_index(self._index + delta)

    def to_start(self) -> None:
        """Jump to the start of the night, before its first entry (so it plays)."""
        self.seek_index(0)

    def to_end(self) -> None:
        """Jump to the end of the night (the live edge, when following a feed)."""
        if self.live_clock is not None:
            self.go_live()
        else:
            self.seek(self.timeline.end)

    def next_marker(self) -> None:
        """Jump to the next marker's time."""
        self._jump_forward(self.timeline.markers)

    def previous_marker(self) -> None:
        """Jump to the previous marker's time."""
        self._jump_back(self.timeline.markers)

    def next_declaration(self) -> None:
        """Jump to the next result's time."""
        self._jump_forward(self.timeline.declarations)

    def previous_declaration(self) -> None:
        """Jump to the previous result's time."""
        self._jump_back(self.timeline.declarations)

    def extended(
        self, first_changed: int, added: int = 0, late: Sequence[Entry] = (), councils: int = 0
    ) -> None:
        """The timeline grew by `added` entries (a followed feed), `late` ones among them.

        A late entry is earlier than entries already in the timeline; `councils` says how
        many baseline councils came after the header had been read. At the live edge
        each late entry plays at once (as Played with `late`), then a Reset redraws the
        recomputed board; elsewhere the state is rebuilt if the past changed.
        """
        self.late.update(id(entry) for entry in late)
        if not self._live:
            self.arrived += added
            if first_changed < self._index or councils:
                self._seek(self._at)
            elif added:
                self._changed()  # the header's count of new entries
        elif late:
            times = self.timeline.times
            for entry in sorted(late, key=lambda e: e.at.timestamp()):
                pos = bisect_left(times, entry.at.timestamp())
                while self.timeline.entries[pos] is not entry:
                    pos += 1
                state = self.timeline.state_at_index(pos + 1)
                self._pending.append(Played(entry, pos + 1, state, late=True, jump=self.jumps))
            self._index += len(late)
            self._state = self.timeline.state_at_index(self._index)
            self._queue_reset()
        elif councils:  # councils that came late join the board
            self._state = self.timeline.state_at_index(self._index)
            self._queue_reset()
        self._wake.set()

    def rebuilt(self) -> None:
        """The timeline was rebuilt from scratch (a replaced feed): show the same moment."""
        self.late.clear()
        if self._live:
            self.go_live()
        else:
            self._seek(self._at)

    def _jump_forward(self, kinds: Sequence[int]) -> None:
        found = self.timeline.next_of(kinds, self._index)
        if found is not None:
            self.seek(self.timeline.times[found])

    def _tick(self) -> Tick:
        return Tick(
            self.at, self._playing, self._speed, self._live, self.arrived, self.quiet, self.controls
        )

    def _jump_back(self, kinds: Sequence[int]) -> None:
        found = self.timeline.previous_of(kinds, self._index)
        while found is not None and self.timeline.times[found] >= self._at:
            found = self.timeline.previous_of(kinds, found)
        if found is not None:
            self.seek(self.timeline.times[found])

    def _queue_reset(self) -> None:
        recent = self.timeline.recent(self._index, self.history)
        self._pending = [e for e in self._pending if not isinstance(e, Reset | Tick)]
        self.jumps += 1
        self._pending.append(Reset(self.at, self._index, self._state, recent, self.jumps))
        self._changed()

    def _changed(self) -> None:
        self.controls += 1
        self._pending.append(self._tick())
        self._wake.set()

    def take_pending(self) -> list[PlayerEvent]:
        """The events a control just queued (a Reset, a Tick), taken now instead of from
        `events()`: a UI can draw a key's effect at once. `events()` then goes on without
        them; Played events it already gave out may predate a Reset taken here (see
        `Reset.jump`)."""
        pending, self._pending = self._pending, []
        return pending

    # -- playing -----------------------------------------------------------------

    def _gap(self, index: int) -> float:
        """Feed seconds between entry `index` and the one before (or the start, the end)."""
        times = self.timeline.times
        before = times[index - 1] if index else self.timeline.start.timestamp()
        after = times[index] if index < len(times) else self._end
        return after - before

    def _rate(self, index: int | None = None) -> float:
        """Feed seconds per wall second in the gap before entry `index`: the speed, faster
        through a quiet spell (idle compression) and, at a paced max, through any gap."""
        paced = math.isinf(self._speed) and self.max_gap is not None
        speed = TOP_SPEED if paced else self._speed
        if self.idle_limit is None and not paced:
            return speed
        gap = self._gap(self._index if index is None else index)
        rate = speed
        if self.idle_limit is not None and gap > self.idle_limit > 0:
            rate = speed * gap / self.idle_limit
        if paced and self.max_gap is not None and self.max_gap > 0:
            rate = max(rate, gap / self.max_gap)
        return rate

    def _next_time(self) -> float:
        times = self.timeline.times
        return times[self._index] if self._index < len(times) else self._end

    def _sync(self) -> None:
        """Move the feed clock by the wall time since the last sync, up to the next entry."""
        now = self.clock.now()
        if not self._playing or self._last_wall is None or self._instant:
            self._last_wall = now
            return
        budget = now - self._last_wall
        self._last_wall = now
        target = self._next_time()
        self._at = min(target, self._at + budget * self._rate())

    def _advance(self) -> None:
        """Spend the wall time since the last call, crossing as many gaps as it covers."""
        now = self.clock.now()
        if self._last_wall is None:
            self._last_wall = now
            return
        budget = now - self._last_wall
        self._last_wall = now
        times = self.timeline.times
        index = self._index
        # Cross as many gaps as the budget covers, each at its own rate: a busy event
        # loop wakes the player late, and stopping at the first due entry lost the rest.
        while budget > 0 and self._at < self._end:
            target = times[index] if index < len(times) else self._end
            rate = self._rate(index)
            need = (target - self._at) / rate
            if need > budget:
                self._at += budget * rate
                return
            budget -= max(need, 0.0)
            self._at = max(self._at, target)
            if index >= len(times):
                return
            index = bisect_right(times, self._at, lo=index)

    async def events(self) -> AsyncGenerator[PlayerEvent, None]:
        """Play until the consuming task is cancelled, yielding what happens."""
        self.started = True
        self._last_yield = self.clock.now()
        tick_due = self._next_tick(self._last_yield)
        entries = self.timeline.entries
        times = self.timeline.times
        while True:
            if self._pending:
                while self._pending:
                    yield self._pending.pop(0)
                tick_due = self._next_tick(self.clock.now())  # a control moved the clock
            if self._live and self.live_clock is not None:
                self._at = self.live_clock()  # the source's clock: it may correct itself
                while self._live and not self._pending and self._index < len(entries):
                    yield self._play_next()
                    await self._breathe()
                if self._pending or not self._live:
                    continue
                await self._wait(self.tick_seconds)
                yield self._tick()
                continue
            if not self._playing:
                await self._wait(None)
                continue
            if self._instant:
                # As fast as entries are read: the clock jumps to the next entry, and
                # past the last one straight to the end (a later `ends` is not waited for).
                self._at = max(self._at, self._next_time())
            else:
                self._advance()
            while (
                self._playing
                and not self._pending
                and self._index < len(entries)
                and times[self._index] <= self._at
            ):
                yield self._play_next()
                now = await self._breathe()
                if self._instant and self._index < len(entries):
                    self._at = max(self._at, times[self._index])
                if now >= tick_due:
                    tick_due = self._next_tick(now, tick_due)
                    yield self._tick()
            if self._pending:
                continue
            if self.at_end and self._playing and self.live_clock is not None:
                self.go_live()  # caught up with the live edge
                continue
            if self.at_end and self._playing:
                yield self._tick()
                yield Finished(self.at)
                if self.loop and len(entries):  # an empty night has nothing to loop over
                    await self._wait(max(self.loop_pause, self.tick_seconds))
                    if not self._pending and self._playing:
                        self.to_start()
                    continue
                self._playing = False
                self._changed()
                continue
            if self._instant:
                # Every turn of this loop awaits something, so the event loop (and the
                # keys that quit) always get a turn, whatever state the player is in.
                await asyncio.sleep(0)
                continue
            # Sleep until the next entry is due or the shown clock changes, whichever is first.
            now = self.clock.now()
            until_entry = (self._next_time() - self._at) / self._rate()
            await self._wait(max(0.0, min(tick_due - now, until_entry)))
            now = self.clock.now()
            if now >= tick_due - 1e-9:
                self._advance()
                tick_due = self._next_tick(now, tick_due)
                yield self._tick()

    def _next_tick(self, now: float, due: float | None = None) -> float:
        """Wall time of the next clock tick after the one `due` (None: from `now`):
        `tick_seconds` on, or, when the clock's whole second changes less often than
        that, as it changes: a slow clock moves a second at a time, on time."""
        rate = self._rate()
        if rate * self.tick_seconds >= 1 or not self._playing or self._live:
            after = (due if due is not None else now) + self.tick_seconds
            return after if after > now else now + self.tick_seconds  # no drift, no catch-up
        at = self._projected()  # the next whole feed second (the header rounds to µs)
        return now + (math.floor(at + 1e-6) + 1 - at) / rate

    def _play_next(self) -> Played:
        """Apply the next entry."""
        entry = self.timeline.entries[self._index]
        self._state = apply(self._state, entry)
        self._index += 1
        return Played(entry, self._index, self._state, jump=self.jumps)

    async def _breathe(self) -> float:
        """In a burst, let the event loop run every so often; returns the wall time."""
        now = self.clock.now()
        if now - self._last_yield >= _YIELD_SECONDS:
            self._last_yield = now
            await asyncio.sleep(0)
        return now

    async def _wait(self, timeout: float | None) -> None:
        """Wait for a control (or `timeout` wall seconds on the clock)."""
        if self._pending:
            return
        self._wake.clear()
        tasks: set[asyncio.Future[object]] = {asyncio.ensure_future(self._wake.wait())}
        if timeout is not None:
            tasks.add(asyncio.ensure_future(self.clock.sleep(timeout)))
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
