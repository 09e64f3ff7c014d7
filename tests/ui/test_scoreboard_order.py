"""The scoreboard keeps the header's party order all night: rows never jump about."""

from __future__ import annotations

import pytest
from uikit import catch_up, moment

from elextui.clock import FakeClock
from elextui.describe import leading, standings
from elextui.feed import load_feed
from elextui.feed.bundled import bundled_feeds
from elextui.feed.model import NOC
from elextui.timeline import Timeline
from elextui.ui.app import make_app
from elextui.ui.widgets.scoreboard import Scoreboard


@pytest.mark.parametrize("feed", sorted(bundled_feeds()))
def test_standings_follow_the_header_all_night(feed: str) -> None:
    night = Timeline(load_feed(bundled_feeds()[feed]))
    header = [p.code for p in night.feed.election.parties]
    for index in range(0, len(night) + 1, max(1, len(night) // 40)):
        state = night.state_at_index(index)
        assert [code for code, _ in standings(state)] == [*header, NOC]


def test_the_kiosk_cards_still_lead_with_the_leaders(night_2018: Timeline) -> None:
    """`leading` sorts by councils: at the end of 2018 Labour leads, then the Conservatives."""
    state = night_2018.state_at_index(len(night_2018))
    assert [code for code, _ in leading(state, 3)] == ["LAB", "CON", "LD"]


def rows(app: object) -> list[str]:
    """The party codes of the scoreboard's rows as drawn (each line reads `█ CODE Name ...`)."""
    board = app.main.query_one(Scoreboard)  # type: ignore[attr-defined]
    return [str(line.text).split()[1] for line in board.lines[1:]]


async def test_the_rows_stay_put_from_start_to_end(night_2018: Timeline, clock: FakeClock) -> None:
    """Played from the start at 3600x, and jumped to the end: the same rows in the same order
    (the header's: LAB CON LD GRN UKIP IND OTH, then NOC), while the figures change."""
    expected = ["LAB", "CON", "LD", "GRN", "UKIP", "IND", "OTH", "NOC"]
    app = make_app(night_2018, speed=3600, clock=clock, start=moment(night_2018, "start"))
    async with app.run_test(size=(160, 48)) as pilot:
        await catch_up(pilot, clock)
        assert rows(app) == expected
        seen = set()
        for _ in range(12):  # two hours of the night per step
            await catch_up(pilot, clock, 2.0)
            assert rows(app) == expected, app.at
            seen.add(app.state.declared)
        assert len(seen) > 3  # the figures moved while the rows stayed
        await pilot.press("end")
        await catch_up(pilot, clock)
        assert app.state.declared == 150
        assert rows(app) == expected
