"""Pilot tests: real key presses on the real app, a fake clock, and what changed on screen."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from textual.binding import Binding
from textual.widgets import Input, Static
from uikit import catch_up, moment, screen_text, until

from elextui.clock import FakeClock
from elextui.feed.model import Marker
from elextui.timeline import Timeline
from elextui.ui.app import make_app
from elextui.ui.screens.council_detail import CouncilDetailScreen
from elextui.ui.screens.go_to_time import GoToTimeScreen
from elextui.ui.screens.help import HelpScreen
from elextui.ui.widgets.council_grid import CouncilGrid
from elextui.ui.widgets.night_header import NightHeader
from elextui.ui.widgets.scrub_bar import ScrubBar
from elextui.ui.widgets.ticker import Ticker

SIZE = (160, 48)


def near(a: datetime, b: datetime, seconds: float = 151) -> bool:
    """Within a tick or so at 600x (the app's clock ticks every 0.25 s of wall time)."""
    return abs((a - b).total_seconds()) <= seconds


def header_text(app: object) -> str:
    """The header line as plain text."""
    header = app.main.query_one(NightHeader)  # type: ignore[attr-defined]
    return str(header.render_line(0).text)


async def test_plays_then_pause_holds_the_clock(night_2018: Timeline, clock: FakeClock) -> None:
    app = make_app(night_2018, speed=600, clock=clock, start=moment(night_2018, "00:00"))
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock, 1.0)
        assert near(app.at, moment(night_2018, "00:10"))
        assert "PLAYING" in header_text(app)
        await pilot.press("space")
        await catch_up(pilot, clock)
        held = app.at
        await catch_up(pilot, clock, 2.0)
        assert app.at == held
        assert "PAUSED" in header_text(app)
        await pilot.press("space")
        await catch_up(pilot, clock, 1.0)
        assert near(app.at, held + timedelta(minutes=10))


async def test_g_and_a_time_moves_there(night_2018: Timeline, clock: FakeClock) -> None:
    app = make_app(night_2018, paused=True, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        await pilot.press("g")
        await catch_up(pilot)
        assert isinstance(app.screen, GoToTimeScreen)
        await pilot.press(*"03:30", "enter")
        await catch_up(pilot, clock)
        assert not isinstance(app.screen, GoToTimeScreen)
        assert app.at == moment(night_2018, "03:30")
        assert "Fri 4 May 03:30:00 BST" in header_text(app)
        assert app.state == night_2018.seek(moment(night_2018, "03:30"))


async def test_g_with_a_bad_time_says_why_and_stays(night_2018: Timeline, clock: FakeClock) -> None:
    app = make_app(night_2018, paused=True, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        await pilot.press("g", *"25:99", "enter")
        await catch_up(pilot)
        assert isinstance(app.screen, GoToTimeScreen)
        error = str(app.screen.query_one("#error", Static).render())
        assert "cannot read time '25:99'" in error or "not a clock time" in error
        assert app.screen.query_one(Input).value == "25:99"
        await pilot.press("escape")
        await catch_up(pilot, clock)
        assert app.at == night_2018.start


async def test_right_bracket_reaches_the_next_marker(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = make_app(night_2018, paused=True, clock=clock, start=moment(night_2018, "03:00"))
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        await pilot.press("right_square_bracket")
        await catch_up(pilot, clock)
        assert app.at == moment(night_2018, "03:02")
        shown = app.main.query_one(Ticker).entries
        assert isinstance(shown[-1], Marker) and shown[-1].label.startswith("Plymouth")
        await pilot.press("left_square_bracket")
        await catch_up(pilot, clock)
        assert app.at == moment(night_2018, "02:07")


async def test_enter_opens_the_selected_council(night_2018: Timeline, clock: FakeClock) -> None:
    app = make_app(night_2018, paused=True, clock=clock, start=moment(night_2018, "03:30"))
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        grid = app.main.query_one(CouncilGrid)
        await pilot.press("tab", "right", "down")
        await catch_up(pilot)
        expected = grid.order[1 + grid.tiles.columns]
        assert grid.selected == expected
        await pilot.press("enter")
        await catch_up(pilot)
        assert isinstance(app.screen, CouncilDetailScreen)
        assert app.screen.status.council.id == expected
        await pilot.press("escape")
        await catch_up(pilot)
        assert app.screen is app.main


async def test_detail_lists_posts_up_to_the_clock_only(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = make_app(night_2018, paused=True, clock=clock, start=moment(night_2018, "02:00"))
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        app.open_council("plymouth")
        await catch_up(pilot)
        screen = app.screen
        assert isinstance(screen, CouncilDetailScreen)
        assert screen.posts and all(p.at <= app.at for p in screen.posts)
        assert not screen.status.declared


async def test_ticker_holds_nothing_later_than_the_clock_after_a_backward_seek(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = make_app(night_2018, speed=3600, clock=clock, start=moment(night_2018, "02:00"))
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock, 3.0)
        ticker = app.main.query_one(Ticker)
        assert ticker.entries[-1].at > moment(night_2018, "02:30")
        await pilot.press("space", "shift+left", "shift+left", "shift+left")
        await catch_up(pilot, clock)
        assert ticker.entries
        assert all(entry.at <= app.at for entry in ticker.entries)
        assert ticker.entries[-1] == night_2018.entries[app.state.applied - 1]


async def test_plus_and_minus_change_speed(night_2018: Timeline, clock: FakeClock) -> None:
    app = make_app(night_2018, speed=60, paused=True, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        await pilot.press("plus")
        await catch_up(pilot, clock)
        assert app.speed == 120 and " 120x " in header_text(app)
        await pilot.press("minus", "minus")
        await catch_up(pilot, clock)
        assert app.speed == 30 and " 30x " in header_text(app)


async def test_left_and_right_step_one_entry(night_2018: Timeline, clock: FakeClock) -> None:
    app = make_app(night_2018, speed=60, clock=clock, start=moment(night_2018, "03:30"))
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        index = app.state.applied
        await pilot.press("right")
        await catch_up(pilot, clock)
        assert not app.playing
        assert app.state.applied == index + 1
        assert app.at == night_2018.entries[index].at
        await pilot.press("left", "left")
        await catch_up(pilot, clock)
        assert app.state.applied == index - 1


async def test_home_end_and_a_click_on_the_scrub_bar(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = make_app(night_2018, paused=True, clock=clock, start=moment(night_2018, "03:30"))
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        await pilot.press("end")
        await catch_up(pilot, clock)
        assert app.at == night_2018.end and app.state.declared == app.state.councils_total
        await pilot.press("home")
        await catch_up(pilot, clock)
        assert app.at == night_2018.start and app.state.declared == 0
        bar = app.main.query_one(ScrubBar)
        middle = (bar.size.width - 1) // 2
        await pilot.click(ScrubBar, offset=(middle, 1))
        await catch_up(pilot, clock)
        half = night_2018.start + (night_2018.end - night_2018.start) / 2
        assert abs((app.at - half).total_seconds()) < 30 * 60


async def test_question_mark_shows_every_key(night_2018: Timeline, clock: FakeClock) -> None:
    app = make_app(night_2018, paused=True, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        await pilot.press("question_mark")
        await catch_up(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for binding in app.BINDINGS:
            assert isinstance(binding, Binding)
            if app.check_action(binding.action, ()) is False:
                continue  # e.g. `l` (live) only exists while following a feed
            assert (binding.tooltip or binding.description) in text


async def test_q_quits_while_looping(mini: Timeline, clock: FakeClock) -> None:
    app = make_app(mini, speed=10000, loop=True, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock, 12.0)
        await pilot.press("q")
        await pilot.pause(0.05)
    assert app.return_code == 0


async def test_a_call_flashes_its_tile_but_leaves_the_scoreboard(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = make_app(night_2018, speed=60, clock=clock, start=moment(night_2018, "03:01:30"))
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        assert not app.main.grid.flashing
        declared = app.state.declared
        await catch_up(pilot, clock, 1.0)
        assert app.state.councils["plymouth"].called
        assert app.main.grid.flashing.get("plymouth") is True
        assert app.state.declared == declared
        assert not {code for code, _ in app.main.scoreboard.flagged} & {"LAB", "CON"}
        await until(
            pilot,
            lambda: "Plymouth  LAB GAIN from CON (call)" in screen_text(app),
            "the call in view",
        )
        assert f"declared {declared}/150 \u00b7 1 called" in screen_text(app)


async def test_a_declaration_landing_flashes_its_tile_and_flags_changed_cells(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = make_app(night_2018, speed=60, clock=clock, start=moment(night_2018, "03:27:30"))
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        assert app.state.councils["plymouth"].called
        await catch_up(pilot, clock, 1.0)
        assert app.state.councils["plymouth"].declared
        assert app.main.grid.flashing.get("plymouth") is True
        flagged = app.main.scoreboard.flagged
        assert {
            ("LAB", "councils"),
            ("LAB", "councils_change"),
            ("CON", "councils_change"),
        } <= flagged
        await until(
            pilot, lambda: "Plymouth  LAB GAIN from CON" in screen_text(app), "the gain in view"
        )
        assert app.main.scoreboard.coverage.startswith("Cllrs: ")


async def test_the_palette_sets_the_speed(night_2018: Timeline, clock: FakeClock) -> None:
    app = make_app(night_2018, paused=True, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        await pilot.press("ctrl+p", *"speed")
        await until(pilot, lambda: "Speed..." in screen_text(app), "the Speed... command")
        await pilot.press("enter")
        await until(pilot, lambda: "Speed…" in screen_text(app), "the speed list")
        await pilot.press(*"max")
        await until(pilot, lambda: "10000x" not in screen_text(app), "max alone is listed")
        await pilot.press("enter")
        await catch_up(pilot, clock)
        assert app.speed == math.inf and " max " in header_text(app)


async def test_ticker_names_the_day_and_detail_gives_the_declarations_day(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = make_app(night_2018, paused=True, clock=clock, start=night_2018.end)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        # the rule itself, wherever the ticker is scrolled
        ticker = [line.text.strip() for line in app.main.ticker.lines]
        saturday = next(i for i, line in enumerate(ticker) if "Saturday 5 May" in line)
        assert ticker[saturday + 1].startswith("02:00"), ticker[saturday:]
        app.open_council("tower-hamlets")
        await catch_up(pilot)
        assert isinstance(app.screen, CouncilDetailScreen)
        assert "Declared Sat 02:00" in screen_text(app)


async def test_the_ticker_rule_marks_where_friday_begins(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = make_app(night_2018, speed=600, clock=clock, start=moment(night_2018, "thu 23:50"))
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock, 3.0)
        text = [line.text.strip() for line in app.main.ticker.lines]
        friday = next(i for i, line in enumerate(text) if "Friday 4 May" in line)
        assert any(line.startswith("00:") for line in text[friday + 1 :]), text
        assert not any(line.startswith("00:") for line in text[:friday]), text
