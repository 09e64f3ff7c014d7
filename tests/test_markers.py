"""Markers never contradict the board: derived ones by construction, bundled ones checked."""

from __future__ import annotations

import re

import pytest
from feedkit import council, entry, header, load

from elextui.feed import Marker, bundled_feeds, load_feed
from elextui.markers import derive_markers
from elextui.state import State
from elextui.timeline import Timeline


def labels(markers: list[Marker]) -> list[tuple[str, str, bool]]:
    return [(m.at.strftime("%H:%M"), m.label, m.estimated) for m in markers]


def test_derived_markers_follow_the_board() -> None:
    feed = load(
        header(),
        council("hull", 5, seats_up=5, control="CON"),
        council("york", 5, seats_up=5, control="LAB"),
        council("bath", 5, seats_up=5, control="LD"),
        entry("result", at="2018-05-04T01:00:00+01:00", council="york", control="LAB"),
        entry(
            "result",
            at="2018-05-04T02:00:00+01:00",
            council="hull",
            control="LAB",
            final=False,
            estimated=True,
        ),
        entry("result", at="2018-05-04T03:00:00+01:00", council="hull", control="LAB"),
        entry("result", at="2018-05-04T04:00:00+01:00", council="bath", control="NOC"),
    )
    assert labels(derive_markers(feed)) == [
        ("01:00", "First declaration: York", False),
        ("02:00", "First gain in this feed: Hull, LAB gain from CON (call)", True),
        ("03:00", "Halfway: 2 of 3 councils declared", False),  # the call confirmed: no marker
        ("04:00", "Last declaration: Bath", False),
        ("04:00", "Bath: LD loses control", False),
    ]


def test_a_declaration_that_overturns_a_call_is_marked() -> None:
    feed = load(
        header(),
        council("hull", 5, seats_up=5, control="CON"),
        council("york", 5, seats_up=5, control="LAB"),
        entry("result", at="2018-05-04T01:00:00+01:00", council="york", control="LAB"),
        entry("result", at="2018-05-04T02:00:00+01:00", council="hull", control="NOC", final=False),
        entry("result", at="2018-05-04T03:00:00+01:00", council="hull", control="CON"),
    )
    assert [label for _, label, _ in labels(derive_markers(feed))] == [
        "First declaration: York",
        "Halfway: 1 of 2 councils declared",
        "Hull: CON loses control (call)",
        "Last declaration: Hull",
        "Hull: CON holds after all",
    ]


def _states_at_markers(feed_id: str) -> list[tuple[str, State]]:
    timeline = Timeline(load_feed(bundled_feeds()[feed_id]))
    return [
        (timeline.entries[i].label, timeline.state_at_index(i + 1))  # type: ignore[union-attr]
        for i in timeline.markers
    ]


def _control_change(state: State, label: str) -> tuple[str, str, str] | None:
    """(council id, party, `gain from` or `loses control`) when the label reports one."""
    for cid, status in state.councils.items():
        name = status.council.name
        for lead in (f"{name}: ", f": {name}, "):
            at = label.find(lead)
            if at == 0 or (at > 0 and lead.startswith(":")):
                words = re.match(r"([A-Z]+) (gain from|loses control)", label[at + len(lead) :])
                if words:
                    return cid, words[1], words[2]
    return None


@pytest.mark.parametrize("feed_id", sorted(bundled_feeds()))
def test_bundled_markers_agree_with_the_board(feed_id: str) -> None:
    """Each marker, at the moment it plays, says what the board shows."""
    checked = 0
    for label, state in _states_at_markers(feed_id):
        count = re.search(r"(\d+) of (\d+) councils declared", label)
        if count:
            assert (state.declared, state.councils_total) == tuple(map(int, count.groups()))
        if label.startswith("First declaration"):
            more = re.search(r" and (\d+) more$", label)
            assert state.declared == (1 + int(more[1]) if more else 1), label
        if label.startswith("Last declaration"):
            assert state.declared == state.councils_total, label
        change = _control_change(state, label)
        if change:
            cid, party, kind = change
            status = state.councils[cid]
            assert status.called == label.endswith("(call)"), label
            if kind == "gain from":
                assert status.control == party, label
            else:
                assert status.control_before == party != status.control, label
            checked += 1
        if label == "Five councils left":
            assert state.councils_total - state.declared == 5
    assert checked > 0


def test_2018_calls_are_marked_as_calls() -> None:
    marks = dict(_states_at_markers("england-locals-2018"))
    for name in ("Plymouth: LAB gain from CON (call)", "Tower Hamlets: LAB gain from NOC (call)"):
        assert marks[name].called == 1
