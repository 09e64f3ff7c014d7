"""Entries in time order plus state checkpoints, so any moment is a bisect and a short replay."""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timezone, tzinfo
from operator import attrgetter

import msgspec

from elextui.feed.model import Council, Entry, Marker, Result
from elextui.feed.reader import Feed, paused_gc
from elextui.state import CouncilStatus, Fold, State, add_council, baseline

CHECKPOINT_EVERY = 128
"""Entries between checkpoints: a seek replays at most this many."""

_AT = attrgetter("at")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NO_COUNCILS: dict[str, CouncilStatus] = {}
"""The councils of a packed checkpoint's shell: the statuses are kept in a tuple beside it."""

Checkpoint = tuple[State, tuple[CouncilStatus, ...]]
"""A state packed small: the state without its councils, and their statuses in key order."""


def times_and_kinds(entries: Sequence[Entry]) -> tuple[array[float], array[int], list[int]]:
    """In one pass over sorted entries: the POSIX time of each, and the indices of the
    results and of the markers.

    Times equal `at.timestamp()`, computed faster: an entry at the same moment as the one
    before reuses it, and a fixed-offset time subtracts the epoch expressed in the same
    offset, which skips the two `utcoffset` calls `timestamp()` makes (a feed's times
    share a handful of offset objects).
    """
    # lists, made arrays at the end: an array's append parses its argument (twice the time)
    times: list[float] = []
    declarations: list[int] = []
    markers: list[int] = []
    append, declared, marked = times.append, declarations.append, markers.append
    epochs: dict[tzinfo, datetime] = {}
    last: datetime | None = None
    value = 0.0
    for i, entry in enumerate(entries):
        at = entry.at
        if at != last:
            zone = at.tzinfo
            if type(zone) is timezone:
                epoch = epochs.get(zone)
                if epoch is None:
                    epoch = epochs[zone] = _EPOCH.astimezone(zone)
                value = (at - epoch).total_seconds()
            else:  # a zone with daylight saving (made by hand, not decoded from a feed)
                value = at.timestamp()
            last = at
        append(value)
        kind = type(entry)
        if kind is Result:
            declared(i)
        elif kind is Marker:
            marked(i)
    return array("d", times), array("q", declarations), markers


class Timeline:
    """A feed's entries sorted by time (file order for ties) with cached states.

    Index n means "after the first n entries": 0 is the baseline, len(self) the end.
    Checkpoints (the state every `checkpoint_every` entries) are built when a seek first
    needs them, or ahead of time with `build_checkpoints` (the UI does it in idle slices).
    """

    def __init__(self, feed: Feed, checkpoint_every: int = CHECKPOINT_EVERY) -> None:
        self.feed = feed
        self.every = checkpoint_every
        with paused_gc():
            self.entries: list[Entry] = sorted(feed.entries, key=_AT)
            """Entries in play order (a stable sort by time: file order for ties)."""
            times, declarations, markers = times_and_kinds(self.entries)
            self.times: array[float] = times
            """POSIX time of each entry, for bisection."""
            self._baseline = baseline(feed)
            self._keys: tuple[str, ...] = tuple(self._baseline.councils)
            self._checkpoints: list[Checkpoint] = [self._pack(self._baseline)]
            self.markers: list[int] = markers
            """Indices of marker entries."""
            self.declarations: array[int] = declarations
            """Indices of result entries (an array: 8 bytes each, 40% of a big feed)."""

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def start(self) -> datetime:
        """The night's start: the header's `starts`, or the first entry if earlier."""
        starts = self.feed.election.starts
        if self.entries and self.entries[0].at < starts:
            return self.entries[0].at
        return starts

    @property
    def end(self) -> datetime:
        """The time of the last entry (or the header's `ends`, if later)."""
        last = self.entries[-1].at if self.entries else self.start
        ends = self.feed.election.ends
        return ends if ends is not None and ends > last else last

    @property
    def baseline(self) -> State:
        """The state before the first entry."""
        return self._baseline

    @property
    def checkpoints_built(self) -> bool:
        """Whether every checkpoint is built (seeks then never fold more than `every` entries)."""
        return len(self._checkpoints) > len(self.entries) // self.every

    def index_at(self, moment: datetime | float) -> int:
        """How many entries are at or before `moment`."""
        value = moment if isinstance(moment, float | int) else moment.timestamp()
        return bisect_right(self.times, value)

    def state_at_index(self, index: int) -> State:
        """The state after the first `index` entries: nearest checkpoint plus a short replay."""
        index = max(0, min(index, len(self.entries)))
        slot = index // self.every
        if slot >= len(self._checkpoints):
            self.build_checkpoints(slot + 1 - len(self._checkpoints))
        state = self._unpack(slot)
        if slot * self.every == index:
            return state
        fold = Fold(state)
        for entry in self.entries[slot * self.every : index]:
            fold.add(entry)
        return fold.state()

    def build_checkpoints(self, count: int | None = None) -> bool:
        """Build up to `count` more checkpoints (None: all); return whether all are built."""
        every = self.every
        have = len(self._checkpoints)
        total = len(self.entries) // every + 1
        stop = total if count is None else min(total, have + count)
        if have < stop:
            fold = Fold(self._unpack(have - 1))
            add = fold.add
            append = self._checkpoints.append
            entries = self.entries
            with paused_gc():
                for slot in range(have, stop):
                    for entry in entries[(slot - 1) * every : slot * every]:
                        add(entry)
                    append(self._pack(fold.state()))
        return stop >= total

    def seek(self, moment: datetime | float) -> State:
        """The state after every entry at or before `moment`."""
        return self.state_at_index(self.index_at(moment))

    def recent(self, index: int, count: int) -> Sequence[Entry]:
        """Up to `count` entries just before index `index` (to rebuild a ticker)."""
        return self.entries[max(0, index - count) : index]

    def next_of(self, kinds: Sequence[int], index: int) -> int | None:
        """The first entry index in `kinds` (markers or declarations) at or after `index`."""
        pos = bisect_left(kinds, index)
        return kinds[pos] if pos < len(kinds) else None

    def previous_of(self, kinds: Sequence[int], index: int) -> int | None:
        """The last entry index in `kinds` strictly before `index`."""
        pos = bisect_left(kinds, index)
        return kinds[pos - 1] if pos > 0 else None

    def extend(self, entries: Iterable[Entry], councils: Iterable[Council] = ()) -> int:
        """Add entries (and late councils) from a growing feed; return the first changed index.

        Entries later than the current end are appended; an earlier one is merged in
        at its place and the checkpoints after it are dropped (rebuilt when next needed).
        """
        new = sorted(entries, key=_AT)
        late = [c for c in councils if c.id not in self._baseline.councils]
        if late:
            for council in late:
                self.feed.councils[council.id] = council
            self._baseline, self._checkpoints = self._with_councils(late)
        first = len(self.entries)
        for entry in new:
            t = entry.at.timestamp()
            pos = bisect_right(self.times, t)
            self.entries.insert(pos, entry)
            self.times.insert(pos, t)
            first = min(first, pos)
        if new:
            del self._checkpoints[first // self.every + 1 :]  # rebuilt when next needed
            with paused_gc():
                self._index_kinds(first)
        return first

    def _with_councils(self, late: list[Council]) -> tuple[State, list[Checkpoint]]:
        """The baseline and checkpoints with councils that joined late (in `late`'s order)."""
        states = []
        for slot in range(len(self._checkpoints)):
            state = self._unpack(slot)
            for council in late:
                state = add_council(state, council)
            states.append(state)
        self._keys = tuple(states[0].councils)
        return states[0], [self._pack(state) for state in states]

    def _pack(self, state: State) -> Checkpoint:
        """A checkpoint without a dict of its own: 350 councils take 3 KB, not 18 KB."""
        return msgspec.structs.replace(state, councils=_NO_COUNCILS), tuple(state.councils.values())

    def _unpack(self, slot: int) -> State:
        """The state of checkpoint `slot`."""
        if slot == 0:
            return self._baseline
        shell, statuses = self._checkpoints[slot]
        return msgspec.structs.replace(shell, councils=dict(zip(self._keys, statuses, strict=True)))

    def _index_kinds(self, first: int) -> None:
        self.markers = [i for i in self.markers if i < first]
        self.declarations = self.declarations[: bisect_left(self.declarations, first)]
        for i in range(first, len(self.entries)):
            entry = self.entries[i]
            if type(entry) is Result:
                self.declarations.append(i)
            elif type(entry) is Marker:
                self.markers.append(i)
