"""SVG snapshots of the map view, paused on a fake clock; each checks its claims in text first."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from uikit import catch_up, moment, screen_text

from elextui.clock import FakeClock
from elextui.feed import bundled_feeds, load_feed
from elextui.timeline import Timeline
from elextui.ui.app import ElextuiApp, make_app
from elextui.ui.widgets.council_map import CouncilMap

SMALL = (80, 24)
LARGE = (160, 48)


def on_the_map(timeline: Timeline, when: str) -> ElextuiApp:
    """The app paused at a TIME on the map view, on a clock that never moves."""
    return make_app(
        timeline, paused=True, clock=FakeClock(), start=moment(timeline, when), view="map"
    )


def council_map(pilot: Pilot[Any]) -> CouncilMap:
    """The app's map widget."""
    return pilot.app.query_one(CouncilMap)


def test_map_at_0330_large(snap_compare: Any, night_2018: Timeline) -> None:
    """160x48 at 03:30 on the 2018 night: England and Wales as labelled hexes between
    half-block edges, non-voting districts slate grey. Plymouth (`Ply`, bold red) sits
    alone in the far south-west; the London boroughs (`K&C`, `Wes`, `H&F`, `Wan`, `Lam`,
    `Sou`, `Lew`, `Gre`, `Bro`, `Bex`...) form one block in the south-east; the north-west
    is a red band (`Wig`, `Sal`, `Old`, `Bol`...). In the sea at the top left: the legend
    and `Gains (7):` starting `Plymouth LAB GAIN`. The map has the keys: its title reads
    `Map  ▸ Hammersmith and Fulham: LAB HOLD ... arrows move · enter opens · esc`."""

    async def check(pilot: Pilot[Any]) -> None:
        await catch_up(pilot)
        text = screen_text(pilot.app)
        assert "Map  \u25b8 Hammersmith and Fulham: LAB HOLD" in text
        assert "arrows move" in text
        assert "Gains (7):" in text and "Plymouth LAB GAIN" in text
        lines = text.splitlines()
        plymouth = [i for i, line in enumerate(lines) if " Ply " in line]
        assert len(plymouth) == 1
        ply = plymouth[0]
        assert lines[ply].index(" Ply ") < 20  # Plymouth at the far west...
        london = next(line for line in lines if " K&C " in line)
        assert lines.index(london) < ply  # ...London north of it, its boroughs side by side
        assert " H&F K&C Wes " in london
        hexes = council_map(pilot)
        assert hexes.shape.pitch == 3 and not hexes.shape.dense

    app = on_the_map(night_2018, "03:30")
    assert snap_compare(app, terminal_size=LARGE, run_before=check)


def test_map_at_0330_small(snap_compare: Any, night_2018: Timeline) -> None:
    """80x24 at 03:30: the whole of England and Wales in half-blocks (two columns a hex,
    two rows a line) filling the left, the scoreboard and ticker out of the way; on the
    right the colour key (gain, hold, to declare, no poll, selected) and `Gains (7):`
    with Plymouth first; the selected hex (H&F) white in west London."""

    async def check(pilot: Pilot[Any]) -> None:
        await catch_up(pilot)
        text = screen_text(pilot.app)
        assert "Map  \u25b8 Hammersmith and Fulham" in text
        for words in ("gain", "hold", "to declare", "no poll", "selected", "Gains (7):"):
            assert words in text
        assert "Plymouth LAB GAIN" in text
        assert "Scoreboard" not in text
        hexes = council_map(pilot)
        assert hexes.shape.dense
        assert hexes.virtual_size.height <= hexes.scrollable_content_region.height

    app = on_the_map(night_2018, "03:30")
    assert snap_compare(app, terminal_size=SMALL, run_before=check)


@pytest.mark.parametrize(
    ("feed_id", "gains", "latest"),
    [
        ("england-locals-2023", 79, "York LAB GAIN"),
        ("england-locals-2024", 20, "T Wells LD GAIN"),
    ],
)
def test_map_at_the_end_of_2023_and_2024(
    snap_compare: Any, feed_id: str, gains: int, latest: str
) -> None:
    """160x48 at the end of the night, on the 2023 boundaries (Dorset and BCP whole, no
    Weymouth): every council in full colour, London's boroughs grey (they voted in 2022
    and 2026). 2023 colours most of England, with `Gains (79):` from `York LAB GAIN`;
    2024 (107 councils) is sparser, with `Gains (20):` from Tunbridge Wells' LD gain."""
    timeline = Timeline(load_feed(bundled_feeds()[feed_id]))

    async def check(pilot: Pilot[Any]) -> None:
        await catch_up(pilot)
        hexes = council_map(pilot)
        assert hexes.hexmap is not None and hexes.hexmap.year == 2023
        assert hexes.unplaced == []
        text = screen_text(pilot.app)
        assert f"Gains ({gains}):" in text and latest in text
        assert " Wes " not in text and " K&C " not in text  # London is not up

    app = on_the_map(timeline, "end")
    assert snap_compare(app, terminal_size=LARGE, run_before=check)
