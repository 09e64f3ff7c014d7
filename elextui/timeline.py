"""Entries in time order plus state checkpoints, so any moment is a bisect and a short replay."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from datetime import datetime

from elextui.feed.model import Council, Entry, Marker, Result
from elextui.feed.reader import Feed, paused_gc
from elextui.state import Fold, State, add_council, baseline

CHECKPOINT_EVERY = 128
"""Entries between checkpoints: a seek replays at most this many."""


class Timeline:
    """A feed's entries sorted by time (file order for ties) with cached states.

    Index n means "after the first n entries": 0 is the baseline, len(self) the end.
    """

    def __init__(self, feed: Feed, checkpoint_every: int = CHECKPOINT_EVERY) -> None:
        self.feed = feed
        self.every = checkpoint_every
        with paused_gc():
            times = [entry.at.timestamp() for entry in feed.entries]
            order = sorted(range(len(times)), key=times.__getitem__)
            self.entries: list[Entry] = [feed.entries[i] for i in order]
            """Entries in play order."""
            self.times: list[float] = [times[i] for i in order]
            """POSIX time of each entry, for bisection."""
            del times, order
            self._checkpoints: list[State] = [baseline(feed)]
            self.markers: list[int] = []
            """Indices of marker entries."""
            self.declarations: list[int] = []
            """Indices of result entries."""
            self._index_kinds(0)
            self._build_checkpoints()

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
        return self._checkpoints[0]

    def index_at(self, moment: datetime | float) -> int:
        """How many entries are at or before `moment`."""
        value = moment if isinstance(moment, float | int) else moment.timestamp()
        return bisect_right(self.times, value)

    def state_at_index(self, index: int) -> State:
        """The state after the first `index` entries: nearest checkpoint plus a short replay."""
        index = max(0, min(index, len(self.entries)))
        slot = min(index // self.every, len(self._checkpoints) - 1)
        if slot * self.every == index:
            return self._checkpoints[slot]
        fold = Fold(self._checkpoints[slot])
        for entry in self.entries[slot * self.every : index]:
            fold.add(entry)
        return fold.state()

    def seek(self, moment: datetime | float) -> State:
        """The state after every entry at or before `moment`."""
        return self.state_at_index(self.index_at(moment))

    def recent(self, index: int, count: int) -> Sequence[Entry]:
        """Up to `count` entries just before index `index` (to rebuild a ticker)."""
        return self.entries[max(0, index - count) : index]

    def next_of(self, kinds: list[int], index: int) -> int | None:
        """The first entry index in `kinds` (markers or declarations) at or after `index`."""
        pos = bisect_left(kinds, index)
        return kinds[pos] if pos < len(kinds) else None

    def previous_of(self, kinds: list[int], index: int) -> int | None:
        """The last entry index in `kinds` strictly before `index`."""
        pos = bisect_left(kinds, index)
        return kinds[pos - 1] if pos > 0 else None

    def extend(self, entries: Iterable[Entry], councils: Iterable[Council] = ()) -> int:
        """Add entries (and late councils) from a growing feed; return the first changed index.

        Entries later than the current end are appended; an earlier one is merged in
        at its place and the checkpoints after it are rebuilt.
        """
        new = sorted(entries, key=lambda e: e.at.timestamp())
        late = [c for c in councils if c.id not in self._checkpoints[0].councils]
        if late:
            for council in late:
                self.feed.councils[council.id] = council
            self._checkpoints = self._with_councils(late)
        first = len(self.entries)
        for entry in new:
            t = entry.at.timestamp()
            pos = bisect_right(self.times, t)
            self.entries.insert(pos, entry)
            self.times.insert(pos, t)
            first = min(first, pos)
        if new:
            del self._checkpoints[first // self.every + 1 :]
            with paused_gc():
                self._index_kinds(first)
                self._build_checkpoints()
        return first

    def _with_councils(self, late: list[Council]) -> list[State]:
        states = []
        for checkpoint in self._checkpoints:
            for council in late:
                checkpoint = add_council(checkpoint, council)
            states.append(checkpoint)
        return states

    def _index_kinds(self, first: int) -> None:
        self.markers = [i for i in self.markers if i < first]
        self.declarations = [i for i in self.declarations if i < first]
        for i in range(first, len(self.entries)):
            entry = self.entries[i]
            if type(entry) is Result:
                self.declarations.append(i)
            elif type(entry) is Marker:
                self.markers.append(i)

    def _build_checkpoints(self) -> None:
        every = self.every
        start = (len(self._checkpoints) - 1) * every
        fold = Fold(self._checkpoints[-1])
        add = fold.add
        append = self._checkpoints.append
        entries = self.entries
        for stop in range(start + every, len(entries) + 1, every):
            for entry in entries[stop - every : stop]:
                add(entry)
            append(fold.state())
