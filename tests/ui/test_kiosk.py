"""The presenter's kiosk: real keys, the fake clock driving the slide cycle, what is on screen."""

from __future__ import annotations

from typing import Any

import pytest
from textual.css.query import NoMatches
from textual.widgets import Footer
from uikit import catch_up, moment, screen_text

from elextui.clock import FakeClock
from elextui.kiosk import Cycle, Shown, Slide
from elextui.timeline import Timeline
from elextui.ui.app import ElextuiApp, make_app
from elextui.ui.screens.kiosk import KioskScreen

SIZE = (200, 60)
CYCLE = 8.0
SLIDE = CYCLE + 0.1
"""Fake seconds that surely cover one slide (the fake clock moves in float steps)."""


def kiosk_app(timeline: Timeline, clock: FakeClock, at: str, **options: Any) -> ElextuiApp:
    """The kiosk on the 2018 night, starting at `at`."""
    options.setdefault("paused", True)
    return make_app(
        timeline, clock=clock, start=moment(timeline, at), kiosk=True, cycle=CYCLE, **options
    )


def shown(app: ElextuiApp) -> Shown:
    """The slide up on the kiosk."""
    screen = app.main
    assert isinstance(screen, KioskScreen)
    assert screen.switcher.current == screen.shown.slide.value
    return screen.shown


async def test_kiosk_has_no_footer_and_shows_clock_and_badge(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = kiosk_app(night_2018, clock, "03:30")
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        assert isinstance(app.screen, KioskScreen)
        with pytest.raises(NoMatches):
            app.screen.query_one(Footer)
        text = screen_text(app)
        assert "REPLAY" in text
        assert "declared 66 of 150" in text
        assert app.screen.header.clock.value == "03:30"
        assert shown(app).slide is Slide.BOARD
        assert "councils" in text and "LAB" in text


async def test_attract_until_the_first_declaration_then_the_board(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = kiosk_app(night_2018, clock, "start", paused=False, speed=600)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        assert shown(app).slide is Slide.ATTRACT
        assert "Waiting for the first result" in screen_text(app)
        await catch_up(pilot, clock, SLIDE)  # 80 feed minutes at 600x: still no result
        assert app.state.declared == 0
        assert shown(app).slide is Slide.ATTRACT
        await pilot.press("pagedown")  # a clicker: the next key moment
        await catch_up(pilot, clock)
        await catch_up(pilot, clock, 30)  # on to the first declaration at 600x
        assert app.state.declared > 0
        assert shown(app).slide in (Slide.BOARD, Slide.LATEST, Slide.GAIN)
        assert "Waiting for the first result" not in screen_text(app)


async def test_slides_cycle_on_the_clock_and_gains_get_their_own(
    night_2018: Timeline, clock: FakeClock
) -> None:
    # Plymouth (LAB gain from CON) declares at 03:28; 03:27 to 03:29 plays in 12 s at 10x.
    app = kiosk_app(night_2018, clock, "03:27", paused=False, speed=10, idle_limit=None)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        assert shown(app).slide is Slide.BOARD
        await catch_up(pilot, clock, CYCLE - 1)
        assert shown(app).slide is Slide.BOARD
        await catch_up(pilot, clock, 1.5)
        assert "plymouth" in app.kiosk.cycle.gains or shown(app) == Shown(Slide.GAIN, "plymouth")
        # Board, then Plymouth's gain (it declared during the first slide), then the board.
        seen = [shown(app)]
        for _ in range(3):
            await catch_up(pilot, clock, SLIDE)
            seen.append(shown(app))
        assert Shown(Slide.GAIN, "plymouth") in seen
        gain_at = seen.index(Shown(Slide.GAIN, "plymouth"))
        assert seen[gain_at + 1].slide is Slide.BOARD


async def test_gain_slide_shows_who_gained_from_whom(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = kiosk_app(night_2018, clock, "03:30")
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        app.kiosk.cycle.gained("plymouth")
        await catch_up(pilot, clock, SLIDE)
        assert shown(app) == Shown(Slide.GAIN, "plymouth")
        text = screen_text(app)
        assert "PLYMOUTH" in text
        assert "LAB GAIN from CON" in text
        assert "LAB 31" in text  # the council after the declaration
        await catch_up(pilot, clock, SLIDE)
        assert shown(app).slide is Slide.BOARD
        await catch_up(pilot, clock, SLIDE)
        assert shown(app).slide is Slide.LATEST
        assert "Hammersmith and Fulham" in screen_text(app)


async def test_clicker_keys_move_between_key_moments(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = kiosk_app(night_2018, clock, "03:00")
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        await catch_up(pilot, clock, SLIDE)
        assert shown(app).slide is Slide.LATEST
        await pilot.press("pagedown")
        await catch_up(pilot, clock)
        assert app.at == moment(night_2018, "03:02")
        assert shown(app).slide is Slide.BOARD  # a jump puts the board up
        await pilot.press("pageup")
        await catch_up(pilot, clock)
        assert app.at == moment(night_2018, "02:07")


async def test_b_blanks_the_screen_and_brings_it_back(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = kiosk_app(night_2018, clock, "03:30")
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        assert "REPLAY" in screen_text(app)
        await pilot.press("b")
        await catch_up(pilot)
        assert screen_text(app).strip() == ""
        await catch_up(pilot, clock, SLIDE)  # the cycle goes on underneath
        assert screen_text(app).strip() == ""
        await pilot.press("b")
        await catch_up(pilot)
        assert "REPLAY" in screen_text(app)
        assert shown(app).slide is Slide.LATEST


def test_cycle_returns_to_the_board_between_slides() -> None:
    cycle = Cycle()
    assert cycle.advance(declared=False).slide is Slide.ATTRACT
    assert cycle.advance(declared=True).slide is Slide.BOARD
    assert cycle.advance(declared=True).slide is Slide.LATEST
    for council in ("a", "b", "a"):
        cycle.gained(council)
    order = [cycle.advance(declared=True) for _ in range(6)]
    assert order == [
        Shown(Slide.BOARD),
        Shown(Slide.GAIN, "b"),
        Shown(Slide.BOARD),
        Shown(Slide.GAIN, "a"),
        Shown(Slide.BOARD),
        Shown(Slide.LATEST),
    ]
