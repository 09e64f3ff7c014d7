"""Light and dark themes: party colours stay readable on either background."""

from __future__ import annotations

from rich.style import Style
from textual.color import Color
from uikit import catch_up, moment

from elextui.clock import FakeClock
from elextui.feed.model import Party
from elextui.timeline import Timeline
from elextui.ui.app import make_app
from elextui.ui.palette import LIGHT_TEXT_MAX, Palette
from elextui.ui.widgets.scoreboard import Scoreboard

SIZE = (160, 48)


def brightness(style: Style) -> float:
    """How bright a style's text colour is (0 black to 1 white)."""
    assert style.color is not None
    return Color.from_rich_color(style.color).brightness


def swatch(board: Scoreboard, code: str) -> Style:
    """The style of a party's colour swatch as the scoreboard draws it."""
    line = board.lines[1 + board.order.index(code)]
    style = next(segment.style for segment in line if "\u2588" in segment.text)
    assert style is not None
    return style


def test_party_text_darkens_on_light_and_lightens_on_dark() -> None:
    parties = [Party("LD", "Liberal Democrats", "#FAA61A"), Party("LAB", "Labour", "#E4003B")]
    light, dark = Palette(parties, dark=False), Palette(parties, dark=True)
    assert brightness(light.text_style("LD")) <= LIGHT_TEXT_MAX
    assert brightness(dark.text_style("LD")) > LIGHT_TEXT_MAX
    assert brightness(dark.text_style("LAB")) > brightness(light.text_style("LAB"))
    white, black = Color(255, 255, 255), Color(0, 0, 0)
    pending_on_white = light.tile_style("LAB", white, declared=False)
    pending_on_black = dark.tile_style("LAB", black, declared=False)
    assert brightness(pending_on_white) < 0.5 < brightness(pending_on_black)


async def test_light_theme_draws_party_colours_dark_enough(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = make_app(
        night_2018,
        paused=True,
        clock=clock,
        start=moment(night_2018, "03:30"),
        theme="textual-light",
    )
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        assert app.theme == "textual-light" and not app.palette.dark
        board = app.main.query_one(Scoreboard)
        assert brightness(swatch(board, "LD")) <= LIGHT_TEXT_MAX
        app.theme = "textual-dark"  # what the command palette's theme switch does
        await catch_up(pilot)
        await pilot.pause(0.1)
        assert app.palette.dark
        assert brightness(swatch(board, "LD")) > LIGHT_TEXT_MAX
