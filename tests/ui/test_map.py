"""Pilot tests of the map view: `m`, arrows to geographic neighbours, Enter, the palette, clicks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from uikit import catch_up, moment, screen_text

from elextui.clock import FakeClock
from elextui.feed import bundled_feeds, load_feed
from elextui.timeline import Timeline
from elextui.ui.app import ElextuiApp, make_app
from elextui.ui.screens.council_detail import CouncilDetailScreen
from elextui.ui.widgets.council_grid import CouncilGrid
from elextui.ui.widgets.council_map import CouncilMap

SIZE = (160, 48)


def night(feed_id: str) -> Timeline:
    """A bundled night's timeline."""
    return Timeline(load_feed(bundled_feeds()[feed_id]))


def map_app(timeline: Timeline, clock: FakeClock, when: str = "03:30") -> ElextuiApp:
    """The app paused at `when`, opening on the map."""
    return make_app(timeline, paused=True, clock=clock, start=moment(timeline, when), view="map")


def status_line(app: ElextuiApp) -> str:
    """The map's title row: `Map  ▸ COUNCIL: OUTCOME ...`."""
    return next(line for line in screen_text(app).splitlines() if "Map  \u25b8" in line)


async def test_m_toggles_grid_and_map(night_2018: Timeline, clock: FakeClock) -> None:
    app = make_app(night_2018, paused=True, clock=clock, start=moment(night_2018, "03:30"))
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        grid, hexes = app.main.query_one(CouncilGrid), app.main.query_one(CouncilMap)
        assert grid.display and not hexes.display
        await pilot.press("m")
        await catch_up(pilot)
        assert hexes.display and not grid.display and hexes.has_focus
        assert "Map  \u25b8" in screen_text(app)
        await pilot.press("m")
        await catch_up(pilot)
        assert grid.display and not hexes.display and grid.has_focus


async def test_view_map_opens_on_the_map_with_the_keys(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = map_app(night_2018, clock)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        hexes = app.main.query_one(CouncilMap)
        assert hexes.display and hexes.has_focus
        assert hexes.hexmap is not None and hexes.hexmap.year == 2018
        at = app.at
        await pilot.press("right")  # moves on the map, does not step the night
        await catch_up(pilot, clock)
        assert app.at == at
        await pilot.press("escape", "right")  # esc gives the arrows back to playback
        await catch_up(pilot, clock)
        assert app.at > at


# From Westminster on the 2018 map, as drawn: Islington above, Southwark below,
# Tower Hamlets to the right, Kensington and Chelsea to the left.
ARROWS_2018 = [
    ("up", "islington", "Islington"),
    ("down", "southwark", "Southwark"),
    ("right", "tower-hamlets", "Tower Hamlets"),
    ("left", "kensington-and-chelsea", "Kensington and Chelsea"),
]


@pytest.mark.parametrize(("key", "expected", "name"), ARROWS_2018)
async def test_arrows_move_to_the_geographic_neighbour(
    night_2018: Timeline, clock: FakeClock, key: str, expected: str, name: str
) -> None:
    app = map_app(night_2018, clock)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        hexes = app.main.query_one(CouncilMap)
        hexes.select("westminster")
        await catch_up(pilot)
        assert "Westminster: CON HOLD" in status_line(app)
        await pilot.press(key)
        await catch_up(pilot)
        assert hexes.selected == expected
        assert f"\u25b8 {name}: " in status_line(app)


@pytest.mark.parametrize(
    ("feed_id", "start", "moves"),
    [
        ("england-locals-2023", "plymouth", [("right", "south-hams"), ("left", "plymouth")]),
        (
            "england-locals-2023",
            "hartlepool",
            [("down", "middlesbrough"), ("up", "hartlepool"), ("left", "darlington")],
        ),
        (
            "england-locals-2024",
            "trafford",
            [("right", "manchester"), ("left", "trafford"), ("up", "wigan")],
        ),
        ("england-locals-2024", "plymouth", [("up", "exeter"), ("down", "plymouth")]),
    ],
)
async def test_arrows_on_the_2023_and_2024_maps(
    clock: FakeClock, feed_id: str, start: str, moves: list[tuple[str, str]]
) -> None:
    timeline = night(feed_id)
    app = map_app(timeline, clock, "end")
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        hexes = app.main.query_one(CouncilMap)
        assert hexes.hexmap is not None and hexes.hexmap.year == 2023
        hexes.select(start)
        for key, expected in moves:
            await pilot.press(key)
            await catch_up(pilot)
            assert hexes.selected == expected, key


async def test_north_then_south_comes_back(night_2018: Timeline, clock: FakeClock) -> None:
    app = map_app(night_2018, clock)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        hexes = app.main.query_one(CouncilMap)
        assert hexes.placement is not None
        for council_id in list(hexes.placement.codes)[::10]:
            hexes.select(council_id)
            for there, back in (("up", "down"), ("right", "left")):
                before = hexes.selected
                await pilot.press(there)
                moved = hexes.selected != before
                await pilot.press(back)
                assert hexes.selected == before or not moved, (council_id, there)


async def test_enter_opens_the_selected_council(night_2018: Timeline, clock: FakeClock) -> None:
    app = map_app(night_2018, clock)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        app.main.query_one(CouncilMap).select("plymouth")
        await pilot.press("enter")
        await catch_up(pilot)
        assert isinstance(app.screen, CouncilDetailScreen)
        assert app.screen.status.council.id == "plymouth"


async def test_the_palette_selects_a_council_on_the_map(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = map_app(night_2018, clock)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        await pilot.press("ctrl+p", *"go to council")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        await pilot.press(*"Plymouth")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await catch_up(pilot)
        assert isinstance(app.screen, CouncilDetailScreen)
        await pilot.press("escape")
        await catch_up(pilot)
        assert app.main.query_one(CouncilMap).selected == "plymouth"
        assert "\u25b8 Plymouth: LAB GAIN from CON" in status_line(app)


async def test_a_click_selects_and_a_double_click_opens(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = map_app(night_2018, clock)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        hexes = app.main.query_one(CouncilMap)
        region = hexes.region_of("plymouth")
        assert region is not None
        # the text line of the hex: its middle line
        offset = (region.x + 1, region.y + region.height // 2)
        await pilot.click(CouncilMap, offset=(offset[0] + 1, offset[1] + 1))
        await catch_up(pilot)
        assert hexes.selected == "plymouth"
        await pilot.double_click(CouncilMap, offset=(offset[0] + 1, offset[1] + 1))
        await catch_up(pilot)
        assert isinstance(app.screen, CouncilDetailScreen)


async def test_councils_with_no_hex_are_listed_beside_the_map(
    mini: Timeline, clock: FakeClock
) -> None:
    """The mini feed gives only Plymouth an ONS code: the other two are listed, not dropped."""
    app = make_app(mini, paused=True, clock=clock, start=moment(mini, "end"), view="map")
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        hexes = app.main.query_one(CouncilMap)
        assert hexes.unplaced == ["sunderland", "trafford"]
        text = screen_text(app)
        assert "No hex on the 2018 map (2):" in text
        assert "Sunderland LAB HOLD" in text and "Trafford" in text
        hexes.select("plymouth")
        await pilot.press("down")  # nothing south of Plymouth: stays
        assert hexes.selected == "plymouth"
        hexes.select("sunderland")
        await pilot.press("down")  # in the list, down walks the list
        assert hexes.selected == "trafford"
        assert "\u25b8 Trafford: " in status_line(app)


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 48), (200, 60)])
async def test_every_council_is_drawn_at_every_size(
    night_2018: Timeline, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = map_app(night_2018, clock)
    async with app.run_test(size=size) as pilot:
        await catch_up(pilot, clock)
        hexes = app.main.query_one(CouncilMap)
        assert hexes.placement is not None
        width, height = hexes.scrollable_content_region.size
        assert hexes.virtual_size.height <= height, "the whole map is on screen"
        for council_id in hexes.placement.codes:
            region = hexes.region_of(council_id)
            assert region is not None and region.right <= width and region.bottom <= height


async def test_a_call_is_marked_on_the_map(tmp_path: Path, clock: FakeClock) -> None:
    """A call (final: false) is coloured as its party, in italics, with `called` in the
    legend and `(call)` in the status line; the later final result drops the mark."""
    mini = (Path(__file__).parents[1] / "data" / "mini.jsonl").read_text(encoding="utf-8")
    lines = [json.loads(line) for line in mini.splitlines() if line.strip()][:2]  # + plymouth
    lines += [
        {"type": "result", "at": "2018-05-04T02:00:00+01:00", "council": "plymouth"}
        | {"control": "LAB", "final": False},
        {"type": "result", "at": "2018-05-04T04:00:00+01:00", "council": "plymouth"}
        | {"control": "LAB"},
    ]
    feed = tmp_path / "call.jsonl"
    feed.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    timeline = Timeline(load_feed(feed))
    app = make_app(timeline, paused=True, clock=clock, start=moment(timeline, "03:00"), view="map")
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        hexes = app.main.query_one(CouncilMap)
        hexes.select("plymouth")
        await catch_up(pilot)
        assert "\u25b8 Plymouth: LAB GAIN from CON (call)" in status_line(app)
        assert "called, seats still counting" in screen_text(app)
        assert hexes.placement is not None
        ply = hexes.placement.hexmap.hexes["E06000026"]
        _, style = hexes._hex_cell(ply, 0)
        assert style.italic
        app.player.seek(moment(timeline, "05:00"))
        await catch_up(pilot, clock)
        assert "\u25b8 Plymouth: LAB GAIN from CON \u00b7" in status_line(app)
        assert "called, seats still counting" not in screen_text(app)
        _, style = hexes._hex_cell(ply, 0)
        assert not style.italic


def test_the_command_line_takes_view(tmp_path: Path) -> None:
    from elextui.cli import build_parser, main

    parser = build_parser()
    assert parser.parse_args(["replay", "--view", "map"]).view == "map"
    assert parser.parse_args(["follow", "feed.jsonl", "--view", "map"]).view == "map"
    assert parser.parse_args(["replay"]).view == "grid"
    out = tmp_path / "map.svg"
    assert main(["screenshot", "--at", "03:30", "--view", "map", "-o", str(out)]) == 0
    assert "&#160;\u25b8&#160;Hammersmith&#160;and&#160;Fulham:" in out.read_text(encoding="utf-8")
