"""Tiles read the same at every width: one wording scheme, one look, for the grid and the map."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from rich.style import Style
from textual.color import Color
from uikit import catch_up, moment, screen_text

from elextui.clock import FakeClock
from elextui.feed.model import Council, Party, Result
from elextui.state import CouncilStatus
from elextui.timeline import Timeline
from elextui.ui.app import make_app
from elextui.ui.palette import Palette
from elextui.ui.tiles import (
    CALL_WIDTH,
    FROM_WIDTH,
    WORDS_WIDTH,
    tile_detail,
    tile_status,
    tile_style,
)
from elextui.ui.widgets.council_grid import CouncilGrid
from elextui.ui.widgets.council_map import CouncilMap

AT = datetime.fromisoformat("2018-05-04T03:00:00+01:00")
PLYMOUTH = Council(id="plymouth", name="Plymouth", seats=57, control="CON")


def status(
    control: str | None, before: str | None = "CON", final: bool | None = True
) -> CouncilStatus:
    """Plymouth pending (`final` None), declared or called for `control`."""
    council = Council(id="plymouth", name="Plymouth", seats=57, control=before)
    if final is None:
        return CouncilStatus(council, before, before)
    result = Result(at=AT, council="plymouth", control=control, final=final)
    return CouncilStatus(council, before, control, result)


PENDING = status(None, "CON", None)
HOLD = status("CON")
GAIN = status("LAB")
NOC_GAIN = status("NOC")
NOC_HOLD = status("NOC", "NOC")
WIN = status("LAB", None)
CALL_GAIN = status("LAB", final=False)
CALL_HOLD = status("CON", final=False)


@pytest.mark.parametrize(
    ("tile", "narrow", "call_width", "wide", "tiny"),
    [
        (PENDING, "was CON", "was CON", "was CON", "CON\u2026"),
        (HOLD, "CON HOLD", "CON HOLD", "CON HOLD", "CON"),
        (GAIN, "LAB GAIN", "LAB GAIN", "LAB GAIN from CON", "+LAB"),
        (NOC_GAIN, "NOC GAIN", "NOC GAIN", "NOC GAIN from CON", "+NOC"),
        (NOC_HOLD, "NOC HOLD", "NOC HOLD", "NOC HOLD", "NOC"),
        (WIN, "LAB WIN", "LAB WIN", "LAB WIN", "LAB"),
        (CALL_GAIN, "LAB call", "LAB GAIN call", "LAB GAIN call", "LAB?"),
        (CALL_HOLD, "CON call", "CON HOLD call", "CON HOLD call", "CON?"),
    ],
)
def test_one_wording_at_every_width(
    tile: CouncilStatus, narrow: str, call_width: str, wide: str, tiny: str
) -> None:
    assert tile_status(tile, WORDS_WIDTH) == narrow
    assert tile_status(tile, CALL_WIDTH - 1) == narrow
    assert tile_status(tile, CALL_WIDTH) == call_width
    assert tile_status(tile, FROM_WIDTH) == wide
    assert tile_status(tile, 40) == wide
    assert tile_status(tile, 4) == tiny


def test_pending_never_reads_like_a_result() -> None:
    results = [HOLD, GAIN, NOC_GAIN, NOC_HOLD, WIN, CALL_GAIN, CALL_HOLD]
    for width in range(3, 30):
        shown = tile_status(PENDING, width)
        assert shown not in {tile_status(r, width) for r in results}, width
        if width >= WORDS_WIDTH:
            assert shown.startswith("was ")


def test_the_form_depends_on_the_width_not_the_party_code() -> None:
    """`LD HOLD` and `CON HOLD` side by side, never `LD HOLD` beside a bare `CON`."""
    for width in range(WORDS_WIDTH, 30):
        for code in ("LD", "CON", "UKIP"):
            assert tile_status(status(code, code), width) == f"{code} HOLD"
            assert tile_status(status(code, "NOC"), width).startswith(f"{code} GAIN")


def test_grid_and_map_share_the_look() -> None:
    """Both widgets style a tile through one function: the party colour (a tint while
    pending), then the widget's own component style by name."""
    palette = Palette([Party(code="LAB", name="Labour", color="#E4003B")])
    asked: list[str] = []

    def component(name: str) -> Style:
        asked.append(name)
        return Style(italic=name == "called")

    black = Color(0, 0, 0)
    tile_style(palette, PENDING, black, component)
    tile_style(palette, GAIN, black, component, flash=True, cursor=True)
    tile_style(palette, HOLD, black, component, flash=False)
    called = tile_style(palette, CALL_GAIN, black, component)
    assert asked == ["pending", "gain", "flash-gain", "cursor", "flash", "called"]
    assert called.italic
    assert called.bgcolor == palette.tile_style("LAB", black, True).bgcolor


def grid_text(grid: CouncilGrid | CouncilMap) -> str:
    """The grid's (or map's) lines as drawn in its viewport."""
    return "\n".join(grid.render_line(y).text for y in range(grid.size.height))


def tile_under(text: str, name: str) -> str:
    """The status line drawn under the tile named `name`."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        found = re.search(rf"(?:^|(?<=[ \u25b8])){re.escape(name)}\b", line)
        if found and i + 1 < len(lines):
            below = lines[i + 1][found.start() :]
            return below.split("  ")[0].strip()
    raise AssertionError(f"no tile named {name}")


async def test_the_grid_reads_alike_at_80x24_and_160x48(
    night_2018: Timeline, clock: FakeClock
) -> None:
    """At 04:00 Plymouth has gained, Derby is called, Sunderland held, Adur not declared:
    the same words on compact tiles (80x24) and bigger ones (160x48)."""
    expected = {
        "plymouth": "LAB GAIN",
        "derby": "NOC call",
        "sunderland": "LAB HOLD",
        "adur": "was CON",
    }
    for size in ((80, 24), (160, 48)):
        app = make_app(night_2018, paused=True, clock=clock, start=moment(night_2018, "04:00"))
        async with app.run_test(size=size) as pilot:
            await catch_up(pilot, clock)
            grid = app.main.query_one(CouncilGrid)
            for council, words in expected.items():
                grid.select(council)
                await catch_up(pilot)
                text = grid_text(grid)
                assert tile_under(text, grid.names[council]) == words, (size, council)
                assert "(CON)" not in text
            assert "was CON = not declared yet" in str(grid.border_title)


async def test_the_map_uses_the_same_words(night_2018: Timeline, clock: FakeClock) -> None:
    app = make_app(
        night_2018, paused=True, clock=clock, start=moment(night_2018, "04:00"), view="map"
    )
    async with app.run_test(size=(250, 70)) as pilot:
        await catch_up(pilot, clock)
        themap = app.main.query_one(CouncilMap)
        themap.select("plymouth")
        await catch_up(pilot)
        text = grid_text(themap)
        assert themap.shape.pitch == 4  # hexes big enough for a status line
        assert tile_under(text, "Plymo") == "+LAB"
        assert tile_under(text, "Wigan") == "LAB"  # held
        assert tile_under(text, "Pendl") == "NOC\u2026"  # not declared yet
        assert re.search(r"Plymouth LAB GAIN", text)  # the gains beside the map
        assert "(CON)" not in text


async def test_esc_clears_the_selection_from_the_grid_title(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = make_app(night_2018, paused=True, clock=clock, start=moment(night_2018, "04:00"))
    async with app.run_test(size=(160, 48)) as pilot:
        await catch_up(pilot, clock)
        grid = app.main.query_one(CouncilGrid)
        assert "tab to select" in str(grid.border_title)
        await pilot.press("tab")
        await catch_up(pilot)
        assert grid.has_focus
        await pilot.press("right", "right")
        await catch_up(pilot)
        title = str(grid.border_title)
        assert "Barking and Dagenham: pending" in title, title
        assert "tab to select" not in title
        await pilot.press("escape")
        await catch_up(pilot)
        assert not grid.has_focus
        title = str(grid.border_title)
        assert "Barking" not in title, title
        assert "tab to select" in title
        assert "\u25b8" not in screen_text(app)  # the cursor mark is gone too


def test_the_seats_line_fits_the_tile() -> None:
    """Birmingham's `101 of 101 seats` is 16 cells: a 15-cell tile says `101/101 seats`."""
    council = Council(id="birmingham", name="Birmingham", seats=101, seats_up=101)
    pending = CouncilStatus(council, "LAB", "LAB")
    assert tile_detail(pending, 16) == "101 of 101 seats"
    assert tile_detail(pending, 15) == "101/101 seats"
    assert tile_detail(pending, 9) == "101/101"
    won = Result(at=AT, council="plymouth", control="LAB", seats_won={"LAB": 11, "CON": 8})
    assert tile_detail(CouncilStatus(PLYMOUTH, "CON", "LAB", won), 12) == "LAB 11 CON 8"
    assert tile_detail(CouncilStatus(PLYMOUTH, "CON", "LAB", won), 9) == "LAB 11"
