"""The timeline: play order, seeking at the edges, and growing with `extend`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from feedkit import council, entry, header, load

from elextui.feed import Feed, load_feed
from elextui.feed.model import Marker
from elextui.state import State, apply
from elextui.timeline import Timeline, times_and_kinds

MINI = Path(__file__).parent / "data" / "mini.jsonl"
T0 = datetime.fromisoformat("2018-05-04T00:00:00+01:00")


def at(minutes: int) -> str:
    return (T0 + timedelta(minutes=minutes)).isoformat()


def labelled(*times: int) -> Feed:
    """A feed of markers labelled by file position, at the given minutes after midnight."""
    return load(header(), *(entry("marker", at(m), label=str(i)) for i, m in enumerate(times)))


def labels(timeline: Timeline) -> list[str]:
    return [e.label for e in timeline.entries]  # type: ignore[union-attr]


def test_entries_sorted_by_time_with_file_order_for_ties() -> None:
    timeline = Timeline(labelled(30, 10, 30, 0, 10, 30))
    assert labels(timeline) == ["3", "1", "4", "0", "2", "5"]
    assert list(timeline.times) == sorted(timeline.times)


def test_equal_instants_in_different_offsets_are_ties() -> None:
    feed = load(
        header(),
        entry("marker", "2018-05-04T03:00:00+01:00", label="a"),
        entry("marker", "2018-05-04T02:00:00+00:00", label="b"),
        entry("marker", "2018-05-04T01:59:59+00:00", label="c"),
    )
    assert labels(Timeline(feed)) == ["c", "a", "b"]


def test_mini_play_order() -> None:
    timeline = Timeline(load_feed(MINI))
    kinds = [type(e).__name__ for e in timeline.entries]
    assert kinds == ["Marker", "Post", "Result", "Result", "Post", "Marker", "Result", "Mayor"]
    assert list(timeline.declarations) == [2, 3, 6]
    assert timeline.markers == [0, 5]


def fold_to(timeline: Timeline, index: int) -> State:
    state = timeline.baseline
    for item in timeline.entries[:index]:
        state = apply(state, item)
    return state


@pytest.mark.parametrize("every", [1, 2, 3, 128])
def test_seek_at_the_boundaries(every: int) -> None:
    timeline = Timeline(load_feed(MINI), checkpoint_every=every)
    first = timeline.entries[0].at
    plymouth = datetime.fromisoformat("2018-05-04T03:28:00+01:00")
    # Before the start: the baseline.
    before = timeline.seek(first - timedelta(seconds=1))
    assert before == timeline.baseline
    assert before.applied == 0
    # Exactly at an entry's time: every entry at that time is in.
    assert timeline.seek(plymouth) == fold_to(timeline, 6)
    assert timeline.seek(plymouth).councils["plymouth"].declared
    assert not timeline.seek(plymouth - timedelta(seconds=1)).councils["plymouth"].declared
    assert timeline.seek(plymouth - timedelta(seconds=1)) == fold_to(timeline, 3)
    # After the end: everything.
    after = timeline.seek(timeline.entries[-1].at + timedelta(days=1))
    assert after == fold_to(timeline, len(timeline))
    assert after.applied == len(timeline) == 8
    # Floats (POSIX time) work as well as datetimes.
    assert timeline.seek(plymouth.timestamp()) == timeline.seek(plymouth)


@pytest.mark.parametrize("every", [1, 3, 128])
def test_state_at_index_clamps(every: int) -> None:
    timeline = Timeline(load_feed(MINI), checkpoint_every=every)
    assert timeline.state_at_index(-5) == timeline.baseline
    assert timeline.state_at_index(999) == fold_to(timeline, len(timeline))
    for index in range(len(timeline) + 1):
        assert timeline.state_at_index(index) == fold_to(timeline, index)


@pytest.mark.parametrize("every", [1, 2, 3])
def test_checkpoints_built_in_slices_equal_built_at_once(every: int) -> None:
    sliced = Timeline(load_feed(MINI), checkpoint_every=every)
    whole = Timeline(load_feed(MINI), checkpoint_every=every)
    assert not sliced.checkpoints_built
    slices = 1
    while not sliced.build_checkpoints(1):
        slices += 1
    assert sliced.checkpoints_built
    assert slices == len(sliced) // every
    assert whole.build_checkpoints()
    assert sliced._checkpoints == whole._checkpoints
    for index in range(len(sliced) + 1):
        assert sliced.state_at_index(index) == fold_to(sliced, index)


def test_a_seek_builds_only_the_checkpoints_it_needs() -> None:
    timeline = Timeline(load_feed(MINI), checkpoint_every=2)
    assert timeline.state_at_index(5) == fold_to(timeline, 5)
    assert len(timeline._checkpoints) == 3  # states after 0, 2 and 4 entries
    assert not timeline.checkpoints_built


def test_start_and_end() -> None:
    timeline = Timeline(load_feed(MINI))
    assert timeline.start == datetime.fromisoformat("2018-05-03T22:00:00+01:00")
    assert timeline.end == datetime.fromisoformat("2018-05-04T15:52:00+01:00")


def test_empty_timeline() -> None:
    timeline = Timeline(load(header()))
    assert len(timeline) == 0
    assert timeline.seek(T0) == timeline.baseline
    assert timeline.start == timeline.end


def test_next_and_previous_marker() -> None:
    timeline = Timeline(load_feed(MINI))
    assert timeline.next_of(timeline.markers, 1) == 5
    assert timeline.next_of(timeline.markers, 5) == 5
    assert timeline.next_of(timeline.markers, 6) is None
    assert timeline.previous_of(timeline.markers, 5) == 0
    assert timeline.previous_of(timeline.markers, 0) is None


# -- extend ----------------------------------------------------------------------------

COUNCILS = [
    council("plymouth", 9, control="CON", composition={"CON": 5, "LAB": 4}),
    council("hull", 7, control="LAB"),
]


def results(*spec: tuple[int, str, dict[str, int]]) -> list[dict[str, Any]]:
    return [
        entry("result", at(minute), council=cid, composition=comp, seats_won=comp)
        for minute, cid, comp in spec
    ]


PART1 = results(
    (10, "plymouth", {"LAB": 5, "CON": 4}),
    (20, "hull", {"LAB": 7}),
    (20, "plymouth", {"CON": 9}),
    (30, "hull", {"CON": 4, "LAB": 3}),
)


def assert_same_timeline(grown: Timeline, fresh: Timeline) -> None:
    assert grown.entries == fresh.entries
    assert grown.times == fresh.times
    assert grown.markers == fresh.markers
    assert grown.declarations == fresh.declarations
    for index in range(len(fresh) + 1):
        assert grown.state_at_index(index) == fresh.state_at_index(index)
    assert grown._checkpoints == fresh._checkpoints


@pytest.mark.parametrize("every", [1, 2, 3, 128])
def test_extend_with_appended_entries(every: int) -> None:
    part2 = results((30, "plymouth", {"LAB": 9}), (40, "hull", {"LAB": 7}))
    grown = Timeline(load(header(), *COUNCILS, *PART1), checkpoint_every=every)
    first = grown.extend(load(header(), *COUNCILS, *part2).entries)
    assert first == 4
    assert_same_timeline(grown, Timeline(load(header(), *COUNCILS, *PART1, *part2), every))


@pytest.mark.parametrize("every", [1, 2, 3, 128])
def test_extend_with_earlier_entries(every: int) -> None:
    part2 = results(
        (40, "plymouth", {"LAB": 9}),
        (5, "hull", {"CON": 7}),
        (20, "plymouth", {"LAB": 6, "CON": 3}),
    )
    grown = Timeline(load(header(), *COUNCILS, *PART1), checkpoint_every=every)
    before = grown.state_at_index(len(grown))
    first = grown.extend(load(header(), *COUNCILS, *part2).entries)
    assert first == 0
    fresh = Timeline(load(header(), *COUNCILS, *PART1, *part2), every)
    assert_same_timeline(grown, fresh)
    # The late tie at minute 20 goes after the entries already at minute 20.
    assert grown.entries[4].composition == {"LAB": 6, "CON": 3}  # type: ignore[union-attr]
    assert grown.state_at_index(len(grown)) != before


def test_extend_with_a_late_council() -> None:
    late = council("leeds", 5, control="LAB")
    grown = Timeline(load(header(), *COUNCILS, *PART1), checkpoint_every=2)
    extra = load(header(), *COUNCILS, late, *results((25, "leeds", {"CON": 3, "LAB": 2})))
    grown.extend(extra.entries, [extra.councils["leeds"]])
    fresh = Timeline(
        load(header(), *COUNCILS, late, *PART1, *results((25, "leeds", {"CON": 3, "LAB": 2}))),
        2,
    )
    assert_same_timeline(grown, fresh)
    assert grown.seek(T0 + timedelta(minutes=25)).councils["leeds"].outcome == "CON GAIN from LAB"


def test_extend_with_nothing() -> None:
    grown = Timeline(load(header(), *COUNCILS, *PART1), checkpoint_every=2)
    assert grown.extend([]) == len(PART1)
    assert_same_timeline(grown, Timeline(load(header(), *COUNCILS, *PART1), 2))


def test_timestamps_equal_datetime_timestamp() -> None:
    """The fast path (epoch in the same fixed offset) gives exactly `at.timestamp()`, for
    any offset, with microseconds, and in a zone with daylight saving."""
    moments = [
        datetime(2018, 5, 4, 3, 28, 0, 999_999, tzinfo=timezone(timedelta(hours=1))),
        datetime(2018, 5, 4, 3, 28, 0, 999_999, tzinfo=timezone(timedelta(hours=1))),
        datetime(1969, 12, 31, 23, 0, 0, 1, tzinfo=timezone(timedelta(hours=-5, minutes=-30))),
        datetime(2018, 5, 4, 2, 28, 0, tzinfo=UTC),
        datetime(2018, 10, 28, 1, 30, 0, tzinfo=ZoneInfo("Europe/London")),
    ]
    entries = [Marker(at=at, label="m") for at in moments]
    times, declarations, markers = times_and_kinds(entries)
    assert list(times) == [at.timestamp() for at in moments]
    assert list(declarations) == [] and markers == list(range(len(moments)))
