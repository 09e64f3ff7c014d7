"""Property tests: seeking through checkpoints equals folding from the baseline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from feedkit import council, header, load
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from elextui.feed import NOC, Feed
from elextui.state import PartyTally, State, apply
from elextui.timeline import Timeline

PARTIES = ("LAB", "CON", "LD")
T0 = datetime(2018, 5, 3, 21, 0, tzinfo=UTC)
ZONES = (UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5)))
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def partition(draw: st.DrawFn, total: int) -> dict[str, int]:
    """Seats by party summing to `total` (parties with 0 sometimes left out)."""
    left = total
    seats: dict[str, int] = {}
    for party in PARTIES[:-1]:
        n = draw(st.integers(0, left))
        if n or draw(st.booleans()):
            seats[party] = n
        left -= n
    seats[PARTIES[-1]] = left
    return seats


@st.composite
def at_most(draw: st.DrawFn, total: int) -> dict[str, int]:
    """Seats by party summing to no more than `total`."""
    return draw(partition(draw(st.integers(0, total))))


def stamp(draw: st.DrawFn) -> str:
    """A time on a small grid (so ties are common) written in one of several offsets."""
    minute = draw(st.integers(0, 12)) * 10
    return (T0 + timedelta(minutes=minute)).astimezone(draw(st.sampled_from(ZONES))).isoformat()


@st.composite
def feeds(draw: st.DrawFn) -> list[dict[str, Any]]:
    """The lines of a random valid feed: a header, 1-5 councils and 0-40 entries."""
    lines: list[dict[str, Any]] = [header()]
    seats: dict[str, tuple[int, int]] = {}
    for i in range(draw(st.integers(1, 5))):
        total = draw(st.integers(1, 15))
        up = draw(st.integers(0, total))
        fields: dict[str, Any] = {"seats_up": up}
        if draw(st.booleans()):
            fields["composition"] = draw(partition(total))
        if draw(st.booleans()):
            fields["control"] = draw(st.sampled_from((*PARTIES, NOC)))
        seats[f"c{i}"] = (total, up)
        lines.append(council(f"c{i}", total, **fields))
    ids = sorted(seats)
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.sampled_from(("result", "result", "post", "marker", "mayor", "pcc")))
        line: dict[str, Any] = {"type": kind, "at": stamp(draw)}
        if kind == "result":
            cid = draw(st.sampled_from(ids))
            total, up = seats[cid]
            line["council"] = cid
            has_composition = draw(st.booleans())
            if has_composition:
                line["composition"] = draw(partition(total))
            if not has_composition or draw(st.booleans()):
                line["control"] = draw(st.sampled_from((*PARTIES, NOC)))
            if draw(st.booleans()):
                line["seats_won"] = draw(at_most(up))
            if draw(st.booleans()):
                line["change"] = {
                    p: draw(st.integers(-min(5, total), min(5, total))) for p in PARTIES
                }
            if draw(st.integers(0, 3)) == 0:
                line["final"] = False  # a call
        elif kind == "post":
            line["text"] = "a post"
            line["councils"] = draw(st.lists(st.sampled_from(ids), max_size=2))
        elif kind == "marker":
            line["label"] = "a moment"
        else:
            line |= {"area": draw(st.sampled_from(("North", "South"))), "winner": "W"}
            line["party"] = draw(st.sampled_from(PARTIES))
        if draw(st.booleans()):
            line["estimated"] = True
        lines.append(line)
    return lines


def moments(draw: st.DrawFn, feed: Feed) -> datetime:
    """Any minute around the night, or exactly the time of one of its entries."""
    if feed.entries and draw(st.booleans()):
        return draw(st.sampled_from(feed.entries)).at
    return T0 + timedelta(minutes=draw(st.integers(-10, 130)))


def fold_until(timeline: Timeline, moment: datetime) -> State:
    """The reference: every entry at or before `moment`, in time order (file order for ties)."""
    state = timeline.baseline
    for entry in sorted(timeline.feed.entries, key=lambda e: e.at):
        if entry.at <= moment:
            state = apply(state, entry)
    return state


def recount(state: State) -> dict[str, PartyTally]:
    """National lines counted from scratch over the declared councils (calls not counted)."""
    lines = {code: [0, 0, 0, 0] for code in state.parties}
    for status in state.councils.values():
        if status.result is None or not status.declared:
            continue
        if status.control is not None:
            lines[status.control][0] += 1
        if status.control_before is not None:
            lines[status.control_before][1] += 1
        for party, won in (status.result.seats_won or {}).items():
            lines[party][2] += won
        for party, change in (status.result.change or {}).items():
            lines[party][3] += change
    return {code: PartyTally(*values) for code, values in lines.items()}


@SETTINGS
@given(lines=feeds(), data=st.data(), every=st.integers(1, 4))
def test_seek_equals_folding_from_the_baseline(
    lines: list[dict[str, Any]], data: st.DataObject, every: int
) -> None:
    feed = load(*lines)
    timeline = Timeline(feed, checkpoint_every=every)
    for _ in range(5):
        moment = moments(data.draw, feed)
        state = timeline.seek(moment)
        assert state == fold_until(timeline, moment)
        assert state.tallies == recount(state)
        councils = state.councils.values()
        assert state.declared == sum(s.declared for s in councils)
        assert state.called == sum(s.called for s in councils)
        declared = [s.result for s in councils if s.declared and s.result is not None]
        assert state.seats_won_known == sum(r.seats_won is not None for r in declared)
        assert state.change_known == sum(r.change is not None for r in declared)


@SETTINGS
@given(lines=feeds())
def test_a_call_never_undoes_a_declaration(lines: list[dict[str, Any]]) -> None:
    """Once a final result has played, the council stays declared whatever follows."""
    timeline = Timeline(load(*lines), checkpoint_every=2)
    seen: set[str] = set()
    for index in range(len(timeline) + 1):
        state = timeline.state_at_index(index)
        now = {cid for cid, s in state.councils.items() if s.declared}
        assert seen <= now
        seen = now
        assert all(s.status in ("pending", "called", "declared") for s in state.councils.values())


@SETTINGS
@given(lines=feeds(), data=st.data())
def test_seeking_backwards_then_forwards_gives_the_same_states(
    lines: list[dict[str, Any]], data: st.DataObject
) -> None:
    feed = load(*lines)
    timeline = Timeline(feed, checkpoint_every=3)
    times = [moments(data.draw, feed) for _ in range(4)]
    first = [timeline.seek(t) for t in times]
    again = [timeline.seek(t) for t in reversed(times)]
    assert again == list(reversed(first))
    # Index by index too, end to start and back.
    down = [timeline.state_at_index(i) for i in range(len(timeline), -1, -1)]
    up = [timeline.state_at_index(i) for i in range(len(timeline) + 1)]
    assert down == list(reversed(up))


@SETTINGS
@given(lines=feeds(), data=st.data(), every=st.integers(1, 4))
def test_extend_equals_a_fresh_timeline(
    lines: list[dict[str, Any]], data: st.DataObject, every: int
) -> None:
    head = [line for line in lines if line["type"] in ("election", "council")]
    body = lines[len(head) :]
    cut = data.draw(st.integers(0, len(body)), label="cut")
    grown = Timeline(load(*head, *body[:cut]), checkpoint_every=every)
    grown.extend(load(*head, *body[cut:]).entries)
    fresh = Timeline(load(*head, *body), checkpoint_every=every)
    assert grown.entries == fresh.entries
    assert grown.times == fresh.times
    assert grown.markers == fresh.markers
    assert grown.declarations == fresh.declarations
    assert grown.build_checkpoints() and fresh.build_checkpoints()
    assert grown._checkpoints == fresh._checkpoints
    for index in range(len(fresh) + 1):
        assert grown.state_at_index(index) == fresh.state_at_index(index)
    moment = moments(data.draw, fresh.feed)
    assert grown.seek(moment) == fresh.seek(moment) == fold_until(fresh, moment)
