"""Every council's detail shows the same parties and figures as `state --json`."""

from __future__ import annotations

import re
from typing import Any

import pytest
from uikit import catch_up, screen_text

from elextui.clock import FakeClock
from elextui.feed import bundled_feeds, load_feed
from elextui.report import state_json
from elextui.timeline import Timeline
from elextui.ui.app import make_app
from elextui.ui.palette import Palette
from elextui.ui.screens.council_detail import CouncilDetailScreen

_PART = re.compile(r"([A-Z]+) (\d+|\?)(?: \(([+-]?\d+)\))?")


def detail_figures(text: str) -> dict[str, tuple[int | None, int | None]]:
    """`Tonight  CON 9 (+2) · UKIP 0 (-1)` as {party: (seats, change)}."""
    line = text.split("\n", 1)[0].removeprefix("Tonight").strip().removeprefix("so far").strip()
    out = {}
    for part in line.split(" \u00b7 "):
        m = _PART.fullmatch(part.strip())
        if m:
            seats, change = m[2], m[3]
            out[m[1]] = (
                None if seats == "?" else int(seats),
                None if change is None else int(change),
            )
    return out


def json_figures(council: dict[str, Any]) -> dict[str, tuple[int | None, int | None]]:
    won, change = council.get("seats_won"), council.get("change")
    codes = {*(won or {}), *(change or {})}
    return {
        code: (
            None if won is None else won.get(code, 0),
            None if change is None else change.get(code, 0),
        )
        for code in codes
        if (won or {}).get(code) or (change or {}).get(code)
    }


@pytest.mark.parametrize("feed_id", sorted(bundled_feeds()))
def test_every_council_detail_agrees_with_the_json(feed_id: str) -> None:
    feed = load_feed(bundled_feeds()[feed_id])
    timeline = Timeline(feed)
    state = timeline.seek(timeline.end)
    councils = state_json(feed, state, timeline.end)["councils"]
    palette = Palette(feed.election.parties)
    order = list(state.parties)
    losses = 0
    for council_id, council in councils.items():
        screen = CouncilDetailScreen(state, council_id, [], palette, feed.election.timezone)
        text = screen._seats_won().plain
        shown = detail_figures(text)
        assert shown == json_figures(council), (council_id, text)
        # fixed party order: the header's
        assert list(shown) == sorted(shown, key=order.index), (council_id, text)
        losses += sum(1 for seats, change in shown.values() if seats == 0 and (change or 0) < 0)
        if council.get("seats_won") is None and council.get("change") is None:
            assert "not reported" in text
    assert losses > 0 or feed_id != "england-locals-2018"


def test_bolton_shows_ukip_losing_a_seat_it_did_not_win() -> None:
    feed = load_feed(bundled_feeds()["england-locals-2018"])
    timeline = Timeline(feed)
    state = timeline.seek(timeline.end)
    screen = CouncilDetailScreen(
        state, "bolton", [], Palette(feed.election.parties), "Europe/London"
    )
    assert "UKIP 0 (-1)" in screen._seats_won().plain


@pytest.mark.parametrize("size", [(160, 48), (80, 24)])
@pytest.mark.parametrize("feed_id", sorted(bundled_feeds()))
async def test_the_scoreboard_shows_the_coverage_at_the_end(
    feed_id: str, size: tuple[int, int]
) -> None:
    timeline = Timeline(load_feed(bundled_feeds()[feed_id]))
    state = timeline.seek(timeline.end)
    app = make_app(timeline, paused=True, clock=FakeClock(), start=timeline.end)
    async with app.run_test(size=size) as pilot:
        await catch_up(pilot)
        shown = app.main.scoreboard.coverage
        n = state.declared
        numbers = {state.change_known, state.seats_won_known} - {n}
        assert all(str(k) in shown for k in numbers), shown
        assert str(n) in shown
        assert shown in screen_text(app)
